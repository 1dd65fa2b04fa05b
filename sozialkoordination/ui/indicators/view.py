"""Kennzahlen: the indicator catalogue with its values as a table, time series, comparison of the Sozialräume, the
map and small multiples (matplotlib inside the window, loaded on first use), imports and the Sozialraumprofil."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from sozialkoordination.areas.service import RegionDTO
from sozialkoordination.core.enums import AreaLevel
from sozialkoordination.core.errors import DomainError
from sozialkoordination.core.formatting import file_safe, german_date, numerus
from sozialkoordination.indicators.service import (
    DIRECTIONS,
    LEVEL_NAMES,
    AreaRef,
    IndicatorDTO,
    IndicatorService,
    value_text,
)
from sozialkoordination.indicators.statistics_import import IndicatorImportService
from sozialkoordination.ui.import_journal.dialog import ImportHistoryDialog
from sozialkoordination.ui.indicators.import_dialog import IndicatorImportDialog
from sozialkoordination.ui.indicators.indicator_dialog import IndicatorDialog
from sozialkoordination.ui.shell import theme
from sozialkoordination.ui.shell.tasks import TaskRunner
from sozialkoordination.ui.widgets.accessibility import set_name
from sozialkoordination.ui.widgets.flow_layout import FlowLayout
from sozialkoordination.ui.widgets.load_when_shown import LoadWhenShown
from sozialkoordination.ui.widgets.page_title import page_title
from sozialkoordination.ui.widgets.region_combo import RegionCombo
from sozialkoordination.ui.widgets.save_dialog import DOCX, XLSX, choose_save_path, show_failure
from sozialkoordination.ui.widgets.tables import cell, make_table

log = logging.getLogger(__name__)

KINDS = (
    ("table", "Tabelle"),
    ("trend", "Zeitreihe"),
    ("compare", "Vergleich"),
    ("map", "Karte"),
    ("multiples", "Je Sozialraum"),
)
PNG, SVG, PDF = ("PNG-Bild (300 dpi)", ".png"), ("SVG-Grafik", ".svg"), ("PDF-Dokument", ".pdf")
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class IndicatorsView(LoadWhenShown, QWidget):
    status_message = Signal(str)
    changed = Signal()

    def __init__(
        self,
        indicators: IndicatorService,
        importer: IndicatorImportService,
        profile_report: Callable[[], object],
        tasks: TaskRunner,
        regions: list[RegionDTO],
        own_region_id: int | None,
        user_name: Callable[[], str | None],
        parent=None,
    ):
        super().__init__(parent)
        self.setObjectName("indicatorsView")
        self._service, self._importer, self._profile_report = indicators, importer, profile_report
        self._tasks, self._user_name, self._own_region_id = tasks, user_name, own_region_id
        self._catalogue: list[IndicatorDTO] = []
        self._canvas = None  # FigureCanvasQTAgg, made on the first chart (matplotlib loads then)
        self._shown_values: dict[str, str] = {}  # area key → "Bovenden: 8,8 %" for hover and click
        self.last_draw_seconds = 0.0

        title = page_title(self.tr("Kennzahlen"), self)
        intro = QLabel(
            self.tr(
                "Kennzahlen der Sozialberichterstattung je Gebiet und Stichtag, mit Quelle. Größere Gebiete werden "
                "aus den kleineren berechnet: Anzahlen summiert, Quoten aus Zähler und Nenner."
            ),
            self,
            wordWrap=True,
        )
        intro.setStyleSheet(theme.muted())
        self.indicator_combo = QComboBox(self, objectName="indicatorCombo")
        self.indicator_combo.setMinimumWidth(300)
        self.region_combo = RegionCombo(regions, own_region_id, self)
        self.level_combo = QComboBox(self, objectName="levelCombo")
        self.level_combo.addItem(self.tr("je Sozialraum"), AreaLevel.SOZIALRAUM)
        self.level_combo.addItem(self.tr("je Gemeinde"), AreaLevel.GEMEINDE)
        self.date_combo = QComboBox(self, objectName="dateCombo")
        self.limit_spin = QSpinBox(self, objectName="smallNumberSpin", minimum=0, maximum=100)
        self.limit_spin.setValue(indicators.small_number_limit())
        self.limit_spin.setToolTip(self.tr("Werte unter dieser Zahl von Personen werden als „< n“ gezeigt"))
        self.limit_spin.setPrefix(self.tr("Schutz unter "))
        top = FlowLayout()
        top.addWidget(QLabel(self.tr("Kennzahl"), self))
        top.addWidget(self.indicator_combo, 1)
        top.addWidget(self.region_combo)
        top.addWidget(self.level_combo)
        top.addWidget(QLabel(self.tr("Stichtag"), self))
        top.addWidget(self.date_combo)
        top.addWidget(self.limit_spin)

        self.kind_tabs = QTabBar(self, objectName="chartKindTabs")
        for _key, label in KINDS:
            self.kind_tabs.addTab(self.tr(label))
        self.kind_tabs.setDrawBase(False)
        self.table = make_table(
            self,
            [
                self.tr("Gebiet"),
                self.tr("Ebene"),
                self.tr("Stichtag"),
                self.tr("Wert"),
                self.tr("Hinweis"),
                self.tr("Quelle"),
            ],
            "indicatorTable",
        )
        set_name(self.table, self.tr("Kennzahlen"))
        for column, width in enumerate((210, 105, 95, 95, 260)):
            self.table.setColumnWidth(column, width)
        self.chart_host = QWidget(self, objectName="chartHost")
        self.chart_layout = QVBoxLayout(self.chart_host)
        self.chart_layout.setContentsMargins(0, 0, 0, 0)
        self.chart_info = QLabel(
            self.tr("Zeigen Sie mit der Maus auf ein Gebiet, um seinen Wert zu sehen."),
            self.chart_host,
            objectName="chartInfo",
        )
        self.chart_info.setStyleSheet(theme.muted())
        self.chart_layout.addStretch(1)
        self.chart_layout.addWidget(self.chart_info)
        self.stack = QStackedWidget(self, objectName="indicatorStack")
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.chart_host)

        self.details = QLabel(self, objectName="indicatorDetails", wordWrap=True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setMinimumWidth(250)
        # Long definitions or a large font: the details scroll instead of being cut off.
        details_area = QScrollArea(self, objectName="indicatorDetailsArea", widgetResizable=True)
        details_area.setFrameShape(QFrame.Shape.NoFrame)
        details_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        details_area.setWidget(self.details)
        set_name(details_area, self.tr("Angaben zur Kennzahl"))  # focusable: the arrow keys scroll it
        side = QVBoxLayout()
        side.addWidget(details_area, 1)
        self.buttons: dict[str, QPushButton] = {}
        for text, slot, name in (
            (self.tr("Neue Kennzahl …"), lambda: self.edit_indicator(None), "newIndicatorButton"),
            (self.tr("Kennzahl bearbeiten …"), lambda: self.edit_indicator(self.indicator_id()), "editIndicatorButton"),
            (None, None, None),
            (self.tr("Tabelle importieren …"), self.import_table, "importIndicatorsButton"),
            (self.tr("Importverlauf …"), self.show_history, "indicatorHistoryButton"),
            (None, None, None),
            (self.tr("Grafik speichern …"), self.save_chart, "saveChartButton"),
            (self.tr("Werte exportieren …"), self.export_values, "exportValuesButton"),
            (self.tr("Sozialraumprofil (Word) …"), self.write_profile, "profileButton"),
        ):
            if text is None:
                side.addSpacing(10)
                continue
            button = QPushButton(text, self, objectName=name)
            button.clicked.connect(slot)
            side.addWidget(button)
            self.buttons[name] = button
        self.profile_button = self.buttons["profileButton"]
        panel = QFrame(self, objectName="indicatorPanel")
        panel.setLayout(side)
        widest = max(button.sizeHint().width() for button in self.buttons.values())
        panel.setFixedWidth(max(280, widest + 2 * side.contentsMargins().left() + 8))  # grows with the font

        body = QHBoxLayout()
        center = QVBoxLayout()
        center.addWidget(self.kind_tabs)
        center.addWidget(self.stack, 1)
        body.addLayout(center, 1)
        body.addWidget(panel)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addLayout(body, 1)

        self.indicator_combo.currentIndexChanged.connect(self._indicator_changed)
        for signal in (
            self.region_combo.currentIndexChanged,
            self.level_combo.currentIndexChanged,
            self.date_combo.currentIndexChanged,
            self.kind_tabs.currentChanged,
        ):
            signal.connect(self.update_view)
        self.limit_spin.editingFinished.connect(self._limit_changed)

    # -- state ---------------------------------------------------------------------------------
    def kind(self) -> str:
        return KINDS[max(self.kind_tabs.currentIndex(), 0)][0]

    def show_kind(self, kind: str) -> None:
        self.kind_tabs.setCurrentIndex([k for k, _label in KINDS].index(kind))

    def indicator_id(self) -> int | None:
        return self.indicator_combo.currentData()

    def select_indicator(self, name_or_key: str) -> None:
        found = self._service.find(name_or_key)
        self.indicator_combo.setCurrentIndex(self.indicator_combo.findData(found.id))

    def reference_date(self) -> date | None:
        return self.date_combo.currentData()

    def refresh(self) -> None:
        self._fill_catalogue(self.indicator_id())

    def _fill_catalogue(self, keep: int | None) -> None:
        self._catalogue = self._service.catalogue()
        self.indicator_combo.blockSignals(True)
        self.indicator_combo.clear()
        for indicator in self._catalogue:
            self.indicator_combo.addItem(indicator.name, indicator.id)
        self.indicator_combo.setCurrentIndex(max(self.indicator_combo.findData(keep), 0))
        self.indicator_combo.blockSignals(False)
        self._indicator_changed()

    def _indicator_changed(self) -> None:
        indicator_id = self.indicator_id()
        self.date_combo.blockSignals(True)
        self.date_combo.clear()
        if indicator_id is not None:
            for day in reversed(self._service.reference_dates(indicator_id)):
                self.date_combo.addItem(german_date(day), day)
        self.date_combo.blockSignals(False)
        self._show_details()
        self.update_view()

    def _show_details(self) -> None:
        indicator = next((i for i in self._catalogue if i.id == self.indicator_id()), None)
        if indicator is None:
            self.details.setText(self.tr("Noch keine Kennzahlen. Importieren Sie eine Tabelle."))
            return
        rows = [
            (self.tr("Definition"), indicator.definition or "–"),
            (self.tr("Einheit"), indicator.unit_text or "–"),
            (self.tr("Art"), self.tr("Quote / Anteil") if indicator.is_rate else self.tr("Anzahl")),
            (self.tr("Alter"), indicator.age_text or "–"),
            (self.tr("Richtung"), DIRECTIONS.get(indicator.direction, indicator.direction)),
            (self.tr("Quelle"), indicator.source or "–"),
            (self.tr("Schutz kleiner Zahlen"), self.tr("ja") if indicator.counts_persons else self.tr("nein")),
        ]
        html = f"<p>{theme.html_heading(_escape(indicator.name), 1.2)}</p>"
        html += "".join(f"<p>{theme.html_muted(_escape(k))}<br>{_escape(v)}</p>" for k, v in rows)
        self.details.setText(html)

    def _limit_changed(self) -> None:
        try:
            self._service.set_small_number_limit(self.limit_spin.value())
        except DomainError as error:
            show_failure(self, error, "")
            return
        self.update_view()

    # -- showing -------------------------------------------------------------------------------
    def update_view(self) -> None:
        kind = self.kind()
        self.level_combo.setVisible(kind == "map")
        self.date_combo.setEnabled(kind in ("compare", "map"))
        if self.indicator_id() is None:
            self.table.setRowCount(0)
            self.stack.setCurrentWidget(self.table)
            return
        if kind == "table":
            self.stack.setCurrentWidget(self.table)
            self._fill_table()
        else:
            self.stack.setCurrentWidget(self.chart_host)
            if self.isVisible():
                self.draw()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self.kind() != "table" and self.indicator_id() is not None:
            self.draw()

    def _fill_table(self) -> None:
        rows = self._service.table(self.indicator_id(), self.region_combo.region_id())
        limit = self._service.small_number_limit()
        decimals = self._service.indicator(self.indicator_id()).decimals
        self.table.setRowCount(len(rows))
        for r, v in enumerate(rows):
            note = v.note or ""
            items = [
                cell(v.area.name),
                cell(LEVEL_NAMES[v.area.level]),
                cell(german_date(v.reference_date)),
                cell(value_text(v, limit, decimals)),
                cell(note),
                cell(v.source or ""),
            ]
            items[3].setTextAlignment(RIGHT)
            for c, item in enumerate(items):
                self.table.setItem(r, c, item)

    def build_figure(self, kind: str | None = None, for_print: bool = False):
        """The Figure for the current choices (the canvas and "Grafik speichern" both use it)."""
        from sozialkoordination.indicators.documents import charts, maps

        kind = kind or self.kind()
        svc, indicator_id = self._service, self.indicator_id()
        tree = svc.area_tree()
        region_id = self.region_combo.region_id()
        region = tree.region_by_id(region_id)
        values: dict[str, str] = {}
        if kind == "trend":
            areas = (
                [tree.raeume[k] for k in tree.raeume_of_region[region.key]]
                if region
                else tree.areas(AreaLevel.SOZIALREGION)
            )
            data = svc.trend(indicator_id, areas)
            figure = charts.trend_chart(data)
        elif kind == "compare":
            data = svc.comparison(indicator_id, self.reference_date(), None, region_id or self._own_region_id)
            places = data.indicator.decimals
            values = {v.area.key: f"{v.area.name}: {value_text(v, data.limit, places)}" for v in data.values}
            figure = charts.comparison_chart(data)
        elif kind == "map":
            level = self.level_combo.currentData()
            data = svc.map_data(indicator_id, level, self.reference_date(), region)
            names = {a.key: a.name for a in tree.areas(level)}
            places = data.indicator.decimals
            values = {k: f"{names.get(k, k)}: {value_text(v, data.limit, places)}" for k, v in data.values.items()}
            figure = maps.choropleth_map(data)
        else:
            figure = charts.small_multiples(svc.small_multiples(indicator_id, region_id))
        if not for_print:
            unit = next((i.unit_text for i in self._catalogue if i.id == indicator_id), "")
            self._shown_values = {k: f"{v} {unit}".strip() for k, v in values.items()}
        return figure

    def draw(self) -> None:
        """Put the chart into the window. Drawn once, at its final size, by the canvas' first paint; the time from
        here to the finished drawing is kept in last_draw_seconds."""
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        started = time.perf_counter()
        self.last_draw_seconds = 0.0
        figure = self.build_figure()
        canvas = FigureCanvasQTAgg(figure)
        canvas.setObjectName("chartCanvas")
        canvas.mpl_connect("motion_notify_event", self._hover)
        canvas.mpl_connect("button_press_event", self._clicked)
        canvas.mpl_connect("draw_event", lambda _event: self._drawn(canvas, started))
        if self._canvas is not None:
            self.chart_layout.removeWidget(self._canvas)
            self._canvas.deleteLater()
        else:
            self.chart_layout.takeAt(0)  # the placeholder stretch
        self.chart_layout.insertWidget(0, canvas, 1)
        canvas.show()
        self.chart_layout.activate()
        canvas.draw_idle()
        self._canvas = canvas
        self.chart_info.setText(
            self.tr("Zeigen Sie mit der Maus auf ein Gebiet, um seinen Wert zu sehen.")
            if self.kind() in ("compare", "map")
            else ""
        )

    def _drawn(self, canvas, started: float) -> None:
        if canvas is self._canvas and not self.last_draw_seconds:
            self.last_draw_seconds = time.perf_counter() - started
            log.debug("Grafik %s in %.3f s gezeichnet", self.kind(), self.last_draw_seconds)

    def canvas(self):
        return self._canvas

    def area_text_at(self, x: float, y: float) -> str | None:
        from sozialkoordination.indicators.documents.maps import area_at

        key = area_at(self._canvas.figure, x, y) if self._canvas is not None else None
        return self._shown_values.get(key) if key else None

    def _hover(self, event) -> None:
        text = self.area_text_at(event.x, event.y)
        self._canvas.setToolTip(text or "")
        if text:
            self.chart_info.setText(text)

    def _clicked(self, event) -> None:
        text = self.area_text_at(event.x, event.y)
        if text:
            self.chart_info.setText(text)
            self.status_message.emit(text)

    # -- actions -------------------------------------------------------------------------------
    def edit_indicator(self, indicator_id: int | None) -> IndicatorDialog:
        dialog = IndicatorDialog(self._service, indicator_id, self)

        def saved() -> None:
            self._fill_catalogue(dialog.saved_id)
            self.status_message.emit(self.tr("Kennzahl gespeichert."))

        dialog.accepted.connect(saved)
        dialog.open()
        return dialog

    def import_table(self) -> IndicatorImportDialog:
        dialog = IndicatorImportDialog(self._importer, self._service, self._tasks, self._user_name(), self)

        def imported(batch_id: int) -> None:
            self._fill_catalogue(self.indicator_id())
            summary = dialog.result.summary() if dialog.result else ""
            self.status_message.emit(self.tr("Import {0}: {1}").format(batch_id, summary))
            self.changed.emit()

        dialog.imported.connect(imported)
        dialog.open()
        return dialog

    def show_history(self) -> ImportHistoryDialog:
        dialog = ImportHistoryDialog(self._importer, self._tasks, self, indicators=True)
        dialog.changed.connect(lambda: self._fill_catalogue(self.indicator_id()))
        dialog.open()
        return dialog

    def save_chart(self) -> None:
        if self.indicator_id() is None:
            return
        kind = self.kind() if self.kind() != "table" else "compare"
        name = file_safe(f"{self.indicator_combo.currentText()} {dict(KINDS)[kind]}")
        target = choose_save_path(self, self.tr("Grafik speichern"), f"{name}.png", [PNG, SVG, PDF], "folders/charts")
        if target is None:
            return
        from sozialkoordination.indicators.documents.style import save

        figure = self.build_figure(kind, for_print=True)
        self._tasks.run(
            self,
            self.tr("Grafik wird gespeichert …"),
            lambda _progress: save(figure, target),
            lambda path: self.status_message.emit(self.tr("Grafik gespeichert: {0}").format(path)),
            lambda error: show_failure(self, error, self.tr("Die Grafik konnte nicht gespeichert werden.")),
        )

    def export_values(self) -> None:
        indicator_id = self.indicator_id()
        if indicator_id is None:
            return
        name = file_safe(self.indicator_combo.currentText())
        target = choose_save_path(self, self.tr("Werte exportieren"), f"{name}.xlsx", [XLSX])
        if target is None:
            return
        region_id = self.region_combo.region_id()
        self._tasks.run(
            self,
            self.tr("Werte werden exportiert …"),
            lambda progress: self._service.export_values(target, indicator_id, region_id, progress),
            lambda count: self.status_message.emit(
                numerus(
                    count, self.tr("{0} Wert exportiert nach {1}"), self.tr("{0} Werte exportiert nach {1}"), target
                )
            ),
            lambda error: show_failure(self, error, self.tr("Der Export ist fehlgeschlagen.")),
        )

    def profile_areas(self) -> list[AreaRef]:
        tree = self._service.area_tree()
        own = tree.region_code(self._own_region_id)
        raeume = sorted(tree.areas(AreaLevel.SOZIALRAUM), key=lambda a: tree.region_of_raum.get(a.key) != own)
        return [*raeume, *tree.areas(AreaLevel.SOZIALREGION)]

    def write_profile(self) -> None:
        areas = self.profile_areas()
        labels = [f"{LEVEL_NAMES[a.level]} {a.name}" for a in areas]
        chosen, ok = QInputDialog.getItem(
            self, self.tr("Sozialraumprofil"), self.tr("Für welches Gebiet?"), labels, 0, False
        )
        if not ok:
            return
        area = areas[labels.index(chosen)]
        name = f"Sozialraumprofil {file_safe(area.name)}.docx"
        target = choose_save_path(self, self.tr("Sozialraumprofil speichern"), name, [DOCX], "folders/documents")
        if target is None:
            return
        self.profile_button.setEnabled(False)
        report = self._profile_report()
        user = self._user_name()

        def done(result) -> None:
            self.profile_button.setEnabled(True)
            self.status_message.emit(self.tr("Sozialraumprofil gespeichert: {0}").format(result.path))

        def failed(error: BaseException) -> None:
            self.profile_button.setEnabled(True)
            show_failure(self, error, self.tr("Das Sozialraumprofil konnte nicht erstellt werden."))

        self._tasks.run(
            self,
            self.tr("Sozialraumprofil wird erstellt …"),
            lambda progress: report.write(area, target, user, progress),
            done,
            failed,
            lambda: self.profile_button.setEnabled(True),
        )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
