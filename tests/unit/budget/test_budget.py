"""Sozialraumbudget arithmetic and rules on a real database, and its Excel export read back."""

from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from sozialkoordination.actors.service import OrganisationData
from sozialkoordination.budget.service import ApplicationData, application_status
from sozialkoordination.core.errors import ValidationError
from sozialkoordination.core.formatting import euro
from sozialkoordination.core.numbers import parse_amount

D = Decimal


@pytest.fixture
def raum(context):
    return context.areas.find_sozialraum("Bovenden").id


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.200,50 €", D("1200.50")),
        ("1200.5", D("1200.50")),
        ("1.200", D("1200.00")),
        ("1 200", D("1200.00")),
        ("0,99", D("0.99")),
        ("", None),
        (None, None),
    ],
)
def test_amounts_are_read_the_german_way(text, value):
    assert parse_amount(text, "Betrag") == value


@pytest.mark.parametrize("text", ["zwölf", "-5", "1,2,3"])
def test_wrong_amounts_are_explained(text):
    with pytest.raises(ValueError, match="Betrag"):
        parse_amount(text, "Betrag")


def test_budget_sums_and_remaining(context, raum):
    budget = context.budget
    fz = context.actors.save_organisation(OrganisationData(name="Familienzentrum Regenbogen"))
    budget.set_budget(raum, 2026, D("10000.00"), D("1500.00"))
    first = budget.save_application(raum, 2026, ApplicationData("Elterncafé", D("3000"), fz))
    budget.save_application(
        raum,
        2026,
        ApplicationData(
            "Ferienprogramm",
            D("5000"),
            fz,
            recommendation="befürwortet",
            recommended_amount=D("4800"),
            approved_amount=D("4800"),
            decided_on=date(2026, 4, 2),
            decided_by="Fachbereich Soziales",
            spent_amount=D("4500.50"),
            proof_of_use_on=date(2026, 10, 1),
        ),
    )
    budget.save_application(
        raum,
        2026,
        ApplicationData("Nachbarschaftsfest", D("900"), fz, recommendation="abgelehnt", recommended_amount=None),
    )
    row = budget.row(raum, 2026)
    assert (row.available, row.requested, row.recommended, row.approved, row.spent) == (
        D("11500.00"),
        D("8900.00"),
        D("4800.00"),
        D("4800.00"),
        D("4500.50"),
    )
    assert (row.remaining, row.unspent, row.applications) == (D("6700.00"), D("299.50"), 3)
    statuses = [a.status for a in budget.applications(raum, 2026)]
    assert statuses == ["eingereicht", "abgerechnet", "beraten (abgelehnt)"]
    assert euro(row.remaining) == "6.700,00 €"

    # the budget cannot be overspent, and amounts must fit each other
    with pytest.raises(ValidationError, match="noch verfügbar sind 3.000,00 €|höchstens"):
        budget.save_application(
            raum,
            2026,
            ApplicationData(
                "Elterncafé", D("3000"), fz, approved_amount=D("7000"), decided_on=date(2026, 5, 1), id=first
            ),
        )
    with pytest.raises(ValidationError, match="noch verfügbar sind 6.700,00 €"):
        budget.save_application(
            raum,
            2026,
            ApplicationData("Großprojekt", D("9000"), fz, approved_amount=D("9000"), decided_on=date(2026, 5, 1)),
        )
    with pytest.raises(ValidationError) as error:
        budget.save_application(raum, 2026, ApplicationData("", None, spent_amount=D("5"), approved_amount=D("1")))
    assert set(error.value.fields) == {"purpose", "requested_amount", "decided_on", "spent_amount"}
    with pytest.raises(ValidationError, match="schon 4.800,00 € bewilligt"):
        budget.set_budget(raum, 2026, D("3000"), D("0"))
    assert budget.row(raum, 2026).approved == D("4800.00")  # nothing changed by the refused saves

    # next year: the rest is offered as carry-over
    assert budget.suggested_carry_over(raum, 2027) == D("6700.00")
    assert budget.suggested_carry_over(raum, 2030) == D("0.00")


def test_an_application_needs_a_budget_first(context, raum):
    with pytest.raises(ValidationError, match="noch kein Budget"):
        context.budget.save_application(raum, 2026, ApplicationData("Elterncafé", D("100")))


def test_status_follows_the_steps():
    a = ApplicationData("x", D("100"))
    assert application_status(a) == "eingereicht"
    a.recommendation = "befürwortet"
    assert application_status(a) == "beraten (befürwortet)"
    a.decided_on, a.approved_amount = date(2026, 1, 1), D("0")
    assert application_status(a) == "abgelehnt"
    a.approved_amount = D("100")
    assert application_status(a) == "bewilligt"
    a.proof_of_use_on = date(2026, 2, 1)
    assert application_status(a) == "abgerechnet"


def test_export_to_excel(context, raum, tmp_path):
    context.budget.set_budget(raum, 2026, D("8000"))
    context.budget.save_application(raum, 2026, ApplicationData("Elterncafé", D("1200.50")))
    region = context.areas.find_region("SR-B").id
    assert context.budget.export(tmp_path / "budget.xlsx", 2026, region) == 1
    book = openpyxl.load_workbook(tmp_path / "budget.xlsx")
    assert book.sheetnames == ["Budgets 2026", "Anträge 2026"]
    rows = {r[0]: r for r in book["Budgets 2026"].iter_rows(min_row=2, values_only=True)}
    assert rows["Bovenden"][1:5] == (8000, 0, 8000, 1200.5)
    assert book["Budgets 2026"]["B2"].number_format == '#,##0.00 "€"'
    app = next(book["Anträge 2026"].iter_rows(min_row=2, values_only=True))
    assert app[0] == "Bovenden" and app[2] == "Elterncafé" and app[10] == "eingereicht"
