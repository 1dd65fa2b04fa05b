"""Date and time fields that take what people type ("17.3.27", "1800") and never turn it into another date."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QLocale, QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QKeyEvent, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QLineEdit,
    QMessageBox,
    QSizePolicy,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from sozialkoordination.core.dates import format_date, format_time, is_implausible, parse_typed_date, parse_typed_time
from sozialkoordination.ui.shell import theme


class TypedInput(QLineEdit):
    """A line edit for one value typed as text: read when the user leaves the field, shown again in the one
    format; text that is no valid value stays as typed and is marked, so nothing changes behind the user's back.

    Subclasses provide `_parse(text)`, `_format(value)` and `_announce(value)` (their change signal)."""

    def __init__(self, parent: QWidget | None, placeholder: str, hint: str, width_sample: str):
        super().__init__(parent)
        self._hint = hint
        self._shown_value: object = None  # the value last shown in the one format
        self._set_value: object = None  # the value the program put in (loaded from the database)
        self._width_sample = width_sample
        self.setPlaceholderText(placeholder)
        self.setToolTip(hint)
        self.setMaxLength(24)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.editingFinished.connect(self.finish_editing)

    # -- for subclasses --------------------------------------------------------------------------
    def _parse(self, text: str) -> object:
        raise NotImplementedError

    def _format(self, value) -> str:
        raise NotImplementedError

    def _announce(self, value) -> None:
        raise NotImplementedError

    # -- what forms use ----------------------------------------------------------------------------
    def value(self):
        """The value of the text as it stands (also while typing); None when empty or not valid."""
        try:
            return self._parse(self.text()) if self.text().strip() else None
        except ValueError:
            return None

    def problem(self) -> str | None:
        """Why the text is no valid value, in words for the user; None when it is valid or empty."""
        if not self.text().strip():
            return None
        try:
            self._parse(self.text())
        except ValueError as error:
            return str(error)
        return None

    def is_valid(self) -> bool:
        """Empty or a real value; whether empty is allowed is for the form to say."""
        return self.problem() is None

    def is_empty(self) -> bool:
        return not self.text().strip()

    def set_by_program(self):
        """The value last put in by the program (not typed): it is not questioned again."""
        return self._set_value

    def accept_value(self, value) -> None:
        """The user confirmed an unusual value: take it as settled."""
        self._set_value = value

    def put_value(self, value) -> None:
        self._set_value = value
        self.setText("" if value is None else self._format(value))
        self._mark(None)
        self._take(value)

    def finish_editing(self) -> None:
        """Read what was typed: show it in the one format, or mark the field and keep the text."""
        if self.is_empty():
            if self.text():
                self.clear()
            self._mark(None)
            self._take(None)
            return
        try:
            value = self._parse(self.text())
        except ValueError as error:
            self._mark(str(error))
            return
        shown = self._format(value)
        if self.text() != shown:
            self.setText(shown)
        self._mark(None)
        self._take(value)

    # -- inside ------------------------------------------------------------------------------------
    def _take(self, value) -> None:
        if value != self._shown_value:
            self._shown_value = value
            self._announce(value)

    def _mark(self, problem: str | None) -> None:
        self.setStyleSheet(theme.invalid_field() if problem else "")
        self.setToolTip(problem or self._hint)
        self.setAccessibleDescription(problem or "")
        if problem and self.isVisible():
            QToolTip.showText(self.mapToGlobal(QPoint(0, self.height())), problem, self)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        hint = super().sizeHint()
        text = max(self.fontMetrics().horizontalAdvance(s) for s in (self._width_sample, self.placeholderText()))
        extra = sum(22 for action in self.actions() if action.isVisible())
        return QSize(text + 22 + extra, hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return self.sizeHint()


class DateInput(TypedInput):
    """A date typed as "17.3.27", "17032027", "17.03." …, shown as dd.MM.yyyy, or picked from a calendar
    (the button at the right, or Alt+↓ / F4)."""

    dateChanged = Signal(object)  # noqa: N815 - named like the Qt widgets it replaces; a date or None

    def __init__(self, parent: QWidget | None = None, objectName: str = "", value: dt.date | None = None):  # noqa: N803
        super().__init__(
            parent,
            self.tr("TT.MM.JJJJ"),
            self.tr("Datum als TT.MM.JJJJ, z. B. 17.3.27 oder 17.03.2027"),
            "00.00.00000",
        )
        if objectName:
            self.setObjectName(objectName)
        self.setAccessibleName(self.tr("Datum"))
        self.calendar_action = QAction(calendar_icon(self.palette()), self.tr("Kalender öffnen"), self)
        self.calendar_action.setObjectName("calendarAction")
        self.calendar_action.setToolTip(self.tr("Kalender öffnen (Alt+↓)"))
        self.calendar_action.triggered.connect(lambda _checked=False: self.show_calendar())
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.popup: CalendarPopup | None = None
        if value is not None:
            self.setDate(value)

    def date(self) -> dt.date | None:
        return self.value()

    def setDate(self, value: dt.date | None) -> None:  # noqa: N802 - named like QDateEdit.setDate
        self.put_value(value)

    def _parse(self, text: str) -> dt.date:
        return parse_typed_date(text)

    def _format(self, value: dt.date) -> str:
        return format_date(value)

    def _announce(self, value) -> None:
        self.dateChanged.emit(value)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() == QEvent.Type.EnabledChange:
            self.calendar_action.setEnabled(self.isEnabled())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        opens = event.key() == Qt.Key.Key_F4 or (
            event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
        )
        if opens:
            self.show_calendar()
            return
        super().keyPressEvent(event)

    def show_calendar(self) -> None:
        if not self.isEnabled() or self.isReadOnly():
            return
        if self.popup is None:
            self.popup = CalendarPopup(self)
            self.popup.calendar.clicked.connect(self._picked)
            self.popup.calendar.activated.connect(self._picked)
        shown = self.date() or dt.date.today()
        self.popup.calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))
        self.popup.adjustSize()
        place = self.mapToGlobal(QPoint(0, self.height()))
        screen = self.screen().availableGeometry()
        place.setX(max(screen.left(), min(place.x(), screen.right() - self.popup.width())))
        if place.y() + self.popup.height() > screen.bottom():
            place.setY(self.mapToGlobal(QPoint(0, 0)).y() - self.popup.height())
        self.popup.move(place)
        self.popup.show()
        self.popup.calendar.setFocus()

    def _picked(self, chosen: QDate) -> None:
        if self.popup is not None:
            self.popup.hide()
        text = format_date(dt.date(chosen.year(), chosen.month(), chosen.day()))
        self.setText(text)
        self.textEdited.emit(text)  # picking from the calendar is the user's edit, as typing is (forms watch this)
        self.setFocus(Qt.FocusReason.PopupFocusReason)
        self.finish_editing()


class CalendarPopup(QFrame):
    """The month calendar under a date field; Escape or a click outside closes it without a change."""

    def __init__(self, field: DateInput):
        super().__init__(field, Qt.WindowType.Popup)
        self.setObjectName("calendarPopup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = QCalendarWidget(self, objectName="calendar")
        self.calendar.setLocale(QLocale(QLocale.Language.German, QLocale.Country.Germany))
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setGridVisible(True)
        self.calendar.setAccessibleName(self.tr("Kalender"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.addWidget(self.calendar)


class TimeInput(TypedInput):
    """A time of day typed as "1800", "18.00", "18", "9:30" or "18 Uhr", shown as HH:mm; empty means no time.
    Tab always leaves the field."""

    timeChanged = Signal(object)  # noqa: N815 - named like the Qt widgets it replaces; a time or None

    def __init__(self, parent: QWidget | None = None, objectName: str = "", value: dt.time | None = None):  # noqa: N803
        super().__init__(parent, self.tr("hh:mm"), self.tr("Uhrzeit als hh:mm, z. B. 1800, 18.00 oder 9:30"), "00:000")
        if objectName:
            self.setObjectName(objectName)
        self.setAccessibleName(self.tr("Uhrzeit"))
        if value is not None:
            self.setTime(value)

    def time(self) -> dt.time | None:
        return self.value()

    def setTime(self, value: dt.time | None) -> None:  # noqa: N802 - named like QTimeEdit.setTime
        self.put_value(value)

    def _parse(self, text: str) -> dt.time:
        return parse_typed_time(text)

    def _format(self, value: dt.time) -> str:
        return format_time(value)

    def _announce(self, value) -> None:
        self.timeChanged.emit(value)


def calendar_icon(palette: QPalette) -> QIcon:
    """A small calendar sheet drawn in the text colour, so it fits light and dark themes without an image file."""
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor(palette.color(QPalette.ColorRole.Text))
    colour.setAlpha(170)
    painter.setPen(colour)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    pen = painter.pen()
    pen.setWidthF(2.0)
    painter.setPen(pen)
    painter.drawRoundedRect(QRectF(4, 7, 24, 21), 3, 3)
    painter.setBrush(colour)
    painter.drawRect(QRectF(4, 7, 24, 6))
    painter.drawLine(10, 3, 10, 9)
    painter.drawLine(22, 3, 22, 9)
    painter.setPen(Qt.PenStyle.NoPen)
    for row in range(2):
        for column in range(3):
            painter.drawRect(QRectF(8 + column * 6, 16 + row * 5, 3, 3))
    painter.end()
    return QIcon(pixmap)


# -- form validation before accept -----------------------------------------------------------------


def typed_inputs(root: QWidget) -> list[TypedInput]:
    """The date and time fields of a form the user can edit now (a field switched off by its check box is not)."""
    return [field for field in root.findChildren(TypedInput) if field.isEnabled() and not field.isReadOnly()]


def first_problem(root: QWidget) -> tuple[TypedInput, str] | None:
    """The first field whose text is no valid date or time, with the reason; the field is marked."""
    for field in typed_inputs(root):
        field.finish_editing()  # Ctrl+S saves without leaving the field
        problem = field.problem()
        if problem:
            return field, problem
    return None


def confirm_unusual_dates(root: QWidget, today: dt.date | None = None) -> bool:
    """Ask about each typed date before 2000 or more than ten years ahead; False (and the field focused)
    when the user does not want to keep it. Dates the form was opened with are not questioned."""
    today = today or dt.date.today()
    for field in typed_inputs(root):
        if not isinstance(field, DateInput):
            continue
        value = field.date()
        if value is None or value == field.set_by_program() or not is_implausible(value, today):
            continue
        if value > today:
            text = _tr("Das Datum {0} liegt weit in der Zukunft. Trotzdem übernehmen?")
        else:
            text = _tr("Das Datum {0} liegt weit in der Vergangenheit. Trotzdem übernehmen?")
        answer = QMessageBox.question(
            root,
            _tr("Ungewöhnliches Datum"),
            text.format(format_date(value)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            field.setFocus()
            field.selectAll()
            return False
        field.accept_value(value)
    return True


def dates_ready(root: QWidget) -> bool:
    """For dialogs without a message area: a box for the first invalid field, then the question about
    unusual dates. True when the form may be accepted."""
    found = first_problem(root)
    if found is not None:
        field, problem = found
        QMessageBox.warning(root, _tr("Bitte prüfen"), problem)
        field.setFocus()
        field.selectAll()
        return False
    return confirm_unusual_dates(root)


def _tr(text: str) -> str:
    return QCoreApplication.translate("DateInput", text)
