"""Sozialraumbudget: a yearly budget per Sozialraum and the applications advised on by its conference."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sozialkoordination.core.enums import BudgetStatus
from sozialkoordination.models.actor import Organisation
from sozialkoordination.models.base import Base, RecordMixin

Money = Numeric(12, 2)


class SozialraumBudget(RecordMixin, Base):
    __tablename__ = "sozialraum_budget"
    __table_args__ = (UniqueConstraint("sozialraum_id", "year", name="uq_sozialraum_budget_year"),)

    sozialraum_id: Mapped[int] = mapped_column(ForeignKey("sozialraum.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    amount: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    carry_over: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))

    applications: Mapped[list[BudgetApplication]] = relationship(
        back_populates="budget", cascade="all, delete-orphan", passive_deletes=True
    )


class BudgetApplication(RecordMixin, Base):
    __tablename__ = "budget_application"

    budget_id: Mapped[int] = mapped_column(ForeignKey("sozialraum_budget.id", ondelete="CASCADE"), index=True)
    applicant_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    purpose: Mapped[str] = mapped_column(Text)
    requested_amount: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"))
    recommendation: Mapped[str | None] = mapped_column(String(40))  # befürwortet|abgelehnt|zurückgestellt
    recommended_amount: Mapped[Decimal | None] = mapped_column(Money)
    approved_amount: Mapped[Decimal | None] = mapped_column(Money)
    decided_on: Mapped[date | None] = mapped_column(Date)
    decided_by: Mapped[str | None] = mapped_column(String(200))
    spent_amount: Mapped[Decimal | None] = mapped_column(Money)
    proof_of_use_on: Mapped[date | None] = mapped_column(Date)  # Verwendungsnachweis received
    status: Mapped[str] = mapped_column(String(30), default=BudgetStatus.SUBMITTED)

    budget: Mapped[SozialraumBudget] = relationship(back_populates="applications")
    applicant: Mapped[Organisation | None] = relationship()
