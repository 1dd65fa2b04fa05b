"""The Qt-free progress protocol long-running services use: report(done, total, text) and a cancelled flag."""

from __future__ import annotations

from typing import Protocol


class Cancelled(Exception):
    """Raised inside a service when the user pressed Cancel; work done so far is rolled back."""


class Progress(Protocol):
    def report(self, done: int, total: int, text: str = "") -> None: ...

    @property
    def cancelled(self) -> bool: ...


def check(progress: Progress | None, done: int, total: int, text: str = "") -> None:
    """Report progress and stop the work if the user cancelled."""
    if progress is None:
        return
    if progress.cancelled:
        raise Cancelled("Abgebrochen.")
    progress.report(done, total, text)
