"""Help inside the app: the German handbook shipped under resources/handbook/ (Markdown, read offline), opened by
F1 on the page of the current area or dialog and from the Hilfe menu, and the area's "Was kann ich hier tun?" line
in the status bar."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from sozialkoordination.config import resource_path
from sozialkoordination.ui.widgets.accessibility import add_window_hook, set_name

log = logging.getLogger(__name__)

INDEX = "index.md"
FIRST_STEPS = INDEX  # its first section is "Erste Schritte"
KEYBOARD = "tastatur.md"
STATEMENT = "barrierefreiheit.md"
SUMMARY_MARK = "**Was kann ich hier tun?**"
AREA_PAGES = {
    "start": "start.md",
    "actors": "akteure.md",
    "networks": "netzwerke.md",
    "meetings": "sitzungen.md",
    "tasks": "aufgaben.md",
    "budget": "budget.md",
    "volunteers": "ehrenamt.md",
    "offers": "angebote.md",
    "participation": "beteiligung.md",
    "angebote": "familienangebote.md",
    "praeventionskette": "praeventionskette.md",
    "indicators": "kennzahlen.md",
    "areas": "gebiete.md",
}
# Dialogs by class name (their own or a base class's); a dialog not listed gets the page of the area behind it.
DIALOG_PAGES = {
    "ImportWizard": "import.md",
    "ImportHistoryDialog": "import.md",
    "ExchangeDialog": "austausch.md",
    "PackageConflictDialog": "austausch.md",
    "BackupDialog": "sicherung.md",
    "PasswordDialog": "sicherung.md",
    "RetentionDialog": "sicherung.md",
    "ProfileDialog": "sicherung.md",
    "OrganisationDialog": "akteure.md",
    "PersonDialog": "akteure.md",
    "AuditHistoryDialog": "akteure.md",
    "NetworkDialog": "netzwerke.md",
    "MembershipDialog": "netzwerke.md",
    "AddMembersDialog": "netzwerke.md",
    "RelationshipDialog": "netzwerke.md",
    "GapChoiceDialog": "netzwerke.md",
    "MeetingDialog": "sitzungen.md",
    "FollowUpDialog": "sitzungen.md",
    "AgendaItemDialog": "sitzungen.md",
    "WalkInDialog": "sitzungen.md",
    "TaskDialog": "aufgaben.md",
    "BudgetDialog": "budget.md",
    "ApplicationDialog": "budget.md",
    "VolunteerDialog": "ehrenamt.md",
    "OfferDialog": "angebote.md",
    "AngebotDialog": "familienangebote.md",  # also when opened from the Präventionskette or its map
    "AngebotMapDialog": "praeventionskette.md",
    "CellOffersDialog": "praeventionskette.md",
    "MatchDialog": "ehrenamt.md",
    "ActivityDialog": "beteiligung.md",
    "ProposalsDialog": "beteiligung.md",
    "IndicatorDialog": "kennzahlen.md",
    "IndicatorImportDialog": "kennzahlen.md",
    "OrtschaftenDialog": "gebiete.md",
}


def handbook_dir() -> Path:
    return resource_path("handbook")


def page_path(page: str) -> Path:
    return handbook_dir() / page


def summary(page: str) -> str:
    """The page's "Was kann ich hier tun?" sentence (the handbook is its one source)."""
    try:
        text = page_path(page).read_text(encoding="utf-8")
    except OSError:
        log.warning("Handbuchseite fehlt: %s", page)
        return ""
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if line.startswith(SUMMARY_MARK):
            sentence = [line[len(SUMMARY_MARK) :].strip()]
            for following in lines[number + 1 :]:  # the paragraph goes on until the next blank line
                if not following.strip():
                    break
                sentence.append(following.strip())
            return " ".join(sentence)
    return ""


def page_for_dialog(dialog: QWidget) -> str | None:
    for cls in type(dialog).__mro__:
        if cls.__name__ in DIALOG_PAGES:
            return DIALOG_PAGES[cls.__name__]
    return None


class ElidedLabel(QLabel):
    """One line that ends in "…" where the room is too small, never cut mid-letter; the whole text is its tooltip
    and its accessible name."""

    def __init__(self, parent: QWidget, objectName: str = ""):  # noqa: N803 - Qt's keyword
        super().__init__(parent, objectName=objectName)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setMinimumWidth(1)
        self._full = ""

    def full_text(self) -> str:
        return self._full

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self.setAccessibleName(text)
        self._elide()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(1, self.width())))

    def sizeHint(self):  # noqa: D102 - the whole text's width, the layout may give less
        hint = super().sizeHint()
        hint.setWidth(self.fontMetrics().horizontalAdvance(self._full) + 8)
        return hint


class HelpWindow(QDialog):
    """The handbook in a window of its own (not modal: it stays open beside the work)."""

    def __init__(self, parent: QWidget):
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("helpWindow")
        self.setWindowTitle(self.tr("Hilfe – Sozialkoordination"))
        self.browser = QTextBrowser(self, objectName="helpBrowser")
        self.browser.setOpenExternalLinks(True)
        self.browser.setSearchPaths([str(handbook_dir())])
        set_name(self.browser, self.tr("Handbuch"))
        back = QPushButton(self.tr("&Zurück"), self, objectName="helpBackButton")
        back.clicked.connect(lambda _checked: self.browser.backward())
        self.browser.backwardAvailable.connect(back.setEnabled)
        back.setEnabled(False)
        home = QPushButton(self.tr("&Übersicht"), self, objectName="helpHomeButton")
        home.clicked.connect(lambda _checked: self.show_page(INDEX))
        close = QPushButton(self.tr("Schließen"), self, objectName="helpCloseButton")
        close.clicked.connect(lambda _checked: self.close())
        buttons = QHBoxLayout()
        for button in (back, home):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addLayout(buttons)
        self.resize(720, 640)
        self.page = ""

    def show_page(self, page: str) -> None:
        path = page_path(page)
        if not path.is_file():
            log.warning("Handbuchseite fehlt: %s", path)
            path = page_path(INDEX)
        self.page = path.name
        self.browser.setSource(QUrl.fromLocalFile(str(path)))  # .md: read as Markdown
        self.show()
        self.raise_()
        self.activateWindow()


class HelpController(QObject):
    """F1 and the Hilfe menu of the main window; F1 in every dialog; the area's line in the status bar."""

    def __init__(self, window: QMainWindow, menu: QMenu):
        super().__init__(window)
        self.setObjectName("helpController")
        self._window = window
        self._windows: dict[int, HelpWindow] = {}
        self.help_action = QAction(self.tr("Handbuch"), window, objectName="helpAction")
        self.help_action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        self.help_action.triggered.connect(lambda _checked: self.show_context_help())
        keyboard = QAction(self.tr("Bedienung mit der Tastatur"), window, objectName="keyboardHelpAction")
        keyboard.triggered.connect(lambda _checked: self.show_page(KEYBOARD))
        statement = QAction(self.tr("Erklärung zur Barrierefreiheit"), window, objectName="statementAction")
        statement.triggered.connect(lambda _checked: self.show_page(STATEMENT))
        first = menu.actions()[0] if menu.actions() else None
        menu.insertActions(first, [self.help_action, keyboard, statement])
        if first is not None:
            menu.insertSeparator(first)

        self.area_hint = ElidedLabel(window, objectName="areaHint")
        window.statusBar().addWidget(self.area_hint, 1)
        window.navigation.currentRowChanged.connect(self._area_changed)
        add_window_hook(self._dialog_shown)

    def _area_changed(self, row: int) -> None:
        if row < 0:
            return
        key = self._window.area_key(row)
        text = summary(AREA_PAGES.get(key, INDEX))
        self.area_hint.set_full_text(self.tr("Was kann ich hier tun? {0} (F1: Hilfe)").format(text) if text else "")

    def _dialog_shown(self, dialog: QWidget) -> None:
        """Every dialog answers F1 itself: the main window's shortcut does not reach past a modal dialog."""
        if isinstance(dialog, HelpWindow) or dialog.findChild(QShortcut, "helpShortcut") is not None:
            return
        shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents), dialog, objectName="helpShortcut")
        shortcut.activated.connect(lambda d=dialog: self.show_page(self.page_for(d), d))

    def page_for(self, window: QWidget | None = None) -> str:
        """The page for this window (a dialog's own, else the current area's)."""
        if window is not None and window is not self._window:
            page = page_for_dialog(window)
            if page:
                return page
        return AREA_PAGES.get(self._window.area_key(), INDEX)

    def show_context_help(self) -> None:
        active = QApplication.activeWindow()
        self.show_page(self.page_for(active), active)

    def show_page(self, page: str, over: QWidget | None = None) -> HelpWindow:
        """Open the page. Over a modal dialog the help window belongs to that dialog, else it would be blocked."""
        parent = over if over is not None and over.isVisible() and not isinstance(over, HelpWindow) else self._window
        window = self._windows.get(id(parent))
        if window is None:
            key = id(parent)
            window = self._windows[key] = HelpWindow(parent)
            window.destroyed.connect(lambda _obj=None: self._windows.pop(key, None))
        window.show_page(page)
        return window
