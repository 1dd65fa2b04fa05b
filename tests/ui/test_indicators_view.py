"""The Kennzahlen area: table, every chart kind in the window, hover on the map, small numbers, import with
assignment of unknown areas and undo, chart and value export, the catalogue form and the Sozialraumprofil."""

from datetime import date

import openpyxl
import pytest
from docx import Document
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox

from sozialkoordination.models import IndicatorValue
from sozialkoordination.services.indicators import SOZIALRAUM, IndicatorData

BOVENDEN, ADELEBSEN = "031590007", "031590001"


@pytest.fixture
def view(window, qtbot):
    window.show_area("indicators")
    return window.indicators_view


@pytest.fixture
def cases(context, view):
    """A count of persons with a small number in Adelebsen (2) and 4 in Bovenden."""
    indicator_id = context.indicators.save(IndicatorData(name="Hilfen zur Erziehung", unit="Fälle"))
    with context.session_factory.begin() as s:
        for raum in context.indicators.area_tree().areas(SOZIALRAUM):
            value = {ADELEBSEN: 2, BOVENDEN: 4}.get(raum.key, 9)
            s.add(IndicatorValue(indicator_id=indicator_id, area_level=SOZIALRAUM, area_key=raum.key,
                                 reference_date=date(2023, 12, 31), value=value))  # fmt: skip
    view.refresh()
    view.select_indicator("Hilfen zur Erziehung")
    return indicator_id


def table_rows(view) -> list[list[str]]:
    t = view.table
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def test_the_area_shows_the_shipped_population_as_a_table(window, view):
    assert window.navigation.currentItem().text() == "Kennzahlen"
    assert view.indicator_combo.currentText() == "Einwohnerinnen und Einwohner"
    assert [view.date_combo.itemText(i) for i in range(view.date_combo.count())] == ["31.12.2023", "31.12.2019"]
    rows = table_rows(view)
    assert rows[0][:4] == ["Landkreis Göttingen", "Landkreis", "31.12.2023", "208.691"]
    assert rows[1][:4] == ["Adelebsen/Bovenden", "Sozialregion", "31.12.2023", "20.276"]  # the own region (SR-B)
    assert all(r[1] != "Gemeinde" for r in rows)  # Einheitsgemeinden are their Sozialraum: no second row
    assert "Statistisches Bundesamt" in view.details.text()
    view.region_combo.setCurrentIndex(0)
    assert len(table_rows(view)) > len(rows)


def test_every_chart_kind_is_drawn_inside_the_window(view, qtbot):
    for kind in ("trend", "compare", "map", "multiples"):
        view.show_kind(kind)
        canvas = view.canvas()
        assert canvas is not None and canvas.isVisible(), kind
        qtbot.waitUntil(lambda: view.last_draw_seconds > 0, timeout=5000)
        # About 0.2 s on the development machine (target 0.3 s); generous here for busy test machines.
        assert canvas.figure.axes and view.last_draw_seconds < 2.0, (kind, view.last_draw_seconds)
    view.show_kind("table")
    assert view.stack.currentWidget() is view.table


def test_hovering_the_map_shows_the_value(view, qtbot):
    from sozialkoordination.charts.maps import boundaries

    view.show_kind("map")
    canvas = view.canvas()
    canvas.resize(900, 700)
    canvas.draw()
    axes = canvas.figure.axes[0]
    shape = next(s for s in boundaries(SOZIALRAUM) if s.key == BOVENDEN)
    x, y = axes.transData.transform(shape.label_at)
    assert view.area_text_at(x, y) == "Bovenden: 14.095 Personen"
    ratio = canvas.device_pixel_ratio or 1
    point = QPoint(round(x / ratio), round(canvas.height() - y / ratio))
    qtbot.mouseMove(canvas, point)
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: view.chart_info.text() == "Bovenden: 14.095 Personen", timeout=2000)


def test_small_numbers_are_protected_and_the_limit_is_configurable(view, cases, context, qtbot):
    rows = {r[0]: r[3] for r in table_rows(view)}
    assert rows["Adelebsen"] == "< 3" and rows["Bovenden"] == "4"
    view.limit_spin.setValue(5)
    view.limit_spin.editingFinished.emit()
    rows = {r[0]: r[3] for r in table_rows(view)}
    assert rows["Adelebsen"] == "< 5" and rows["Bovenden"] == "< 5" and rows["Adelebsen/Bovenden"] == "6"
    assert context.indicators.small_number_limit() == 5
    view.show_kind("compare")
    labels = [t.get_text() for t in view.canvas().figure.axes[0].texts]
    assert labels.count("< 5") == 2 and "4" not in labels


def test_import_with_an_unknown_area_then_undo(view, context, tmp_path, qtbot, answer_yes):
    path = tmp_path / "kitas.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["Kita-Plätze nach Sozialräumen"], ["Sozialraum", "2022", "2023"], ["Hann.Münden", 410, 420],
                ["Flecken Bovenden", 300, 310], ["Mündener Umland", 12, 14]):  # fmt: skip
        sheet.append(row)
    book.save(path)
    dialog = view.import_table(path)
    assert dialog.unmatched.isVisible() and not dialog.import_button.isEnabled()
    assert "Mündener Umland" in dialog.unmatched_label.text() or dialog.unmatched.item(0, 0).text()
    dialog.grab().save(str(tmp_path / "import.png"))
    dialog.assign("Mündener Umland", None)  # leave these rows out
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert dialog.import_button.isEnabled(), dialog.summary.toPlainText()
    assert "Kita-Plätze nach Sozialräumen" in dialog.summary.toPlainText()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result is not None and dialog.result.created == 4
    view.select_indicator("Kita-Plätze nach Sozialräumen")
    rows = {(r[0], r[2]): r[3] for r in table_rows(view)}
    assert rows[("Bovenden", "31.12.2023")] == "310"

    history = view.show_history()
    assert history.table.item(0, 2).text() == "kitas.xlsx"
    history.table.selectRow(0)
    history.undo_selected()
    assert "4 Werte entfernt" in history.message.text() and answer_yes
    history.close()
    assert all(i.name != "Kita-Plätze nach Sozialräumen" for i in context.indicators.catalogue())


def test_a_damaged_file_gets_a_message_and_nothing_is_imported(view, tmp_path):
    path = tmp_path / "kaputt.xlsx"
    path.write_bytes(b"PK\x03\x04 kein Excel")
    dialog = view.import_table(path)
    assert not dialog.import_button.isEnabled()
    assert dialog.summary.toPlainText()  # the reader's German message
    dialog.close()


def test_chart_values_and_profile_are_saved(view, context, tmp_path):
    view.show_kind("map")
    view.save_chart(tmp_path / "karte.svg")
    assert "© GeoBasis-DE / BKG 2025" in (tmp_path / "karte.svg").read_text(encoding="utf-8")
    view.export_values(tmp_path / "werte.xlsx")
    first = next(openpyxl.load_workbook(tmp_path / "werte.xlsx").worksheets[0].iter_rows(min_row=2, values_only=True))
    assert first[0] == "Landkreis Göttingen"
    area = next(a for a in view.profile_areas() if a.name == "Bovenden")
    assert view.profile_areas()[0].name in ("Adelebsen", "Bovenden")  # the own region's Sozialräume first
    view.write_profile(area, tmp_path / "profil.docx")
    doc = Document(str(tmp_path / "profil.docx"))
    assert "Kennzahlen im Überblick" in [p.text for p in doc.paragraphs]
    assert view.profile_button.isEnabled()


def test_catalogue_form_validates_and_saves(view, qtbot):
    dialog = view.edit_indicator(None)
    dialog.kind.setCurrentIndex(dialog.kind.findData("rate"))
    dialog.rate_base.setValue(0)
    dialog.buttons = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert "Namen der Kennzahl" in dialog.message.text() and dialog.isVisible()
    dialog.name.setText("Jugendquotient")
    dialog.rate_base.setValue(100)
    dialog.rate_base_label.setText("je 100 Einwohner 20–64")
    dialog.age_from.setValue(0)
    dialog.age_to.setValue(19)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert view.indicator_combo.currentText() == "Jugendquotient"
    assert "0 bis 19 Jahre" in view.details.text() and "je 100 Einwohner 20–64" in view.details.text()


@pytest.mark.postgresql
def test_the_profile_is_written_on_a_real_background_thread(app, qtbot, context, tmp_path):
    from sozialkoordination.services.profile_report import ProfileReportService
    from sozialkoordination.ui.tasks import TaskRunner
    from sozialkoordination.ui.views.indicators_view import IndicatorsView

    view = IndicatorsView(context.indicators, context.indicator_import, lambda: ProfileReportService.from_context(
        context), TaskRunner(), context.areas.regions(), None, lambda: "Kim Meyer")  # fmt: skip
    qtbot.addWidget(view)
    area = next(a for a in view.profile_areas() if a.name == "Gleichen")
    with qtbot.waitSignal(view.status_message, timeout=30_000) as signal:
        view.write_profile(area, tmp_path / "gleichen.docx")
        assert not view.profile_button.isEnabled()  # no second report while the first one runs
    assert signal.args[0].startswith("Sozialraumprofil gespeichert")
    assert view.profile_button.isEnabled()
    assert Document(str(tmp_path / "gleichen.docx")).paragraphs[1].text == "Gleichen"
