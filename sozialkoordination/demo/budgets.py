"""Demo Sozialraumbudgets of last year and this year, with the applications the conferences advised on."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from sozialkoordination.demo.world import World
from sozialkoordination.models import BudgetApplication, Meeting, SozialraumBudget


def make_budgets(w: World) -> None:
    rng = w.rng
    years = (w.today.year - 1, w.today.year)
    budgets: dict[tuple[int, int], SozialraumBudget] = {}
    for raum in w.raeume:
        for year in years:
            amount = Decimal(max(5000, round(raum.population / 500) * 500))
            budgets[(raum.id, year)] = SozialraumBudget(
                sozialraum_id=raum.id, year=year, amount=amount, carry_over=Decimal("0")
            )
    approved_by_budget: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for plan in w.budget_plans:
        key = (plan["raum"].id, plan["year"])
        if key not in budgets:
            continue
        meeting: Meeting = plan["meeting"]
        application = BudgetApplication(
            applicant=plan["org"],
            purpose=plan["purpose"],
            requested_amount=plan["requested"],
            meeting_id=meeting.id,
            recommendation=plan["recommendation"],
            recommended_amount=plan["recommended"],
            status="eingereicht",
        )
        decided = meeting.meeting_date + timedelta(days=rng.randint(10, 30))
        if plan["recommendation"] is not None and decided < w.today:
            application.decided_on = decided
            application.decided_by = w.data.meetings["budget"]["decided_by"]
            if plan["recommendation"] == "befürwortet":
                application.approved_amount = plan["recommended"]
                application.status = "bewilligt"
                approved_by_budget[key] += plan["recommended"]
                if plan["year"] < w.today.year and w.chance(0.8):
                    share = Decimal(rng.randint(80, 100)) / 100
                    application.spent_amount = (plan["recommended"] * share).quantize(Decimal("0.01"))
                    application.proof_of_use_on = w.day_between(date(w.today.year, 1, 15), w.today)
                    application.status = "abgerechnet"
            else:
                application.status = plan["recommendation"]
        budgets[key].applications.append(application)
    for raum in w.raeume:
        previous = budgets[(raum.id, years[0])]
        rest = previous.amount - approved_by_budget[(raum.id, years[0])]
        budgets[(raum.id, years[1])].carry_over = max(Decimal("0"), rest).quantize(Decimal("0.01"))
    w.s.add_all(budgets.values())
