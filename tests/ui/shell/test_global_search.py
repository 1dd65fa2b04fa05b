"""Search everywhere in the window: results grouped by kind as you type, arrow keys, Enter opens the record."""

from datetime import date

import pytest
from PySide6.QtCore import Qt

from sozialkoordination.models import Meeting, Network, Task
from tests.ui.helpers import choose_area, open_tab, press_shortcut, type_text


@pytest.fixture(autouse=True)
def default_window_size():
    """Qt keeps one settings file per process: an earlier test's window may have saved a narrow geometry, and in
    a narrow window the toolbar hides the search field in its overflow menu (Strg+K then finds it hidden)."""
    from PySide6.QtCore import QSettings

    QSettings().remove("window/geometry")


def popup_texts(window) -> list[str]:
    popup = window.search_popup
    return [popup.item(r).text().strip() for r in range(popup.count())]


def search(qtbot, window, text: str) -> None:
    """Strg+K, type over what is in the field, wait for the list that appears after a pause in typing."""
    assert window.global_search.isVisible()
    press_shortcut(qtbot, window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.global_search.hasFocus()
    before = popup_texts(window) if window.search_popup.isVisible() else None
    type_text(qtbot, window.global_search, text)  # Strg+K selected the old text: typing replaces it
    assert window.global_search.text() == text
    qtbot.waitUntil(lambda: window.search_popup.isVisible() and popup_texts(window) != before, timeout=3000)


def click_hit(qtbot, window, text: str) -> None:
    popup = window.search_popup
    row = next(r for r in range(popup.count()) if popup.item(r).text().strip().startswith(text))
    rect = popup.visualItemRect(popup.item(row))
    qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


@pytest.mark.postgresql
def test_results_grouped_and_opened_with_the_keyboard(window, qtbot, context, sample_actors):
    with context.session_factory.begin() as s:
        network = Network(name="Netzwerk Frühe Hilfen Bovenden", level="landkreis")
        meeting = Meeting(
            meeting_type="Arbeitskreis", title="AK Frühe Hilfen", level="landkreis", meeting_date=date(2026, 5, 4)
        )
        s.add_all([network, meeting])
        s.flush()
        s.add(Task(description="Flyer Frühe Hilfen drucken", meeting_id=meeting.id, status="offen"))
        ids = {"network": network.id, "meeting": meeting.id}
    context.meetings.save_item(ids["meeting"], "Begrüßung")  # its TOP list has a chosen row too
    window.show_area("meetings")
    open_tab(qtbot, window.meetings_view.tabs, window.meetings_view.minutes_panel)
    choose_area(qtbot, window, "start")
    search(qtbot, window, "frühe hilfen")
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
    assert window.focusWidget() is window.meetings_view.table  # the keyboard goes on at the meeting

    search(qtbot, window, "frühe hilfen")
    click_hit(qtbot, window, "Netzwerk Frühe Hilfen Bovenden")  # a click opens it too
    assert window.area_key() == "networks" and window.networks_view.current_id() == ids["network"]
    assert not window.search_popup.isVisible()
    task_id = context.meetings.tasks()[0].id
    search(qtbot, window, "flyer")
    click_hit(qtbot, window, "Flyer Frühe Hilfen drucken")
    assert window.area_key() == "tasks" and window.tasks_view.selected_ids() == [task_id]
    assert window.tasks_view.isAncestorOf(window.focusWidget())

    search(qtbot, window, "xyzzy")
    assert popup_texts(window) == ["Nichts gefunden für „xyzzy“."]
    qtbot.keyClick(window.global_search, Qt.Key.Key_Escape)
    assert not window.search_popup.isVisible()


def test_a_folded_word_finds_meetings_and_tasks(window, qtbot, context):
    """Typing "strasse" finds the meeting at the Hauptstraße and the task about the Bahnhofstraße."""
    from sozialkoordination.meetings.dto import MeetingData

    data = MeetingData(
        meeting_type="Arbeitskreis",
        title="AK Wohnen",
        level="landkreis",
        meeting_date=date(2026, 6, 1),
        venue_address="Hauptstraße 12",
    )
    meeting = context.meetings.save(data)
    with context.session_factory.begin() as s:
        s.add(Task(description="Aushang in der Bahnhofstraße", meeting_id=meeting, status="offen"))
    choose_area(qtbot, window, "start")
    search(qtbot, window, "strasse")
    assert popup_texts(window) == [
        "Sitzungen",
        "AK Wohnen  –  Arbeitskreis · 01.06.2026",
        "Aufgaben",
        "Aushang in der Bahnhofstraße  –  offen",
    ]
    assert window.search_popup.currentItem().text().strip() == "AK Wohnen  –  Arbeitskreis · 01.06.2026"
    qtbot.keyClick(window.global_search, Qt.Key.Key_Return)
    assert window.area_key() == "meetings" and window.meetings_view.current_id() == meeting
