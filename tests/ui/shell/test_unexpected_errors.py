"""An unexpected error anywhere: a calm German dialog, the details in the log file, the data consistent."""

import logging
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from sqlalchemy import text

from sozialkoordination.actors.service import ActorFilter, OrganisationData
from sozialkoordination.config import log_dir
from sozialkoordination.core.errors import ValidationError
from sozialkoordination.ui.shell import application


@pytest.fixture
def app_logging(monkeypatch):
    """The app's log file and exception hook, removed again after the test."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    before = list(logging.getLogger().handlers)
    application._setup_logging()
    application._install_excepthook()
    yield
    for handler in logging.getLogger().handlers[len(before) :]:
        logging.getLogger().removeHandler(handler)
        handler.close()


def test_a_bug_in_a_slot_is_shown_calmly_and_logged(app, qtbot, context, monkeypatch, app_logging):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, body, *a, **k: shown.append((title, body)))

    def broken_slot():
        with context.session_factory.begin() as s:  # a change half-done when the bug strikes
            context.actors.save_organisation(OrganisationData(name="Vorher gespeichert"))
            s.execute(text("UPDATE organisation SET name = 'Halb'"))
            raise ZeroDivisionError("Programmfehler zum Test")

    button = QPushButton("Los")
    qtbot.addWidget(button)
    button.clicked.connect(broken_slot)
    button.show()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # PySide6 hands the exception of a slot to sys.excepthook

    assert shown and shown[0][0] == "Hinweis"
    assert "unerwarteter Fehler" in shown[0][1] and "Ihre gespeicherten Daten sind nicht betroffen" in shown[0][1]
    assert "ZeroDivisionError" not in shown[0][1]  # no traceback for the coordinator
    log_text = (log_dir() / "sozialkoordination.log").read_text(encoding="utf-8")
    assert "ZeroDivisionError: Programmfehler zum Test" in log_text and "broken_slot" in log_text
    # The half-done transaction was rolled back; the separately committed save stays.
    assert [r.values[0] for r in context.actors.rows(ActorFilter())] == ["Vorher gespeichert"]

    shown.clear()
    sys.excepthook(ValidationError, ValidationError({"name": "Der Name fehlt."}), None)
    assert shown[0][1] == "Bitte prüfen Sie die Eingaben: Der Name fehlt."  # a domain message is shown as it is
