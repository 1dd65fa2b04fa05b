"""Actors: organisations, contact persons, their affiliations, themes and consents (DSGVO)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Column, Date, Float, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sozialkoordination.models.area import Sozialraum
from sozialkoordination.models.base import Base, RecordMixin

organisation_theme = Table(
    "organisation_theme",
    Base.metadata,
    Column("organisation_id", ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("theme.id", ondelete="CASCADE"), primary_key=True),
)

person_theme = Table(
    "person_theme",
    Base.metadata,
    Column("person_id", ForeignKey("person.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("theme.id", ondelete="CASCADE"), primary_key=True),
)


# Byte order on PostgreSQL as on SQLite: the German order is in the folded key itself (db/search_index.py).
SORT_KEY = String(300).with_variant(String(300, collation="C"), "postgresql")


class Theme(RecordMixin, Base):
    """A theme or tag (Frühe Hilfen, Senioren, Integration …) shared by actors, volunteers and offers."""

    __tablename__ = "theme"

    name: Mapped[str] = mapped_column(String(120), unique=True)


class AddressMixin:
    street: Mapped[str | None] = mapped_column(String(200))
    house_number: Mapped[str | None] = mapped_column(String(20))
    postcode: Mapped[str | None] = mapped_column(String(10), index=True)
    city: Mapped[str | None] = mapped_column(String(120))


class Organisation(AddressMixin, RecordMixin, Base):
    __tablename__ = "organisation"

    name: Mapped[str] = mapped_column(String(300), index=True)
    org_type: Mapped[str | None] = mapped_column(String(80), index=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )  # Träger
    sozialraum_id: Mapped[int | None] = mapped_column(ForeignKey("sozialraum.id", ondelete="SET NULL"), index=True)
    phone: Mapped[str | None] = mapped_column(String(60))
    email: Mapped[str | None] = mapped_column(String(254))
    website: Mapped[str | None] = mapped_column(String(300))
    notes: Mapped[str | None] = mapped_column(Text)
    # Where the facility is, in WGS84 degrees, as a partner's list gave it (for maps later).
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    # Umlaut-folded copies kept by the service layer: German sort order ("Ä" with "A") and free-text search.
    sort_key: Mapped[str] = mapped_column(SORT_KEY, default="", index=True)
    search_text: Mapped[str] = mapped_column(Text, default="")

    sozialraum: Mapped[Sozialraum | None] = relationship()
    parent: Mapped[Organisation | None] = relationship(remote_side="Organisation.id")
    themes: Mapped[list[Theme]] = relationship(secondary=organisation_theme, order_by=Theme.name)
    affiliations: Mapped[list[Affiliation]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", passive_deletes=True
    )


class Person(AddressMixin, RecordMixin, Base):
    """A contact person; may work for organisations or stand alone (Ortsbürgermeister*in, Ehrenamtliche)."""

    __tablename__ = "person"

    salutation: Mapped[str | None] = mapped_column(String(20))  # Anrede: Frau, Herr or empty
    title: Mapped[str | None] = mapped_column(String(60))  # Dr., Prof. Dr. …
    first_name: Mapped[str | None] = mapped_column(String(120))
    last_name: Mapped[str] = mapped_column(String(120), index=True)
    function: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(60))
    mobile: Mapped[str | None] = mapped_column(String(60))
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    sozialraum_id: Mapped[int | None] = mapped_column(ForeignKey("sozialraum.id", ondelete="SET NULL"), index=True)
    notes: Mapped[str | None] = mapped_column(Text)
    last_activity_on: Mapped[date | None] = mapped_column(Date)
    sort_key: Mapped[str] = mapped_column(SORT_KEY, default="", index=True)  # "nachname vorname", folded
    search_text: Mapped[str] = mapped_column(Text, default="")

    sozialraum: Mapped[Sozialraum | None] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=person_theme, order_by=Theme.name)
    affiliations: Mapped[list[Affiliation]] = relationship(
        back_populates="person", cascade="all, delete-orphan", passive_deletes=True
    )
    consents: Mapped[list[Consent]] = relationship(
        back_populates="person", cascade="all, delete-orphan", passive_deletes=True, order_by="Consent.given_on"
    )


class Affiliation(RecordMixin, Base):
    """A person working for an organisation, with role and period."""

    __tablename__ = "affiliation"
    __table_args__ = (UniqueConstraint("person_id", "organisation_id", name="uq_affiliation_person_organisation"),)

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    role: Mapped[str | None] = mapped_column(String(200))
    is_primary: Mapped[bool] = mapped_column(Boolean, default=True)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)

    person: Mapped[Person] = relationship(back_populates="affiliations")
    organisation: Mapped[Organisation] = relationship(back_populates="affiliations")


class Consent(RecordMixin, Base):
    """Consent to store or use a person's data for one purpose (DSGVO Art. 6/7)."""

    __tablename__ = "consent"

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(120))  # Einladungen, Weitergabe an Netzwerkpartner, Fotos …
    given_on: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(String(200))  # schriftlich, mündlich, Formular, Import …
    expires_on: Mapped[date | None] = mapped_column(Date)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)

    person: Mapped[Person] = relationship(back_populates="consents")
