"""The robot: the real main window on the demo data, every area and tab visited, a row selected in every list,
every enabled button and every menu action clicked, every dialog that opens closed again.

It fails on any exception in a slot (pytest-qt turns those into failures), on the calm "unerwarteter Fehler"
dialog, on a failed export, and on a record changed by merely opening and closing something. Every question is
answered "no" or "Abbrechen", every small input box is cancelled, and every file chooser for saving gets a file in
the test's folder, so exports really run. Buttons that change data by design without asking (a task "Erledigt",
"Angehakte einladen" …) are listed below with the reason; every other click must leave the database unchanged."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QMenu,
    QMessageBox,
    QRadioButton,
    QTabWidget,
    QTreeWidget,
    QWidget,
)
from sqlalchemy import func, select

from sozialkoordination.demo.service import DemoService
from sozialkoordination.models import Base
from sozialkoordination.ui.shell.main_window import MainWindow
from sozialkoordination.ui.shell.tasks import TaskRunner
from tests.ui.helpers import choose_area, select_row

# Buttons that change stored data at once, by design (they are the action itself, not a way into a dialog).
CHANGES_BY_DESIGN = {
    "inviteButton": "lädt die angehakten Personen ein",
    "doneButton": "markiert die Aufgabe als erledigt",
    "reopenButton": "öffnet die erledigte Aufgabe wieder",
    "milestoneDoneButton": "hakt den nächsten Meilenstein ab",
    "backupButton": "legt eine Sicherung an (die Datenbank selbst bleibt gleich)",
}
# Actions that would end the test run itself.
NOT_CLICKED = {"quitAction"}
FAILURE_WORDS = ("unerwartet", "fehlgeschlagen", "konnte nicht", "nicht gespeichert", "gelöscht")


class Robot:
    def __init__(self, qtbot, window: MainWindow, context, tmp_path: Path, monkeypatch):
        self.qtbot = qtbot
        self.window = window
        self.context = context
        self.tmp_path = tmp_path
        self.messages: list[str] = []
        self.dialogs: list[str] = []
        self.clicked: list[str] = []
        self.problems: list[str] = []
        self._current = ""
        self._area_key = ""
        self._tab: tuple[QTabWidget, int] | None = None
        self._files = 0
        self._patch(monkeypatch)

    # -- the standard dialogs answered like a cautious user ------------------------------------------------------
    def _patch(self, monkeypatch) -> None:
        def notice(parent, title, text, *args, **kwargs):
            self.messages.append(f"{self._current}: {title}: {text}")
            return QMessageBox.StandardButton.Ok

        def question(parent, title, text, *args, **kwargs):
            self.messages.append(f"{self._current}: ? {text}")
            return QMessageBox.StandardButton.No

        for name in ("warning", "critical", "information"):
            monkeypatch.setattr(QMessageBox, name, notice)
        monkeypatch.setattr(QMessageBox, "question", question)
        monkeypatch.setattr(QMessageBox, "about", lambda *a, **k: None)

        def save(parent, title="", directory="", filters="", *args, **kwargs):
            self._files += 1
            first = (filters or "(*.xlsx)").split(";;")[0]
            match = re.search(r"\*(\.\w+)", first)
            suffix = match.group(1) if match else ".xlsx"
            return str(self.tmp_path / f"robot{self._files}{suffix}"), first

        monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
        monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([], ""))
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: "")
        for name in ("getText", "getMultiLineText", "getItem"):
            monkeypatch.setattr(QInputDialog, name, lambda *a, **k: ("", False))
        for name in ("getInt", "getDouble"):
            monkeypatch.setattr(QInputDialog, name, lambda *a, **k: (0, False))

        robot = self

        def exec_and_cancel(dialog, *args, **kwargs):
            """A blocking dialog: shown, looked at, then closed with Abbrechen (Escape) as a user would."""
            dialog.show()
            QApplication.processEvents()
            robot.dialogs.append(f"{robot._current} → {dialog.windowTitle() or type(dialog).__name__}")
            if not dialog.windowTitle():
                robot.problems.append(f"{robot._current}: Dialog {type(dialog).__name__} ohne Titel")
            dialog.reject()
            return 0

        monkeypatch.setattr(QDialog, "exec", exec_and_cancel)
        monkeypatch.setattr(QMenu, "exec", lambda *a, **k: None)

    # -- looking at the database -------------------------------------------------------------------------------
    def fingerprint(self) -> dict[str, int]:
        counts = {}
        with self.context.session_factory() as session:
            for table in Base.metadata.sorted_tables:
                counts[table.name] = session.scalar(select(func.count()).select_from(table))
        return counts

    # -- walking ---------------------------------------------------------------------------------------------
    def close_new_windows(self, before: set[int]) -> None:
        for widget in QApplication.topLevelWidgets():
            if id(widget) in before or not widget.isVisible() or widget is self.window:
                continue
            if isinstance(widget, QMenu):
                widget.close()
                continue
            title = widget.windowTitle()
            self.dialogs.append(f"{self._current} → {title or type(widget).__name__}")
            if isinstance(widget, QDialog) and not title:
                self.problems.append(f"{self._current}: Dialog {type(widget).__name__} ohne Titel")
            self.press_escape_or_reject(widget)

    def press_escape_or_reject(self, widget: QWidget) -> None:
        """Close like a user: Escape (which asks before unsaved changes are dropped), else the close button."""
        self.qtbot.keyClick(widget, Qt.Key.Key_Escape)
        QApplication.processEvents()
        if widget.isVisible():
            widget.reject() if isinstance(widget, QDialog) else widget.close()

    def click(self, label: str, do) -> None:
        self._current = label
        before_windows = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
        before_data = self.fingerprint()
        messages_before = len(self.messages)
        do()
        QApplication.processEvents()
        self.close_new_windows(before_windows)
        self.clicked.append(label)
        for text in self.messages[messages_before:]:
            question = text.split(": ", 1)[1].startswith("?")
            if any(word in text.lower() for word in FAILURE_WORDS) and not question:
                self.problems.append(text)
            if question and "nicht gespeichert" in text:  # the robot changed nothing: nothing can be unsaved
                self.problems.append(f"{text} (nur geöffnet und geschlossen)")
        after = self.fingerprint()
        name = label.rsplit("/", 1)[-1]
        if after != before_data and name not in CHANGES_BY_DESIGN:
            changed = {t: (before_data[t], after[t]) for t in after if after[t] != before_data[t]}
            self.problems.append(f"{label}: Daten geändert ohne Absicht {changed}")

    def select_first_rows(self, area: QWidget, deeper: bool = False) -> None:
        for view in area.findChildren(QAbstractItemView):
            if isinstance(view, QHeaderView) or not view.isVisible() or not view.model() or not view.model().rowCount():
                continue
            if isinstance(view, QTreeWidget) and view.topLevelItemCount():
                item = view.topLevelItem(0)
                if deeper and item.childCount():
                    item.setExpanded(True)
                    item = item.child(0)
                rect = view.visualItemRect(item)
                self.qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
                continue
            select_row(self.qtbot, view, 0)

    def buttons(self, area: QWidget) -> list[QAbstractButton]:
        return [
            b
            for b in area.findChildren(QAbstractButton)
            if b.isVisible()
            and b.isEnabled()
            and b.window() is self.window
            and not isinstance(b, QCheckBox | QRadioButton)
            and not b.objectName().startswith("qt_")
            and (b.objectName() or b.text())
        ]

    def press_every_button(self, area: QWidget, where: str) -> None:
        seen = set()
        for deeper in (False, True):  # then once more with the first entry one level down selected in trees
            self.select_first_rows(area, deeper)
            for index, button in enumerate(self.buttons(area)):
                self.back_to_area(area)
                self.select_first_rows(area, deeper)
                name = button.objectName() or f"{button.text().replace('&', '')} #{index + 1}"
                if id(button) in seen or not button.isVisible() or not button.isEnabled():
                    continue
                seen.add(id(button))
                self.click(f"{where}/{name}", lambda b=button: self.qtbot.mouseClick(b, Qt.MouseButton.LeftButton))

    def back_to_area(self, area: QWidget) -> None:
        """A button may lead to another area (the start page's "Anzeigen"): the robot goes back by navigation."""
        if self._area_key and self.window.area_key() != self._area_key:
            choose_area(self.qtbot, self.window, self._area_key)
        tabs = self._tab
        if tabs is not None and tabs[0].currentIndex() != tabs[1]:
            tab_bar = tabs[0].tabBar()
            self.qtbot.mouseClick(tab_bar, Qt.MouseButton.LeftButton, pos=tab_bar.tabRect(tabs[1]).center())

    def visit_area(self, key: str) -> None:
        self._area_key, self._tab = key, None
        area = choose_area(self.qtbot, self.window, key)
        self.select_first_rows(area)
        self.press_every_button(area, key)
        for tabs in area.findChildren(QTabWidget):
            for index in range(tabs.count()):
                if not tabs.isVisible() or not tabs.isTabEnabled(index):
                    continue
                tab_bar = tabs.tabBar()
                self.qtbot.mouseClick(tab_bar, Qt.MouseButton.LeftButton, pos=tab_bar.tabRect(index).center())
                assert tabs.currentIndex() == index
                self._tab = (tabs, index)
                self.select_first_rows(tabs.widget(index))
                self.press_every_button(tabs.widget(index), f"{key}/{tabs.tabText(index)}")

    def menu_actions(self) -> list[QAction]:
        actions = []
        for menu in self.window.menuBar().findChildren(QMenu):
            for action in menu.actions():
                if action.menu() is None and not action.isSeparator() and action.objectName() not in NOT_CLICKED:
                    actions.append(action)
        return actions

    def trigger_every_menu_action(self) -> None:
        for action in self.menu_actions():
            if not action.isEnabled():
                continue
            label = f"Menü/{action.objectName() or action.text()}"
            menu = next(m for m in self.window.menuBar().findChildren(QMenu) if action in m.actions())

            def choose(m=menu, a=action):
                # The menu bar entry, then the action in the opened menu, with the mouse.
                m.popup(self.window.mapToGlobal(self.window.rect().topLeft()))
                self.qtbot.waitUntil(m.isVisible)
                self.qtbot.mouseClick(m, Qt.MouseButton.LeftButton, pos=m.actionGeometry(a).center())

            self.click(label, choose)


@pytest.fixture
def demo_window(app, qtbot, context):
    DemoService(context.session_factory).generate()
    context.profile.save("Anna Beispiel", context.areas.find_region("SR-B").id)
    QSettings().setValue("window/area", 0)
    window = MainWindow(context, TaskRunner(synchronous=True))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_every_button_and_menu_action_of_every_area_works(demo_window, qtbot, context, tmp_path, monkeypatch):
    robot = Robot(qtbot, demo_window, context, tmp_path, monkeypatch)
    for key, _label in demo_window._areas_list:
        robot.visit_area(key)
    robot.trigger_every_menu_action()

    if os.environ.get("ROBOT_REPORT"):  # what the robot did, for a developer who wants to read it
        Path(os.environ["ROBOT_REPORT"]).write_text(
            "\n".join(["# clicked", *robot.clicked, "# dialogs", *robot.dialogs, "# messages", *robot.messages])
        )
    assert robot.problems == [], "\n".join(robot.problems)
    # The walk really went everywhere: every area, the meeting tabs, the menus, the exports.
    visited = {label.split("/")[0] for label in robot.clicked}
    assert visited >= {key for key, _ in demo_window._areas_list} | {"Menü"}
    assert len(robot.clicked) > 100, robot.clicked
    assert any("Protokoll" in label for label in robot.clicked)
    exported = [p for p in tmp_path.iterdir() if p.name.startswith("robot") and p.stat().st_size > 0]
    assert len(exported) >= 8, sorted(p.name for p in tmp_path.iterdir())
