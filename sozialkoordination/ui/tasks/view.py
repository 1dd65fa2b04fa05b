"""Tasks across all meetings: open first by due date, overdue and due-soon highlighted, marked done with a date."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sozialkoordination.actors.service import ActorService
from sozialkoordination.areas.service import AreaService, RegionDTO
from sozialkoordination.core.enums import TaskStatus
from sozialkoordination.core.errors import DomainError
from sozialkoordination.core.formatting import german_date, numerus
from sozialkoordination.meetings.dto import TaskEntry, TaskFilter
from sozialkoordination.meetings.service import MeetingService
from sozialkoordination.ui.shell import theme
from sozialkoordination.ui.shell.tasks import TaskRunner
from sozialkoordination.ui.tasks.task_dialog import TaskDialog
from sozialkoordination.ui.widgets.accessibility import set_name
from sozialkoordination.ui.widgets.date_dialog import ask_date
from sozialkoordination.ui.widgets.flow_layout import FlowLayout, labelled
from sozialkoordination.ui.widgets.load_when_shown import LoadWhenShown
from sozialkoordination.ui.widgets.page_title import page_title
from sozialkoordination.ui.widgets.record_picker import ChosenRecord, organisation_picker, person_picker
from sozialkoordination.ui.widgets.region_combo import RegionCombo
from sozialkoordination.ui.widgets.save_dialog import CSV, XLSX, choose_save_path, show_failure
from sozialkoordination.ui.widgets.tables import ID_ROLE, EmptyHint, cell, make_table, select_row_with_id

# each also in words
STATE_ROLES = {"überfällig": theme.ERROR, "bald fällig": theme.WARNING, TaskStatus.DONE: theme.MUTED}


class TasksView(LoadWhenShown, QWidget):
    status_message = Signal(str)
    changed = Signal()
    open_meeting = Signal(int)

    def __init__(
        self,
        meetings: MeetingService,
        actors: ActorService,
        areas: AreaService,
        tasks: TaskRunner,
        regions: list[RegionDTO],
        own_region_id: int | None,
        parent=None,
    ):
        super().__init__(parent)
        self.setObjectName("tasksView")
        self._meetings, self._actors, self._tasks, self._areas = meetings, actors, tasks, areas
        self._entries: list[TaskEntry] = []
        title = page_title(self.tr("Aufgaben"), self)
        intro = QLabel(self.tr("Wer – was – bis wann, aus allen Sitzungen. Offene zuerst, nach Fälligkeit."), self)
        intro.setStyleSheet(theme.muted())
        intro.setWordWrap(True)

        self.open_only = QCheckBox(self.tr("nur offene"), self, objectName="openOnlyCheck", checked=True)
        self.region_combo = RegionCombo(regions, own_region_id, self)
        self.raum = QComboBox(self, objectName="taskRaumFilter")
        self._fill_raeume()
        self.person = ChosenRecord(person_picker(actors), self)
        self.person.setObjectName("taskPersonFilter")
        self.organisation = ChosenRecord(organisation_picker(actors), self)
        self.organisation.setObjectName("taskOrganisationFilter")
        filters = FlowLayout(spacing=8)  # narrow windows: the filters continue on a second line
        filters.addWidget(self.open_only)
        filters.addWidget(self.region_combo)
        filters.addWidget(self.raum)
        filters.addWidget(labelled(QLabel(self.tr("Person:"), self), self.person))
        filters.addWidget(labelled(QLabel(self.tr("Organisation:"), self), self.organisation))

        self.table = make_table(
            self,
            [
                self.tr("Fällig am"),
                self.tr("Aufgabe"),
                self.tr("Wer"),
                self.tr("Status"),
                self.tr("Sitzung"),
                self.tr("Sozialraum"),
                self.tr("Erledigt am"),
            ],
            "taskTable",
        )
        set_name(self.table, self.tr("Aufgaben"))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        for column, width in enumerate((90, 320, 260, 90, 280, 120)):
            self.table.setColumnWidth(column, width)
        self.table.itemDoubleClicked.connect(lambda _i: self.edit_selected())
        self._none_recorded = False  # no task at all, whatever the filter: the hint says where they come from
        self.empty_hint = EmptyHint(
            self.table,
            self.tr("Noch keine Aufgaben. Aufgaben entstehen in Sitzungen (Protokoll) und in der Beteiligung."),
            lambda: None if self._none_recorded else "",
            self._reset_filters,
        )
        self.count = QLabel(self, objectName="taskCount")
        self.count.setStyleSheet(theme.muted())

        buttons = FlowLayout(spacing=8)
        for text, slot, name in (
            (self.tr("Erledigt"), lambda: self.set_done(True), "doneButton"),
            (self.tr("Wieder öffnen"), lambda: self.set_done(False), "reopenButton"),
            (self.tr("Bearbeiten …"), self.edit_selected, "editTaskButton"),
            (self.tr("Zur Sitzung"), self._go_to_meeting, "toMeetingButton"),
        ):
            button = QPushButton(text, self, objectName=name)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addWidget(self.count)
        export = QPushButton(self.tr("Exportieren …"), self, objectName="exportTasksButton")
        export.clicked.connect(self.export_list)
        buttons.addWidget(export)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.open_only.toggled.connect(self.refresh)
        self.region_combo.currentIndexChanged.connect(self._region_changed)
        self.raum.currentIndexChanged.connect(self.refresh)
        self.person.changed.connect(self.refresh)
        self.organisation.changed.connect(self.refresh)

    def _fill_raeume(self) -> None:
        self.raum.blockSignals(True)
        self.raum.clear()
        self.raum.addItem(self.tr("alle Sozialräume"), None)
        for raum in self._areas.sozialraeume(self.region_combo.region_id()):
            self.raum.addItem(raum.name, raum.id)
        self.raum.blockSignals(False)

    def _region_changed(self) -> None:
        self._fill_raeume()
        self.refresh()

    def task_filter(self) -> TaskFilter:
        return TaskFilter(
            open_only=self.open_only.isChecked(),
            person_id=self.person.value(),
            organisation_id=self.organisation.value(),
            sozialraum_id=self.raum.currentData(),
            sozialregion_id=self.region_combo.region_id() if self.raum.currentData() is None else None,
        )

    def refresh(self) -> None:
        today = date.today()
        self._entries = self._meetings.tasks(self.task_filter())
        self._none_recorded = not self._entries and not self._meetings.tasks(TaskFilter())
        self.table.setRowCount(0)
        for entry in self._entries:
            r = self.table.rowCount()
            self.table.insertRow(r)
            state = entry.state(today)
            values = (
                german_date(entry.due_on),
                entry.description,
                entry.assignee,
                state,
                entry.meeting,
                entry.sozialraum,
                german_date(entry.done_on),
            )
            for column, value in enumerate(values):
                item = cell(value, entry.id if column == 0 else None)
                if state in STATE_ROLES:
                    item.setForeground(theme.colour(STATE_ROLES[state]))
                if state == "überfällig" and column in (0, 3):
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(r, column, item)
        overdue = sum(1 for e in self._entries if e.state(today) == "überfällig")
        self.count.setText(
            numerus(
                len(self._entries),
                self.tr("{0} Aufgabe, davon {1} überfällig"),
                self.tr("{0} Aufgaben, davon {1} überfällig"),
                overdue,
            )
        )
        self.empty_hint.update_hint()

    def _reset_filters(self) -> None:
        """Every task of the district, done ones too, whoever does it."""
        for widget in (self.open_only, self.region_combo, self.raum, self.person, self.organisation):
            widget.blockSignals(True)
        self.open_only.setChecked(False)
        self.region_combo.setCurrentIndex(0)
        self._fill_raeume()
        self.person.set_value(None, "")
        self.organisation.set_value(None, "")
        for widget in (self.open_only, self.region_combo, self.raum, self.person, self.organisation):
            widget.blockSignals(False)
        self.refresh()

    def show_task(self, task_id: int) -> None:
        """Select this task; filters that hide it are lifted."""
        if all(e.id != task_id for e in self._entries):
            for widget in (self.open_only, self.region_combo, self.raum):
                widget.blockSignals(True)
            self.open_only.setChecked(False)
            self.region_combo.setCurrentIndex(0)
            self._fill_raeume()
            for widget in (self.open_only, self.region_combo, self.raum):
                widget.blockSignals(False)
            self.person.set_value(None, "")
            self.organisation.set_value(None, "")
            self.refresh()
        select_row_with_id(self.table, task_id)

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.table.item(r, 0).data(ID_ROLE) for r in rows]

    def set_done(self, done: bool) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        done_on = None
        if done:  # work is often reported done a few days later: the date is asked, today proposed
            done_on = ask_date(
                self,
                self.tr("Erledigt"),
                self.tr("Erledigt am"),
                date.today(),
                numerus(
                    len(ids),
                    self.tr("{0} Aufgabe als erledigt markieren."),
                    self.tr("{0} Aufgaben als erledigt markieren."),
                ),
            )
            if done_on is None:
                return
        try:
            for task_id in ids:
                self._meetings.set_task_done(task_id, done, done_on)
        except DomainError as error:
            QMessageBox.warning(self, self.tr("Nicht möglich"), str(error))
            return
        self.refresh()
        self.changed.emit()
        if done:
            message = numerus(
                len(ids), self.tr("{0} Aufgabe als erledigt markiert."), self.tr("{0} Aufgaben als erledigt markiert.")
            )
        else:
            message = numerus(len(ids), self.tr("{0} Aufgabe wieder offen."), self.tr("{0} Aufgaben wieder offen."))
        self.status_message.emit(message)

    def edit_selected(self) -> TaskDialog | None:
        ids = self.selected_ids()
        if not ids:
            return None
        dialog = TaskDialog(self._meetings, self._actors, ids[0], parent=self)
        dialog.accepted.connect(lambda: (self.refresh(), self.changed.emit()))
        dialog.open()
        return dialog

    def _go_to_meeting(self) -> None:
        ids = self.selected_ids()
        entry = next((e for e in self._entries if ids and e.id == ids[0]), None)
        if entry and entry.meeting_id:
            self.open_meeting.emit(entry.meeting_id)

    def export_list(self) -> None:
        target = choose_save_path(self, self.tr("Aufgaben exportieren"), "Aufgaben.xlsx", [XLSX, CSV])
        if target is None:
            return
        flt = self.task_filter()
        failed = lambda error: show_failure(self, error, self.tr("Der Export ist fehlgeschlagen."))  # noqa: E731

        self._tasks.run(
            self,
            self.tr("Aufgaben werden exportiert …"),
            lambda progress: self._meetings.export_tasks(target, flt, progress),
            lambda count: self.status_message.emit(
                numerus(
                    count,
                    self.tr("{0} Aufgabe exportiert nach {1}"),
                    self.tr("{0} Aufgaben exportiert nach {1}"),
                    target,
                )
            ),
            failed,
        )
