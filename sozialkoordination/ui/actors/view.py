"""The actor list: organisations and persons, filtered by area, type, theme and text; edit, delete, export."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTabBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sozialkoordination.actors.service import (
    AREA_LABELS,
    COLUMNS,
    IN_CITY,
    ORGANISATIONS,
    OUTSIDE,
    PERSONS,
    WITHOUT_SOZIALRAUM,
    ActorFilter,
    ActorService,
)
from sozialkoordination.areas.service import AreaService
from sozialkoordination.core.enums import ConsentPurpose
from sozialkoordination.core.errors import DomainError
from sozialkoordination.core.formatting import file_safe, numerus
from sozialkoordination.drafts.service import DraftService
from sozialkoordination.privacy.service import PrivacyService
from sozialkoordination.ui.actors.organisation_dialog import OrganisationDialog
from sozialkoordination.ui.actors.person_dialog import PersonDialog
from sozialkoordination.ui.actors.table_model import ActorTableModel
from sozialkoordination.ui.history.dialog import AuditHistoryDialog
from sozialkoordination.ui.privacy.consent_question import leave_out_without_consent
from sozialkoordination.ui.shell import theme
from sozialkoordination.ui.shell.tasks import TaskRunner
from sozialkoordination.ui.widgets.accessibility import set_name
from sozialkoordination.ui.widgets.flow_layout import FlowLayout, labelled
from sozialkoordination.ui.widgets.region_combo import RegionCombo
from sozialkoordination.ui.widgets.save_dialog import CSV, DOCX, XLSX, choose_save_path, show_failure
from sozialkoordination.ui.widgets.tables import EmptyHint, remember_header_state

log = logging.getLogger(__name__)

ALL = None  # combo data for "no restriction"


class ActorsView(QWidget):
    """Lists default to the coordinator's own Sozialregion; "Ganzer Landkreis" shows everything."""

    status_message = Signal(str)
    counts_changed = Signal()

    def __init__(
        self,
        actors: ActorService,
        areas: AreaService,
        tasks: TaskRunner,
        own_region_id: int | None,
        erase_persons: Callable[[list[int]], int] | None = None,
        parent=None,
        drafts: DraftService | None = None,
        privacy: PrivacyService | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("actorsView")
        self._actors = actors
        # Deleting persons erases them without trace (services/privacy.py); plain deletion where not given.
        self._erase_persons = erase_persons or actors.delete_persons
        self._privacy = privacy  # Auskunft and Änderungsverlauf where given
        self._areas = areas
        self._tasks = tasks
        self._drafts = drafts
        self._settings = QSettings()

        self.kind_tabs = QTabBar(self, objectName="kindTabs")
        self.kind_tabs.addTab(self.tr("Organisationen"))
        self.kind_tabs.addTab(self.tr("Personen"))
        self.kind_tabs.setExpanding(False)

        self.region_combo = RegionCombo(areas.regions(), own_region_id, self)
        self.raum_combo = QComboBox(self, objectName="sozialraumFilter")
        self.type_combo = QComboBox(self, objectName="typeFilter")
        self.theme_combo = QComboBox(self, objectName="themeFilter")
        self.import_combo = QComboBox(self, objectName="importFilter")
        self.import_combo.addItem(self.tr("Alle Einträge"), ALL)
        # The Stadt Göttingen is in the Landkreis but in no Sozialregion: its actors (Träger, Beratungsstellen) work
        # for every region, so a region's list shows them too unless this is switched off.
        self.with_city_check = QCheckBox(self.tr("mit Stadt Göttingen"), self, objectName="withCityCheck")
        self.with_city_check.setChecked(True)
        self.with_city_check.setToolTip(
            self.tr(
                "Die Stadt Göttingen gehört zum Landkreis, aber zu keinem Sozialraum. Ihre Akteure erscheinen in der "
                "Liste jeder Sozialregion, solange dieses Feld angekreuzt ist."
            )
        )
        self.search_edit = QLineEdit(self, objectName="searchEdit", clearButtonEnabled=True)
        self.search_edit.setPlaceholderText(self.tr("In der Liste suchen: Name, Ort, E-Mail, Thema, Notiz …"))
        self.count_label = QLabel(self, objectName="countLabel")
        self.count_label.setStyleSheet(theme.muted())
        for combo in (self.region_combo, self.raum_combo, self.type_combo, self.theme_combo, self.import_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(14)
        self._fill_raum_combo()
        self._catalogues_loaded = False  # the type and theme filters are filled when the list is first shown

        filters = FlowLayout(spacing=8)  # narrow windows: the filters continue on a second line
        self.type_label = QLabel(self.tr("Typ"), self)
        for label, widget in (
            (QLabel(self.tr("Sozialregion"), self), self.region_combo),
            (QLabel(self.tr("Sozialraum"), self), self.raum_combo),
            (self.type_label, self.type_combo),
            (QLabel(self.tr("Thema"), self), self.theme_combo),
            (QLabel(self.tr("Herkunft"), self), self.import_combo),
        ):
            label.setBuddy(widget)
            filters.addWidget(labelled(label, widget))
        filters.addWidget(self.with_city_check)

        self.model = ActorTableModel(actors, self._current_filter(), self, load=False)  # read when first shown
        for kind in (ORGANISATIONS, PERSONS):
            self.model.show_columns(kind, [c.key for c in COLUMNS[kind] if c.key not in self._hidden_keys(kind)])
        self.table = QTableView(self, objectName="actorTable")
        set_name(self.table, self.tr("Akteursliste"))
        self.table.setModel(self.model)
        # No sort column at first: the service's German name order applies until a header is clicked.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.horizontalHeader().setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.horizontalHeader().customContextMenuRequested.connect(self._column_menu)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.empty_hint = EmptyHint(self.table, self._empty_text, self._narrowing, self._reset_filters)

        self.new_button = QPushButton(self.tr("Neue Organisation"), self, objectName="newButton")
        self.edit_button = QPushButton(self.tr("Bearbeiten"), self, objectName="editButton")
        self.delete_button = QPushButton(self.tr("Löschen"), self, objectName="deleteButton")
        self.export_button = QPushButton(self.tr("Exportieren …"), self, objectName="exportButton")
        self.new_button.clicked.connect(self.new_record)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.export_button.clicked.connect(self.export_list)
        filters.addWidget(self.count_label)
        top = FlowLayout(spacing=8)
        top.addWidget(self.kind_tabs)
        self.search_edit.setMinimumWidth(240)
        top.addWidget(self.search_edit)
        for button in (self.new_button, self.edit_button, self.delete_button, self.export_button):
            top.addWidget(button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)

        self.edit_action = QAction(self.tr("Bearbeiten"), self)
        self.edit_action.triggered.connect(self.edit_selected)
        # The list's own Löschen, with the Del key while the list has the focus. The main window's menu entry
        # is not added to the table as well: the context menu showed "Löschen" twice.
        self.delete_action = QAction(self.tr("Löschen"), self, objectName="listDeleteAction")
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.delete_action.triggered.connect(self.delete_selected)
        self.table.addActions([self.edit_action, self.delete_action])
        if privacy is not None:
            self.history_action = QAction(self.tr("Änderungsverlauf …"), self, objectName="historyAction")
            self.history_action.triggered.connect(lambda: self.show_history())
            self.report_action = QAction(self.tr("Auskunft (Art. 15) …"), self, objectName="reportAction")
            self.report_action.triggered.connect(lambda: self.write_report())
            self.table.addActions([self.history_action, self.report_action])

        self._search_timer = QTimer(self, singleShot=True, interval=150)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search_edit.textChanged.connect(self._search_timer.start)
        self.kind_tabs.currentChanged.connect(self._kind_changed)
        self.region_combo.currentIndexChanged.connect(self._region_changed)
        for combo in (self.raum_combo, self.type_combo, self.theme_combo, self.import_combo):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.with_city_check.toggled.connect(self._with_city_toggled)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._apply_column_visibility()
        remember_header_state(self.table, f"actors/{self.kind}")
        self._update_labels()

    # -- filters -------------------------------------------------------------------------------
    @property
    def kind(self) -> str:
        return ORGANISATIONS if self.kind_tabs.currentIndex() == 0 else PERSONS

    def _current_filter(self) -> ActorFilter:
        place = self.raum_combo.currentData()  # a Sozialraum's id, or where actors without one are
        return ActorFilter(
            kind=self.kind,
            sozialregion_id=self.region_combo.currentData(),
            sozialraum_id=place if isinstance(place, int) else None,
            org_type=self.type_combo.currentData(),
            theme=self.theme_combo.currentData(),
            text=self.search_edit.text(),
            area=place if isinstance(place, str) else None,
            # Only with a Sozialregion: the whole district's filter stays the plain one the count's fast path knows.
            with_city=self.with_city_check.isChecked() and self.region_combo.currentData() is not None,
            import_batch_id=self.import_combo.currentData(),
        )

    def _with_city_toggled(self, _checked: bool) -> None:
        self.apply_filter()

    def _fill_raum_combo(self) -> None:
        current = self.raum_combo.currentData()
        self.raum_combo.blockSignals(True)
        self.raum_combo.clear()
        self.raum_combo.addItem(self.tr("Alle Sozialräume"), ALL)
        for raum in self._areas.sozialraeume(self.region_combo.currentData()):
            self.raum_combo.addItem(raum.name, raum.id)
        # Actors no Sozialraum holds: found here whatever the Sozialregion, so none is out of reach.
        self.raum_combo.insertSeparator(self.raum_combo.count())
        for area in (WITHOUT_SOZIALRAUM, IN_CITY, OUTSIDE):
            self.raum_combo.addItem(self.tr(AREA_LABELS[area]), area)
        self.raum_combo.setCurrentIndex(max(self.raum_combo.findData(current), 0))
        self.raum_combo.blockSignals(False)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        """The list reads the database when it is first shown, not when the main window is built at start."""
        super().showEvent(event)
        if not self._catalogues_loaded:
            self.reload_catalogues()
        if not self.model.loaded:
            self.model.refresh()
            self._update_labels()

    def reload_catalogues(self) -> None:
        """Refill the type, theme and import filters (new types and themes appear as records are saved)."""
        self._catalogues_loaded = True
        for combo, all_label, values in (
            (self.type_combo, self.tr("Alle Typen"), [(v, v) for v in self._actors.organisation_types()]),
            (self.theme_combo, self.tr("Alle Themen"), [(v, v) for v in self._actors.themes()]),
            (self.import_combo, self.tr("Alle Einträge"), self._actors.import_choices()),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(all_label, ALL)
            for value, label in values:
                combo.addItem(label, value)
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.blockSignals(False)

    def _region_changed(self) -> None:
        self._fill_raum_combo()
        self.apply_filter()

    def show_import(self, batch_id: int) -> None:
        """The records of one import (from the import history): every other filter lifted, the whole district."""
        self._lift_filters()
        self.reload_catalogues()
        index = self.import_combo.findData(batch_id)
        if index < 0:  # undone meanwhile: still offered, the list is then empty
            self.import_combo.addItem(self.tr("Import {0}").format(batch_id), batch_id)
            index = self.import_combo.count() - 1
        self.import_combo.blockSignals(True)
        self.import_combo.setCurrentIndex(index)
        self.import_combo.blockSignals(False)
        self.apply_filter()

    def _kind_changed(self) -> None:
        memory = remember_header_state(self.table, f"actors/{self.kind}")
        with memory.paused():  # the other kind's columns replace these: not the user's widths
            self.apply_filter()
            self._apply_column_visibility()
        memory.use_key(f"actors/{self.kind}")  # organisations and persons keep their own widths, order and sort
        self._update_labels()

    def _narrowing(self) -> str | None:
        """What narrows the list, for the empty-list hint (see EmptyHint); None when there is no record at all, so
        a new user's empty own Sozialregion reads "Noch keine Organisationen", not "Keine Treffer"."""
        if not self._actors.count(ActorFilter(kind=self.kind)):
            return None
        return self.search_edit.text() if self.search_edit.text().strip() else ""

    def _reset_filters(self) -> None:
        """Show everything: the whole district, no Sozialraum, type, theme or import, no search text."""
        self._lift_filters()
        self.apply_filter()

    def _lift_filters(self) -> None:
        for combo in (self.region_combo, self.raum_combo, self.type_combo, self.theme_combo, self.import_combo):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self._fill_raum_combo()
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        self._search_timer.stop()

    def _empty_text(self) -> str:
        if self.kind == ORGANISATIONS:
            return self.tr(
                "Noch keine Organisationen. Neue Organisation (Strg+N) oder Akteursliste importieren (Strg+I)"
            )
        return self.tr("Noch keine Personen. Neue Person (Strg+Umschalt+N) oder Akteursliste importieren (Strg+I)")

    def apply_filter(self) -> None:
        self.model.set_filter(self._current_filter())
        self._update_labels()

    def show_whole_district(self) -> None:
        self.region_combo.setCurrentIndex(0)

    def search(self, text: str) -> None:
        self.search_edit.setText(text)
        self._search_timer.stop()
        self.apply_filter()

    def refresh_areas(self) -> None:
        """Region names or Sozialraum assignments changed: refill the area filters, keep the choice."""
        self.region_combo.set_regions(self._areas.regions(), self.region_combo.region_id())
        self._fill_raum_combo()
        self.refresh()

    def refresh(self) -> None:
        self.reload_catalogues()
        self.model.refresh()
        self._update_labels()

    def _update_labels(self) -> None:
        total = self.model.total
        noun = (
            (self.tr("Organisation"), self.tr("Organisationen"))
            if self.kind == ORGANISATIONS
            else (self.tr("Person"), self.tr("Personen"))
        )
        self.count_label.setText(f"{total:,}".replace(",", ".") + " " + (noun[0] if total == 1 else noun[1]))
        self.new_button.setText(self.tr("Neue Organisation") if self.kind == ORGANISATIONS else self.tr("Neue Person"))
        # For persons the type filter means "works for an organisation of this type".
        self.type_label.setText(self.tr("Typ") if self.kind == ORGANISATIONS else self.tr("Organisationstyp"))
        # "mit Stadt Göttingen" only means something for a whole Sozialregion.
        self.with_city_check.setEnabled(
            self.region_combo.currentData() is not None and self.raum_combo.currentData() is None
        )
        self._update_buttons()
        if self.model.loaded:  # not at start: the list reads the database when first shown
            self.empty_hint.update_hint()  # the search text it names may change while nothing matches

    def _update_buttons(self) -> None:
        selected = len(self.selected_ids())
        self.edit_button.setEnabled(selected == 1)
        self.delete_button.setEnabled(selected > 0)
        if self._privacy is not None:
            self.history_action.setEnabled(selected == 1)
            self.report_action.setEnabled(selected == 1 and self.kind == PERSONS)
            self.report_action.setVisible(self.kind == PERSONS)
        self.export_button.setEnabled(self.model.total > 0)

    # -- columns -------------------------------------------------------------------------------
    def _settings_key(self, kind: str | None = None) -> str:
        return f"actors/{kind or self.kind}/hidden_columns"

    def _hidden_keys(self, kind: str) -> set[str]:
        stored = self._settings.value(self._settings_key(kind))
        return set(stored) if isinstance(stored, list) else {c.key for c in COLUMNS[kind] if not c.visible}

    def _apply_column_visibility(self) -> None:
        hidden = self._hidden_keys(self.kind)
        for i, column in enumerate(COLUMNS[self.kind]):
            self.table.setColumnHidden(i, column.key in hidden)
        header = self.table.horizontalHeader()
        for i, column in enumerate(COLUMNS[self.kind]):
            header.resizeSection(i, max(60, column.width * 6))

    def visible_column_keys(self) -> list[str]:
        return [c.key for i, c in enumerate(COLUMNS[self.kind]) if not self.table.isColumnHidden(i)]

    def set_column_visible(self, key: str, visible: bool) -> None:
        keys = [c.key for c in COLUMNS[self.kind]]
        self.table.setColumnHidden(keys.index(key), not visible)
        hidden = [k for i, k in enumerate(keys) if self.table.isColumnHidden(i)]
        self._settings.setValue(self._settings_key(), hidden or [""])
        self.model.show_columns(self.kind, self.visible_column_keys())
        if visible and self.model.loaded:
            self.model.refresh()  # the column's values were not read while it was hidden

    def _column_menu(self, pos) -> None:
        menu = QMenu(self)
        visible = set(self.visible_column_keys())
        for column in COLUMNS[self.kind]:
            action = menu.addAction(column.label)
            action.setCheckable(True)
            action.setChecked(column.key in visible)
            action.toggled.connect(lambda on, key=column.key: self.set_column_visible(key, on))
        menu.exec(self.table.horizontalHeader().mapToGlobal(pos))

    # -- records -------------------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.row_id(r) for r in rows]

    def _dialog(self, record_id: int | None):
        kind = self.kind
        if kind == ORGANISATIONS:
            dialog = OrganisationDialog(self._actors, self._areas, record_id, self)
        else:
            dialog = PersonDialog(self._actors, self._areas, record_id, self, erase_persons=self._erase_persons)
        if self._drafts is not None:
            dialog.use_drafts(self._drafts, record_id)
        if self._privacy is not None and record_id is not None:
            dialog.add_action_button(
                self.tr("Änderungsverlauf …"), "historyButton", lambda: self.show_history(kind, record_id, dialog)
            )
            if kind == PERSONS:
                dialog.add_action_button(
                    self.tr("Auskunft (Art. 15) …"), "reportButton", lambda: self.write_report(record_id, parent=dialog)
                )
        return dialog

    def new_record(self) -> None:
        self._open(None)

    def edit_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            self._open(ids[0])

    def _open(self, record_id: int | None) -> None:
        try:
            dialog = self._dialog(record_id)
        except DomainError as error:
            QMessageBox.warning(self, self.tr("Nicht gefunden"), str(error))
            self.refresh()
            return
        dialog.exec()
        if dialog.saved_id is not None or dialog.deleted:
            self.refresh()
            self.counts_changed.emit()
            if dialog.saved_id is not None:
                self.select_id(dialog.saved_id)
                self.status_message.emit(dialog.status_text or self.tr("Gespeichert."))
            else:
                self.status_message.emit(self.tr("Gelöscht."))

    def open_record(self, kind: str, record_id: int) -> None:
        """Show this organisation or person in the whole district's list and open its form."""
        self.kind_tabs.setCurrentIndex(0 if kind == ORGANISATIONS else 1)
        self.show_whole_district()
        self.search("")
        self.select_id(record_id)
        self._open(record_id)

    def select_id(self, record_id: int) -> None:
        row = self.model.row_of_id(record_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        if len(ids) == 1:
            label = self.model.data(self.model.index(self.table.selectionModel().selectedRows()[0].row(), 0))
            question = self.tr("„{0}“ wirklich löschen?").format(label)
        else:
            noun = self.tr("Organisationen") if self.kind == ORGANISATIONS else self.tr("Personen")
            question = self.tr("{0} {1} wirklich löschen?").format(len(ids), noun)
        if self.kind == PERSONS:
            # Open tasks lose their "Wer" and approved minutes keep the person: said before, not discovered after.
            notes = self._actors.deletion_notes(ids)
            question += "\n" + "\n".join(notes) if notes else ""
            question += "\n" + self.tr(
                "Die Daten werden vollständig entfernt (DSGVO Art. 17), auch aus dem Änderungsprotokoll und der "
                "Suche; Teilnahmen an Sitzungen bleiben ohne Namen gezählt."
            )
            if notes:
                question += " " + self.tr(
                    "Offene Aufgaben bleiben mit „Wer: (gelöscht – bitte neu zuweisen)“ stehen; genehmigte Protokolle "
                    "bleiben, wie sie genehmigt wurden (Art. 17 Abs. 3 DSGVO)."
                )
        answer = QMessageBox.question(
            self,
            self.tr("Löschen bestätigen"),
            question + "\n" + self.tr("Das lässt sich nicht rückgängig machen."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            delete = self._actors.delete_organisations if self.kind == ORGANISATIONS else self._erase_persons
            count = delete(ids)
        except DomainError as error:
            QMessageBox.warning(self, self.tr("Löschen nicht möglich"), str(error))
            return
        self.refresh()
        self.counts_changed.emit()
        self.status_message.emit(numerus(count, self.tr("{0} Eintrag gelöscht."), self.tr("{0} Einträge gelöscht.")))

    # -- DSGVO ---------------------------------------------------------------------------------
    def _single(self) -> int | None:
        ids = self.selected_ids()
        return ids[0] if len(ids) == 1 else None

    def show_history(
        self, kind: str | None = None, record_id: int | None = None, parent=None
    ) -> AuditHistoryDialog | None:
        """Änderungsverlauf of the selected (or given) organisation or person."""
        kind = kind or self.kind
        record_id = record_id if record_id is not None else self._single()
        if record_id is None or self._privacy is None:
            return None
        try:
            label = self._privacy.record_name(kind, record_id)
        except DomainError as error:
            QMessageBox.warning(self, self.tr("Nicht gefunden"), str(error))
            return None
        dialog = AuditHistoryDialog(self._privacy, kind, record_id, label, parent or self)
        dialog.open()
        return dialog

    def write_report(self, person_id: int | None = None, target: Path | None = None, parent=None) -> None:
        """Auskunft nach Art. 15: everything about the person as Word and JSON, written in the background."""
        if person_id is None:
            person_id = self._single() if self.kind == PERSONS else None
        if person_id is None or self._privacy is None:
            return
        parent = parent or self
        if target is None:
            try:
                name = file_safe(self._privacy.record_name(PERSONS, person_id))
            except DomainError as error:
                QMessageBox.warning(parent, self.tr("Nicht gefunden"), str(error))
                return
            target = choose_save_path(
                parent, self.tr("Auskunft speichern"), f"Auskunft {name}.docx", [DOCX], "folders/documents"
            )
            if target is None:
                return

        def done(paths) -> None:
            self.status_message.emit(self.tr("Auskunft gespeichert: {0} und {1}").format(paths[0], paths[1].name))

        self._tasks.run(
            parent,
            self.tr("Auskunft wird erstellt …"),
            lambda progress: self._privacy.write_report(person_id, target, progress),
            done,
            lambda error: show_failure(parent, error, self.tr("Die Auskunft konnte nicht erstellt werden.")),
        )

    # -- export --------------------------------------------------------------------------------
    def export_list(self) -> None:
        stem = "Organisationen" if self.kind == ORGANISATIONS else "Personen"
        flt = self.model.actor_filter
        only_with_consent = leave_out_without_consent(self, self._actors.count_without_consent(flt), self.model.total)
        if only_with_consent is None:
            return
        target = choose_save_path(self, self.tr("Liste exportieren"), f"{stem}.xlsx", [XLSX, CSV])
        if target is None:
            return
        self.export_to(target, only_with_consent)

    def export_to(self, target: Path, only_with_consent: bool = False) -> None:
        """Export the list as shown (filter, sort, visible columns) in the background; persons without consent
        to passing on left out if asked."""
        flt, order, keys = self.model.actor_filter, self.model.sort_order, self.visible_column_keys()
        if only_with_consent:
            flt = replace(flt, consent=ConsentPurpose.PASSING_ON)
        self.export_button.setEnabled(False)

        def work(progress):
            return self._actors.export(flt, order, keys, target, progress)

        def done(count: int) -> None:
            self.export_button.setEnabled(True)
            self.status_message.emit(
                numerus(
                    count, self.tr("{0} Zeile exportiert nach {1}"), self.tr("{0} Zeilen exportiert nach {1}"), target
                )
            )

        def failed(error: BaseException) -> None:
            self.export_button.setEnabled(True)
            show_failure(
                self, error, self.tr("Der Export ist fehlgeschlagen. Einzelheiten stehen in der Protokolldatei.")
            )

        def cancelled() -> None:
            self.export_button.setEnabled(True)
            self.status_message.emit(self.tr("Export abgebrochen; es wurde keine Datei angelegt."))

        self._tasks.run(self, self.tr("Liste wird exportiert …"), work, done, failed, cancelled)
