"""Table model of the actor list: filtering and sorting happen in SQL, rows are fetched page by page."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer

from sozialkoordination.actors.service import COLUMNS, ActorFilter, ActorRow, ActorService, SortOrder
from sozialkoordination.core.formatting import display_text

PAGE_SIZE = 100  # three screens of rows; more are fetched as the list scrolls
DENSE = 2000  # hits from which the first page is read along the sort key (ActorService.rows)
ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
# Qt asks data() for a dozen roles per visible cell and each keystroke repaints about 200 cells: plain ints
# compare faster than the enum members.
_DISPLAY, _TOOLTIP = int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

Index = QModelIndex | QPersistentModelIndex


class ActorTableModel(QAbstractTableModel):
    """No QSortFilterProxyModel on purpose: over 100,000 rows it costs seconds per keystroke,
    while the same filter and ORDER BY in SQLite take milliseconds."""

    def __init__(self, service: ActorService, flt: ActorFilter, parent=None, load: bool = True):
        """load=False: empty until the first refresh() or set_filter() (a view not yet shown reads nothing)."""
        super().__init__(parent)
        self._service = service
        self._filter = flt
        self._order = SortOrder()
        self._rows: list[ActorRow] = []
        self._total = 0
        self._shown: dict[str, list[str]] = {}  # kind → the columns the view shows (all if not given)
        self.loaded = False
        if load:
            self._load()

    # -- state ---------------------------------------------------------------------------------
    @property
    def columns(self):
        return COLUMNS[self._filter.kind]

    @property
    def actor_filter(self) -> ActorFilter:
        return self._filter

    @property
    def sort_order(self) -> SortOrder:
        return self._order

    @property
    def total(self) -> int:
        return self._total

    def set_filter(self, flt: ActorFilter) -> None:
        kind_changed = flt.kind != self._filter.kind
        self._filter = flt
        if kind_changed:
            self._order = SortOrder()
        self._load()

    def refresh(self) -> None:
        self._load()

    def show_columns(self, kind: str, keys: list[str]) -> None:
        """Read only these columns of this kind's list (the others stay empty until shown)."""
        self._shown[kind] = keys

    def _page(self, offset: int) -> list[ActorRow]:
        dense = offset == 0 and self._total >= DENSE  # the first page of many hits: along the sort key
        shown = self._shown.get(self._filter.kind)
        return self._service.rows(self._filter, self._order, offset, PAGE_SIZE, shown, dense)

    def _load(self) -> None:
        self.loaded = True
        self.beginResetModel()
        self._total = self._service.count(self._filter)
        replaced, self._rows = self._rows, self._page(0)
        self.endResetModel()
        if len(replaced) > PAGE_SIZE:
            # A list scrolled to its end holds 100,000 rows; freeing them took 20 ms of the next keystroke. They
            # are let go once the new rows are on the screen.
            QTimer.singleShot(0, replaced.clear)

    def row_id(self, row: int) -> int:
        return self._rows[row].id

    def row_of_id(self, actor_id: int) -> int | None:
        for i, row in enumerate(self._rows):
            if row.id == actor_id:
                return i
        return None

    # -- Qt model API --------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802, B008
        if parent.isValid():
            return
        more = self._page(len(self._rows))
        if not more:
            self._total = len(self._rows)
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role in (_DISPLAY, _TOOLTIP):
            return display_text(self._rows[index.row()].values[index.column()], self.columns[index.column()].kind)
        if role == ID_ROLE:
            return self._rows[index.row()].id
        if role == _ALIGNMENT and self.columns[index.column()].kind == "int":
            return _RIGHT
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].label
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self._order = SortOrder(self.columns[column].key, order == Qt.SortOrder.DescendingOrder)
        self._load()
