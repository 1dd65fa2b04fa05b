"""The bold title at the top of every area of the window."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QWidget


def page_title(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent, objectName="titleLabel")
    font = QFont(label.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.35)
    label.setFont(font)
    return label
