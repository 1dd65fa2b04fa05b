"""Citizen participation in the window: the list of activities with their form, their results (proposals),
the Word summary for the Gemeinde, the export and the figures per Sozialraum."""

from __future__ import annotations

from PySide6.QtCore import Signal

from sozialkoordination.actors.service import ActorService
from sozialkoordination.areas.service import AreaService, RegionDTO
from sozialkoordination.core.formatting import file_safe, numerus
from sozialkoordination.documents.columns import ColumnSpec
from sozialkoordination.drafts.service import DraftService
from sozialkoordination.meetings.service import MeetingService
from sozialkoordination.participation.dto import RESPONSES
from sozialkoordination.participation.service import ParticipationService
from sozialkoordination.ui.participation.dialogs import ActivityDialog, ProposalsDialog
from sozialkoordination.ui.shell.tasks import TaskRunner
from sozialkoordination.ui.widgets.figures_dialog import FiguresDialog
from sozialkoordination.ui.widgets.record_list import RecordListView
from sozialkoordination.ui.widgets.save_dialog import DOCX, XLSX, choose_save_path, show_failure

# The keys are the fields of ActivityListRow (participation/dto.py).
PARTICIPATION_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("starts_on", "Beginn", kind="date", width=11),
    ColumnSpec("format", "Format", width=20),
    ColumnSpec("title", "Titel", width=36),
    ColumnSpec("sozialraum", "Sozialraum", width=20),
    ColumnSpec("ortschaft", "Ortschaft", width=18),
    ColumnSpec("participants", "Teilnehmende", kind="int", width=11),
    ColumnSpec("proposals", "Vorschläge", kind="int", width=10),
    ColumnSpec("status", "Status", width=13),
)


class ParticipationView(RecordListView):
    status_message = Signal(str)
    tasks_changed = Signal()  # the results may have created tasks: the task list reads again

    def __init__(
        self,
        participation: ParticipationService,
        actors: ActorService,
        areas: AreaService,
        meetings: MeetingService,
        drafts: DraftService,
        tasks: TaskRunner,
        regions: list[RegionDTO],
        own_region_id: int | None,
        parent=None,
    ):
        super().__init__(
            self.tr("Bürgerbeteiligung"),
            self.tr("Beteiligungsformate mit Teilnehmenden und gesammelten Vorschlägen."),
            PARTICIPATION_COLUMNS,
            participation.activity_list,
            regions,
            own_region_id,
            parent,
        )
        self.setObjectName("participationView")
        self._participation, self._actors, self._areas, self._meetings = participation, actors, areas, meetings
        self._drafts, self._tasks = drafts, tasks
        self.add_action(self.tr("Neu …"), "newActivityButton", lambda: self.edit_activity(None), False)
        self.add_action(self.tr("Bearbeiten …"), "editActivityButton", self.edit_activity)
        self.add_action(self.tr("Ergebnisse …"), "proposalsButton", self.edit_proposals)
        self.add_action(self.tr("Zusammenfassung (Word) …"), "summaryButton", self.write_summary)
        self.add_action(self.tr("Exportieren …"), "exportParticipationButton", self.export_participation, False)
        self.on_open(self.edit_activity)
        self.add_action(
            self.tr("Übersicht je Sozialraum …"), "participationOverviewButton", self.participation_figures, False
        )

    def edit_activity(self, activity_id: int | None) -> ActivityDialog:
        dialog = ActivityDialog(self._participation, self._actors, self._areas, activity_id, self)
        dialog.use_drafts(self._drafts, activity_id)

        def done() -> None:
            self.refresh()
            if dialog.saved_id and not dialog.deleted:
                self.select_id(dialog.saved_id)
            self.status_message.emit(self.tr("Gelöscht.") if dialog.deleted else self.tr("Gespeichert."))

        dialog.accepted.connect(done)
        dialog.open()
        return dialog

    def edit_proposals(self, activity_id: int) -> ProposalsDialog:
        dialog = ProposalsDialog(self._participation, self._actors, self._meetings, activity_id, self)
        dialog.status_message.connect(self.status_message)

        def finished(_result) -> None:
            self.refresh()  # the number of proposals in the list
            self.tasks_changed.emit()

        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    def write_summary(self, activity_id: int) -> None:
        title = file_safe(self._participation.get(activity_id).title)
        target = choose_save_path(
            self, self.tr("Zusammenfassung speichern"), f"Zusammenfassung {title}.docx", [DOCX], "folders/documents"
        )
        if target is None:
            return
        self._tasks.run(
            self,
            self.tr("Zusammenfassung wird erstellt …"),
            lambda _progress: self._participation.write_summary(activity_id, target),
            lambda _result: self.status_message.emit(self.tr("Zusammenfassung gespeichert: {0}").format(target)),
            lambda error: show_failure(self, error, self.tr("Die Zusammenfassung konnte nicht erstellt werden.")),
        )

    def export_participation(self) -> None:
        target = choose_save_path(self, self.tr("Bürgerbeteiligung exportieren"), "Bürgerbeteiligung.xlsx", [XLSX])
        if target is None:
            return
        region = self.region_id
        self._tasks.run(
            self,
            self.tr("Bürgerbeteiligung wird exportiert …"),
            lambda progress: self._participation.export(target, region, progress),
            lambda count: self.status_message.emit(
                numerus(
                    count,
                    self.tr("{0} Vorschlag exportiert nach {1}"),
                    self.tr("{0} Vorschläge exportiert nach {1}"),
                    target,
                )
            ),
            lambda error: show_failure(self, error, self.tr("Der Export ist fehlgeschlagen.")),
        )

    def participation_figures(self) -> FiguresDialog:
        dialog = FiguresDialog(
            self.tr("Bürgerbeteiligung je Sozialraum"),
            self.tr("Beteiligungen und Teilnehmende je Sozialraum und Jahr, die Vorschläge nach ihrer Antwort."),
            [self.tr("Sozialraum"), self.tr("Jahr"), self.tr("Beteiligungen"), self.tr("Teilnehmende"), *RESPONSES],
            self._participation.overview(self.region_id),
            self,
        )
        dialog.open()
        return dialog
