"""German display of values (dd.mm.yyyy, 1.234,5, 12,50 €) shared by lists, exports and reports; no Qt.
Reading numbers is in core/numbers.py."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal


def german_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return value.strftime("%d.%m.%Y")


def german_number(value: float | int | Decimal, decimals: int | None = None) -> str:
    """12345 → "12.345", 1234.5 → "1.234,5", 0.25 → "0,25"; `decimals` fixes the places."""
    if decimals is None:
        if float(value).is_integer():
            text = f"{int(value):,}"
        else:
            places = 1 if abs(value) >= 1 else 2
            text = f"{float(value):,.{places}f}"
    else:
        text = f"{float(value):,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def display_text(value, kind: str = "text") -> str:
    """How a cell value reads in a German list (the kinds of services.columns.ColumnSpec)."""
    if value is None or value == "":
        return ""
    if isinstance(value, date | datetime):
        return german_date(value)
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if kind == "money" and isinstance(value, int | float | Decimal):
        return euro(value)
    if isinstance(value, int | float | Decimal):
        return german_number(value)
    return str(value)


def file_safe(text: str) -> str:
    """A title as part of a file name: letters, digits, spaces, - _ . only; at most 60 characters."""
    return "".join(ch if ch.isalnum() or ch in " -_." else "_" for ch in text).strip()[:60]


def euro(value: Decimal | int | float | None) -> str:
    """1234.5 → "1.234,50 €"; None → ""."""
    return "" if value is None else f"{german_number(value, 2)} €"


def numerus(count: int, one: str, many: str, *more) -> str:
    """German singular or plural of a count: numerus(1, "{0} Aufgabe", "{0} Aufgaben") → "1 Aufgabe".
    Both texts are formatted with the count and `more`."""
    return (one if count == 1 else many).format(count, *more)
