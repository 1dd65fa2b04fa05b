"""Meetings (Sozialforen, Sozialraumkonferenzen, Arbeitskreise …): agenda, invitations, attendance, minutes."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sozialkoordination.core.enums import AgendaItemKind, AreaLevel, InvitationReply, MinutesStatus, TaskStatus
from sozialkoordination.models.actor import Organisation, Person
from sozialkoordination.models.base import Base, RecordMixin, utcnow
from sozialkoordination.models.searchable import Searchable


class Meeting(Searchable, RecordMixin, Base):
    __tablename__ = "meeting"
    SEARCH_FIELDS = ("title", "meeting_type", "venue", "venue_address", "notes")

    meeting_type: Mapped[str] = mapped_column(String(60), index=True)
    title: Mapped[str] = mapped_column(String(300))
    level: Mapped[str] = mapped_column(String(20), default=AreaLevel.SOZIALREGION)
    sozialregion_id: Mapped[int | None] = mapped_column(ForeignKey("sozialregion.id", ondelete="SET NULL"), index=True)
    sozialraum_id: Mapped[int | None] = mapped_column(ForeignKey("sozialraum.id", ondelete="SET NULL"), index=True)
    network_id: Mapped[int | None] = mapped_column(ForeignKey("network.id", ondelete="SET NULL"), index=True)
    previous_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"))  # series
    meeting_date: Mapped[date] = mapped_column(Date, index=True)
    start_time: Mapped[time | None] = mapped_column(Time)
    end_time: Mapped[time | None] = mapped_column(Time)
    venue: Mapped[str | None] = mapped_column(String(300))
    venue_address: Mapped[str | None] = mapped_column(String(300))
    chair_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"), index=True)
    minute_taker_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"), index=True)
    minutes_status: Mapped[str] = mapped_column(String(20), default=MinutesStatus.DRAFT)
    notes: Mapped[str | None] = mapped_column(Text)

    agenda_items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="AgendaItem.position",
        foreign_keys="AgendaItem.meeting_id",
    )
    invitations: Mapped[list[Invitation]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", passive_deletes=True
    )
    attendances: Mapped[list[Attendance]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", passive_deletes=True
    )


class AgendaItem(RecordMixin, Base):
    """A TOP with its minutes (notes) and decisions."""

    __tablename__ = "agenda_item"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(300))
    presenter: Mapped[str | None] = mapped_column(String(200))
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    item_type: Mapped[str] = mapped_column(String(20), default=AgendaItemKind.INFORMATION)
    is_standing: Mapped[bool] = mapped_column(Boolean, default=False)  # carried over to the next meeting
    minutes: Mapped[str | None] = mapped_column(Text)
    # Set on the item "Offene Aufgaben aus der Sitzung vom …": the meeting whose open tasks it lists.
    follow_up_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"))

    meeting: Mapped[Meeting] = relationship(back_populates="agenda_items", foreign_keys=[meeting_id])
    decisions: Mapped[list[Decision]] = relationship(
        back_populates="agenda_item", cascade="all, delete-orphan", passive_deletes=True, order_by="Decision.position"
    )


class Decision(RecordMixin, Base):
    __tablename__ = "decision"

    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)

    agenda_item: Mapped[AgendaItem] = relationship(back_populates="decisions")


class Invitation(RecordMixin, Base):
    __tablename__ = "invitation"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=InvitationReply.INVITED)
    represented_by: Mapped[str | None] = mapped_column(String(200))
    invited_at: Mapped[datetime | None] = mapped_column(DateTime)
    replied_at: Mapped[datetime | None] = mapped_column(DateTime)

    meeting: Mapped[Meeting] = relationship(back_populates="invitations")
    person: Mapped[Person] = relationship()


class Attendance(RecordMixin, Base):
    """Who was there. After an erasure the row stays with person_id NULL so counts remain right."""

    __tablename__ = "attendance"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"), index=True)
    present: Mapped[bool] = mapped_column(Boolean, default=True)
    excused: Mapped[bool] = mapped_column(Boolean, default=False)
    walk_in: Mapped[bool] = mapped_column(Boolean, default=False)

    meeting: Mapped[Meeting] = relationship(back_populates="attendances")
    person: Mapped[Person | None] = relationship()


class Task(Searchable, RecordMixin, Base):
    """A task "wer – was – bis wann", usually from a meeting's TOP, also from participation results."""

    __tablename__ = "task"
    SEARCH_FIELDS = ("description",)

    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id", ondelete="SET NULL"))
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposal.id", ondelete="SET NULL"))
    description: Mapped[str] = mapped_column(Text)
    assignee_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"), index=True)
    assignee_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    sozialraum_id: Mapped[int | None] = mapped_column(ForeignKey("sozialraum.id", ondelete="SET NULL"), index=True)
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default=TaskStatus.OPEN)
    done_on: Mapped[date | None] = mapped_column(Date)

    meeting: Mapped[Meeting | None] = relationship()
    assignee_person: Mapped[Person | None] = relationship()
    assignee_organisation: Mapped[Organisation | None] = relationship()


class MinutesVersion(Base):
    """One approved Fassung of a meeting's minutes, stored whole (attendance with names, TOP notes, decisions,
    tasks) as JSON: later edits, deletions and erasures of the records it was made from never rewrite it (a public
    body's record, Art. 17 Abs. 3 DSGVO). Append-only like the audit log; a new Fassung needs a reason."""

    __tablename__ = "minutes_version"
    __table_args__ = (UniqueConstraint("meeting_id", "number", name="uq_minutes_version_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # Fassung 1, 2, …
    approved_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    approved_by: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(Text)  # why this Fassung replaces the one before (None for the first)
    reopened_at: Mapped[datetime | None] = mapped_column(DateTime)  # when a new Fassung was begun from this one
    reopen_reason: Mapped[str | None] = mapped_column(Text)
    content: Mapped[str] = mapped_column(Text)  # services/meetings.sheet_to_json
