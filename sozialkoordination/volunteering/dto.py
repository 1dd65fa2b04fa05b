"""What the volunteering feature hands to the window: one row of the volunteer list and of the offer list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class VolunteerListRow:
    id: int
    name: str  # "Vorname Nachname"
    role: str | None
    interests: str  # theme names, sorted, comma-separated
    ortschaft: str | None
    sozialraum: str | None
    mobility: str  # "eigenes Auto, bis 15 km"
    active_placements: int
    last_activity_on: date | None


@dataclass(frozen=True)
class OfferListRow:
    id: int
    title: str
    organisation: str | None
    place: str | None
    sozialraum: str | None
    time: str  # "dienstags nachmittags", "einmalig am 20.06.2026", "flexibel"
    places: int | None
    status: str
