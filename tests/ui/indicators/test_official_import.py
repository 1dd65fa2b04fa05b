"""Importing statistics offices' tables in the window: a GV-ISys workbook in one step, a long list of unknown areas
left out at once (the window stays responsive: only the first ones are listed), duplicate lines chosen by the user."""

from datetime import date

import pytest

from sozialkoordination.indicators.service import POPULATION_KEY
from tests.ui.helpers import choose, choose_area, click, click_into, click_opens, type_text
from tests.unit.indicators.official_files import POPULATION_TOTAL, write_gv_isys

DAY = date(2023, 12, 31)


@pytest.fixture
def view(window, qtbot):
    return choose_area(qtbot, window, "indicators")


def test_the_gv_isys_workbook_imports_in_one_step(view, context, tmp_path, qtbot, open_file):
    path = write_gv_isys(tmp_path / "31122023_Auszug_GV.xlsx")
    dialog = click_opens(qtbot, view, "importIndicatorsButton")
    open_file(path)
    click(qtbot, dialog, "chooseFileButton")
    qtbot.waitUntil(lambda: dialog.check_button.isEnabled(), timeout=60_000)
    assert dialog.plan is not None, dialog.summary.toPlainText()
    summary = dialog.summary.toPlainText()
    assert summary.startswith("Erkannt: GV-ISys"), summary
    assert "Satz-art" not in summary and "Kreiswert mit Stadt Göttingen" in summary
    assert not dialog.unmatched.isVisible() and dialog.import_button.isEnabled()
    click(qtbot, dialog, "importButton")
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30_000)
    calc = context.indicators.calculator(context.indicators.find(POPULATION_KEY).id)
    assert calc.value(calc.tree.landkreis, DAY).value == POPULATION_TOTAL


def test_many_unknown_areas_are_left_out_at_once(view, context, tmp_path, qtbot, open_file):
    path = tmp_path / "stadtteile.csv"
    rows = ["Gebiet;2023", "Adelebsen;10"] + [f"Stadtteil {n};{n}" for n in range(300)]
    path.write_text("\n".join(rows) + "\n", "utf-8")
    dialog = click_opens(qtbot, view, "importIndicatorsButton")
    click_into(qtbot, dialog.indicator)
    type_text(qtbot, dialog.indicator, "Fälle in Stadtteilen")
    open_file(path)
    click(qtbot, dialog, "chooseFileButton")
    qtbot.waitUntil(lambda: dialog.check_button.isEnabled(), timeout=60_000)
    assert dialog.plan is not None, dialog.summary.toPlainText()
    assert dialog.unmatched.rowCount() == 40  # listed: the first 40 of 300
    assert "„Alle übrigen auslassen“" in dialog.unmatched_label.text()
    assert not dialog.import_button.isEnabled()
    click(qtbot, dialog, "skipRestButton")
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=30_000)
    click(qtbot, dialog, "importButton")
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30_000)
    assert dialog.result.created == 1


def test_duplicate_lines_are_shown_and_one_is_chosen(view, context, tmp_path, qtbot, open_file):
    path = tmp_path / "faelle.csv"
    path.write_text("AGS;Gemeinde;2023\n03159001;Adelebsen;10\n03159007;Bovenden;12\n03159001;Adelebsen;11\n", "utf-8")
    dialog = click_opens(qtbot, view, "importIndicatorsButton")
    click_into(qtbot, dialog.indicator)
    type_text(qtbot, dialog.indicator, "Fälle")
    open_file(path)
    click(qtbot, dialog, "chooseFileButton")
    qtbot.waitUntil(lambda: dialog.check_button.isEnabled(), timeout=60_000)
    assert dialog.plan is not None, dialog.summary.toPlainText()
    assert dialog.duplicates.isVisible() and dialog.duplicates.rowCount() == 1
    assert "Zeile 2: 10 / Zeile 4: 11" in dialog.duplicates.item(0, 0).text()
    assert not dialog.import_button.isEnabled()
    choose(qtbot, dialog.duplicates.cellWidget(0, 1), "Zeile 4: 11")
    click(qtbot, dialog, "checkButton")
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=30_000)
    click(qtbot, dialog, "importButton")
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30_000)
    calc = context.indicators.calculator(context.indicators.find("Fälle").id)
    assert calc.value(calc.tree.gemeinden["03159001"], DAY).value == 11
