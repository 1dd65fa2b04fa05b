"""The whole meeting cycle in the real widgets: plan, invite via filters, agenda, attendance with a walk-in,
minutes with a decision and two tasks, documents read back, the follow-up meeting with the carried-over task."""

from datetime import date

import openpyxl
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QPushButton

from sozialkoordination.services.actors import AffiliationData, ConsentData, PersonData
from tests.ui.helpers import enter, type_text
from tests.unit.test_meetings import docx_text


def pick(qtbot, picker, typed: str, label: str) -> None:
    """Type part of a name, then take the entry from the completion list, as a user does."""
    type_text(qtbot, picker, typed)
    picker.choose(label)


def save(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible(), dialog.error_label.text()


def test_meeting_cycle_in_the_window(window, qtbot, context, sample_actors, tmp_path):
    context.actors.save_person(
        PersonData(salutation="Herr", first_name="Jonas", last_name="Müller", email="jm@fz.example",
                   affiliations=[AffiliationData(sample_actors["fz"])],
                   consents=[ConsentData("Einladungen", date(2025, 1, 10), "schriftlich")])
    )  # fmt: skip
    window.show_area("meetings")
    view = window.meetings_view

    # 1. plan
    dialog = view.new_meeting()
    dialog.meeting_type.setCurrentText("Sozialraumkonferenz")
    type_text(qtbot, dialog.title, "Sozialraumkonferenz Bovenden – März")
    dialog.area.setCurrentIndex(dialog.area.findText("Bovenden"))
    enter(qtbot, dialog.meeting_date, "12.3.26")
    enter(qtbot, dialog.start, "17")
    enter(qtbot, dialog.end, "1900")
    assert (dialog.meeting_date.text(), dialog.start.text(), dialog.end.text()) == ("12.03.2026", "17:00", "19:00")
    type_text(qtbot, dialog.venue, "Rathaus Bovenden, Ratssaal")
    pick(qtbot, dialog.chair.picker, "Schulz", "Dr. Erika Schulz (Familienzentrum Regenbogen)")
    save(qtbot, dialog)
    meeting_id = view.current_id()
    assert meeting_id is not None
    assert "Sozialraumkonferenz Bovenden – März" in view.heading.text()
    assert "Leitung: Dr. Erika Schulz" in view.heading.text()

    # 2. invite via the Sozialraum filter
    panel = view.invitation_panel
    panel.raum_filter.setCurrentIndex(panel.raum_filter.findText("Bovenden"))
    qtbot.mouseClick(panel.suggest_button, Qt.MouseButton.LeftButton)
    names = {panel.candidates.item(r, 1).text() for r in range(panel.candidates.rowCount())}
    assert names == {"Dr. Erika Schulz", "Jonas Müller"}
    # Dr. Schulz has no consent for invitations: not ticked, marked; the coordinator ticks her by hand.
    schulz = next(r for r in range(panel.candidates.rowCount()) if panel.candidates.item(r, 1).text().startswith("Dr."))
    assert panel.candidates.item(schulz, 0).checkState() == Qt.CheckState.Unchecked
    assert panel.candidates.item(schulz, 5).text() == "fehlt"
    assert panel.invite_button.text() == "Angehakte einladen (1)"
    panel.candidates.item(schulz, 0).setCheckState(Qt.CheckState.Checked)
    assert panel.invite_button.text() == "Angehakte einladen (2)"
    qtbot.mouseClick(panel.invite_button, Qt.MouseButton.LeftButton)
    assert panel.invitees.rowCount() == 2
    assert "2 eingeladen" in panel.summary.text() and "1 ohne Einwilligung" in panel.summary.text()
    assert "1 davon ohne gültige Einwilligung" in window.statusBar().currentMessage()

    # 3. agenda
    view.tabs.setCurrentWidget(view.agenda_panel)
    for title, minutes in (("Begrüßung", 10), ("Sozialraumbudget 2026", 30)):
        item_dialog = view.agenda_panel.new_item()
        type_text(qtbot, item_dialog.title, title)
        item_dialog.duration.setValue(minutes)
        save(qtbot, item_dialog)
    assert view.agenda_panel.items.item(1).text().startswith("TOP 2   17:10   Sozialraumbudget 2026")

    # 4. attendance: one ticked, one walk-in who is new
    view.tabs.setCurrentWidget(view.attendance_panel)
    attendance = view.attendance_panel
    row = next(
        r for r in range(attendance.table.rowCount()) if attendance.table.item(r, 0).text() == "Dr. Erika Schulz"
    )
    attendance.set_present(row, True)
    walk_in = attendance.add_walk_in()
    type_text(qtbot, walk_in.first_name, "Greta")
    type_text(qtbot, walk_in.last_name, "Gast")
    pick(qtbot, walk_in.organisation.picker, "Pustebl", "Kita Pusteblume (Rosdorf)")
    save(qtbot, walk_in)
    assert attendance.table.rowCount() == 3
    assert "2 anwesend" in attendance.summary.text() and "1 Gäste" in attendance.summary.text()

    # 5. minutes: notes, a decision, two tasks
    view.tabs.setCurrentWidget(view.minutes_panel)
    minutes = view.minutes_panel
    minutes.items.setCurrentRow(1)
    type_text(qtbot, minutes.notes, "Zwei Anträge lagen vor.")
    minutes.add_decision("Der Antrag „Elterncafé“ wird mit 1.200 € befürwortet.")
    for description, person, organisation in (
        ("Antrag weiterleiten", ("Erika", "Dr. Erika Schulz (Familienzentrum Regenbogen)"), None),
        ("Räume klären", None, ("Regenbogen", "Familienzentrum Regenbogen (Bovenden)")),
    ):
        task = minutes.add_task()
        type_text(qtbot, task.description, description)
        if person:
            pick(qtbot, task.person.picker, *person)
        if organisation:
            pick(qtbot, task.organisation.picker, *organisation)
        enter(qtbot, task.due, "1.4.26")
        save(qtbot, task)
    assert minutes.decisions.count() == 1
    assert minutes.tasks.rowCount() == 2
    minutes.status.setCurrentText("versendet")
    minutes.status.activated.emit(minutes.status.currentIndex())

    # 6. documents, read back
    view.export_document("invitations", tmp_path / "einladung.docx")
    letters = docx_text(tmp_path / "einladung.docx")
    assert "Sehr geehrte Frau Dr. Schulz," in letters and "Sehr geehrter Herr Müller," in letters
    view.export_document("minutes", tmp_path / "protokoll.docx")
    text = docx_text(tmp_path / "protokoll.docx")
    assert "Zwei Anträge lagen vor." in text  # the notes were saved before the export
    assert "Beschluss: Der Antrag „Elterncafé“ wird mit 1.200 € befürwortet." in text
    assert "Antrag weiterleiten" in text and "Räume klären" in text and "Greta Gast (Kita Pusteblume)" in text
    assert "Protokoll versendet" in text
    view.export_document("minutes-xlsx", tmp_path / "protokoll.xlsx")
    book = openpyxl.load_workbook(tmp_path / "protokoll.xlsx")
    assert [r[1] for r in book["Aufgaben"].iter_rows(min_row=2, values_only=True)] == [
        "Antrag weiterleiten",
        "Räume klären",
    ]
    view.export_document("signin", tmp_path / "liste.docx")
    assert "Jonas Müller" in docx_text(tmp_path / "liste.docx")
    assert "Teilnahmeliste mit 2 Eingeladenen" in window.statusBar().currentMessage()

    # 7. follow-up meeting: invitees and the open tasks come along
    new_id = view.follow_up_meeting(date(2026, 6, 11))
    assert view.current_id() == new_id != meeting_id
    assert view.invitation_panel.invitees.rowCount() == 2
    agenda_texts = [view.agenda_panel.items.item(r).text() for r in range(view.agenda_panel.items.count())]
    assert any("Offene Aufgaben aus der Sitzung vom 12.03.2026" in t for t in agenda_texts)
    view.tabs.setCurrentWidget(view.minutes_panel)
    follow_row = next(i for i, t in enumerate(agenda_texts) if "Offene Aufgaben" in t)
    view.minutes_panel.items.setCurrentRow(follow_row)
    assert "Antrag weiterleiten" in view.minutes_panel.follow_up.text()

    # 8. task overview: done with a date
    window.show_area("tasks")
    tasks = window.tasks_view
    tasks.open_only.setChecked(True)
    assert tasks.table.rowCount() == 2
    tasks.table.selectRow(0)
    qtbot.mouseClick(tasks.findChild(QPushButton, "doneButton"), Qt.MouseButton.LeftButton)
    assert tasks.table.rowCount() == 1
    tasks.open_only.setChecked(False)
    assert tasks.table.item(1, 6).text() == date.today().strftime("%d.%m.%Y")


def test_planning_errors_are_shown_at_the_fields(window, qtbot):
    window.show_area("meetings")
    dialog = window.meetings_view.new_meeting()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "Titel" in dialog.error_label.text() and "Sozialraum" in dialog.error_label.text()
    assert dialog.title.toolTip()


def test_agenda_reordered_by_drag_and_drop_and_start_page(window, qtbot, context, sample_actors):
    from sozialkoordination.services.meetings import MeetingData

    raum = context.areas.find_sozialraum("Bovenden").id
    meeting_id = context.meetings.save(
        MeetingData(title="Sozialraumkonferenz Bovenden", meeting_date=date.today(), sozialraum_id=raum,
                    start_time=QTime(18, 0).toPython())
    )  # fmt: skip
    for title in ("Begrüßung", "Bericht", "Budget"):
        context.meetings.save_item(meeting_id, title, duration_minutes=15)
    window.open_meeting(meeting_id)
    agenda = window.meetings_view.agenda_panel
    budget_id = agenda.items.item(2).data(Qt.ItemDataRole.UserRole + 1)
    agenda.items.moved.emit(budget_id, 0)  # what a drop at the top reports
    assert [agenda.items.item(r).text().split("   ")[2] for r in range(3)] == ["Budget", "Begrüßung", "Bericht"]
    assert agenda.items.item(1).text().startswith("TOP 2   18:15")

    window.show_area("start")
    start = window.start_view
    start.refresh()
    first = start.meetings_list.item(0)
    assert "Sozialraumkonferenz Bovenden (Bovenden)" in first.text()
    start.meetings_list.itemDoubleClicked.emit(first)
    assert window.area_key() == "meetings" and window.meetings_view.current_id() == meeting_id
