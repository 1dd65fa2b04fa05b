"""Asking for the date and title of a follow-up meeting; the title follows the date until the user edits it."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QMessageBox, QWidget

from sozialkoordination.meetings.service import follow_up_title
from sozialkoordination.ui.widgets.date_input import DateInput, dates_ready


class FollowUpDialog(QDialog):
    def __init__(self, title: str, proposal: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("followUpDialog")
        self.setWindowTitle(self.tr("Folgesitzung"))
        self.setMinimumWidth(480)
        self._old_title = title
        self._title_edited = False
        self.meeting_date = DateInput(self, objectName="followUpDateEdit", value=proposal)
        self.meeting_date.setAccessibleName(self.tr("Datum der Folgesitzung"))
        self.title = QLineEdit(follow_up_title(title, proposal), self, objectName="followUpTitleEdit")
        self.title.textEdited.connect(self._edited)
        self.meeting_date.dateChanged.connect(self._date_changed)
        form = QFormLayout(self)
        note = QLabel(self.tr("Übernommen werden Eingeladene, ständige TOPs und offene Aufgaben."), self, wordWrap=True)
        form.addRow(note)
        form.addRow(self.tr("Datum der Folgesitzung"), self.meeting_date)
        form.addRow(self.tr("Titel"), self.title)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def chosen_date(self) -> date | None:
        return self.meeting_date.date()

    def chosen_title(self) -> str:
        return self.title.text().strip()

    def _edited(self, _text: str) -> None:
        self._title_edited = True

    def _date_changed(self, chosen: date | None) -> None:
        if chosen is not None and not self._title_edited:  # a typed title stays; the proposal follows the date
            self.title.setText(follow_up_title(self._old_title, chosen))

    def _accept(self) -> None:
        if self.meeting_date.is_empty():
            QMessageBox.warning(
                self, self.tr("Bitte prüfen"), self.tr("Bitte ein Datum im Format TT.MM.JJJJ eingeben.")
            )
            self.meeting_date.setFocus()
            return
        if not dates_ready(self):
            return
        if not self.chosen_title():
            self.title.setFocus()
            self.title.setPlaceholderText(self.tr("Bitte geben Sie einen Titel an."))
            return
        self.accept()
