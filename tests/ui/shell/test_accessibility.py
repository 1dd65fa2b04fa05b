"""Accessibility audit (BITV 2.0 / EN 301 549, issue 22): the real main window on the demo data, every area and the
main dialogs. Every focusable widget has a name a screen reader can announce, buttons of one window are told
apart by their names, every button is reached by Tab (or has a shortcut), Tab leaves tables and notes fields, every
dialog has a title, and every text colour of the theme keeps its contrast in the light, dark and high-contrast
palette."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QHeaderView,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QStyle,
    QTabBar,
    QTabWidget,
    QToolButton,
    QWidget,
)

from sozialkoordination.demo.service import DemoService
from sozialkoordination.ui.actors.organisation_dialog import OrganisationDialog
from sozialkoordination.ui.meetings.meeting_dialog import MeetingDialog
from sozialkoordination.ui.shell import theme
from sozialkoordination.ui.shell.main_window import MainWindow
from sozialkoordination.ui.shell.tasks import TaskRunner
from sozialkoordination.ui.widgets.accessibility import accessible_name
from tests.ui.helpers import choose_area, select_row

# Buttons that open the main dialogs of the areas (the menus open the others).
DIALOG_BUTTONS = (
    "newNetworkButton",
    "editNetworkButton",
    "addMembersButton",
    "setBudgetButton",
    "newApplicationButton",
    "editTaskButton",
    "newVolunteerButton",
    "volunteerMatchButton",
    "newOfferButton",
    "newActivityButton",
    "proposalsButton",
    "newIndicatorButton",
    "importIndicatorsButton",
    "newMeetingButton",
    "newItemButton",
    "walkInButton",
    "gapChoiceButton",  # on the Netzwerke area's "Weiße Flecken" tab
    "newAngebotButton",
    "chainMapButton",
)


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


def _internal(widget: QWidget) -> bool:
    """Parts Qt names itself (a combo box's line edit is announced as the combo box)."""
    parent = widget.parentWidget()
    if widget.objectName().startswith("qt_") or isinstance(widget, QHeaderView | QTabBar):
        return True
    if isinstance(parent, QAbstractScrollArea) and widget is parent.viewport():
        return True  # the drawing surface of a list or map: the view itself carries the name
    return isinstance(parent, QComboBox | QAbstractSpinBox)


def _shown(widget: QWidget, window: QWidget) -> bool:
    return widget.isVisible() and widget.isEnabled() and widget.window() is window and not _internal(widget)


def audit(window: QWidget, where: str) -> list[str]:
    """What a screen-reader user would miss in this window as it is shown now."""
    problems = []
    if isinstance(window, QDialog) and not window.windowTitle():
        problems.append(f"{where}: Dialog {type(window).__name__} ohne Titel")
    names: dict[str, list[QWidget]] = {}
    for widget in window.findChildren(QWidget):
        if not _shown(widget, window):
            continue
        owner = widget.parentWidget()
        label = f"{where}: {type(widget).__name__} {widget.objectName() or ''} in {type(owner).__name__}"
        focusable = bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        if focusable and not accessible_name(widget):
            problems.append(f"{label} hat keinen Namen")
        if isinstance(widget, QAbstractItemView) and widget.tabKeyNavigation():
            problems.append(f"{label}: Tab bleibt in der Tabelle")
        if isinstance(widget, QPlainTextEdit) and not widget.isReadOnly() and not widget.tabChangesFocus():
            problems.append(f"{label}: Tab schreibt ein Tabzeichen")
        if isinstance(widget, QAbstractButton) and not isinstance(widget, QToolButton):
            if not focusable and widget.shortcut().isEmpty():
                problems.append(f"{label} „{widget.text()}“ ist mit der Tastatur nicht erreichbar")
            names.setdefault(accessible_name(widget), []).append(widget)
    for name, buttons in names.items():
        if name and len(buttons) > 1:
            problems.append(f"{where}: {len(buttons)} Knöpfe heißen „{name}“")
    return problems


def _reveal(widget: QWidget) -> None:
    """Choose the tabs a widget lies on, as a user does before clicking it."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QTabWidget):
            page = next(
                (parent.widget(i) for i in range(parent.count()) if parent.widget(i).isAncestorOf(widget)), None
            )
            if page is not None:
                parent.setCurrentWidget(page)
        parent = parent.parentWidget()


def tab_chain(qtbot, window: QWidget, start: QWidget, limit: int = 400) -> list[QWidget]:
    """Press Tab from `start` until the focus comes back round: the widgets in the order the keyboard reaches them."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start)
    reached = [start]
    for _ in range(limit):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        if focused is None or focused is start or focused in reached[-1:]:
            break
        reached.append(focused)
    return reached


def test_every_area_is_named_and_reached_by_the_keyboard(demo_window, qtbot):
    problems = []
    for key, label in demo_window._areas_list:
        area = choose_area(qtbot, demo_window, key)
        for view in area.findChildren(QAbstractItemView):  # a selected row: the buttons that act on it are enabled
            if view.isVisible() and not isinstance(view, QHeaderView) and view.model() and view.model().rowCount():
                select_row(qtbot, view, 0)
        problems += audit(demo_window, label)
        for tabs in area.findChildren(QTabWidget):
            for index in range(tabs.count()):
                if tabs.isVisible() and tabs.isTabEnabled(index):
                    tabs.setCurrentIndex(index)
                    problems += audit(demo_window, f"{label}/{tabs.tabText(index)}")
                    problems += _tab_enters_page(qtbot, tabs, f"{label}/{tabs.tabText(index)}")
            tabs.setCurrentIndex(0)
        reached = tab_chain(qtbot, demo_window, demo_window.navigation)
        assert len(reached) > 3, f"{label}: Tab kommt nicht über {reached[-1]} hinaus"
        for button in area.findChildren(QAbstractButton):
            if _shown(button, demo_window) and button not in reached and button.shortcut().isEmpty():
                problems.append(f"{label}: „{accessible_name(button)}“ ({button.objectName()}) nicht per Tab erreicht")
    assert problems == [], "\n".join(problems)


def _tab_enters_page(qtbot, tabs: QTabWidget, where: str) -> list[str]:
    """Tab on the chosen tab goes into the page it shows (seen: it jumped past the meeting's panels)."""
    page = tabs.currentWidget()
    inside = [
        w
        for w in page.findChildren(QWidget)
        if w.isVisible() and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus
    ]
    if not inside:
        return []
    tabs.tabBar().setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(tabs.tabBar(), Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    if focused is not None and page.isAncestorOf(focused):
        return []
    return [f"{where}: Tab auf dem Reiter führt zu {focused.objectName() if focused else 'nichts'}, nicht in die Seite"]


def test_the_main_dialogs_are_named_and_titled(demo_window, qtbot, monkeypatch):
    problems: list[str] = []
    seen: list[str] = []

    def look_and_close(dialog, *args, **kwargs):
        dialog.show()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)  # what the user (and a screen reader) meets
        seen.append(dialog.windowTitle())
        problems.extend(audit(dialog, dialog.windowTitle() or type(dialog).__name__))
        dialog.reject()
        return 0

    monkeypatch.setattr(QDialog, "exec", look_and_close)
    monkeypatch.setattr(QMenu, "exec", lambda *a, **k: None)

    def audit_new_windows(before: set[int]) -> None:
        for widget in QApplication.topLevelWidgets():
            if id(widget) in before or not widget.isVisible() or not isinstance(widget, QDialog):
                continue
            qtbot.waitUntil(lambda w=widget: QApplication.activeWindow() is w)
            seen.append(widget.windowTitle())
            problems.extend(audit(widget, widget.windowTitle() or type(widget).__name__))
            widget.reject()

    for action in demo_window.menuBar().actions():
        for entry in action.menu().actions():
            if entry.menu() is not None or entry.isSeparator() or not entry.isEnabled():
                continue
            if entry.objectName() in ("quitAction", "checkAction", "aboutAction", "wholeDistrictAction", ""):
                continue
            before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
            entry.trigger()
            QApplication.processEvents()
            audit_new_windows(before)
    for key, _label in demo_window._areas_list:
        area = choose_area(qtbot, demo_window, key)
        for name in DIALOG_BUTTONS:
            button = area.findChild(QAbstractButton, name)
            if button is not None and not button.isVisible():
                _reveal(button)
            if button is None or not button.isVisible():
                continue
            for view in area.findChildren(QAbstractItemView):
                if view.isVisible() and not isinstance(view, QHeaderView) and view.model() and view.model().rowCount():
                    select_row(qtbot, view, 0)
            if not button.isEnabled():
                continue
            before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            QApplication.processEvents()
            audit_new_windows(before)
    assert len(seen) >= 12, seen
    assert "Was zählt bei den weißen Flecken?" in seen  # a dialog behind a tab is reached too
    assert "Angebotslandkarte" in seen
    assert problems == [], "\n".join(problems)


def test_tab_leaves_tables_and_notes_fields(demo_window, qtbot):
    area = choose_area(qtbot, demo_window, "networks")
    table = area.findChild(QAbstractItemView, "networkTable")
    select_row(qtbot, table, 0)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not table
    assert table.currentIndex().row() == 0  # the arrows still move inside
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert table.currentIndex().row() == 1


def test_start_page_lists_take_the_focus_and_name_their_buttons(demo_window, qtbot):
    start = choose_area(qtbot, demo_window, "start")
    meetings = start.findChild(QAbstractItemView, "nextMeetingsList")
    assert meetings.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert accessible_name(meetings) == "Nächste Sitzungen"
    names = {accessible_name(b) for b in start.findChildren(QAbstractButton) if b.text() == "Anzeigen"}
    assert {"Organisationen anzeigen", "Personen anzeigen", "Überfällige Aufgaben anzeigen"} <= names


def _dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#2d2d2d"),
        (QPalette.ColorRole.WindowText, "#eeeeee"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.AlternateBase, "#2a2a2a"),
        (QPalette.ColorRole.Text, "#f0f0f0"),
        (QPalette.ColorRole.Mid, "#5a5a5a"),
        (QPalette.ColorRole.Highlight, "#3d7ab8"),
        (QPalette.ColorRole.HighlightedText, "#ffffff"),
        (QPalette.ColorRole.Link, "#2a82da"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


def _high_contrast_palette() -> QPalette:
    """Windows' "Nachthimmel"-like contrast theme: yellow and white on black."""
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#000000"),
        (QPalette.ColorRole.WindowText, "#ffffff"),
        (QPalette.ColorRole.Base, "#000000"),
        (QPalette.ColorRole.AlternateBase, "#000000"),
        (QPalette.ColorRole.Text, "#ffffff"),
        (QPalette.ColorRole.Mid, "#ffffff"),
        (QPalette.ColorRole.Highlight, "#1aebff"),
        (QPalette.ColorRole.HighlightedText, "#000000"),
        (QPalette.ColorRole.Link, "#ffff00"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


@pytest.mark.parametrize("which", ["hell", "dunkel", "hoher Kontrast"])
def test_every_text_colour_of_the_theme_keeps_its_contrast(app, which, monkeypatch):
    if which == "hoher Kontrast":
        monkeypatch.setenv(theme.HIGH_CONTRAST_VARIABLE, "hoch")
    palette = {"hell": QApplication.style().standardPalette(), "dunkel": _dark_palette()}.get(
        which, _high_contrast_palette()
    )
    pairs = theme.text_pairs(palette)
    assert len(pairs) > 20
    failing = [
        f"{p.name}: {theme.contrast_ratio(p.text, p.background):.2f}:1 ({p.text.name()} auf {p.background.name()})"
        for p in pairs
        if theme.contrast_ratio(p.text, p.background) < p.minimum
    ]
    assert failing == [], "\n".join(failing)


def test_contrast_ratio_is_computed_as_wcag_defines_it(app):
    assert theme.contrast_ratio(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert theme.contrast_ratio(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
    # The grey hint text the issue measured: 2.30:1 on the window – the theme's hint colour is readable instead.
    light = QApplication.style().standardPalette()
    muted = theme.colour(theme.MUTED, light)
    assert theme.contrast_ratio(muted, light.color(QPalette.ColorRole.Window)) >= 4.5


def test_form_labels_lead_to_their_fields_with_alt_letters(app, qtbot, context):
    dialog = OrganisationDialog(context.actors, context.areas, None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    labels = [label for label in dialog.findChildren(QLabel) if label.buddy() is not None]
    letters = [label.text()[label.text().index("&") + 1].lower() for label in labels if "&" in label.text()]
    assert len(labels) >= 5 and len(letters) == len(labels), [label.text() for label in labels]
    assert len(set(letters)) == len(letters)  # no letter twice in one window
    name_label = next(label for label in labels if label.text().replace("&", "").startswith("Name"))
    letter = name_label.text()[name_label.text().index("&") + 1]
    qtbot.keyClick(dialog, getattr(Qt.Key, f"Key_{letter.upper()}"), Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is name_label.buddy()


def test_check_boxes_grow_with_a_large_font(app, qtbot):
    """At 200 % text size Fusion's 14 px indicators were a quarter of a line beside their labels."""
    box = QCheckBox("Einwilligung liegt vor")
    qtbot.addWidget(box)
    normal = app.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, box)
    large = QFont(box.font())
    large.setPointSizeF(box.font().pointSizeF() * 2)
    box.setFont(large)
    grown = app.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, box)
    assert grown >= 1.6 * normal
    assert box.sizeHint().height() >= grown  # the box makes room for it


def test_alt_letters_reach_fields_made_of_several_widgets(app, qtbot, context):
    """Seen under Xvfb: Alt+L ("Leitung") in the meeting form typed nowhere – the label's field is a row (the chosen
    name, a remove button, the search field) that took no focus itself."""
    dialog = MeetingDialog(context.meetings, context.actors, context.areas)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    for text in ("Leitung", "Protokoll"):
        label = next(lb for lb in dialog.findChildren(QLabel) if lb.buddy() and lb.text().replace("&", "") == text)
        letter = label.text()[label.text().index("&") + 1]
        qtbot.keyClick(dialog, getattr(Qt.Key, f"Key_{letter.upper()}"), Qt.KeyboardModifier.AltModifier)
        focused = QApplication.focusWidget()
        assert focused is not None and label.buddy().isAncestorOf(focused), text
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget().objectName() == "networkCombo"  # the row itself is no extra Tab stop


def test_dialogs_grow_with_a_large_font(app, qtbot, context):
    """Seen at 200 % text: the follow-up meeting's title field was a few letters wide in a 480 px dialog."""
    from datetime import date

    from sozialkoordination.ui.meetings.follow_up_dialog import FollowUpDialog

    normal_dialog = FollowUpDialog("5. Sozialraumkonferenz Herzberg", date(2027, 4, 9))
    qtbot.addWidget(normal_dialog)
    normal_dialog.show()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is normal_dialog)
    normal = normal_dialog.minimumWidth()
    normal_dialog.close()

    large = QFont(app.font())
    large.setPointSizeF(app.font().pointSizeF() * 2)
    dialog = FollowUpDialog("5. Sozialraumkonferenz Herzberg", date(2027, 4, 9))
    dialog.setFont(large)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert dialog.minimumWidth() >= 1.4 * normal
    assert dialog.title.width() >= dialog.title.fontMetrics().horizontalAdvance(dialog.title.text())


def test_a_dialog_sized_in_the_code_grows_with_a_large_font(app, qtbot, context):
    """Seen at 200 % text: the import wizard kept its 980×680 px and cut "Ausgeblendete Zeilen übernehmen"."""
    from sozialkoordination.ui.actor_import.wizard import ImportWizard

    normal = QFont(app.font())
    large = QFont(normal)
    large.setPointSizeF(normal.pointSizeF() * 2)
    app.setFont(large)
    try:
        wizard = ImportWizard(context.actor_import, context.areas, TaskRunner(synchronous=True), "Anna")
        qtbot.addWidget(wizard)
        wizard.show()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard)
        room = wizard.screen().availableGeometry()
        assert wizard.width() >= min(1.4 * 980, 0.95 * room.width())
        assert wizard.height() <= room.height()  # never beyond the screen
        assert room.contains(wizard.geometry()), (wizard.geometry(), room)  # seen: grown past the right edge
    finally:
        app.setFont(normal)
