"""What crosses from the participation service to the window and the documents: rows and constants."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sozialkoordination.core.enums import ParticipationStatus, ProposalResponse

FORMATS = (
    "Bürgerversammlung",
    "Zukunftswerkstatt",
    "Befragung",
    "Ortsbegehung",
    "Kinder- und Jugendbeteiligung",
    "Online-Beteiligung",
    "Sonstiges",
)
STATUSES = tuple(ParticipationStatus)
RESPONSES = tuple(ProposalResponse)
ACTIVITY_FIELDS = (
    "format",
    "title",
    "topic",
    "sozialraum_id",
    "ortschaft",
    "starts_on",
    "ends_on",
    "organiser_organisation_id",
    "target_groups",
    "participants_on_site",
    "participants_online",
    "participants_paper",
    "status",
    "documents",
    "notes",
)


@dataclass
class ActivityData:
    format: str = "Bürgerversammlung"
    title: str = ""
    topic: str | None = None
    sozialraum_id: int | None = None
    ortschaft: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    organiser_organisation_id: int | None = None
    partner_ids: list[int] = field(default_factory=list)
    target_groups: str | None = None
    participants_on_site: int | None = None
    participants_online: int | None = None
    participants_paper: int | None = None
    status: str = ParticipationStatus.PLANNED
    documents: str | None = None
    notes: str | None = None
    id: int | None = None
    version: int | None = None

    @property
    def participants(self) -> int | None:
        return participant_count(self)


@dataclass
class ProposalData:
    text: str = ""
    response_status: str = ProposalResponse.UNDER_REVIEW
    responsible_organisation_id: int | None = None
    estimated_cost: Decimal | None = None
    progress_percent: int = 0
    meeting_id: int | None = None
    notes: str | None = None
    id: int | None = None


@dataclass(frozen=True)
class ProposalRow:
    id: int
    text: str
    response_status: str
    responsible: str
    estimated_cost: Decimal | None
    progress_percent: int
    meeting: str
    milestones: list[tuple[int, str, date | None, date | None]]  # (id, title, due, done)
    tasks: list[str]


def participant_count(activity) -> int | None:
    """All channels together (an activity or ActivityData); None if nothing was counted."""
    counts = [
        c for c in (activity.participants_on_site, activity.participants_online, activity.participants_paper) if c
    ]
    return sum(counts) if counts else None


@dataclass(frozen=True)
class ActivityListRow:
    """One row of the list of participation activities."""

    id: int
    starts_on: date | None
    format: str
    title: str
    sozialraum: str | None
    ortschaft: str | None
    participants: int | None  # all channels together; None where nothing was counted
    proposals: int
    status: str
