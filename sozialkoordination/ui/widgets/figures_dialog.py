"""A small table of figures for reports (placements per year, participation per Sozialraum and year)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from sozialkoordination.ui.widgets.tables import cell, make_table


class FiguresDialog(QDialog):
    def __init__(self, title: str, intro: str, headers: list[str], rows: list[tuple], parent=None):
        super().__init__(parent)
        self.setObjectName("figuresDialog")
        self.setWindowTitle(title)
        self.resize(760, 420)
        self.table = make_table(self, headers, "figuresTable")
        for row in rows:
            r = self.table.rowCount()
            self.table.insertRow(r)
            for column, value in enumerate(row):
                item = cell("" if value is None else str(value))
                if isinstance(value, int):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, column, item)
        label = QLabel(intro, self, wordWrap=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
