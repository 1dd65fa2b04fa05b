"""Areas of the Landkreis: Sozialregion (6) → Sozialraum (18) → Gemeinde (38) → Ortschaft with postcode."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sozialkoordination.core.enums import SozialraumKind
from sozialkoordination.models.base import Base, RecordMixin


class Sozialregion(RecordMixin, Base):
    __tablename__ = "sozialregion"

    code: Mapped[str] = mapped_column(String(20), unique=True)  # e.g. "SR-A"
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)

    sozialraeume: Mapped[list[Sozialraum]] = relationship(back_populates="sozialregion", order_by="Sozialraum.name")


class Sozialraum(RecordMixin, Base):
    __tablename__ = "sozialraum"

    ars: Mapped[str] = mapped_column(String(12), unique=True)  # 9-digit regional key
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40), default=SozialraumKind.EINHEITSGEMEINDE)
    sozialregion_id: Mapped[int | None] = mapped_column(ForeignKey("sozialregion.id", ondelete="SET NULL"), index=True)

    sozialregion: Mapped[Sozialregion | None] = relationship(back_populates="sozialraeume")
    gemeinden: Mapped[list[Gemeinde]] = relationship(back_populates="sozialraum", order_by="Gemeinde.name")


class Gemeinde(RecordMixin, Base):
    __tablename__ = "gemeinde"

    ags: Mapped[str] = mapped_column(String(8), unique=True)
    ars: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(5))  # seat of administration
    area_km2: Mapped[float | None]
    sozialraum_id: Mapped[int | None] = mapped_column(ForeignKey("sozialraum.id", ondelete="SET NULL"), index=True)

    sozialraum: Mapped[Sozialraum | None] = relationship(back_populates="gemeinden")
    ortschaften: Mapped[list[Ortschaft]] = relationship(back_populates="gemeinde", order_by="Ortschaft.name")


class Ortschaft(RecordMixin, Base):
    __tablename__ = "ortschaft"

    name: Mapped[str] = mapped_column(String(200), index=True)
    postcode: Mapped[str] = mapped_column(String(5), index=True)
    gemeinde_id: Mapped[int] = mapped_column(ForeignKey("gemeinde.id", ondelete="CASCADE"), index=True)

    gemeinde: Mapped[Gemeinde] = relationship(back_populates="ortschaften")
