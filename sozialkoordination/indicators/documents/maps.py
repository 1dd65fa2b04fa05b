"""The choropleth map of the Landkreis (no Qt): Sozialräume or Gemeinden coloured in five classes from the shipped
BKG boundaries, with labels, legend and the licence note the data requires; protected values hatched, not coloured."""

from __future__ import annotations

import functools
import json
import math
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath

from sozialkoordination.config import resource_path
from sozialkoordination.core.enums import AreaLevel, IndicatorDirection
from sozialkoordination.core.formatting import german_date
from sozialkoordination.indicators.documents import style
from sozialkoordination.indicators.service import value_text

if TYPE_CHECKING:
    from sozialkoordination.indicators.service import MapData

BOUNDARY_FILES = {
    AreaLevel.SOZIALRAUM: "landkreis_goettingen_sozialraeume.geojson",
    AreaLevel.GEMEINDE: "landkreis_goettingen_gemeinden.geojson",
}
LICENCE = (
    "Karte: © GeoBasis-DE / BKG 2025 (Daten verändert), Datenlizenz Deutschland – Namensnennung – Version 2.0 "
    "(www.govdata.de/dl-de/by-2-0)"
)
SYMBOL_GROUND = "#F4F1EA"  # the areas under the count circles
SYMBOL_COLOUR = "#2C7FB8"
SYMBOL_MAX = 900.0  # points² of the largest circle
OUTSIDE_FILL = "#E6E6E6"  # Stadt Göttingen and the uninhabited Harz: not one of the 18 Sozialräume
NO_VALUE_FILL = "#FFFFFF"
_LATITUDE = 51.6  # the Landkreis' middle: one degree of longitude is cos(51.6°) of one of latitude


@dataclass(frozen=True)
class Shape:
    key: str  # ARS of the Sozialraum (9 digits) or AGS of the Gemeinde (8 digits)
    name: str
    path: MplPath
    label_at: tuple[float, float]
    area: float


@functools.lru_cache(maxsize=4)
def boundaries(level: str) -> tuple[Shape, ...]:
    """The polygons of one level, projected to a flat plane; read once per process."""
    with resource_path("reference", BOUNDARY_FILES[level]).open(encoding="utf-8") as handle:
        collection = json.load(handle)
    shapes = []
    for feature in collection["features"]:
        props = feature["properties"]
        key = props["vwg_ars"] if level == AreaLevel.SOZIALRAUM else props["ags"]
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        vertices, codes = [], []
        biggest, biggest_area = None, -1.0
        for polygon in polygons:
            for ring_index, ring in enumerate(polygon):
                points = _project(np.asarray(ring, dtype=float))
                signed = _signed_area(points)
                # Exterior counter-clockwise, holes clockwise: the non-zero fill rule then leaves the holes empty.
                if (ring_index == 0) != (signed > 0):
                    points = points[::-1]
                vertices.append(points)
                codes.append([MplPath.MOVETO] + [MplPath.LINETO] * (len(points) - 2) + [MplPath.CLOSEPOLY])
                if ring_index == 0 and abs(signed) > biggest_area:
                    biggest, biggest_area = points, abs(signed)
        path = MplPath(np.concatenate(vertices), np.concatenate(codes))
        name = props.get("name") if level == AreaLevel.GEMEINDE else _short(props.get("name", ""))
        shapes.append(Shape(key, name, path, _label_point(path, biggest), biggest_area))
    return tuple(shapes)


@functools.lru_cache(maxsize=4)
def _bounds(level: str) -> tuple[float, float, float, float]:
    vertices = np.concatenate([shape.path.vertices for shape in boundaries(level)])
    (xmin, ymin), (xmax, ymax) = vertices.min(axis=0), vertices.max(axis=0)
    return float(xmin), float(ymin), float(xmax), float(ymax)


def _short(name: str) -> str:
    for prefix in ("Samtgemeinde ", "Stadt ", "Gemeinde ", "Flecken "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _project(points: np.ndarray) -> np.ndarray:
    return np.column_stack((points[:, 0] * math.cos(math.radians(_LATITUDE)), points[:, 1]))


def _signed_area(points: np.ndarray) -> float:
    x, y = points[:, 0], points[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


def _label_point(path: MplPath, ring: np.ndarray) -> tuple[float, float]:
    """A point well inside the largest part (odd shapes have their centroid outside): the grid point inside the
    shape farthest from its outline."""
    xmin, ymin = ring.min(axis=0)
    xmax, ymax = ring.max(axis=0)
    xs, ys = np.meshgrid(np.linspace(xmin, xmax, 28), np.linspace(ymin, ymax, 28))
    candidates = np.column_stack((xs.ravel(), ys.ravel()))
    inside = candidates[path.contains_points(candidates)]
    if not len(inside):
        return float(ring[:, 0].mean()), float(ring[:, 1].mean())
    edges = path.vertices[:: max(1, len(path.vertices) // 600)]
    distance = np.min(np.linalg.norm(inside[:, None, :] - edges[None, :, :], axis=2), axis=1)
    best = inside[int(np.argmax(distance))]
    return float(best[0]), float(best[1])


def class_breaks(values: list[float], classes: int = 5) -> list[float]:
    """Up to `classes` - 1 inner breaks at the quantiles, rounded to two significant digits (readable legends)."""
    data = sorted(v for v in values if v is not None and math.isfinite(v))
    if len(set(data)) < 2:
        return []
    breaks = []
    for q in range(1, classes):
        raw = float(np.quantile(data, q / classes))
        if raw == 0:
            continue
        digits = 1 - int(math.floor(math.log10(abs(raw))))
        rounded = round(raw, digits)
        if data[0] < rounded <= data[-1] and rounded not in breaks:
            breaks.append(rounded)
    return sorted(breaks)


def _class_of(value: float, breaks: list[float]) -> int:
    return sum(1 for b in breaks if value >= b)


def choropleth_map(
    data: MapData, width_cm: float = 17, height_cm: float = 14.5, labels: bool = True, focus: bool = False
) -> Figure:
    """The map of one indicator; with focus, the highlighted areas fill the frame and their neighbours show around
    them (the Gemeinden of one Sozialraum are too small to tell apart on the map of the Landkreis)."""
    ind = data.indicator
    shapes = boundaries(data.level)
    decimals = 1 if ind.is_rate else None
    values = {k: v.shown for k, v in data.values.items() if v.shown is not None}
    breaks = class_breaks(list(values.values()))
    palette = style.SEQUENTIAL.get(ind.direction, style.SEQUENTIAL[IndicatorDirection.NEUTRAL])
    colours = palette if len(breaks) >= 4 else _spread(palette, len(breaks) + 1)
    # Counts are drawn as circles whose area grows with the count: a filled map would make large areas look
    # important because they are large. Rates colour the areas.
    symbols = not ind.is_rate
    figure = style.new_figure(width_cm, height_cm)
    axes = figure.add_subplot()
    axes.set_axis_off()
    axes.set_aspect("equal")
    protected_seen = missing_seen = outside_seen = False
    for shape in shapes:
        value = data.values.get(shape.key)
        outside = value is None
        hatch = None
        if outside:
            fill, outside_seen = OUTSIDE_FILL, True
        elif value.protected:
            fill, hatch, protected_seen = "#F2F2F2", "////", True
        elif value.shown is None:
            fill, hatch, missing_seen = NO_VALUE_FILL, "....", True
        elif symbols:
            fill = SYMBOL_GROUND
        else:
            fill = colours[_class_of(value.shown, breaks)]
        patch = PathPatch(
            shape.path,
            facecolor=fill,
            edgecolor="#FFFFFF" if not outside else "#BDBDBD",
            linewidth=0.8,
            hatch=hatch,
            gid=None if outside else shape.key,
        )
        if hatch:
            patch.set_edgecolor("#9A9A9A")
        axes.add_artist(patch)
    for shape in shapes:  # outlines of the highlighted area on top of every neighbour
        if shape.key in data.highlighted:
            axes.add_artist(PathPatch(shape.path, facecolor="none", edgecolor="#000000", linewidth=2.4, zorder=4))
    if data.level == AreaLevel.GEMEINDE:
        for shape in boundaries(AreaLevel.SOZIALRAUM):
            axes.add_artist(PathPatch(shape.path, facecolor="none", edgecolor="#5A5A5A", linewidth=1.0, zorder=3))
    # add_artist instead of add_patch: computing the limits from every Bézier segment took most of the time.
    focused = [shape.path.vertices for shape in shapes if shape.key in data.highlighted] if focus else []
    if focused:
        (xmin, ymin), (xmax, ymax) = np.concatenate(focused).min(axis=0), np.concatenate(focused).max(axis=0)
        pad = 0.08 * max(xmax - xmin, ymax - ymin)
    else:
        xmin, ymin, xmax, ymax = _bounds(data.level)
        pad = 0.01 * (xmax - xmin)
    axes.set_xlim(xmin - pad, xmax + pad)
    axes.set_ylim(ymin - pad, ymax + pad)
    handles = _symbols(axes, shapes, values) if symbols else []
    bounds = [None, *breaks, None]
    for i, colour in enumerate([] if symbols else colours):
        low, high = bounds[i], bounds[i + 1]
        if low is None and high is None:
            text = "alle Werte" if values else None
        elif low is None:
            text = f"unter {style.number(high, decimals)}"
        elif high is None:
            text = f"{style.number(low, decimals)} und mehr"
        else:
            text = f"{style.number(low, decimals)} bis unter {style.number(high, decimals)}"
        if text:
            handles.append(Patch(facecolor=colour, edgecolor="#9A9A9A", linewidth=0.5, label=text))
    if protected_seen:
        handles.append(
            Patch(
                facecolor="#F2F2F2", edgecolor="#9A9A9A", hatch="////", label=f"< {data.limit} oder geheim (geschützt)"
            )
        )
    if missing_seen:
        handles.append(Patch(facecolor=NO_VALUE_FILL, edgecolor="#9A9A9A", hatch="....", label="keine Angabe"))
    if outside_seen:
        handles.append(Patch(facecolor=OUTSIDE_FILL, edgecolor="#BDBDBD", label="nicht Teil der 18 Sozialräume"))
    if data.highlighted:
        handles.append(Patch(facecolor="none", edgecolor="#000000", linewidth=2, label="hervorgehoben"))
    title = textwrap.fill(ind.unit_text or "Wert", 26)
    # The legend beside the map (set_loc below), never on it; the layout makes room for it.
    # circles of up to 30 pt need room between the legend's lines
    legend = axes.legend(
        handles=handles,
        title=title,
        fontsize=7,
        title_fontsize=7.5,
        loc="lower right",
        frameon=False,
        alignment="left",
        borderaxespad=0.2,
        labelspacing=2.2 if symbols else 0.5,
        handletextpad=1.6 if symbols else 0.8,
    )
    legend.get_title().set_color(style.TEXT)
    legend.set_loc("center left")
    legend.set_bbox_to_anchor((1.01, 0.5), transform=axes.transAxes)
    level = "Sozialraum" if data.level == AreaLevel.SOZIALRAUM else "Gemeinde"
    when = f"Stand {german_date(data.reference_date)}" if data.reference_date else "keine Werte"
    what = f"je {level}" + (", Kreisfläche entspricht der Anzahl" if symbols else "")
    style.title_block(figure, ind.name, style.subtitle(ind.unit_text, ind.age_text, what, when))
    source = f"Quelle: {data.source}" if data.source else "Quelle: nicht angegeben"
    style.source_line(figure, f"{source}\n{LICENCE}")  # before the labels: the room it takes moves the map
    if focused:
        _fill_frame(axes)
    skipped = _labels(axes, shapes, data, decimals) if labels else 0
    if skipped:
        source += f". {skipped} kleine Gebiete ohne Beschriftung: Werte in der Tabelle oder beim Zeigen mit der Maus"
        style.source_line(figure, f"{source}\n{LICENCE}")
    # The labels were placed without overlaps for this layout: a later layout pass would shrink the map under them.
    figure.set_layout_engine("none")
    return figure


def _fill_frame(axes) -> None:
    """Widen the shown part to the frame the layout gives the map, so a part of the Landkreis is drawn as large as
    the whole would be, with more of its neighbours around it (equal scale in both directions)."""
    figure = axes.figure
    figure.get_layout_engine().execute(figure)
    frame = axes.get_position(original=True)
    width, height = frame.width * figure.get_figwidth(), frame.height * figure.get_figheight()
    (x0, x1), (y0, y1) = axes.get_xlim(), axes.get_ylim()
    if (x1 - x0) / (y1 - y0) < width / height:
        grow = ((y1 - y0) * width / height - (x1 - x0)) / 2
        axes.set_xlim(x0 - grow, x1 + grow)
    else:
        grow = ((x1 - x0) * height / width - (y1 - y0)) / 2
        axes.set_ylim(y0 - grow, y1 + grow)


def _symbols(axes, shapes, values: dict[str, float]) -> list:
    """A circle per area with a value, its area proportional to the count; legend circles for orientation."""
    largest = max((v for v in values.values() if v > 0), default=0)
    if not largest:
        return []
    points = [(shape.label_at, values[shape.key]) for shape in shapes if values.get(shape.key, 0) > 0]
    axes.scatter(
        [p[0][0] for p in points],
        [p[0][1] for p in points],
        s=[SYMBOL_MAX * v / largest for _, v in points],
        facecolor=SYMBOL_COLOUR,
        edgecolor="#FFFFFF",
        linewidth=0.8,
        alpha=0.6,
        zorder=4,
    )
    return [
        Line2D(
            [],
            [],
            linestyle="",
            marker="o",
            markersize=math.sqrt(SYMBOL_MAX * share),
            alpha=0.6,
            markerfacecolor=SYMBOL_COLOUR,
            markeredgecolor="#FFFFFF",
            label=style.number(largest * share, None),
        )
        for share in (1.0, 0.25)
    ]


def _spread(palette: tuple[str, ...], count: int) -> tuple[str, ...]:
    """Fewer classes than colours: take colours spread over the scheme, so light and dark stay apart."""
    if count <= 1:
        return (palette[len(palette) // 2],)
    return tuple(palette[round(i * (len(palette) - 1) / (count - 1))] for i in range(count))


OUTSIDE_NAMES = {
    "031590016": "Stadt Göttingen",
    "03159016": "Stadt Göttingen",
    "031599501": "Harz (gemeindefrei)",
    "03159501": "Harz (gemeindefrei)",
}


def _labels(axes, shapes, data: MapData, decimals) -> int:
    """Name and value inside each area, larger areas first; a label that would cover another is shortened to the
    value, moved a little, or (Gemeinden only) left out – hover and the table give those. Returns how many were
    left out."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(axes.figure).get_renderer()
    axes.figure.get_layout_engine().execute(axes.figure)
    halo = [patheffects.withStroke(linewidth=2.2, foreground="white")]
    gemeinden = data.level == AreaLevel.GEMEINDE
    placed: list = []
    skipped = 0
    (x0, x1), (y0, y1) = axes.get_xlim(), axes.get_ylim()
    for shape in sorted(shapes, key=lambda s: -s.area):
        value = data.values.get(shape.key)
        x, y = shape.label_at
        if not (x0 <= x <= x1 and y0 <= y <= y1):  # a map of a part: an area outside it is neither named nor missed
            continue
        if value is None:
            name = OUTSIDE_NAMES.get(shape.key)
            if name:
                text = axes.text(
                    x,
                    y,
                    name,
                    ha="center",
                    va="center",
                    fontsize=6.5,
                    color="#6E6E6E",
                    style="italic",
                    path_effects=halo,
                    zorder=5,
                    clip_on=True,  # a map of a part: names of areas outside it stay off the legend
                )
                placed.append(text.get_window_extent(renderer).expanded(1.05, 1.1))
            continue
        shown = value_text(value, data.limit, decimals)
        weight = "bold" if shape.key in data.highlighted else "normal"
        size = 6.3 if gemeinden else 7
        name = _short(shape.name)
        # Gemeinden are named too where there is room; elsewhere the value alone (table and hover name them)
        variants = [f"{_wrap(name)}\n{shown}", shown] if gemeinden else [f"{_wrap(name)}\n{shown}", f"{name}: {shown}"]
        done = False
        for label in variants:
            for dx, dy in ((0, 0), (0, 9), (0, -9), (14, 0), (-14, 0), (0, 16), (0, -16)):
                text = axes.annotate(
                    label,
                    (x, y),
                    xytext=(dx, dy),
                    textcoords="offset points",
                    ha="center",
                    va="center",
                    fontsize=size,
                    color=style.TEXT,
                    linespacing=1.05,
                    path_effects=halo,
                    zorder=5,
                    fontweight=weight,
                )
                box = text.get_window_extent(renderer).expanded(1.04, 1.08)
                if not any(box.overlaps(other) for other in placed):
                    placed.append(box)
                    done = True
                    break
                text.remove()
            if done:
                break
        if not done:
            skipped += 1
    return skipped


def _wrap(name: str) -> str:
    """ "Bad Lauterberg im Harz" on two lines, so labels stay inside their area."""
    if len(name) <= 12 or " " not in name:
        return name
    words = name.split(" ")
    best = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))))
    return " ".join(words[:best]) + "\n" + " ".join(words[best:])


def area_at(figure: Figure, x: float, y: float) -> str | None:
    """The key of the area under a point in display pixels (hover and click in the window)."""
    for axes in figure.axes:
        for patch in axes.patches:
            if patch.get_gid() and patch.contains_point((x, y)):
                return patch.get_gid()
    return None
