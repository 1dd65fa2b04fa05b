"""Exports of the actor list read back: .xlsx formatting, dates, German CSV, no formula injection."""

import csv
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from sozialkoordination.actors.service import PERSONS, ActorFilter, OrganisationData, PersonData, SortOrder
from sozialkoordination.core.errors import ValidationError
from sozialkoordination.documents.tables import ExportError

DANGEROUS = ['=HYPERLINK("http://x")', "+49 551 1", "-1+2", "@SUM(A1)", "\tTab", "\rCR"]


@pytest.fixture
def filled(context):
    bovenden = context.areas.find_sozialraum("Bovenden").id
    for i, prefix in enumerate(DANGEROUS):
        context.actors.save_organisation(
            OrganisationData(
                name=f"Verein {i}",
                notes=prefix,
                city=prefix.strip() or "x",
                sozialraum_id=bovenden,
                org_type="Verein",
                themes=["Sport"],
            )
        )
    context.actors.save_organisation(OrganisationData(name="Ärztehaus Süd", org_type="Gesundheit", city="Göttingen"))
    return context


def test_xlsx_export_is_formatted_and_keeps_user_text_as_text(filled, tmp_path):
    out = tmp_path / "liste.xlsx"
    count = filled.actors.export(ActorFilter(), SortOrder("name"), ["name", "city", "themes", "updated_on"], out)
    assert count == 7
    wb = openpyxl.load_workbook(out)
    ws = wb.active
    assert ws.title == "Organisationen"
    assert [c.value for c in ws[1]] == ["Name", "Ort", "Themen", "Geändert am"]
    assert ws[1][0].font.b
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:D8"
    assert ws.column_dimensions["A"].width > 30
    cities = {row[0].value: row[1] for row in ws.iter_rows(min_row=2)}
    for i, prefix in enumerate(DANGEROUS):
        cell = cities[f"Verein {i}"]
        assert cell.data_type == "s", f"{prefix!r} must stay a string"
        assert cell.value == (prefix.strip() or "x")
    changed = ws["D2"]
    assert isinstance(changed.value, datetime) and changed.value.date() == date.today()
    assert changed.number_format == "dd.mm.yyyy"
    assert ws["A2"].value == "Ärztehaus Süd"  # sorted by name, umlauts intact


def test_xlsx_has_no_formula_anywhere(filled, tmp_path):
    out = tmp_path / "liste.xlsx"
    filled.actors.export(ActorFilter(), SortOrder(), ["name", "city"], out)
    ws = openpyxl.load_workbook(out).active
    assert all(cell.data_type != "f" for row in ws.iter_rows() for cell in row)


def test_csv_export_for_german_excel(filled, tmp_path):
    out = tmp_path / "liste.csv"
    filled.actors.export(ActorFilter(), SortOrder("name"), ["name", "city", "updated_on"], out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0] == ["Name", "Ort", "Geändert am"]
    assert rows[1][0] == "Ärztehaus Süd"
    assert rows[1][2] == date.today().strftime("%d.%m.%Y")
    for row in rows[1:]:
        assert not row[1].startswith(("=", "+", "-", "@", "\t", "\r")), row
    assert rows[2][:2] == ["Verein 0", '\'=HYPERLINK("http://x")']


def test_export_respects_filter_and_column_choice(filled, tmp_path):
    out = tmp_path / "gefiltert.csv"
    count = filled.actors.export(ActorFilter(org_type="Gesundheit"), SortOrder(), ["city"], out)
    assert count == 1
    assert out.read_text(encoding="utf-8-sig").splitlines() == ["Ort", "Göttingen"]


def test_person_export(context, tmp_path):
    context.actors.save_person(
        PersonData(salutation="Frau", title="Dr.", first_name="Erika", last_name="Schulz", email="e@s.example")
    )
    out = tmp_path / "personen.xlsx"
    context.actors.export(ActorFilter(kind=PERSONS), SortOrder(), ["salutation", "title", "last_name", "email"], out)
    ws = openpyxl.load_workbook(out).active
    assert ws.title == "Personen"
    assert [c.value for c in ws[2]] == ["Frau", "Dr.", "Schulz", "e@s.example"]


def test_bad_targets_give_german_messages_and_leave_no_file(filled, tmp_path):
    with pytest.raises(ExportError, match="wird nicht unterstützt"):
        filled.actors.export(ActorFilter(), SortOrder(), ["name"], tmp_path / "liste.pdf")
    with pytest.raises(ExportError, match="existiert nicht"):
        filled.actors.export(ActorFilter(), SortOrder(), ["name"], tmp_path / "fehlt" / "liste.xlsx")
    with pytest.raises(ValidationError):
        filled.actors.export(ActorFilter(), SortOrder(), ["gibtsnicht"], tmp_path / "liste.xlsx")
    assert list(tmp_path.glob("liste*")) == []


def test_cancelled_export_leaves_no_file(filled, tmp_path):
    from sozialkoordination.core.progress import Cancelled

    class CancelAtOnce:
        cancelled = True

        def report(self, done, total, text=""):
            raise AssertionError("must not report after cancel")

    out = tmp_path / "liste.xlsx"
    with pytest.raises(Cancelled):
        filled.actors.export(ActorFilter(), SortOrder(), ["name"], out, progress=CancelAtOnce())
    assert not out.exists()
    assert [p.name for p in Path(tmp_path).iterdir() if "liste" in p.name] == []


def test_xlsx_prints_landscape_one_page_wide_with_repeated_header(filled, tmp_path):
    out = tmp_path / "druck.xlsx"
    filled.actors.export(ActorFilter(), SortOrder(), ["name", "city"], out)
    ws = openpyxl.load_workbook(out).active
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0  # None means the default, 1
    assert ws.print_title_rows == "$1:$1"
    assert "Seite &P von &N" in ws.oddFooter.center.text
    assert ws.oddHeader.right.text == f"Stand {date.today():%d.%m.%Y}"
