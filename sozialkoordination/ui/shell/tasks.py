"""Runs long work off the GUI thread with progress, Cancel, and results delivered back on the GUI thread."""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from sozialkoordination.core.progress import Cancelled

log = logging.getLogger(__name__)

PROGRESS_DELAY_MS = 500  # a dialog only for work that lasts noticeably


class TaskProgress(QObject):
    """The Qt side of the services' Progress protocol; report() may be called from any thread."""

    progressed = Signal(int, int, str)

    def __init__(self) -> None:
        super().__init__()
        self._cancel = threading.Event()

    def report(self, done: int, total: int, text: str = "") -> None:
        self.progressed.emit(done, total, text)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[TaskProgress], Any], progress: TaskProgress, signals: _Signals):
        super().__init__()
        self._fn, self._progress, self._signals = fn, progress, signals

    def run(self) -> None:
        try:
            result = self._fn(self._progress)
        except Cancelled:
            self._report(self._signals.cancelled)
        except BaseException as exc:  # delivered to the GUI thread, which shows it
            log.exception("Hintergrundaufgabe fehlgeschlagen")
            self._report(self._signals.failed, exc)
        else:
            self._report(self._signals.succeeded, result)

    @staticmethod
    def _report(signal, *args) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the window was closed (the app quit) before the work was done: nobody to tell
            log.info("Hintergrundaufgabe beendet, nachdem das Fenster geschlossen wurde")


class Task(QObject):
    """One running job. Keeps its signals alive until it has finished."""

    finished = Signal()

    def __init__(self, parent: QWidget | None, title: str):
        super().__init__(parent)
        self.progress = TaskProgress()
        self.signals = _Signals()
        self._dialog: QProgressDialog | None = None
        self._parent = parent
        self._title = title
        self._timer = QTimer(self, singleShot=True, interval=PROGRESS_DELAY_MS)
        self._timer.timeout.connect(self._show_dialog)
        self.progress.progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        # Bound methods of this GUI-thread object: Qt queues the calls onto the GUI thread.
        self.signals.succeeded.connect(self._on_succeeded)
        self.signals.failed.connect(self._on_failed)
        self.signals.cancelled.connect(self._on_cancelled)
        self.on_success: Callable[[Any], None] = lambda _result: None
        self.on_error: Callable[[BaseException], None] = lambda _exc: None
        self.on_cancel: Callable[[], None] = lambda: None

    def _on_succeeded(self, result: object) -> None:
        self._close()
        self.on_success(result)

    def _on_failed(self, exc: BaseException) -> None:
        self._close()
        self.on_error(exc)

    def _on_cancelled(self) -> None:
        self._close()
        self.on_cancel()

    def _show_dialog(self) -> None:
        dialog = QProgressDialog(self._title, self.tr("Abbrechen"), 0, 0, self._parent)
        dialog.setObjectName("taskProgressDialog")
        dialog.setWindowTitle(self._title)
        # Not modal on purpose: a modal QProgressDialog runs processEvents() inside setValue(), so the task
        # could finish and delete the dialog in the middle of its own update. Views disable what started it.
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.progress.cancel)
        dialog.show()
        self._dialog = dialog

    def _on_progress(self, done: int, total: int, text: str) -> None:
        dialog = self._dialog
        if dialog is None:
            return
        if text:
            dialog.setLabelText(text)
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total else 0)

    def _close(self) -> None:
        self._timer.stop()
        if self._dialog is not None:
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None
        self.finished.emit()


class TaskRunner:
    """Starts tasks on a thread pool. Tests may construct it with synchronous=True."""

    def __init__(self, synchronous: bool = False):
        self.synchronous = synchronous
        self._pool = QThreadPool.globalInstance()
        self._running: set[Task] = set()  # keeps parentless tasks alive until they report back
        self._gc_paused = False

    def run(
        self,
        parent: QWidget | None,
        title: str,
        fn: Callable[[TaskProgress], Any],
        on_success: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        on_cancel: Callable[[], None] | None = None,
        quiet: bool = False,
    ) -> Task:
        """`quiet` work (housekeeping the user did not ask for) never shows a progress dialog."""
        task = Task(parent, title)
        if not self.synchronous and not self._running and gc.isenabled():
            # A full garbage collection over the objects an import creates holds the GIL for 100-150 ms
            # and freezes the window; reference counting still frees nearly everything meanwhile.
            gc.disable()
            self._gc_paused = True
        self._running.add(task)
        task.finished.connect(lambda: self._forget(task))
        task.on_success, task.on_error = on_success, on_error
        if on_cancel is not None:
            task.on_cancel = on_cancel
        runnable = _Runnable(fn, task.progress, task.signals)
        if self.synchronous:
            runnable.run()
        else:
            if not quiet:
                task._timer.start()
            self._pool.start(runnable)
        return task

    def _forget(self, task: Task) -> None:
        # Hand the finished task back to Python (no deleteLater): it is freed once nobody refers to it,
        # so a caller still holding it never touches a deleted C++ object.
        task.setParent(None)
        self._running.discard(task)
        if not self._running and self._gc_paused:
            gc.enable()
            self._gc_paused = False
