"""The network map: actors as dots (colour and shape by type or Sozialraum, sized by their connections),
connections as lines; filters, a view centred on one actor, the measures in plain German, and export as PNG, SVG or
PDF with title, legend, date and source."""

from __future__ import annotations

import math
from datetime import date
from html import escape

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
)
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMenu,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sozialkoordination.actors.connections import (
    MARKER_SYMBOLS,
    ORG,
    PERSON_STYLE,
    ConnectionService,
    Graph,
    GraphScope,
    group_styles,
    layout,
)
from sozialkoordination.actors.service import ActorService
from sozialkoordination.areas.service import AreaService
from sozialkoordination.core.formatting import german_date
from sozialkoordination.networks.service import NetworkService
from sozialkoordination.ui.actors.relationship_dialog import RelationshipDialog
from sozialkoordination.ui.shell import theme
from sozialkoordination.ui.widgets.accessibility import set_name
from sozialkoordination.ui.widgets.date_input import DateInput
from sozialkoordination.ui.widgets.flow_layout import FlowLayout
from sozialkoordination.ui.widgets.save_dialog import choose_save_path
from sozialkoordination.ui.widgets.scrolling import scrolling

SCENE_SIZE = 900.0
LABELS = 15  # names shown for the most connected actors; the others on hover or when zoomed in
PNG, SVG, PDF = ("PNG-Bild", ".png"), ("SVG-Grafik", ".svg"), ("PDF-Dokument", ".pdf")
EXPORT_WIDTH = 1400.0  # logical width of an exported map (landscape, A4's proportions)
SOURCE = "Quelle: Sozialkoordination – Akteure, Netzwerkmitgliedschaften und eingetragene Beziehungen"


def marker_path(shape: str, radius: float) -> QPainterPath:
    """A circle, square, triangle or diamond of about the same area around (0, 0)."""
    path = QPainterPath()
    if shape == "square":
        side = radius * 1.77
        path.addRect(QRectF(-side / 2, -side / 2, side, side))
    elif shape in ("triangle", "diamond"):
        r = radius * (1.55 if shape == "triangle" else 1.3)
        corners = (
            [(0, -r), (r * 0.866, r * 0.5), (-r * 0.866, r * 0.5)]
            if shape == "triangle"
            else [(0, -r), (r, 0), (0, r), (-r, 0)]
        )
        path.moveTo(*corners[0])
        for corner in corners[1:]:
            path.lineTo(*corner)
        path.closeSubpath()
    else:
        path.addEllipse(QPointF(0, 0), radius, radius)
    return path


class ActorDot(QGraphicsPathItem):
    def __init__(self, key, radius: float, style: tuple[str, str], tooltip: str, on_click, on_centre, on_relations):
        colour, shape = style
        super().__init__(marker_path(shape, radius))
        self.key = key
        self.marker = shape
        self.setBrush(QBrush(QColor(colour)))
        self.setPen(QPen(QColor(theme.MAP_DOT_OUTLINE), 1))
        self.setToolTip(tooltip)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setZValue(2)
        self._on_click, self._on_centre, self._on_relations = on_click, on_centre, on_relations

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.button() == Qt.MouseButton.LeftButton:
            self._on_click(self.key)
            event.accept()
        else:
            super().mousePressEvent(event)

    def contextMenuEvent(self, event) -> None:  # noqa: N802 - Qt API
        menu = QMenu()
        menu.addAction("Ansicht um diesen Akteur zentrieren", lambda: self._on_centre(self.key))
        menu.addAction("Beziehungen eintragen …", lambda: self._on_relations(self.key))
        menu.exec(event.screenPos())


class MapView(QGraphicsView):
    """Zoom with the wheel, drag to move; names appear for everyone once zoomed in far enough."""

    def __init__(self, scene: QGraphicsScene, parent=None):
        super().__init__(scene, parent)
        self.setObjectName("mapView")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setBackgroundBrush(QColor(theme.MAP_PAPER))
        self.labels: list[tuple[QGraphicsSimpleTextItem, bool]] = []  # (label, always shown)

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt API
        factor = 1.2 if event.angleDelta().y() > 0 else 1 / 1.2
        self.scale(factor, factor)
        self.update_labels()

    def fit(self) -> None:
        self.resetTransform()
        self.fitInView(
            self.scene().itemsBoundingRect().marginsAdded(QMarginsF(20, 20, 20, 20)), Qt.AspectRatioMode.KeepAspectRatio
        )
        self.update_labels()

    def update_labels(self) -> None:
        zoomed = self.transform().m11() > 1.6
        for label, always in self.labels:
            label.setVisible(always or zoomed)


class NetworkMapPanel(QWidget):
    actor_opened = Signal(str, int)
    status_message = Signal(str)

    def __init__(
        self,
        connections: ConnectionService,
        networks: NetworkService,
        actors: ActorService,
        areas: AreaService,
        parent=None,
    ):
        super().__init__(parent)
        self.setObjectName("networkMapPanel")
        self._connections = connections
        self._networks = networks
        self._actors = actors
        self._region_id: int | None = None
        self.centre: tuple[str, int] | None = None
        self.graph = Graph({}, {})
        self.styles: dict[str, tuple[str, str]] = {}

        self.network = QComboBox(self, objectName="mapNetworkCombo")
        self.fill_networks()
        self._areas = areas
        self.raum = QComboBox(self, objectName="mapRaumCombo")
        self.org_type = QComboBox(self, objectName="mapTypeCombo")
        self.org_type.addItem(self.tr("alle Arten"), None)
        for org_type in actors.organisation_types():
            self.org_type.addItem(org_type, org_type)
        self.who = QComboBox(self, objectName="mapActorsCombo")
        self.who.addItem(self.tr("Organisationen und Personen"), False)
        self.who.addItem(self.tr("nur Organisationen"), True)
        self.colour_by = QComboBox(self, objectName="mapColourCombo")
        self.colour_by.addItems([self.tr("Farbe nach Art"), self.tr("Farbe nach Sozialraum")])
        self.period = QCheckBox(self.tr("Zeitraum"), self, objectName="mapPeriodCheck")
        today = date.today()
        self.since = DateInput(self, objectName="mapSinceEdit", value=date(today.year - 1, today.month, 1))
        self.since.setAccessibleName(self.tr("Zeitraum von"))
        self.until = DateInput(self, objectName="mapUntilEdit", value=today)
        self.until.setAccessibleName(self.tr("Zeitraum bis"))
        for edit in (self.since, self.until):
            edit.setEnabled(False)
            self.period.toggled.connect(edit.setEnabled)
        self.reset_button = QPushButton(self.tr("Ganze Auswahl zeigen"), self, objectName="mapResetButton")
        self.reset_button.clicked.connect(lambda: self.set_centre(None))
        self.export_button = QPushButton(self.tr("Exportieren …"), self, objectName="mapExportButton")
        self.export_button.clicked.connect(lambda: self.export())
        controls = FlowLayout(spacing=8)  # as many controls on a line as the window's width allows
        for combo in (self.network, self.raum, self.org_type, self.who, self.colour_by):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(16)
            controls.addWidget(combo)
        period = QWidget(self)
        period_row = QHBoxLayout(period)
        period_row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.period, self.since, QLabel("–", self), self.until):
            period_row.addWidget(widget)
        controls.add_widgets(period, self.reset_button, self.export_button)

        self.scene = QGraphicsScene(self)
        self.view = MapView(self.scene, self)
        set_name(self.view, self.tr("Netzwerkkarte (Grafik; die Listen daneben nennen dasselbe)"))
        self.info = QLabel(self, objectName="mapInfo", wordWrap=True)
        self.info.setStyleSheet(theme.muted())
        self.legend = QLabel(self, objectName="mapLegend", wordWrap=True)
        self.most = QListWidget(self, objectName="mostConnectedList")
        self.unconnected = QListWidget(self, objectName="unconnectedList")
        self.bridges = QListWidget(self, objectName="bridgesList")
        side = QWidget(self)
        box = QVBoxLayout(side)
        box.setContentsMargins(6, 0, 0, 0)
        for caption, widget in (
            (self.tr("Am stärksten vernetzt"), self.most),
            (self.tr("Verbinden sonst getrennte Gruppen"), self.bridges),
            (self.tr("Ohne Verbindung"), self.unconnected),
        ):
            heading = QLabel(caption, side)
            heading.setStyleSheet(theme.strong())
            box.addWidget(heading)
            box.addWidget(widget, 1)
        box.addWidget(self.legend)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.view)
        splitter.addWidget(scrolling(side, "mapSideScroll"))  # three lists and the legend: may scroll at large text
        splitter.setSizes([900, 280])
        layout_ = QVBoxLayout(self)
        layout_.addLayout(controls)
        layout_.addWidget(self.info)
        layout_.addWidget(splitter, 1)

        for combo in (self.network, self.raum, self.org_type, self.who, self.colour_by):
            combo.currentIndexChanged.connect(self.redraw)
        self.period.toggled.connect(self.redraw)
        self.since.dateChanged.connect(lambda _date: self.redraw())
        self.until.dateChanged.connect(lambda _date: self.redraw())

    def fill_networks(self) -> None:
        """Refill the network filter (networks are added and renamed meanwhile), keeping the choice."""
        chosen = self.network.currentData()
        self.network.blockSignals(True)
        self.network.clear()
        self.network.addItem(self.tr("alle Netzwerke"), None)
        for network_id, name in self._networks.network_choices():
            self.network.addItem(name, network_id)
        self.network.setCurrentIndex(max(self.network.findData(chosen), 0))
        self.network.blockSignals(False)

    def set_region(self, region_id: int | None) -> None:
        self._region_id = region_id
        chosen = self.raum.currentData()
        self.raum.blockSignals(True)
        self.raum.clear()
        self.raum.addItem(self.tr("alle Sozialräume"), None)
        for raum in self._areas.sozialraeume(region_id):
            self.raum.addItem(raum.name, raum.id)
        self.raum.setCurrentIndex(max(self.raum.findData(chosen), 0))
        self.raum.blockSignals(False)
        if self.isVisible():
            self.redraw()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API: drawn when first looked at, not at start-up
        super().showEvent(event)
        self.fill_networks()
        self.redraw()

    def set_centre(self, key: tuple[str, int] | None) -> None:
        self.centre = key
        self.redraw()

    def scope(self) -> GraphScope:
        since = until = None
        if self.period.isChecked():
            since = self.since.date()  # empty or not a date (marked at the field): that end stays open
            until = self.until.date()
        return GraphScope(
            sozialregion_id=None if self.centre else self._region_id,
            sozialraum_id=None if self.centre else self.raum.currentData(),
            network_id=self.network.currentData(),
            org_type=self.org_type.currentData(),
            since=since,
            until=until,
            centre=self.centre,
            organisations_only=bool(self.who.currentData()),
        )

    def redraw(self) -> None:
        self.graph = self._connections.graph(self.scope())
        positions = layout(self.graph)
        self.scene.clear()
        self.view.labels = []
        nodes = self.graph.nodes
        by_sozialraum = self.colour_by.currentIndex() == 1
        groups = sorted({(n.sozialraum if by_sozialraum else n.org_type) or "" for n in nodes.values()})
        styles = group_styles([g for g in groups if g])
        half = SCENE_SIZE / 2
        edges = QPainterPath()
        for edge in self.graph.edges.values():
            (x1, y1), (x2, y2) = positions[edge.a], positions[edge.b]
            edges.moveTo(x1 * half, y1 * half)
            edges.lineTo(x2 * half, y2 * half)
        lines = self.scene.addPath(edges, QPen(theme.MAP_EDGE, 0.8))
        lines.setZValue(0)
        labelled = {k for k, _n in sorted(nodes.items(), key=lambda kv: -kv[1].degree)[:LABELS] if nodes[k].degree}
        for key, node in nodes.items():
            group = (node.sozialraum if by_sozialraum else node.org_type) or ""
            style = styles.get(group, PERSON_STYLE) if (key[0] == ORG or by_sozialraum) else PERSON_STYLE
            radius = 3.5 + 1.6 * math.sqrt(node.degree)
            details = " · ".join(p for p in (node.org_type, node.sozialraum) if p)
            tooltip = f"{node.label}\n{details}\n{node.degree} Verbindungen".replace("\n\n", "\n")
            dot = ActorDot(key, radius, style, tooltip, self._clicked, self.set_centre, self.edit_relationships)
            x, y = positions[key]
            dot.setPos(x * half, y * half)
            if key == self.centre:
                dot.setPen(QPen(QColor(theme.MAP_CENTRE), 3))
            self.scene.addItem(dot)
            label = QGraphicsSimpleTextItem(node.label)
            label.setPos(x * half + radius + 2, y * half - 7)
            label.setBrush(QColor(theme.MAP_LABEL))
            label.setZValue(3)
            self.scene.addItem(label)
            self.view.labels.append((label, key in labelled or key == self.centre))
        self.view.fit()
        self.styles = styles
        self._show_measures(styles)

    def legend_entries(self) -> list[tuple[str, tuple[str, str]]]:
        """(label, (colour, marker)) of every group shown, persons last when coloured by Art."""
        groups = {
            (n.sozialraum if self.colour_by.currentIndex() == 1 else n.org_type) or ""
            for n in self.graph.nodes.values()
            if n.key[0] == ORG or self.colour_by.currentIndex() == 1
        }
        entries = [(g, style) for g, style in self.styles.items() if g in groups]
        if any(key[0] != ORG for key in self.graph.nodes) and self.colour_by.currentIndex() == 0:
            entries.append((self.tr("Person"), PERSON_STYLE))
        elif "" in groups:
            entries.append(
                (
                    self.tr("ohne Sozialraum") if self.colour_by.currentIndex() == 1 else self.tr("ohne Art"),
                    PERSON_STYLE,
                )
            )
        return entries

    def _show_measures(self, styles: dict[str, tuple[str, str]]) -> None:
        measures = self._connections.measures(self.graph)
        self.most.clear()
        self.most.addItems([f"{name} ({count})" for name, count in measures.most_connected])
        self.bridges.clear()
        self.bridges.addItems(measures.bridges or [self.tr("– niemand –")])
        self.unconnected.clear()
        self.unconnected.addItems(measures.unconnected or [self.tr("– niemand –")])
        centre = self.graph.nodes.get(self.centre) if self.centre else None
        where = self.tr(" um {0} (direkte und indirekte Verbindungen)").format(centre.label) if centre else ""
        groups = (
            self.tr("1 zusammenhängende Gruppe")
            if measures.groups == 1
            else self.tr("{0} zusammenhängende Gruppen").format(measures.groups)
        )
        self.info.setText(
            self.tr(
                "{0} Akteure, {1} Verbindungen, {2}{3}. Klick öffnet einen Akteur, Rechtsklick zentriert die "
                "Ansicht; Mausrad zoomt."
            ).format(len(self.graph.nodes), len(self.graph.edges), groups, where)
        )
        entries = [
            f"<span style='color:{colour}'>{MARKER_SYMBOLS[shape]}</span>&nbsp;{escape(label)}"
            for label, (colour, shape) in self.legend_entries()
        ]
        self.legend.setText("&nbsp;&nbsp; ".join(entries))

    def edit_relationships(self, key: tuple[str, int]) -> RelationshipDialog:
        """Relationships entered by hand for this actor; the map is redrawn when they changed."""
        dialog = RelationshipDialog(self._connections, self._actors, key, self.graph.nodes[key].label, self)
        dialog.finished.connect(lambda _result: self.redraw() if dialog.changed else None)
        dialog.open()
        return dialog

    def _clicked(self, key: tuple[str, int]) -> None:
        self.actor_opened.emit(*key)

    def dot(self, key: tuple[str, int]) -> ActorDot | None:
        return next((i for i in self.scene.items() if isinstance(i, ActorDot) and i.key == key), None)

    # -- export --------------------------------------------------------------------------------
    def export(self) -> None:
        """The map as it is shown, on a landscape sheet with title, filter, legend beside it, date and source."""
        target = choose_save_path(self, self.tr("Netzwerkkarte exportieren"), "Netzwerkkarte.png", [PNG, SVG, PDF])
        if target is None:
            return
        height = EXPORT_WIDTH / math.sqrt(2)
        suffix = target.suffix.lower()
        if suffix == ".svg":
            generator = QSvgGenerator()
            generator.setFileName(str(target))
            generator.setSize(QSize(int(EXPORT_WIDTH), int(height)))
            generator.setViewBox(QRectF(0, 0, EXPORT_WIDTH, height))
            generator.setTitle(self.tr("Netzwerkkarte"))
            generator.setDescription(self.subtitle())
            self._render(generator, QRectF(0, 0, EXPORT_WIDTH, height))
        elif suffix == ".pdf":
            writer = QPdfWriter(str(target))
            writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
            writer.setPageOrientation(QPageLayout.Orientation.Landscape)
            writer.setPageMargins(QMarginsF(0, 0, 0, 0))
            writer.setTitle(self.tr("Netzwerkkarte"))
            writer.setCreator("Sozialkoordination")
            writer.setResolution(150)
            page = writer.pageLayout().paintRectPixels(writer.resolution())
            self._render(writer, QRectF(0, 0, page.width(), page.height()))
        else:
            image = QImage(int(EXPORT_WIDTH * 2), int(height * 2), QImage.Format.Format_ARGB32)
            image.fill(QColor(theme.EXPORT_PAPER))
            self._render(image, QRectF(0, 0, image.width(), image.height()))
            if not image.save(str(target)):
                self.status_message.emit(self.tr("Die Karte konnte nicht gespeichert werden: {0}").format(target))
                return
        self.status_message.emit(self.tr("Netzwerkkarte gespeichert: {0}").format(target))

    def subtitle(self) -> str:
        """What the map shows: "alle Netzwerke · Sozialraum Bovenden · nur Organisationen · Farbe nach Art"."""
        region = next((r.name for r in self._areas.regions() if r.id == self._region_id), None)
        parts = [self.network.currentText(), f"Sozialregion {region}" if region else "ganzer Landkreis"]
        if self.centre and self.centre in self.graph.nodes:
            parts = [self.network.currentText(), self.tr("um {0}").format(self.graph.nodes[self.centre].label)]
        elif self.raum.currentData() is not None:
            parts.append(f"Sozialraum {self.raum.currentText()}")
        parts += [self.who.currentText(), self.colour_by.currentText()]
        if self.period.isChecked():
            since, until = self.since.date(), self.until.date()
            parts.append(
                self.tr("Zeitraum {0} bis {1}").format(
                    german_date(since) if since else "…", german_date(until) if until else "…"
                )
            )
        return " · ".join(parts)

    def _render(self, device, target: QRectF) -> None:
        painter = QPainter(device)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        scale = target.width() / EXPORT_WIDTH
        painter.scale(scale, scale)
        width, height = EXPORT_WIDTH, target.height() / scale
        margin, legend_width = 40.0, 330.0

        def text(
            x: float, y: float, value: str, size: int, colour: str = "#222222", bold: bool = False, box_width: float = 0
        ) -> float:
            """Draws wrapped text with its top at y; returns the y below it."""
            font = QFont("Arial")
            font.setPixelSize(size)
            font.setBold(bold)
            painter.setFont(font)
            painter.setPen(QColor(colour))
            room = QRectF(x, y, box_width or width - x - margin, 400)
            flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
            used = painter.boundingRect(room, flags, value)
            painter.drawText(room, flags, value)
            return y + used.height()

        below = text(margin, 30, self.tr("Netzwerkkarte"), 30, "#1F3A5F", bold=True)
        below = text(margin, below + 4, self.subtitle(), 16, "#595959") + 16
        footer_top = height - 52
        nodes, edges = len(self.graph.nodes), len(self.graph.edges)
        text(
            margin,
            footer_top,
            self.tr("Stand {0} · {1} · {2} Akteure, {3} Verbindungen").format(
                german_date(date.today()), SOURCE, nodes, edges
            ),
            13,
            "#595959",
        )
        map_rect = QRectF(margin, below, width - 2 * margin - legend_width - 20, footer_top - below - 16)
        source = self.scene.itemsBoundingRect().marginsAdded(QMarginsF(30, 30, 30, 30))
        painter.setPen(QPen(QColor("#D0D4D9"), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(map_rect)
        self.scene.render(painter, map_rect.adjusted(4, 4, -4, -4), source, Qt.AspectRatioMode.KeepAspectRatio)

        x = width - margin - legend_width
        y = text(x, below, self.tr("Legende"), 18, "#1F3A5F", bold=True) + 8
        entries = self.legend_entries()
        size = 15 if len(entries) <= 20 else 12
        for label, (colour, shape) in entries:
            painter.setPen(QPen(QColor("white"), 1))
            painter.setBrush(QColor(colour))
            painter.drawPath(marker_path(shape, 7).translated(x + 9, y + size * 0.65))
            y = text(x + 26, y, label, size, box_width=legend_width - 26) + 5
        y += 10
        for note in (
            self.tr("Größe: Anzahl der Verbindungen"),
            self.tr("Linie: gemeinsames Netzwerk, Arbeitsstelle oder eingetragene Beziehung"),
        ):
            y = text(x, y, note, 13, "#595959", box_width=legend_width) + 4
        painter.end()
