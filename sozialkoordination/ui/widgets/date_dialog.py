"""Asking for one date (a follow-up meeting, the end of a membership)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QMessageBox, QWidget

from sozialkoordination.ui.widgets.date_input import DateInput, dates_ready


class DateDialog(QDialog):
    """One date field with OK and Cancel; OK only takes a real, plausible (or confirmed) date."""

    def __init__(self, parent: QWidget | None, title: str, label: str, proposal: date, note: str | None = None):
        super().__init__(parent)
        self.setObjectName("dateDialog")
        self.setWindowTitle(title)
        self.edit = DateInput(self, objectName="dateDialogEdit", value=proposal)
        self.edit.setAccessibleName(label)
        form = QFormLayout(self)
        if note:
            form.addRow(QLabel(note, self, wordWrap=True))
        form.addRow(label, self.edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._accept_if_ready)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def _accept_if_ready(self) -> None:
        if self.edit.is_empty():
            QMessageBox.warning(
                self, self.tr("Bitte prüfen"), self.tr("Bitte ein Datum im Format TT.MM.JJJJ eingeben.")
            )
            self.edit.setFocus()
        elif dates_ready(self):
            self.accept()

    def chosen(self) -> date | None:
        return self.edit.date()


def ask_date(parent: QWidget, title: str, label: str, proposal: date, note: str | None = None) -> date | None:
    dialog = DateDialog(parent, title, label, proposal, note)
    if not dialog.exec():
        return None
    return dialog.chosen()
