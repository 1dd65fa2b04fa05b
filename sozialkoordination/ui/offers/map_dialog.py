"""The Angebotslandkarte: the running offers and the organisations as points on the offline map of the Landkreis,
over the need indicator's choropleth per Gemeinde. A point with coordinates from the partner list sits there; the
others sit at the middle of their Gemeinde, drawn hollow and named "ungefähr" in the legend. Pointing at a point
names it, a click opens the offer or the organisation; the map is saved as PNG, SVG or PDF with its legend."""

from __future__ import annotations

import math

import numpy as np
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.lines import Line2D
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sozialkoordination.actors.service import ActorService
from sozialkoordination.areas.service import AreaService
from sozialkoordination.core.enums import AreaLevel
from sozialkoordination.indicators.documents.maps import choropleth_map
from sozialkoordination.indicators.documents.style import save
from sozialkoordination.indicators.service import POPULATION_KEY, IndicatorService
from sozialkoordination.offers.dto import MapPoint
from sozialkoordination.offers.service import LIFE_PHASES, AngebotService
from sozialkoordination.ui.actors.organisation_dialog import OrganisationDialog
from sozialkoordination.ui.offers.dialogs import AngebotDialog
from sozialkoordination.ui.shell.tasks import TaskRunner
from sozialkoordination.ui.widgets.accessibility import set_name
from sozialkoordination.ui.widgets.flow_layout import FlowLayout, labelled
from sozialkoordination.ui.widgets.save_dialog import choose_save_path, show_failure
from sozialkoordination.ui.widgets.tables import open_rows_with_enter

PNG, SVG, PDF = ("PNG-Bild (300 dpi)", ".png"), ("SVG-Grafik", ".svg"), ("PDF-Dokument", ".pdf")
_COS = math.cos(math.radians(51.6))  # the map's projection (indicators/documents/maps.py)
POINT = "#1F3B57"
CHOSEN = "#C62828"  # the ring around the point chosen in the list
RECORD = Qt.ItemDataRole.UserRole  # (kind, id) of a row of the list of points
ORGANISATION = "#6B6B6B"  # grey squares under the offers: who is there, not what is offered


class AngebotMapDialog(QDialog):
    def __init__(
        self,
        service: AngebotService,
        indicators: IndicatorService,
        actors: ActorService,
        areas: AreaService,
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
        screen = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        # a map wants room: most of the screen, at least 900 × 760 where the screen has it
        self.resize(
            min(screen.width(), max(900, round(screen.width() * 0.7))),
            min(screen.height(), max(760, round(screen.height() * 0.9))),
        )
        self._service, self._indicators, self._actors, self._areas = service, indicators, actors, areas
        self._tasks, self._need_id = tasks, need_indicator_id
        tree = indicators.area_tree()  # the chosen Sozialraum or Sozialregion is outlined; None: the Landkreis
        self._highlight = tree.raum_by_id(sozialraum_id) or tree.region_by_id(sozialregion_id)
        self.points: list[MapPoint] = []
        self.organisations: list[MapPoint] = []
        self.offsets: dict[int, tuple[float, float]] = {}  # offer id → (x, y) drawn, for tests and tool tips
        self.organisation_offsets: dict[int, tuple[float, float]] = {}
        self.canvas: FigureCanvasQTAgg | None = None
        self.opened: AngebotDialog | OrganisationDialog | None = None
        self._layers: list[tuple[object, list[MapPoint], str]] = []  # (drawn points, their records, "angebot"|…)
        self._rows: list[tuple[str, MapPoint]] = []  # the list of points: (kind, point) per row
        self._ring = None  # the red ring around the point chosen in the list

        self.phase_combo = QComboBox(self, objectName="mapPhaseCombo")
        self.phase_combo.addItem(self.tr("alle Lebensphasen"), None)
        for code, label, _f, _t in LIFE_PHASES:
            self.phase_combo.addItem(label, code)
        self.phase_combo.setCurrentIndex(max(self.phase_combo.findData(phase), 0))
        self.theme_combo = QComboBox(self, objectName="mapThemeCombo")
        self.theme_combo.addItem(self.tr("alle Themen"), None)
        for name in service.themes():
            self.theme_combo.addItem(name, name)
        self.theme_combo.setCurrentIndex(max(self.theme_combo.findData(theme), 0))
        self.extent_combo = QComboBox(self, objectName="mapExtentCombo")
        if self._highlight is not None:  # the chosen area fills the map: its Gemeinden and points apart
            kind = self.tr("Sozialraum") if sozialraum_id is not None else self.tr("Sozialregion")
            self.extent_combo.addItem(self.tr("{0} {1}").format(kind, self._highlight.name), True)
        self.extent_combo.addItem(self.tr("ganzer Landkreis"), False)
        self.show_organisations = QCheckBox(self.tr("&Organisationen zeigen"), self, objectName="mapOrganisationsBox")
        self.show_organisations.setChecked(True)
        self.show_organisations.setToolTip(self.tr("Graue Quadrate: die Akteure vor Ort, die man ansprechen kann."))
        top = FlowLayout(spacing=8)
        for text, combo in (
            (self.tr("&Lebensphase"), self.phase_combo),
            (self.tr("&Thema"), self.theme_combo),
            (self.tr("&Ausschnitt"), self.extent_combo),
        ):
            label = QLabel(text, self)
            label.setBuddy(combo)
            top.addWidget(labelled(label, combo))
            combo.currentIndexChanged.connect(self.draw)
        top.addWidget(self.show_organisations)
        self.show_organisations.toggled.connect(lambda _checked: self.draw())
        self.info = QLabel(self, objectName="mapInfo", wordWrap=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        save_button = buttons.addButton(self.tr("Karte speichern …"), QDialogButtonBox.ButtonRole.ActionRole)
        save_button.setObjectName("saveMapButton")
        save_button.clicked.connect(self.save_map)
        buttons.rejected.connect(self.reject)
        # The points as a list beside the map: what the map shows, in words, for the keyboard and a screen reader.
        self.point_list = QTableWidget(0, 3, self, objectName="mapPointList")
        self.point_list.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Art"), self.tr("Ort")])
        self.point_list.verticalHeader().hide()
        self.point_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.point_list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.point_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.point_list.setTabKeyNavigation(False)
        self.point_list.setWordWrap(False)
        self.point_list.horizontalHeader().setSortIndicator(1, Qt.SortOrder.AscendingOrder)  # offers first, by name
        self.point_list.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.point_list.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 44)  # names of ~30 letters
        header = self.point_list.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):  # as wide as "Organisation" and "ungefähr", or the heading when the list is empty
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        set_name(
            self.point_list,
            self.tr("Punkte auf der Karte"),
            self.tr("Die Angebote und Organisationen im gezeigten Ausschnitt; Eingabetaste öffnet."),
        )
        self.point_list.currentCellChanged.connect(lambda row, *_rest: self._mark(row))
        self.point_list.doubleClicked.connect(lambda index: self._open_row(index.row()))
        open_rows_with_enter(self.point_list)
        holder = QWidget(self)
        self.chart = QVBoxLayout(holder)
        self.chart.setContentsMargins(0, 0, 0, 0)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self, objectName="mapSplitter")
        self.splitter.addWidget(holder)
        self.splitter.addWidget(self.point_list)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([self.width() * 2 // 3, self.width() // 3])  # names in the list stay whole
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.info)
        layout.addWidget(buttons)
        self.draw()

    def _indicator_id(self) -> int:
        if self._need_id is not None:
            return self._need_id
        return self._indicators.find(POPULATION_KEY).id

    def build_figure(self, shown: bool = True):
        """The map with its points; `shown`: the one in the window (the clicks, the list of points, the ring and the
        line below follow it), not a copy to save."""
        data = self._indicators.map_data(self._indicator_id(), AreaLevel.GEMEINDE, None, self._highlight)
        figure = choropleth_map(data, focus=bool(self.extent_combo.currentData()))
        axes = figure.axes[0]
        points, unplaced = self._service.map_points(self.phase_combo.currentData(), self.theme_combo.currentData())
        with_organisations = self.show_organisations.isChecked()
        organisations, no_place = self._service.organisation_points() if with_organisations else ([], 0)
        offsets, organisation_offsets = _spread(points), _spread(organisations)
        layers = []
        # The copy to save is 17 cm wide, the map on screen as wide as the window: points in the same points size
        # would cover the Gemeinden on paper.
        offer_size, organisation_size = (22, 12) if shown else (9, 5)
        for kind, records, where, marker, colour, size, zorder in (
            ("organisation", organisations, organisation_offsets, "s", ORGANISATION, organisation_size, 5),
            ("angebot", points, offsets, "o", POINT, offer_size, 6),
        ):
            for approximate in (False, True):
                group = [p for p in records if p.approximate == approximate]
                if not group:
                    continue
                style = {"facecolors": "white", "edgecolors": colour} if approximate else {"color": colour}
                xs, ys = zip(*(where[p.id] for p in group), strict=True)
                artist = axes.scatter(xs, ys, s=size, marker=marker, linewidths=1.1, zorder=zorder, **style)
                artist.set_pickradius(6)
                layers.insert(0, (artist, group, kind))  # the offers first: they are drawn on top
        first = axes.get_legend()
        if first is not None:
            axes.add_artist(first)
        legend = axes.legend(
            handles=self._legend(with_organisations),
            loc="upper left",
            fontsize=7,
            frameon=False,
            title=self.tr("Punkte"),
            title_fontsize=7.5,
        )
        legend.set_alignment("left")
        if self.extent_combo.currentData():  # a part fills the frame: beside it, above the colours
            legend.set_bbox_to_anchor((1.01, 1.0), transform=axes.transAxes)
        # the whole Landkreis: in the empty corner at its top left (beside it, it would run into the colours)
        if shown:
            self.points, self.offsets, self._layers = points, offsets, layers
            self.organisations, self.organisation_offsets = organisations, organisation_offsets
            self._ring = axes.scatter(
                np.empty(0), np.empty(0), s=150, facecolors="none", edgecolors=CHOSEN, linewidths=2, zorder=7
            )
            self._fill_list(axes)
            self.info.setText(self._summary(unplaced, no_place, with_organisations))
        return figure

    def _summary(self, unplaced: int, no_place: int, with_organisations: bool) -> str:
        """The line below the map: how many points, how many only roughly placed, what to do with them."""
        rough = sum(1 for p in self.points if p.approximate)
        text = self.tr("{0} Angebote auf der Karte, davon {1} mit ungefährem Ort.").format(len(self.points), rough)
        if unplaced:
            text += " " + self.tr("{0} ohne Ort (weder Koordinaten noch Gemeinde).").format(unplaced)
        if with_organisations:
            rough = sum(1 for p in self.organisations if p.approximate)
            text += " " + self.tr("{0} Organisationen, davon {1} ungefähr").format(len(self.organisations), rough)
            text += self.tr(", {0} ohne erkennbaren Ort.").format(no_place) if no_place else "."
        if self.points or self.organisations:
            return (
                text
                + " "
                + self.tr(
                    "Zeigen Sie auf einen Punkt, um ihn zu sehen; ein Klick öffnet ihn, ebenso die Eingabetaste in der "
                    "Liste daneben."
                )
            )
        if unplaced:
            return text
        if self.phase_combo.currentData() or self.theme_combo.currentData():
            return self.tr("Keine laufenden Angebote für diese Auswahl.")
        return self.tr(
            "Noch keine laufenden Angebote. Angebote legen Sie im Bereich „Angebote“ an oder übernehmen sie mit einer "
            "Partnerliste (Datei → Akteursliste importieren)."
        )

    def _legend(self, organisations: bool) -> list[Line2D]:
        def entry(marker: str, colour: str, hollow: bool, label: str) -> Line2D:
            face = "white" if hollow else colour
            return Line2D(
                [], [], marker=marker, linestyle="", markerfacecolor=face, markeredgecolor=colour, label=label
            )

        handles = [
            # on two lines: beside the map of a saved copy there is room for about 24 letters
            entry("o", POINT, False, self.tr("Angebot am Ort\nder Organisation")),
            entry("o", POINT, True, self.tr("Angebot, Ort ungefähr\n(Mitte der Gemeinde)")),
        ]
        if organisations:
            handles += [
                entry("s", ORGANISATION, False, self.tr("Organisation")),
                entry("s", ORGANISATION, True, self.tr("Organisation,\nOrt ungefähr")),
            ]
        return handles

    def draw(self) -> None:
        figure = self.build_figure()
        canvas = FigureCanvasQTAgg(figure)
        canvas.setObjectName("mapCanvas")
        canvas.setMouseTracking(True)
        canvas.mpl_connect("button_press_event", self._clicked)
        canvas.mpl_connect("motion_notify_event", self._pointed)
        if self.canvas is not None:
            self.chart.removeWidget(self.canvas)
            self.canvas.deleteLater()
        self.chart.addWidget(canvas, 1)
        self.canvas = canvas
        canvas.draw_idle()  # drawn once, at the size the layout gives it

    def _fill_list(self, axes) -> None:
        """The points inside the shown part of the map: offers first, then organisations, each by name."""
        (x0, x1), (y0, y1) = axes.get_xlim(), axes.get_ylim()
        rows = []
        for kind, records, offsets in (
            ("angebot", self.points, self.offsets),
            ("organisation", self.organisations, self.organisation_offsets),
        ):
            for p in records:
                x, y = offsets[p.id]
                if x0 <= x <= x1 and y0 <= y <= y1:
                    rows.append((kind, p))
        self._rows = rows
        table = self.point_list
        table.setSortingEnabled(False)  # filled row by row, then sorted as the user last chose
        table.setRowCount(0)
        table.setRowCount(len(rows))
        for row, (kind, p) in enumerate(rows):
            what = self.tr("Angebot") if kind == "angebot" else self.tr("Organisation")
            place = self.tr("ungefähr") if p.approximate else self.tr("genau")
            for column, text in enumerate((p.name, what, place)):
                item = QTableWidgetItem(text)
                item.setData(RECORD, (kind, p.id))
                if kind == "angebot" and p.organisation:
                    item.setToolTip(self.tr("{0} – {1}").format(p.name, p.organisation))
                table.setItem(row, column, item)
        table.setSortingEnabled(True)

    def _chosen(self, row: int) -> tuple[str, MapPoint] | None:
        """(kind, point) of a row of the list, whichever way it is sorted."""
        item = self.point_list.item(row, 0) if row >= 0 else None
        if item is None:
            return None
        kind, record_id = item.data(RECORD)
        return next(((k, p) for k, p in self._rows if (k, p.id) == (kind, record_id)), None)

    def _mark(self, row: int) -> None:
        """The point of the chosen row gets a red ring on the map."""
        if self.canvas is None or self._ring is None:
            return
        chosen = self._chosen(row)
        if chosen is not None:
            kind, point = chosen
            self._ring.set_offsets([(self.offsets if kind == "angebot" else self.organisation_offsets)[point.id]])
        else:
            self._ring.set_offsets(np.empty((0, 2)))
        self.canvas.draw_idle()

    def _open_row(self, row: int) -> None:
        chosen = self._chosen(row)
        if chosen is not None:
            self._open(chosen[1], chosen[0])

    def _hit(self, event) -> tuple[MapPoint, str] | None:
        """The point under the mouse: an offer before an organisation (offers are drawn on top)."""
        for artist, group, kind in self._layers:
            inside, found = artist.contains(event)
            if inside and len(found.get("ind", ())):
                return group[int(found["ind"][0])], kind
        return None

    def _pointed(self, event) -> None:
        hit = self._hit(event) if event.inaxes else None
        if hit is None:
            self.canvas.setToolTip("")
            return
        point, kind = hit
        if kind == "angebot":
            text = point.name + (f" – {point.organisation}" if point.organisation else "")
        else:
            text = self.tr("Organisation: {0}").format(point.name)
        self.canvas.setToolTip(text + (self.tr(" (Ort ungefähr)") if point.approximate else ""))

    def _clicked(self, event) -> None:
        hit = self._hit(event) if event.inaxes and event.button == 1 else None
        if hit is None:
            return
        self._open(*hit)

    def _open(self, point: MapPoint, kind: str) -> None:
        if kind == "angebot":
            dialog = AngebotDialog(self._service, self._actors, point.id, self)
        else:
            dialog = OrganisationDialog(self._actors, self._areas, point.id, self)
        dialog.accepted.connect(self.draw)
        dialog.open()
        self.opened = dialog

    def save_map(self) -> None:
        target = choose_save_path(
            self, self.tr("Angebotslandkarte speichern"), "Angebotslandkarte.png", [PNG, SVG, PDF], "folders/charts"
        )
        if target is None:
            return
        figure = self.build_figure(shown=False)
        self._tasks.run(
            self,
            self.tr("Karte wird gespeichert …"),
            lambda _progress: save(figure, target),
            lambda path: self.info.setText(self.tr("Karte gespeichert: {0}").format(path)),
            lambda error: show_failure(self, error, self.tr("Die Karte konnte nicht gespeichert werden.")),
        )


def _spread(points: list[MapPoint]) -> dict[int, tuple[float, float]]:
    """Record id → (x, y) on the map; several points in one place lie on a small spiral, so each stays clickable."""
    offsets, per_place = {}, {}
    for p in points:
        x, y = p.longitude * _COS, p.latitude
        n = per_place.get((x, y), 0)
        per_place[(x, y)] = n + 1
        if n:
            x, y = x + 0.004 * math.sqrt(n) * math.cos(n * 2.4), y + 0.004 * math.sqrt(n) * math.sin(n * 2.4)
        offsets[p.id] = (x, y)
    return offsets
