"""Small read-only tables of the detail panels and dialogs (QTableWidget), styled like the lists, and the hint an
empty list shows over its table."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

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


class EmptyHint(QWidget):
    """A calm hint painted over a list's table while it shows no row: either that nothing is recorded yet and how to
    begin, or that the filter hides everything, with a button that lifts the filter.

    `narrowing()` says what narrows the list: None when nothing does (the list is really empty), the search text
    when one is typed, "" when only choices such as the Sozialregion do. `reset()` lifts every filter."""

    def __init__(
        self,
        view: QAbstractItemView,
        empty_text: str | Callable[[], str],
        narrowing: Callable[[], str | None],
        reset: Callable[[], None],
    ):
        super().__init__(view.viewport())
        self.setObjectName("emptyHint")
        self._view = view
        self._empty_text = empty_text
        self._narrowing = narrowing
        self.label = QLabel(self, objectName="emptyHintText", wordWrap=True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # a search text is shown as typed, never as markup
        self.label.setStyleSheet(MUTED)
        self.reset_button = QPushButton(self.tr("Filter zurücksetzen"), self, objectName="resetFilterButton")
        self.reset_button.setFlat(True)
        self.reset_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.reset_button.setStyleSheet("QPushButton { color: palette(link); text-decoration: underline; }")
        self.reset_button.clicked.connect(lambda _checked: reset())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 32, 24, 24)
        layout.addWidget(self.label)
        layout.addWidget(self.reset_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        view.viewport().installEventFilter(self)
        model = view.model()
        model.modelReset.connect(self.update_hint)
        model.rowsInserted.connect(lambda _parent, _first, _last: self.update_hint())
        model.rowsRemoved.connect(lambda _parent, _first, _last: self.update_hint())
        model.layoutChanged.connect(lambda *_args: self.update_hint())
        self.hide()

    def update_hint(self) -> None:
        """Show or hide the hint for the rows the table shows now (called by the model's signals)."""
        if self._view.model().rowCount() > 0:
            self.hide()
            return
        narrowing = self._narrowing()
        if narrowing is None:
            text = self._empty_text() if callable(self._empty_text) else self._empty_text
        elif narrowing.strip():
            text = self.tr("Keine Treffer für „%1“.").replace("%1", narrowing.strip())
        else:
            text = self.tr("Keine Treffer für diese Auswahl.")
        self.label.setText(text)
        self.reset_button.setVisible(narrowing is not None)
        self.setGeometry(self._view.viewport().rect())
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(self._view.viewport().rect())
        return False
