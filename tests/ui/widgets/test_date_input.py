"""Date and time fields as a user meets them: typed German dates and times, Tab and Shift+Tab, the calendar,
and forms that refuse a date that does not exist and question one far off."""

from datetime import date, time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLineEdit, QPushButton, QVBoxLayout

from sozialkoordination.ui.meetings.meeting_dialog import MeetingDialog
from sozialkoordination.ui.shell import theme
from sozialkoordination.ui.tasks.task_dialog import TaskDialog
from sozialkoordination.ui.widgets.date_dialog import DateDialog
from sozialkoordination.ui.widgets.date_input import DateInput, TimeInput
from tests.ui.helpers import click_into, enter, type_text


@pytest.fixture
def form(app, qtbot):
    """A small window: a field before, a date, a time and a field after, to Tab through."""
    window = QDialog()
    window.before = QLineEdit(window, objectName="before")
    window.day = DateInput(window, objectName="day")
    window.clock = TimeInput(window, objectName="clock")
    window.after = QLineEdit(window, objectName="after")
    layout = QVBoxLayout(window)
    for widget in (window.before, window.day, window.clock, window.after):
        layout.addWidget(widget)
    qtbot.addWidget(window)
    window.show()
    return window


def type_and_leave(qtbot, field, text: str, key=Qt.Key.Key_Tab, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    click_into(qtbot, field)
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, key, modifier)


@pytest.mark.parametrize(
    ("typed", "shown", "stored"),
    [
        ("17.3.27", "17.03.2027", date(2027, 3, 17)),
        ("17.03.2027", "17.03.2027", date(2027, 3, 17)),
        ("17032027", "17.03.2027", date(2027, 3, 17)),
        ("170327", "17.03.2027", date(2027, 3, 17)),
        ("2027-03-17", "17.03.2027", date(2027, 3, 17)),
        ("17.3.", f"17.03.{date.today().year}", date(date.today().year, 3, 17)),
    ],
)
def test_a_typed_date_is_shown_as_typed_after_tab(form, qtbot, typed, shown, stored):
    changes = []
    form.day.dateChanged.connect(changes.append)
    type_and_leave(qtbot, form.day, typed)
    assert form.day.text() == shown
    assert form.day.date() == stored
    assert form.day.is_valid()
    assert form.clock.hasFocus()  # Tab went on to the next field
    assert changes == [stored]


def test_shift_tab_keeps_the_typed_date(form, qtbot):
    type_and_leave(qtbot, form.day, "17.03.2027")
    click_into(qtbot, form.day)
    qtbot.keyClick(form.day, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(form.day, "24.03.2027")
    qtbot.keyClick(form.day, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert form.before.hasFocus()
    assert form.day.text() == "24.03.2027"
    assert form.day.date() == date(2027, 3, 24)


def test_a_date_that_does_not_exist_stays_as_typed_and_is_marked(form, qtbot):
    form.day.setDate(date(2027, 3, 17))
    enter(qtbot, form.day, "31.02.2027")
    assert form.day.text() == "31.02.2027"  # never silently another date
    assert not form.day.is_valid()
    assert form.day.date() is None
    assert form.day.toolTip() == "Das Datum „31.02.2027“ gibt es nicht. Bitte im Format TT.MM.JJJJ eingeben."
    assert theme.invalid_field() in form.day.styleSheet()  # marked as refused, in the palette's colours
    assert form.clock.hasFocus()  # Tab leaves the field all the same
    enter(qtbot, form.day, "28.2.27")
    assert (form.day.text(), form.day.styleSheet()) == ("28.02.2027", "")


@pytest.mark.parametrize(
    ("typed", "shown", "stored"),
    [
        ("1800", "18:00", time(18, 0)),
        ("18:00", "18:00", time(18, 0)),
        ("18.00", "18:00", time(18, 0)),
        ("18", "18:00", time(18, 0)),
        ("9", "09:00", time(9, 0)),
        ("930", "09:30", time(9, 30)),
        ("18 Uhr", "18:00", time(18, 0)),
    ],
)
def test_a_typed_time_in_an_empty_field(form, qtbot, typed, shown, stored):
    assert form.clock.text() == "" and form.clock.placeholderText() == "hh:mm"
    type_and_leave(qtbot, form.clock, typed)
    assert form.clock.text() == shown
    assert form.clock.time() == stored
    assert form.after.hasFocus()  # Tab always leaves the time field


def test_a_time_that_does_not_exist_is_marked_and_tab_still_leaves(form, qtbot):
    type_and_leave(qtbot, form.clock, "25:00")
    assert form.clock.text() == "25:00"
    assert form.clock.time() is None and not form.clock.is_valid()
    assert "gibt es nicht" in form.clock.toolTip()
    assert form.after.hasFocus()
    type_and_leave(qtbot, form.clock, "", Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert form.day.hasFocus()


def test_emptying_a_time_means_no_time(form, qtbot):
    form.clock.setTime(time(18, 0))
    enter(qtbot, form.clock, "")
    assert form.clock.text() == "" and form.clock.time() is None and form.clock.is_valid()


def test_the_calendar_picks_a_day_with_the_keyboard(form, qtbot):
    form.day.setDate(date(2027, 3, 17))
    click_into(qtbot, form.day)
    qtbot.keyClick(form.day, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup = form.day.popup
    assert popup is not None and popup.isVisible()
    view = QApplication.focusWidget()  # the calendar's day grid has the focus
    assert popup.isAncestorOf(view)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert not popup.isVisible()
    assert form.day.text() == "18.03.2027"
    assert form.day.date() == date(2027, 3, 18)
    qtbot.keyClick(form.day, Qt.Key.Key_F4)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)  # closes the calendar, changes nothing
    assert not popup.isVisible()
    assert form.day.text() == "18.03.2027"


def test_the_fields_are_named_for_screen_readers(form):
    assert form.day.accessibleName() == "Datum" and form.day.placeholderText() == "TT.MM.JJJJ"
    assert form.clock.accessibleName() == "Uhrzeit"


# -- in the forms ----------------------------------------------------------------------------------


def open_new_meeting(window, qtbot) -> MeetingDialog:
    window.show_area("meetings")
    view = window.meetings_view
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    dialog = view.findChildren(MeetingDialog)[-1]
    assert dialog.isVisible()
    type_text(qtbot, dialog.title, "Sozialraumkonferenz Bovenden")
    dialog.area.setCurrentIndex(dialog.area.findText("Bovenden"))
    return dialog


def test_the_meeting_dialog_saves_the_typed_date_and_times(window, qtbot, context):
    dialog = open_new_meeting(window, qtbot)
    assert dialog.start.text() == "" and dialog.end.text() == ""  # a new meeting has no fixed time yet
    enter(qtbot, dialog.meeting_date, "17.3.27")
    assert dialog.meeting_date.text() == "17.03.2027"
    click_into(qtbot, dialog.start)
    qtbot.keyClicks(dialog.start, "1800")
    qtbot.keyClick(dialog.start, Qt.Key.Key_Tab)
    assert dialog.end.hasFocus()
    qtbot.keyClicks(dialog.end, "20.00")
    qtbot.keyClick(dialog.end, Qt.Key.Key_Tab)
    assert (dialog.start.text(), dialog.end.text()) == ("18:00", "20:00")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible(), dialog.error_label.text()
    stored = context.meetings.get(window.meetings_view.current_id())
    assert (stored.meeting_date, stored.start_time, stored.end_time) == (date(2027, 3, 17), time(18), time(20))


def test_the_meeting_dialog_refuses_a_date_that_does_not_exist(window, qtbot, context):
    dialog = open_new_meeting(window, qtbot)
    enter(qtbot, dialog.meeting_date, "31.02.2027")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error_label.isVisibleTo(dialog)
    assert dialog.error_label.text() == "Das Datum „31.02.2027“ gibt es nicht. Bitte im Format TT.MM.JJJJ eingeben."
    assert dialog.meeting_date.text() == "31.02.2027" and dialog.meeting_date.hasFocus()
    assert dialog.saved_id is None and context.meetings.meetings() == []


def test_the_membership_dialog_refuses_a_date_that_does_not_exist(window, qtbot, context, sample_actors, message_boxes):
    from sozialkoordination.networks.dto import NetworkData

    region = context.areas.find_region("SR-B").id
    network_id = context.networks.save(NetworkData(name="AK Nord", sozialregion_id=region))
    context.networks.add_members(network_id, [sample_actors["fz"]])
    window.show_area("networks")
    view = window.networks_view
    view.select_network(network_id)
    view.members.selectRow(0)
    qtbot.mouseClick(view.findChild(QPushButton, "editMembershipButton"), Qt.MouseButton.LeftButton)
    membership = view.findChildren(QDialog, "membershipDialog")[-1]
    ok = membership.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    if not membership.since.check.isChecked():
        qtbot.mouseClick(membership.since.check, Qt.MouseButton.LeftButton)  # tick "seit"
    enter(qtbot, membership.since.edit, "30.2.24")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert message_boxes[-1] == "Das Datum „30.2.24“ gibt es nicht. Bitte im Format TT.MM.JJJJ eingeben."
    assert membership.isVisible()
    enter(qtbot, membership.since.edit, "29.2.24")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not membership.isVisible()
    assert view.members.item(0, 3).text() == "29.02.2024"


def test_a_date_far_off_is_questioned_and_no_keeps_the_dialog_open(window, qtbot, message_boxes):
    dialog = open_new_meeting(window, qtbot)
    enter(qtbot, dialog.meeting_date, "24.03.2403")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # the question is answered "not Yes"
    assert message_boxes[-1] == "Das Datum 24.03.2403 liegt weit in der Zukunft. Trotzdem übernehmen?"
    assert dialog.isVisible() and dialog.saved_id is None
    assert dialog.meeting_date.hasFocus() and dialog.meeting_date.text() == "24.03.2403"
    enter(qtbot, dialog.meeting_date, "24.03.1999")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert message_boxes[-1] == "Das Datum 24.03.1999 liegt weit in der Vergangenheit. Trotzdem übernehmen?"
    assert dialog.isVisible()


def test_a_date_far_off_is_saved_when_confirmed(window, qtbot, context, answer_yes):
    dialog = open_new_meeting(window, qtbot)
    enter(qtbot, dialog.meeting_date, "24.03.2403")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert answer_yes == ["Das Datum 24.03.2403 liegt weit in der Zukunft. Trotzdem übernehmen?"]
    assert not dialog.isVisible(), dialog.error_label.text()
    assert context.meetings.get(dialog.saved_id).meeting_date == date(2403, 3, 24)


def test_an_empty_meeting_date_is_asked_for(window, qtbot):
    dialog = open_new_meeting(window, qtbot)
    enter(qtbot, dialog.meeting_date, "")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "Bitte geben Sie das Datum der Sitzung an." in dialog.error_label.text()


def test_the_task_dialog_saves_a_typed_due_date(window, qtbot, context, sample_actors):
    dialog = TaskDialog(context.meetings, context.actors, parent=window)
    dialog.open()
    type_text(qtbot, dialog.description, "Raum buchen")
    type_text(qtbot, dialog.person.picker, "Schulz")
    dialog.person.picker.choose("Dr. Erika Schulz (Familienzentrum Regenbogen)")
    enter(qtbot, dialog.due, "1.4.27")
    assert dialog.due.text() == "01.04.2027"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible(), dialog.error_label.text()
    assert context.meetings.get_task(dialog.saved_id).due_on == date(2027, 4, 1)


def test_the_date_dialog_takes_only_a_real_date(app, qtbot, message_boxes):
    dialog = DateDialog(None, "Folgesitzung", "Datum der Folgesitzung", date(2027, 6, 1))
    qtbot.addWidget(dialog)
    dialog.show()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    enter(qtbot, dialog.edit, "31.6.27")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert message_boxes[-1] == "Das Datum „31.6.27“ gibt es nicht. Bitte im Format TT.MM.JJJJ eingeben."
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()
    enter(qtbot, dialog.edit, "30.6.27")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.chosen() == date(2027, 6, 30)
