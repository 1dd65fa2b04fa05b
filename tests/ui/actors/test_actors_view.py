"""The actor list driven like a user: create, edit, filter, search, delete and export through real widgets."""

import csv

import openpyxl
import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QMessageBox, QTabWidget

from sozialkoordination.actors.service import PERSONS, ActorFilter
from sozialkoordination.ui.shell import theme
from tests.ui.helpers import (
    answer_modal,
    ask_answers,
    choose_area,
    choose_in,
    click,
    click_header,
    click_tab,
    double_click_row,
    edit_cell,
    header_menu,
    leave_field,
    pick_record,
    press_shortcut,
    row_menu,
    select_row,
    select_text,
    type_text,
    use_action,
)

WHOLE_DISTRICT = "Ganzer Landkreis"


@pytest.fixture(autouse=True)
def default_columns():
    """Qt keeps one settings file per process: the column choice (and a narrow window, whose toolbar hides the
    search field) of an earlier test must not leak in."""
    QSettings().remove("actors")
    QSettings().remove("window/geometry")
    yield
    QSettings().remove("actors")


@pytest.fixture
def window(window, qtbot):
    choose_area(qtbot, window, "actors")  # as a user would click "Akteure" first
    return window


def shown_names(view):
    model = view.model
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def column(view, key: str) -> list[str]:
    model = view.model
    index = [c.key for c in model.columns].index(key)
    return [model.data(model.index(r, index)) for r in range(model.rowCount())]


def test_list_defaults_to_own_region_and_can_show_whole_district(sample_actors, window, qtbot):
    view = window.actors_view
    assert view.region_combo.currentText() == "Adelebsen/Bovenden"
    assert shown_names(view) == ["Familienzentrum Regenbogen", "Heimatverein Adelebsen"]
    assert view.count_label.text() == "2 Organisationen"
    use_action(qtbot, window, "wholeDistrictAction")
    assert view.region_combo.currentText() == WHOLE_DISTRICT
    assert shown_names(view) == ["Familienzentrum Regenbogen", "Heimatverein Adelebsen", "Kita Pusteblume"]
    assert view.count_label.text() == "3 Organisationen"


@pytest.mark.postgresql
def test_filters_and_search_as_you_type(sample_actors, window, qtbot):
    view = window.actors_view
    choose_in(qtbot, view.region_combo, WHOLE_DISTRICT)
    choose_in(qtbot, view.type_combo, "Kita")
    assert shown_names(view) == ["Kita Pusteblume"]
    choose_in(qtbot, view.type_combo, "Alle Typen")
    choose_in(qtbot, view.theme_combo, "Frühe Hilfen")
    assert shown_names(view) == ["Familienzentrum Regenbogen"]
    choose_in(qtbot, view.theme_combo, "Alle Themen")
    choose_in(qtbot, view.raum_combo, "Rosdorf")
    assert shown_names(view) == ["Kita Pusteblume"]
    choose_in(qtbot, view.raum_combo, "Alle Sozialräume")
    assert view.count_label.text() == "3 Organisationen"
    qtbot.keyClicks(view.search_edit, "heimatv")
    qtbot.waitUntil(lambda: shown_names(view) == ["Heimatverein Adelebsen"], timeout=2000)
    assert view.count_label.text() == "1 Organisation"


@pytest.mark.postgresql
def test_sorting_by_clicking_a_header(sample_actors, window, qtbot):
    view = window.actors_view
    choose_in(qtbot, view.region_combo, WHOLE_DISTRICT)
    click_header(qtbot, view.table, "Ort")
    assert column(view, "city") == ["Adelebsen", "Bovenden", "Rosdorf"]
    click_header(qtbot, view.table, "Ort")  # a second click: the other way round
    assert view.table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert shown_names(view) == ["Kita Pusteblume", "Familienzentrum Regenbogen", "Heimatverein Adelebsen"]


def test_create_organisation_through_the_form(window, context, qtbot):
    def fill_and_save(dialog):
        qtbot.keyClicks(dialog.name, "Seniorentreff Lenglern")
        qtbot.keyClicks(dialog.org_type.lineEdit(), "Seniorenangebot")
        type_text(qtbot, dialog.address.street, "Dorfstraße")
        qtbot.keyClicks(dialog.address.house_number, "7")
        qtbot.keyClicks(dialog.address.postcode, "37120")
        type_text(qtbot, dialog.address.city, "Lenglern")
        leave_field(qtbot, dialog.address.city)  # leaving the field suggests the Sozialraum
        assert dialog.address.sozialraum.currentText().startswith("Bovenden")
        assert "vorgeschlagen" in dialog.address.hint.text()
        qtbot.keyClicks(dialog.phone, "+49 5593 1234")
        qtbot.keyClicks(dialog.email, "treff@lenglern.example")
        qtbot.keyClicks(dialog.themes, "Senioren, Ehrenamt")
        click(qtbot, dialog, "saveButton")

    shown = answer_modal(qtbot, fill_and_save)
    use_action(qtbot, window, "newOrganisationAction")
    assert shown and not shown[0].isVisible()
    view = window.actors_view
    assert "Seniorentreff Lenglern" in shown_names(view)
    assert len(view.selected_ids()) == 1
    assert view.model.data(view.table.selectionModel().selectedRows()[0]) == "Seniorentreff Lenglern"
    data = context.actors.get_organisation(view.selected_ids()[0])
    assert (data.org_type, data.street, data.house_number, data.phone, data.themes) == (
        "Seniorenangebot",
        "Dorfstraße",
        "7",
        "05593 1234",
        ["Ehrenamt", "Senioren"],
    )
    assert window.statusBar().currentMessage() == "Gespeichert."


def test_invalid_input_is_shown_at_the_fields_and_nothing_is_stored(window, qtbot, context, message_boxes):
    seen = {}

    def try_to_save(dialog):
        qtbot.keyClicks(dialog.email, "info@")
        qtbot.keyClicks(dialog.address.postcode, "123")
        click(qtbot, dialog, "saveButton")
        seen.update(
            visible=dialog.isVisible(),
            saved=dialog.saved_id,
            error_shown=dialog.error_label.isVisibleTo(dialog),
            error=dialog.error_label.text(),
            style=dialog.email.styleSheet(),
        )
        click(qtbot, dialog, "cancelButton")  # "Verwerfen" on the question about the unsaved input

    shown = answer_modal(qtbot, try_to_save)
    click(qtbot, window.actors_view, "newButton")
    assert shown and not shown[0].isVisible()
    assert seen["visible"] and seen["saved"] is None and seen["error_shown"]
    assert "Der Name der Organisation fehlt." in seen["error"] and "keine gültige E-Mail-Adresse" in seen["error"]
    assert "Postleitzahl" in seen["error"]
    assert theme.invalid_field() in seen["style"]  # the theme's marking of refused input, in any palette
    assert any("noch nicht gespeichert" in text for text in message_boxes)
    assert context.actors.count(ActorFilter()) == 0
    assert shown_names(window.actors_view) == []


def test_unsaved_changes_are_not_dropped_silently(window, qtbot, context, sample_actors, monkeypatch):
    view = window.actors_view
    choose_in(qtbot, view.region_combo, WHOLE_DISTRICT)
    seen = {}

    def type_and_cancel(dialog):
        type_text(qtbot, dialog.notes, "Neue Leitung ab März")
        asked = ask_answers(monkeypatch, QMessageBox.StandardButton.Cancel)
        click(qtbot, dialog, "cancelButton")
        seen["asked"] = list(asked)
        seen["still_open"] = dialog.isVisible() and dialog.saved_id is None  # nothing lost
        ask_answers(monkeypatch, QMessageBox.StandardButton.Save)
        click(qtbot, dialog, "cancelButton")

    shown = answer_modal(qtbot, type_and_cancel)
    double_click_row(qtbot, view.table, select_text(qtbot, view.table, "Kita Pusteblume"))
    assert shown and not shown[0].isVisible()
    assert seen["asked"] and "noch nicht gespeichert" in seen["asked"][0]
    assert seen["still_open"]
    assert shown[0].saved_id == sample_actors["kita"]
    assert context.actors.get_organisation(sample_actors["kita"]).notes == "Neue Leitung ab März"
    assert view.selected_ids() == [sample_actors["kita"]]
    assert window.statusBar().currentMessage() == "Gespeichert."


def test_create_person_with_organisation_and_consent(window, qtbot, context, sample_actors):
    def fill_and_save(dialog):
        choose_in(qtbot, dialog.salutation, "Herr")
        type_text(qtbot, dialog.first_name, "Jörg")
        type_text(qtbot, dialog.last_name, "Öztürk")
        qtbot.keyClicks(dialog.email, "j.oeztuerk@kita.example")
        click_tab(qtbot, dialog.findChild(QTabWidget, "personTabs"), "Organisationen")
        pick_record(qtbot, dialog.organisation_picker, "Pustebl", "Kita Pusteblume (Rosdorf)")
        assert dialog.affiliations.rowCount() == 1
        edit_cell(qtbot, dialog.affiliations, 0, 1, "Elternvertreter")
        click_tab(qtbot, dialog.findChild(QTabWidget, "personTabs"), "Einwilligungen (DSGVO)")
        choose_in(qtbot, dialog.consent_purpose, "Einladungen")
        click(qtbot, dialog, "addConsentButton")
        click(qtbot, dialog, "saveButton")

    shown = answer_modal(qtbot, fill_and_save)
    use_action(qtbot, window, "newPersonAction")
    dialog = shown[0]
    assert not dialog.isVisible()
    assert dialog.saved_id is not None, dialog.error_label.text()
    person = context.actors.get_person(dialog.saved_id)
    assert (person.salutation, person.first_name, person.last_name) == ("Herr", "Jörg", "Öztürk")
    assert [(a.organisation_name, a.role) for a in person.affiliations] == [("Kita Pusteblume", "Elternvertreter")]
    assert [c.purpose for c in person.consents] == ["Einladungen"]
    assert person.sozialraum_id == context.areas.find_sozialraum("Rosdorf").id
    view = window.actors_view
    assert view.kind == PERSONS and view.new_button.text() == "Neue Person"


def test_bad_consent_date_is_explained(window, qtbot, context):
    seen = {}

    def fill_and_save(dialog):
        qtbot.keyClicks(dialog.last_name, "Meyer")
        click_tab(qtbot, dialog.findChild(QTabWidget, "personTabs"), "Einwilligungen (DSGVO)")
        click(qtbot, dialog, "addConsentButton")
        edit_cell(qtbot, dialog.consents, 0, 1, "31.02.2026")
        click(qtbot, dialog, "saveButton")
        seen.update(visible=dialog.isVisible(), saved=dialog.saved_id, error=dialog.error_label.text())
        click(qtbot, dialog, "cancelButton")

    answer_modal(qtbot, fill_and_save)
    use_action(qtbot, window, "newPersonAction")
    assert seen["visible"] and seen["saved"] is None
    assert "„31.02.2026“ ist kein gültiges Datum" in seen["error"]
    assert context.actors.count(ActorFilter(kind=PERSONS)) == 0


def test_edit_by_double_click_and_the_edit_shortcut(sample_actors, context, window, qtbot):
    view = window.actors_view

    def rename(new_name):
        def answer(dialog):
            qtbot.keyClick(dialog.name, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            type_text(qtbot, dialog.name, new_name)
            click(qtbot, dialog, "saveButton")

        return answer_modal(qtbot, answer)

    shown = rename("Familienzentrum Regenbogen e. V.")
    double_click_row(qtbot, view.table, 0)
    assert shown and shown_names(view)[0] == "Familienzentrum Regenbogen e. V."

    select_text(qtbot, view.table, "Heimatverein Adelebsen")
    shown = rename("Heimat- und Kulturverein Adelebsen")
    use_action(qtbot, window, "editAction")  # Strg+O
    assert shown
    assert context.actors.get_organisation(sample_actors["verein"]).name == "Heimat- und Kulturverein Adelebsen"
    assert "Heimat- und Kulturverein Adelebsen" in shown_names(view)


def test_context_menu_offers_each_entry_once(sample_actors, window, qtbot):
    view = window.actors_view
    select_row(qtbot, view.table, 0)
    entries = [a.text() for a in view.table.actions() if a.isVisible()]
    assert entries == ["Bearbeiten", "Löschen", "Änderungsverlauf …"]  # Auskunft only for persons
    click_tab(qtbot, view.kind_tabs, "Personen")
    entries = [a.text() for a in view.table.actions() if a.isVisible()]
    assert entries == ["Bearbeiten", "Löschen", "Änderungsverlauf …", "Auskunft (Art. 15) …"]


def test_delete_several_with_confirmation(sample_actors, context, window, qtbot, answer_yes):
    view = window.actors_view
    select_row(qtbot, view.table, 0)
    assert view.delete_button.isEnabled() and view.edit_button.isEnabled()
    qtbot.keyClick(view.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # select all
    assert len(view.selected_ids()) == 2 and not view.edit_button.isEnabled()
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert answer_yes and "2 Organisationen wirklich löschen?" in answer_yes[0]
    assert shown_names(view) == []
    assert view.count_label.text() == "0 Organisationen"
    assert context.actors.count(ActorFilter()) == 1  # Kita in another region untouched
    assert window.statusBar().currentMessage() == "2 Einträge gelöscht."


def test_deleting_a_person_erases_them_without_trace(sample_actors, context, window, qtbot, answer_yes):
    from sqlalchemy import select

    from sozialkoordination.models import AuditEntry

    view = window.actors_view
    click_tab(qtbot, view.kind_tabs, "Personen")
    choose_in(qtbot, view.region_combo, WHOLE_DISTRICT)
    row_menu(qtbot, view.table, 0, "Löschen")
    assert "„Schulz“ wirklich löschen?" in answer_yes[0] and "DSGVO Art. 17" in answer_yes[0]
    assert context.actors.count(ActorFilter(kind=PERSONS)) == 0
    assert shown_names(view) == [] and view.count_label.text() == "0 Personen"
    with context.session_factory() as s:
        assert s.scalar(select(AuditEntry.new_value).where(AuditEntry.action == "erase")).startswith("Löschung")
        values = s.scalars(select(AuditEntry.new_value).where(AuditEntry.entity == "person")).all()
        assert not any(v and "Schulz" in v for v in values)


def test_delete_is_cancelled_when_the_user_says_no(sample_actors, context, window, qtbot, monkeypatch):
    asked = ask_answers(monkeypatch, QMessageBox.StandardButton.No)
    view = window.actors_view
    select_row(qtbot, view.table, 0)
    click(qtbot, view, "deleteButton")
    assert asked and "„Familienzentrum Regenbogen“ wirklich löschen?" in asked[0]
    assert context.actors.count(ActorFilter()) == 3
    assert shown_names(view) == ["Familienzentrum Regenbogen", "Heimatverein Adelebsen"]


def test_export_uses_filter_sort_and_visible_columns(sample_actors, context, window, tmp_path, qtbot, save_as):
    view = window.actors_view
    choose_in(qtbot, view.region_combo, WHOLE_DISTRICT)
    header_menu(qtbot, view.table, "E-Mail")  # ticked: hide it
    header_menu(qtbot, view.table, "Sozialregion")  # not ticked: show it
    assert "email" not in view.visible_column_keys() and "sozialregion" in view.visible_column_keys()
    click_header(qtbot, view.table, "Ort")
    out = tmp_path / "akteure.xlsx"
    save_as(out)
    click(qtbot, view, "exportButton")
    assert save_as.done() and save_as.asked == ["Liste exportieren"]
    ws = openpyxl.load_workbook(out).active
    header = [c.value for c in ws[1]]
    assert "E-Mail" not in header and "Sozialregion" in header
    names = [row[0] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert names == ["Heimatverein Adelebsen", "Familienzentrum Regenbogen", "Kita Pusteblume"]
    assert window.statusBar().currentMessage() == f"3 Zeilen exportiert nach {out}"
    assert view.export_button.isEnabled()


def test_export_persons_to_csv(sample_actors, context, window, tmp_path, qtbot, monkeypatch, save_as):
    view = window.actors_view
    click_tab(qtbot, view.kind_tabs, "Personen")
    assert view.new_button.text() == "Neue Person"
    assert view.type_label.text() == "Organisationstyp"
    out = tmp_path / "personen.csv"
    asked = ask_answers(monkeypatch, QMessageBox.StandardButton.No)  # "Nein: alle exportieren"
    save_as(out)
    use_action(qtbot, window, "exportAction")  # Strg+E
    assert asked and "1 von 1 Personen hat keine gültige Einwilligung" in asked[0]
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0][:3] == ["Nachname", "Vorname", "Funktion"]
    assert rows[1][:2] == ["Schulz", "Erika"]


def test_cancelled_export_writes_nothing(sample_actors, window, tmp_path, qtbot, save_as):
    save_as(None)
    click(qtbot, window.actors_view, "exportButton")
    assert save_as.done() and save_as.asked == ["Liste exportieren"]
    assert not any(tmp_path.glob("*.xlsx")) and "exportiert" not in window.statusBar().currentMessage()


def test_column_choice_is_remembered(window, context, app, qtbot):
    view = window.actors_view
    header_menu(qtbot, view.table, "Website")
    assert "website" in view.visible_column_keys()
    again = type(window)(context, window._tasks)
    qtbot.addWidget(again)
    assert "website" in again.actors_view.visible_column_keys()


def test_hidden_columns_are_not_read_and_show_their_values_when_shown(sample_actors, window, qtbot):
    view = window.actors_view
    assert "sozialregion" not in view.visible_column_keys()  # hidden unless chosen
    choose_in(qtbot, view.region_combo, WHOLE_DISTRICT)  # the list is read again
    assert all(column(view, "city"))  # shown columns hold their values
    assert column(view, "sozialregion") == ["", "", ""]  # hidden: not read
    header_menu(qtbot, view.table, "Sozialregion")
    assert "Adelebsen/Bovenden" in column(view, "sozialregion")
    assert not view.table.isColumnHidden([c.key for c in view.model.columns].index("sozialregion"))


@pytest.mark.parametrize(
    "key",
    [
        "actors",
        "networks",
        "meetings",
        "tasks",
        "volunteers",
        "offers",
        "participation",
        "indicators",
        "areas",
        "start",
    ],
)
def test_every_area_opens(window, qtbot, key):
    if key == "actors":
        choose_area(qtbot, window, "start")
    choose_area(qtbot, window, key)
    assert window.area_key() == key
    assert window.stack.currentWidget().isVisible()


def test_global_search_opens_the_actor(sample_actors, context, window, qtbot):
    opened = []

    def look_and_close(dialog):
        opened.append(dialog.name.text())
        click(qtbot, dialog, "cancelButton")

    choose_area(qtbot, window, "start")
    shown = answer_modal(qtbot, look_and_close)
    press_shortcut(qtbot, window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.global_search.hasFocus()
    qtbot.keyClicks(window.global_search, "pusteblume")
    qtbot.keyClick(window.global_search, Qt.Key.Key_Return)
    assert shown and window.area_key() == "actors"
    assert opened == ["Kita Pusteblume"]
    assert window.actors_view.selected_ids() == [sample_actors["kita"]]


def _context_menu_texts(qtbot, view) -> list[str]:
    """Right-click the first row as a user does and read the menu that opens."""
    from PySide6.QtWidgets import QApplication, QMenu

    texts = []

    def read_and_close():
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        texts.extend(a.text() for a in menu.actions() if a.isVisible() and not a.isSeparator())
        menu.close()

    rect = view.table.visualRect(view.model.index(0, 0))
    view.table.selectRow(0)
    QTimer.singleShot(50, read_and_close)
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.RightButton, pos=rect.center())
    # A right click alone sends no context-menu event in the test platform; the event a real click causes:
    QApplication.sendEvent(
        view.table.viewport(),
        QContextMenuEvent(
            QContextMenuEvent.Reason.Mouse, rect.center(), view.table.viewport().mapToGlobal(rect.center())
        ),
    )
    qtbot.waitUntil(lambda: bool(texts), timeout=2000)
    return texts


@pytest.mark.parametrize("tab", [0, 1])
def test_context_menu_lists_each_action_once(sample_actors, window, qtbot, tab):
    view = window.actors_view
    view.region_combo.setCurrentIndex(0)
    view.kind_tabs.setCurrentIndex(tab)
    texts = _context_menu_texts(qtbot, view)
    assert texts.count("Löschen") == 1
    assert len(texts) == len(set(texts)), texts
    assert "Bearbeiten" in texts


def test_del_key_still_deletes_after_the_duplicate_went(sample_actors, context, window, qtbot, answer_yes):
    view = window.actors_view
    view.table.selectRow(0)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert answer_yes == ["„Familienzentrum Regenbogen“ wirklich löschen?\nDas lässt sich nicht rückgängig machen."]
    assert context.actors.count(ActorFilter()) == 2


def test_search_without_hits_says_so_and_resets_the_filter(sample_actors, window, qtbot):
    view = window.actors_view
    view.type_combo.setCurrentIndex(view.type_combo.findData("Verein"))
    qtbot.keyClicks(view.search_edit, "xyz")
    hint = view.empty_hint
    qtbot.waitUntil(lambda: hint.isVisible() and "xyz" in hint.label.text(), timeout=2000)
    assert hint.label.text() == "Keine Treffer für „xyz“."
    assert hint.reset_button.isVisible() and hint.reset_button.text() == "Filter zurücksetzen"
    assert hint.geometry().intersects(view.table.viewport().rect())  # over the table, where the rows would be

    qtbot.mouseClick(hint.reset_button, Qt.MouseButton.LeftButton)
    assert view.search_edit.text() == ""
    assert view.region_combo.currentText() == "Ganzer Landkreis"
    assert view.type_combo.currentData() is None
    assert shown_names(view) == ["Familienzentrum Regenbogen", "Heimatverein Adelebsen", "Kita Pusteblume"]
    assert not hint.isVisible()


def test_choices_without_hits_offer_the_reset_too(sample_actors, window, qtbot):
    view = window.actors_view  # own region Adelebsen/Bovenden has no Kita
    view.type_combo.setCurrentIndex(view.type_combo.findData("Kita"))
    assert view.empty_hint.isVisible() and view.empty_hint.label.text() == "Keine Treffer für diese Auswahl."
    qtbot.mouseClick(view.empty_hint.reset_button, Qt.MouseButton.LeftButton)
    assert len(shown_names(view)) == 3


def test_empty_list_says_how_to_begin(window, qtbot):
    view = window.actors_view
    hint = view.empty_hint
    assert hint.isVisible()
    assert hint.label.text() == (
        "Noch keine Organisationen. Neue Organisation (Strg+N) oder Akteursliste importieren (Strg+I)"
    )
    assert not hint.reset_button.isVisible()  # nothing to reset: the own Sozialregion is simply empty
    qtbot.mouseClick(view.kind_tabs, Qt.MouseButton.LeftButton, pos=view.kind_tabs.tabRect(1).center())
    assert hint.label.text().startswith("Noch keine Personen.")


@pytest.mark.parametrize(
    ("tab", "field", "typed", "stored"),
    [
        (0, "name", " e. V.", "Familienzentrum Regenbogen e. V."),
        (1, "last_name", "-Meier", "Schulz-Meier"),
    ],
)
def test_an_opened_record_keeps_its_name_when_typing(sample_actors, context, window, qtbot, tab, field, typed, stored):
    """The first field has the focus with the cursor at its end: typing adds to the name, never replaces it."""
    from PySide6.QtWidgets import QApplication

    view = window.actors_view
    view.region_combo.setCurrentIndex(0)
    qtbot.mouseClick(view.kind_tabs, Qt.MouseButton.LeftButton, pos=view.kind_tabs.tabRect(tab).center())
    seen = {}

    def in_dialog():
        dialog = QApplication.activeModalWidget()
        edit = getattr(dialog, field)
        seen.update(
            focus=dialog.focusWidget() is edit,
            selected=edit.selectedText(),
            cursor=(edit.cursorPosition(), len(edit.text())),
        )
        qtbot.keyClicks(edit, typed)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    row = next(r for r in range(view.model.rowCount()) if stored.startswith(view.model.data(view.model.index(r, 0))))
    rect = view.table.visualRect(view.model.index(row, 0))
    QTimer.singleShot(0, in_dialog)
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert seen["focus"] and seen["selected"] == ""
    assert seen["cursor"][0] == seen["cursor"][1] > 0
    if tab == 0:
        assert context.actors.get_organisation(sample_actors["fz"]).name == stored
    else:
        assert context.actors.get_person(sample_actors["schulz"]).last_name == stored


def test_deleting_a_person_says_first_what_stays_and_what_loses_its_who(
    sample_actors, context, window, qtbot, answer_yes
):
    """Seen (issue 18, item 9): the confirmation said neither that the person's open tasks lose their "Wer" nor that
    approved minutes keep them."""
    from datetime import date

    from sozialkoordination.meetings.dto import MeetingData, TaskData

    person = sample_actors["schulz"]
    meeting = context.meetings.save(MeetingData(title="AK", meeting_date=date(2026, 3, 1), level="landkreis"))
    context.meetings.set_attendance(meeting, person, True)
    for what in ("Raum buchen", "Flyer drucken"):
        context.meetings.save_task(TaskData(what, assignee_person_id=person, meeting_id=meeting))
    context.meetings.set_minutes_status(meeting, "genehmigt")
    view = window.actors_view
    qtbot.mouseClick(view.kind_tabs, Qt.MouseButton.LeftButton, pos=view.kind_tabs.tabRect(1).center())
    view.region_combo.setCurrentIndex(0)
    view.table.selectRow(0)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert "hat 2 offene Aufgaben und steht in 1 genehmigten Protokoll (bleibt dort unverändert)." in answer_yes[0]
    assert [t.assignee for t in context.meetings.tasks()] == ["(gelöscht – bitte neu zuweisen)"] * 2
