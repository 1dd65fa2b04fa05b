"""The look shared by all charts: colour-blind-safe colours that also print in grey, German numbers and dates on
the axes, the title block and the source line at the foot."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from sozialkoordination.core.enums import IndicatorDirection
from sozialkoordination.core.formatting import german_date, german_number
from sozialkoordination.documents.files import WriteError, write_atomically

# Okabe & Ito (2008): distinguishable with every common colour-vision deficiency; markers vary too, for print.
LINE_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#000000")
MARKERS = ("o", "s", "^", "D", "v", "P", "X")
LANDKREIS_COLOUR = "#4D4D4D"
HIGHLIGHT = "#0072B2"
MUTED = "#B9C3CE"
TEXT = "#222222"
GREY = "#595959"
# ColorBrewer sequential schemes (5 classes), marked colour-blind safe and print friendly by colorbrewer2.org.
SEQUENTIAL = {
    IndicatorDirection.NEUTRAL: ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),  # YlGnBu
    IndicatorDirection.HIGHER_BETTER: ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
    IndicatorDirection.HIGHER_WORSE: ("#ffffd4", "#fed98e", "#fe9929", "#d95f0e", "#993404"),  # YlOrBr
}
FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
PRINT_DPI = 300
SCREEN_DPI = 100


def new_figure(width_cm: float, height_cm: float) -> Figure:
    figure = Figure(figsize=(width_cm / 2.54, height_cm / 2.54), dpi=SCREEN_DPI, facecolor="white")
    figure.set_layout_engine("constrained", h_pad=0.06, w_pad=0.06)
    return figure


def number(value: float | None, decimals: int | None = None) -> str:
    if value is None:
        return ""
    if decimals is None:
        decimals = 0 if abs(value) >= 100 or float(value).is_integer() else 1
    return german_number(round(value, decimals), decimals)


def german_axis(axis, decimals: int | None = None, nbins: int = 6) -> None:
    """Tick labels as 12.345 or 7,5; counts (decimals None) get whole-number ticks only."""
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: number(v, decimals)))
    axis.set_major_locator(MaxNLocator(nbins=nbins, min_n_ticks=3, integer=decimals is None))


def date_label(day: date, yearly: bool) -> str:
    """Year-end figures read best as the year ("2023"); other dates as 30.06.2023."""
    return str(day.year) if yearly else german_date(day)


def is_yearly(days: list[date]) -> bool:
    return bool(days) and all((d.month, d.day) == (12, 31) for d in days) and len({d.year for d in days}) == len(days)


def title_block(figure: Figure, title: str, subtitle: str) -> None:
    """Bold title and a grey subtitle (wrapped to the width) above the plot; the layout keeps the room free."""
    width_in, height_in = figure.get_size_inches()
    lines = textwrap.wrap(subtitle, width=max(30, int(width_in * 2.54 * 5.6))) if subtitle else []
    top = 0.12 / height_in
    figure.text(0.012, 1 - top, title, ha="left", va="top", fontsize=12, fontweight="bold", color=TEXT)
    if lines:
        figure.text(
            0.012,
            1 - top - 0.26 / height_in,
            "\n".join(lines),
            ha="left",
            va="top",
            fontsize=8.5,
            color=GREY,
            linespacing=1.25,
        )
    reserved = (0.32 + 0.16 * len(lines) + 0.12) / height_in
    figure.get_layout_engine().set(rect=(0, 0, 1, 1 - reserved))


def source_line(figure: Figure, text: str) -> None:
    width_in = figure.get_size_inches()[0]
    wrapped = "\n".join(
        textwrap.fill(part, width=max(40, int(width_in * 2.54 * 7.2))) for part in text.split("\n") if part
    )
    figure.supxlabel(wrapped, x=0.012, ha="left", fontsize=6.5, color=GREY, linespacing=1.3)


def subtitle(*parts: str) -> str:
    """Parts joined with " · ", leaving out empty ones and an age range the unit already names."""
    kept: list[str] = []
    for part in parts:
        if part and not any(part in k for k in kept):
            kept.append(part)
    return " · ".join(kept)


def short_unit(unit: str) -> str:
    """Axis titles stay short ("%", "Personen"); the long base goes into the subtitle."""
    return unit if len(unit) <= 14 else ""


def style_axes(axes) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        axes.spines[side].set_color("#8C8C8C")
    axes.tick_params(labelsize=8, colors=TEXT, length=3)
    axes.grid(axis="y", color="#E3E3E3", linewidth=0.6)
    axes.set_axisbelow(True)


def save(figure: Figure, path: Path) -> Path:
    """PNG at print resolution (300 dpi), SVG or PDF, chosen by the file's suffix; the file appears only complete."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise WriteError(
            f"Das Format „{path.suffix or path.name}“ wird für Grafiken nicht unterstützt. Bitte wählen Sie .png, "
            ".svg oder .pdf."
        )
    metadata = {"Creator": "Sozialkoordination"} if fmt in ("svg", "pdf") else {"Software": "Sozialkoordination"}

    def write(partial: Path) -> None:
        # SVG keeps its text as text (editable in Word and Inkscape, found by screen readers), PDF embeds TrueType.
        with rc_context({"svg.fonttype": "none", "pdf.fonttype": 42}):
            figure.savefig(partial, format=fmt, dpi=PRINT_DPI, facecolor="white", metadata=metadata)

    write_atomically(path, write, "einem Grafik- oder PDF-Programm")
    return path
