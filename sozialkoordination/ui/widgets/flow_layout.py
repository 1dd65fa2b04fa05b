"""A row of filters or buttons that continues on the next line when the window is narrow, instead of widening it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    """Left to right, wrapping like words. On each line, expanding widgets (search fields, pickers) share the room
    that is left; `add_break()` ends a line early."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._breaks: set[int] = set()
        self._spacing = spacing
        self._height = 0  # the height the lines needed at the last width they were laid out in
        self.setContentsMargins(0, 0, 0, 0)

    # -- filling ---------------------------------------------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt API
        self._items.append(item)

    def add_widgets(self, *widgets: QWidget) -> None:
        for widget in widgets:
            self.addWidget(widget)

    def addWidget(self, widget: QWidget, _stretch: int = 0, _alignment=None) -> None:  # noqa: N802 - Qt API
        """As QHBoxLayout.addWidget; an expanding widget (search field, picker) takes its line's spare room anyway."""
        super().addWidget(widget)

    def addStretch(self, _stretch: int = 0) -> None:  # noqa: N802 - as QHBoxLayout, so a button row converts as is
        """Nothing: a wrapping row has no room to push apart; its lines start on the left."""

    def addSpacing(self, _size: int) -> None:  # noqa: N802 - as QHBoxLayout
        """Nothing: the layout's spacing separates the items."""

    def add_break(self) -> None:
        self._breaks.add(len(self._items))
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt API
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt API
        if not 0 <= index < len(self._items):
            return None
        self._breaks = {b - 1 if b > index else b for b in self._breaks}
        return self._items.pop(index)

    # -- sizes -----------------------------------------------------------------------------------------------------
    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt API
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt API
        super().setGeometry(rect)
        height = self._arrange(rect, move=True)
        if height != self._height:
            # Splitters and group boxes ask for minimumSize(), not heightForWidth(): tell them the new height, else
            # a wrapped second line is drawn under the widget below it.
            self._height = height
            self.invalidate()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        width = sum(i.sizeHint().width() for i in self._visible()) + self._spacing * max(0, len(self._visible()) - 1)
        height = max((i.sizeHint().height() for i in self._visible()), default=0)
        return QSize(width, height).grownBy(self.contentsMargins())

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt API
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        size = size.grownBy(self.contentsMargins())
        return QSize(size.width(), max(size.height(), self._height))

    def _visible(self) -> list[QLayoutItem]:
        return [i for i in self._items if not i.isEmpty()]

    def _arrange(self, rect: QRect, move: bool) -> int:
        area = rect.marginsRemoved(self.contentsMargins())
        lines: list[list[QLayoutItem]] = [[]]
        used = 0
        for index, item in enumerate(self._items):
            if item.isEmpty():
                continue
            width = item.sizeHint().width()
            if lines[-1] and (index in self._breaks or used + self._spacing + width > area.width()):
                lines.append([])
                used = 0
            used += (self._spacing if lines[-1] else 0) + width
            lines[-1].append(item)
        y = area.y()
        for line in lines:
            if not line:
                continue
            height = max(i.sizeHint().height() for i in line)
            widths = [min(i.sizeHint().width(), area.width()) for i in line]
            spare = area.width() - sum(widths) - self._spacing * (len(line) - 1)
            growing = [n for n, i in enumerate(line) if i.expandingDirections() & Qt.Orientation.Horizontal]
            for n in growing:
                widths[n] += max(0, spare) // len(growing)
            x = area.x()
            for item, width in zip(line, widths, strict=True):
                if move:
                    top = y + (height - item.sizeHint().height()) // 2
                    item.setGeometry(QRect(QPoint(x, top), QSize(width, item.sizeHint().height())))
                x += width + self._spacing
            y += height + self._spacing
        return y - self._spacing - area.y() + self.contentsMargins().top() + self.contentsMargins().bottom()


def labelled(label: QWidget, widget: QWidget) -> QWidget:
    """A label and its field that stay on one line together when a FlowLayout wraps."""
    pair = QWidget(widget.parentWidget())
    row = QHBoxLayout(pair)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(label)
    row.addWidget(widget, 1)
    return pair
