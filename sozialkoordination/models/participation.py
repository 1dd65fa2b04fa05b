"""Citizen participation (Bürgerbeteiligung): activities, the proposals they produce and milestones."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Column, Date, ForeignKey, Integer, Numeric, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sozialkoordination.core.enums import ParticipationStatus, ProposalResponse
from sozialkoordination.models.actor import Organisation
from sozialkoordination.models.base import Base, RecordMixin
from sozialkoordination.models.searchable import Searchable

activity_partner = Table(
    "activity_partner",
    Base.metadata,
    Column("activity_id", ForeignKey("participation_activity.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True),
)


class ParticipationActivity(Searchable, RecordMixin, Base):
    __tablename__ = "participation_activity"
    SEARCH_FIELDS = ("title", "topic", "format", "ortschaft", "notes")

    format: Mapped[str] = mapped_column(String(60))  # Bürgerversammlung, Zukunftswerkstatt, Befragung …
    title: Mapped[str] = mapped_column(String(300))
    topic: Mapped[str | None] = mapped_column(String(300))
    sozialraum_id: Mapped[int | None] = mapped_column(ForeignKey("sozialraum.id", ondelete="SET NULL"), index=True)
    ortschaft: Mapped[str | None] = mapped_column(String(120))
    starts_on: Mapped[date | None] = mapped_column(Date, index=True)
    ends_on: Mapped[date | None] = mapped_column(Date)
    organiser_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    target_groups: Mapped[str | None] = mapped_column(String(300))
    participants_on_site: Mapped[int | None] = mapped_column(Integer)
    participants_online: Mapped[int | None] = mapped_column(Integer)
    participants_paper: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(30), default=ParticipationStatus.PLANNED)
    documents: Mapped[str | None] = mapped_column(Text)  # paths or links, one per line
    notes: Mapped[str | None] = mapped_column(Text)

    organiser: Mapped[Organisation | None] = relationship()
    partners: Mapped[list[Organisation]] = relationship(secondary=activity_partner)
    proposals: Mapped[list[Proposal]] = relationship(
        back_populates="activity", cascade="all, delete-orphan", passive_deletes=True
    )


class Proposal(RecordMixin, Base):
    """An idea or proposal collected in a participation activity, and the response to it."""

    __tablename__ = "proposal"

    activity_id: Mapped[int] = mapped_column(ForeignKey("participation_activity.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    response_status: Mapped[str] = mapped_column(String(30), default=ProposalResponse.UNDER_REVIEW)
    responsible_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    estimated_cost: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    progress_percent: Mapped[int] = mapped_column(Integer, default=0)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"))
    notes: Mapped[str | None] = mapped_column(Text)

    activity: Mapped[ParticipationActivity] = relationship(back_populates="proposals")
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", passive_deletes=True
    )


class Milestone(RecordMixin, Base):
    __tablename__ = "milestone"

    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[date | None] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)

    proposal: Mapped[Proposal] = relationship(back_populates="milestones")
