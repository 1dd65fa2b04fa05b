"""The Kennzahlen area used the way a coordinator does: table, every chart kind in the window, hover on the map,
small numbers, import with assignment of unknown areas and undo, chart and value export, the catalogue form and the
Sozialraumprofil – all through the area's buttons, combos and tabs."""

from datetime import date

import openpyxl
import pytest
from docx import Document
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox, QInputDialog

from sozialkoordination.core.enums import AreaLevel
from sozialkoordination.indicators.service import IndicatorData
from sozialkoordination.models import IndicatorValue
from tests.ui.helpers import (
    choose,
    choose_area,
    choose_tab,
    click,
    click_opens,
    replace_text,
    select_row,
    type_text,
)

BOVENDEN, ADELEBSEN = "031590007", "031590001"


@pytest.fixture
def view(window, qtbot):
    return choose_area(qtbot, window, "indicators")


@pytest.fixture
def cases(context):
    """A count of persons with a small number in Adelebsen (2) and 4 in Bovenden, stored before the area opens."""
    indicator_id = context.indicators.save(IndicatorData(name="Hilfen zur Erziehung", unit="Fälle"))
    with context.session_factory.begin() as s:
        for raum in context.indicators.area_tree().areas(AreaLevel.SOZIALRAUM):
            value = {ADELEBSEN: 2, BOVENDEN: 4}.get(raum.key, 9)
            s.add(
                IndicatorValue(
                    indicator_id=indicator_id,
                    area_level=AreaLevel.SOZIALRAUM,
                    area_key=raum.key,
                    reference_date=date(2023, 12, 31),
                    value=value,
                )
            )
    return indicator_id


@pytest.fixture
def cases_view(cases, view, qtbot):
    choose(qtbot, view.indicator_combo, "Hilfen zur Erziehung")
    return view


def show_kind(qtbot, view, label: str) -> None:
    """Click the chart kind's tab above the table ("Tabelle", "Zeitreihe", "Vergleich", "Karte", "Je Sozialraum")."""
    choose_tab(qtbot, view.kind_tabs, label)


def close_button(qtbot, dialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    button = box.button(QDialogButtonBox.StandardButton.Close) or next(
        b for b in box.buttons() if box.buttonRole(b) == QDialogButtonBox.ButtonRole.RejectRole
    )
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def table_rows(view) -> list[list[str]]:
    t = view.table
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def test_the_area_shows_the_shipped_population_as_a_table(window, view, qtbot):
    assert window.navigation.currentItem().text() == "Kennzahlen"
    assert view.indicator_combo.currentText() == "Einwohnerinnen und Einwohner"
    assert [view.date_combo.itemText(i) for i in range(view.date_combo.count())] == ["31.12.2023", "31.12.2019"]
    rows = table_rows(view)
    assert rows[0][:4] == ["Landkreis ohne Stadt Göttingen", "Landkreis", "31.12.2023", "208.691"]
    assert rows[1][:4] == ["Adelebsen/Bovenden", "Sozialregion", "31.12.2023", "20.276"]  # the own region (SR-B)
    assert all(r[1] != "Gemeinde" for r in rows)  # Einheitsgemeinden are their Sozialraum: no second row
    assert "Statistisches Bundesamt" in view.details.text()
    choose(qtbot, view.region_combo, view.region_combo.itemText(0))  # the whole district
    assert len(table_rows(view)) > len(rows)


def test_every_chart_kind_is_drawn_inside_the_window(view, qtbot):
    for label in ("Zeitreihe", "Vergleich", "Karte", "Je Sozialraum"):
        show_kind(qtbot, view, label)
        canvas = view.canvas()
        assert canvas is not None and canvas.isVisible(), label
        qtbot.waitUntil(lambda: view.last_draw_seconds > 0, timeout=5000)
        assert canvas.figure.axes, label  # the drawing time is a benchmark target (benchmarks/targets.py)
        assert view.stack.currentWidget() is view.chart_host
    show_kind(qtbot, view, "Tabelle")
    assert view.stack.currentWidget() is view.table


def test_hovering_the_map_shows_the_value(view, qtbot):
    from sozialkoordination.indicators.documents.maps import boundaries

    show_kind(qtbot, view, "Karte")
    canvas = view.canvas()
    canvas.resize(900, 700)
    canvas.draw()
    axes = canvas.figure.axes[0]
    shape = next(s for s in boundaries(AreaLevel.SOZIALRAUM) if s.key == BOVENDEN)
    x, y = axes.transData.transform(shape.label_at)
    ratio = canvas.device_pixel_ratio or 1
    point = QPoint(round(x / ratio), round(canvas.height() - y / ratio))
    qtbot.mouseMove(canvas, point)
    qtbot.waitUntil(lambda: view.chart_info.text() == "Bovenden: 14.095 Personen", timeout=2000)
    assert canvas.toolTip() == "Bovenden: 14.095 Personen"
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: view.chart_info.text() == "Bovenden: 14.095 Personen", timeout=2000)
    assert view.window().statusBar().currentMessage() == "Bovenden: 14.095 Personen"


def test_small_numbers_are_protected_and_the_limit_is_configurable(cases_view, context, qtbot):
    view = cases_view
    rows = {r[0]: r[3] for r in table_rows(view)}
    assert rows["Adelebsen"] == "< 3"
    # Bovenden (4) is not small, but with Adelebsen/Bovenden = 6 shown it would give Adelebsen's 2 away
    assert rows["Bovenden"] == "geheim" and rows["Adelebsen/Bovenden"] == "6"
    replace_text(qtbot, view.limit_spin.lineEdit(), "5")
    qtbot.keyClick(view.limit_spin, Qt.Key.Key_Return)
    assert view.limit_spin.value() == 5
    rows = {r[0]: r[3] for r in table_rows(view)}
    assert rows["Adelebsen"] == "< 5" and rows["Bovenden"] == "< 5" and rows["Adelebsen/Bovenden"] == "6"
    assert context.indicators.small_number_limit() == 5
    show_kind(qtbot, view, "Vergleich")
    labels = [t.get_text() for t in view.canvas().figure.axes[0].texts]
    assert labels.count("< 5") == 2 and "4" not in labels


def test_import_with_an_unknown_area_then_undo(view, context, tmp_path, qtbot, answer_yes, open_file):
    path = tmp_path / "kitas.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (
        ["Kita-Plätze nach Sozialräumen"],
        ["Sozialraum", "2022", "2023"],
        ["Hann.Münden", 410, 420],
        ["Flecken Bovenden", 300, 310],
        ["Mündener Umland", 12, 14],
    ):
        sheet.append(row)
    book.save(path)
    dialog = click_opens(qtbot, view, "importIndicatorsButton")
    open_file(path)
    click(qtbot, dialog, "chooseFileButton")
    assert open_file.asked == ["Kennzahlen-Tabelle öffnen"]
    assert dialog.unmatched.isVisible() and not dialog.import_button.isEnabled()
    assert dialog.unmatched.item(0, 0).text() == "Mündener Umland"
    assert "Ein Gebiet ist nicht erkannt" in dialog.unmatched_label.text()
    choose(qtbot, dialog.unmatched.cellWidget(0, 2), "auslassen (Zeilen nicht importieren)")  # leave these rows out
    click(qtbot, dialog, "checkButton")
    assert dialog.import_button.isEnabled(), dialog.summary.toPlainText()
    assert "Kita-Plätze nach Sozialräumen" in dialog.summary.toPlainText()
    click(qtbot, dialog, "importButton")
    assert not dialog.isVisible()
    assert dialog.result is not None and dialog.result.created == 4
    assert "Import " in view.window().statusBar().currentMessage()
    choose(qtbot, view.indicator_combo, "Kita-Plätze nach Sozialräumen")
    rows = {(r[0], r[2]): r[3] for r in table_rows(view)}
    assert rows[("Bovenden", "31.12.2023")] == "310"
    assert not any(r[0] == "Mündener Umland" for r in table_rows(view))

    history = click_opens(qtbot, view, "indicatorHistoryButton")
    assert history.table.item(0, 2).text() == "kitas.xlsx"
    select_row(qtbot, history.table, 0)
    click(qtbot, history, "undoButton")
    assert "4 Werte entfernt" in history.message.text() and answer_yes
    close_button(qtbot, history)
    assert not history.isVisible()
    assert all(i.name != "Kita-Plätze nach Sozialräumen" for i in context.indicators.catalogue())
    assert view.indicator_combo.findText("Kita-Plätze nach Sozialräumen") == -1


def test_a_damaged_file_gets_a_message_and_nothing_is_imported(view, context, tmp_path, qtbot, open_file):
    path = tmp_path / "kaputt.xlsx"
    path.write_bytes(b"PK\x03\x04 kein Excel")
    catalogue = context.indicators.catalogue()
    dialog = click_opens(qtbot, view, "importIndicatorsButton")
    open_file(path)
    click(qtbot, dialog, "chooseFileButton")
    assert not dialog.import_button.isEnabled()
    assert dialog.summary.toPlainText()  # the reader's German message
    click(qtbot, dialog, "cancelButton")
    assert not dialog.isVisible()
    assert context.indicators.catalogue() == catalogue


def test_chart_values_and_profile_are_saved(view, context, tmp_path, qtbot, save_as, type_in, monkeypatch):
    show_kind(qtbot, view, "Karte")
    for suffix, magic in ((".png", b"\x89PNG"), (".pdf", b"%PDF"), (".svg", b"<?xml")):
        save_as(tmp_path / f"karte{suffix}")
        click(qtbot, view, "saveChartButton")
        assert (tmp_path / f"karte{suffix}").read_bytes().startswith(magic), suffix
    assert save_as.asked == ["Grafik speichern"] * 3
    assert "© GeoBasis-DE / BKG 2025" in (tmp_path / "karte.svg").read_text(encoding="utf-8")
    assert "Grafik gespeichert" in view.window().statusBar().currentMessage()
    save_as(None)
    click(qtbot, view, "saveChartButton")
    assert save_as.done() and len(list(tmp_path.glob("karte*"))) == 3

    save_as(tmp_path / "werte.xlsx")
    click(qtbot, view, "exportValuesButton")
    first = next(openpyxl.load_workbook(tmp_path / "werte.xlsx").worksheets[0].iter_rows(min_row=2, values_only=True))
    assert first[0] == "Landkreis ohne Stadt Göttingen"

    offered = []
    answer_item = QInputDialog.getItem  # type_in's answer, which also checks that the answer is offered

    def get_item(parent, title, label, items, *args, **kwargs):
        offered[:] = list(items)
        return answer_item(parent, title, label, items, *args, **kwargs)

    monkeypatch.setattr(QInputDialog, "getItem", get_item)
    type_in(None)  # Abbrechen: nothing is written
    click(qtbot, view, "profileButton")
    assert not list(tmp_path.glob("*.docx")) and view.profile_button.isEnabled()
    assert offered[0] in ("Sozialraum Adelebsen", "Sozialraum Bovenden")  # the own region's Sozialräume first
    assert "Sozialregion Adelebsen/Bovenden" in offered
    type_in("Sozialraum Bovenden")
    save_as(tmp_path / "profil.docx")
    click(qtbot, view, "profileButton")
    assert type_in.asked == ["Sozialraumprofil", "Sozialraumprofil"] and save_as.done()
    doc = Document(str(tmp_path / "profil.docx"))
    texts = [p.text for p in doc.paragraphs]
    assert "Kennzahlen im Überblick" in texts and "Bovenden" in texts
    assert view.profile_button.isEnabled()
    assert "Sozialraumprofil gespeichert" in view.window().statusBar().currentMessage()


def test_catalogue_form_validates_and_saves(view, qtbot, context):
    dialog = click_opens(qtbot, view, "newIndicatorButton")
    choose(qtbot, dialog.kind, dialog.kind.itemText(dialog.kind.findData("rate")))
    replace_text(qtbot, dialog.rate_base.lineEdit(), "0")
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert "Namen der Kennzahl" in dialog.message.text() and dialog.isVisible()
    type_text(qtbot, dialog.name, "Jugendquotient")
    replace_text(qtbot, dialog.rate_base.lineEdit(), "100")
    type_text(qtbot, dialog.rate_base_label, "je 100 Einwohner 20–64")
    replace_text(qtbot, dialog.age_from.lineEdit(), "0")
    replace_text(qtbot, dialog.age_to.lineEdit(), "19")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible(), dialog.message.text()
    assert view.indicator_combo.currentText() == "Jugendquotient"
    assert "0 bis 19 Jahre" in view.details.text() and "je 100 Einwohner 20–64" in view.details.text()
    stored = context.indicators.find("Jugendquotient")
    assert (stored.rate_base, stored.age_from, stored.age_to) == (100, 0, 19)


@pytest.mark.postgresql
def test_the_profile_is_written_on_a_real_background_thread(app, qtbot, context, tmp_path, save_as, type_in):
    from sozialkoordination.sozialraumprofil.service import ProfileReportService
    from sozialkoordination.ui.indicators.view import IndicatorsView
    from sozialkoordination.ui.shell.tasks import TaskRunner

    view = IndicatorsView(
        context.indicators,
        context.indicator_import,
        lambda: ProfileReportService.from_context(context),
        TaskRunner(),
        context.areas.regions(),
        None,
        lambda: "Kim Meyer",
    )
    qtbot.addWidget(view)
    view.show()
    type_in("Sozialraum Gleichen")
    save_as(tmp_path / "gleichen.docx")
    with qtbot.waitSignal(view.status_message, timeout=30_000) as signal:
        click(qtbot, view, "profileButton")
        assert not view.profile_button.isEnabled()  # no second report while the first one runs
    assert signal.args[0].startswith("Sozialraumprofil gespeichert")
    assert view.profile_button.isEnabled()
    assert Document(str(tmp_path / "gleichen.docx")).paragraphs[1].text == "Gleichen"
