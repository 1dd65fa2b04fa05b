"""The one place for colours and style sheets. Every colour is derived from the system palette, so text keeps a
WCAG contrast of at least 4.5:1 (3:1 for large text and the outlines of controls) in light, dark and high-contrast
palettes; in high-contrast mode the marking colours give way to the palette's own text colour.

Colour never carries information alone: an overdue task also says "überfällig", a refused field also gets a
message. Views ask this module for a style sheet (`muted()`, `error_box()` …) or a colour (`colour(ERROR)`), never
write a colour themselves."""

from __future__ import annotations

import os
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

TEXT_CONTRAST = 4.5  # WCAG 2.1 1.4.3: normal text
LARGE_CONTRAST = 3.0  # WCAG 2.1 1.4.3 / 1.4.11: large text (18 pt, 14 pt bold) and the outlines of controls
HIGH_CONTRAST_VARIABLE = "SOZIALKOORDINATION_KONTRAST"  # "hoch": as the system's high-contrast setting, for tests

# Marking roles: the hue a role starts from; the shade actually used is darkened (or lightened on dark palettes)
# until it reaches the contrast needed on the background it is drawn on.
ERROR = "error"  # refused input, failed save, overdue task, budget overrun
WARNING = "warning"  # due soon, differing values, a notice to look at
SUCCESS = "success"  # a settled choice
MUTED = "muted"  # hints, counts, former members, finished tasks
CHANGED = "changed"  # a field someone else changed (save conflict)
NEUTRAL = "neutral"  # a calm box, skipped rows
_HUES = {
    ERROR: "#c0392b",
    WARNING: "#b07800",
    SUCCESS: "#2e7d32",
    MUTED: "#777777",
    CHANGED: "#e0a030",
    NEUTRAL: "#8090a0",
}
TINT_STRENGTH = 0.16  # how much of the hue a tinted background takes (the rest is the base colour)

# Categories of the network map (Okabe–Ito, distinguishable with the common colour-vision deficiencies). They fill
# dots with a dark outline and are always named in the legend and the tooltip, so the colour is never alone.
CATEGORY_COLOURS = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
    "#7f7f7f",
    "#8c564b",
    "#17becf",
    "#bcbd22",
)
PERSON_COLOUR = "#b0b7bf"
# The map is a picture that is also exported (PNG, SVG, PDF): it keeps its light paper in every palette, its labels
# and outlines keep ≥ 4.5:1 and ≥ 3:1 on it (the dark outline lets even the yellow dot stand out).
MAP_PAPER = "#fbfbfc"
MAP_LABEL = "#333333"
MAP_DOT_OUTLINE = "#5f6368"
MAP_CENTRE = "#b3261e"
MAP_EDGE = QColor(120, 130, 140, 70)  # faint on purpose: the dots carry the information, lines only hint
EXPORT_PAPER = "#ffffff"


# -- contrast (WCAG 2.1) ----------------------------------------------------------------------------------------------
def _channel(value: float) -> float:
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def luminance(colour: QColor) -> float:
    """Relative luminance as WCAG defines it (0 black … 1 white)."""
    return 0.2126 * _channel(colour.redF()) + 0.7152 * _channel(colour.greenF()) + 0.0722 * _channel(colour.blueF())


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG contrast ratio of two opaque colours, 1 … 21."""
    a, b = sorted((luminance(first), luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def mix(first: QColor, second: QColor, share_of_second: float) -> QColor:
    t = max(0.0, min(1.0, share_of_second))
    return QColor.fromRgbF(
        first.redF() * (1 - t) + second.redF() * t,
        first.greenF() * (1 - t) + second.greenF() * t,
        first.blueF() * (1 - t) + second.blueF() * t,
    )


def readable(colour: QColor, backgrounds: list[QColor], towards: QColor, minimum: float = TEXT_CONTRAST) -> QColor:
    """`colour`, moved step by step towards `towards` (the palette's text colour) until it reaches `minimum` on
    every one of `backgrounds`."""
    for step in range(21):
        candidate = mix(colour, towards, step / 20)
        if all(contrast_ratio(candidate, background) >= minimum for background in backgrounds):
            return candidate
    return QColor(towards)


# -- the palette ------------------------------------------------------------------------------------------------------
def palette() -> QPalette:
    return QGuiApplication.palette()


def high_contrast() -> bool:
    """The system asks for high contrast (Windows contrast themes, GNOME/KDE high contrast; Qt ≥ 6.10)."""
    if os.environ.get(HIGH_CONTRAST_VARIABLE, "").lower() == "hoch":
        return True
    hints = QGuiApplication.styleHints()
    accessibility = getattr(hints, "accessibility", None)
    if accessibility is None:
        return False
    return accessibility().contrastPreference() == Qt.ContrastPreference.HighContrast


def _text(p: QPalette) -> QColor:
    return p.color(QPalette.ColorRole.Text)


def _backgrounds(p: QPalette) -> list[QColor]:
    """Where text of the forms and lists is drawn: the window, the fields and the alternating rows."""
    roles = (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.AlternateBase)
    return [p.color(role) for role in roles]


def text() -> QColor:
    """The palette's text colour (a cell that is plain data again after a marked one)."""
    return QColor(_text(palette()))


def colour(role: str, p: QPalette | None = None) -> QColor:
    """The text colour of a marking role, readable on the window, fields and alternating rows of the palette."""
    p = p or palette()
    text = _text(p)
    if high_contrast():
        return QColor(text)
    if role == MUTED:
        # As far from the text colour as the contrast allows: a calm hint, still readable.
        return readable(mix(text, p.color(QPalette.ColorRole.Base), 0.6), _backgrounds(p), text)
    return readable(QColor(_HUES[role]), _backgrounds(p), text)


def tint(role: str, p: QPalette | None = None, strength: float = TINT_STRENGTH) -> QColor:
    """A calm background of a marking role (stronger or weaker where cells of one table are graded); the palette's
    text stays readable on it, in a dark palette too."""
    p = p or palette()
    base = p.color(QPalette.ColorRole.Base)
    if high_contrast():
        return QColor(base)
    candidate = mix(base, QColor(_HUES[role]), strength)
    if contrast_ratio(_text(p), candidate) >= TEXT_CONTRAST:
        return candidate
    return QColor(base)


def tinted_text(role: str, p: QPalette | None = None) -> QColor:
    """The text colour of a marking role on its own tint (message boxes inside a form)."""
    p = p or palette()
    return readable(colour(role, p), [tint(role, p)], _text(p))


# -- style sheets -----------------------------------------------------------------------------------------------------
def _points(factor: float) -> str:
    """A font size relative to the system font, so headings follow the user's chosen size."""
    base = QGuiApplication.font().pointSizeF()
    if base <= 0:
        base = 9.0
    return f"{base * factor:.1f}pt"


def html_heading(escaped_text: str, factor: float = 1.4) -> str:
    """A heading inside a rich-text label (the text already escaped)."""
    return f"<span style='font-size:{_points(factor)}; font-weight:600'>{escaped_text}</span>"


def html_muted(escaped_text: str) -> str:
    """A hint inside a rich-text label (the text already escaped), as readable as `muted()`."""
    return f"<span style='color:{colour(MUTED).name()}'>{escaped_text}</span>"


def html_swatch(colour_name: str) -> str:
    """The coloured dot of a legend entry (always followed by its name)."""
    return f"<span style='color:{colour_name}'>●</span>"


def muted() -> str:
    return f"color: {colour(MUTED).name()};"


def error_text() -> str:
    return f"color: {colour(ERROR).name()};"


def warning_text() -> str:
    return f"color: {colour(WARNING).name()};"


def _box(role: str) -> str:
    return f"color: {tinted_text(role).name()}; padding: 6px; background: {tint(role).name()}; border-radius: 4px;"


def error_box() -> str:
    """A message about refused input, above a form."""
    return _box(ERROR)


def notice_box() -> str:
    """A notice (not a mistake) above a form."""
    return _box(WARNING)


def calm_box() -> str:
    """A framed note in a panel (the follow-up of a meeting)."""
    return f"background: {tint(NEUTRAL).name()}; padding: 6px; border-radius: 4px;"


def bar(name: str, role: str = CHANGED) -> str:
    """A tinted bar (the undo bar of a decision), addressed by its object name."""
    return f"#{name} {{ background: {tint(role).name()}; border-radius: 4px; }}"


def invalid_field() -> str:
    """A refused field: an outline of at least 3:1 against its surroundings, with a light tint."""
    p = palette()
    outline = readable(QColor(_HUES[ERROR]), _backgrounds(p), _text(p), LARGE_CONTRAST)
    return f"border: 2px solid {outline.name()}; background: {tint(ERROR).name()};"


def strong() -> str:
    return "font-weight: 600;"


def heading(factor: float = 1.0) -> str:
    """A heading `factor` times the system font size (1.0: a bold line in the body's size)."""
    return f"font-size: {_points(factor)}; font-weight: 600;" if factor != 1.0 else strong()


def larger(factor: float) -> str:
    return f"font-size: {_points(factor)};"


def link_button() -> str:
    """A flat button that reads as a link (underlined, not by colour alone)."""
    focus = focus_colour().name()
    return (
        f"QPushButton {{ color: {_link().name()}; text-decoration: underline; text-align: left;"
        " border: 1px solid transparent; padding: 1px 3px; }"
        f"QPushButton:focus {{ border: 1px solid {focus}; border-radius: 2px; }}"
    )


def focus_colour(p: QPalette | None = None) -> QColor:
    """The frame around what has the keyboard focus: at least 3:1 against the window and the fields."""
    p = p or palette()
    return readable(p.color(QPalette.ColorRole.Highlight), _backgrounds(p), _text(p), LARGE_CONTRAST)


def _link(p: QPalette | None = None) -> QColor:
    p = p or palette()
    return readable(p.color(QPalette.ColorRole.Link), _backgrounds(p), _text(p))


def card(name: str = "card") -> str:
    p = palette()
    border = readable(p.color(QPalette.ColorRole.Mid), [p.color(QPalette.ColorRole.Base)], _text(p), 1.5)
    return (
        f"QFrame#{name} {{ background: {p.color(QPalette.ColorRole.Base).name()}; border: 1px solid {border.name()};"
        " border-radius: 6px; }"
        f"QFrame#{name} QListWidget:focus {{ border: 2px solid {focus_colour(p).name()}; }}"
    )


def outlined(selector: str) -> str:
    return f"{selector} {{ border: 1px solid {palette().color(QPalette.ColorRole.Mid).name()}; }}"


def tree_rows(selector: str = "QTreeView") -> str:
    return f"{selector}::item {{ padding: 4px 2px; }}"


def navigation(name: str = "navigation") -> str:
    """The area list on the left: the system font, the palette's colours, a visible focus frame."""
    p = palette()
    window = p.color(QPalette.ColorRole.Window)
    highlight, highlighted_text = _navigation_selection(p)
    border = readable(p.color(QPalette.ColorRole.Mid), [window], _text(p), 1.5)
    focus = focus_colour(p)
    return (
        f"QListWidget#{name} {{ padding-top: 8px; background: {window.name()}; color: {_text(p).name()};"
        f" border: none; border-right: 1px solid {border.name()}; }}"
        f"QListWidget#{name}::item {{ padding: 0.45em 0.9em; }}"
        f"QListWidget#{name}::item:selected {{ background: {highlight.name()}; color: {highlighted_text.name()}; }}"
        f"QListWidget#{name}:focus {{ border: 2px solid {focus.name()}; }}"
    )


def _navigation_selection(p: QPalette) -> tuple[QColor, QColor]:
    highlight = p.color(QPalette.ColorRole.Highlight)
    highlighted_text = p.color(QPalette.ColorRole.HighlightedText)
    if contrast_ratio(highlight, highlighted_text) < TEXT_CONTRAST:
        away = QColor("#000000") if luminance(highlighted_text) > 0.5 else QColor("#ffffff")
        highlight = readable(highlight, [highlighted_text], away)
    return highlight, highlighted_text


# -- the audit ------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Pair:
    name: str
    text: QColor
    background: QColor
    minimum: float = TEXT_CONTRAST


def text_pairs(p: QPalette | None = None) -> list[Pair]:
    """Every text colour this module hands out, with each background it is drawn on: the accessibility test checks
    their contrast in the light, the dark and the high-contrast palette."""
    p = p or palette()
    backgrounds = dict(zip(("Fenster", "Feld", "Zeile"), _backgrounds(p), strict=True))
    pairs = [Pair("Text", _text(p), p.color(QPalette.ColorRole.Base))]
    pairs.append(Pair("Fenstertext", p.color(QPalette.ColorRole.WindowText), p.color(QPalette.ColorRole.Window)))
    for role in (ERROR, WARNING, SUCCESS, MUTED):
        for where, background in backgrounds.items():
            pairs.append(Pair(f"{role} auf {where}", colour(role, p), background))
    for role in (ERROR, WARNING, SUCCESS, CHANGED, NEUTRAL):
        pairs.append(Pair(f"Text auf {role}-Hintergrund", _text(p), tint(role, p)))
    for role in (ERROR, WARNING):
        pairs.append(Pair(f"{role}-Meldung", tinted_text(role, p), tint(role, p)))
    for where, background in backgrounds.items():
        pairs.append(Pair(f"Link auf {where}", _link(p), background))
    highlight, highlighted_text = _navigation_selection(p)
    pairs.append(Pair("Navigation, gewählter Bereich", highlighted_text, highlight))
    for where, background in backgrounds.items():
        pairs.append(Pair(f"Fokusrahmen auf {where}", focus_colour(p), background, LARGE_CONTRAST))
    return pairs
