"""Reading dates and times the way people type them in Germany ("17.3.27", "1800", "18 Uhr"), without Qt."""

from __future__ import annotations

import re
from datetime import date, time

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
