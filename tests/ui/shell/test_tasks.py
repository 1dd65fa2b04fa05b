"""Background tasks: results, errors and Cancel come back on the GUI thread; a real thread is used."""

import threading

import pytest

from sozialkoordination.core.progress import check
from sozialkoordination.ui.shell.tasks import TaskRunner


def test_real_thread_delivers_result_on_gui_thread(app, qtbot):
    runner = TaskRunner()
    seen = {}

    def work(progress):
        seen["worker"] = threading.current_thread() is not threading.main_thread()
        check(progress, 1, 2, "halb")
        return 42

    def done(result):
        seen["result"] = result
        seen["gui"] = threading.current_thread() is threading.main_thread()

    task = runner.run(None, "Test", work, done, pytest.fail)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert seen == {"worker": True, "result": 42, "gui": True}


def test_errors_and_cancel_reach_their_callbacks(app, qtbot):
    runner = TaskRunner()
    errors, cancels = [], []
    task = runner.run(None, "Fehler", lambda p: 1 / 0, pytest.fail, errors.append)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert isinstance(errors[0], ZeroDivisionError)

    started = threading.Event()

    def slow(progress):
        started.set()
        while True:
            check(progress, 0, 1)

    task = runner.run(None, "Abbrechen", slow, pytest.fail, pytest.fail, lambda: cancels.append(True))
    assert started.wait(5)
    task.progress.cancel()
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert cancels == [True]


def test_progress_dialog_appears_for_long_work_and_cancel_stops_it(app, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    release = threading.Event()
    cancelled = []

    def long_work(progress):
        while not release.is_set():
            check(progress, 1, 10, "Zeile 1 von 10")
            release.wait(0.01)
        return "fertig"

    task = TaskRunner().run(parent, "Export läuft …", long_work, pytest.fail, pytest.fail, lambda: cancelled.append(1))
    qtbot.waitUntil(lambda: parent.findChild(QProgressDialog, "taskProgressDialog") is not None, timeout=3000)
    dialog = parent.findChild(QProgressDialog, "taskProgressDialog")
    qtbot.waitUntil(lambda: dialog.labelText() == "Zeile 1 von 10", timeout=3000)
    cancel_button = dialog.findChild(QPushButton)
    assert cancel_button.text() == "Abbrechen"
    with qtbot.waitSignal(task.finished, timeout=5000):
        qtbot.mouseClick(cancel_button, Qt.MouseButton.LeftButton)
    release.set()
    assert cancelled == [1]
