"""Volunteering (Ehrenamt): volunteers with availability, engagement offers and placements."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Column, Date, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sozialkoordination.core.enums import OfferStatus, PlacementStatus, TimePattern
from sozialkoordination.models.actor import Organisation, Person, Theme
from sozialkoordination.models.base import Base, RecordMixin
from sozialkoordination.models.searchable import Searchable

volunteer_interest = Table(
    "volunteer_interest",
    Base.metadata,
    Column("volunteer_id", ForeignKey("volunteer.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("theme.id", ondelete="CASCADE"), primary_key=True),
)

offer_theme = Table(
    "offer_theme",
    Base.metadata,
    Column("offer_id", ForeignKey("offer.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("theme.id", ondelete="CASCADE"), primary_key=True),
)

PARTS_OF_DAY = ("vormittags", "nachmittags", "abends")


class Volunteer(Searchable, RecordMixin, Base):
    """The volunteering profile of a person (also Freiwilligendienst, Dorfmoderator*in, Ortsbürgermeister*in)."""

    __tablename__ = "volunteer"
    # The person's name is searched in their own sort key, so renaming a person needs no change here.
    SEARCH_FIELDS = ("role", "skills", "ortschaft", "notes")

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), unique=True)
    role: Mapped[str | None] = mapped_column(String(60))  # Ehrenamtliche*r, Freiwilligendienst, Dorfmoderator*in …
    skills: Mapped[str | None] = mapped_column(Text)
    languages: Mapped[str | None] = mapped_column(String(200))
    ortschaft: Mapped[str | None] = mapped_column(String(120))
    sozialraum_id: Mapped[int | None] = mapped_column(ForeignKey("sozialraum.id", ondelete="SET NULL"), index=True)
    available_from: Mapped[date | None] = mapped_column(Date)
    available_until: Mapped[date | None] = mapped_column(Date)
    has_car: Mapped[bool] = mapped_column(Boolean, default=False)
    uses_public_transport: Mapped[bool] = mapped_column(Boolean, default=False)
    range_km: Mapped[int | None] = mapped_column(Integer)
    reachable_places: Mapped[str | None] = mapped_column(Text)  # Ortschaften, comma separated
    notes: Mapped[str | None] = mapped_column(Text)
    last_activity_on: Mapped[date | None] = mapped_column(Date)

    person: Mapped[Person] = relationship()
    interests: Mapped[list[Theme]] = relationship(secondary=volunteer_interest, order_by=Theme.name)
    availability: Mapped[list[VolunteerAvailability]] = relationship(
        back_populates="volunteer", cascade="all, delete-orphan", passive_deletes=True
    )


class VolunteerAvailability(RecordMixin, Base):
    __tablename__ = "volunteer_availability"

    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int] = mapped_column(Integer)  # 0 = Montag
    part_of_day: Mapped[str] = mapped_column(String(20))  # vormittags|nachmittags|abends

    volunteer: Mapped[Volunteer] = relationship(back_populates="availability")


class Offer(Searchable, RecordMixin, Base):
    """An Engagementangebot of an organisation."""

    __tablename__ = "offer"
    SEARCH_FIELDS = ("title", "description", "tasks", "place")

    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    tasks: Mapped[str | None] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(String(200))
    sozialraum_id: Mapped[int | None] = mapped_column(ForeignKey("sozialraum.id", ondelete="SET NULL"), index=True)
    time_pattern: Mapped[str] = mapped_column(String(20), default=TimePattern.REGULAR)
    one_off_date: Mapped[date | None] = mapped_column(Date)
    weekday: Mapped[int | None] = mapped_column(Integer)
    part_of_day: Mapped[str | None] = mapped_column(String(20))
    places: Mapped[int] = mapped_column(Integer, default=1)
    requirements: Mapped[str | None] = mapped_column(Text)  # e.g. erweitertes Führungszeugnis
    contact_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=OfferStatus.OPEN)

    organisation: Mapped[Organisation | None] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=offer_theme, order_by=Theme.name)


class Placement(RecordMixin, Base):
    __tablename__ = "placement"

    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id", ondelete="CASCADE"), index=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=PlacementStatus.REQUESTED)
    status_reason: Mapped[str | None] = mapped_column(Text)
    requested_on: Mapped[date | None] = mapped_column(Date)
    started_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)

    volunteer: Mapped[Volunteer] = relationship()
    offer: Mapped[Offer] = relationship()
