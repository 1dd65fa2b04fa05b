"""A date that may be empty: a check box ("am", "ab", "bis") in front of the date field."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QHBoxLayout

from sozialkoordination.ui.widgets.date_input import DateInput


class OptionalDate(QHBoxLayout):
    def __init__(self, parent, label: str, value: date | None, name: str = "", stretch: bool = True):
        super().__init__()
        self.check = QCheckBox(label, parent, objectName=f"{name}Check" if name else "")
        self.edit = DateInput(parent, objectName=name)
        self.edit.setAccessibleName(label)
        self.set_value(value)
        self.check.toggled.connect(self.edit.setEnabled)
        self.addWidget(self.check)
        self.addWidget(self.edit)
        if stretch:
            self.addStretch(1)

    def value(self) -> date | None:
        """The date when ticked; None when not ticked, or when the field is empty or not a date (forms check
        that first with date_input.first_problem)."""
        if not self.check.isChecked():
            return None
        return self.edit.date()

    def set_value(self, value: date | None) -> None:
        self.edit.setDate(value or date.today())
        self.check.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
