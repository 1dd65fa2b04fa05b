"""The actor list driven like a user: create, edit, filter, search, delete and export through real widgets."""

import csv

import openpyxl
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QMessageBox

from sozialkoordination.services.actors import PERSONS, ActorFilter
from sozialkoordination.ui.dialogs.organisation_dialog import OrganisationDialog
from sozialkoordination.ui.dialogs.person_dialog import PersonDialog
from tests.ui.helpers import type_text


@pytest.fixture
def window(window):
    window.show_area("actors")  # as a user would click "Akteure" first
    return window


def shown_names(view):
    model = view.model
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def test_list_defaults_to_own_region_and_can_show_whole_district(sample_actors, window, qtbot):
    view = window.actors_view
    assert view.region_combo.currentText() == "Adelebsen/Bovenden"
    assert shown_names(view) == ["Familienzentrum Regenbogen", "Heimatverein Adelebsen"]
    assert view.count_label.text() == "2 Organisationen"
    window.whole_district_action.trigger()
    assert shown_names(view) == ["Familienzentrum Regenbogen", "Heimatverein Adelebsen", "Kita Pusteblume"]


@pytest.mark.postgresql
def test_filters_and_search_as_you_type(sample_actors, window, qtbot):
    view = window.actors_view
    view.region_combo.setCurrentIndex(0)  # Ganzer Landkreis
    view.type_combo.setCurrentIndex(view.type_combo.findData("Kita"))
    assert shown_names(view) == ["Kita Pusteblume"]
    view.type_combo.setCurrentIndex(0)
    view.theme_combo.setCurrentIndex(view.theme_combo.findData("Frühe Hilfen"))
    assert shown_names(view) == ["Familienzentrum Regenbogen"]
    view.theme_combo.setCurrentIndex(0)
    view.raum_combo.setCurrentIndex(view.raum_combo.findText("Rosdorf"))
    assert shown_names(view) == ["Kita Pusteblume"]
    view.raum_combo.setCurrentIndex(0)
    qtbot.keyClicks(view.search_edit, "heimatv")
    qtbot.waitUntil(lambda: shown_names(view) == ["Heimatverein Adelebsen"], timeout=2000)
    assert view.count_label.text() == "1 Organisation"


@pytest.mark.postgresql
def test_sorting_by_clicking_a_header(sample_actors, window, qtbot):
    view = window.actors_view
    view.region_combo.setCurrentIndex(0)
    city = [c.key for c in view.model.columns].index("city")
    view.table.sortByColumn(city, Qt.SortOrder.DescendingOrder)
    assert shown_names(view) == ["Kita Pusteblume", "Familienzentrum Regenbogen", "Heimatverein Adelebsen"]


def test_create_organisation_through_the_form(window, context, qtbot, monkeypatch):
    def fill_and_save(dialog):
        qtbot.keyClicks(dialog.name, "Seniorentreff Lenglern")
        dialog.org_type.setCurrentText("Seniorenangebot")
        type_text(qtbot, dialog.address.street, "Dorfstraße")
        qtbot.keyClicks(dialog.address.house_number, "7")
        qtbot.keyClicks(dialog.address.postcode, "37120")
        qtbot.keyClicks(dialog.address.city, "Lenglern")
        dialog.address.city.editingFinished.emit()
        assert dialog.address.sozialraum.currentText().startswith("Bovenden")
        assert "vorgeschlagen" in dialog.address.hint.text()
        qtbot.keyClicks(dialog.phone, "+49 5593 1234")
        qtbot.keyClicks(dialog.email, "treff@lenglern.example")
        qtbot.keyClicks(dialog.themes, "Senioren, Ehrenamt")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(OrganisationDialog, "exec", fill_and_save)
    window.new_organisation_action.trigger()
    view = window.actors_view
    assert "Seniorentreff Lenglern" in shown_names(view)
    assert view.selected_ids() != []
    data = context.actors.get_organisation(view.selected_ids()[0])
    assert (data.street, data.house_number, data.phone, data.themes) == (
        "Dorfstraße",
        "7",
        "05593 1234",
        ["Ehrenamt", "Senioren"],
    )
    assert window.statusBar().currentMessage() == "Gespeichert."


def test_invalid_input_is_shown_at_the_fields_and_nothing_is_stored(app, qtbot, context):
    dialog = OrganisationDialog(context.actors, context.areas)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.email, "info@")
    qtbot.keyClicks(dialog.address.postcode, "123")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() is False or dialog.result() == 0
    assert dialog.saved_id is None
    assert dialog.error_label.isVisibleTo(dialog)
    text = dialog.error_label.text()
    assert "Der Name der Organisation fehlt." in text and "keine gültige E-Mail-Adresse" in text
    assert "Postleitzahl" in text
    assert "c0392b" in dialog.email.styleSheet()
    assert context.actors.count(ActorFilter()) == 0


def test_unsaved_changes_are_not_dropped_silently(app, qtbot, context, sample_actors, monkeypatch):
    dialog = OrganisationDialog(context.actors, context.areas, sample_actors["kita"])
    qtbot.addWidget(dialog)
    type_text(qtbot, dialog.notes, "Neue Leitung ab März")
    asked = []

    def ask(*args, **kwargs):
        asked.append(args[2])
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", ask)
    dialog.reject()
    assert asked and "noch nicht gespeichert" in asked[0]
    assert dialog.result() == 0 and dialog.saved_id is None  # still open, nothing lost
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Save)
    dialog.reject()
    assert dialog.saved_id == sample_actors["kita"]
    assert context.actors.get_organisation(sample_actors["kita"]).notes == "Neue Leitung ab März"


def test_create_person_with_organisation_and_consent(app, qtbot, context, sample_actors):
    dialog = PersonDialog(context.actors, context.areas)
    qtbot.addWidget(dialog)
    dialog.salutation.setCurrentIndex(dialog.salutation.findData("Herr"))
    type_text(qtbot, dialog.first_name, "Jörg")
    type_text(qtbot, dialog.last_name, "Öztürk")
    qtbot.keyClicks(dialog.email, "j.oeztuerk@kita.example")
    qtbot.keyClicks(dialog.organisation_picker, "Pustebl")
    dialog.organisation_picker.choose("Kita Pusteblume (Rosdorf)")
    assert dialog.affiliations.rowCount() == 1
    dialog.affiliations.item(0, 1).setText("Elternvertreter")
    dialog.consent_purpose.setCurrentText("Einladungen")
    qtbot.mouseClick(dialog.findChild(type(dialog.save_button), "addConsentButton"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.saved_id is not None, dialog.error_label.text()
    person = context.actors.get_person(dialog.saved_id)
    assert (person.salutation, person.first_name, person.last_name) == ("Herr", "Jörg", "Öztürk")
    assert [(a.organisation_name, a.role) for a in person.affiliations] == [("Kita Pusteblume", "Elternvertreter")]
    assert [c.purpose for c in person.consents] == ["Einladungen"]
    assert person.sozialraum_id == context.areas.find_sozialraum("Rosdorf").id


def test_bad_consent_date_is_explained(app, qtbot, context):
    dialog = PersonDialog(context.actors, context.areas)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.last_name, "Meyer")
    qtbot.mouseClick(dialog.findChild(type(dialog.save_button), "addConsentButton"), Qt.MouseButton.LeftButton)
    dialog.consents.item(0, 1).setText("31.02.2026")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.saved_id is None
    assert "„31.02.2026“ ist kein gültiges Datum" in dialog.error_label.text()
    assert context.actors.count(ActorFilter(kind=PERSONS)) == 0


def test_edit_by_double_click_and_enter(sample_actors, context, window, qtbot, monkeypatch):
    view = window.actors_view

    def rename(dialog):
        dialog.name.setText("Familienzentrum Regenbogen e. V.")
        dialog.name.textEdited.emit(dialog.name.text())
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(OrganisationDialog, "exec", rename)
    view.table.selectRow(0)
    window.edit_action.trigger()
    assert shown_names(view)[0] == "Familienzentrum Regenbogen e. V."


def test_delete_several_with_confirmation(sample_actors, context, window, qtbot, answer_yes):
    view = window.actors_view
    view.table.selectAll()
    assert view.delete_button.isEnabled()
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert answer_yes and "2 Organisationen wirklich löschen?" in answer_yes[0]
    assert shown_names(view) == []
    assert context.actors.count(ActorFilter()) == 1  # Kita in another region untouched


def test_deleting_a_person_erases_them_without_trace(sample_actors, context, window, qtbot, answer_yes):
    from sqlalchemy import select

    from sozialkoordination.models import AuditEntry

    view = window.actors_view
    view.kind_tabs.setCurrentIndex(1)
    view.region_combo.setCurrentIndex(0)
    view.table.selectRow(0)
    view.delete_selected()
    assert "DSGVO Art. 17" in answer_yes[0]
    assert context.actors.count(ActorFilter(kind=PERSONS)) == 0
    with context.session_factory() as s:
        assert s.scalar(select(AuditEntry.new_value).where(AuditEntry.action == "erase")).startswith("Löschung")
        values = s.scalars(select(AuditEntry.new_value).where(AuditEntry.entity == "person")).all()
        assert not any(v and "Schulz" in v for v in values)


def test_delete_is_cancelled_when_the_user_says_no(sample_actors, context, window, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    view = window.actors_view
    view.table.selectRow(0)
    view.delete_selected()
    assert context.actors.count(ActorFilter()) == 3


def test_export_uses_filter_sort_and_visible_columns(sample_actors, context, window, tmp_path, qtbot):
    view = window.actors_view
    view.region_combo.setCurrentIndex(0)
    view.set_column_visible("email", False)
    view.set_column_visible("sozialregion", True)
    city = [c.key for c in view.model.columns].index("city")
    view.table.sortByColumn(city, Qt.SortOrder.AscendingOrder)
    out = tmp_path / "akteure.xlsx"
    view.export_to(out)
    ws = openpyxl.load_workbook(out).active
    header = [c.value for c in ws[1]]
    assert "E-Mail" not in header and "Sozialregion" in header
    names = [row[0] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert names == ["Heimatverein Adelebsen", "Familienzentrum Regenbogen", "Kita Pusteblume"]
    assert "exportiert" in window.statusBar().currentMessage()


def test_export_persons_to_csv(sample_actors, context, window, tmp_path):
    view = window.actors_view
    view.kind_tabs.setCurrentIndex(1)
    assert view.new_button.text() == "Neue Person"
    assert view.type_label.text() == "Organisationstyp"
    out = tmp_path / "personen.csv"
    view.export_to(out)
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0][:3] == ["Nachname", "Vorname", "Funktion"]
    assert rows[1][:2] == ["Schulz", "Erika"]


def test_column_choice_is_remembered(window, context, app, qtbot):
    window.actors_view.set_column_visible("website", True)
    again = type(window)(context, window._tasks)
    qtbot.addWidget(again)
    assert "website" in again.actors_view.visible_column_keys()


def test_hidden_columns_are_not_read_and_show_their_values_when_shown(sample_actors, window):
    view = window.actors_view
    view.region_combo.setCurrentIndex(0)
    model = view.model
    city = [c.key for c in model.columns].index("city")
    region = [c.key for c in model.columns].index("sozialregion")
    view.set_column_visible("sozialregion", False)
    view.refresh()
    assert model.data(model.index(0, city))  # shown columns hold their values
    assert [model.data(model.index(r, region)) for r in range(model.rowCount())] == ["", "", ""]  # hidden: not read
    view.set_column_visible("sozialregion", True)
    assert "Adelebsen/Bovenden" in [model.data(model.index(r, region)) for r in range(model.rowCount())]


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
def test_every_area_opens(window, key):
    window.show_area(key)
    assert window.area_key() == key
    assert window.stack.currentWidget().isVisible()


def test_global_search_opens_the_actor(sample_actors, context, window, qtbot, monkeypatch):
    opened = []
    monkeypatch.setattr(OrganisationDialog, "exec", lambda dialog: opened.append(dialog.name.text()) or 0)
    window.show_area("start")
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.global_search, "pusteblume")
    qtbot.keyClick(window.global_search, Qt.Key.Key_Return)
    assert window.area_key() == "actors"
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


@pytest.mark.parametrize(("tab", "field", "typed", "stored"), [
    (0, "name", " e. V.", "Familienzentrum Regenbogen e. V."),
    (1, "last_name", "-Meier", "Schulz-Meier"),
])  # fmt: skip
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
        seen.update(focus=dialog.focusWidget() is edit, selected=edit.selectedText(),
                    cursor=(edit.cursorPosition(), len(edit.text())))  # fmt: skip
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


def test_deleting_a_person_says_first_what_stays_and_what_loses_its_who(sample_actors, context, window, qtbot,
                                                                       answer_yes):  # fmt: skip
    """Seen (issue 18, item 9): the confirmation said neither that the person's open tasks lose their "Wer" nor that
    approved minutes keep them."""
    from datetime import date

    from sozialkoordination.services.meetings import MeetingData, TaskData

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
