"""Run in a fresh process by benchmarks.targets: start a window and print "bereit" once it has painted.

    python -m benchmarks.start_probe app DATENBANK      # the real app (sozialkoordination --db DATENBANK)
    python -m benchmarks.start_probe bare DATENBANK     # the reference: a bare PySide6 QMainWindow
    python -m benchmarks.start_probe memory DATENBANK   # the real app, every area visited, then its memory in MB

Only the standard library is imported before the window starts, so the reference pays nothing for the app and the
app pays nothing for the benchmark.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def probe(kind: str, database: str) -> int:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])

    class FirstPaint(QObject):
        def __init__(self, then: Callable[[QMainWindow], None]):
            super().__init__()
            self.then, self.done = then, False

        def eventFilter(self, watched, event):  # noqa: N802 - Qt API
            if not self.done and event.type() == QEvent.Type.Paint and isinstance(watched, QMainWindow):
                self.done = True
                QTimer.singleShot(0, lambda: self.then(watched))
            return False

    def ready(window: QMainWindow) -> None:
        text = ""
        if kind == "memory":
            for area in (
                "start",
                "actors",
                "networks",
                "meetings",
                "tasks",
                "budget",
                "volunteers",
                "offers",
                "participation",
                "indicators",
                "areas",
            ):
                window.show_area(area)
                app.processEvents()
            window.actors_view.kind_tabs.setCurrentIndex(1)  # the person list, scrolled to its end
            model = window.actors_view.model
            while model.canFetchMore(model.index(-1, -1)):
                model.fetchMore(model.index(-1, -1))
            window.actors_view.table.scrollToBottom()
            app.processEvents()
            text = f"{rss_mb():.1f}"
        print(f"bereit {text}", flush=True)
        app.quit()

    watcher = FirstPaint(ready)
    app.installEventFilter(watcher)
    if kind == "bare":
        window = QMainWindow()
        window.resize(1200, 800)
        window.show()
        return app.exec()
    from sozialkoordination.__main__ import main

    return main(["--db", database])


if __name__ == "__main__":
    sys.exit(probe(sys.argv[1], sys.argv[2]))
