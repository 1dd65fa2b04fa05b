"""Meetings from planning to follow-up: invitations, agenda, attendance, minutes with decisions and tasks."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict, fields
from datetime import date, time, timedelta
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from sozialkoordination.actors.service import ActorService, AffiliationData, PersonData, addressees
from sozialkoordination.areas.service import LANDKREIS_NAME
from sozialkoordination.consents.service import with_valid_consent
from sozialkoordination.core.enums import (
    AgendaItemKind,
    AreaLevel,
    ConsentPurpose,
    InvitationReply,
    MeetingKind,
    MinutesStatus,
    TaskStatus,
)
from sozialkoordination.core.errors import ConflictError, DomainError, NotFoundError, ValidationError
from sozialkoordination.core.formatting import german_date
from sozialkoordination.core.letters import Addressee, SenderProfile
from sozialkoordination.core.normalize import clean
from sozialkoordination.core.progress import Progress
from sozialkoordination.documents import pdf
from sozialkoordination.documents.tables import Column, Sheet, write_table, write_workbook
from sozialkoordination.meetings import documents
from sozialkoordination.meetings.dto import (
    DEFAULT_DUE_DAYS,
    DELETED_ASSIGNEE,
    FROZEN,
    HIDDEN_ASSIGNEE,
    LEVELS,
    NOT_COPIED,
    REPLIES,
    AgendaEntry,
    AttendanceRow,
    CandidateRow,
    DecisionEntry,
    InviteeFilter,
    InviteeRow,
    MeetingData,
    MeetingRow,
    MeetingSheet,
    MinutesFassung,
    RemovedDecision,
    TaskData,
    TaskEntry,
    TaskFilter,
    TaskSummary,
    start_times,
)
from sozialkoordination.models import (
    Affiliation,
    AgendaItem,
    Attendance,
    Decision,
    Invitation,
    Meeting,
    MinutesVersion,
    Network,
    NetworkMembership,
    Organisation,
    ParticipationActivity,
    Person,
    Proposal,
    Sozialraum,
    Sozialregion,
    Task,
    Theme,
)
from sozialkoordination.models.actor import organisation_theme, person_theme
from sozialkoordination.models.base import utcnow


class MeetingService:
    def __init__(
        self, session_factory: sessionmaker[Session], actors: ActorService, today: Callable[[], date] = date.today
    ):
        self._sf = session_factory
        self._actors = actors
        self._today = today

    # -- planning ------------------------------------------------------------------------------
    def meetings(self, sozialregion_id: int | None = None, upcoming: bool = False) -> list[MeetingRow]:
        """Newest first; `upcoming`: from today on, soonest first."""
        stmt = select(Meeting, Sozialraum.name, Sozialregion.name).outerjoin(
            Sozialraum, Meeting.sozialraum_id == Sozialraum.id
        )
        stmt = stmt.outerjoin(Sozialregion, Meeting.sozialregion_id == Sozialregion.id)
        if sozialregion_id is not None:
            raeume = select(Sozialraum.id).where(Sozialraum.sozialregion_id == sozialregion_id)
            stmt = stmt.where(
                or_(
                    Meeting.level == AreaLevel.LANDKREIS,
                    Meeting.sozialregion_id == sozialregion_id,
                    Meeting.sozialraum_id.in_(raeume),
                )
            )
        if upcoming:
            stmt = stmt.where(Meeting.meeting_date >= self._today()).order_by(
                Meeting.meeting_date, Meeting.start_time, Meeting.id
            )
        else:
            stmt = stmt.order_by(Meeting.meeting_date.desc(), Meeting.start_time.desc(), Meeting.id.desc())
        with self._sf() as s:
            return [
                MeetingRow(
                    m.id,
                    m.meeting_date,
                    m.start_time,
                    m.meeting_type,
                    m.title,
                    _area_name(m.level, raum, region),
                    m.minutes_status,
                )
                for m, raum, region in s.execute(stmt)
            ]

    def network_choices(self) -> list[tuple[int, str]]:
        with self._sf() as s:
            return [(i, n) for i, n in s.execute(select(Network.id, Network.name).order_by(Network.name))]

    def person_label(self, person_id: int | None) -> str:
        """ "Dr. Anna Schulz (Familienzentrum Regenbogen)" – for forms showing a chosen person."""
        if person_id is None:
            return ""
        with self._sf() as s:
            return _with_org(addressees(s, [person_id]).get(person_id)) or ""

    def get(self, meeting_id: int) -> MeetingData:
        with self._sf() as s:
            m = self._meeting(s, meeting_id)
            return MeetingData(**{f.name: getattr(m, f.name) for f in fields(MeetingData)})

    def save(self, data: MeetingData) -> int:
        data = self._validated(data)
        with self._sf.begin() as s:
            if data.id is None:
                meeting = Meeting()
                s.add(meeting)
            else:
                meeting = self._meeting(s, data.id)
                if data.version is not None and meeting.version != data.version:
                    raise ConflictError(
                        "Die Sitzung wurde inzwischen an anderer Stelle geändert. Bitte laden Sie sie neu."
                    )
            was_approved = meeting.minutes_status == MinutesStatus.APPROVED and data.id is not None
            if was_approved and data.minutes_status != MinutesStatus.APPROVED:
                raise DomainError(FROZEN)
            for f in fields(MeetingData):
                if f.name not in ("id", "version"):
                    setattr(meeting, f.name, getattr(data, f.name))
            s.flush()
            if meeting.previous_meeting_id:
                self._ensure_follow_up(s, meeting)
            if meeting.minutes_status == MinutesStatus.APPROVED and not was_approved:
                s.flush()
                freeze_minutes(s, meeting, self._today())
            return meeting.id

    def _validated(self, data: MeetingData) -> MeetingData:
        errors = {}
        title = clean(data.title)
        if not title:
            errors["title"] = "Bitte geben Sie einen Titel an (z. B. „3. Sozialraumkonferenz Bovenden“)."
        if data.meeting_date is None:
            errors["meeting_date"] = "Bitte geben Sie das Datum der Sitzung an."
        if data.meeting_type not in tuple(MeetingKind):
            errors["meeting_type"] = f"Bitte wählen Sie eine Art der Sitzung: {', '.join(tuple(MeetingKind))}."
        if data.level not in LEVELS:
            errors["level"] = "Bitte wählen Sie die Ebene: Sozialraum, Sozialregion oder Landkreis."
        elif data.level == AreaLevel.SOZIALRAUM and data.sozialraum_id is None:
            errors["sozialraum_id"] = "Bitte wählen Sie den Sozialraum der Sitzung."
        elif data.level == AreaLevel.SOZIALREGION and data.sozialregion_id is None:
            errors["sozialregion_id"] = "Bitte wählen Sie die Sozialregion der Sitzung."
        if data.start_time and data.end_time and data.end_time <= data.start_time:
            errors["end_time"] = "Das Ende muss nach dem Beginn liegen."
        if data.minutes_status not in tuple(MinutesStatus):
            errors["minutes_status"] = "Unbekannter Protokollstatus."
        if errors:
            raise ValidationError(errors)
        cleaned = MeetingData(**{f.name: getattr(data, f.name) for f in fields(MeetingData)})
        cleaned.title = title or ""
        cleaned.venue, cleaned.venue_address, cleaned.notes = clean(data.venue), clean(data.venue_address), data.notes
        if data.level == AreaLevel.SOZIALRAUM:
            cleaned.sozialregion_id = None
        elif data.level == AreaLevel.SOZIALREGION:
            cleaned.sozialraum_id = None
        else:
            cleaned.sozialregion_id = cleaned.sozialraum_id = None
        return cleaned

    def delete(self, meeting_id: int) -> None:
        with self._sf.begin() as s:
            s.delete(self._meeting(s, meeting_id))

    def copy_from(self, meeting_id: int, meeting_date: date, title: str | None = None) -> int:
        """The next meeting of a series: same settings, invitees and standing TOPs; open tasks as a follow-up TOP.
        Without `title` the old one with its season, month, quarter or year changed to the new date's."""
        title = clean(title)
        with self._sf.begin() as s:
            old = self._meeting(s, meeting_id)
            new = Meeting(
                **{f.name: getattr(old, f.name) for f in fields(MeetingData) if f.name not in NOT_COPIED},
                title=title or follow_up_title(old.title, meeting_date),
                meeting_date=meeting_date,
                minutes_status=MinutesStatus.DRAFT,
                previous_meeting_id=old.id,
            )
            s.add(new)
            for invitation in old.invitations:
                new.invitations.append(Invitation(person_id=invitation.person_id, status=InvitationReply.INVITED))
            for item in old.agenda_items:
                if item.is_standing:
                    new.agenda_items.append(
                        AgendaItem(
                            position=len(new.agenda_items),
                            title=item.title,
                            presenter=item.presenter,
                            duration_minutes=item.duration_minutes,
                            item_type=item.item_type,
                            is_standing=True,
                        )
                    )
            s.flush()
            self._ensure_follow_up(s, new)
            return new.id

    def _ensure_follow_up(self, s: Session, meeting: Meeting) -> None:
        """A TOP "Offene Aufgaben aus der Sitzung vom …" when the previous meeting left open tasks."""
        previous = s.get(Meeting, meeting.previous_meeting_id)
        if previous is None:
            return
        has_item = s.scalar(
            select(func.count(AgendaItem.id)).where(
                AgendaItem.meeting_id == meeting.id, AgendaItem.follow_up_meeting_id == previous.id
            )
        )
        open_tasks = s.scalar(
            select(func.count(Task.id)).where(Task.meeting_id == previous.id, Task.status != TaskStatus.DONE)
        )
        if has_item or not open_tasks:
            return
        items = list(
            s.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id).order_by(AgendaItem.position))
        )
        # After the opening TOP (Begrüßung, Protokoll) if there is one, else first.
        position = 1 if items else 0
        for item in items[position:]:
            item.position += 1
        s.add(
            AgendaItem(
                meeting_id=meeting.id,
                position=position,
                title=f"Offene Aufgaben aus der Sitzung vom {german_date(previous.meeting_date)}",
                duration_minutes=10,
                item_type=AgendaItemKind.INFORMATION,
                follow_up_meeting_id=previous.id,
            )
        )

    # -- invitations ---------------------------------------------------------------------------
    def candidates(self, meeting_id: int, flt: InviteeFilter, limit: int = 2000) -> list[CandidateRow]:
        """Persons matching the filter (through their own or their organisation's data), invited or not."""
        if flt.empty:
            return []
        org = Organisation
        stmt = select(Person.id).distinct().outerjoin(Affiliation, Affiliation.person_id == Person.id)
        stmt = stmt.outerjoin(org, Affiliation.organisation_id == org.id)
        if flt.sozialraum_id is not None:
            stmt = stmt.where(or_(Person.sozialraum_id == flt.sozialraum_id, org.sozialraum_id == flt.sozialraum_id))
        if flt.sozialregion_id is not None:
            raeume = select(Sozialraum.id).where(Sozialraum.sozialregion_id == flt.sozialregion_id)
            stmt = stmt.where(or_(Person.sozialraum_id.in_(raeume), org.sozialraum_id.in_(raeume)))
        if flt.network_id is not None:
            member = NetworkMembership
            stmt = stmt.where(
                exists().where(
                    member.network_id == flt.network_id,
                    or_(member.person_id == Person.id, member.organisation_id == org.id),
                )
            )
        if flt.org_type:
            stmt = stmt.where(org.org_type == flt.org_type)
        if flt.theme:
            theme_id = select(Theme.id).where(Theme.name == flt.theme).scalar_subquery()
            stmt = stmt.where(
                or_(
                    exists().where(person_theme.c.person_id == Person.id, person_theme.c.theme_id == theme_id),
                    exists().where(
                        organisation_theme.c.organisation_id == org.id, organisation_theme.c.theme_id == theme_id
                    ),
                )
            )
        with self._sf() as s:
            ids = list(s.scalars(stmt.limit(limit)))
            invited = set(s.scalars(select(Invitation.person_id).where(Invitation.meeting_id == meeting_id)))
            people = addressees(s, ids)
            consenting = with_valid_consent(s, ids, ConsentPurpose.INVITATIONS, self._today())
        rows = [CandidateRow(i, people[i], i in invited, i in consenting) for i in ids]
        return sorted(rows, key=lambda r: (r.person.last_name.lower(), (r.person.first_name or "").lower()))

    def invite(self, meeting_id: int, person_ids: list[int]) -> int:
        """Adds these persons to the invitation list; returns how many were new."""
        with self._sf.begin() as s:
            self._meeting(s, meeting_id)
            already = set(s.scalars(select(Invitation.person_id).where(Invitation.meeting_id == meeting_id)))
            new = [pid for pid in dict.fromkeys(person_ids) if pid not in already]
            s.add_all(Invitation(meeting_id=meeting_id, person_id=pid, status=InvitationReply.INVITED) for pid in new)
            return len(new)

    def uninvite(self, meeting_id: int, person_ids: list[int]) -> None:
        with self._sf.begin() as s:
            for invitation in s.scalars(
                select(Invitation).where(Invitation.meeting_id == meeting_id, Invitation.person_id.in_(person_ids))
            ):
                s.delete(invitation)

    def invitees(self, meeting_id: int) -> list[InviteeRow]:
        with self._sf() as s:
            return _invitees(s, meeting_id, self._today())

    def without_invitation_consent(self, person_ids: list[int]) -> list[int]:
        """Those of these persons who have no valid consent for invitations today."""
        with self._sf() as s:
            consenting = with_valid_consent(s, person_ids, ConsentPurpose.INVITATIONS, self._today())
        return [pid for pid in dict.fromkeys(person_ids) if pid not in consenting]

    def set_reply(self, invitation_id: int, status: str, represented_by: str | None = None) -> None:
        if status not in REPLIES:
            raise ValidationError({"status": f"Unbekannte Rückmeldung „{status}“."})
        represented_by = clean(represented_by)
        if status == InvitationReply.REPRESENTED and not represented_by:
            raise ValidationError({"represented_by": "Bitte geben Sie an, wer die Person vertritt."})
        with self._sf.begin() as s:
            invitation = s.get(Invitation, invitation_id)
            if invitation is None:
                raise NotFoundError("Diese Einladung gibt es nicht mehr.")
            invitation.status = status
            invitation.represented_by = represented_by if status == InvitationReply.REPRESENTED else None
            invitation.replied_at = None if status == InvitationReply.INVITED else utcnow()

    def mark_invited(self, meeting_id: int) -> None:
        """Stamp the date the invitations went out (letters or e-mail)."""
        with self._sf.begin() as s:
            for invitation in s.scalars(select(Invitation).where(Invitation.meeting_id == meeting_id)):
                invitation.invited_at = invitation.invited_at or utcnow()

    # -- agenda and minutes --------------------------------------------------------------------
    def agenda(self, meeting_id: int) -> list[AgendaEntry]:
        with self._sf() as s:
            return _agenda(s, self._meeting(s, meeting_id))

    def save_item(
        self,
        meeting_id: int,
        title: str,
        presenter: str | None = None,
        duration_minutes: int | None = None,
        item_type: str = AgendaItemKind.INFORMATION,
        is_standing: bool = False,
        minutes: str | None = None,
        item_id: int | None = None,
    ) -> int:
        title = clean(title)
        errors = {}
        if not title:
            errors["title"] = "Bitte geben Sie dem Tagesordnungspunkt einen Titel."
        if item_type not in tuple(AgendaItemKind):
            errors["item_type"] = f"Bitte wählen Sie: {', '.join(tuple(AgendaItemKind))}."
        if duration_minutes is not None and not 0 < duration_minutes <= 600:
            errors["duration_minutes"] = "Die Dauer muss zwischen 1 und 600 Minuten liegen."
        if errors:
            raise ValidationError(errors)
        with self._sf.begin() as s:
            meeting = _editable(self._meeting(s, meeting_id))
            if item_id is None:
                item = AgendaItem(meeting_id=meeting.id, position=len(meeting.agenda_items))
                s.add(item)
            else:
                item = self._item(s, item_id)
            item.title, item.presenter, item.duration_minutes = title, clean(presenter), duration_minutes
            item.item_type, item.is_standing, item.minutes = item_type, is_standing, (minutes or "").strip() or None
            s.flush()
            return item.id

    def save_minutes(self, item_id: int, minutes: str | None) -> None:
        with self._sf.begin() as s:
            item = self._item(s, item_id)
            _editable(item.meeting)
            item.minutes = (minutes or "").strip() or None

    def delete_item(self, item_id: int) -> None:
        with self._sf.begin() as s:
            item = self._item(s, item_id)
            meeting_id = _editable(item.meeting).id
            s.delete(item)
            s.flush()
            self._renumber(s, meeting_id)

    def move_item(self, item_id: int, new_index: int) -> None:
        """Drag and drop: put the TOP at this 0-based place, the others keep their order."""
        with self._sf.begin() as s:
            item = self._item(s, item_id)
            _editable(item.meeting)
            items = [i for i in self._items(s, item.meeting_id) if i.id != item.id]
            items.insert(max(0, min(new_index, len(items))), item)
            for position, each in enumerate(items):
                each.position = position

    def _renumber(self, s: Session, meeting_id: int) -> None:
        for position, each in enumerate(self._items(s, meeting_id)):
            each.position = position

    @staticmethod
    def _items(s: Session, meeting_id: int) -> list[AgendaItem]:
        return list(
            s.scalars(
                select(AgendaItem)
                .where(AgendaItem.meeting_id == meeting_id)
                .order_by(AgendaItem.position, AgendaItem.id)
            )
        )

    def add_decision(self, item_id: int, text: str) -> int:
        text = (text or "").strip()
        if not text:
            raise ValidationError({"decision": "Bitte geben Sie den Wortlaut des Beschlusses ein."})
        with self._sf.begin() as s:
            item = self._item(s, item_id)
            _editable(item.meeting)
            decision = Decision(agenda_item_id=item.id, position=len(item.decisions), text=text)
            s.add(decision)
            s.flush()
            return decision.id

    def update_decision(self, decision_id: int, text: str) -> None:
        text = (text or "").strip()
        if not text:
            raise ValidationError({"decision": "Ein Beschluss braucht einen Wortlaut. Zum Entfernen: „Löschen“."})
        with self._sf.begin() as s:
            decision = s.get(Decision, decision_id)
            if decision is None:
                raise NotFoundError("Diesen Beschluss gibt es nicht mehr.")
            _editable(decision.agenda_item.meeting)
            decision.text = text

    def delete_decision(self, decision_id: int) -> RemovedDecision | None:
        """Remove a decision; the returned wording and place let the user undo it."""
        with self._sf.begin() as s:
            decision = s.get(Decision, decision_id)
            if decision is None:
                return None
            _editable(decision.agenda_item.meeting)
            removed = RemovedDecision(decision.agenda_item_id, decision.position, decision.text)
            s.delete(decision)
            return removed

    def restore_decision(self, removed: RemovedDecision) -> int:
        """Undo a removal: the same wording at the same place among the TOP's decisions."""
        with self._sf.begin() as s:
            item = self._item(s, removed.agenda_item_id)
            _editable(item.meeting)
            for later in item.decisions:
                if later.position >= removed.position:
                    later.position += 1
            decision = Decision(agenda_item_id=item.id, position=removed.position, text=removed.text)
            s.add(decision)
            s.flush()
            return decision.id

    def set_minutes_status(self, meeting_id: int, status: str) -> None:
        if status not in tuple(MinutesStatus):
            raise ValidationError({"minutes_status": f"Bitte wählen Sie: {', '.join(tuple(MinutesStatus))}."})
        with self._sf.begin() as s:
            meeting = self._meeting(s, meeting_id)
            if meeting.minutes_status == status:
                return
            if meeting.minutes_status == MinutesStatus.APPROVED:
                raise DomainError(FROZEN)
            meeting.minutes_status = status
            if status == MinutesStatus.APPROVED:
                s.flush()
                freeze_minutes(s, meeting, self._today())

    def new_fassung(self, meeting_id: int, reason: str) -> None:
        """Begin a new Fassung of approved minutes: they can be edited again (status Entwurf) and the next approval
        stores Fassung n+1 with this reason. The approved Fassung stays stored as it is."""
        reason = clean(reason)
        if not reason:
            raise ValidationError({"reason": "Bitte geben Sie an, warum das genehmigte Protokoll geändert wird."})
        with self._sf.begin() as s:
            meeting = self._meeting(s, meeting_id)
            if meeting.minutes_status != MinutesStatus.APPROVED:
                raise DomainError("Das Protokoll ist nicht genehmigt; Sie können es direkt bearbeiten.")
            latest = _latest_fassung(s, meeting.id) or freeze_minutes(s, meeting, self._today())
            latest.reopened_at, latest.reopen_reason = utcnow(), reason
            meeting.minutes_status = MinutesStatus.DRAFT

    def fassungen(self, meeting_id: int) -> list[MinutesFassung]:
        """The approved Fassungen of the minutes, the first first."""
        with self._sf() as s:
            rows = s.scalars(
                select(MinutesVersion).where(MinutesVersion.meeting_id == meeting_id).order_by(MinutesVersion.number)
            )
            return [MinutesFassung(v.number, v.approved_at, v.approved_by, v.reason) for v in rows]

    def is_frozen(self, meeting_id: int) -> bool:
        """Approved minutes: notes, decisions, TOPs and attendance change only as a new Fassung."""
        with self._sf() as s:
            return self._meeting(s, meeting_id).minutes_status == MinutesStatus.APPROVED

    # -- attendance ----------------------------------------------------------------------------
    def attendance(self, meeting_id: int) -> list[AttendanceRow]:
        with self._sf() as s:
            return _attendance(s, meeting_id)

    def set_attendance(self, meeting_id: int, person_id: int, present: bool, excused: bool = False) -> None:
        with self._sf.begin() as s:
            _editable(self._meeting(s, meeting_id))
            row = s.scalar(
                select(Attendance).where(Attendance.meeting_id == meeting_id, Attendance.person_id == person_id)
            )
            if row is None:
                row = Attendance(meeting_id=meeting_id, person_id=person_id, walk_in=False)
                s.add(row)
            row.present, row.excused = present, (excused and not present)

    def add_walk_in(
        self,
        meeting_id: int,
        last_name: str,
        first_name: str | None = None,
        organisation_id: int | None = None,
        email: str | None = None,
        person_id: int | None = None,
    ) -> int:
        """Someone who came without invitation: an existing person, or a new one created here."""
        if self.get(meeting_id).minutes_status == MinutesStatus.APPROVED:  # NotFoundError before anything is created
            raise DomainError(FROZEN)
        if person_id is None:
            affiliations = [AffiliationData(organisation_id=organisation_id)] if organisation_id else []
            person_id = self._actors.save_person(
                PersonData(
                    last_name=last_name,
                    first_name=first_name,
                    email=email,
                    affiliations=affiliations,
                    notes=f"Als Gast der Sitzung vom {german_date(self.get(meeting_id).meeting_date)} erfasst.",
                )
            )
        with self._sf.begin() as s:
            row = s.scalar(
                select(Attendance).where(Attendance.meeting_id == meeting_id, Attendance.person_id == person_id)
            )
            if row is None:
                invited = s.scalar(
                    select(func.count(Invitation.id)).where(
                        Invitation.meeting_id == meeting_id, Invitation.person_id == person_id
                    )
                )
                s.add(Attendance(meeting_id=meeting_id, person_id=person_id, present=True, walk_in=not invited))
            else:
                row.present, row.excused = True, False
        return person_id

    # -- tasks ---------------------------------------------------------------------------------
    def save_task(self, data: TaskData) -> int:
        description = (data.description or "").strip()
        errors = {}
        if not description:
            errors["description"] = "Bitte beschreiben Sie die Aufgabe („was“)."
        if data.assignee_person_id is None and data.assignee_organisation_id is None:
            errors["assignee"] = "Bitte geben Sie an, wer die Aufgabe übernimmt (Person oder Organisation)."
        meeting = self.get(data.meeting_id) if data.meeting_id is not None else None
        if meeting is not None and data.due_on is not None and data.due_on < meeting.meeting_date:
            errors["due_on"] = (
                f"Die Frist {german_date(data.due_on)} liegt vor der Sitzung am {german_date(meeting.meeting_date)}. "
                "Bitte wählen Sie einen Tag ab dem Sitzungstag."
            )
        if errors:
            raise ValidationError(errors)
        with self._sf.begin() as s:
            sozialraum_id = data.sozialraum_id
            if sozialraum_id is None and meeting is not None:
                sozialraum_id = meeting.sozialraum_id
            if data.id is None:
                task = Task(status=TaskStatus.OPEN)
                s.add(task)
            else:
                task = s.get(Task, data.id)
                if task is None:
                    raise NotFoundError("Diese Aufgabe gibt es nicht mehr.")
                if data.version is not None and task.version != data.version:
                    raise ConflictError("Die Aufgabe wurde inzwischen geändert. Bitte laden Sie die Liste neu.")
            task.description, task.due_on, task.sozialraum_id = description, data.due_on, sozialraum_id
            task.assignee_person_id, task.assignee_organisation_id = (
                data.assignee_person_id,
                data.assignee_organisation_id,
            )
            task.meeting_id, task.agenda_item_id = data.meeting_id, data.agenda_item_id
            s.flush()
            return task.id

    def default_due_on(self, meeting_id: int | None) -> date:
        """The proposal for "bis wann": the next meeting of the series if it is planned, else two weeks after
        the meeting (a task is agreed in the meeting, not on the day the minutes are typed up)."""
        if meeting_id is None:
            return self._today() + timedelta(days=DEFAULT_DUE_DAYS)
        with self._sf() as s:
            meeting = self._meeting(s, meeting_id)
            following = s.scalar(
                select(func.min(Meeting.meeting_date)).where(
                    Meeting.previous_meeting_id == meeting.id, Meeting.meeting_date > meeting.meeting_date
                )
            )
            return following or meeting.meeting_date + timedelta(days=DEFAULT_DUE_DAYS)

    def get_task(self, task_id: int) -> TaskData:
        with self._sf() as s:
            task = s.get(Task, task_id)
            if task is None:
                raise NotFoundError("Diese Aufgabe gibt es nicht mehr.")
            return TaskData(**{f.name: getattr(task, f.name) for f in fields(TaskData)})

    def delete_task(self, task_id: int) -> None:
        with self._sf.begin() as s:
            task = s.get(Task, task_id)
            if task is not None:
                s.delete(task)

    def set_task_done(self, task_id: int, done: bool = True, done_on: date | None = None) -> None:
        if done and done_on is not None and done_on > self._today():
            message = f"Der {german_date(done_on)} liegt in der Zukunft. Erledigt ist eine Aufgabe frühestens heute."
            raise ValidationError({"done_on": message})
        with self._sf.begin() as s:
            task = s.get(Task, task_id)
            if task is None:
                raise NotFoundError("Diese Aufgabe gibt es nicht mehr.")
            task.status = TaskStatus.DONE if done else TaskStatus.OPEN
            task.done_on = (done_on or self._today()) if done else None

    def tasks(self, flt: TaskFilter = TaskFilter()) -> list[TaskEntry]:
        """Open ones first by due date (undated last), then the done ones, latest first."""
        with self._sf() as s:
            entries = _task_entries(s, list(s.scalars(_task_query(select(Task), flt))))
        return sorted(entries, key=_task_order)

    def task_summary(self, sozialregion_id: int | None, shown: int = 8) -> TaskSummary:
        """The start page's figures: open and overdue tasks counted in SQL, and the next `shown` open tasks with a
        due date (the earliest first). Reading every open task of the district for three numbers cost 50 ms."""
        today = self._today()
        flt = TaskFilter(open_only=True, sozialregion_id=sozialregion_id)
        with self._sf() as s:
            counted = _task_query(select(func.count(Task.id), func.count(Task.id).filter(Task.due_on < today)), flt)
            open_count, overdue = s.execute(counted).one()
            next_due = _task_query(select(Task), flt).where(Task.due_on.is_not(None))
            next_due = next_due.order_by(Task.due_on, Task.id).limit(shown)
            due = _task_entries(s, list(s.scalars(next_due)))
        return TaskSummary(open_count, overdue, due)

    # -- documents -----------------------------------------------------------------------------
    def export_tasks(self, path: Path, flt: TaskFilter = TaskFilter(), progress: Progress | None = None) -> int:
        today = self._today()
        tasks = self.tasks(flt)
        rows = [_task_row(t, today) for t in tasks]
        return write_table(path, TASK_COLUMNS, rows, total=len(rows), sheet_name="Aufgaben", progress=progress)

    def export(
        self, kind: str, meeting_id: int, path: Path, sender: SenderProfile | str | None = None, pdf: bool = False
    ) -> str:
        """Writes one document of the meeting; returns a German line saying what was written.

        kind: invitations (.docx), calendar (.ics), agenda (.docx), signin (.docx), minutes (.docx or .xlsx),
        emails (`path` is a folder: one .eml per invitee). `pdf`: a Word document also as PDF beside it (LibreOffice).
        `sender`: the profile from the settings (a bare name is the contact of the default Landkreis sender)."""
        if isinstance(sender, str) or sender is None:
            sender = SenderProfile(contact=sender)
        path = Path(path)
        if kind == "emails":
            return self._email_drafts(meeting_id, path, sender)
        suffix = path.suffix.lower()
        allowed = {"minutes": (".docx", ".xlsx"), "calendar": (".ics",)}.get(kind, (".docx",))
        if suffix not in allowed:
            raise ValidationError(
                {"path": f"Bitte wählen Sie eine Datei mit der Endung {' oder '.join(allowed)} (statt „{path.name}“)."}
            )
        sheet = self.approved_sheet(meeting_id) if kind == "minutes" else None
        sheet = sheet or self.sheet(meeting_id)
        if kind == "invitations":
            count, without_address = documents.write_invitations(path, sheet, sender, self._today())
            self.mark_invited(meeting_id)
            note = _consent_note(sheet)
            if without_address:
                note += f" Ohne Postanschrift, bitte per E-Mail einladen: {', '.join(without_address)}."
            if sender.missing:
                note += f" Im Absender fehlt noch: {', '.join(sender.missing)} (Datei → Einstellungen)."
            letters = "1 Einladungsbrief" if count == 1 else f"{count} Einladungsbriefe"
            return f"{letters} geschrieben: {path}{note}{self._pdf(path, pdf)}"
        if kind == "calendar":
            uid, sequence = self._calendar_identity(meeting_id)
            documents.write_calendar(path, sheet, uid, sequence, sender)
            note = (
                "" if sender.email else " Ohne Ihre E-Mail-Adresse im Absender (Datei → Einstellungen) ohne Zu-/Absage."
            )
            return f"Kalendereintrag geschrieben: {path}{note}"
        if kind == "agenda":
            documents.write_agenda(path, sheet, sender)
            return f"Tagesordnung geschrieben: {path}{self._pdf(path, pdf)}"
        if kind == "signin":
            count = documents.write_signin(path, sheet, sender)
            return f"Teilnahmeliste mit {count} Eingeladenen geschrieben: {path}{self._pdf(path, pdf)}"
        if kind == "minutes" and suffix == ".xlsx":
            self._minutes_workbook(path, sheet)
            return f"Protokoll (Aufgaben, Anwesenheit, Beschlüsse) geschrieben: {path}"
        if kind == "minutes":
            documents.write_minutes(path, sheet, sender)
            return f"Protokoll geschrieben: {path}{self._pdf(path, pdf)}"
        raise ValidationError({"kind": f"Unbekanntes Dokument „{kind}“."})

    @staticmethod
    def pdf_available() -> bool:
        """Whether Word documents can also be saved as PDF here (LibreOffice installed)."""
        return pdf.available()

    @staticmethod
    def _pdf(path: Path, wanted: bool) -> str:
        """The PDF beside a written Word document; a missing LibreOffice is said, the Word document stays."""
        if not wanted:
            return ""
        try:
            written = pdf.to_pdf(path)
        except pdf.PdfError as error:
            return f" Keine PDF-Datei: {error}"
        return f" Als PDF: {written}"

    def _calendar_identity(self, meeting_id: int) -> tuple[str, int]:
        """UID and SEQUENCE of the meeting's calendar entry: the UID never changes, the sequence grows with every
        saved change of the meeting, so calendars replace the entry they have."""
        with self._sf() as s:
            meeting = self._meeting(s, meeting_id)
            return meeting.uuid, max((meeting.version or 1) - 1, 0)

    def _email_drafts(self, meeting_id: int, folder: Path, sender: SenderProfile) -> str:
        sheet = self.sheet(meeting_id)
        uid, sequence = self._calendar_identity(meeting_id)
        written, without = documents.write_email_drafts(folder, sheet, uid, sequence, sender, self._today())
        self.mark_invited(meeting_id)
        drafts = "1 E-Mail-Entwurf" if len(written) == 1 else f"{len(written)} E-Mail-Entwürfe"
        note = _consent_note(sheet)
        note += f" Ohne E-Mail-Adresse, bitte per Brief einladen: {', '.join(without)}." if without else ""
        if not sender.email:
            note += (
                " Tragen Sie Ihre E-Mail-Adresse unter Datei → Einstellungen ein, dann steht sie als Absender darin."
            )
        return f"{drafts} geschrieben in {folder}.{note}"

    def _minutes_workbook(self, path: Path, sheet: MeetingSheet) -> None:
        today = self._today()
        tasks = [_task_row(t, today) for t in sheet.tasks]
        people = [
            [
                a.person.last_name if a.person else "(gelöscht)",
                a.person.first_name if a.person else None,
                a.person.title if a.person else None,
                a.person.organisation if a.person else None,
                "ja" if a.invited else "nein",
                a.reply,
                "ja" if a.present else "nein",
                "ja" if a.excused else "",
                "ja" if a.walk_in else "",
            ]
            for a in sheet.attendance
        ]
        decisions = [[item.number, item.title, d.text] for item in sheet.agenda for d in item.decisions]
        write_workbook(
            path,
            [
                Sheet("Aufgaben", TASK_COLUMNS, tasks, len(tasks)),
                Sheet("Anwesenheit", ATTENDANCE_COLUMNS, people, len(people)),
                Sheet("Beschlüsse", DECISION_COLUMNS, decisions, len(decisions)),
            ],
        )

    def email_recipients(self, meeting_id: int) -> tuple[list[str], list[str]]:
        """(addresses, names without one) of the invitees."""
        addresses, missing = [], []
        for row in self.invitees(meeting_id):
            if row.person.email:
                addresses.append(row.person.email)
            else:
                missing.append(row.person.name)
        return list(dict.fromkeys(addresses)), missing

    def mailto(self, meeting_id: int) -> str:
        """A mailto: link with every address in Bcc: recipients do not see each other's addresses (DSGVO)."""
        addresses, _missing = self.email_recipients(meeting_id)
        sheet = self.sheet(meeting_id)
        subject = quote(f"Einladung: {sheet.title} am {german_date(sheet.meeting_date)}")
        return f"mailto:?bcc={quote(','.join(addresses), safe='@,')}&subject={subject}"

    # -- the whole meeting, for documents ------------------------------------------------------
    def sheet(self, meeting_id: int, lists: bool = True) -> MeetingSheet:
        """The meeting with its agenda, invitees, attendance and tasks; `lists=False` leaves those four empty (a
        heading, which a district-wide Sozialforum with 200 invitees would otherwise pay 0.1 s for)."""
        with self._sf() as s:
            return build_sheet(s, self._meeting(s, meeting_id), self._today(), lists)

    def approved_sheet(self, meeting_id: int) -> MeetingSheet | None:
        """The latest approved Fassung of approved minutes, as stored (None while the minutes are not approved).
        Minutes approved before Fassungen were stored get their first one now."""
        with self._sf() as s:
            meeting = self._meeting(s, meeting_id)
            if meeting.minutes_status != MinutesStatus.APPROVED:
                return None
            latest = _latest_fassung(s, meeting.id)
        if latest is None:
            with self._sf.begin() as s:
                latest = freeze_minutes(s, self._meeting(s, meeting_id), self._today())
        return stored_sheet(latest)

    # -- helpers -------------------------------------------------------------------------------
    @staticmethod
    def _meeting(s: Session, meeting_id: int) -> Meeting:
        meeting = s.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFoundError(
                f"Eine Sitzung mit der Nummer {meeting_id} gibt es nicht. Die Liste zeigt "
                "„sozialkoordination meetings list“."
            )
        return meeting

    @staticmethod
    def _item(s: Session, item_id: int) -> AgendaItem:
        item = s.get(AgendaItem, item_id)
        if item is None:
            raise NotFoundError("Diesen Tagesordnungspunkt gibt es nicht mehr.")
        return item


# -- reading helpers (one session, few queries) -----------------------------------------------------------------
def _area_name(level: str, raum: str | None, region: str | None) -> str:
    if level == AreaLevel.LANDKREIS:
        return LANDKREIS_NAME
    return (raum if level == AreaLevel.SOZIALRAUM else region) or raum or region or ""


def _area_label(level: str, raum: str | None, region: str | None) -> str:
    if level == AreaLevel.LANDKREIS:
        return LANDKREIS_NAME
    if level == AreaLevel.SOZIALRAUM and raum:
        return f"Sozialraum {raum}"
    return f"Sozialregion {region}" if region else ""


def _consent_note(sheet: MeetingSheet) -> str:
    without = sum(1 for invitee in sheet.invitees if not invitee.consent)
    return f" Hinweis: {without} davon ohne gültige Einwilligung für Einladungen." if without else ""


def _with_org(person: Addressee | None) -> str | None:
    if person is None:
        return None
    return f"{person.name} ({person.organisation})" if person.organisation else person.name


def build_sheet(s: Session, m: Meeting, today: date, lists: bool = True) -> MeetingSheet:
    raum = s.get(Sozialraum, m.sozialraum_id) if m.sozialraum_id else None
    region = s.get(Sozialregion, m.sozialregion_id) if m.sozialregion_id else None
    if region is None and raum is not None:
        region = s.get(Sozialregion, raum.sozialregion_id)
    network = s.get(Network, m.network_id) if m.network_id else None
    people = addressees(s, [i for i in (m.chair_person_id, m.minute_taker_person_id) if i])
    following = s.scalar(
        select(Meeting).where(Meeting.previous_meeting_id == m.id).order_by(Meeting.meeting_date, Meeting.id).limit(1)
    )
    return MeetingSheet(
        id=m.id,
        meeting_type=m.meeting_type,
        title=m.title,
        meeting_date=m.meeting_date,
        start_time=m.start_time,
        end_time=m.end_time,
        venue=m.venue,
        venue_address=m.venue_address,
        level=m.level,
        area=_area_label(m.level, raum.name if raum else None, region.name if region else None),
        region=region.name if region else None,
        network=network.name if network else None,
        chair=_with_org(people.get(m.chair_person_id)),
        minute_taker=_with_org(people.get(m.minute_taker_person_id)),
        minutes_status=m.minutes_status,
        notes=m.notes,
        agenda=_agenda(s, m) if lists else [],
        invitees=_invitees(s, m.id, today) if lists else [],
        attendance=_attendance(s, m.id) if lists else [],
        tasks=_task_entries(s, list(s.scalars(select(Task).where(Task.meeting_id == m.id).order_by(Task.id))))
        if lists
        else [],
        next_meeting=_next_meeting_text(following) if following else None,
    )


def _next_meeting_text(m: Meeting) -> str:
    """ "Sozialraumkonferenz Bovenden – Herbst 2026 am 10.09.2026, 17:00 Uhr, Rathaus Bovenden" """
    parts = [f"{m.title} am {german_date(m.meeting_date)}"]
    if m.start_time:
        parts.append(f"{m.start_time:%H:%M} Uhr")
    if m.venue:
        parts.append(m.venue)
    return ", ".join(parts)


# -- approved minutes: stored Fassungen ---------------------------------------------------------------------------
def _editable(meeting: Meeting) -> Meeting:
    if meeting.minutes_status == MinutesStatus.APPROVED:
        raise DomainError(FROZEN)
    return meeting


def _latest_fassung(s: Session, meeting_id: int) -> MinutesVersion | None:
    return s.scalar(
        select(MinutesVersion)
        .where(MinutesVersion.meeting_id == meeting_id)
        .order_by(MinutesVersion.number.desc())
        .limit(1)
    )


def freeze_minutes(s: Session, meeting: Meeting, today: date) -> MinutesVersion:
    """Store the minutes as they are now as the next approved Fassung (with the reason given when it was begun)."""
    previous = _latest_fassung(s, meeting.id)
    version = MinutesVersion(
        meeting_id=meeting.id,
        number=previous.number + 1 if previous else 1,
        approved_by=s.info.get("user_name"),
        reason=previous.reopen_reason if previous else None,
        content=sheet_to_json(build_sheet(s, meeting, today)),
    )
    s.add(version)
    s.flush()
    return version


def freeze_unstored(s: Session, today: date) -> int:
    """Approved minutes without a stored Fassung (approved before Fassungen were stored, or by a Datenpaket) get
    one, before a deletion or erasure changes the records they were made from. Returns how many."""
    stored = select(MinutesVersion.meeting_id)
    meetings = list(
        s.scalars(select(Meeting).where(Meeting.minutes_status == MinutesStatus.APPROVED, Meeting.id.not_in(stored)))
    )
    for meeting in meetings:
        freeze_minutes(s, meeting, today)
    return len(meetings)


def _iso(value: object) -> str:
    if isinstance(value, date | time):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def sheet_to_json(sheet: MeetingSheet) -> str:
    return json.dumps({"format": 1, "sheet": asdict(sheet)}, default=_iso, ensure_ascii=False)


def stored_sheet(version: MinutesVersion) -> MeetingSheet:
    """The sheet of a stored Fassung, marked with its number (and reason) for the documents."""
    data = json.loads(version.content)["sheet"]

    def day(value: str | None) -> date | None:
        return date.fromisoformat(value) if value else None

    def clock(value: str | None) -> time | None:
        return time.fromisoformat(value) if value else None

    def person(value: dict | None) -> Addressee | None:
        return Addressee(**value) if value else None

    def task(t: dict) -> TaskEntry:
        return TaskEntry(**(t | {"due_on": day(t["due_on"]), "done_on": day(t["done_on"])}))

    def item(a: dict) -> AgendaEntry:
        return AgendaEntry(
            **(
                a
                | {
                    "starts_at": clock(a["starts_at"]),
                    "decisions": [DecisionEntry(**d) for d in a["decisions"]],
                    "tasks": [task(t) for t in a["tasks"]],
                    "follow_up": [task(t) for t in a["follow_up"]],
                    "carried": [task(t) for t in a.get("carried", [])],
                }
            )
        )

    note = f"Fassung {version.number}, genehmigt am {german_date(version.approved_at.date())}"
    if version.reason:
        note += f" – Grund der Änderung: {version.reason}"
    return MeetingSheet(
        **(
            data
            | {
                "meeting_date": day(data["meeting_date"]),
                "start_time": clock(data["start_time"]),
                "end_time": clock(data["end_time"]),
                "agenda": [item(a) for a in data["agenda"]],
                "invitees": [InviteeRow(**(i | {"person": person(i["person"])})) for i in data["invitees"]],
                "attendance": [AttendanceRow(**(a | {"person": person(a["person"])})) for a in data["attendance"]],
                "tasks": [task(t) for t in data["tasks"]],
                "minutes_status": MinutesStatus.APPROVED,
                "fassung": version.number,
                "fassung_note": note,
            }
        )
    )


def _invitees(s: Session, meeting_id: int, today: date) -> list[InviteeRow]:
    invitations = list(s.scalars(select(Invitation).where(Invitation.meeting_id == meeting_id)))
    people = addressees(s, [i.person_id for i in invitations])
    consenting = with_valid_consent(s, [i.person_id for i in invitations], ConsentPurpose.INVITATIONS, today)
    rows = [
        InviteeRow(i.id, i.person_id, people[i.person_id], i.status, i.represented_by, i.person_id in consenting)
        for i in invitations
    ]
    return sorted(rows, key=lambda r: (r.person.last_name.lower(), (r.person.first_name or "").lower()))


def _attendance(s: Session, meeting_id: int) -> list[AttendanceRow]:
    """Every invitee (ticked or not) plus everyone else recorded, walk-ins last."""
    invitations = {i.person_id: i for i in s.scalars(select(Invitation).where(Invitation.meeting_id == meeting_id))}
    records = list(s.scalars(select(Attendance).where(Attendance.meeting_id == meeting_id).order_by(Attendance.id)))
    by_person = {r.person_id: r for r in records if r.person_id is not None}
    people = addressees(s, [*invitations, *by_person])
    rows = []
    for person_id, invitation in invitations.items():
        record = by_person.get(person_id)
        declined = invitation.status in (InvitationReply.DECLINED, InvitationReply.REPRESENTED)
        present = bool(record and record.present)
        excused = (bool(record and record.excused) or declined) and not present
        reply = REPLIES.get(invitation.status, invitation.status)
        if invitation.status == InvitationReply.REPRESENTED and invitation.represented_by:
            reply = f"vertreten durch {invitation.represented_by}"
        rows.append(AttendanceRow(person_id, people.get(person_id), True, reply, present, excused, False))
    rows.sort(key=lambda r: (r.person.last_name.lower(), (r.person.first_name or "").lower()) if r.person else ("",))
    extra = [r for r in records if r.person_id not in invitations]
    rows += [
        AttendanceRow(
            r.person_id, people.get(r.person_id) if r.person_id else None, False, "", r.present, r.excused, r.walk_in
        )
        for r in extra
    ]
    return rows


TASK_COLUMNS = [
    Column("Fällig am", "date", 11),
    Column("Aufgabe (was)", "text", 50),
    Column("Wer", "text", 34),
    Column("Status", "text", 12),
    Column("Sitzung", "text", 40),
    Column("Sozialraum", "text", 18),
    Column("Erledigt am", "date", 11),
]
ATTENDANCE_COLUMNS = [
    Column("Nachname", "text", 18),
    Column("Vorname", "text", 14),
    Column("Titel", "text", 12),
    Column("Organisation", "text", 36),
    Column("eingeladen", "text", 10),
    Column("Rückmeldung", "text", 24),
    Column("anwesend", "text", 10),
    Column("entschuldigt", "text", 11),
    Column("Gast", "text", 8),
]
DECISION_COLUMNS = [Column("TOP", "int", 6), Column("Tagesordnungspunkt", "wrap", 40), Column("Beschluss", "wrap", 80)]


def _task_row(t: TaskEntry, today: date) -> list:
    return [t.due_on, t.description, t.assignee, t.state(today), t.meeting, t.sozialraum, t.done_on]


def _task_query(stmt: Select, flt: TaskFilter) -> Select:
    """The tasks the filter asks for (any columns selected from Task)."""
    if flt.open_only:
        stmt = stmt.where(Task.status != TaskStatus.DONE)
    if flt.person_id is not None:
        stmt = stmt.where(Task.assignee_person_id == flt.person_id)
    if flt.organisation_id is not None:
        stmt = stmt.where(Task.assignee_organisation_id == flt.organisation_id)
    if flt.sozialraum_id is not None:
        stmt = stmt.where(Task.sozialraum_id == flt.sozialraum_id)
    if flt.meeting_id is not None:
        stmt = stmt.where(Task.meeting_id == flt.meeting_id)
    if flt.sozialregion_id is not None:
        raeume = select(Sozialraum.id).where(Sozialraum.sozialregion_id == flt.sozialregion_id)
        in_region = select(Meeting.id).where(
            or_(Meeting.sozialregion_id == flt.sozialregion_id, Meeting.sozialraum_id.in_(raeume))
        )
        from_proposal = (
            select(Proposal.id)
            .join(ParticipationActivity, Proposal.activity_id == ParticipationActivity.id)
            .where(ParticipationActivity.sozialraum_id.in_(raeume))
        )  # tasks from citizen participation belong where the activity took place
        stmt = stmt.where(
            or_(Task.sozialraum_id.in_(raeume), Task.meeting_id.in_(in_region), Task.proposal_id.in_(from_proposal))
        )
    return stmt


def _task_order(t: TaskEntry) -> tuple:
    if t.status != TaskStatus.DONE:
        return (0, t.due_on is None, t.due_on or date.min, t.id)
    return (1, t.done_on is None, -(t.done_on or date.min).toordinal(), t.id)


def _task_entries(s: Session, tasks: list[Task]) -> list[TaskEntry]:
    people = addressees(s, [t.assignee_person_id for t in tasks if t.assignee_person_id])
    org_ids = {t.assignee_organisation_id for t in tasks if t.assignee_organisation_id}
    orgs = (
        dict(s.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(org_ids))).all())
        if org_ids
        else {}
    )
    meeting_ids = {t.meeting_id for t in tasks if t.meeting_id}
    meetings = {
        m.id: f"{m.title} ({german_date(m.meeting_date)})"
        for m in (s.scalars(select(Meeting).where(Meeting.id.in_(meeting_ids))) if meeting_ids else [])
    }
    raum_ids = {t.sozialraum_id for t in tasks if t.sozialraum_id}
    raeume = (
        dict(s.execute(select(Sozialraum.id, Sozialraum.name).where(Sozialraum.id.in_(raum_ids))).all())
        if raum_ids
        else {}
    )
    entries = []
    for t in tasks:
        person = people.get(t.assignee_person_id) if t.assignee_person_id else None
        organisation = orgs.get(t.assignee_organisation_id) if t.assignee_organisation_id else None
        if person:
            works_for = organisation or person.organisation
            assignee = f"{person.name} ({works_for})" if works_for else person.name
        elif t.assignee_person_id:
            assignee = organisation or HIDDEN_ASSIGNEE  # there, but not readable by this login
        else:
            # A meeting's task is always saved with a "Wer" (save_task): none left means it was deleted. Tasks of a
            # participation proposal or written elsewhere may have had none from the start.
            assignee = organisation or (DELETED_ASSIGNEE if t.meeting_id else "")
        entries.append(
            TaskEntry(
                id=t.id,
                description=t.description,
                assignee=assignee,
                due_on=t.due_on,
                status=t.status,
                done_on=t.done_on,
                meeting=meetings.get(t.meeting_id, "") if t.meeting_id else "",
                meeting_id=t.meeting_id,
                agenda_item_id=t.agenda_item_id,
                sozialraum=raeume.get(t.sozialraum_id, "") if t.sozialraum_id else "",
                assignee_person_id=t.assignee_person_id,
                assignee_organisation_id=t.assignee_organisation_id,
            )
        )
    return entries


def _agenda(s: Session, meeting: Meeting) -> list[AgendaEntry]:
    items = list(
        s.scalars(
            select(AgendaItem).where(AgendaItem.meeting_id == meeting.id).order_by(AgendaItem.position, AgendaItem.id)
        )
    )
    tasks = _task_entries(s, list(s.scalars(select(Task).where(Task.meeting_id == meeting.id).order_by(Task.id))))
    follow_ids = {i.follow_up_meeting_id for i in items if i.follow_up_meeting_id}
    earlier_tasks = (
        _task_entries(s, list(s.scalars(select(Task).where(Task.meeting_id.in_(follow_ids)).order_by(Task.id))))
        if follow_ids
        else []
    )
    follow_tasks = [t for t in earlier_tasks if t.status != TaskStatus.DONE]
    # The minutes report every task of the earlier meeting with its outcome, also those done in the meantime.
    carried = earlier_tasks
    times = start_times(meeting.start_time, [i.duration_minutes for i in items])
    return [
        AgendaEntry(
            id=item.id,
            number=number,
            title=item.title,
            presenter=item.presenter,
            duration_minutes=item.duration_minutes,
            item_type=item.item_type,
            is_standing=item.is_standing,
            minutes=item.minutes,
            starts_at=starts_at,
            decisions=[DecisionEntry(d.id, d.text) for d in item.decisions],
            tasks=[t for t in tasks if t.agenda_item_id == item.id],
            follow_up=[t for t in follow_tasks if t.meeting_id == item.follow_up_meeting_id],
            version=item.version,
            carried=[t for t in carried if t.meeting_id == item.follow_up_meeting_id],
        )
        for number, (item, starts_at) in enumerate(zip(items, times, strict=True), start=1)
    ]


# -- the title of a follow-up meeting -----------------------------------------------------------------------------
MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)
SPRING_WORDS = ("Frühjahr", "Frühling")
_YEAR = r"(?:19|20)\d\d"
_SEASON = re.compile(
    rf"(?<!\w)(?P<word>Frühjahr|Frühling|Sommer|Herbst|Winter)(?P<year>\s+{_YEAR}(?:\s*/\s*\d{{2,4}})?)?$"
)
_MONTH = re.compile(rf"(?<!\w)(?P<word>{'|'.join(MONTHS)})(?P<year>\s+{_YEAR})?$")
_QUARTER = re.compile(rf"(?<![\w.])(?P<number>[1-4])\.\s*(?P<word>Quartal|Halbjahr)(?P<year>\s+{_YEAR})?$")
_Q_SHORT = re.compile(rf"(?<!\w)(?P<word>Q)(?P<number>[1-4])(?P<year>[\s/]+{_YEAR})$")
_YEAR_ONLY = re.compile(rf"(?<![\d./-])(?P<year>{_YEAR})$")


def season_of(day: date) -> tuple[str, int]:
    """Frühjahr = March to May, Sommer = June to August, Herbst = September to November, Winter = December to
    February, named with the year of its December (January 2027 belongs to Winter 2026)."""
    if day.month in (3, 4, 5):
        return "Frühjahr", day.year
    if day.month in (6, 7, 8):
        return "Sommer", day.year
    if day.month in (9, 10, 11):
        return "Herbst", day.year
    return "Winter", day.year if day.month == 12 else day.year - 1


_LEADING_COUNT = re.compile(r"^(?P<number>\d{1,3})\.\s+(?!(?:Quartal|Halbjahr)\b)(?=[^\W\d])")


def follow_up_title(title: str, meeting_date: date) -> str:
    """The title of the next meeting of a series: a leading count goes up by one ("5. Sozialraumkonferenz" → "6.
    Sozialraumkonferenz"), and a trailing season, month, quarter, half year or year is replaced by the one of the
    new date in the same kind ("… – Frühjahr 2027" for a meeting in September 2026 becomes "… – Herbst 2026"); any
    other title stays as it is. It is a proposal: the dialog shows it to be changed."""
    counted = _LEADING_COUNT.match(title)
    if counted:
        title = f"{int(counted['number']) + 1}. " + title[counted.end() :]
    text = title.rstrip()
    if match := _SEASON.search(text):
        word, year = season_of(meeting_date)
        if word == "Frühjahr" and match["word"] in SPRING_WORDS:
            word = match["word"]  # the writer's word for spring
        year_text = ""
        if match["year"]:
            year_text = f" {year}"
            if "/" in match["year"]:  # "Winter 2026/27"
                following = str(year + 1)
                year_text += "/" + following[-len(match["year"].split("/")[1].strip()) :]
        return text[: match.start()] + word + year_text
    if match := _MONTH.search(text):
        year_text = f" {meeting_date.year}" if match["year"] else ""
        return text[: match.start()] + MONTHS[meeting_date.month - 1] + year_text
    if match := _QUARTER.search(text):
        number = (meeting_date.month - 1) // 3 + 1 if match["word"] == "Quartal" else (meeting_date.month - 1) // 6 + 1
        year_text = f" {meeting_date.year}" if match["year"] else ""
        return text[: match.start()] + f"{number}. {match['word']}" + year_text
    if match := _Q_SHORT.search(text):
        separator = match["year"][: len(match["year"]) - 4]
        return text[: match.start()] + f"Q{(meeting_date.month - 1) // 3 + 1}{separator}{meeting_date.year}"
    if match := _YEAR_ONLY.search(text):
        return text[: match.start()] + str(meeting_date.year)
    return title
