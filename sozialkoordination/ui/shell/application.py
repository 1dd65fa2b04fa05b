"""Starts the Qt application: logging, a calm dialog for unexpected errors, first start, the main window."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from sozialkoordination.actors.service import ActorFilter
from sozialkoordination.app import AppContext, check_at_start, open_context
from sozialkoordination.config import APP_AUTHOR, APP_NAME, log_dir, sqlite_file
from sozialkoordination.core.errors import DatabaseBusyError, DomainError
from sozialkoordination.db.encryption import DatabasePasswordError, is_encrypted
from sozialkoordination.db.instance_lock import DatabaseInUseError, FileLock
from sozialkoordination.db.instance_lock import lock_database as _take_lock
from sozialkoordination.ui.shell.help import FIRST_STEPS
from sozialkoordination.ui.shell.main_window import MainWindow
from sozialkoordination.ui.shell.style import FontScaledStyle
from sozialkoordination.ui.shell.tasks import Task, TaskRunner
from sozialkoordination.ui.shell.window_probe import WINDOW_PROBE_VARIABLE, close_after_first_paint
from sozialkoordination.ui.widgets.accessibility import watch_windows
from sozialkoordination.ui.widgets.first_paint import after_first_paint

log = logging.getLogger(__name__)


def _setup_logging() -> None:
    handler = RotatingFileHandler(
        log_dir() / "sozialkoordination.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.INFO)


def _install_excepthook() -> None:
    def hook(kind, value, tb) -> None:
        if isinstance(value, DatabaseBusyError):  # expected beside other programs; nothing to debug
            log.info("Datenbank belegt: %s", value)
        else:
            log.error("Unerwarteter Fehler:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        if isinstance(value, DomainError):
            text = str(value)
        else:
            text = QCoreApplication.translate(
                "app",
                "Es ist ein unerwarteter Fehler aufgetreten. Ihre gespeicherten Daten sind nicht betroffen.\n\n"
                "Einzelheiten stehen in der Protokolldatei:\n{0}",
            ).format(log_dir() / "sozialkoordination.log")
        QMessageBox.warning(QApplication.activeWindow(), QCoreApplication.translate("app", "Hinweis"), text)

    sys.excepthook = hook


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv)
    app.setOrganizationName(APP_AUTHOR)
    app.setApplicationName(APP_NAME)
    if not isinstance(app.style(), FontScaledStyle):
        app.setStyle(FontScaledStyle())  # Fusion, check boxes growing with the font
    watch_windows(app)  # Tab leaves tables, inputs named after their labels: in every window (BITV 2.0)
    german = QLocale(QLocale.Language.German, QLocale.Country.Germany)
    QLocale.setDefault(german)
    # Qt's own texts in German: standard buttons ("Schließen", "Abbrechen"), file dialogs, context menus.
    if not app.property("qtTranslationInstalled"):
        translator = QTranslator(app)
        if translator.load(german, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(translator)
            app.setProperty("qtTranslationInstalled", True)
    return app


def first_start(context: AppContext, window: MainWindow, tasks: TaskRunner) -> bool:
    """Ask for name and region; offer demo data in an empty database. False if the user cancelled."""
    empty = context.actors.count(ActorFilter()) == 0
    from sozialkoordination.ui.coordinator_profile.dialog import ProfileDialog

    dialog = ProfileDialog(context.profile, context.areas.regions(), first_start=True, offer_demo=empty, parent=window)
    if not dialog.exec():
        return False
    window.apply_profile()
    offer_password(context, window)
    window.help.show_page(FIRST_STEPS)  # the handbook's "Erste Schritte", once, beside the window
    if dialog.wants_demo:
        from sozialkoordination.demo.service import DemoService

        def loaded(summary) -> None:
            window.refresh_all()
            window.show_message(
                f"Demo-Daten geladen: {summary.organisations} Organisationen, {summary.persons} Personen."
            )

        def failed(error: BaseException) -> None:
            QMessageBox.warning(
                window,
                "Demo-Daten",
                str(error)
                if isinstance(error, DomainError)
                else "Die Demo-Daten konnten nicht geladen werden. Einzelheiten stehen im Protokoll.",
            )

        tasks.run(
            window,
            "Demo-Daten werden geladen …",
            lambda progress: DemoService(context.session_factory).generate(progress),
            loaded,
            failed,
        )
    return True


def offer_password(context: AppContext, window: MainWindow) -> None:
    """At first start: a laptop carries personal data, so protecting the file with a password is offered."""
    if context.security.database is None or context.security.encrypted:
        return
    answer = QMessageBox.question(
        window,
        window.tr("Daten schützen"),
        window.tr(
            "Soll die Datenbank mit einem Kennwort verschlüsselt werden? Das ist für Laptops empfohlen: Geht das "
            "Gerät verloren, kann niemand die Kontaktdaten lesen. Sie können das auch später unter "
            "Datei → Sicherung und Schutz → Kennwortschutz einrichten."
        ),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return
    from sozialkoordination.ui.protection.password_dialog import PasswordDialog

    dialog = PasswordDialog(encrypted=False, parent=window)
    if dialog.exec():
        context.security.set_password(dialog.new_value())  # the new database is tiny: done at once
        window.show_message(window.tr("Die Datenbank ist jetzt mit Ihrem Kennwort verschlüsselt."))


def open_with_password(db_url: str) -> AppContext | None:
    """Open the database; an encrypted one asks for its password until it opens or the user gives up."""
    path = sqlite_file(db_url)
    password = os.environ.get("SOZIALKOORDINATION_KENNWORT")
    if path is None or not is_encrypted(path):
        return open_context(db_url, check_later=True)
    problem = ""
    while True:
        if password is None:
            from sozialkoordination.ui.protection.password_dialog import UnlockDialog

            dialog = UnlockDialog(path.name, problem)
            if not dialog.exec():
                return None
            password = dialog.value()
        try:
            return open_context(db_url, password, check_later=True)
        except DatabasePasswordError as error:
            problem, password = str(error), None


def check_in_background(context: AppContext, window: MainWindow, tasks: TaskRunner) -> Task:
    """Integrity check and daily backup while the coordinator already works; a damaged file is reported with the
    way back (the newest intact backup) and the window closes before anything more is written to it."""

    def checked(problem: str | None) -> None:
        if problem:
            QMessageBox.critical(window, "Sozialkoordination", problem)
            window.close()

    def failed(error: BaseException) -> None:
        log.warning("Prüfung beim Start nicht möglich: %s", error)
        window.show_message(window.tr("Die Prüfung der Datenbank beim Start war nicht möglich: {0}").format(error))

    return tasks.run(
        window,
        window.tr("Datenbank wird geprüft"),
        lambda _progress: check_at_start(context),
        checked,
        failed,
        quiet=True,
    )


def lock_database(db_url: str) -> FileLock | None:
    """One window per database file: a second one (also on another laptop, for a file on a share) is refused
    instead of both writing to it, and so is a command that writes (restore, import …) while the window is open.
    The lock is Qt-free (db/instance_lock.py) so that the command line checks the same one. Returns the held lock
    (None when there is no file to protect); raises DatabaseInUseError if another process holds it. The system
    releases the lock of a crashed instance by itself."""
    return _take_lock(db_url)


def run(db_url: str) -> int:
    app = create_application()
    _setup_logging()
    _install_excepthook()
    try:
        lock = lock_database(db_url)
    except DatabaseInUseError:
        QMessageBox.information(
            None,
            "Sozialkoordination",
            "Diese Datenbank ist schon in einem anderen Fenster von Sozialkoordination geöffnet (auf diesem "
            "oder einem anderen Rechner), oder ein Befehl schreibt gerade in sie. Bitte arbeiten Sie dort weiter "
            "oder schließen Sie das andere Fenster zuerst – zwei Fenster auf einer Datei könnten sich gegenseitig "
            "Änderungen überschreiben.",
        )
        return 1
    try:
        return _open_window(app, db_url)
    finally:
        if lock is not None:
            lock.release()


def _open_window(app: QApplication, db_url: str) -> int:
    try:
        context = open_with_password(db_url)
    except DomainError as error:
        QMessageBox.critical(None, "Sozialkoordination", str(error))
        return 1
    if context is None:
        return 0
    tasks = TaskRunner()
    window = MainWindow(context, tasks)
    if os.environ.get(WINDOW_PROBE_VARIABLE):  # the bundle's smoke test (build/smoke_test.py), never set by users
        close_after_first_paint(window, Path(os.environ[WINDOW_PROBE_VARIABLE]))
    window.show()
    # The check reads the whole file: it starts once the window is on the screen, not while it is being built.
    after_first_paint(window, lambda: check_in_background(context, window, tasks))
    if not context.profile.load().is_complete and not first_start(context, window, tasks):
        context.close()
        return 0
    code = app.exec()
    context.close()
    return code
