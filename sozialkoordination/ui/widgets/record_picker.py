"""A search field that finds a record (organisation, person) by name as you type and reports the chosen one."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from sozialkoordination.ui.shell import theme


class RecordPicker(QLineEdit):
    """`choices(text)` returns (id, label) pairs; a pick emits picked(id, label) and clears the field."""

    picked = Signal(int, str)

    def __init__(self, choices: Callable[[str], list[tuple[int, str]]], placeholder: str, parent=None):
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self._load = choices
        self._choices: dict[str, int] = {}
        self._model = QStringListModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.setWidget(self)
        self._completer.activated.connect(self.choose)
        self.textEdited.connect(self._search)

    def _search(self, text: str) -> None:
        if len(text.strip()) < 2:
            self._completer.popup().hide()
            return
        self._choices = {label: record_id for record_id, label in self._load(text)}
        self._model.setStringList(list(self._choices))
        self._completer.setCompletionPrefix(text)
        self._completer.complete()

    def choose(self, label: str) -> None:
        """Pick the record shown as `label` (also used by tests, like a click in the list)."""
        if not self._choices:
            self._search(label)
        record_id = self._choices.get(label)
        if record_id is None:
            return
        self.picked.emit(record_id, label)
        self.clear()


def organisation_picker(actors, parent=None) -> RecordPicker:
    picker = RecordPicker(actors.organisation_choices, "Organisation suchen …", parent)
    picker.setObjectName("organisationPicker")
    return picker


def person_picker(actors, parent=None) -> RecordPicker:
    picker = RecordPicker(actors.person_choices, "Person suchen …", parent)
    picker.setObjectName("personPicker")
    return picker


class ChosenRecord(QWidget):
    """One chosen record (chair, minute-taker, assignee): its name, a search field to change it, and Remove."""

    changed = Signal()

    def __init__(self, picker: RecordPicker, parent=None):
        super().__init__(parent)
        self.picker = picker
        picker.setParent(self)
        self._id: int | None = None
        self.label = QLabel(self)
        self.label.setMinimumWidth(160)
        self.clear_button = QToolButton(self, text="✕", autoRaise=True)
        self.clear_button.setToolTip(self.tr("Auswahl entfernen"))
        self.clear_button.clicked.connect(lambda: self.set_value(None, ""))
        picker.picked.connect(self.set_value)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.clear_button)
        row.addWidget(picker, 1)
        # The form label's Alt+letter leads to the search field (a label only passes the focus on to a buddy that
        # takes it; click focus keeps this row out of the Tab chain, where the search field stands).
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setFocusProxy(picker)
        self.set_value(None, "")

    def set_value(self, record_id: int | None, label: str) -> None:
        changed = record_id != self._id
        self._id = record_id
        self.label.setText(label if record_id is not None else self.tr("– nicht gewählt –"))
        self.label.setToolTip(label)
        self.label.setStyleSheet("" if record_id is not None else theme.muted())
        self.clear_button.setVisible(record_id is not None)
        if changed:
            self.changed.emit()

    def value(self) -> int | None:
        return self._id
