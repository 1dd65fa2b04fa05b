"""Nothing typed is lost: form drafts survive a crash, and minutes are saved while they are written."""

from datetime import date

from sozialkoordination.services.actors import PERSONS, PersonData
from sozialkoordination.services.drafts import draft_key
from sozialkoordination.services.meetings import MeetingData
from tests.ui.helpers import type_text


def test_person_form_draft_survives_a_crash(window, context, qtbot, answer_yes):
    view = window.actors_view
    view.kind_tabs.setCurrentIndex(1)
    assert view.kind == PERSONS
    dialog = view._dialog(None)
    qtbot.addWidget(dialog)
    type_text(qtbot, dialog.first_name, "Hedwig")
    type_text(qtbot, dialog.last_name, "Wiebkowski")
    key = draft_key("PersonDialog", None)
    qtbot.waitUntil(lambda: context.drafts.load(key) is not None, timeout=4000)  # after a pause in typing
    dialog.hide()
    dialog.deleteLater()  # the "crash": the form is gone without Save or Cancel

    again = view._dialog(None)
    qtbot.addWidget(again)
    assert "nicht gespeichert wurden" in answer_yes[-1]
    assert (again.first_name.text(), again.last_name.text()) == ("Hedwig", "Wiebkowski")
    again._save()
    assert again.saved_id is not None
    assert context.drafts.load(key) is None  # saved: the draft is gone
    assert context.actors.get_person(again.saved_id).last_name == "Wiebkowski"


def test_declined_draft_is_discarded(window, context, qtbot, message_boxes):
    key = draft_key("OrganisationDialog", None)
    context.drafts.save(key, {"0:nameEdit": "Entwurf von gestern"})
    dialog = window.actors_view._dialog(None)  # the conftest answers "no" to the question
    qtbot.addWidget(dialog)
    assert "nicht gespeichert wurden" in message_boxes[-1]
    assert dialog.name.text() == ""
    assert context.drafts.load(key) is None


def test_erasing_a_person_erases_their_draft(window, context, qtbot):
    person = context.actors.save_person(PersonData(last_name="Weg"))
    key = draft_key("PersonDialog", person)
    context.drafts.save(key, {"1:lastNameEdit": "Weg, mit neuer Adresse"})
    context.privacy.erase_person(person)
    assert context.drafts.load(key) is None


def test_minutes_are_saved_while_typing(window, context, qtbot):
    meeting = context.meetings.save(MeetingData(title="Sozialforum", meeting_date=date(2026, 3, 12), level="landkreis"))
    item = context.meetings.save_item(meeting, "Berichte")
    window.open_meeting(meeting)
    minutes = window.meetings_view.minutes_panel
    minutes.items.setCurrentRow(0)
    type_text(qtbot, minutes.notes, "Der Jugendtreff öffnet wieder.")
    qtbot.waitUntil(
        lambda: context.meetings.agenda(meeting)[0].minutes == "Der Jugendtreff öffnet wieder.", timeout=4000
    )
    assert minutes.notes_state.text().startswith("Gespeichert um")
    assert item == context.meetings.agenda(meeting)[0].id
