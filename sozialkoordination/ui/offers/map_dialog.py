"""The Angebotslandkarte: the running offers as points on the offline map of the Landkreis, over the need
indicator's choropleth per Gemeinde. Offers at an organisation with coordinates (from the partner list) sit there;
the others sit at the middle of their Gemeinde, drawn hollow and named "ungefähr" in the legend. A click on a point
opens the offer; the map is saved as PNG, SVG or PDF with its legend."""

from __future__ import annotations

import math

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.lines import Line2D
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
)

from sozialkoordination.actors.service import ActorService
from sozialkoordination.core.enums import AreaLevel
from sozialkoordination.indicators.documents.maps import choropleth_map
from sozialkoordination.indicators.documents.style import save
from sozialkoordination.indicators.service import POPULATION_KEY, IndicatorService
from sozialkoordination.offers.dto import MapPoint
from sozialkoordination.offers.service import LIFE_PHASES, AngebotService
from sozialkoordination.ui.offers.dialogs import AngebotDialog
from sozialkoordination.ui.shell.tasks import TaskRunner
from sozialkoordination.ui.widgets.save_dialog import choose_save_path, show_failure

PNG, SVG, PDF = ("PNG-Bild (300 dpi)", ".png"), ("SVG-Grafik", ".svg"), ("PDF-Dokument", ".pdf")
_COS = math.cos(math.radians(51.6))  # the map's projection (indicators/documents/maps.py)
POINT = "#1F3B57"


class AngebotMapDialog(QDialog):
    def __init__(
        self,
        service: AngebotService,
        indicators: IndicatorService,
        actors: ActorService,
        tasks: TaskRunner,
        sozialraum_id: int | None,
        phase: str | None,
        theme: str | None,
        need_indicator_id: int | None,
        parent=None,
        sozialregion_id: int | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("angebotMapDialog")
        self.setWindowTitle(self.tr("Angebotslandkarte"))
        self.resize(900, 760)
        self._service, self._indicators, self._actors, self._tasks = service, indicators, actors, tasks
        self._sozialraum_id, self._theme, self._need_id = sozialraum_id, theme, need_indicator_id
        self._highlight = self._area(sozialraum_id, sozialregion_id)
        self.points: list[MapPoint] = []
        self.offsets: dict[int, tuple[float, float]] = {}  # offer id → (x, y) drawn, for tests and tool tips
        self.canvas: FigureCanvasQTAgg | None = None
        self.opened: AngebotDialog | None = None

        self.phase_combo = QComboBox(self, objectName="mapPhaseCombo")
        self.phase_combo.addItem(self.tr("alle Lebensphasen"), None)
        for code, label, _f, _t in LIFE_PHASES:
            self.phase_combo.addItem(label, code)
        self.phase_combo.setCurrentIndex(max(self.phase_combo.findData(phase), 0))
        self.phase_combo.currentIndexChanged.connect(self.draw)
        top = QHBoxLayout()
        label = QLabel(self.tr("Lebensphase"), self)
        label.setBuddy(self.phase_combo)
        top.addWidget(label)
        top.addWidget(self.phase_combo)
        top.addWidget(QLabel(self.tr("Thema: {0}").format(theme or self.tr("alle")), self))
        self.extent_combo = QComboBox(self, objectName="mapExtentCombo")
        if self._highlight is not None:  # the chosen area fills the map: its Gemeinden and points apart
            kind = self.tr("Sozialraum") if sozialraum_id is not None else self.tr("Sozialregion")
            self.extent_combo.addItem(self.tr("{0} {1}").format(kind, self._highlight.name), True)
        self.extent_combo.addItem(self.tr("ganzer Landkreis"), False)
        self.extent_combo.currentIndexChanged.connect(self.draw)
        extent_label = QLabel(self.tr("Ausschnitt"), self)
        extent_label.setBuddy(self.extent_combo)
        top.addSpacing(12)
        top.addWidget(extent_label)
        top.addWidget(self.extent_combo)
        top.addStretch(1)
        self.info = QLabel(self, objectName="mapInfo", wordWrap=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        save_button = buttons.addButton(self.tr("Karte speichern …"), QDialogButtonBox.ButtonRole.ActionRole)
        save_button.setObjectName("saveMapButton")
        save_button.clicked.connect(self.save_map)
        buttons.rejected.connect(self.reject)
        self.chart = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self.chart, 1)
        layout.addWidget(self.info)
        layout.addWidget(buttons)
        self.draw()

    def _indicator_id(self) -> int:
        if self._need_id is not None:
            return self._need_id
        return self._indicators.find(POPULATION_KEY).id

    def _area(self, sozialraum_id: int | None, sozialregion_id: int | None):
        """The AreaRef of the chosen Sozialraum or Sozialregion (outlined on the map), None for the Landkreis."""
        tree = self._indicators.area_tree()
        if sozialraum_id is not None:
            ars = next((k for k, v in tree.raum_ids.items() if v == sozialraum_id), None)
            return tree.raeume.get(ars) if ars else None
        code = next((k for k, v in tree.region_ids.items() if v == sozialregion_id), None)
        return tree.regions.get(code) if code else None

    def build_figure(self):
        data = self._indicators.map_data(self._indicator_id(), AreaLevel.GEMEINDE, None, self._highlight)
        figure = choropleth_map(data, focus=bool(self.extent_combo.currentData()))
        axes = figure.axes[0]
        self.points, unplaced = self._service.map_points(self.phase_combo.currentData(), self._theme)
        self.offsets = {}
        per_place: dict[tuple[float, float], int] = {}
        exact, rough = [], []
        for p in self.points:
            x, y = p.longitude * _COS, p.latitude
            n = per_place.get((x, y), 0)
            per_place[(x, y)] = n + 1
            if n:  # several offers in one place: a small spiral, so each stays clickable
                x, y = x + 0.004 * math.sqrt(n) * math.cos(n * 2.4), y + 0.004 * math.sqrt(n) * math.sin(n * 2.4)
            self.offsets[p.id] = (x, y)
            (rough if p.approximate else exact).append(p)
        self._artists = {}
        for group, style in ((exact, {"color": POINT}), (rough, {"facecolors": "white", "edgecolors": POINT})):
            if not group:
                continue
            xs, ys = zip(*(self.offsets[p.id] for p in group), strict=True)
            artist = axes.scatter(xs, ys, s=22, linewidths=1.2, zorder=6, picker=True, pickradius=6, **style)
            self._artists[artist] = group
        first = axes.get_legend()
        if first is not None:
            axes.add_artist(first)
        handles = [
            Line2D([], [], marker="o", linestyle="", color=POINT, label=self.tr("Angebot am Ort der Organisation")),
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markerfacecolor="white",
                markeredgecolor=POINT,
                label=self.tr("Angebot, Ort ungefähr\n(Mitte der Gemeinde)"),
            ),
        ]
        offers = axes.legend(
            handles=handles, loc="upper left", fontsize=7, frameon=False, title=self.tr("Angebote"), title_fontsize=7.5
        )
        offers.set_alignment("left")
        offers.set_bbox_to_anchor((1.01, 1.0), transform=axes.transAxes)  # beside the map, above the colours
        text = self.tr("{0} Angebote auf der Karte, davon {1} mit ungefährem Ort.").format(len(self.points), len(rough))
        if unplaced:
            text += " " + self.tr("{0} ohne Ort (weder Koordinaten noch Gemeinde).").format(unplaced)
        self.info.setText(text + " " + self.tr("Klicken Sie auf einen Punkt, um das Angebot zu öffnen."))
        return figure

    def draw(self) -> None:
        figure = self.build_figure()
        canvas = FigureCanvasQTAgg(figure)
        canvas.setObjectName("mapCanvas")
        canvas.mpl_connect("pick_event", self._picked)
        if self.canvas is not None:
            self.chart.removeWidget(self.canvas)
            self.canvas.deleteLater()
        self.chart.addWidget(canvas, 1)
        self.canvas = canvas
        canvas.draw()

    def _picked(self, event) -> None:
        group = self._artists.get(event.artist)
        if not group or not len(event.ind):
            return
        point = group[int(event.ind[0])]
        dialog = AngebotDialog(self._service, self._actors, point.id, self)
        dialog.accepted.connect(self.draw)
        dialog.open()
        self.opened = dialog

    def save_map(self) -> None:
        target = choose_save_path(
            self, self.tr("Angebotslandkarte speichern"), "Angebotslandkarte.png", [PNG, SVG, PDF], "folders/charts"
        )
        if target is None:
            return
        figure = self.build_figure()
        self._tasks.run(
            self,
            self.tr("Karte wird gespeichert …"),
            lambda _progress: save(figure, target),
            lambda path: self.info.setText(self.tr("Karte gespeichert: {0}").format(path)),
            lambda error: show_failure(self, error, self.tr("Die Karte konnte nicht gespeichert werden.")),
        )
