"""The import wizard and the import history, walked through the real widgets with a real partner file."""

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel

from sozialkoordination.actor_import.service import SKIP
from sozialkoordination.actors.service import PERSONS, ActorFilter, OrganisationData
from sozialkoordination.ui.actor_import.wizard import ImportWizard
from sozialkoordination.ui.import_journal.dialog import ImportHistoryDialog
from tests.dbutil import query
from tests.ui.helpers import choose_area, choose_in, click, select_row, toggle_check, type_text, use_action
from tests.unit.actor_import import partner_lists
from tests.unit.actor_import.test_actor_import import write_partner_list


@pytest.fixture
def partner_file(tmp_path):
    return write_partner_list(tmp_path / "Familienzentren.xlsx")


def click_next(qtbot, wizard):
    button = wizard.button(wizard.WizardButton.NextButton)
    assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def open_wizard(window, qtbot, path=None) -> ImportWizard:
    """Datei → Akteursliste importieren (Strg+I); the file's path typed in if given."""
    use_action(qtbot, window, "importAction")
    wizard = window.findChild(ImportWizard)
    assert wizard is not None and wizard.isVisible()
    qtbot.addWidget(wizard)
    if path is not None:
        type_text(qtbot, wizard.file_page.file_edit, str(path))
    return wizard


@pytest.mark.postgresql
def test_walk_the_wizard_from_file_to_import_and_undo(
    window, context, qtbot, partner_file, tmp_path, answer_yes, open_file, save_as
):
    existing = context.actors.save_organisation(
        OrganisationData(name="Familienzentrum Regenbogen", postcode="37120", city="Bovenden", street="Alter Weg")
    )
    wizard = open_wizard(window, qtbot)
    assert wizard.currentPage() is wizard.file_page
    assert not wizard.button(wizard.WizardButton.NextButton).isEnabled()  # no file yet
    open_file(partner_file)
    click(qtbot, wizard.file_page, "browseButton")
    assert open_file.asked == ["Liste zum Import wählen"]
    assert wizard.file_page.file_edit.text() == str(partner_file)
    type_text(qtbot, wizard.file_page.source_combo.lineEdit(), "Familienzentren Bovenden")
    click_next(qtbot, wizard)

    sheet = wizard.sheet_page
    assert wizard.currentPage() is sheet
    assert sheet.sheet_combo.currentText() == "Liste"
    assert sheet.header_spin.value() == 3  # title line and empty row above the header
    assert sheet.table.item(2, 0).text() == "Einrichtung" and sheet.table.item(2, 0).font().bold()
    click_next(qtbot, wizard)

    mapping = wizard.mapping_page
    assert [c.currentData() for c in mapping.combos] == [
        "organisation",
        "traeger",
        "full_name",
        "street_and_number",
        "postcode_and_city",
        "phone",
        "email",
        "sozialraum",
    ]
    choose_in(qtbot, mapping.combos[7], mapping.combos[7].itemText(0))  # this partner's Sozialraum is not trusted
    assert mapping.combos[7].currentData() != "sozialraum"
    assert mapping.save_check.isChecked()
    click_next(qtbot, wizard)

    preview = wizard.preview_page
    assert wizard.currentPage() is preview
    assert "4 Zeilen werden übernommen" in preview.summary.text() and "1 abgelehnt" in preview.summary.text()
    choose_in(qtbot, preview.filter_combo, preview.filter_combo.itemText(preview.filter_combo.findData("rejected")))
    assert preview.model.rowCount() == 1 and preview.model.index(0, 0).data() == "7"
    rejects = tmp_path / "zurueck.xlsx"
    save_as(rejects)
    click(qtbot, preview, "rejectsButton")
    assert save_as.done()
    assert openpyxl.load_workbook(rejects).active["J2"].value.startswith("Weder eine Einrichtung")
    click_next(qtbot, wizard)

    dups = wizard.duplicates_page
    assert wizard.currentPage() is dups and dups.list.count() == 1
    assert "Familienzentrum Regenbogen" in dups.list.item(0).text()
    street_row = next(r for r in range(dups.compare.rowCount()) if dups.compare.item(r, 0).text() == "Straße")
    assert (dups.compare.item(street_row, 1).text(), dups.compare.item(street_row, 2).text()) == (
        "Alter Weg",
        "Am Anger",
    )
    toggle_check(qtbot, dups.compare, street_row, 3)  # replace the old street
    assert dups.compare.item(street_row, 3).checkState() == Qt.CheckState.Checked
    assert wizard.button(wizard.WizardButton.CommitButton).text() == "Importieren"
    qtbot.mouseClick(wizard.button(wizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)

    result = wizard.result_page
    assert wizard.currentPage() is result
    assert "Import abgeschlossen" in result.result_label.text()
    merged = "6 neu angelegt (3 Organisationen, 3 Personen), 2 Zeilen mit vorhandenen Einträgen zusammengeführt"
    assert merged in result.result_label.text()
    assert context.actors.get_organisation(existing).street == "Am Anger"
    assert context.actors.count(ActorFilter(kind=PERSONS)) == 3
    assert window.statusBar().currentMessage() == "Import 1 abgeschlossen."
    finish = wizard.button(wizard.WizardButton.FinishButton)
    assert finish.isVisible() and finish.isEnabled()
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert not wizard.isVisible()
    actors = choose_area(qtbot, window, "actors")
    choose_in(qtbot, actors.region_combo, "Ganzer Landkreis")
    assert actors.model.total == 4  # refreshed: existing + Träger + Kita + Jugendpflege
    assert context.actor_import.mapping_names() == ["Familienzentren Bovenden"]

    use_action(qtbot, window, "historyAction")  # Datei → Importverlauf …
    history = window.findChild(ImportHistoryDialog)
    assert history is not None and history.isVisible()
    qtbot.addWidget(history)
    assert history.table.rowCount() == 1 and history.table.item(0, 2).text() == "Familienzentren.xlsx"
    select_row(qtbot, history.table, 0)
    click(qtbot, history, "undoButton")
    assert "rückgängig gemacht" in history.message.text()
    assert answer_yes and "Import 1" in answer_yes[0]
    assert context.actors.get_organisation(existing).street == "Alter Weg"
    assert context.actors.count(ActorFilter(kind=PERSONS)) == 0
    assert not history.undo_button.isEnabled()


def test_default_decision_for_all_duplicates(window, context, qtbot, partner_file):
    context.actors.save_organisation(OrganisationData(name="Kita Pusteblume", postcode="37124", city="Rosdorf"))
    context.actors.save_organisation(OrganisationData(name="Jugendpflege Adelebsen", postcode="37139"))
    wizard = open_wizard(window, qtbot, partner_file)
    for _ in range(4):
        click_next(qtbot, wizard)
    dups = wizard.duplicates_page
    assert dups.list.count() == 2
    choose_in(qtbot, dups.default_combo, dups.default_combo.itemText(dups.default_combo.findData(SKIP)))
    assert dups.findChild(type(dups.decision_buttons.buttons()[0]), "decision_skip").isChecked()
    qtbot.mouseClick(wizard.button(wizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)
    assert context.actors.count(ActorFilter(text="pusteblume")) == 1
    assert "2 übersprungen" in wizard.result_page.result_label.text()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "leer"),
        (b"%PDF-1.4 binary \x00\x01\x02 stuff", "keine Tabelle"),
    ],
)
def test_a_bad_file_is_explained_and_the_wizard_stays(window, context, qtbot, tmp_path, content, message):
    bad = tmp_path / "liste.xlsx"
    bad.write_bytes(content)
    wizard = open_wizard(window, qtbot, bad)
    click_next(qtbot, wizard)
    assert wizard.currentPage() is wizard.file_page
    assert message in wizard.file_page.error_label.text()
    assert wizard.file_page.error_label.isVisibleTo(wizard.file_page)
    assert context.actor_import.history() == []


def test_a_missing_file_is_explained(window, qtbot, tmp_path):
    wizard = open_wizard(window, qtbot, tmp_path / "gibtsnicht.xlsx")
    click_next(qtbot, wizard)
    assert wizard.currentPage() is wizard.file_page
    assert "gibt es nicht" in wizard.file_page.error_label.text()


# -- partner lists as delivered (issue 19) ------------------------------------------------------------------------
def walk_to_preview(window, qtbot, open_file, path):
    wizard = open_wizard(window, qtbot)  # Strg+I
    open_file(path)
    click(qtbot, wizard.file_page, "browseButton")
    click_next(qtbot, wizard)
    assert wizard.currentPage() is wizard.sheet_page
    click_next(qtbot, wizard)
    assert wizard.currentPage() is wizard.mapping_page
    return wizard


def finish_import(qtbot, wizard):
    click_next(qtbot, wizard)
    assert wizard.currentPage() is wizard.duplicates_page
    qtbot.mouseClick(wizard.button(wizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)
    assert "Import abgeschlossen" in wizard.result_page.result_label.text()
    return wizard.result_page.result_label.text()


def test_an_english_list_imports_without_assignment_and_the_preview_counts_what_is_created(
    window, context, qtbot, tmp_path, open_file
):
    path = partner_lists.write_berlin_csv(tmp_path / "kitas_berlin.csv")
    wizard = walk_to_preview(window, qtbot, open_file, path)
    mapping = wizard.mapping_page
    assert [c.currentData() for c in mapping.combos] == [
        None,
        "organisation",
        "phone",
        "places",
        "org_type",
        None,
        "traeger",
        "street",
        "postcode",
        "latitude",
        "longitude",
    ]
    assert mapping.table.item(9, 3).text() == "Überschrift „lat“"
    keep = mapping.findChild(QCheckBox, "keepUnassignedCheck")
    assert keep.isVisible() and keep.isChecked()
    click_next(qtbot, wizard)

    preview = wizard.preview_page
    assert wizard.currentPage() is preview
    assert "Neu angelegt werden 5 Organisationen (davon 2 Träger) und 0 Personen." in preview.counts.text()
    unassigned = preview.findChild(QLabel, "unassignedColumns")
    assert unassigned.isVisibleTo(preview)
    assert unassigned.text() == "Nicht zugeordnete Spalten: id, sponsor_id – werden in die Bemerkungen übernommen."
    text = finish_import(qtbot, wizard)
    assert "5 neu angelegt (5 Organisationen, 0 Personen)" in text
    data = context.actor_import.read(path)
    assert partner_lists.missing_cells(context.engine, [c for row in data.rows[1:] for c in row]) == []


def test_a_list_without_header_is_recognised_by_content_and_the_wizard_says_why(
    window, context, qtbot, tmp_path, open_file
):
    path = partner_lists.write_headerless_xlsx(tmp_path / "ohne_kopfzeile.xlsx")
    wizard = open_wizard(window, qtbot)
    open_file(path)
    click(qtbot, wizard.file_page, "browseButton")
    click_next(qtbot, wizard)
    sheet = wizard.sheet_page
    assert sheet.header_spin.text() == "keine"
    assert "Kopfzeile keine – die Spalten werden an ihrem Inhalt erkannt" in sheet.info_label.text()
    click_next(qtbot, wizard)
    mapping = wizard.mapping_page
    assert mapping.table.item(0, 0).text() == "(Spalte 1 ohne Überschrift)"
    assert [c.currentData() for c in mapping.combos] == [
        "organisation",
        "full_name",
        "street_and_number",
        "postcode_and_city",
        "phone",
        "email",
        "website",
        "latitude",
        "longitude",
    ]
    assert mapping.table.item(3, 3).text() == "100 % der Werte sind Postleitzahlen mit Ort"
    assert mapping.table.item(4, 3).text() == "100 % der Werte sind Telefonnummern"
    click_next(qtbot, wizard)
    assert "Neu angelegt werden 3 Organisationen und 3 Personen." in wizard.preview_page.counts.text()
    assert not wizard.preview_page.findChild(QLabel, "unassignedColumns").isVisibleTo(wizard.preview_page)
    text = finish_import(qtbot, wizard)
    assert "6 neu angelegt (3 Organisationen, 3 Personen)" in text
    assert context.actors.count(ActorFilter(kind=PERSONS)) == 3


def test_unassigned_columns_can_be_left_out_of_the_notes(window, context, qtbot, tmp_path, open_file):
    path = partner_lists.write_berlin_csv(tmp_path / "kitas_berlin.csv")
    wizard = walk_to_preview(window, qtbot, open_file, path)
    mapping = wizard.mapping_page
    choose_in(qtbot, mapping.combos[3], mapping.combos[3].itemText(0))  # "Plätze" not wanted either
    assert mapping.table.item(3, 3).text() == "von Hand zugeordnet"
    keep = mapping.findChild(QCheckBox, "keepUnassignedCheck")
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert not keep.isChecked()
    click_next(qtbot, wizard)
    unassigned = wizard.preview_page.findChild(QLabel, "unassignedColumns").text()
    assert unassigned == "Nicht zugeordnete Spalten: id, places, sponsor_id – werden nicht übernommen."
    finish_import(qtbot, wizard)
    stored = query(context.engine, "SELECT notes, latitude FROM organisation WHERE parent_id IS NOT NULL")
    assert len(stored) == 3 and all(notes is None and latitude for notes, latitude in stored)
