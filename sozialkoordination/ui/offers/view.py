"""Angebote in the window: the list of offers of organisations for families and people, with their form."""

from __future__ import annotations

from PySide6.QtCore import Signal

from sozialkoordination.actors.service import ActorService
from sozialkoordination.areas.service import RegionDTO
from sozialkoordination.documents.columns import ColumnSpec
from sozialkoordination.drafts.service import DraftService
from sozialkoordination.offers.service import AngebotService
from sozialkoordination.ui.offers.dialogs import AngebotDialog
from sozialkoordination.ui.widgets.record_list import RecordListView

# The keys are the fields of AngebotListRow (offers/dto.py).
ANGEBOT_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("name", "Name", width=32),
    ColumnSpec("kind", "Art", width=12),
    ColumnSpec("life_phases", "Lebensphasen", width=28),
    ColumnSpec("themes", "Themen", width=22),
    ColumnSpec("organisation", "Organisation", width=28),
    ColumnSpec("place", "Ort", width=20),
    ColumnSpec("gemeinde", "Gemeinde", width=16),
    ColumnSpec("sozialraum", "Sozialraum", width=18),
    ColumnSpec("reach", "Reichweite", width=12),
    ColumnSpec("period", "Zeitraum", width=22),
)


class AngeboteView(RecordListView):
    """Beratung, Gruppen, Kurse, Betreuung, Treffpunkte … of the organisations, along the life course."""

    status_message = Signal(str)
    changed = Signal()

    def __init__(
        self,
        service: AngebotService,
        actors: ActorService,
        drafts: DraftService,
        regions: list[RegionDTO],
        own_region_id: int | None,
        parent=None,
    ):
        self._service, self._actors, self._drafts = service, actors, drafts
        super().__init__(
            self.tr("Angebote"),
            self.tr(
                "Angebote von Organisationen für Familien und Menschen in jeder Lebensphase (Beratung, Gruppe, "
                "Kurs, Betreuung, Treffpunkt …). Nicht zu verwechseln mit den Engagementangeboten für "
                "Ehrenamtliche."
            ),
            ANGEBOT_COLUMNS,
            service.list_rows,
            regions,
            own_region_id,
            parent,
        )
        self.setObjectName("angeboteView")
        self.add_action(self.tr("Neu …"), "newAngebotButton", lambda: self.edit_angebot(None), False)
        self.add_action(self.tr("Bearbeiten …"), "editAngebotButton", self.edit_angebot)
        self.on_open(self.edit_angebot)

    def edit_angebot(self, angebot_id: int | None) -> AngebotDialog:
        dialog = AngebotDialog(self._service, self._actors, angebot_id, self)
        dialog.use_drafts(self._drafts, angebot_id)

        def done() -> None:
            self.refresh()
            if dialog.saved_id and not dialog.deleted:
                self.select_id(dialog.saved_id)
            self.status_message.emit(self.tr("Gelöscht.") if dialog.deleted else self.tr("Gespeichert."))
            self.changed.emit()

        dialog.accepted.connect(done)
        dialog.open()
        return dialog
