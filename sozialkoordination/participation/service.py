"""Citizen participation: activities with their participants per channel, the proposals they produced and what
became of them (response, responsibility, cost, progress, milestones, the meeting and the tasks), summaries."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import fields
from datetime import date
from pathlib import Path

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session, sessionmaker

from sozialkoordination.core.enums import ProposalResponse, TaskStatus
from sozialkoordination.core.errors import NotFoundError, ValidationError
from sozialkoordination.core.formatting import german_date
from sozialkoordination.core.letters import SenderProfile
from sozialkoordination.core.normalize import clean
from sozialkoordination.core.progress import Progress
from sozialkoordination.documents.tables import Column, Sheet, write_workbook
from sozialkoordination.models import (
    Meeting,
    Milestone,
    Organisation,
    ParticipationActivity,
    Proposal,
    Sozialraum,
    Task,
)
from sozialkoordination.participation.dto import (
    ACTIVITY_FIELDS,
    RESPONSES,
    STATUSES,
    ActivityData,
    ActivityListRow,
    ProposalData,
    ProposalRow,
    participant_count,
)


class ParticipationService:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        today: Callable[[], date] = date.today,
        sender: Callable[[], SenderProfile] = SenderProfile,
    ):
        self._sf = session_factory
        self._today = today
        self._sender = sender  # who the Word summary comes from (the settings' letterhead)

    # -- activities ----------------------------------------------------------------------------
    def activity_list(self, sozialregion_id: int | None) -> list[ActivityListRow]:
        """Activities of a Sozialregion (None: all), newest first, with participants and proposals, in one SELECT."""
        a = ParticipationActivity
        channels = (a.participants_on_site, a.participants_online, a.participants_paper)
        # Not recorded at all stays empty rather than pretending nobody came.
        participants = case(
            (and_(*(c.is_(None) for c in channels)), None),
            else_=sum((func.coalesce(c, 0) for c in channels[1:]), func.coalesce(channels[0], 0)),
        )
        proposals = select(func.count(Proposal.id)).where(Proposal.activity_id == a.id).scalar_subquery()
        stmt = (
            select(
                a.id, a.starts_on, a.format, a.title, Sozialraum.name, a.ortschaft, participants, proposals, a.status
            )
            .outerjoin(Sozialraum, a.sozialraum_id == Sozialraum.id)
            .order_by(a.starts_on.is_(None), a.starts_on.desc(), func.lower(a.title), a.id)
        )
        if sozialregion_id is not None:
            stmt = stmt.where(Sozialraum.sozialregion_id == sozialregion_id)
        with self._sf() as s:
            return [ActivityListRow(*row) for row in s.execute(stmt)]

    def get(self, activity_id: int) -> ActivityData:
        with self._sf() as s:
            a = self._activity(s, activity_id)
            data = ActivityData(**{name: getattr(a, name) for name in ACTIVITY_FIELDS}, id=a.id, version=a.version)
            data.partner_ids = [o.id for o in a.partners]
            return data

    def save(self, data: ActivityData) -> int:
        errors = {}
        title = clean(data.title)
        if not title:
            errors["title"] = "Bitte geben Sie der Beteiligung einen Titel."
        if not clean(data.format):
            errors["format"] = "Bitte wählen Sie das Format (z. B. Bürgerversammlung)."
        if data.status not in STATUSES:
            errors["status"] = f"Bitte wählen Sie: {', '.join(STATUSES)}."
        if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
            errors["ends_on"] = "Das Ende liegt vor dem Beginn."
        for name in ("participants_on_site", "participants_online", "participants_paper"):
            value = getattr(data, name)
            if value is not None and value < 0:
                errors[name] = "Die Zahl der Teilnehmenden kann nicht negativ sein."
        if errors:
            raise ValidationError(errors)
        with self._sf.begin() as s:
            activity = ParticipationActivity() if data.id is None else self._activity(s, data.id)
            s.add(activity)
            for name in ACTIVITY_FIELDS:
                setattr(activity, name, getattr(data, name))
            activity.title, activity.format = title, clean(data.format)
            ids = list(dict.fromkeys(data.partner_ids))
            activity.partners = list(s.scalars(select(Organisation).where(Organisation.id.in_(ids)))) if ids else []
            s.flush()
            return activity.id

    def delete(self, activity_id: int) -> None:
        with self._sf.begin() as s:
            s.delete(self._activity(s, activity_id))

    # -- proposals -----------------------------------------------------------------------------
    def proposals(self, activity_id: int) -> list[ProposalRow]:
        with self._sf() as s:
            self._activity(s, activity_id)
            rows = []
            for p in s.scalars(select(Proposal).where(Proposal.activity_id == activity_id).order_by(Proposal.id)):
                org = s.get(Organisation, p.responsible_organisation_id) if p.responsible_organisation_id else None
                meeting = s.get(Meeting, p.meeting_id) if p.meeting_id else None
                tasks = s.scalars(select(Task).where(Task.proposal_id == p.id).order_by(Task.id))
                rows.append(
                    ProposalRow(
                        p.id,
                        p.text,
                        p.response_status,
                        org.name if org else "",
                        p.estimated_cost,
                        p.progress_percent,
                        f"{meeting.title} ({german_date(meeting.meeting_date)})" if meeting else "",
                        [(m.id, m.title, m.due_on, m.done_on) for m in sorted(p.milestones, key=_milestone_order)],
                        [t.description + (" (erledigt)" if t.status == TaskStatus.DONE else "") for t in tasks],
                    )
                )
            return rows

    def get_proposal(self, proposal_id: int) -> ProposalData:
        with self._sf() as s:
            p = self._proposal(s, proposal_id)
            return ProposalData(**{f.name: getattr(p, f.name) for f in fields(ProposalData)})

    def save_proposal(self, activity_id: int, data: ProposalData) -> int:
        errors = {}
        text = (data.text or "").strip()
        if not text:
            errors["text"] = "Bitte geben Sie den Vorschlag ein (auch von Papier abgetippt)."
        if data.response_status not in RESPONSES:
            errors["response_status"] = f"Bitte wählen Sie: {', '.join(RESPONSES)}."
        if not 0 <= data.progress_percent <= 100:
            errors["progress_percent"] = "Der Fortschritt liegt zwischen 0 und 100 %."
        if data.estimated_cost is not None and data.estimated_cost < 0:
            errors["estimated_cost"] = "Die Kosten können nicht negativ sein."
        if errors:
            raise ValidationError(errors)
        with self._sf.begin() as s:
            self._activity(s, activity_id)
            proposal = Proposal(activity_id=activity_id) if data.id is None else self._proposal(s, data.id)
            s.add(proposal)
            for f in fields(ProposalData):
                if f.name != "id":
                    setattr(proposal, f.name, getattr(data, f.name))
            proposal.text = text
            if data.response_status == ProposalResponse.IMPLEMENTED:
                proposal.progress_percent = 100
            s.flush()
            return proposal.id

    def delete_proposal(self, proposal_id: int) -> None:
        """For a proposal typed in twice or by mistake. Its milestones go with it; its tasks stay, without the
        proposal. Both through the ORM, so the change log names every row the deletion touched (a database
        cascade alone would change them silently)."""
        with self._sf.begin() as s:
            proposal = self._proposal(s, proposal_id)
            for task in s.scalars(select(Task).where(Task.proposal_id == proposal.id)):
                task.proposal_id = None
            for milestone in list(proposal.milestones):
                s.delete(milestone)
            s.delete(proposal)

    def proposal_deletion_notes(self, proposal_id: int) -> list[str]:
        """What deleting the proposal touches besides itself, said in the question before."""
        with self._sf() as s:
            proposal = self._proposal(s, proposal_id)
            milestones = len(proposal.milestones)
            tasks = s.scalar(select(func.count(Task.id)).where(Task.proposal_id == proposal.id)) or 0
        notes = []
        if milestones:
            notes.append(
                "Sein Meilenstein wird mit gelöscht."
                if milestones == 1
                else f"Seine {milestones} Meilensteine werden mit gelöscht."
            )
        if tasks:
            notes.append(
                "Die Aufgabe daraus bleibt in der Aufgabenliste stehen."
                if tasks == 1
                else f"Die {tasks} Aufgaben daraus bleiben in der Aufgabenliste stehen."
            )
        return notes

    def add_milestone(self, proposal_id: int, title: str, due_on: date | None = None) -> int:
        title = clean(title)
        if not title:
            raise ValidationError({"milestone": "Bitte geben Sie dem Meilenstein einen Titel."})
        with self._sf.begin() as s:
            milestone = Milestone(proposal_id=self._proposal(s, proposal_id).id, title=title, due_on=due_on)
            s.add(milestone)
            s.flush()
            return milestone.id

    def milestone_done(self, milestone_id: int, done_on: date | None = None) -> None:
        """Marks the milestone done; the proposal's progress follows the share of milestones done."""
        with self._sf.begin() as s:
            milestone = s.get(Milestone, milestone_id)
            if milestone is None:
                raise NotFoundError("Diesen Meilenstein gibt es nicht mehr.")
            milestone.done_on = done_on or self._today()
            proposal = milestone.proposal
            done = sum(1 for m in proposal.milestones if m.done_on)
            proposal.progress_percent = max(proposal.progress_percent, round(100 * done / len(proposal.milestones)))

    def add_task(self, proposal_id: int, description: str, assignee_organisation_id: int | None, due_on: date | None):
        """A task "wer – was – bis wann" that the proposal created; it appears in the task overview."""
        description = (description or "").strip()
        if not description or assignee_organisation_id is None:
            raise ValidationError({"task": "Eine Aufgabe braucht „was“ und „wer“ (die zuständige Organisation)."})
        with self._sf.begin() as s:
            proposal = self._proposal(s, proposal_id)
            task = Task(
                proposal_id=proposal.id,
                description=description,
                assignee_organisation_id=assignee_organisation_id,
                due_on=due_on,
                sozialraum_id=proposal.activity.sozialraum_id,
                meeting_id=proposal.meeting_id,
                status=TaskStatus.OPEN,
            )
            s.add(task)
            s.flush()
            return task.id

    # -- overview and documents ----------------------------------------------------------------
    def overview(self, sozialregion_id: int | None = None) -> list[tuple]:
        """Per Sozialraum and year: activities, participants, proposals by response (angenommen, umgesetzt …)."""
        with self._sf() as s:
            stmt = select(ParticipationActivity, Sozialraum.name).outerjoin(
                Sozialraum, ParticipationActivity.sozialraum_id == Sozialraum.id
            )
            if sozialregion_id is not None:
                stmt = stmt.where(Sozialraum.sozialregion_id == sozialregion_id)
            groups: dict[tuple[str, int | None], dict] = {}
            for activity, raum in s.execute(stmt):
                year = activity.starts_on.year if activity.starts_on else None
                group = groups.setdefault(
                    (raum or "ohne Sozialraum", year), {"activities": 0, "participants": 0, "responses": Counter()}
                )
                group["activities"] += 1
                group["participants"] += participant_count(activity) or 0
                group["responses"].update(p.response_status for p in activity.proposals)
        return [
            (raum, year, g["activities"], g["participants"], *[g["responses"][r] for r in RESPONSES])
            for (raum, year), g in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0))
        ]

    def export(self, path: Path, sozialregion_id: int | None = None, progress: Progress | None = None) -> int:
        overview = self.overview(sozialregion_id)
        with self._sf() as s:
            stmt = select(ParticipationActivity, Sozialraum.name).outerjoin(
                Sozialraum, ParticipationActivity.sozialraum_id == Sozialraum.id
            )
            if sozialregion_id is not None:
                stmt = stmt.where(Sozialraum.sozialregion_id == sozialregion_id)
            proposals = []
            for activity, raum in s.execute(stmt.order_by(ParticipationActivity.starts_on)):
                for p in activity.proposals:
                    org = s.get(Organisation, p.responsible_organisation_id) if p.responsible_organisation_id else None
                    proposals.append(
                        [
                            activity.title,
                            raum or "",
                            activity.starts_on,
                            p.text,
                            p.response_status,
                            org.name if org else "",
                            float(p.estimated_cost) if p.estimated_cost is not None else None,
                            p.progress_percent,
                        ]
                    )
        rows = [list(r) for r in overview]
        write_workbook(
            path,
            [
                Sheet("Übersicht", OVERVIEW_COLUMNS, rows, len(rows)),
                Sheet("Vorschläge", PROPOSAL_COLUMNS, proposals, len(proposals)),
            ],
            progress,
        )
        return len(proposals)

    def write_summary(self, activity_id: int, path: Path) -> None:
        """A Word summary for the Gemeinde: what, who, how many, results, next steps."""
        from sozialkoordination.participation.documents import write_summary

        data = self.get(activity_id)
        with self._sf() as s:
            raum = s.get(Sozialraum, data.sozialraum_id) if data.sozialraum_id else None
            organiser = s.get(Organisation, data.organiser_organisation_id) if data.organiser_organisation_id else None
            partners = [o.name for o in self._activity(s, activity_id).partners]
        write_summary(
            path,
            data,
            raum.name if raum else None,
            organiser.name if organiser else None,
            partners,
            self.proposals(activity_id),
            self._today(),
            self._sender(),
        )

    # -- helpers -------------------------------------------------------------------------------
    @staticmethod
    def _activity(s: Session, activity_id: int) -> ParticipationActivity:
        activity = s.get(ParticipationActivity, activity_id)
        if activity is None:
            raise NotFoundError("Diese Beteiligung gibt es nicht mehr.")
        return activity

    @staticmethod
    def _proposal(s: Session, proposal_id: int) -> Proposal:
        proposal = s.get(Proposal, proposal_id)
        if proposal is None:
            raise NotFoundError("Diesen Vorschlag gibt es nicht mehr.")
        return proposal


def _milestone_order(m: Milestone) -> tuple:
    return (m.due_on is None, m.due_on or date.min, m.id)


OVERVIEW_COLUMNS = [
    Column("Sozialraum", "text", 22),
    Column("Jahr", "int", 7),
    Column("Beteiligungen", "int", 12),
    Column("Teilnehmende", "int", 12),
    *(Column(r, "int", 11) for r in RESPONSES),
]
PROPOSAL_COLUMNS = [
    Column("Beteiligung", "text", 30),
    Column("Sozialraum", "text", 18),
    Column("Datum", "date", 11),
    Column("Vorschlag", "text", 50),
    Column("Antwort", "text", 12),
    Column("Zuständig", "text", 26),
    Column("Kosten (geschätzt)", "money", 14),
    Column("Fortschritt %", "int", 11),
]
