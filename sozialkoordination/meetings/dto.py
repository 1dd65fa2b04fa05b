"""What crosses from the meeting service to the window and the documents: rows, sheets, constants."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta

from sozialkoordination.core.enums import AreaLevel, InvitationReply, MeetingKind, MinutesStatus, TaskStatus
from sozialkoordination.core.formatting import german_date
from sozialkoordination.core.letters import Addressee

LEVELS = {
    AreaLevel.SOZIALREGION: "Sozialregion",
    AreaLevel.SOZIALRAUM: "Sozialraum",
    AreaLevel.LANDKREIS: "Landkreis",
}
DELETED_ASSIGNEE = "(gelöscht – bitte neu zuweisen)"  # "Wer" of a task whose person or organisation was deleted
# "Wer" of a task whose person exists but is not readable by this login (the office server shows each coordinator
# only the persons of their Sozialregion): not "deleted", nobody has to reassign it.
HIDDEN_ASSIGNEE = "(Person einer anderen Sozialregion)"
FROZEN = (
    "Das Protokoll ist genehmigt und bleibt so, wie es genehmigt wurde. Änderungen sind nur als neue Fassung mit "
    "Grund möglich („Neue Fassung …“)."
)
REPLIES = {
    InvitationReply.INVITED: "eingeladen",
    InvitationReply.ACCEPTED: "zugesagt",
    InvitationReply.DECLINED: "abgesagt",
    InvitationReply.REPRESENTED: "vertreten durch",
}
# what a follow-up meeting does not take over from the previous one
NOT_COPIED = ("id", "version", "title", "meeting_date", "minutes_status", "notes", "previous_meeting_id")
DEFAULT_DUE_DAYS = 14  # "bis wann" proposed for a task: two weeks after its meeting


# -- what the views and documents get ------------------------------------------------------------------------------
@dataclass
class MeetingData:
    meeting_type: str = MeetingKind.SOZIALRAUMKONFERENZ
    title: str = ""
    meeting_date: date | None = None
    level: str = AreaLevel.SOZIALRAUM
    sozialregion_id: int | None = None
    sozialraum_id: int | None = None
    network_id: int | None = None
    start_time: time | None = None
    end_time: time | None = None
    venue: str | None = None
    venue_address: str | None = None
    chair_person_id: int | None = None
    minute_taker_person_id: int | None = None
    minutes_status: str = MinutesStatus.DRAFT
    notes: str | None = None
    previous_meeting_id: int | None = None
    id: int | None = None
    version: int | None = None


@dataclass(frozen=True)
class MeetingRow:
    id: int
    meeting_date: date
    start_time: time | None
    meeting_type: str
    title: str
    area: str
    minutes_status: str

    @property
    def label(self) -> str:
        return f"{self.title} ({german_date(self.meeting_date)})"


@dataclass
class TaskData:
    description: str = ""
    assignee_person_id: int | None = None
    assignee_organisation_id: int | None = None
    due_on: date | None = None
    sozialraum_id: int | None = None
    meeting_id: int | None = None
    agenda_item_id: int | None = None
    id: int | None = None
    version: int | None = None


@dataclass(frozen=True)
class TaskEntry:
    id: int
    description: str
    assignee: str  # "Dr. Anna Schulz (Familienzentrum)", an organisation, or ""
    due_on: date | None
    status: str  # offen|erledigt
    done_on: date | None
    meeting: str  # "Sozialraumkonferenz Bovenden (12.03.2026)" or ""
    meeting_id: int | None
    agenda_item_id: int | None
    sozialraum: str
    assignee_person_id: int | None
    assignee_organisation_id: int | None

    def state(self, today: date) -> str:
        """offen / bald fällig (within 7 days) / überfällig / erledigt"""
        if self.status == TaskStatus.DONE:
            return TaskStatus.DONE
        if self.due_on and self.due_on < today:
            return "überfällig"
        if self.due_on and self.due_on <= today + timedelta(days=7):
            return "bald fällig"
        return TaskStatus.OPEN


@dataclass(frozen=True)
class DecisionEntry:
    id: int
    text: str


@dataclass(frozen=True)
class RemovedDecision:
    """What `delete_decision` removed, so that `restore_decision` can put it back at its place."""

    agenda_item_id: int
    position: int
    text: str


@dataclass(frozen=True)
class AgendaEntry:
    id: int
    number: int  # TOP 1, 2, …
    title: str
    presenter: str | None
    duration_minutes: int | None
    item_type: str
    is_standing: bool
    minutes: str | None
    starts_at: time | None
    decisions: list[DecisionEntry]
    tasks: list[TaskEntry]
    follow_up: list[TaskEntry]  # open tasks of the earlier meeting this item follows up
    version: int
    # all tasks of the earlier meeting, done ones too: the minutes report their outcome
    carried: list[TaskEntry] = field(default_factory=list)


@dataclass(frozen=True)
class InviteeRow:
    invitation_id: int
    person_id: int
    person: Addressee
    status: str
    represented_by: str | None
    consent: bool = True  # a valid consent for invitations (DSGVO); without one the list marks the person

    @property
    def reply(self) -> str:
        if self.status == InvitationReply.REPRESENTED and self.represented_by:
            return f"vertreten durch {self.represented_by}"
        return REPLIES.get(self.status, self.status)


@dataclass(frozen=True)
class CandidateRow:
    person_id: int
    person: Addressee
    invited: bool
    consent: bool = True  # a valid consent for invitations; without one the person is not ticked by default


@dataclass(frozen=True)
class AttendanceRow:
    person_id: int | None
    person: Addressee | None  # None after the person was erased (DSGVO); the row still counts
    invited: bool
    reply: str
    present: bool
    excused: bool
    walk_in: bool


@dataclass(frozen=True)
class InviteeFilter:
    sozialregion_id: int | None = None
    sozialraum_id: int | None = None
    network_id: int | None = None
    org_type: str | None = None
    theme: str | None = None

    @property
    def empty(self) -> bool:
        return all(getattr(self, f.name) in (None, "") for f in fields(self))


@dataclass(frozen=True)
class TaskSummary:
    open_count: int
    overdue_count: int
    next_due: list[TaskEntry]


@dataclass(frozen=True)
class TaskFilter:
    open_only: bool = False
    person_id: int | None = None
    organisation_id: int | None = None
    sozialraum_id: int | None = None
    sozialregion_id: int | None = None
    meeting_id: int | None = None


@dataclass(frozen=True)
class MeetingSheet:
    """Everything the documents of one meeting show, read in one go."""

    id: int
    meeting_type: str
    title: str
    meeting_date: date
    start_time: time | None
    end_time: time | None
    venue: str | None
    venue_address: str | None
    level: str
    area: str  # "Sozialraum Bovenden", "Sozialregion B (Göttingen-Nord)", "Landkreis Göttingen"
    region: str | None  # the Sozialregion the meeting belongs to, for the letterhead
    network: str | None
    chair: str | None
    minute_taker: str | None
    minutes_status: str
    notes: str | None
    agenda: list[AgendaEntry]
    invitees: list[InviteeRow]
    attendance: list[AttendanceRow]
    tasks: list[TaskEntry]
    fassung: int | None = None  # the approved Fassung the sheet was stored as (documents of approved minutes)
    fassung_note: str | None = None  # "Fassung 2, genehmigt am 12.05.2026 – Grund: …"
    next_meeting: str | None = None  # "Sozialraumkonferenz Bovenden – Herbst 2026 am 10.09.2026, 17:00 Uhr, …"

    @property
    def present(self) -> list[AttendanceRow]:
        return [a for a in self.attendance if a.present]

    @property
    def excused(self) -> list[AttendanceRow]:
        return [a for a in self.attendance if not a.present and a.excused]

    @property
    def time_text(self) -> str:
        if self.start_time and self.end_time:
            return f"{self.start_time:%H:%M} bis {self.end_time:%H:%M} Uhr"
        if self.start_time:
            return f"ab {self.start_time:%H:%M} Uhr"
        return ""


def start_times(start: time | None, durations: list[int | None]) -> list[time | None]:
    """Start time of each TOP: the meeting's start plus the durations before it (None once one is unknown)."""
    result: list[time | None] = []
    current = datetime.combine(date(2000, 1, 1), start) if start else None
    for minutes in durations:
        result.append(current.time() if current else None)
        current = current + timedelta(minutes=minutes) if current and minutes is not None else None
    return result


@dataclass(frozen=True)
class MinutesFassung:
    """One approved Fassung of a meeting's minutes, for the list of versions."""

    number: int
    approved_at: datetime
    approved_by: str | None
    reason: str | None
