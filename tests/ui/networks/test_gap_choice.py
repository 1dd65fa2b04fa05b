"""The coordinator chooses what counts for the weiße Flecken: "Was zählt? …" opens the lists, a ticked offer kind
adds the table of offers per Sozialraum, the choice is kept in the database and a choice that cannot work is
refused in the dialog."""

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from sozialkoordination.networks.dto import DEFAULT_GAP_TYPES
from sozialkoordination.offers.service import AngebotData
from sozialkoordination.ui.networks.gap_choice_dialog import GapChoiceDialog
from sozialkoordination.ui.shell import theme
from tests.ui.helpers import choose_area, choose_tab, click, click_ok, click_opens, new_dialog, open_windows, tick


def header(table) -> list[str]:
    return [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]


def row_of(table, name: str) -> int:
    return next(r for r in range(table.rowCount()) if table.item(r, 0).text() == name)


def item_row(widget, text: str) -> int:
    return next(r for r in range(widget.count()) if widget.item(r).text() == text)


def test_choosing_offer_kinds_adds_the_offer_table(window, qtbot, context, sample_actors, save_as, tmp_path):
    context.offers.save(
        AngebotData(
            name="Elternkurs Starke Eltern", kind="Kurs", life_phases=["familie"], organisation_id=sample_actors["fz"]
        )
    )
    view = choose_area(qtbot, window, "networks")
    gaps = choose_tab(qtbot, view.tabs, "Weiße Flecken")
    assert not gaps.offer_table.isVisible() and "keine Angebotsart gewählt" in gaps.offer_label.text()
    assert header(gaps.types_table)[1:] == list(DEFAULT_GAP_TYPES)

    dialog = click_opens(qtbot, gaps, "gapChoiceButton")
    assert isinstance(dialog, GapChoiceDialog) and dialog.windowTitle() == "Was zählt bei den weißen Flecken?"
    ticked = [
        dialog.type_list.item(r).text()
        for r in range(dialog.type_list.count())
        if dialog.type_list.item(r).checkState() == Qt.CheckState.Checked
    ]
    assert ticked == list(DEFAULT_GAP_TYPES)
    assert "Verein" in [dialog.type_list.item(r).text() for r in range(dialog.type_list.count())]
    tick(qtbot, dialog.kind_list, item_row(dialog.kind_list, "Kurs"))
    tick(qtbot, dialog.kind_list, item_row(dialog.kind_list, "Beratung"))
    tick(qtbot, dialog.type_list, item_row(dialog.type_list, "Verein"))
    click_ok(qtbot, dialog)
    assert not dialog.isVisible()

    assert gaps.offer_table.isVisible()
    assert header(gaps.offer_table) == ["Sozialraum", "Beratung", "Kurs"]
    assert "stattfindet" in gaps.offer_label.text()  # how offers are counted is said above the table
    bovenden, adelebsen = row_of(gaps.offer_table, "Bovenden"), row_of(gaps.offer_table, "Adelebsen")
    kurs = header(gaps.offer_table).index("Kurs")
    assert gaps.offer_table.item(bovenden, kurs).text() == "1"
    gap = gaps.offer_table.item(adelebsen, kurs)
    assert gap.text() == "–" and gap.background().color() == theme.tint(theme.ERROR)
    assert header(gaps.types_table)[-1] == "Verein"
    assert gaps.types_table.item(row_of(gaps.types_table, "Adelebsen"), len(DEFAULT_GAP_TYPES) + 1).text() == "1"
    assert "bei Angebotsarten" in gaps.summary.text()
    choice = context.networks.gap_choice()
    assert choice.offer_kinds == ("Beratung", "Kurs") and "Verein" in choice.org_types
    assert "Arten zählen jetzt" in window.statusBar().currentMessage()

    save_as(tmp_path / "flecken.xlsx")
    click(qtbot, gaps, "exportGapsButton")
    book = openpyxl.load_workbook(tmp_path / "flecken.xlsx")
    assert book.sheetnames == ["Akteurstypen", "Angebotsarten", "Netzwerke"]
    rows = {r[0]: r[1:] for r in book["Angebotsarten"].iter_rows(values_only=True)}
    assert rows["Sozialraum"] == ("Beratung", "Kurs") and rows["Bovenden"] == (0, 1)


def test_a_choice_that_cannot_work_is_refused_in_the_dialog(window, qtbot, context, sample_actors):
    view = choose_area(qtbot, window, "networks")
    gaps = choose_tab(qtbot, view.tabs, "Weiße Flecken")
    gaps.activateWindow()
    before = open_windows()
    qtbot.keyClick(gaps, Qt.Key.Key_Z, Qt.KeyboardModifier.AltModifier)  # the button's accelerator
    dialog = new_dialog(qtbot, before)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    click(qtbot, dialog, "gapChoiceDefaultsButton")
    tick(qtbot, dialog.phase_list, 1)  # a life phase, but no offer kind
    click_ok(qtbot, dialog)
    assert dialog.isVisible() and "Angebotsart" in dialog.error_label.text()
    for row in range(dialog.type_list.count()):
        if dialog.type_list.item(row).checkState() == Qt.CheckState.Checked:
            tick(qtbot, dialog.type_list, row)
    tick(qtbot, dialog.phase_list, 1)
    click_ok(qtbot, dialog)  # nothing at all ticked
    assert dialog.isVisible() and "mindestens eine" in dialog.error_label.text()
    dialog.reject()
    assert context.networks.gap_choice().org_types == DEFAULT_GAP_TYPES  # unchanged
