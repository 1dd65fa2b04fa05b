"""The bundle's start-up probe: the window proves it was painted (a picture of it) and closes by itself."""

import logging
import sys

from PySide6.QtGui import QImage

from sozialkoordination.ui.shell.main_window import MainWindow
from sozialkoordination.ui.shell.tasks import TaskRunner
from sozialkoordination.ui.shell.window_probe import QT_TEXTS_KEY, WINDOW_PROBE_VARIABLE, close_after_first_paint


def test_window_saves_its_picture_and_closes_after_the_first_paint(app, qtbot, context, tmp_path):
    window = MainWindow(context, TaskRunner())
    qtbot.addWidget(window)
    picture = tmp_path / "fenster.png"
    close_after_first_paint(window, picture)
    window.show()

    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    image = QImage(str(picture))
    assert not image.isNull()
    assert image.width() >= 400 and image.height() >= 300


def test_run_with_the_probe_opens_the_window_and_ends_with_exit_code_0(
    app, qtbot, context, db_url, tmp_path, monkeypatch, capsys
):
    from sozialkoordination.ui.shell import application

    context.profile.save("Erika Muster", context.areas.regions()[0].id)  # no first-start dialog
    context.close()
    picture = tmp_path / "fenster.png"
    monkeypatch.setenv(WINDOW_PROBE_VARIABLE, str(picture))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own; restore it afterwards
    handlers = list(logging.getLogger().handlers)

    try:
        assert application.run(db_url) == 0
    finally:
        for handler in set(logging.getLogger().handlers) - set(handlers):  # run() adds the log file
            logging.getLogger().removeHandler(handler)
            handler.close()

    assert "Qt-Texte deutsch" in capsys.readouterr().out
    assert QImage(str(picture)).text(QT_TEXTS_KEY) == "deutsch"  # create_application loaded qtbase_de.qm
