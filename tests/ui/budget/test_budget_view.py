"""The Sozialraumbudget used the way a coordinator does: a budget through its dialog, an application with its
decision, the sums, polite refusals, and the export read back."""

from datetime import date
from decimal import Decimal

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from tests.ui.helpers import (
    choose,
    choose_area,
    click,
    click_opens,
    open_windows,
    pick,
    replace_text,
    select_text,
    type_date,
    type_text,
)


def save(qtbot, dialog) -> None:
    click(qtbot, dialog, "saveButton")


def test_budget_cycle_through_the_widgets(window, qtbot, context, sample_actors, tmp_path, message_boxes, save_as):
    view = choose_area(qtbot, window, "budget")
    replace_text(qtbot, view.year.lineEdit(), "2026")
    qtbot.keyClick(view.year, Qt.Key.Key_Return)
    assert view.year.value() == 2026
    bovenden = context.areas.find_sozialraum("Bovenden").id
    select_text(qtbot, view.budgets, "Bovenden")
    assert view.current_row().sozialraum == "Bovenden"

    before = open_windows()
    click(qtbot, view, "newApplicationButton")  # no budget yet: a notice instead of a form
    assert message_boxes and "noch kein Budget festgelegt" in message_boxes[-1]
    assert not [w for w in window.findChildren(QDialog) if w.isVisible() and id(w) not in before]

    dialog = click_opens(qtbot, view, "setBudgetButton")
    type_text(qtbot, dialog.amount, "8.000")
    replace_text(qtbot, dialog.carry_over, "1.500,50")
    save(qtbot, dialog)
    assert not dialog.isVisible(), dialog.error_label.text()
    row = view.current_row()
    assert (row.sozialraum, row.available) == ("Bovenden", Decimal("9500.50"))
    stored = context.budget.row(bovenden, 2026)
    assert (stored.amount, stored.carry_over) == (Decimal("8000.00"), Decimal("1500.50"))
    assert view.budgets.item(view.budgets.currentRow(), 3).text() == "9.500,50 €"

    app = click_opens(qtbot, view, "newApplicationButton")
    assert "9.500,50 €" in app.findChild(type(app.error_label), "remainingHint").text()
    pick(qtbot, app.applicant.picker, "Regenb", "Familienzentrum Regenbogen (Bovenden)")
    type_text(qtbot, app.purpose, "Elterncafé")
    type_text(qtbot, app.requested, "12000")
    type_text(qtbot, app.approved, "12.000,00")
    click(qtbot, app, "decidedOnEditCheck")
    type_date(qtbot, app.decided_on.edit, date(2026, 3, 16))
    save(qtbot, app)
    assert app.isVisible()  # more than the budget has
    assert "höchstens der beantragte Betrag" not in app.error_label.text()
    assert "Das Budget reicht nicht: noch verfügbar sind 9.500,50 €" in app.error_label.text()
    assert context.budget.applications(bovenden, 2026) == []
    replace_text(qtbot, app.approved, "abc")
    save(qtbot, app)
    assert "kein Betrag" in app.error_label.text() and app.isVisible()
    replace_text(qtbot, app.approved, "4.000")
    choose(qtbot, app.recommendation, "befürwortet")
    type_text(qtbot, app.recommended, "4000")
    save(qtbot, app)
    assert not app.isVisible(), app.error_label.text()

    assert view.applications.rowCount() == 1
    assert view.applications.item(0, 0).text() == "Familienzentrum Regenbogen"
    assert view.applications.item(0, 1).text() == "Elterncafé"
    assert view.applications.item(0, 5).text() == "16.03.2026"
    assert view.applications.item(0, 7).text() == "bewilligt"
    assert view.budgets.item(view.budgets.currentRow(), 8).text() == "5.500,50 €"  # Rest
    assert "bewilligt 4.000,00 €" in view.totals.text()
    assert context.budget.row(bovenden, 2026).approved == Decimal("4000.00")
    (application,) = context.budget.applications(bovenden, 2026)
    assert (application.requested_amount, application.recommended_amount) == (Decimal("12000.00"), Decimal("4000.00"))
    assert application.decided_on == date(2026, 3, 16)

    shown = len(message_boxes)
    save_as(None)  # Abbrechen: nothing written, no message
    click(qtbot, view, "exportBudgetButton")
    assert save_as.done() and not list(tmp_path.glob("*.xlsx")) and len(message_boxes) == shown

    target = tmp_path / "budget.xlsx"
    save_as(target)
    click(qtbot, view, "exportBudgetButton")
    assert save_as.asked[-1] == "Sozialraumbudget exportieren"
    assert "Sozialraumbudget 2026 mit 1 Antrag exportiert" in window.statusBar().currentMessage()
    book = openpyxl.load_workbook(target)
    budgets = list(book["Budgets 2026"].iter_rows(values_only=True))
    line = next(r for r in budgets if r[0] == "Bovenden")
    assert line[1:4] == (8000, 1500.5, 9500.5)  # budget, carry-over, available
    assert line[6] == 4000 and line[8] == 5500.5  # approved, Rest
    application_row = next(book["Anträge 2026"].iter_rows(min_row=2, values_only=True))
    assert application_row[:4] == ("Bovenden", "Familienzentrum Regenbogen", "Elterncafé", 12000)
    assert application_row[6] == 4000
    assert len(message_boxes) == shown
