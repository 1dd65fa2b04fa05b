"""A date that may be empty: a check box ("am", "ab", "bis") in front of the date field."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout


class OptionalDate(QHBoxLayout):
    def __init__(self, parent, label: str, value: date | None, name: str = "", stretch: bool = True):
        super().__init__()
        self.check = QCheckBox(label, parent, objectName=f"{name}Check" if name else "")
        self.edit = QDateEdit(parent, objectName=name, calendarPopup=True)
        self.edit.setDisplayFormat("dd.MM.yyyy")
        self.set_value(value)
        self.check.toggled.connect(self.edit.setEnabled)
        self.addWidget(self.check)
        self.addWidget(self.edit)
        if stretch:
            self.addStretch(1)

    def value(self) -> date | None:
        if not self.check.isChecked():
            return None
        d = self.edit.date()
        return date(d.year(), d.month(), d.day())

    def set_value(self, value: date | None) -> None:
        shown = value or date.today()
        self.edit.setDate(QDate(shown.year, shown.month, shown.day))
        self.check.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
