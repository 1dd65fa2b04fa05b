"""Bookkeeping of the Datenpaket exchange: each record's exchange clock, and what each partner already has.

Deliberately without RecordMixin: these rows are local history of the exchange, never exchanged themselves.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sozialkoordination.models.base import Base, utcnow


class ExchangeRecord(Base):
    """The exchange state of one record (also of a deleted one: its tombstone).

    `fingerprint` is the hash of the record's exchanged content when the clock was last advanced ("geloescht"
    for a tombstone, empty right after a deletion); `clock` is a version vector as JSON
    ({site id: number of changes made there})."""

    __tablename__ = "exchange_record"
    __table_args__ = (UniqueConstraint("table_name", "uuid", name="uq_exchange_record_entry"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    table_name: Mapped[str] = mapped_column(String(40))
    uuid: Mapped[str] = mapped_column(String(36), index=True)
    fingerprint: Mapped[str] = mapped_column(String(64), default="")
    clock: Mapped[str] = mapped_column(Text, default="{}")
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)
    # {field: [keyed hash of the value, version vector]}: which fields a change touched, and how new each field is
    fields: Mapped[str | None] = mapped_column(Text)
    # JSON list of the site ids whose bookkeeping this state descends from (where it was first seen, and every
    # partner it was compared with): states without a common origin have no common start
    origin: Mapped[str | None] = mapped_column(Text)


class ExchangeAlias(Base):
    """A record merged into another one (a duplicate both sides imported from the same list): packages that still
    name the merged record's UUID reach the one that stays (`target_uuid`)."""

    __tablename__ = "exchange_alias"

    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    target_uuid: Mapped[str] = mapped_column(String(36), index=True)
    merged_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ExchangePartner(Base):
    """Someone packages are exchanged with (a colleague's laptop, the Geschäftsstelle)."""

    __tablename__ = "exchange_partner"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    site_id: Mapped[str | None] = mapped_column(String(36), unique=True)  # known after their first package
    called_by_them: Mapped[str | None] = mapped_column(String(200))  # our name in their list of partners
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_export_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_import_at: Mapped[datetime | None] = mapped_column(DateTime)


class ExchangeKnown(Base):
    """The clock of a record the partner is known to have (we sent it, or received it from them)."""

    __tablename__ = "exchange_known"

    partner_id: Mapped[int] = mapped_column(ForeignKey("exchange_partner.id", ondelete="CASCADE"), primary_key=True)
    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    clock: Mapped[str] = mapped_column(Text, default="{}")


# The tables a Datenpaket carries, parents before children. Not exchanged: areas and themes (matched by their
# keys), projects (by code), indicators (each laptop imports them from the statistics files), settings, drafts,
# import batches and journals, column mappings, the audit log and this bookkeeping.
EXCHANGED_TABLES = (
    "organisation",
    "person",
    "affiliation",
    "consent",
    "network",
    "network_membership",
    "relationship",
    "meeting",
    "agenda_item",
    "decision",
    "invitation",
    "attendance",
    "participation_activity",
    "proposal",
    "milestone",
    "task",
    "sozialraum_budget",
    "budget_application",
    "volunteer",
    "volunteer_availability",
    "offer",
    "placement",
    "angebot",
)
