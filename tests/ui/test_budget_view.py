"""The Sozialraumbudget in the window: set a budget, enter applications, see the sums, get refused politely."""

from decimal import Decimal

import openpyxl
from PySide6.QtCore import Qt

from tests.ui.helpers import type_text


def save(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_budget_and_applications(window, qtbot, context, sample_actors, tmp_path):
    window.show_area("budget")
    view = window.budget_view
    view.year.setValue(2026)
    view.select_sozialraum(context.areas.find_sozialraum("Bovenden").id)
    assert view.new_application() is None  # no budget yet: a notice instead of a form

    dialog = view.set_budget()
    type_text(qtbot, dialog.amount, "8.000")
    dialog.carry_over.clear()
    type_text(qtbot, dialog.carry_over, "1.500,50")
    save(qtbot, dialog)
    assert not dialog.isVisible()
    row = view.current_row()
    assert (row.sozialraum, row.available) == ("Bovenden", Decimal("9500.50"))

    app = view.new_application()
    assert "9.500,50 €" in app.findChild(type(app.error_label), "remainingHint").text()
    type_text(qtbot, app.purpose, "Elterncafé")
    type_text(qtbot, app.requested, "12000")
    type_text(qtbot, app.approved, "12.000,00")
    app.decided_on.check.setChecked(True)
    save(qtbot, app)
    assert app.isVisible()  # more than the budget has
    assert "höchstens der beantragte Betrag" not in app.error_label.text()
    assert "Das Budget reicht nicht: noch verfügbar sind 9.500,50 €" in app.error_label.text()
    app.approved.clear()
    type_text(qtbot, app.approved, "abc")
    save(qtbot, app)
    assert "kein Betrag" in app.error_label.text()
    app.approved.clear()
    type_text(qtbot, app.approved, "4.000")
    app.recommendation.setCurrentText("befürwortet")
    type_text(qtbot, app.recommended, "4000")
    save(qtbot, app)
    assert not app.isVisible()

    assert view.applications.rowCount() == 1
    assert view.applications.item(0, 7).text() == "bewilligt"
    assert view.budgets.item(view.budgets.currentRow(), 8).text() == "5.500,50 €"  # Rest
    assert "bewilligt 4.000,00 €" in view.totals.text()

    target = tmp_path / "budget.xlsx"
    view.export(target)
    book = openpyxl.load_workbook(target)
    assert next(book["Anträge 2026"].iter_rows(min_row=2, values_only=True))[2] == "Elterncafé"
    assert context.budget.row(context.areas.find_sozialraum("Bovenden").id, 2026).approved == Decimal("4000.00")
