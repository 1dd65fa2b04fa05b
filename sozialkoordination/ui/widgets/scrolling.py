"""A part of a window that scrolls when the window is smaller than the part needs (large text, a small screen),
instead of making the window taller than the screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


def scrolling(widget: QWidget, name: str) -> QScrollArea:
    """`widget` inside a frameless scroll area: as large as the space offered, never smaller than it needs – then
    scroll bars appear. Tab into a hidden field scrolls it into view (Qt's scroll area follows the focus)."""
    area = QScrollArea(widget.parentWidget(), objectName=name, widgetResizable=True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no extra Tab stop: the fields inside take the focus and scroll along
    area.setWidget(widget)
    return area
