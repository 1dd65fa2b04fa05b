"""The result list under the global search field: hits grouped by kind, arrow keys to move, Enter to open.

The field keeps the keyboard focus while the list is shown (as with a completer), so typing goes on."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem

from sozialkoordination.ui.shell import theme

HIT_ROLE = Qt.ItemDataRole.UserRole + 1


class SearchPopup(QListWidget):
    chosen = Signal(str, int)  # kind, id

    def __init__(self, field: QLineEdit):
        super().__init__(field.window())
        self.setObjectName("searchPopup")
        self.setWindowFlags(Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setUniformItemSizes(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setStyleSheet(theme.outlined("QListWidget#searchPopup"))
        self._field = field
        field.installEventFilter(self)
        self.itemClicked.connect(self._clicked)

    def show_hits(self, hits, headings: dict[str, str], empty_text: str) -> None:
        self.clear()
        kind = None
        for hit in hits:
            if hit.kind != kind:
                kind = hit.kind
                heading = QListWidgetItem(headings[kind])
                font = QFont(self.font())
                font.setBold(True)
                heading.setFont(font)
                heading.setFlags(Qt.ItemFlag.NoItemFlags)
                heading.setForeground(theme.text())  # not the faint colour of a disabled row
                self.addItem(heading)
            item = QListWidgetItem(f"   {hit.title}" + (f"  –  {hit.detail}" if hit.detail else ""))
            item.setData(HIT_ROLE, (hit.kind, hit.id))
            item.setToolTip(item.text().strip())
            self.addItem(item)
        if not hits:
            empty = QListWidgetItem(empty_text)
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            empty.setForeground(theme.colour(theme.MUTED))
            self.addItem(empty)
        self._select(self._selectable_rows()[:1])
        width = max(self._field.width(), 600)
        row_height = max(self.sizeHintForRow(0), self.fontMetrics().height() + 4)
        height = min(560, row_height * self.count() + 2 * self.frameWidth() + 4)
        below = self._field.mapToGlobal(QPoint(self._field.width() - width, self._field.height()))
        self.setGeometry(below.x(), below.y(), width, height)
        self.show()
        self.raise_()

    def _selectable_rows(self) -> list[int]:
        return [r for r in range(self.count()) if self.item(r).flags() & Qt.ItemFlag.ItemIsEnabled]

    def _select(self, rows: list[int]) -> None:
        if rows:
            self.setCurrentRow(rows[0])

    def step(self, step: int) -> None:
        rows = self._selectable_rows()
        if not rows:
            return
        current = self.currentRow()
        position = rows.index(current) if current in rows else -1
        self.setCurrentRow(rows[max(0, min(len(rows) - 1, position + step))])

    def choose_current(self) -> bool:
        item = self.currentItem()
        if item is None or item.data(HIT_ROLE) is None:
            return False
        kind, record_id = item.data(HIT_ROLE)
        self.hide()
        self.chosen.emit(kind, record_id)
        return True

    def _clicked(self, item: QListWidgetItem) -> None:
        if item.data(HIT_ROLE) is not None:
            self.setCurrentItem(item)
            self.choose_current()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        # QListWidget filters events of its own parts while it is built, before _field exists.
        field = getattr(self, "_field", None)
        if field is not None and watched is field and event.type() == QEvent.Type.KeyPress and self.isVisible():
            key = event.key()
            if key == Qt.Key.Key_Down:
                self.step(1)
                return True
            if key == Qt.Key.Key_Up:
                self.step(-1)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                return self.choose_current()
            if key == Qt.Key.Key_Escape:
                self.hide()
                return True
        return super().eventFilter(watched, event)
