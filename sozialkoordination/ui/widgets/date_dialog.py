"""Asking for one date (a follow-up meeting, the end of a membership)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget


def ask_date(parent: QWidget, title: str, label: str, proposal: date, note: str | None = None) -> date | None:
    dialog = QDialog(parent)
    dialog.setObjectName("dateDialog")
    dialog.setWindowTitle(title)
    edit = QDateEdit(QDate(proposal.year, proposal.month, proposal.day), dialog, calendarPopup=True)
    edit.setDisplayFormat("dd.MM.yyyy")
    form = QFormLayout(dialog)
    if note:
        form.addRow(QLabel(note, dialog, wordWrap=True))
    form.addRow(label, edit)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    if not dialog.exec():
        return None
    chosen = edit.date()
    return date(chosen.year(), chosen.month(), chosen.day())
