"""Sozialraumbudget: a yearly budget per Sozialraum, and the applications its conference advises on."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sozialkoordination.core.enums import BudgetRecommendation, BudgetStatus
from sozialkoordination.core.errors import ConflictError, NotFoundError, ValidationError
from sozialkoordination.core.formatting import euro, german_date
from sozialkoordination.core.normalize import clean
from sozialkoordination.core.progress import Progress
from sozialkoordination.documents.tables import Column, Sheet, write_workbook
from sozialkoordination.models import BudgetApplication, Meeting, Organisation, Sozialraum, SozialraumBudget

RECOMMENDATIONS = tuple(BudgetRecommendation)
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class BudgetRow:
    """One Sozialraum in one year, with the sums of its applications."""

    sozialraum_id: int
    sozialraum: str
    budget_id: int | None
    amount: Decimal
    carry_over: Decimal
    requested: Decimal
    recommended: Decimal
    approved: Decimal
    spent: Decimal
    applications: int

    @property
    def available(self) -> Decimal:
        return self.amount + self.carry_over

    @property
    def remaining(self) -> Decimal:
        """What can still be granted this year."""
        return self.available - self.approved

    @property
    def unspent(self) -> Decimal:
        """Granted but not yet proven spent."""
        return self.approved - self.spent


@dataclass
class ApplicationData:
    purpose: str = ""
    requested_amount: Decimal | None = None
    applicant_organisation_id: int | None = None
    meeting_id: int | None = None  # the Sozialraumkonferenz that advised on it
    recommendation: str | None = None
    recommended_amount: Decimal | None = None
    approved_amount: Decimal | None = None
    decided_on: date | None = None
    decided_by: str | None = None
    spent_amount: Decimal | None = None
    proof_of_use_on: date | None = None
    id: int | None = None
    version: int | None = None


@dataclass(frozen=True)
class ApplicationRow:
    id: int
    applicant: str
    purpose: str
    requested_amount: Decimal
    recommendation: str | None
    recommended_amount: Decimal | None
    approved_amount: Decimal | None
    decided_on: date | None
    spent_amount: Decimal | None
    proof_of_use_on: date | None
    meeting: str
    status: str


def application_status(a) -> str:
    """eingereicht → beraten → bewilligt / abgelehnt → abgerechnet"""
    if a.proof_of_use_on is not None:
        return BudgetStatus.SETTLED
    if a.decided_on is not None:
        return BudgetStatus.APPROVED if (a.approved_amount or ZERO) > 0 else BudgetStatus.REJECTED
    if a.recommendation:
        return f"{BudgetStatus.ADVISED} ({a.recommendation})"
    return BudgetStatus.SUBMITTED


class BudgetService:
    def __init__(self, session_factory: sessionmaker[Session]):
        self._sf = session_factory

    # -- budgets -------------------------------------------------------------------------------
    def overview(self, year: int, sozialregion_id: int | None = None) -> list[BudgetRow]:
        """Every Sozialraum (of the region), with or without a budget for the year."""
        with self._sf() as s:
            stmt = select(Sozialraum).order_by(Sozialraum.name)
            if sozialregion_id is not None:
                stmt = stmt.where(Sozialraum.sozialregion_id == sozialregion_id)
            raeume = list(s.scalars(stmt))
            budgets = {
                b.sozialraum_id: b for b in s.scalars(select(SozialraumBudget).where(SozialraumBudget.year == year))
            }
            rows = []
            for raum in raeume:
                budget = budgets.get(raum.id)
                apps = budget.applications if budget else []
                rows.append(
                    BudgetRow(
                        sozialraum_id=raum.id,
                        sozialraum=raum.name,
                        budget_id=budget.id if budget else None,
                        amount=budget.amount if budget else ZERO,
                        carry_over=budget.carry_over if budget else ZERO,
                        requested=_sum(a.requested_amount for a in apps),
                        recommended=_sum(
                            a.recommended_amount for a in apps if a.recommendation == BudgetRecommendation.RECOMMENDED
                        ),
                        approved=_sum(a.approved_amount for a in apps),
                        spent=_sum(a.spent_amount for a in apps),
                        applications=len(apps),
                    )
                )
            return rows

    def row(self, sozialraum_id: int, year: int) -> BudgetRow:
        for row in self.overview(year):
            if row.sozialraum_id == sozialraum_id:
                return row
        raise NotFoundError("Diesen Sozialraum gibt es nicht.")

    def suggested_carry_over(self, sozialraum_id: int, year: int) -> Decimal:
        """What was left of the year before: granted amounts count as used."""
        before = self.row(sozialraum_id, year - 1)
        return max(before.remaining, ZERO) if before.budget_id else ZERO

    def set_budget(self, sozialraum_id: int, year: int, amount: Decimal, carry_over: Decimal = ZERO) -> int:
        errors = {}
        if not 2000 <= year <= 2100:
            errors["year"] = "Bitte geben Sie ein Jahr zwischen 2000 und 2100 an."
        if amount is None or amount < 0:
            errors["amount"] = "Bitte geben Sie das Budget als Betrag ab 0 € an."
        if carry_over is None or carry_over < 0:
            errors["carry_over"] = "Der Übertrag darf nicht negativ sein."
        if errors:
            raise ValidationError(errors)
        with self._sf.begin() as s:
            if s.get(Sozialraum, sozialraum_id) is None:
                raise NotFoundError("Diesen Sozialraum gibt es nicht.")
            budget = s.scalar(
                select(SozialraumBudget).where(
                    SozialraumBudget.sozialraum_id == sozialraum_id, SozialraumBudget.year == year
                )
            )
            if budget is None:
                budget = SozialraumBudget(sozialraum_id=sozialraum_id, year=year)
                s.add(budget)
            approved = _sum(a.approved_amount for a in budget.applications)
            if amount + carry_over < approved:
                raise ValidationError(
                    {"amount": f"Es sind schon {euro(approved)} bewilligt; das Budget kann nicht kleiner sein."}
                )
            budget.amount, budget.carry_over = amount, carry_over
            s.flush()
            return budget.id

    # -- applications --------------------------------------------------------------------------
    def applications(self, sozialraum_id: int, year: int) -> list[ApplicationRow]:
        with self._sf() as s:
            budget = self._budget(s, sozialraum_id, year)
            if budget is None:
                return []
            apps = list(s.scalars(select(BudgetApplication).where(BudgetApplication.budget_id == budget.id)))
            orgs = {a.applicant_organisation_id for a in apps if a.applicant_organisation_id}
            names = dict(s.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(orgs))).all())
            meeting_ids = {a.meeting_id for a in apps if a.meeting_id}
            meetings = {
                m.id: f"{m.title} ({german_date(m.meeting_date)})"
                for m in s.scalars(select(Meeting).where(Meeting.id.in_(meeting_ids)))
            }
            return [
                ApplicationRow(
                    id=a.id,
                    applicant=names.get(a.applicant_organisation_id, ""),
                    purpose=a.purpose,
                    requested_amount=a.requested_amount,
                    recommendation=a.recommendation,
                    recommended_amount=a.recommended_amount,
                    approved_amount=a.approved_amount,
                    decided_on=a.decided_on,
                    spent_amount=a.spent_amount,
                    proof_of_use_on=a.proof_of_use_on,
                    meeting=meetings.get(a.meeting_id, ""),
                    status=application_status(a),
                )
                for a in sorted(apps, key=lambda a: a.id)
            ]

    def get_application(self, application_id: int) -> ApplicationData:
        with self._sf() as s:
            a = s.get(BudgetApplication, application_id)
            if a is None:
                raise NotFoundError("Diesen Antrag gibt es nicht mehr.")
            return ApplicationData(**{f.name: getattr(a, f.name) for f in fields(ApplicationData)})

    def save_application(self, sozialraum_id: int, year: int, data: ApplicationData) -> int:
        """Checks the amounts against each other and against what the budget still has."""
        errors = {}
        purpose = clean(data.purpose)
        if not purpose:
            errors["purpose"] = "Bitte beschreiben Sie, wofür das Geld beantragt wird."
        if data.requested_amount is None or data.requested_amount <= 0:
            errors["requested_amount"] = "Bitte geben Sie den beantragten Betrag an."
        if data.recommendation is not None and data.recommendation not in RECOMMENDATIONS:
            errors["recommendation"] = f"Empfehlung: {', '.join(RECOMMENDATIONS)}."
        if data.approved_amount is not None and data.decided_on is None:
            errors["decided_on"] = "Bitte geben Sie an, wann über den Antrag entschieden wurde."
        if data.approved_amount and data.requested_amount and data.approved_amount > data.requested_amount:
            errors["approved_amount"] = "Bewilligt werden kann höchstens der beantragte Betrag."
        if data.spent_amount and (data.approved_amount or ZERO) < data.spent_amount:
            errors["spent_amount"] = "Verwendet werden kann höchstens der bewilligte Betrag."
        if data.proof_of_use_on is not None and data.approved_amount is None:
            errors["proof_of_use_on"] = "Ein Verwendungsnachweis gibt es erst für bewilligte Anträge."
        if errors:
            raise ValidationError(errors)
        with self._sf.begin() as s:
            budget = self._budget(s, sozialraum_id, year)
            if budget is None:
                raise ValidationError(
                    {
                        "budget": f"Für diesen Sozialraum ist für {year} noch kein Budget festgelegt. Bitte zuerst das "
                        "Budget eintragen."
                    }
                )
            others = _sum(a.approved_amount for a in budget.applications if a.id != data.id)
            available = budget.amount + budget.carry_over
            if data.approved_amount and others + data.approved_amount > available:
                left = available - others
                raise ValidationError(
                    {"approved_amount": f"Das Budget reicht nicht: noch verfügbar sind {euro(max(left, ZERO))}."}
                )
            if data.id is None:
                application = BudgetApplication(budget_id=budget.id)
                s.add(application)
            else:
                application = s.get(BudgetApplication, data.id)
                if application is None:
                    raise NotFoundError("Diesen Antrag gibt es nicht mehr.")
                if data.version is not None and application.version != data.version:
                    raise ConflictError("Der Antrag wurde inzwischen geändert. Bitte öffnen Sie ihn neu.")
            for f in fields(ApplicationData):
                if f.name not in ("id", "version"):
                    setattr(application, f.name, getattr(data, f.name))
            application.purpose = purpose
            application.decided_by = clean(data.decided_by)
            application.status = application_status(application)
            s.flush()
            return application.id

    def delete_application(self, application_id: int) -> None:
        with self._sf.begin() as s:
            application = s.get(BudgetApplication, application_id)
            if application is not None:
                s.delete(application)

    def conference_choices(self, sozialraum_id: int) -> list[tuple[int, str]]:
        """The Sozialraumkonferenzen of this Sozialraum, newest first, for "beraten in"."""
        with self._sf() as s:
            stmt = (
                select(Meeting.id, Meeting.title, Meeting.meeting_date)
                .where(Meeting.sozialraum_id == sozialraum_id)
                .order_by(Meeting.meeting_date.desc())
            )
            return [(i, f"{t} ({german_date(d)})") for i, t, d in s.execute(stmt)]

    # -- export --------------------------------------------------------------------------------
    def export(
        self, path: Path, year: int, sozialregion_id: int | None = None, progress: Progress | None = None
    ) -> int:
        rows = self.overview(year, sozialregion_id)
        budget_rows = [
            [
                r.sozialraum,
                r.amount,
                r.carry_over,
                r.available,
                r.requested,
                r.recommended,
                r.approved,
                r.spent,
                r.remaining,
                r.applications,
            ]
            for r in rows
        ]
        application_rows = []
        for r in rows:
            for a in self.applications(r.sozialraum_id, year):
                application_rows.append(
                    [
                        r.sozialraum,
                        a.applicant,
                        a.purpose,
                        a.requested_amount,
                        a.recommendation,
                        a.recommended_amount,
                        a.approved_amount,
                        a.decided_on,
                        a.spent_amount,
                        a.proof_of_use_on,
                        a.status,
                        a.meeting,
                    ]
                )
        money = [_floats(row) for row in budget_rows]
        apps = [_floats(row) for row in application_rows]
        write_workbook(
            path,
            [
                Sheet(f"Budgets {year}", BUDGET_COLUMNS, money, len(money)),
                Sheet(f"Anträge {year}", APPLICATION_COLUMNS, apps, len(apps)),
            ],
            progress,
        )
        return len(application_rows)

    @staticmethod
    def _budget(s: Session, sozialraum_id: int, year: int) -> SozialraumBudget | None:
        return s.scalar(
            select(SozialraumBudget).where(
                SozialraumBudget.sozialraum_id == sozialraum_id, SozialraumBudget.year == year
            )
        )


BUDGET_COLUMNS = [
    Column("Sozialraum", "text", 24),
    Column("Budget €", "money", 12),
    Column("Übertrag €", "money", 12),
    Column("verfügbar €", "money", 12),
    Column("beantragt €", "money", 12),
    Column("befürwortet €", "money", 13),
    Column("bewilligt €", "money", 12),
    Column("verwendet €", "money", 12),
    Column("Rest €", "money", 12),
    Column("Anträge", "int", 8),
]
APPLICATION_COLUMNS = [
    Column("Sozialraum", "text", 20),
    Column("Antragsteller", "text", 30),
    Column("Zweck", "text", 40),
    Column("beantragt €", "money", 12),
    Column("Empfehlung", "text", 14),
    Column("empfohlen €", "money", 12),
    Column("bewilligt €", "money", 12),
    Column("entschieden am", "date", 12),
    Column("verwendet €", "money", 12),
    Column("Nachweis am", "date", 12),
    Column("Status", "text", 18),
    Column("beraten in", "text", 36),
]


def _sum(values) -> Decimal:
    return sum((v for v in values if v is not None), ZERO)


def _floats(row: list) -> list:
    """Excel stores numbers as floats; cents survive that."""
    return [float(v) if isinstance(v, Decimal) else v for v in row]
