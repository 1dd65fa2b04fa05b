"""Volunteering in the window: the list of volunteers and the list of Engagementangebote, each with its forms,
matching, the export of open offers and the figures for reports."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import Signal

from sozialkoordination.actors.service import ActorService
from sozialkoordination.areas.service import AreaService, RegionDTO
from sozialkoordination.documents.columns import ColumnSpec
from sozialkoordination.drafts.service import DraftService
from sozialkoordination.meetings.service import MeetingService
from sozialkoordination.ui.shell.tasks import TaskRunner
from sozialkoordination.ui.volunteering.dialogs import OfferDialog, VolunteerDialog
from sozialkoordination.ui.volunteering.match_dialog import MatchDialog
from sozialkoordination.ui.widgets.figures_dialog import FiguresDialog
from sozialkoordination.ui.widgets.record_dialog import RecordDialog
from sozialkoordination.ui.widgets.record_list import RecordListView
from sozialkoordination.ui.widgets.save_dialog import CSV, XLSX, choose_save_path, show_failure
from sozialkoordination.volunteering.service import VolunteeringService

# The keys are the fields of VolunteerListRow and OfferListRow (volunteering/dto.py).
VOLUNTEER_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("name", "Name", width=26),
    ColumnSpec("role", "Rolle", width=20),
    ColumnSpec("interests", "Interessen", width=30),
    ColumnSpec("ortschaft", "Ortschaft", width=18),
    ColumnSpec("sozialraum", "Sozialraum", width=20),
    ColumnSpec("mobility", "Mobilität", width=24),
    ColumnSpec("active_placements", "Einsätze aktiv", kind="int", width=9),
    ColumnSpec("last_activity_on", "Letzte Aktivität", kind="date", width=12),
)

OFFER_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("title", "Titel", width=34),
    ColumnSpec("organisation", "Organisation", width=30),
    ColumnSpec("place", "Ort", width=18),
    ColumnSpec("sozialraum", "Sozialraum", width=20),
    ColumnSpec("time", "Zeit", width=24),
    ColumnSpec("places", "Plätze", kind="int", width=7),
    ColumnSpec("status", "Status", width=10),
)


class _VolunteeringList(RecordListView):
    """What both lists share: the services, the record forms and matching."""

    status_message = Signal(str)
    placements_changed = Signal()  # matching asked, placed or ended someone: the other list counts it too

    def __init__(
        self,
        title: str,
        intro: str,
        columns: tuple[ColumnSpec, ...],
        load: Callable[[int | None], Sequence[object]],
        volunteering: VolunteeringService,
        actors: ActorService,
        areas: AreaService,
        meetings: MeetingService,
        drafts: DraftService,
        tasks: TaskRunner,
        regions: list[RegionDTO],
        own_region_id: int | None,
        parent=None,
    ):
        self._volunteering, self._actors, self._areas, self._meetings = volunteering, actors, areas, meetings
        self._drafts, self._tasks = drafts, tasks
        super().__init__(title, intro, columns, load, regions, own_region_id, parent)

    def _open_form(self, dialog: RecordDialog, record_id: int | None) -> RecordDialog:
        dialog.use_drafts(self._drafts, record_id)

        def done() -> None:
            self.refresh()
            if dialog.saved_id and not dialog.deleted:
                self.select_id(dialog.saved_id)
            self.status_message.emit(self.tr("Gelöscht.") if dialog.deleted else self.tr("Gespeichert."))

        dialog.accepted.connect(done)
        dialog.open()
        return dialog

    def _match(self, dialog: MatchDialog) -> MatchDialog:
        def finished(_result) -> None:
            if dialog.changed:
                self.refresh()
                self.placements_changed.emit()

        dialog.finished.connect(finished)
        dialog.open()
        return dialog


class VolunteersView(_VolunteeringList):
    """Ehrenamtliche, Freiwilligendienste, Dorfmoderator*innen and Ortsbürgermeister*innen."""

    def __init__(self, volunteering, actors, areas, meetings, drafts, tasks, regions, own_region_id, parent=None):
        super().__init__(
            self.tr("Ehrenamtliche"),
            self.tr("Ehrenamtliche, Freiwilligendienste, Dorfmoderator*innen und Ortsbürgermeister*innen."),
            VOLUNTEER_COLUMNS,
            volunteering.volunteer_list,
            volunteering,
            actors,
            areas,
            meetings,
            drafts,
            tasks,
            regions,
            own_region_id,
            parent,
        )
        self.setObjectName("volunteersView")
        self.add_action(self.tr("Neu …"), "newVolunteerButton", lambda: self.edit_volunteer(None), False)
        self.add_action(self.tr("Bearbeiten …"), "editVolunteerButton", self.edit_volunteer)
        self.add_action(self.tr("Passende Angebote …"), "volunteerMatchButton", self.match_volunteer)
        self.on_open(self.edit_volunteer)

    def edit_volunteer(self, volunteer_id: int | None) -> VolunteerDialog:
        dialog = VolunteerDialog(self._volunteering, self._actors, self._areas, self._meetings, volunteer_id, self)
        return self._open_form(dialog, volunteer_id)

    def match_volunteer(self, volunteer_id: int) -> MatchDialog:
        title = self.tr("Passende Angebote")
        return self._match(MatchDialog(self._volunteering, "volunteer", volunteer_id, title, self))


class OffersView(_VolunteeringList):
    """Engagementangebote with times, places and status; the open ones first."""

    def __init__(self, volunteering, actors, areas, meetings, drafts, tasks, regions, own_region_id, parent=None):
        super().__init__(
            self.tr("Engagementangebote"),
            self.tr("Angebote für Ehrenamtliche mit Zeiten, Plätzen und Status."),
            OFFER_COLUMNS,
            volunteering.offer_list,
            volunteering,
            actors,
            areas,
            meetings,
            drafts,
            tasks,
            regions,
            own_region_id,
            parent,
        )
        self.setObjectName("offersView")
        self.add_action(self.tr("Neu …"), "newOfferButton", lambda: self.edit_offer(None), False)
        self.add_action(self.tr("Bearbeiten …"), "editOfferButton", self.edit_offer)
        self.add_action(self.tr("Passende Ehrenamtliche …"), "offerMatchButton", self.match_offer)
        self.add_action(self.tr("Offene Angebote exportieren …"), "exportOffersButton", self.export_offers, False)
        self.on_open(self.edit_offer)
        self.add_action(self.tr("Zahlen …"), "volunteeringFiguresButton", self.volunteering_figures, False)

    def edit_offer(self, offer_id: int | None) -> OfferDialog:
        dialog = OfferDialog(self._volunteering, self._actors, self._areas, self._meetings, offer_id, self)
        return self._open_form(dialog, offer_id)

    def match_offer(self, offer_id: int) -> MatchDialog:
        title = self.tr("Passende Ehrenamtliche – {0}").format(self._volunteering.offer_title(offer_id))
        return self._match(MatchDialog(self._volunteering, "offer", offer_id, title, self))

    def export_offers(self) -> None:
        target = choose_save_path(self, self.tr("Offene Angebote exportieren"), "Offene Angebote.xlsx", [XLSX, CSV])
        if target is None:
            return
        self._tasks.run(
            self,
            self.tr("Angebote werden exportiert …"),
            lambda progress: self._volunteering.export_open_offers(target, progress),
            lambda count: self.status_message.emit(
                self.tr("{0} offene Angebote exportiert nach {1}").format(count, target)
            ),
            lambda error: show_failure(self, error, self.tr("Der Export ist fehlgeschlagen.")),
        )

    def volunteering_figures(self) -> FiguresDialog:
        year = date.today().year
        rows = [
            (year - offset, *self._volunteering.counts(year - offset, self.region_id).values()) for offset in range(3)
        ]
        dialog = FiguresDialog(
            self.tr("Ehrenamt in Zahlen"),
            self.tr(
                "Für Berichte: offene Angebote und aktive Ehrenamtliche heute, Anfragen und Vermittlungen je Jahr."
            ),
            [
                self.tr("Jahr"),
                self.tr("offene Angebote"),
                self.tr("aktive Ehrenamtliche"),
                self.tr("Vermittlungen"),
                self.tr("Anfragen"),
            ],
            rows,
            self,
        )
        dialog.open()
        return dialog
