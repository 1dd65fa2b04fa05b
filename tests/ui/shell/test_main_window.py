"""Main window, start page, first start, settings and the area editor, used the way a coordinator would."""

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QProgressDialog, QPushButton

from sozialkoordination.actors.service import ActorFilter
from sozialkoordination.ui.coordinator_profile.dialog import ProfileDialog
from sozialkoordination.ui.shell import application
from sozialkoordination.ui.shell.help import HelpWindow
from sozialkoordination.ui.shell.main_window import MainWindow
from sozialkoordination.ui.shell.tasks import TaskRunner
from tests.ui.helpers import (
    answer_modal,
    choose_area,
    choose_in,
    click,
    click_box_button,
    click_tree_item,
    press_shortcut,
    set_checked,
    type_text,
    use_action,
)


def card_button(start, key: str) -> QPushButton:
    """The "Anzeigen" link under a figure of the start page."""
    return start.figure_labels[key].parent().findChild(QPushButton)


def test_start_page_greets_with_own_region_figures(app, qtbot, context):
    from sozialkoordination.demo.service import DemoService

    DemoService(context.session_factory).generate()
    context.profile.save("Anna Beispiel", context.areas.find_region("SR-B").id)
    QSettings().setValue("window/area", 0)  # the start page, as the window reopens the area it was closed on
    window = MainWindow(context, TaskRunner(synchronous=True))
    qtbot.addWidget(window)
    window.show()
    assert set(window._views) == {"start"}  # the other areas are built when first opened
    start = window.start_view
    assert start.greeting.text().endswith(", Anna")
    assert "Sozialregion Adelebsen/Bovenden" in start.subtitle.text()
    region = context.areas.find_region("SR-B").id
    assert start.figure_labels["organisations"].text() == str(context.actors.count(ActorFilter(sozialregion_id=region)))
    assert start.meetings_list.count() >= 1
    assert "Regionales Sozialforum Adelebsen/Bovenden" in start.meetings_list.item(0).text()
    assert card_button(start, "open_tasks").text() == "Anzeigen"
    qtbot.mouseClick(card_button(start, "open_tasks"), Qt.MouseButton.LeftButton)
    assert window.area_key() == "tasks" and set(window._views) == {"start", "tasks"}
    choose_area(qtbot, window, "start")
    qtbot.mouseClick(card_button(start, "persons"), Qt.MouseButton.LeftButton)
    assert window.area_key() == "actors" and window.actors_view.kind_tabs.currentIndex() == 1
    assert window.actors_view.count_label.text().endswith(("Person", "Personen"))

    choose_area(qtbot, window, "start")
    item = start.meetings_list.item(0)
    title = item.text()
    rect = start.meetings_list.visualItemRect(item)
    qtbot.mouseClick(start.meetings_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(start.meetings_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    meetings = window.meetings_view
    assert window.area_key() == "meetings" and meetings.current_id() is not None
    assert meetings.table.item(meetings.table.currentRow(), 1).text() in title


def test_first_start_asks_name_and_region_and_loads_demo(app, qtbot, context):
    window = MainWindow(context, TaskRunner(synchronous=True))
    qtbot.addWidget(window)
    seen = {}

    def answer(dialog):
        seen["demo offered"] = dialog.demo_check.isVisibleTo(dialog)  # empty database: demo data offered
        set_checked(qtbot, dialog.demo_check)
        click(qtbot, dialog, "okButton")
        seen["name required"] = dialog.isVisible() and dialog.error_label.isVisibleTo(dialog)
        type_text(qtbot, dialog.name_edit, "Jörg Koordinator")
        choose_in(qtbot, dialog.region_combo, "Südharz")
        click(qtbot, dialog, "okButton")

    shown = answer_modal(qtbot, answer)
    assert application.first_start(context, window, TaskRunner(synchronous=True)) is True
    assert shown and not shown[0].isVisible()
    assert seen == {"demo offered": True, "name required": True}
    profile = context.profile.load()
    assert profile.user_name == "Jörg Koordinator"
    assert profile.sozialregion_id == context.areas.find_region("SR-C").id
    assert context.actors.count(ActorFilter()) > 250
    assert "Jörg Koordinator" in window.db_label.text() and "Südharz" in window.db_label.text()
    # the handbook's "Erste Schritte" opens beside the window after the first start
    helper = window.findChild(HelpWindow)
    assert helper is not None and helper.isVisible() and "Erste Schritte" in helper.browser.toPlainText()


def test_cancelled_first_start_stores_nothing(app, qtbot, context, answer_yes):
    """A name typed, then Abbrechen and "Ja, ohne Angaben beenden": nothing is stored."""
    window = MainWindow(context, TaskRunner(synchronous=True))
    qtbot.addWidget(window)

    def cancel(dialog):
        type_text(qtbot, dialog.name_edit, "Fast Angemeldet")
        click_box_button(qtbot, dialog, QDialogButtonBox.StandardButton.Cancel)

    shown = answer_modal(qtbot, cancel)
    assert application.first_start(context, window, TaskRunner(synchronous=True)) is False
    assert shown
    assert len(answer_yes) == 1 and answer_yes[0].startswith("Ohne Angaben beenden?")
    assert context.profile.load().user_name is None


def test_cancelling_the_welcome_asks_before_the_program_ends(app, qtbot, context, monkeypatch):
    """Abbrechen at first start no longer quits silently: "Ohne Angaben beenden?" – Nein goes back to the form,
    Ja ends it, and nothing is stored."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    window = MainWindow(context, TaskRunner(synchronous=True))
    qtbot.addWidget(window)
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked, still_open = [], []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)

    def in_dialog():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ProfileDialog)
        cancel = dialog.findChild(QPushButton, "cancelButton")
        assert cancel.text() == "Abbrechen"
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)  # answered "Nein": back to the form
        still_open.append(dialog.isVisible())
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # answered "Ja": the program ends

    QTimer.singleShot(0, in_dialog)
    assert application.first_start(context, window, TaskRunner(synchronous=True)) is False
    assert still_open == [True]
    assert len(asked) == 2 and asked[0].startswith("Ohne Angaben beenden?")
    assert "Beim nächsten Start werden Sie wieder gefragt" in asked[0]
    assert context.profile.load().user_name is None


def test_settings_change_the_region_shown(window, qtbot, context):
    def answer(dialog):
        assert not dialog.demo_check.isVisibleTo(dialog)  # no demo offer outside the first start
        assert dialog.name_edit.text() == "Anna Beispiel"
        choose_in(qtbot, dialog.region_combo, "Eichsfeld/Duderstadt")
        click(qtbot, dialog, "okButton")

    shown = answer_modal(qtbot, answer)
    use_action(qtbot, window, "settingsAction")  # Datei → Einstellungen …
    assert shown and not shown[0].isVisible()
    names = {r.id: r.name for r in context.areas.regions()}
    assert names[context.profile.load().sozialregion_id] == "Eichsfeld/Duderstadt"
    assert "Eichsfeld/Duderstadt" in window.db_label.text()
    assert choose_area(qtbot, window, "actors").region_combo.currentText() == "Eichsfeld/Duderstadt"
    assert choose_area(qtbot, window, "tasks").region_combo.currentText() == "Eichsfeld/Duderstadt"
    assert window.statusBar().currentMessage() == "Einstellungen gespeichert."


def test_rename_region_and_move_sozialraum_in_the_area_view(window, qtbot, context, type_in):
    view = choose_area(qtbot, window, "areas")
    region_b = context.areas.find_region("SR-B").id
    click_tree_item(qtbot, view.tree, "Adelebsen/Bovenden")
    assert view.rename_button.isEnabled() and not view.move_button.isEnabled()
    type_in("Nordwest")
    click(qtbot, view, "renameRegionButton")
    assert type_in.asked == ["Sozialregion umbenennen"]
    assert context.areas.find_region("SR-B").name == "Nordwest"
    assert "Nordwest" in window.db_label.text()  # own region renamed everywhere
    assert window.actors_view.region_combo.currentText() == "Nordwest"
    assert window.actors_view.region_combo.findText("Adelebsen/Bovenden") == -1
    click_tree_item(qtbot, view.tree, "Rosdorf/Friedland/Gleichen", "Rosdorf")
    assert view.move_button.isEnabled() and not view.rename_button.isEnabled()
    type_in("Nordwest")
    click(qtbot, view, "moveRaumButton")
    assert "Rosdorf" in {r.name for r in context.areas.sozialraeume(region_b)}
    texts = [view.tree.topLevelItem(1).child(i).text(0) for i in range(view.tree.topLevelItem(1).childCount())]
    assert "Rosdorf" in texts
    assert view.tree.currentItem().text(0) == "Rosdorf"  # the moved Sozialraum stays selected


def test_cancelled_rename_and_move_change_nothing(window, qtbot, context, type_in, message_boxes):
    view = choose_area(qtbot, window, "areas")
    click_tree_item(qtbot, view.tree, "Adelebsen/Bovenden")
    type_in(None)  # Abbrechen
    click(qtbot, view, "renameRegionButton")
    click_tree_item(qtbot, view.tree, "Rosdorf/Friedland/Gleichen", "Rosdorf")
    type_in(None)
    click(qtbot, view, "moveRaumButton")
    assert context.areas.find_region("SR-B").name == "Adelebsen/Bovenden"
    assert context.areas.find_sozialraum("Rosdorf").sozialregion_id == context.areas.find_region("SR-F").id
    assert message_boxes == []  # no "gelöscht" or other message for a cancelled choice


def test_empty_region_name_is_refused_with_a_message(window, qtbot, context, message_boxes, type_in):
    view = choose_area(qtbot, window, "areas")
    click_tree_item(qtbot, view.tree, "Osterode/Herzberg")
    type_in("  ")
    click(qtbot, view, "renameRegionButton")
    assert context.areas.find_region("SR-A").name == "Osterode/Herzberg"
    assert any("darf nicht leer sein" in text for text in message_boxes)


def test_shortcuts_switch_areas(window, qtbot):
    press_shortcut(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.area_key() == "actors"
    press_shortcut(qtbot, window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.area_key() == "start"


def test_about_box(window, qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append(text))
    use_action(qtbot, window, "aboutAction")  # Hilfe → Über Sozialkoordination
    assert "Sozialkoordination" in shown[0] and "GeoBasis-DE" in shown[0]


def test_add_a_missing_ortschaft_from_the_area_view(window, qtbot, context):
    def add_place(dialog):
        assert "Eddigehausen" in dialog.names()
        qtbot.keyClicks(dialog.name_edit, "Angerstein")
        qtbot.keyClicks(dialog.postcode_edit, "3712x")  # a typo: refused with a message
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
        assert "keine gültige Postleitzahl" in dialog.error_label.text()
        assert "Angerstein" not in dialog.names()
        qtbot.keyClick(dialog.postcode_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(dialog.postcode_edit, "37120")
        qtbot.keyClick(dialog.postcode_edit, Qt.Key.Key_Return)
        assert "Angerstein" in dialog.names() and not dialog.error_label.isVisibleTo(dialog)
        click_box_button(qtbot, dialog, QDialogButtonBox.StandardButton.Close)

    view = choose_area(qtbot, window, "areas")
    click_tree_item(qtbot, view.tree, "Adelebsen/Bovenden", "Bovenden")
    shown = answer_modal(qtbot, add_place)
    click(qtbot, view, "placesButton")
    assert shown and not shown[0].isVisible()
    assert context.areas.suggest_sozialraum("37120", "Angerstein").sozialraum_name == "Bovenden"


def test_one_window_per_database_file(db_url, app):
    from sozialkoordination.db.instance_lock import DatabaseInUseError
    from sozialkoordination.ui.shell.application import lock_database

    first = lock_database(db_url)
    assert first is not None and first.locked
    with pytest.raises(DatabaseInUseError):
        lock_database(db_url)  # a second window on the same file
    first.release()
    again = lock_database(db_url)  # free again once the first window closed
    assert again.locked
    again.release()
    assert lock_database("postgresql://server/sozial") is None  # a server database needs no file lock


WRITING_COMMANDS = [
    ["restore", "SICHERUNG"],
    ["demo"],
    ["password", "remove"],
    ["import", "actors", "LISTE"],
    ["import", "undo", "1"],
    ["exchange", "import", "PAKET"],
    ["exchange", "export", "--to", "Geschäftsstelle", "PAKET"],
    ["privacy", "erase", "1", "--ja"],
]


@pytest.mark.parametrize("command", WRITING_COMMANDS, ids=lambda c: "-".join(c[:2]))
def test_commands_that_write_refuse_while_the_window_is_open(tmp_path, capsys, command, monkeypatch):
    """Seen: `restore` while the window was open deleted the window's -wal and replaced the file; 6 saves
    confirmed in the window afterwards, 0 in the file. Every command that writes honours the window's lock."""
    from sozialkoordination.__main__ import main
    from sozialkoordination.actors.service import OrganisationData, PersonData
    from sozialkoordination.app import open_context

    monkeypatch.setenv("SOZIALKOORDINATION_DATEI_KENNWORT", "Transport-Kennwort")
    path = tmp_path / "sozial.sqlite"
    context = open_context(f"sqlite:///{path}")
    context.actors.save_organisation(OrganisationData(name="Im Fenster gespeichert"))
    context.actors.save_person(PersonData(first_name="Kim", last_name="Beispiel"))
    saved = context.security.write_backup(tmp_path / "sicherung.sqlite")
    context.actors.save_organisation(OrganisationData(name="Danach gespeichert"))
    context.close()
    files = {"SICHERUNG": str(saved), "LISTE": str(tmp_path / "liste.csv"), "PAKET": str(tmp_path / "paket.sozdp")}
    (tmp_path / "liste.csv").write_text("Einrichtung;PLZ\nKita Neu;37120\n", encoding="utf-8")
    window_lock = application.lock_database(f"sqlite:///{path}")  # as run() takes it when the window opens
    try:
        code = main(["--db", str(path), *[files.get(part, part) for part in command]])
    finally:
        window_lock.release()
    error = capsys.readouterr().err
    assert code == 1
    assert "gerade im Programmfenster von Sozialkoordination geöffnet" in error
    assert "Bitte schließen Sie das Fenster und versuchen Sie es erneut." in error
    context = open_context(f"sqlite:///{path}")
    try:
        names = sorted(row.values[0] for row in context.actors.rows(ActorFilter()))
    finally:
        context.close()
    assert names == ["Danach gespeichert", "Im Fenster gespeichert"]  # unchanged
    assert not (tmp_path / "paket.sozdp").exists()


def test_damage_found_by_the_check_after_the_window_opened_closes_it_with_the_way_back(
    app, qtbot, db_url, message_boxes
):
    from sozialkoordination.app import open_context
    from sozialkoordination.config import sqlite_file
    from sozialkoordination.db import backup
    from tests.unit.protection.test_backups import damage_a_table_page

    context = open_context(db_url)
    context.profile.save("Anna Beispiel", context.areas.find_region("SR-B").id)
    context.close()
    saved = backup.backup_before(context.engine, "manuell")
    damage_a_table_page(sqlite_file(db_url))
    context = open_context(db_url, check_later=True)  # what the window does: it opens at once
    window = MainWindow(context, TaskRunner(synchronous=True))
    qtbot.addWidget(window)
    window.show()
    assert window.isVisible()
    application.check_in_background(context, window, TaskRunner(synchronous=True))
    assert any("beschädigt" in text and str(saved) in text for text in message_boxes)
    assert not window.isVisible()  # nothing more is written to the damaged file
    context.close()


def test_an_intact_file_is_checked_quietly_in_the_background(app, qtbot, window, context, message_boxes):
    runner = TaskRunner()  # a real background thread, as at start
    task = application.check_in_background(context, window, runner)
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    assert message_boxes == [] and window.isVisible()
    assert window.findChild(QProgressDialog) is None  # housekeeping shows no progress dialog
