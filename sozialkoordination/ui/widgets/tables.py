"""Small read-only tables of the detail panels and dialogs (QTableWidget), styled like the lists."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

MUTED = "color: palette(placeholder-text);"
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def make_table(parent: QWidget, headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent, objectName=name)
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)  # rows have one fixed height: long texts end in "…" and show in full as tooltip
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(26)
    header = table.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    return table


def cell(text: str, record_id: int | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    if record_id is not None:
        item.setData(ID_ROLE, record_id)
    return item


def select_row_with_id(table: QTableWidget, record_id: int | None) -> bool:
    """Select (and show) the row whose first cell carries this id; False if there is none."""
    for row in range(table.rowCount()):
        if table.item(row, 0).data(ID_ROLE) == record_id:
            table.selectRow(row)
            table.scrollToItem(table.item(row, 0))
            return True
    return False
