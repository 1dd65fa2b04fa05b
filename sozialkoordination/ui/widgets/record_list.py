"""A read-only list of one area's records, filtered by Sozialregion and free text, with a count and buttons
under it; the volunteer, offer and participation views are built on it."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QLocale, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sozialkoordination.areas.service import RegionDTO
from sozialkoordination.documents.columns import ColumnSpec
from sozialkoordination.ui.shell import theme
from sozialkoordination.ui.widgets.accessibility import set_name
from sozialkoordination.ui.widgets.flow_layout import FlowLayout
from sozialkoordination.ui.widgets.load_when_shown import LoadWhenShown
from sozialkoordination.ui.widgets.page_title import page_title
from sozialkoordination.ui.widgets.record_table_model import SORT_ROLE, RecordTableModel
from sozialkoordination.ui.widgets.region_combo import RegionCombo
from sozialkoordination.ui.widgets.tables import EmptyHint

log = logging.getLogger(__name__)

MAX_COLUMN_PX = 420


def as_row(record: Any, columns: tuple[ColumnSpec, ...]) -> tuple:
    """A list DTO as the table model holds it: its id, then the values its columns name (by key)."""
    if isinstance(record, tuple):
        return record
    return (record.id, *(getattr(record, spec.key) for spec in columns))


class RecordListView(LoadWhenShown, QWidget):
    """Shows what `load(sozialregion_id)` returns – list DTOs whose fields the columns name, or (id, *values)
    tuples; the subclass or caller decides which area that is and adds the buttons."""

    def __init__(
        self,
        title: str,
        intro: str,
        columns: tuple[ColumnSpec, ...],
        load: Callable[[int | None], Sequence[Any]],
        regions: list[RegionDTO],
        own_region_id: int | None,
        parent=None,
    ):
        super().__init__(parent)
        self._load = load
        self._columns = columns
        self._locale = QLocale(QLocale.Language.German, QLocale.Country.Germany)

        self.title_label = page_title(title, self)
        self.intro_label = QLabel(intro, self, objectName="introLabel", wordWrap=True)
        self.intro_label.setStyleSheet(theme.muted())

        self.region_combo = RegionCombo(regions, own_region_id, self)
        self.search_edit = QLineEdit(self, objectName="searchEdit", clearButtonEnabled=True)
        self.search_edit.setPlaceholderText(self.tr("Suchen …"))
        self.count_label = QLabel(self, objectName="countLabel")
        self.count_label.setStyleSheet(theme.muted())

        filters = QHBoxLayout()
        region_label = QLabel(self.tr("Sozialregion"), self)
        region_label.setBuddy(self.region_combo)
        filters.addWidget(region_label)
        filters.addWidget(self.region_combo)
        filters.addSpacing(12)
        filters.addWidget(self.search_edit, 1)
        filters.addSpacing(12)
        filters.addWidget(self.count_label)

        self.model = RecordTableModel(columns, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortLocaleAware(True)
        self.proxy.setFilterKeyColumn(-1)  # search across all columns, as shown
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        self.table = QTableView(self, objectName="recordListTable")
        set_name(self.table, title)
        self.table.setModel(self.proxy)
        header = self.table.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # keep the service's order until a click
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # A stretched date or number column would push its few characters far to the right.
        header.setStretchLastSection(bool(columns) and columns[-1].kind == "text")
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        char_px = self.table.fontMetrics().averageCharWidth()
        for i, spec in enumerate(columns):
            self.table.setColumnWidth(i, min(MAX_COLUMN_PX, max(spec.width, len(spec.label) + 2) * char_px + 12))
            self.table.setColumnHidden(i, not spec.visible)

        self._title = title
        self._none_recorded = False
        self._new_label: str | None = None  # the text of the "new record" button, once there is one
        self.empty_hint = EmptyHint(self.table, self._empty_text, self._narrowing, self._reset_filters)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.intro_label)
        layout.addSpacing(6)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        self.actions_row = FlowLayout(spacing=8)  # narrow windows: the buttons continue on a second line
        layout.addLayout(self.actions_row)

        self.region_combo.currentIndexChanged.connect(self.refresh)
        self.search_edit.textChanged.connect(self._search)

    @property
    def region_id(self) -> int | None:
        return self.region_combo.currentData()

    def refresh(self) -> None:
        kept = self.selected_ids()  # a refresh (e.g. after "Ergebnisse …" closed) keeps the record selected
        rows = self._load(self.region_id)
        # Nothing at all, not only in this Sozialregion: the empty list says how to begin, not "Keine Treffer".
        self._none_recorded = not rows and (self.region_id is None or not self._load(None))
        self.model.set_rows([as_row(r, self._columns) for r in rows])
        self._update_count()
        if kept:
            self._reselect(kept[0])

    def _reselect(self, record_id: int) -> None:
        for row in range(self.model.rowCount()):
            if self.model.row_id(row) == record_id:
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                if index.isValid():
                    self.table.selectRow(index.row())
                return

    def _search(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._update_count()

    def _update_count(self) -> None:
        shown = self.proxy.rowCount()
        if shown == 1:
            self.count_label.setText(self.tr("1 Eintrag"))
        else:
            self.count_label.setText(self.tr("%1 Einträge").replace("%1", self._locale.toString(shown)))
        self.empty_hint.update_hint()  # the search text it names may change while nothing matches

    def _narrowing(self) -> str | None:
        if self._none_recorded:
            return None
        return self.search_edit.text() if self.search_edit.text().strip() else ""

    def _reset_filters(self) -> None:
        self.search_edit.clear()
        self.region_combo.setCurrentIndex(0)  # the whole district

    def _empty_text(self) -> str:
        text = self.tr("Noch keine Einträge unter „%1“.").replace("%1", self._title)
        if self._new_label:
            text += " " + self.tr("Mit „%1“ unter der Liste legen Sie den ersten an.").replace("%1", self._new_label)
        return text

    def add_action(self, text: str, name: str, slot: Callable, selected: bool = True) -> QPushButton:
        """A button under the list: with `selected` it works on the selected row (e.g. matching for an offer)."""
        button = QPushButton(text, self, objectName=name)
        button.clicked.connect(lambda: self._run_action(slot) if selected else slot())
        if not selected and self._new_label is None and name.startswith("new"):
            self._new_label = text
        self.actions_row.addWidget(button)
        return button

    def on_open(self, slot: Callable[[int], None]) -> None:
        """What a double click on a row does (open the record's form)."""
        self.table.doubleClicked.connect(lambda _index: self._run_action(slot))

    def _run_action(self, slot: Callable[[int], None]) -> None:
        ids = self.selected_ids()
        if ids:
            slot(ids[0])

    def select_id(self, record_id: int) -> None:
        """Select the record's row (found by the global search); a search that hides it is cleared."""
        self.search_edit.clear()
        for row in range(self.model.rowCount()):
            if self.model.row_id(row) == record_id:
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                self.table.selectRow(index.row())
                self.table.scrollTo(index)
                return

    def selected_ids(self) -> list[int]:
        rows = {self.proxy.mapToSource(index).row() for index in self.table.selectionModel().selectedRows()}
        return [self.model.row_id(row) for row in sorted(rows)]
