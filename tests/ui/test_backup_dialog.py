"""Backups, restore and the password, used from the window the way a coordinator would."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from sozialkoordination.config import sqlite_file
from sozialkoordination.db import encryption
from sozialkoordination.io.sealed import is_sealed
from sozialkoordination.services.actors import ORGANISATIONS, ActorFilter, OrganisationData
from sozialkoordination.ui import application
from sozialkoordination.ui.dialogs.password_dialog import PasswordDialog, UnlockDialog
from tests.ui.helpers import type_text

pytestmark = pytest.mark.sqlite_only("backups are copies of the SQLite file")

PASSWORD = "Kennwort-2026"


def organisation_names(context) -> list[str]:
    return sorted(row.values[0] for row in context.actors.rows(ActorFilter(kind=ORGANISATIONS)))


def yes_to_questions(monkeypatch, shown):
    def question(parent, title, text, *args, **kwargs):
        shown.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)


def test_back_up_change_and_restore_from_the_list(window, context, qtbot, monkeypatch, message_boxes):
    bovenden = context.areas.find_sozialraum("Bovenden").id  # in the coordinator's own region
    context.actors.save_organisation(OrganisationData(name="Stand vom Morgen", sozialraum_id=bovenden))
    dialog = window.show_backups()
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0 and "Jetzt sichern" in dialog.message.text()
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == "von Hand angelegt"
    assert dialog.table.item(0, 2).text().endswith(("kB", "MB"))

    context.actors.save_organisation(OrganisationData(name="Versehentlich angelegt", sozialraum_id=bovenden))
    window.actors_view.refresh()
    assert window.actors_view.model.rowCount() == 2
    dialog.table.selectRow(0)
    dialog.restore_selected()  # the conftest answers the question with "Verwerfen": nothing happens
    assert "Versehentlich angelegt" in organisation_names(context)

    yes_to_questions(monkeypatch, message_boxes)
    with qtbot.waitSignal(dialog.restored):
        dialog.restore_selected()
    assert organisation_names(context) == ["Stand vom Morgen"]
    assert window.actors_view.model.rowCount() == 1  # the window shows the restored state at once
    assert "Wiederhergestellt" in dialog.message.text()
    reasons = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    assert "vor einer Wiederherstellung" in reasons  # and the restore can be undone


def test_sealed_copy_for_the_stick_and_back(window, context, qtbot, tmp_path, monkeypatch, message_boxes):
    context.actors.save_organisation(OrganisationData(name="Familienzentrum Regenbogen"))
    dialog = window.show_backups()
    qtbot.addWidget(dialog)
    target = tmp_path / "stick.sozk"
    dialog.write_transfer_copy(target, "Stick-Kennwort")
    assert is_sealed(target) and b"Regenbogen" not in target.read_bytes()
    assert "Verschlüsselte Kopie geschrieben" in dialog.message.text()

    context.actors.save_organisation(OrganisationData(name="Danach"))
    yes_to_questions(monkeypatch, message_boxes)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("falsch", True))
    dialog.restore_file(target)
    assert "Kennwort ist falsch" in message_boxes[-1]
    assert "Danach" in organisation_names(context)  # nothing changed
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Stick-Kennwort", True))
    dialog.restore_file(target)
    assert organisation_names(context) == ["Familienzentrum Regenbogen"]


def test_password_is_set_from_the_menu(window, context, qtbot):
    path = sqlite_file(context.db_url)
    context.actors.save_organisation(OrganisationData(name="Geheimer Träger"))
    window.findChild(type(window.password_action), "passwordAction").trigger()
    dialog = window.findChild(PasswordDialog)
    qtbot.addWidget(dialog)
    assert not dialog.remove.isVisibleTo(dialog)  # nothing to remove yet
    type_text(qtbot, dialog.new_password, "kurz")
    type_text(qtbot, dialog.repeated, "kurz")
    dialog.accept()
    assert "mindestens 8 Zeichen" in dialog.message.text() and dialog.isVisible()
    dialog.new_password.clear()
    dialog.repeated.clear()
    type_text(qtbot, dialog.new_password, PASSWORD)
    type_text(qtbot, dialog.repeated, PASSWORD + "x")
    dialog.accept()
    assert "stimmen nicht überein" in dialog.message.text()
    dialog.repeated.clear()
    type_text(qtbot, dialog.repeated, PASSWORD)
    dialog.accept()
    assert context.security.encrypted and encryption.is_encrypted(path)
    assert "jetzt verschlüsselt" in window.statusBar().currentMessage()
    assert organisation_names(context) == ["Geheimer Träger"]  # the window goes on working
    assert b"Geheimer" not in path.read_bytes()


def test_unlock_at_start_tells_a_wrong_password(app, qtbot, context, monkeypatch):
    context.actors.save_organisation(OrganisationData(name="Verschlossen"))
    context.security.set_password(PASSWORD)
    context.close()
    tries = iter(["daneben", PASSWORD])
    problems = []

    def exec_(dialog):
        problems.append(dialog.message.text())
        dialog.password.setText(next(tries))
        return True

    monkeypatch.setattr(UnlockDialog, "exec", exec_)
    opened = application.open_with_password(context.db_url)
    assert problems == ["", "Das Kennwort ist falsch. Bitte versuchen Sie es noch einmal."]
    assert organisation_names(opened) == ["Verschlossen"]
    opened.close()
    monkeypatch.setattr(UnlockDialog, "exec", lambda dialog: False)
    assert application.open_with_password(context.db_url) is None  # "Beenden"


def test_first_start_offers_the_password(app, qtbot, context, monkeypatch, message_boxes):
    from sozialkoordination.ui.main_window import MainWindow
    from sozialkoordination.ui.tasks import TaskRunner

    window = MainWindow(context, TaskRunner(synchronous=True))
    qtbot.addWidget(window)
    yes_to_questions(monkeypatch, message_boxes)

    def exec_(dialog):
        dialog.new_password.setText(PASSWORD)
        dialog.repeated.setText(PASSWORD)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(PasswordDialog, "exec", exec_)
    application.offer_password(context, window)
    assert "verschlüsselt werden" in message_boxes[-1]
    assert context.security.encrypted
