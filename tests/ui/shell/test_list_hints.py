"""Every list shows a calm hint where its rows would be: how to begin while nothing is recorded, and that a filter
hides everything – with a button that lifts it – when nothing matches."""

from datetime import date

import pytest
from PySide6.QtCore import Qt

from sozialkoordination.meetings.dto import MeetingData
from sozialkoordination.ui.widgets.tables import EmptyHint


def hint_of(view) -> EmptyHint:
    hints = [h for h in view.findChildren(EmptyHint) if h.isVisible()]
    assert len(hints) == 1, [h.label.text() for h in hints]
    return hints[0]


NEW = "Mit „Neu …“ unter der Liste legen Sie den ersten an."


@pytest.mark.parametrize(
    ("area", "text"),
    [
        ("networks", "Noch keine Netzwerke. „Neues Netzwerk …“ unter der Liste legt das erste an."),
        ("meetings", "Noch keine Sitzungen. Neue Sitzung (Strg+Umschalt+M) legt die erste an."),
        ("tasks", "Noch keine Aufgaben. Aufgaben entstehen in Sitzungen (Protokoll) und in der Beteiligung."),
        ("volunteers", f"Noch keine Einträge unter „Ehrenamtliche“. {NEW}"),
        ("offers", f"Noch keine Einträge unter „Engagementangebote“. {NEW}"),
        ("participation", f"Noch keine Einträge unter „Bürgerbeteiligung“. {NEW}"),
    ],
)
def test_a_new_users_empty_lists_say_how_to_begin(window, qtbot, area, text):
    window.show_area(area)
    hint = hint_of(window.stack.currentWidget())
    assert hint.label.text() == text
    assert not hint.reset_button.isVisible()


def test_budget_without_applications_says_how_to_add_one(window, qtbot, context):
    window.show_area("budget")
    view = window.budget_view
    view.year.setValue(2026)
    view.select_sozialraum(context.areas.find_sozialraum("Bovenden").id)
    hint = view.applications_hint
    assert hint.isVisible() and not hint.reset_button.isVisible()
    assert hint.label.text() == (
        "Noch keine Anträge 2026 für Bovenden. „Neuer Antrag …“ unter der Liste legt einen an."
    )
    assert not view.budgets_hint.isVisible()  # the Sozialräume are listed


def test_meeting_search_without_hits_and_reset(window, qtbot, context):
    context.meetings.save(MeetingData(title="Sozialforum", meeting_date=date(2026, 3, 12), level="landkreis"))
    window.show_area("meetings")
    view = window.meetings_view
    view.upcoming.setChecked(True)  # the forum is over: nothing left to show
    hint = view.list_hint
    assert hint.isVisible() and hint.label.text() == "Keine Treffer für diese Auswahl."
    qtbot.keyClicks(view.search_edit, "Wohnen")
    assert hint.label.text() == "Keine Treffer für „Wohnen“."
    qtbot.mouseClick(hint.reset_button, Qt.MouseButton.LeftButton)
    assert (view.search_edit.text(), view.upcoming.isChecked(), view.region_combo.currentIndex()) == ("", False, 0)
    assert view.table.rowCount() == 1 and view.table.item(0, 1).text() == "Sozialforum"
    assert not hint.isVisible()


def test_network_search_without_hits_and_reset(window, qtbot, context, sample_actors):
    from sozialkoordination.networks.dto import NetworkData

    context.networks.save(NetworkData(name="Netzwerk Frühe Hilfen", level="landkreis"))
    window.show_area("networks")
    view = window.networks_view
    qtbot.keyClicks(view.search_edit, "xyz")
    hint = view.empty_hint
    assert hint.isVisible() and hint.label.text() == "Keine Treffer für „xyz“."
    qtbot.mouseClick(hint.reset_button, Qt.MouseButton.LeftButton)
    assert view.search_edit.text() == "" and view.table.rowCount() == 1
    assert not hint.isVisible()


def test_tasks_hidden_by_the_open_filter_can_be_shown(window, qtbot, context, sample_actors):
    from sozialkoordination.meetings.dto import TaskData

    meeting = context.meetings.save(MeetingData(title="Sozialforum", meeting_date=date(2026, 3, 12), level="landkreis"))
    task = context.meetings.save_task(
        TaskData(meeting_id=meeting, description="Flyer drucken", assignee_person_id=sample_actors["schulz"])
    )
    context.meetings.set_task_done(task, True)
    window.show_area("tasks")
    view = window.tasks_view
    hint = view.empty_hint
    assert view.open_only.isChecked() and view.table.rowCount() == 0
    assert hint.isVisible() and hint.label.text() == "Keine Treffer für diese Auswahl."
    qtbot.mouseClick(hint.reset_button, Qt.MouseButton.LeftButton)
    assert not view.open_only.isChecked()
    assert view.table.rowCount() == 1 and view.table.item(0, 1).text() == "Flyer drucken"
    assert not hint.isVisible()
