"""Help in the app (issue 22): F1 opens the handbook page of the current area or dialog, the Hilfe menu opens the
handbook, and every area says in one line what it is for."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from sozialkoordination.demo.service import DemoService
from sozialkoordination.ui.shell.help import AREA_PAGES, DIALOG_PAGES, HelpWindow, page_path, summary
from sozialkoordination.ui.shell.main_window import MainWindow
from sozialkoordination.ui.shell.tasks import TaskRunner
from tests.ui.helpers import answer_modal, choose_area, trigger


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
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def shown_help() -> HelpWindow:
    windows = [w for w in QApplication.allWidgets() if isinstance(w, HelpWindow) and w.isVisible()]
    assert len(windows) == 1, windows
    return windows[0]


def heading(page: str) -> str:
    return page_path(page).read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()


def test_every_page_of_the_handbook_exists_and_says_what_the_area_is_for():
    for page in {*AREA_PAGES.values(), *DIALOG_PAGES.values(), "index.md", "tastatur.md", "barrierefreiheit.md"}:
        assert page_path(page).is_file(), page
    for key, page in AREA_PAGES.items():
        assert len(summary(page)) > 20, key


def test_f1_opens_the_page_of_each_area(demo_window, qtbot):
    for key, label in demo_window._areas_list:
        choose_area(qtbot, demo_window, key)
        hint = demo_window.findChild(QLabel, "areaHint")
        assert hint.isVisible() and summary(AREA_PAGES[key]) in hint.full_text(), label
        qtbot.keyClick(QApplication.focusWidget() or demo_window, Qt.Key.Key_F1)
        help_window = shown_help()
        assert help_window.page == AREA_PAGES[key], label
        assert help_window.browser.toPlainText().startswith(heading(AREA_PAGES[key])), label
        help_window.close()
        demo_window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is demo_window)


def test_f1_in_a_dialog_opens_its_page_above_the_dialog(demo_window, qtbot):
    choose_area(qtbot, demo_window, "networks")
    seen = {}

    def press_f1(dialog):
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)  # F1 goes to the window the user sees
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_F1)
        help_window = shown_help()
        seen.update(page=help_window.page, parent=help_window.parentWidget(), dialog_open=dialog.isVisible())
        help_window.close()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    shown = answer_modal(qtbot, press_f1)
    trigger(qtbot, demo_window, "newOrganisationAction")  # Strg+N: the (modal) form opens
    assert shown
    assert seen["page"] == "akteure.md"  # the form's page, not the area's (Netzwerke)
    assert seen["parent"] is shown[0]  # the help belongs to the dialog, so the dialog does not block it
    assert seen["dialog_open"]


def test_the_help_menu_opens_the_keyboard_page_and_the_statement(demo_window, qtbot):
    trigger(qtbot, demo_window, "keyboardHelpAction")
    help_window = shown_help()
    assert help_window.page == "tastatur.md"
    assert "Strg+K" in help_window.browser.toPlainText()
    qtbot.mouseClick(help_window.findChild(QPushButton, "helpHomeButton"), Qt.MouseButton.LeftButton)
    assert help_window.browser.toPlainText().startswith("Handbuch Sozialkoordination")
    help_window.close()
    trigger(qtbot, demo_window, "statementAction")
    assert shown_help().page == "barrierefreiheit.md"
    assert "Erklärung zur Barrierefreiheit" in shown_help().browser.toPlainText()


def test_f1_in_the_angebotslandkarte_and_in_an_offer_opened_from_it(demo_window, qtbot):
    from sozialkoordination.ui.offers.dialogs import AngebotDialog
    from sozialkoordination.ui.offers.map_dialog import AngebotMapDialog
    from tests.ui.helpers import click_opens

    view = choose_area(qtbot, demo_window, "praeventionskette")
    dialog = click_opens(qtbot, view, "chainMapButton", AngebotMapDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_F1)
    assert shown_help().page == "praeventionskette.md"
    shown_help().close()
    dialog.point_list.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(dialog.point_list, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.point_list, Qt.Key.Key_Return)
    offer = dialog.opened
    assert isinstance(offer, AngebotDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is offer)
    qtbot.keyClick(offer.focusWidget() or offer, Qt.Key.Key_F1)
    assert shown_help().page == "familienangebote.md"  # the offer's form, not the Präventionskette
    shown_help().close()
    offer.close()
    dialog.close()
