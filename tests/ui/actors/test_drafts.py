"""Nothing typed is lost: form drafts survive a crash, and minutes are saved while they are written."""

from datetime import date

from sozialkoordination.actors.service import PERSONS, PersonData
from sozialkoordination.drafts.service import draft_key
from sozialkoordination.meetings.dto import MeetingData
from tests.ui.helpers import (
    answer_modal,
    choose_area,
    choose_in,
    click,
    click_tab,
    row_menu,
    select_row,
    select_text,
    type_text,
)


def persons_tab(window, qtbot):
    view = choose_area(qtbot, window, "actors")
    click_tab(qtbot, view.kind_tabs, "Personen")
    assert view.kind == PERSONS
    return view


def test_person_form_draft_survives_a_crash(window, context, qtbot, answer_yes):
    view = persons_tab(window, qtbot)
    key = draft_key("PersonDialog", None)

    def type_and_crash(dialog):
        type_text(qtbot, dialog.first_name, "Hedwig")
        type_text(qtbot, dialog.last_name, "Wiebkowski")
        qtbot.waitUntil(lambda: context.drafts.load(key) is not None, timeout=4000)  # after a pause in typing
        dialog.done(0)  # the "crash": the form is gone without Save or Cancel (nothing a user can click)

    crashed = answer_modal(qtbot, type_and_crash)
    click(qtbot, view, "newButton")
    assert crashed and context.drafts.load(key) is not None

    restored = {}

    def see_and_save(dialog):
        restored["names"] = (dialog.first_name.text(), dialog.last_name.text())
        click(qtbot, dialog, "saveButton")

    shown = answer_modal(qtbot, see_and_save)
    click(qtbot, view, "newButton")
    assert shown and "nicht gespeichert wurden" in answer_yes[-1]
    assert restored["names"] == ("Hedwig", "Wiebkowski")
    assert shown[0].saved_id is not None
    assert context.drafts.load(key) is None  # saved: the draft is gone
    assert context.actors.get_person(shown[0].saved_id).last_name == "Wiebkowski"


def test_declined_draft_is_discarded(window, context, qtbot, message_boxes):
    key = draft_key("OrganisationDialog", None)
    context.drafts.save(key, {"0:nameEdit": "Entwurf von gestern"})
    view = choose_area(qtbot, window, "actors")
    seen = []

    def look_and_cancel(dialog):
        seen.append(dialog.name.text())
        click(qtbot, dialog, "cancelButton")

    shown = answer_modal(qtbot, look_and_cancel)
    click(qtbot, view, "newButton")  # the conftest answers "no" to the question
    assert shown and "nicht gespeichert wurden" in message_boxes[0]
    assert seen == [""]
    assert context.drafts.load(key) is None


def test_erasing_a_person_erases_their_draft(window, context, qtbot, answer_yes):
    person = context.actors.save_person(PersonData(last_name="Weg"))
    key = draft_key("PersonDialog", person)
    context.drafts.save(key, {"1:lastNameEdit": "Weg, mit neuer Adresse"})
    view = persons_tab(window, qtbot)
    choose_in(qtbot, view.region_combo, "Ganzer Landkreis")
    row_menu(qtbot, view.table, select_text(qtbot, view.table, "Weg"), "Löschen")
    assert "DSGVO Art. 17" in answer_yes[-1]
    assert context.drafts.load(key) is None


def test_minutes_are_saved_while_typing(window, context, qtbot):
    meeting = context.meetings.save(MeetingData(title="Sozialforum", meeting_date=date(2026, 3, 12), level="landkreis"))
    item = context.meetings.save_item(meeting, "Berichte")
    view = choose_area(qtbot, window, "meetings")
    if view.region_combo.currentText() != "Ganzer Landkreis":
        choose_in(qtbot, view.region_combo, "Ganzer Landkreis")
    select_text(qtbot, view.table, "Sozialforum", column=1)
    assert view.current_id() == meeting
    click_tab(qtbot, view.tabs, "Protokoll")
    minutes = view.minutes_panel
    assert minutes.items.item(0).text() == "TOP 1  Berichte"
    select_row(qtbot, minutes.items, 0)
    assert minutes.items.currentRow() == 0
    type_text(qtbot, minutes.notes, "Der Jugendtreff öffnet wieder.")
    qtbot.waitUntil(
        lambda: context.meetings.agenda(meeting)[0].minutes == "Der Jugendtreff öffnet wieder.", timeout=4000
    )
    assert minutes.notes_state.text().startswith("Gespeichert um")
    assert item == context.meetings.agenda(meeting)[0].id
