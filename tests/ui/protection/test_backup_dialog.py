"""Backups, restore and the password, used from the window the way a coordinator would."""

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from sozialkoordination.actors.service import ORGANISATIONS, ActorFilter, OrganisationData
from sozialkoordination.config import sqlite_file
from sozialkoordination.db import encryption
from sozialkoordination.documents.sealed import is_sealed
from sozialkoordination.ui.protection.backup_dialog import BackupDialog
from sozialkoordination.ui.protection.password_dialog import PasswordDialog
from sozialkoordination.ui.shell import application
from tests.ui.helpers import (
    answer_modal,
    ask_answers,
    choose_area,
    choose_in,
    clear_field,
    click,
    click_box_button,
    select_row,
    type_text,
    use_action,
)

pytestmark = pytest.mark.sqlite_only("backups are copies of the SQLite file")

PASSWORD = "Kennwort-2026"


def organisation_names(context) -> list[str]:
    return sorted(row.values[0] for row in context.actors.rows(ActorFilter(kind=ORGANISATIONS)))


def open_backups(window, qtbot) -> BackupDialog:
    """Datei → Sicherung und Schutz → Sicherungen …"""
    use_action(qtbot, window, "backupsAction")
    dialogs = [d for d in window.findChildren(BackupDialog) if d.isVisible()]
    assert len(dialogs) == 1
    qtbot.addWidget(dialogs[0])
    return dialogs[0]


def close(qtbot, dialog) -> None:
    click_box_button(qtbot, dialog, QDialogButtonBox.StandardButton.Close)
    assert not dialog.isVisible()


def new_organisation(window, qtbot, name: str, sozialraum: str) -> None:
    def fill(dialog):
        type_text(qtbot, dialog.name, name)
        combo = dialog.address.sozialraum
        choose_in(
            qtbot,
            combo,
            next(combo.itemText(i) for i in range(combo.count()) if combo.itemText(i).startswith(sozialraum)),
        )
        click(qtbot, dialog, "saveButton")

    shown = answer_modal(qtbot, fill)
    click(qtbot, window.actors_view, "newButton")
    assert shown and shown[0].saved_id is not None


def shown_names(view) -> list[str]:
    return [view.model.index(r, 0).data() for r in range(view.model.rowCount())]


def test_back_up_change_and_restore_from_the_list(window, context, qtbot, monkeypatch, message_boxes):
    bovenden = context.areas.find_sozialraum("Bovenden").id  # in the coordinator's own region
    context.actors.save_organisation(OrganisationData(name="Stand vom Morgen", sozialraum_id=bovenden))
    actors = choose_area(qtbot, window, "actors")
    dialog = open_backups(window, qtbot)
    assert dialog.table.rowCount() == 0 and "Jetzt sichern" in dialog.message.text()
    assert not dialog.restore_button.isEnabled()
    click(qtbot, dialog, "backupNowButton")
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == "von Hand angelegt"
    assert dialog.table.item(0, 2).text().endswith(("kB", "MB"))
    assert dialog.message.text().startswith("Gesichert: ")
    close(qtbot, dialog)

    new_organisation(window, qtbot, "Versehentlich angelegt", "Bovenden")
    assert shown_names(actors) == ["Stand vom Morgen", "Versehentlich angelegt"]
    dialog = open_backups(window, qtbot)
    select_row(qtbot, dialog.table, 0)
    click(qtbot, dialog, "restoreButton")  # the conftest answers the question with "Verwerfen": nothing happens
    assert "Den Stand" in message_boxes[-1]
    assert "Versehentlich angelegt" in organisation_names(context)

    asked = ask_answers(monkeypatch, QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(dialog.restored):
        click(qtbot, dialog, "restoreButton")
    assert asked and "wiederherstellen?" in asked[0]
    assert organisation_names(context) == ["Stand vom Morgen"]
    assert shown_names(actors) == ["Stand vom Morgen"]  # the window shows the restored state at once
    assert "Wiederhergestellt" in dialog.message.text()
    assert window.statusBar().currentMessage() == "Sicherung wiederhergestellt."
    reasons = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    assert "vor einer Wiederherstellung" in reasons  # and the restore can be undone
    close(qtbot, dialog)


def test_sealed_copy_for_the_stick_and_back(
    window, context, qtbot, tmp_path, monkeypatch, message_boxes, save_as, open_file, type_in
):
    context.actors.save_organisation(OrganisationData(name="Familienzentrum Regenbogen"))
    dialog = open_backups(window, qtbot)
    target = tmp_path / "stick.sozk"

    def transfer_password(password_dialog):
        type_text(qtbot, password_dialog.new_password, "Stick-Kennwort")
        type_text(qtbot, password_dialog.repeated, "Stick-Kennwort")
        click_box_button(qtbot, password_dialog)

    shown = answer_modal(qtbot, transfer_password)
    save_as(target)
    click(qtbot, dialog, "transferCopyButton")
    assert shown and save_as.done() and save_as.asked == ["Verschlüsselte Kopie speichern"]
    assert is_sealed(target) and b"Regenbogen" not in target.read_bytes()
    assert "Verschlüsselte Kopie geschrieben" in dialog.message.text()

    context.actors.save_organisation(OrganisationData(name="Danach"))
    ask_answers(monkeypatch, QMessageBox.StandardButton.Yes)
    open_file(target)
    type_in("falsch")
    click(qtbot, dialog, "restoreOtherButton")
    assert open_file.asked == ["Sicherung wiederherstellen"] and type_in.asked == ["Kennwort der Datei"]
    assert "Kennwort ist falsch" in message_boxes[-1]
    assert "Danach" in organisation_names(context)  # nothing changed
    open_file(target)
    type_in("Stick-Kennwort")
    with qtbot.waitSignal(dialog.restored):
        click(qtbot, dialog, "restoreOtherButton")
    assert organisation_names(context) == ["Familienzentrum Regenbogen"]
    assert "Wiederhergestellt: Stand stick.sozk" in dialog.message.text()


def test_cancelled_file_choice_restores_nothing(window, context, qtbot, monkeypatch, open_file):
    context.actors.save_organisation(OrganisationData(name="Bleibt"))
    dialog = open_backups(window, qtbot)
    asked = ask_answers(monkeypatch, QMessageBox.StandardButton.Yes)
    open_file(None)
    click(qtbot, dialog, "restoreOtherButton")
    assert open_file.done() and asked == []  # no question without a file
    assert organisation_names(context) == ["Bleibt"]


def test_password_is_set_from_the_menu(window, context, qtbot):
    path = sqlite_file(context.db_url)
    context.actors.save_organisation(OrganisationData(name="Geheimer Träger"))
    use_action(qtbot, window, "passwordAction")
    dialog = window.findChild(PasswordDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.addWidget(dialog)
    assert not dialog.remove.isVisibleTo(dialog)  # nothing to remove yet
    type_text(qtbot, dialog.new_password, "kurz")
    type_text(qtbot, dialog.repeated, "kurz")
    click_box_button(qtbot, dialog)
    assert "mindestens 8 Zeichen" in dialog.message.text() and dialog.isVisible()
    clear_field(qtbot, dialog.new_password)
    clear_field(qtbot, dialog.repeated)
    type_text(qtbot, dialog.new_password, PASSWORD)
    type_text(qtbot, dialog.repeated, PASSWORD + "x")
    click_box_button(qtbot, dialog)
    assert "stimmen nicht überein" in dialog.message.text() and dialog.isVisible()
    clear_field(qtbot, dialog.repeated)
    type_text(qtbot, dialog.repeated, PASSWORD)
    click_box_button(qtbot, dialog)
    assert not dialog.isVisible()
    assert context.security.encrypted and encryption.is_encrypted(path)
    assert "jetzt verschlüsselt" in window.statusBar().currentMessage()
    assert organisation_names(context) == ["Geheimer Träger"]  # the window goes on working
    assert b"Geheimer" not in path.read_bytes()


def test_unlock_at_start_tells_a_wrong_password(app, qtbot, context):
    context.actors.save_organisation(OrganisationData(name="Verschlossen"))
    context.security.set_password(PASSWORD)
    context.close()
    tries = iter(["daneben", PASSWORD])
    problems = []

    def type_and_open(dialog):
        problems.append(dialog.message.text())
        password = next(tries)
        if password != PASSWORD:
            answer_modal(qtbot, type_and_open)  # the dialog comes again
        type_text(qtbot, dialog.password, password)
        click_box_button(qtbot, dialog)

    shown = answer_modal(qtbot, type_and_open)
    opened = application.open_with_password(context.db_url)
    assert shown
    assert problems == ["", "Das Kennwort ist falsch. Bitte versuchen Sie es noch einmal."]
    assert organisation_names(opened) == ["Verschlossen"]
    opened.close()
    shown = answer_modal(qtbot, lambda dialog: click_box_button(qtbot, dialog, QDialogButtonBox.StandardButton.Cancel))
    assert application.open_with_password(context.db_url) is None  # "Beenden"
    assert shown and shown[0].findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel).text() == (
        "Beenden"
    )


def test_first_start_offers_the_password(app, qtbot, context, monkeypatch):
    from sozialkoordination.ui.shell.main_window import MainWindow
    from sozialkoordination.ui.shell.tasks import TaskRunner

    window = MainWindow(context, TaskRunner(synchronous=True))
    qtbot.addWidget(window)
    asked = ask_answers(monkeypatch, QMessageBox.StandardButton.Yes)

    def choose_password(dialog):
        type_text(qtbot, dialog.new_password, PASSWORD)
        type_text(qtbot, dialog.repeated, PASSWORD)
        click_box_button(qtbot, dialog)

    shown = answer_modal(qtbot, choose_password)
    application.offer_password(context, window)
    assert shown and "verschlüsselt werden" in asked[-1]
    assert context.security.encrypted
