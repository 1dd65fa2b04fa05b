"""Angebote: services of organisations for families and people along the life course (Beratung, Gruppe, Kurs,
Betreuung, Treffpunkt …), the supply side of the Präventionskette. Not the Engagementangebote for volunteers
(models/volunteering.py, table "offer")."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Column, Date, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sozialkoordination.models.actor import Organisation, Theme
from sozialkoordination.models.area import Gemeinde, Sozialraum
from sozialkoordination.models.base import Base, RecordMixin
from sozialkoordination.models.searchable import Searchable

angebot_theme = Table(
    "angebot_theme",
    Base.metadata,
    Column("angebot_id", ForeignKey("angebot.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("theme.id", ondelete="CASCADE"), primary_key=True),
)


class Angebot(Searchable, RecordMixin, Base):
    """One offer of an organisation. Life phases and target groups are short fixed codes/names joined by ", "
    (offers/service.py knows the lists); the place is the organisation's address or its own, and the Gemeinde and
    Sozialraum are derived from it when saved."""

    __tablename__ = "angebot"
    SEARCH_FIELDS = ("name", "kind", "target_groups", "description", "place_city", "contact")

    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(40), default="Beratung")
    description: Mapped[str | None] = mapped_column(Text)
    target_groups: Mapped[str | None] = mapped_column(String(500))
    life_phases: Mapped[str] = mapped_column(String(200), default="")
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="SET NULL"), index=True)
    at_organisation: Mapped[bool] = mapped_column(Boolean, default=True)
    place_street: Mapped[str | None] = mapped_column(String(200))
    place_postcode: Mapped[str | None] = mapped_column(String(10))
    place_city: Mapped[str | None] = mapped_column(String(120))
    gemeinde_id: Mapped[int | None] = mapped_column(ForeignKey("gemeinde.id", ondelete="SET NULL"), index=True)
    sozialraum_id: Mapped[int | None] = mapped_column(ForeignKey("sozialraum.id", ondelete="SET NULL"), index=True)
    reach: Mapped[str] = mapped_column(String(20), default="Sozialraum")  # Gemeinde|Sozialraum|Sozialregion|Landkreis
    cost: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str | None] = mapped_column(String(200))
    accessibility: Mapped[str | None] = mapped_column(String(300))
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    contact: Mapped[str | None] = mapped_column(String(300))

    organisation: Mapped[Organisation | None] = relationship()
    gemeinde: Mapped[Gemeinde | None] = relationship()
    sozialraum: Mapped[Sozialraum | None] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=angebot_theme, order_by=Theme.name)
