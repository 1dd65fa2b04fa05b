"""A Familienzentrum network's list with offer columns, imported through the wizard as a coordinator does it: the
offer columns are proposed as "Angebot: …" targets, one is assigned by hand, the preview counts the offers and
explains the line it cannot read, and the Angebote then stand in the Angebote list and the Präventionskette – until
the import is undone."""

import csv

import openpyxl
import pytest

from sozialkoordination.ui.actor_import.preview_model import HEADERS
from sozialkoordination.ui.import_journal.dialog import ImportHistoryDialog
from tests.dbutil import query
from tests.ui.actor_import.test_import_wizard import click_next, finish_import, walk_to_preview
from tests.ui.helpers import choose, choose_area, choose_in, click, select_row, use_action

HEADER = [
    "Einrichtung",
    "Straße",
    "PLZ",
    "Ort",
    "Angebot",
    "Angebotsart",
    "Altersgruppe",
    "Kosten",
    "Hinweis zum Angebot",
]
FZ = ["Familienzentrum Bovenden", "Am Anger 3", "37120", "Bovenden"]
JH = ["Jugendhaus Adelebsen", "Markt 2", "37139", "Adelebsen"]
ROWS = [
    FZ + ["Krabbelgruppe", "Gruppe", "U3", 0, "montags 9 Uhr"],
    FZ + ["Elterncafé", "Treffpunkt", "Eltern", "kostenlos", None],
    FZ + ["Hebammensprechstunde", "Sprechstunde", "Schwangere; 0-3 J.", None, None],
    JH + ["Offener Treff", "Treff", "10 bis 16 Jahre", None, None],
    JH + ["Bewerbungstraining", "Workshop", "Zukunft", None, None],
]


def write_xlsx(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Angebote"
    ws.append(HEADER)
    for row in ROWS:
        ws.append(row)
    wb.save(path)
    return path


def write_csv(path):
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows(ROWS)
    return path


def chain_cell(table, phase: str, area: str) -> str:
    rows = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
    columns = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    return table.item(rows.index(phase), columns.index(area)).text()


def offer_names(view) -> list[str]:
    return sorted(view.proxy.index(r, 0).data() for r in range(view.proxy.rowCount()))


def test_a_list_with_offer_columns_creates_angebote_shown_in_the_list_and_the_chain_until_undone(
    window, context, qtbot, tmp_path, open_file, answer_yes
):
    wizard = walk_to_preview(window, qtbot, open_file, write_xlsx(tmp_path / "Familienzentren.xlsx"))
    mapping = wizard.mapping_page
    shown = [mapping.combos[c].currentText() for c in range(len(HEADER))]
    assert shown[4:] == [
        "Angebot: Name",
        "Angebot: Art",
        "Angebot: Lebensphasen",
        "Angebot: Kosten",
        "– nicht übernehmen –",
    ]
    assert mapping.table.item(6, 3).text() == "Überschrift „Altersgruppe“"
    choose_in(qtbot, mapping.combos[8], "Angebot: Beschreibung")  # assigned by hand like any other column
    assert mapping.table.item(8, 3).text() == "von Hand zugeordnet"
    click_next(qtbot, wizard)

    preview = wizard.preview_page
    assert "Neu angelegt werden 2 Organisationen und 0 Personen. Angebote: 4 neu angelegt." in preview.counts.text()
    offers_column = HEADERS.index("Angebote")
    assert preview.model.index(0, offers_column).data() == "Krabbelgruppe (Gruppe; 0–3 Jahre)"
    choose_in(qtbot, preview.filter_combo, "Mit Hinweisen")
    assert preview.model.rowCount() == 1
    hint = preview.model.index(0, HEADERS.index("Hinweise")).data()
    assert "Angebot „Bewerbungstraining“: Lebensphase „Zukunft“ nicht erkannt – wird nicht angelegt" in hint
    assert "importieren Sie die Liste erneut" in hint
    text = finish_import(qtbot, wizard)
    assert "6 neu angelegt (2 Organisationen, 0 Personen, 4 Angebote)" in text  # as the history counts them

    stored = query(
        context.engine,
        "SELECT a.name, a.kind, a.life_phases, a.cost, a.description, o.name FROM angebot a "
        "JOIN organisation o ON o.id = a.organisation_id ORDER BY a.name",
    )
    assert stored == [
        ("Elterncafé", "Treffpunkt", "familie", "kostenlos", None, "Familienzentrum Bovenden"),
        ("Hebammensprechstunde", "Sprechstunde", "geburt, 0-3", None, None, "Familienzentrum Bovenden"),
        ("Krabbelgruppe", "Gruppe", "0-3", "kostenlos", "montags 9 Uhr", "Familienzentrum Bovenden"),
        ("Offener Treff", "Treffpunkt", "10-16", None, None, "Jugendhaus Adelebsen"),
    ]

    offers = choose_area(qtbot, window, "angebote")
    assert offer_names(offers) == ["Elterncafé", "Hebammensprechstunde", "Krabbelgruppe", "Offener Treff"]
    chain = choose_area(qtbot, window, "praeventionskette")
    choose(qtbot, chain.area_combo, "Sozialraum Bovenden")
    assert chain_cell(chain.table, "0–3 Jahre", "Bovenden").startswith("2")
    assert chain_cell(chain.table, "Familie/Eltern", "Bovenden").startswith("1")
    choose(qtbot, chain.area_combo, "Sozialraum Adelebsen")
    assert chain_cell(chain.table, "10–16 Jahre", "Adelebsen").startswith("1")

    use_action(qtbot, window, "historyAction")  # Datei → Importverlauf …
    history = window.findChild(ImportHistoryDialog)
    qtbot.addWidget(history)
    assert history.table.item(0, 5).text() == "6"  # 2 organisations and 4 offers created
    select_row(qtbot, history.table, 0)
    click(qtbot, history, "undoButton")
    assert "2 Akteure und 4 Angebote entfernt" in history.message.text()
    history.close()
    assert query(context.engine, "SELECT COUNT(*) FROM angebot") == [(0,)]
    offers = choose_area(qtbot, window, "angebote")
    assert offer_names(offers) == []
    chain = choose_area(qtbot, window, "praeventionskette")
    choose(qtbot, chain.area_combo, "Sozialraum Bovenden")
    assert chain_cell(chain.table, "0–3 Jahre", "Bovenden").startswith("0")


@pytest.mark.parametrize("writer", [write_csv])
def test_the_same_list_as_csv(window, context, qtbot, tmp_path, open_file, writer):
    wizard = walk_to_preview(window, qtbot, open_file, writer(tmp_path / "Familienzentren.csv"))
    click_next(qtbot, wizard)
    assert "Angebote: 4 neu angelegt." in wizard.preview_page.counts.text()
    assert "4 Angebote)" in finish_import(qtbot, wizard)
    assert query(context.engine, "SELECT name, life_phases, cost FROM angebot WHERE name = 'Krabbelgruppe'") == [
        ("Krabbelgruppe", "0-3", "kostenlos")  # "0" in a CSV is text, read the same way as Excel's number
    ]
