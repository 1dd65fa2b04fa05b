"""Search everywhere in the window: results grouped by kind as you type, arrow keys, Enter opens the record."""

from datetime import date

import pytest
from PySide6.QtCore import Qt

from sozialkoordination.models import Meeting, Network, Task
from tests.ui.helpers import type_text


def popup_texts(window) -> list[str]:
    popup = window.search_popup
    return [popup.item(r).text().strip() for r in range(popup.count())]


@pytest.mark.postgresql
def test_results_grouped_and_opened_with_the_keyboard(window, qtbot, context, sample_actors):
    with context.session_factory.begin() as s:
        network = Network(name="Netzwerk Frühe Hilfen Bovenden", level="landkreis")
        meeting = Meeting(meeting_type="Arbeitskreis", title="AK Frühe Hilfen", level="landkreis",
                          meeting_date=date(2026, 5, 4))  # fmt: skip
        s.add_all([network, meeting])
        s.flush()
        s.add(Task(description="Flyer Frühe Hilfen drucken", meeting_id=meeting.id, status="offen"))
        ids = {"network": network.id, "meeting": meeting.id}
    window.show_area("start")
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, window.global_search, "frühe hilfen")
    window._run_global_search()  # what the typing timer does
    assert window.search_popup.isVisible()
    assert popup_texts(window) == [
        "Organisationen",
        "Familienzentrum Regenbogen  –  Familienzentrum · Bovenden",  # its theme "Frühe Hilfen"
        "Netzwerke",
        "Netzwerk Frühe Hilfen Bovenden",
        "Sitzungen",
        "AK Frühe Hilfen  –  Arbeitskreis · 04.05.2026",
        "Aufgaben",
        "Flyer Frühe Hilfen drucken  –  offen",
    ]
    qtbot.keyClick(window.global_search, Qt.Key.Key_Down)  # headings are skipped
    qtbot.keyClick(window.global_search, Qt.Key.Key_Down)
    assert window.search_popup.currentItem().text().strip() == "AK Frühe Hilfen  –  Arbeitskreis · 04.05.2026"
    qtbot.keyClick(window.global_search, Qt.Key.Key_Return)
    assert window.area_key() == "meetings" and window.meetings_view.current_id() == ids["meeting"]
    assert not window.search_popup.isVisible()

    window.open_hit("network", ids["network"])
    assert window.area_key() == "networks" and window.networks_view.current_id() == ids["network"]
    task_id = context.meetings.tasks()[0].id
    window.open_hit("task", task_id)
    assert window.area_key() == "tasks" and window.tasks_view.selected_ids() == [task_id]

    window.global_search.clear()
    type_text(qtbot, window.global_search, "xyzzy")
    window._run_global_search()
    assert popup_texts(window) == ["Nichts gefunden für „xyzzy“."]
    qtbot.keyClick(window.global_search, Qt.Key.Key_Escape)
    assert not window.search_popup.isVisible()


def test_a_folded_word_finds_meetings_and_tasks(window, qtbot, context):
    """Typing "strasse" finds the meeting at the Hauptstraße and the task about the Bahnhofstraße."""
    from sozialkoordination.services.meetings import MeetingData

    data = MeetingData(meeting_type="Arbeitskreis", title="AK Wohnen", level="landkreis",
                       meeting_date=date(2026, 6, 1), venue_address="Hauptstraße 12")  # fmt: skip
    meeting = context.meetings.save(data)
    with context.session_factory.begin() as s:
        s.add(Task(description="Aushang in der Bahnhofstraße", meeting_id=meeting, status="offen"))
    window.show_area("start")
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, window.global_search, "strasse")
    window._run_global_search()
    assert popup_texts(window) == [
        "Sitzungen",
        "AK Wohnen  –  Arbeitskreis · 01.06.2026",
        "Aufgaben",
        "Aushang in der Bahnhofstraße  –  offen",
    ]
    assert window.search_popup.currentItem().text().strip() == "AK Wohnen  –  Arbeitskreis · 01.06.2026"
    qtbot.keyClick(window.global_search, Qt.Key.Key_Return)
    assert window.area_key() == "meetings" and window.meetings_view.current_id() == meeting
