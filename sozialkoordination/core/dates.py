"""Reading dates and times the way people type them in Germany ("17.3.27", "1800", "18 Uhr") or partners write
them in spreadsheets (Excel serials, "März 2026", "Stand 31.12.2023"), without Qt."""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sozialkoordination.core.normalize import fold

DATE_HINT = "Bitte im Format TT.MM.JJJJ eingeben."
TIME_HINT = "Bitte im Format hh:mm eingeben."
EARLIEST_PLAUSIBLE = date(2000, 1, 1)
PLAUSIBLE_YEARS_AHEAD = 10

# Day and month, then an optional year, separated by what people use: "." on the keyboard, "," on the number pad.
_SEPARATED = re.compile(r"(\d{1,2})\s*[.,/\- ]\s*(\d{1,2})(?:\s*[.,/\- ]\s*(\d{2}|\d{4})?)?\s*\.?")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DIGITS = re.compile(r"\d+")
_CLOCK = re.compile(r"(\d{1,2})\s*[:.,h]\s*(\d{2})")
_UHR = re.compile(r"\s*(uhr|h)\s*$", re.IGNORECASE)


def parse_typed_date(text: str, today: date | None = None) -> date:
    """The date meant by `text`; a missing year is this year, a two-digit year is 20xx.

    Raises ValueError with a message for the user when the text is no date or the date does not exist."""
    typed = text.strip()
    if not typed:
        raise ValueError("Bitte ein Datum im Format TT.MM.JJJJ eingeben.")
    this_year = (today or date.today()).year
    if match := _ISO.fullmatch(typed):
        year, month, day = (int(part) for part in match.groups())
    elif match := _SEPARATED.fullmatch(typed):
        day, month = int(match[1]), int(match[2])
        year = _full_year(match[3], this_year)
    elif _DIGITS.fullmatch(typed) and len(typed) in (4, 6, 8):  # "1703", "170327", "17032027"
        day, month = int(typed[:2]), int(typed[2:4])
        year = _full_year(typed[4:] or None, this_year)
    else:
        raise ValueError(f"„{typed}“ ist kein Datum. {DATE_HINT}")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"Das Datum „{typed}“ gibt es nicht. {DATE_HINT}") from None


def _full_year(digits: str | None, this_year: int) -> int:
    if not digits:
        return this_year
    return 2000 + int(digits) if len(digits) == 2 else int(digits)


def parse_typed_time(text: str) -> time:
    """The time of day meant by `text`: "1800", "18:00", "18.00", "18", "9", "930", "9:30", "18 Uhr".

    Raises ValueError with a message for the user when the text is no time or the time does not exist."""
    typed = text.strip()
    bare = _UHR.sub("", typed)
    if match := _CLOCK.fullmatch(bare):
        hour, minute = int(match[1]), int(match[2])
    elif _DIGITS.fullmatch(bare) and len(bare) <= 4:  # "9", "18", "930", "1800"
        hour, minute = (int(bare), 0) if len(bare) <= 2 else (int(bare[:-2]), int(bare[-2:]))
    elif not typed:
        raise ValueError("Bitte eine Uhrzeit im Format hh:mm eingeben.")
    else:
        raise ValueError(f"„{typed}“ ist keine Uhrzeit. {TIME_HINT}")
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValueError(f"Die Uhrzeit „{typed}“ gibt es nicht. {TIME_HINT}")
    return time(hour, minute)


def is_implausible(value: date, today: date | None = None) -> bool:
    """True for a date that is most likely a typing slip: before 2000 or more than ten years ahead."""
    today = today or date.today()
    try:
        limit = today.replace(year=today.year + PLAUSIBLE_YEARS_AHEAD)
    except ValueError:  # 29 February, ten years on is no leap year
        limit = today.replace(year=today.year + PLAUSIBLE_YEARS_AHEAD, day=28)
    return value < EARLIEST_PLAUSIBLE or value > limit


def format_date(value: date) -> str:
    """dd.mm.yyyy, with four year digits even for odd years (strftime drops leading zeros there)."""
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"


def format_time(value: time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


# -- dates in spreadsheet cells and imported text ------------------------------------------------------------------

_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_MAX_SERIAL = 2958465  # 31.12.9999
# fmt: off
# A table: one month per line with all its spellings reads better than one spelling per line.
_MONTHS = {
    "januar": 1, "jan": 1, "jaenner": 1, "january": 1,
    "februar": 2, "feb": 2, "february": 2,
    "maerz": 3, "maer": 3, "marz": 3, "mrz": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mai": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "okt": 10, "october": 10, "oct": 10,
    "november": 11, "nov": 11,
    "dezember": 12, "dez": 12, "december": 12, "dec": 12,
}
# fmt: on
_CELL_DMY = re.compile(r"^(\d{1,2})\s*[.-]\s*(\d{1,2})\s*[.-]\s*(\d{4}|\d{2})(?:[\s,T]+\d{1,2}:\d{2}.*)?$")
_CELL_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[\sT]+\d{1,2}:\d{2}.*)?$")
_CELL_MONTH_YEAR = re.compile(r"^(\d{1,2})\s*[./]\s*(\d{4})$")
_CELL_MONTH_NAME = re.compile(r"^(?:(\d{1,2})\.?\s*)?([a-z]+)\.?\s*(\d{4})$")
# A reference date ("Stichtag") may stand inside a title: "Einwohner, Stand 31.12.2023"; only years 19xx/20xx.
_YEAR_IN_TEXT = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_DMY_IN_TEXT = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.((?:19|20)\d{2})(?!\d)")
_ISO_IN_TEXT = re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})(?!\d)")
_INVISIBLE = str.maketrans({"\u200b": None, "\ufeff": None, "\xad": None})


def parse_date(value: object, *, reference_date: bool = False) -> date | None:
    """The date in a spreadsheet cell or imported text; None when there is none (never raises).

    Accepted: a date or datetime; an Excel serial number (45352 → 01.03.2024); "1.3.2026", "01.03.2026 14:30",
    "1.3.26" (two-digit years up to ten years ahead are 20xx, the rest 19xx), "01-03-2026", "2026-03-01",
    "2026-03-01T10:00:00"; a month alone is its first day: "03/2026", "3.2026", "März 2026", "Sept. 2025",
    "1. Dezember 2025".

    With `reference_date` (the "Stichtag" of statistics) numbers are years, not serials, and a year alone means
    31 December of it (2023, "Anzahl 2023"); a date may stand inside a longer text ("Stand 31.12.2019")."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if reference_date:
        return _reference_date(value)
    if isinstance(value, int | float | Decimal):
        return _from_excel_serial(float(value))
    text = _cell_text(value)
    if m := _CELL_DMY.match(text):
        return _make_date(_two_digit_year(m[3]), int(m[2]), int(m[1]))
    if m := _CELL_ISO.match(text):
        return _make_date(int(m[1]), int(m[2]), int(m[3]))
    if m := _CELL_MONTH_YEAR.match(text):
        return _make_date(int(m[2]), int(m[1]), 1)
    if m := _CELL_MONTH_NAME.match(fold(text)):
        month = _MONTHS.get(m[2])
        return _make_date(int(m[3]), month, int(m[1] or 1)) if month else None
    return None


def _reference_date(value: object) -> date | None:
    if isinstance(value, int | float) and float(value).is_integer():
        year = int(value)
        return date(year, 12, 31) if 1950 <= year <= 2100 else None
    text = _cell_text(value)
    if found := _DMY_IN_TEXT.search(text):
        return _make_date(int(found[3]), int(found[2]), int(found[1]))
    if found := _ISO_IN_TEXT.search(text):
        return _make_date(int(found[1]), int(found[2]), int(found[3]))
    years = _YEAR_IN_TEXT.findall(text)
    if len(years) == 1 and len(text) <= 30:
        return date(int(years[0]), 12, 31)
    return None


def _cell_text(value: object) -> str:
    """A cell's text with spaces tidied (no-break and thin spaces too) and invisible characters dropped."""
    if isinstance(value, float | Decimal):
        if not math.isfinite(value):
            return ""
        if value == int(value):
            return str(int(value))
    return " ".join(str(value).translate(_INVISIBLE).split())


def _two_digit_year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        # Two-digit years up to ten years ahead are this century, the rest the last one ("1.3.26", "12.5.65").
        pivot = date.today().year % 100 + 10
        year += 2000 if year <= pivot else 1900
    return year


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _from_excel_serial(serial: float) -> date | None:
    if not math.isfinite(serial) or not 1 <= serial <= _EXCEL_MAX_SERIAL:
        return None
    days = int(serial)
    if days == 60:
        return None  # 29.02.1900, the day Lotus 1-2-3 invented and Excel kept
    if days < 60:
        days += 1  # before the invented leap day Excel's count is one day ahead
    return _EXCEL_EPOCH + timedelta(days=days)
