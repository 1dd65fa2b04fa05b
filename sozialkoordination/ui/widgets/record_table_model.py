"""Table model over plain row tuples (id first) described by ColumnSpecs, for read-only overview lists."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from sozialkoordination.core.formatting import display_text
from sozialkoordination.core.normalize import without_leading_marks
from sozialkoordination.documents.columns import ColumnSpec

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class RecordTableModel(QAbstractTableModel):
    """Holds all rows in memory. Meant to sit behind a QSortFilterProxyModel: the overview lists hold
    hundreds to a few thousand rows, where sorting and filtering in Qt take milliseconds (the actor list,
    with 100,000 rows, does both in SQL instead)."""

    def __init__(self, columns: tuple[ColumnSpec, ...], parent=None):
        super().__init__(parent)
        self._columns = columns
        self._rows: list[tuple] = []

    @property
    def columns(self) -> tuple[ColumnSpec, ...]:
        return self._columns

    def set_rows(self, rows: list[tuple]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_id(self, row: int) -> int:
        return self._rows[row][0]

    # -- Qt model API --------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        spec = self._columns[index.column()]
        value = row[index.column() + 1]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return display_text(value, spec.kind)
        if role == SORT_ROLE:
            return self._sort_key(value, spec.kind)
        if role == ID_ROLE:
            return row[0]
        if role == Qt.ItemDataRole.TextAlignmentRole and spec.kind in ("int", "money"):
            return _RIGHT
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].label
        if role == Qt.ItemDataRole.TextAlignmentRole and self._columns[section].kind in ("int", "money"):
            return _RIGHT
        return None

    # -- formatting ----------------------------------------------------------------------------
    @staticmethod
    def _sort_key(value, kind: str):
        """Numbers and dates compare as numbers; empty cells as None, which the proxy puts last; texts from their
        first letter or digit, so a name in quotes sorts under its letter as in the actor list."""
        if value is None or value == "":
            return None
        if isinstance(value, datetime):
            return value.timestamp()
        if isinstance(value, date):
            return float(value.toordinal())
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return float(value)
        return without_leading_marks(str(value))
