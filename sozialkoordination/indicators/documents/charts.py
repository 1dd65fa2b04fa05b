"""Indicator charts as matplotlib Figures (no Qt): time series with the Landkreis as reference, sorted comparison of
the Sozialräume, and small multiples of the trends. Protected small numbers are never drawn at their height."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from sozialkoordination.core.formatting import german_date
from sozialkoordination.indicators.documents import style
from sozialkoordination.indicators.service import LANDKREIS_NAME, value_text

if TYPE_CHECKING:
    from sozialkoordination.indicators.service import AreaValue, ComparisonData, IndicatorDTO, MultiplesData, TrendData


def _unit(indicator: IndicatorDTO) -> str:
    return indicator.unit_text or ""


def _subtitle(indicator: IndicatorDTO, extra: str) -> str:
    return style.subtitle(_unit(indicator), indicator.age_text, extra)


def _decimals(indicator: IndicatorDTO) -> int | None:
    return 1 if indicator.is_rate else None


def _label(value: AreaValue | None, limit: int, decimals: int | None) -> str:
    """ "< 3", "geheim", "k. A." as the table says; "keine Angabe" where there is no value at all."""
    shown = value_text(value, limit, decimals)
    return "keine Angabe" if shown == "–" else shown


def trend_chart(data: TrendData, width_cm: float = 17, height_cm: float = 10) -> Figure:
    """One line per chosen area over the reference dates; the Landkreis as a dashed reference line (for counts on
    its own right-hand axis, because the district's total dwarfs any Sozialraum)."""
    ind = data.indicator
    figure = style.new_figure(width_cm, height_cm)
    axes = figure.add_subplot()
    style.style_axes(axes)
    days = sorted(
        {p.reference_date for s in data.series for p in s.points}
        | ({p.reference_date for p in data.landkreis.points} if data.landkreis else set())
    )
    yearly = style.is_yearly(days)
    position = {d: i for i, d in enumerate(days)}
    decimals = _decimals(ind)
    handles = []
    protected_seen = False
    for n, series in enumerate(data.series):
        colour, marker = style.LINE_COLOURS[n % len(style.LINE_COLOURS)], style.MARKERS[n % len(style.MARKERS)]
        xs = [position[p.reference_date] for p in series.points]
        ys = [p.shown if p.shown is not None else math.nan for p in series.points]
        (line,) = axes.plot(xs, ys, color=colour, marker=marker, markersize=5, linewidth=2, label=series.area.label)
        handles.append(line)
        for p in series.points:
            if p.protected:
                protected_seen = True
                axes.annotate(
                    f"< {data.limit}",
                    (position[p.reference_date], 0),
                    xytext=(0, 4),
                    textcoords="offset points",
                    ha="center",
                    fontsize=7,
                    color=colour,
                    xycoords=("data", "axes fraction"),
                )
        last = next((p for p in reversed(series.points) if p.shown is not None), None)
        if last is not None:
            where = (position[last.reference_date], last.value)
            text = style.number(last.value, decimals)
            axes.annotate(
                text, where, xytext=(6, 0), textcoords="offset points", va="center", fontsize=7.5, color=colour
            )
    reference_axes = axes
    if data.landkreis is not None and any(p.shown is not None for p in data.landkreis.points):
        if not ind.is_rate and data.series:
            reference_axes = axes.twinx()
            reference_axes.spines["top"].set_visible(False)
            reference_axes.tick_params(labelsize=8, colors=style.LANDKREIS_COLOUR, length=3)
            style.german_axis(reference_axes.yaxis, decimals)
            reference_axes.set_ylabel(
                f"{data.landkreis.area.name} (rechte Achse)", fontsize=8, color=style.LANDKREIS_COLOUR
            )
        xs = [position[p.reference_date] for p in data.landkreis.points]
        ys = [p.shown if p.shown is not None else math.nan for p in data.landkreis.points]
        (line,) = reference_axes.plot(
            xs,
            ys,
            color=style.LANDKREIS_COLOUR,
            linestyle="--",
            linewidth=1.6,
            marker="o",
            markersize=3,
            label=data.landkreis.area.name,
        )
        handles.append(line)
        if reference_axes is not axes:
            reference_axes.set_ylim(bottom=0)
    axes.set_xticks(range(len(days)), [style.date_label(d, yearly) for d in days])
    axes.set_xlim(-0.4, max(len(days) - 1, 0) + 0.6)
    style.german_axis(axes.yaxis, decimals)
    if not ind.is_rate:
        axes.set_ylim(bottom=0)
    axes.set_ylabel(style.short_unit(_unit(ind)), fontsize=8, color=style.GREY)
    if protected_seen:
        handles.append(Line2D([], [], linestyle="", label=f"< {data.limit}: kleine Fallzahl, nicht dargestellt"))
    # Below the plot, in as many columns as fit: long Sozialraum names must not run into each other.
    columns = 2 if max((len(h.get_label()) for h in handles), default=0) > 22 else 3
    axes.legend(
        handles=handles, fontsize=7.5, frameon=False, loc="upper left", bbox_to_anchor=(0, -0.08), ncols=columns
    )
    span = f"{german_date(days[0])} bis {german_date(days[-1])}" if days else "keine Werte"
    if yearly:
        span += ", Stichtag jeweils 31.12."
    style.title_block(figure, ind.name, _subtitle(ind, span))
    style.source_line(figure, f"Quelle: {data.source}" if data.source else "Quelle: nicht angegeben")
    if not days:
        _empty(axes)
    return figure


def comparison_chart(data: ComparisonData, width_cm: float = 17, height_cm: float | None = None) -> Figure:
    """The Sozialräume as horizontal bars, largest first, with the Landkreis value as a line; the own region (or
    the chosen area) in colour, the others muted."""
    ind = data.indicator
    decimals = _decimals(ind)
    rows = sorted(data.values, key=lambda v: (v.shown is None, -(v.shown or 0), v.area.name))
    height_cm = height_cm or max(7.5, 2.8 + 0.62 * len(rows))
    figure = style.new_figure(width_cm, height_cm)
    axes = figure.add_subplot()
    style.style_axes(axes)
    axes.grid(axis="y", visible=False)
    axes.grid(axis="x", color="#E3E3E3", linewidth=0.6)
    ys = list(range(len(rows)))[::-1]
    heights = [v.shown or 0 for v in rows]
    colours = [style.HIGHLIGHT if v.area.key in data.highlighted else style.MUTED for v in rows]
    bars = axes.barh(ys, heights, color=colours, height=0.68)
    for bar, v in zip(bars, rows, strict=True):
        bar.set_gid(v.area.key)
    top = max([*heights, data.reference or 0, 0])
    axes.set_xlim(0, top * 1.16 if top else 1)
    for y, v in zip(ys, rows, strict=True):
        text = _label(v, data.limit, decimals)
        axes.annotate(
            text,
            (v.shown or 0, y),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=7.5,
            color=style.TEXT if v.shown is not None else style.GREY,
            fontweight="bold" if v.area.key in data.highlighted else "normal",
        )
    axes.set_yticks(ys, [v.area.name for v in rows])
    for label, v in zip(axes.get_yticklabels(), rows, strict=True):
        if v.area.key in data.highlighted:
            label.set_fontweight("bold")
    axes.tick_params(axis="y", length=0)
    style.german_axis(axes.xaxis, decimals)
    axes.set_xlabel(style.short_unit(_unit(ind)), fontsize=8, color=style.GREY)
    handles = []
    if data.reference is not None:
        axes.axvline(data.reference, color=style.LANDKREIS_COLOUR, linestyle="--", linewidth=1.3)
        what = LANDKREIS_NAME if ind.is_rate else f"{LANDKREIS_NAME}, Durchschnitt je Sozialraum"
        handles.append(
            Line2D(
                [],
                [],
                color=style.LANDKREIS_COLOUR,
                linestyle="--",
                label=f"{what}: {style.number(data.reference, decimals)}",
            )
        )
    if data.highlighted:
        handles.append(Patch(color=style.HIGHLIGHT, label="hervorgehoben"))
    if any(v.protected for v in rows):
        handles.append(Line2D([], [], linestyle="", label=f"< {data.limit}: kleine Fallzahl, kein Balken"))
    if handles:
        axes.legend(handles=handles, fontsize=7.5, frameon=False, loc="lower right")
    scope = f"Sozialräume der Sozialregion {data.region_name}" if data.region_name else "18 Sozialräume"
    when = f"Stand {german_date(data.reference_date)}" if data.reference_date else "keine Werte"
    style.title_block(figure, ind.name, _subtitle(ind, f"{scope}, {when}"))
    style.source_line(figure, f"Quelle: {data.source}" if data.source else "Quelle: nicht angegeben")
    if not rows:
        _empty(axes)
    return figure


def small_multiples(data: MultiplesData, width_cm: float = 17, columns: int = 6) -> Figure:
    """One small chart per Sozialraum. Rates share one scale and show the Landkreis; counts get their own scale."""
    ind = data.indicator
    count = max(len(data.panels), 1)
    columns = min(columns, count)
    rows = math.ceil(count / columns)
    figure = style.new_figure(width_cm, 3.0 + 3.3 * rows)
    grid = figure.subplots(rows, columns, sharex=True, sharey=ind.is_rate, squeeze=False)
    days = sorted({p.reference_date for panel in data.panels for p in panel.points})
    yearly = style.is_yearly(days)
    position = {d: i for i, d in enumerate(days)}
    decimals = _decimals(ind)
    for index, axes in enumerate(grid.flat):
        if index >= len(data.panels):
            axes.set_visible(False)
            continue
        panel = data.panels[index]
        style.style_axes(axes)
        axes.tick_params(labelsize=6.5)
        if ind.is_rate:
            lk = [p.shown if p.shown is not None else math.nan for p in data.landkreis.points]
            axes.plot(
                [position[p.reference_date] for p in data.landkreis.points],
                lk,
                color=style.LANDKREIS_COLOUR,
                linestyle="--",
                linewidth=1,
            )
        ys = [p.shown if p.shown is not None else math.nan for p in panel.points]
        axes.plot(
            [position[p.reference_date] for p in panel.points],
            ys,
            color=style.HIGHLIGHT,
            linewidth=1.8,
            marker="o",
            markersize=2.5,
        )
        for p in panel.points:
            if p.protected:
                axes.annotate(
                    f"< {data.limit}",
                    (position[p.reference_date], 0),
                    xytext=(0, 3),
                    textcoords="offset points",
                    ha="center",
                    fontsize=6,
                    color=style.GREY,
                    xycoords=("data", "axes fraction"),
                )
        if not ind.is_rate:
            axes.set_ylim(bottom=0)
        last = next((p for p in reversed(panel.points) if p.value is not None or p.protected), None)
        shown = _label(last, data.limit, decimals) if last else "–"
        axes.set_title(f"{_two_lines(panel.area.name)}\n{shown}", fontsize=7, color=style.TEXT, loc="left")
        style.german_axis(axes.yaxis, decimals, nbins=3)
        if days:
            ticks = [0, len(days) - 1] if len(days) > 1 else [0]
            axes.set_xticks(ticks, [style.date_label(days[t], yearly) for t in ticks])
    span = f"{german_date(days[0])} bis {german_date(days[-1])}" if days else "keine Werte"
    extra = "gestrichelt: Landkreis" if ind.is_rate else "jede Grafik mit eigener Skala"
    style.title_block(figure, f"{ind.name} je Sozialraum", _subtitle(ind, f"{span} · {extra}"))
    note = (
        f" Werte unter {data.limit} werden nicht dargestellt."
        if any(p.protected for panel in data.panels for p in panel.points)
        else ""
    )
    style.source_line(figure, f"Quelle: {data.source or 'nicht angegeben'}.{note}")
    return figure


def _two_lines(name: str) -> str:
    """Panel titles have two lines for the name (a short name gets an empty second line, so panels align)."""
    if len(name) <= 16 or " " not in name:
        return name + "\n"
    words = name.split(" ")
    cut = max(i for i in range(1, len(words)) if len(" ".join(words[:i])) <= 16) if len(words[0]) <= 16 else 1
    return " ".join(words[:cut]) + "\n" + " ".join(words[cut:])


def _empty(axes) -> None:
    axes.text(
        0.5,
        0.5,
        "Für diese Auswahl liegen keine Werte vor.",
        transform=axes.transAxes,
        ha="center",
        va="center",
        fontsize=10,
        color=style.GREY,
    )
