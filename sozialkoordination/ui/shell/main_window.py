"""The main window: navigation over all areas, menus, toolbar, global search, status bar."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from sozialkoordination import __version__
from sozialkoordination.actors.service import ORGANISATIONS, PERSONS
from sozialkoordination.app import AppContext
from sozialkoordination.config import sqlite_file
from sozialkoordination.import_journal import service as import_batches
from sozialkoordination.import_journal.service import ACTOR_IMPORTS
from sozialkoordination.search.service import KINDS
from sozialkoordination.ui.shell import theme
from sozialkoordination.ui.shell.help import HelpController
from sozialkoordination.ui.shell.search_popup import SearchPopup
from sozialkoordination.ui.shell.tasks import TaskRunner
from sozialkoordination.ui.start.view import StartView
from sozialkoordination.ui.widgets.save_dialog import show_failure
from sozialkoordination.ui.widgets.tables import remember_area

if TYPE_CHECKING:  # imported when an area or dialog is first opened (see MainWindow.__init__)
    from sozialkoordination.ui.actor_import.wizard import ImportWizard
    from sozialkoordination.ui.actors.view import ActorsView
    from sozialkoordination.ui.areas.view import AreasView
    from sozialkoordination.ui.budget.view import BudgetView
    from sozialkoordination.ui.exchange.dialog import ExchangeDialog
    from sozialkoordination.ui.import_journal.dialog import ImportHistoryDialog
    from sozialkoordination.ui.indicators.view import IndicatorsView
    from sozialkoordination.ui.meetings.view import MeetingsView
    from sozialkoordination.ui.networks.view import NetworksView
    from sozialkoordination.ui.offers.chain_view import PraeventionsketteView
    from sozialkoordination.ui.offers.view import AngeboteView
    from sozialkoordination.ui.participation.view import ParticipationView
    from sozialkoordination.ui.privacy.retention_dialog import RetentionDialog
    from sozialkoordination.ui.protection.backup_dialog import BackupDialog
    from sozialkoordination.ui.protection.password_dialog import PasswordDialog
    from sozialkoordination.ui.tasks.view import TasksView
    from sozialkoordination.ui.volunteering.view import OffersView, VolunteersView


class AreaStack(QStackedWidget):
    """The areas, one at a time. Qt's stack asks for the largest size of all its pages: once the widest area had been
    visited the window could not be made narrower (at 200 % text it grew taller than a 1080 px screen). Here only the
    area shown counts."""

    def __init__(self, parent: QWidget, objectName: str):  # noqa: N803 - Qt's keyword
        super().__init__(parent, objectName=objectName)
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        current = self.currentWidget()
        return current.sizeHint() if current is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        current = self.currentWidget()
        return current.minimumSizeHint() if current is not None else super().minimumSizeHint()


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext, tasks: TaskRunner):
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Sozialkoordination – Landkreis Göttingen"))
        self._context = context
        self._tasks = tasks
        self._settings = QSettings()

        # (key, navigation label). Each area is built (and its modules imported) when it is first needed: at
        # 100,000 persons the start shows the start page only, and building all eleven areas was a sixth of it.
        self._areas_list: list[tuple[str, str]] = [
            ("start", self.tr("Start")),
            ("actors", self.tr("Akteure")),
            ("networks", self.tr("Netzwerke")),
            ("meetings", self.tr("Sitzungen")),
            ("tasks", self.tr("Aufgaben")),
            ("budget", self.tr("Sozialraumbudget")),
            ("volunteers", self.tr("Ehrenamt")),
            ("offers", self.tr("Engagementangebote")),
            ("participation", self.tr("Bürgerbeteiligung")),
            ("angebote", self.tr("Angebote")),
            ("praeventionskette", self.tr("Präventionskette")),
            ("indicators", self.tr("Kennzahlen")),
            ("areas", self.tr("Gebiete")),
        ]
        self._builders: dict[str, Callable[[], QWidget]] = {
            "start": self._build_start,
            "actors": self._build_actors,
            "networks": self._build_networks,
            "meetings": self._build_meetings,
            "tasks": self._build_tasks,
            "budget": self._build_budget,
            "volunteers": self._build_volunteers,
            "offers": self._build_offers,
            "participation": self._build_participation,
            "angebote": self._build_angebote,
            "praeventionskette": self._build_praeventionskette,
            "indicators": self._build_indicators,
            "areas": self._build_areas,
        }
        self._views: dict[str, QWidget] = {}

        self.navigation = QListWidget(self, objectName="navigation")
        self.navigation.setFixedWidth(190)
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.navigation.setFrameShape(QListWidget.Shape.NoFrame)
        self.navigation.setStyleSheet(theme.navigation())  # the system font and palette, a visible focus
        self.navigation.setAccessibleName(self.tr("Bereiche"))
        self.stack = AreaStack(self, objectName="stack")
        for _key, label in self._areas_list:
            self.navigation.addItem(label)
            self.stack.addWidget(QWidget(self.stack))  # a place holder until the area is built
        self.navigation.setFixedWidth(max(190, self.navigation.sizeHintForColumn(0) + 24))  # grows with the font
        self.navigation.currentRowChanged.connect(self._area_changed)

        central = QWidget(self)
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.navigation)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self.db_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.db_label)
        self.refresh_profile()

        self.resize(self._default_size())
        geometry = self._settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        self.navigation.setCurrentRow(int(self._settings.value("window/area", 0) or 0) % len(self._areas_list))

    def _default_size(self) -> QSize:
        """1280×800 where the screen has room, else 90 % of what it offers (a 1366×768 laptop, half a wide screen)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return QSize(1280, 800)
        available = screen.availableGeometry().size()
        return QSize(min(1280, int(available.width() * 0.9)), min(800, int(available.height() * 0.9)))

    # -- the areas, built when first needed ----------------------------------------------------------------------
    def _area_widget(self, key: str) -> QWidget:
        widget = self._views.get(key)
        if widget is None:
            index = self._area_index(key)
            widget = self._views[key] = self._builders[key]()
            remember_area(widget, key)
            placeholder = self.stack.widget(index)
            self.stack.insertWidget(index, widget)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
        return widget

    def _area_index(self, key: str) -> int:
        return next(i for i, (k, _label) in enumerate(self._areas_list) if k == key)

    def _built(self, *keys: str) -> list[QWidget]:
        """The areas among these that exist already (one not yet built reads current data when it is)."""
        return [self._views[key] for key in keys if key in self._views]

    def _refresh(self, *keys: str) -> None:
        for view in self._built(*keys):
            view.refresh()

    @property
    def start_view(self) -> StartView:
        return self._area_widget("start")

    @property
    def actors_view(self) -> ActorsView:
        return self._area_widget("actors")

    @property
    def networks_view(self) -> NetworksView:
        return self._area_widget("networks")

    @property
    def meetings_view(self) -> MeetingsView:
        return self._area_widget("meetings")

    @property
    def tasks_view(self) -> TasksView:
        return self._area_widget("tasks")

    @property
    def budget_view(self) -> BudgetView:
        return self._area_widget("budget")

    @property
    def indicators_view(self) -> IndicatorsView:
        return self._area_widget("indicators")

    @property
    def areas_view(self) -> AreasView:
        return self._area_widget("areas")

    def _own_region(self) -> int | None:
        return self._context.profile.load().sozialregion_id

    def _user_name(self) -> str:
        return self._context.profile.load().user_name

    def _build_start(self) -> StartView:
        c = self._context
        history = functools.partial(import_batches.history, c.session_factory, ACTOR_IMPORTS)
        view = StartView(c.actors, c.meetings, c.budget, history, self)
        view.new_organisation.connect(lambda: self.new_actor(ORGANISATIONS))
        view.new_person.connect(lambda: self.new_actor(PERSONS))
        view.open_area.connect(self._open_from_start)
        view.open_meeting.connect(self.open_meeting)
        view.new_meeting.connect(self.new_meeting)
        view.import_list.connect(self.import_actors)
        return view

    def _refresh_start(self) -> None:
        self._refresh("start")

    def _build_actors(self) -> ActorsView:
        from sozialkoordination.ui.actors.view import ActorsView

        c = self._context
        view = ActorsView(
            c.actors,
            c.areas,
            self._tasks,
            self._own_region(),
            c.privacy.erase_persons,
            self,
            drafts=c.drafts,
            privacy=c.privacy,
        )
        view.status_message.connect(self.show_message)
        view.counts_changed.connect(self._refresh_start)
        return view

    def _build_networks(self) -> NetworksView:
        from sozialkoordination.ui.networks.view import NetworksView

        c = self._context
        view = NetworksView(
            c.networks,
            c.connections,
            c.meetings,
            c.actors,
            c.areas,
            self._tasks,
            c.areas.regions(),
            self._own_region(),
            self,
            offers=c.offers,
        )
        view.status_message.connect(self.show_message)
        view.actor_opened.connect(self.open_hit)
        return view

    def _build_meetings(self) -> MeetingsView:
        from sozialkoordination.ui.meetings.view import MeetingsView

        c = self._context
        view = MeetingsView(
            c.meetings,
            c.actors,
            c.areas,
            self._tasks,
            c.areas.regions(),
            self._own_region(),
            c.profile.sender,
            self,
            drafts=c.drafts,
            privacy=c.privacy,
        )
        self._connect_changes(view)
        view.changed.connect(lambda: self._refresh("tasks"))
        return view

    def _build_tasks(self) -> TasksView:
        from sozialkoordination.ui.tasks.view import TasksView

        c = self._context
        view = TasksView(c.meetings, c.actors, c.areas, self._tasks, c.areas.regions(), self._own_region(), self)
        self._connect_changes(view)
        view.open_meeting.connect(self.open_meeting)
        return view

    def _build_budget(self) -> BudgetView:
        from sozialkoordination.ui.budget.view import BudgetView

        c = self._context
        view = BudgetView(c.budget, c.actors, self._tasks, c.areas.regions(), self._own_region(), self)
        self._connect_changes(view)
        return view

    def _build_indicators(self) -> IndicatorsView:
        from sozialkoordination.sozialraumprofil.service import ProfileReportService
        from sozialkoordination.ui.indicators.view import IndicatorsView

        c = self._context
        view = IndicatorsView(
            c.indicators,
            c.indicator_import,
            lambda: ProfileReportService.from_context(c),
            self._tasks,
            c.areas.regions(),
            self._own_region(),
            self._user_name,
            self,
        )
        self._connect_changes(view)
        return view

    def _connect_changes(self, view: QWidget) -> None:
        view.status_message.connect(self.show_message)
        view.changed.connect(self._refresh_start)

    def _build_areas(self) -> AreasView:
        from sozialkoordination.ui.areas.view import AreasView

        view = AreasView(self._context.areas, self)
        view.areas_changed.connect(self._areas_changed)
        return view

    def _build_volunteers(self) -> VolunteersView:
        from sozialkoordination.ui.volunteering.view import VolunteersView

        return self._volunteering_view(VolunteersView, refreshes="offers")

    def _build_offers(self) -> OffersView:
        from sozialkoordination.ui.volunteering.view import OffersView

        return self._volunteering_view(OffersView, refreshes="volunteers")

    def _volunteering_view(self, view_class, refreshes: str):
        """Volunteers and Engagementangebote share their services; a placement made in one refreshes the other."""
        c = self._context
        view = view_class(
            c.volunteering,
            c.actors,
            c.areas,
            c.meetings,
            c.drafts,
            self._tasks,
            c.areas.regions(),
            self._own_region(),
            self,
        )
        view.status_message.connect(self.show_message)
        view.placements_changed.connect(lambda: self._refresh(refreshes))
        return view

    def _build_angebote(self) -> AngeboteView:
        from sozialkoordination.ui.offers.view import AngeboteView

        c = self._context
        view = AngeboteView(c.offers, c.actors, c.drafts, c.areas.regions(), self._own_region(), self)
        view.status_message.connect(self.show_message)
        view.changed.connect(lambda: self._refresh("praeventionskette"))
        return view

    def _build_praeventionskette(self) -> PraeventionsketteView:
        from sozialkoordination.ui.offers.chain_view import PraeventionsketteView

        c = self._context
        view = PraeventionsketteView(c.offers, c.indicators, c.actors, c.areas, self._tasks, self._own_region(), self)
        view.status_message.connect(self.show_message)
        view.changed.connect(lambda: self._refresh("meetings"))

        def actors_near(sozialraum_id: int | None, text: str) -> None:
            self.show_area("actors")
            self.actors_view.show_whole_district()
            raeume = self.actors_view.raum_combo
            raeume.setCurrentIndex(max(raeume.findData(sozialraum_id), 0))
            self.actors_view.search(text)

        view.actors_wanted.connect(actors_near)
        return view

    def _build_participation(self) -> ParticipationView:
        from sozialkoordination.ui.participation.view import ParticipationView

        c = self._context
        view = ParticipationView(
            c.participation,
            c.actors,
            c.areas,
            c.meetings,
            c.drafts,
            self._tasks,
            c.areas.regions(),
            self._own_region(),
            self,
        )
        view.status_message.connect(self.show_message)
        view.tasks_changed.connect(lambda: self._refresh("tasks"))
        return view

    # -- building ------------------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut=None, name: str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
        action.triggered.connect(slot)
        if name:
            action.setObjectName(name)
        return action

    def _build_actions(self) -> None:
        self.new_organisation_action = self._action(
            self.tr("Neue Organisation …"),
            lambda: self.new_actor(ORGANISATIONS),
            QKeySequence.StandardKey.New,
            "newOrganisationAction",
        )
        self.new_person_action = self._action(
            self.tr("Neue Person …"), lambda: self.new_actor(PERSONS), "Ctrl+Shift+N", "newPersonAction"
        )
        self.new_meeting_action = self._action(
            self.tr("Neue Sitzung …"), self.new_meeting, "Ctrl+Shift+M", "newMeetingAction"
        )
        self.export_action = self._action(self.tr("Liste exportieren …"), self._export, "Ctrl+E", "exportAction")
        self.import_action = self._action(
            self.tr("Akteursliste importieren …"), self.import_actors, "Ctrl+I", "importAction"
        )
        self.history_action = self._action(self.tr("Importverlauf …"), self.show_import_history, None, "historyAction")
        self.exchange_action = self._action(self.tr("Datenaustausch …"), self.show_exchange, None, "exchangeAction")
        self.settings_action = self._action(self.tr("Einstellungen …"), self.edit_profile, None, "settingsAction")
        self.backups_action = self._action(self.tr("Sicherungen …"), self.show_backups, None, "backupsAction")
        self.password_action = self._action(self.tr("Kennwortschutz …"), self.change_password, None, "passwordAction")
        self.check_action = self._action(self.tr("Datenbank prüfen"), self.check_database, None, "checkAction")
        self.quit_action = self._action(self.tr("Beenden"), self.close, QKeySequence.StandardKey.Quit, "quitAction")
        self.edit_action = self._action(self.tr("Bearbeiten"), self._edit, "Ctrl+O", "editAction")
        self.delete_action = self._action(
            self.tr("Löschen"), self._delete, QKeySequence.StandardKey.Delete, "deleteAction"
        )
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.search_action = self._action(self.tr("Suchen"), self.focus_search, ["Ctrl+K", "Ctrl+F"], "searchAction")
        self.whole_district_action = self._action(
            self.tr("Ganzen Landkreis anzeigen"), self._whole_district, None, "wholeDistrictAction"
        )
        self.about_action = self._action(self.tr("Über Sozialkoordination"), self._about, None, "aboutAction")
        self.retention_action = self._action(
            self.tr("Aufbewahrung prüfen …"), self.review_retention, None, "retentionAction"
        )
        self.area_actions = []
        for i, (key, label) in enumerate(self._areas_list):
            shortcut = f"Ctrl+{i + 1}" if i < 9 else None
            self.area_actions.append(self._action(label, lambda _=False, k=key: self.show_area(k), shortcut))

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&Datei"))
        for action in (
            self.new_organisation_action,
            self.new_person_action,
            self.new_meeting_action,
            None,
            self.import_action,
            self.history_action,
            self.export_action,
            self.exchange_action,
            None,
        ):
            file_menu.addSeparator() if action is None else file_menu.addAction(action)
        safety_menu = file_menu.addMenu(self.tr("Sicherung und Schutz"))
        safety_menu.setObjectName("safetyMenu")
        for action in (self.backups_action, self.password_action, self.check_action):
            safety_menu.addAction(action)
        for action in (self.settings_action, None, self.quit_action):
            file_menu.addSeparator() if action is None else file_menu.addAction(action)
        edit_menu = self.menuBar().addMenu(self.tr("&Bearbeiten"))
        for action in (self.edit_action, self.delete_action, None, self.search_action):
            edit_menu.addSeparator() if action is None else edit_menu.addAction(action)
        view_menu = self.menuBar().addMenu(self.tr("&Ansicht"))
        for action in self.area_actions:
            view_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self.whole_district_action)
        extras_menu = self.menuBar().addMenu(self.tr("E&xtras"))
        extras_menu.addAction(self.retention_action)
        help_menu = self.menuBar().addMenu(self.tr("&Hilfe"))
        help_menu.addAction(self.about_action)
        self.help = HelpController(self, help_menu)  # F1, the handbook and each area's "Was kann ich hier tun?"

    def _build_toolbar(self) -> None:
        toolbar = QToolBar(self.tr("Werkzeugleiste"), self, objectName="mainToolbar")
        toolbar.setMovable(False)
        toolbar.setIconSize(QSize(16, 16))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addAction(self.new_organisation_action)
        toolbar.addAction(self.new_person_action)
        toolbar.addAction(self.new_meeting_action)
        toolbar.addSeparator()
        toolbar.addAction(self.import_action)
        toolbar.addAction(self.export_action)
        spacer = QWidget(toolbar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        self.global_search = QLineEdit(toolbar, objectName="globalSearch", clearButtonEnabled=True)
        self.global_search.setPlaceholderText(self.tr("Überall suchen (Strg+K)"))
        self.global_search.setToolTip(
            self.tr("Akteure, Netzwerke, Sitzungen, Aufgaben, Ehrenamt, Angebote und Beteiligung – Enter öffnet")
        )
        self.global_search.setMinimumWidth(180)
        self.global_search.setMaximumWidth(320)
        toolbar.addWidget(self.global_search)
        self.addToolBar(toolbar)
        self._search_timer = QTimer(self, singleShot=True, interval=200)
        self._search_timer.timeout.connect(self._run_global_search)
        self.global_search.textEdited.connect(self._search_timer.start)
        self.global_search.returnPressed.connect(self._open_first_hit)
        self.search_popup = SearchPopup(self.global_search)
        self.search_popup.chosen.connect(self.open_hit)

    # -- behaviour -----------------------------------------------------------------------------
    def area_key(self, row: int | None = None) -> str:
        """The key of the area in this row of the navigation (default: the area shown)."""
        return self._areas_list[self.stack.currentIndex() if row is None else row][0]

    def show_area(self, key: str) -> None:
        self.navigation.setCurrentRow(self._area_index(key))

    def _open_from_start(self, key: str) -> None:
        if key == "persons":
            self.show_area("actors")
            self.actors_view.kind_tabs.setCurrentIndex(1)
        else:
            self.show_area(key)

    def _area_changed(self, row: int) -> None:
        if row < 0:
            return
        key = self._areas_list[row][0]
        widget = self._area_widget(key)
        # The areas read the database when shown, not when the window builds them all (LoadWhenShown); later
        # visits read again. The actor list keeps its model and filters itself.
        loaded_before = getattr(widget, "loaded", True)
        self.stack.setCurrentIndex(row)
        in_actors = key == "actors"
        if hasattr(widget, "refresh") and not in_actors and (loaded_before or not widget.isVisible()):
            widget.refresh()
        self.edit_action.setEnabled(in_actors)
        self.delete_action.setEnabled(in_actors)
        self.export_action.setEnabled(in_actors)

    def new_meeting(self) -> None:
        self.show_area("meetings")
        self.meetings_view.new_meeting()

    def open_meeting(self, meeting_id: int) -> None:
        self.show_area("meetings")
        self.meetings_view.select_meeting(meeting_id)

    def new_actor(self, kind: str) -> None:
        self.show_area("actors")
        index = 0 if kind == ORGANISATIONS else 1
        self.actors_view.kind_tabs.setCurrentIndex(index)
        self.actors_view.new_record()

    def _edit(self) -> None:
        if self.area_key() == "actors":
            self.actors_view.edit_selected()

    def _delete(self) -> None:
        if self.area_key() == "actors":
            self.actors_view.delete_selected()

    def _export(self) -> None:
        if self.area_key() == "actors":
            self.actors_view.export_list()

    def import_actors(self) -> ImportWizard:
        from sozialkoordination.ui.actor_import.wizard import ImportWizard

        wizard = ImportWizard(
            self._context.actor_import, self._context.areas, self._tasks, self._context.profile.load().user_name, self
        )
        wizard.imported.connect(self._imported)
        wizard.open()
        return wizard

    def _imported(self, batch_id: int) -> None:
        self.refresh_all()
        self.show_message(self.tr("Import {0} abgeschlossen.").format(batch_id))

    def review_retention(self) -> RetentionDialog:
        """Extras → Aufbewahrung prüfen: persons without activity and consent for longer than the period."""
        from sozialkoordination.ui.privacy.retention_dialog import RetentionDialog

        # "Person öffnen" shows the person in the actor list (switching there, as the global search does) and
        # opens the form; without the switch the list behind the form stayed unread and the person unselected.
        dialog = RetentionDialog(self._context.privacy, lambda person_id: self.open_hit("person", person_id), self)
        dialog.changed.connect(self.refresh_all)
        dialog.open()
        return dialog

    def show_import_history(self) -> ImportHistoryDialog:
        from sozialkoordination.ui.import_journal.dialog import ImportHistoryDialog

        dialog = ImportHistoryDialog(self._context.actor_import, self._tasks, self)
        dialog.changed.connect(self.refresh_all)
        dialog.show_records.connect(self._show_import_records)
        dialog.open()
        return dialog

    def _show_import_records(self, batch_id: int) -> None:
        self.show_area("actors")
        self.actors_view.show_import(batch_id)

    def focus_search(self) -> None:
        self.global_search.setFocus()
        self.global_search.selectAll()

    def _run_global_search(self) -> None:
        self._search_timer.stop()
        text = self.global_search.text().strip()
        if not text:
            self.search_popup.hide()
            return
        hits = self._context.search.search(text)
        self.search_popup.show_hits(hits, KINDS, self.tr("Nichts gefunden für „{0}“.").format(text))

    def _open_first_hit(self) -> None:
        """Enter before the list appeared: search now and open what comes first."""
        if not self.search_popup.isVisible():
            self._run_global_search()
        self.search_popup.choose_current()

    def open_hit(self, kind: str, record_id: int) -> None:
        """Open a record found by the global search where it is worked on."""
        if kind in ("organisation", "person"):
            self.show_area("actors")
            self.actors_view.open_record(ORGANISATIONS if kind == "organisation" else PERSONS, record_id)
        elif kind == "network":
            self.show_area("networks")
            self.networks_view.region_combo.setCurrentIndex(0)
            self.networks_view.select_network(record_id)
        elif kind == "meeting":
            self.open_meeting(record_id)
        elif kind == "task":
            self.show_area("tasks")
            self.tasks_view.show_task(record_id)
        else:
            key = {
                "volunteer": "volunteers",
                "offer": "offers",
                "participation": "participation",
                "angebot": "angebote",
            }[kind]
            self.show_area(key)
            view = self.stack.currentWidget()
            view.region_combo.setCurrentIndex(0)
            view.select_id(record_id)
        if kind not in ("organisation", "person"):  # those open their form
            self._focus_chosen_row()

    def _focus_chosen_row(self) -> None:
        """After a search hit the keyboard goes on where the record is: in the list with its row chosen."""
        area = self.stack.currentWidget()
        main_list = getattr(area, "table", None)  # the area's own list first (not a list inside its detail tabs)
        for view in [main_list, *area.findChildren(QAbstractItemView)]:
            if not isinstance(view, QAbstractItemView):
                continue
            selection = view.selectionModel()
            if view.isVisible() and selection is not None and selection.hasSelection():
                view.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def _whole_district(self) -> None:
        self.show_area("actors")
        self.actors_view.show_whole_district()

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _region_name(self, region_id: int | None) -> str | None:
        return next((r.name for r in self._context.areas.regions() if r.id == region_id), None)

    def refresh_profile(self) -> None:
        profile = self._context.profile.load()
        region = self._region_name(profile.sozialregion_id)
        path = sqlite_file(self._context.db_url)
        where = str(path) if path else self._context.db_url.split("@")[-1]
        self.db_label.setText(
            self.tr("{0} · {1} · Datenbank: {2}").format(
                profile.user_name or "–", region or self.tr("ganzer Landkreis"), where
            )
        )
        self.start_view.show_profile(profile, region)

    def edit_profile(self) -> None:
        from sozialkoordination.ui.coordinator_profile.dialog import ProfileDialog

        dialog = ProfileDialog(
            self._context.profile, self._context.areas.regions(), first_start=False, offer_demo=False, parent=self
        )
        if dialog.exec():
            self.apply_profile()
            self.show_message(self.tr("Einstellungen gespeichert."))

    def apply_profile(self) -> None:
        """A new name or own region (first start, settings): lists switch to the new region."""
        self.refresh_profile()
        regions = self._context.areas.regions()
        own = self._context.profile.load().sozialregion_id
        for view in self._built(
            "actors",
            "volunteers",
            "offers",
            "participation",
            "meetings",
            "tasks",
            "budget",
            "networks",
            "indicators",
            "angebote",
        ):
            view.region_combo.set_regions(regions, own)

    def _areas_changed(self) -> None:
        self.refresh_profile()
        regions = self._context.areas.regions()
        for view in self._built("actors"):
            view.refresh_areas()
        for view in self._built(
            "volunteers", "offers", "participation", "meetings", "tasks", "budget", "networks", "indicators", "angebote"
        ):
            view.region_combo.set_regions(regions, view.region_combo.region_id())

    # -- backups and protection ----------------------------------------------------------------------------------
    def show_backups(self) -> BackupDialog | None:
        if self._context.security.database is None:
            QMessageBox.information(
                self,
                self.tr("Sicherungen"),
                self.tr(
                    "Die Datenbank liegt auf dem Datenbankserver des Büros. Gesichert wird sie dort (pg_dump, "
                    "siehe README), nicht von dieser Anwendung; bitte wenden Sie sich für eine Sicherung oder "
                    "Wiederherstellung an die Person, die den Server betreut."
                ),
            )
            return None
        from sozialkoordination.ui.protection.backup_dialog import BackupDialog

        dialog = BackupDialog(self._context.security, self._tasks, self)
        dialog.restored.connect(self._after_restore)
        dialog.open()
        return dialog

    # -- Datenpaket (exchange with the Geschäftsstelle and colleagues) -------------------------------------------
    def show_exchange(self) -> ExchangeDialog:
        from sozialkoordination.ui.exchange.dialog import ExchangeDialog

        dialog = ExchangeDialog(self._context.exchange, self._context.areas.regions(), self._tasks, self)
        dialog.imported.connect(self._after_exchange)
        dialog.open()
        return dialog

    def _after_exchange(self) -> None:
        self.refresh_all()
        self._area_changed(self.navigation.currentRow())
        self.show_message(self.tr("Datenpaket eingelesen."))

    def _after_restore(self) -> None:
        self.apply_profile()
        self.refresh_all()
        self._area_changed(self.navigation.currentRow())
        self.show_message(self.tr("Sicherung wiederhergestellt."))

    def change_password(self) -> PasswordDialog | None:
        security = self._context.security
        if security.database is None:
            QMessageBox.information(
                self,
                self.tr("Kennwortschutz"),
                self.tr("Eine Serverdatenbank schützt der Server, nicht diese Anwendung."),
            )
            return None
        from sozialkoordination.ui.protection.password_dialog import PasswordDialog

        dialog = PasswordDialog(security.encrypted, self)

        def chosen() -> None:
            new = dialog.new_value()

            def done(converted: int) -> None:
                state = self.tr("verschlüsselt") if new else self.tr("nicht mehr verschlüsselt")
                self.show_message(
                    self.tr("Die Datenbank ist jetzt {0}; {1} Sicherungen wurden umgeschlüsselt.").format(
                        state, converted
                    )
                )

            self._tasks.run(
                self,
                self.tr("Datenbank wird umgeschlüsselt …"),
                lambda progress: security.set_password(new, progress),
                done,
                lambda error: show_failure(self, error, self.tr("Das Kennwort konnte nicht geändert werden.")),
            )

        dialog.accepted.connect(chosen)
        dialog.open()
        return dialog

    def check_database(self) -> None:
        def done(report) -> None:
            lines = [
                self.tr("Integrität: {0}").format(
                    self.tr("in Ordnung") if report.integrity == "ok" else report.integrity
                ),
                self.tr("Verweise: {0}").format(
                    self.tr("in Ordnung")
                    if not report.foreign_key_problems
                    else self.tr("{0} Fehler").format(report.foreign_key_problems)
                ),
                self.tr("Inhalt: {0} Organisationen, {1} Personen").format(report.organisations, report.persons),
            ]
            if report.server:
                lines.insert(0, report.database)
                lines.append(self.tr("Sicherungen: macht der Datenbankserver"))
            else:
                lines.insert(
                    2, self.tr("Verschlüsselt: {0}").format(self.tr("ja") if report.encrypted else self.tr("nein"))
                )
                lines.append(
                    self.tr("Sicherungen: {0}{1}").format(
                        report.backups,
                        self.tr(", neueste vom {0}").format(report.newest_backup) if report.newest_backup else "",
                    )
                )
            if report.healthy:
                verdict = self.tr("Die Datenbank ist in Ordnung.")
            elif report.server:
                verdict = self.tr("Die Datenbank hat Fehler. Bitte melden Sie das der Person, die den Server betreut.")
            else:
                verdict = self.tr("Die Datenbank hat Fehler. Bitte spielen Sie eine Sicherung zurück (Sicherungen …).")
            box = QMessageBox.information if report.healthy else QMessageBox.warning
            box(self, self.tr("Datenbank prüfen"), verdict + "\n\n" + "\n".join(lines))

        self._tasks.run(
            self,
            self.tr("Datenbank wird geprüft …"),
            lambda _progress: self._context.security.check(),
            done,
            lambda error: show_failure(self, error, self.tr("Die Prüfung ist fehlgeschlagen.")),
        )

    def refresh_all(self) -> None:
        self._refresh("actors", "start")

    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("Über Sozialkoordination"),
            self.tr(
                "<h3>Sozialkoordination {0}</h3><p>Arbeitsplatz der Sozialregions-Koordination im Landkreis Göttingen: "
                "Akteure, Netzwerke, Sitzungen, Ehrenamt, Bürgerbeteiligung und Kennzahlen – auch ohne Netz.</p>"
                "<p>Gebietsdaten: Statistisches Bundesamt (Destatis), Gemeindeverzeichnis. "
                "Karten: © GeoBasis-DE / BKG 2025 (Daten verändert), dl-de/by-2-0.</p>"
            ).format(__version__),
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self._settings.setValue("window/geometry", self.saveGeometry())
        self._settings.setValue("window/area", self.navigation.currentRow())
        super().closeEvent(event)
