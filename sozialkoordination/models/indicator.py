"""Indicators of the social report (Sozialberichterstattung) and their values per area and reference date."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sozialkoordination.core.enums import IndicatorDirection, IndicatorKind
from sozialkoordination.models.base import Base, RecordMixin


class Indicator(RecordMixin, Base):
    __tablename__ = "indicator"

    key: Mapped[str] = mapped_column(String(80), unique=True)  # e.g. "bevoelkerung"
    name: Mapped[str] = mapped_column(String(200))
    definition: Mapped[str | None] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(String(60))
    source: Mapped[str | None] = mapped_column(String(300))
    direction: Mapped[str] = mapped_column(String(20), default=IndicatorDirection.NEUTRAL)
    kind: Mapped[str] = mapped_column(String(10), default=IndicatorKind.COUNT)
    rate_base: Mapped[float | None] = mapped_column(Float)  # e.g. 100 for "je 100 Einwohner 20–64"
    rate_base_label: Mapped[str | None] = mapped_column(String(200))
    numerator_indicator_id: Mapped[int | None] = mapped_column(ForeignKey("indicator.id", ondelete="SET NULL"))
    denominator_indicator_id: Mapped[int | None] = mapped_column(ForeignKey("indicator.id", ondelete="SET NULL"))
    age_from: Mapped[int | None] = mapped_column(Integer)
    age_to: Mapped[int | None] = mapped_column(Integer)
    counts_persons: Mapped[bool] = mapped_column(Boolean, default=True)  # small-number protection applies

    values: Mapped[list[IndicatorValue]] = relationship(
        back_populates="indicator", cascade="all, delete-orphan", passive_deletes=True
    )


class IndicatorValue(RecordMixin, Base):
    """One value; the area is named by level and official key (AGS, ARS, Sozialregion code, Kreis key)."""

    __tablename__ = "indicator_value"
    __table_args__ = (
        UniqueConstraint(
            "indicator_id", "area_level", "area_key", "reference_date", name="uq_indicator_value_area_date"
        ),
    )

    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"), index=True)
    area_level: Mapped[str] = mapped_column(String(20))
    area_key: Mapped[str] = mapped_column(String(20), index=True)
    reference_date: Mapped[date] = mapped_column(Date)
    value: Mapped[float | None] = mapped_column(Float)
    numerator: Mapped[float | None] = mapped_column(Float)
    denominator: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str | None] = mapped_column(String(300))
    note: Mapped[str | None] = mapped_column(Text)
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id", ondelete="SET NULL"), index=True)

    indicator: Mapped[Indicator] = relationship(back_populates="values")
