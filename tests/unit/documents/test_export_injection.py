"""No export turns user text into a formula: every list the app writes (.xlsx and .csv where offered) is written
from a database whose free texts start with =, +, -, @, tab or CR, and read back cell by cell."""

import csv
import io
import re
from datetime import date

import openpyxl
import pytest
from sqlalchemy import text

from sozialkoordination.actors.service import COLUMNS, ORGANISATIONS, PERSONS, ActorFilter, SortOrder
from sozialkoordination.demo.service import DemoService
from sozialkoordination.documents.tables import FORMULA_TRIGGERS

# Free texts a coordinator or a partner's list fills in; each gets one of the six triggers in front.
FREE_TEXTS = {
    "organisation": ("name", "city", "notes", "phone", "email"),
    "person": ("last_name", "first_name", "function", "phone", "email", "notes"),
    "network": ("name",),
    "meeting": ("title",),
    "task": ("description",),
    "offer": ("title", "description", "tasks", "place", "requirements"),
    "participation_activity": ("title",),
    "proposal": ("text",),
    "budget_application": ("purpose",),
    "theme": ("name",),
}
# The one formula a CSV may hold: ="01067", written by the app around a postcode of digits so Excel keeps it text.
TEXT_FORMULA = re.compile(r'^="\d+"$')
TRIGGER_SQL = "substr('=+-@' || char(9) || char(13), (id % 6) + 1, 1)"


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory):
    from sozialkoordination.app import open_context

    path = tmp_path_factory.mktemp("gift") / "daten.sqlite"
    context = open_context(f"sqlite:///{path}")
    DemoService(context.session_factory).generate()
    with context.engine.begin() as connection:
        for table, columns in FREE_TEXTS.items():
            for column in columns:
                connection.execute(
                    text(f"UPDATE {table} SET {column} = {TRIGGER_SQL} || {column} WHERE {column} IS NOT NULL")
                )
    yield context
    context.close()


def _exports(context, folder):
    """Every table export of the app: (file, how it was made)."""
    meeting = next(m.id for m in context.meetings.meetings() if context.meetings.sheet(m.id).tasks)
    network = context.networks.network_choices()[0][0]
    year = date.today().year
    made = []
    for suffix in (".xlsx", ".csv"):
        for kind in (ORGANISATIONS, PERSONS):
            keys = [c.key for c in COLUMNS[kind]]
            context.actors.export(ActorFilter(kind=kind), SortOrder(), keys, folder / f"akteure-{kind}{suffix}")
            made.append(folder / f"akteure-{kind}{suffix}")
        context.meetings.export_tasks(folder / f"aufgaben{suffix}")
        context.networks.export_members(network, folder / f"mitglieder{suffix}")
        context.volunteering.export_open_offers(folder / f"angebote{suffix}")
        made += [folder / f"aufgaben{suffix}", folder / f"mitglieder{suffix}", folder / f"angebote{suffix}"]
    context.meetings.export("minutes", meeting, folder / "protokoll.xlsx")
    context.budget.export(folder / "budget.xlsx", year)
    context.participation.export(folder / "beteiligung.xlsx")
    types = context.actors.organisation_types()
    networks = [n for n, _name in context.networks.network_choices()]
    gaps = {
        "Arten": context.networks.type_gaps(None, types),
        "Netzwerke": context.networks.network_coverage(None, networks),
    }
    context.networks.export_gaps(folder / "luecken.xlsx", gaps)
    made += [folder / n for n in ("protokoll.xlsx", "budget.xlsx", "beteiligung.xlsx", "luecken.xlsx")]
    return made


def _import_rejects(context, folder):
    """A partner list whose rows cannot be imported, its cells starting like formulas: the rejects file."""
    source = folder / "partner.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Einrichtung", "Ansprechpartner/in", "Straße", "PLZ", "Ort", "E-Mail", "Bemerkung"])
    for trigger in FORMULA_TRIGGERS:
        ws.append(["", "", f"{trigger}cmd|'/C calc'!A0", "", "", "", f"{trigger}SUMME(A1:A9)"])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.data_type = "s"  # text cells as a partner's list has them, not formulas of the test file
    wb.save(source)
    service = context.actor_import
    data = service.read(source)
    header = service.detect_header(data)
    plan = service.prepare(source, data, header, service.suggest_mapping(data.rows[header], None))
    assert len(plan.rejected_rows) == len(FORMULA_TRIGGERS)
    made = []
    for suffix in (".xlsx", ".csv"):
        service.write_rejects(plan, folder / f"abgelehnt{suffix}")
        made.append(folder / f"abgelehnt{suffix}")
    return made


def _cells(path):
    if path.suffix == ".csv":
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return [(None, value) for row in csv.reader(handle, delimiter=";") for value in row]
    wb = openpyxl.load_workbook(path)
    return [(cell.data_type, cell.value) for ws in wb.worksheets for row in ws.iter_rows() for cell in row]


def test_no_export_contains_a_formula(poisoned, tmp_path):
    files = _exports(poisoned, tmp_path) + _import_rejects(poisoned, tmp_path)
    seen = dict.fromkeys(FORMULA_TRIGGERS, 0)
    for path in files:
        cells = _cells(path)
        dangerous = [v for _t, v in cells if isinstance(v, str) and v.lstrip("'").startswith(FORMULA_TRIGGERS)]
        assert dangerous, f"{path.name}: the test values did not reach this file"
        for data_type, value in cells:
            if path.suffix == ".xlsx":
                assert data_type != "f", (path.name, value)
                if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
                    assert data_type == "s", (path.name, value)  # kept as the text typed
                    seen[value[0]] += 1
            elif isinstance(value, str) and value and not TEXT_FORMULA.match(value):
                assert not value.startswith(FORMULA_TRIGGERS), (path.name, value)
                if value.startswith("'") and value[1:].startswith(FORMULA_TRIGGERS):
                    seen[value[1]] += 1  # shown as text by Excel, the apostrophe hidden
    assert all(seen.values()), seen  # every trigger really reached the files


def test_csv_neutralising_keeps_everything_else(poisoned, tmp_path):
    out = tmp_path / "orte.csv"
    poisoned.actors.export(ActorFilter(), SortOrder(), ["name", "person_count"], out)
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == ["Name", "Personen"]
    assert all(r[1].lstrip("-").isdigit() for r in rows[1:])  # numbers stay numbers
