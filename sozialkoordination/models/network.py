"""Networks (Arbeitskreise, Präventionsketten …), their memberships, and explicit relationships between actors."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sozialkoordination.core.enums import AreaLevel
from sozialkoordination.models.actor import Organisation, Person
from sozialkoordination.models.base import Base, RecordMixin
from sozialkoordination.models.searchable import Searchable


class Network(Searchable, RecordMixin, Base):
    __tablename__ = "network"
    SEARCH_FIELDS = ("name", "network_type", "description")

    name: Mapped[str] = mapped_column(String(300), index=True)
    network_type: Mapped[str | None] = mapped_column(String(80))  # Arbeitskreis, Präventionskette, Verbund …
    level: Mapped[str] = mapped_column(String(20), default=AreaLevel.SOZIALREGION)
    sozialregion_id: Mapped[int | None] = mapped_column(ForeignKey("sozialregion.id", ondelete="SET NULL"), index=True)
    sozialraum_id: Mapped[int | None] = mapped_column(ForeignKey("sozialraum.id", ondelete="SET NULL"), index=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id", ondelete="SET NULL"))
    organiser_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"), index=True)
    description: Mapped[str | None] = mapped_column(Text)

    memberships: Mapped[list[NetworkMembership]] = relationship(
        back_populates="network", cascade="all, delete-orphan", passive_deletes=True
    )


class NetworkMembership(RecordMixin, Base):
    """Membership of an organisation or a person in a network; history is kept through the until date."""

    __tablename__ = "network_membership"
    __table_args__ = (
        CheckConstraint(
            "(organisation_id IS NOT NULL) OR (person_id IS NOT NULL)", name="member_is_organisation_or_person"
        ),
    )

    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    role: Mapped[str | None] = mapped_column(String(80))  # Sprecher*in, Mitglied, Gast …
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)

    network: Mapped[Network] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation | None] = relationship()
    person: Mapped[Person | None] = relationship()


class Relationship(RecordMixin, Base):
    """A relationship between two actors entered by hand (Kooperation, Trägerschaft, Ansprechpartner …)."""

    __tablename__ = "relationship"

    source_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    source_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    target_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    target_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    relation_type: Mapped[str] = mapped_column(String(80))
    directed: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(Text)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
