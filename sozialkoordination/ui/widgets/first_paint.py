"""Run something once a window has painted itself for the first time."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _FirstPaint(QObject):
    def __init__(self, window: QWidget, then: Callable[[], None]):
        super().__init__(window)
        self._window = window
        self._then: Callable[[], None] | None = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self._window and event.type() == QEvent.Type.Paint and self._then is not None:
            then, self._then = self._then, None
            QTimer.singleShot(0, then)  # after this paint pass has reached the screen
            self._window.removeEventFilter(self)
        return False


def after_first_paint(window: QWidget, then: Callable[[], None]) -> None:
    """Call `then` once `window` has been shown and painted (at once if it has been painted already)."""
    window.installEventFilter(_FirstPaint(window, then))
