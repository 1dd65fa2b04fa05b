"""Reading numbers written the German way ("1.234,5", "12.345", "7,3 %", "1.200,50 €"), without Qt."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

# What people and spreadsheets write around a number: units, and spaces or apostrophes that group thousands.
_NOISE = str.maketrans({"%": None, "€": None, " ": None, "\u00a0": None, "\u202f": None, "'": None})


def parse_german_number(text: str | None) -> Decimal | None:
    """The number in `text`: "1.234,5" → 1234.5, "12.345" → 12345, "7,3 %" → 7.3, "1.200,50 €" → 1200.50,
    "1234.5" → 1234.5, "0.125" → 0.125; empty → None.

    A comma is the decimal separator and dots then group thousands; without a comma a dot followed by exactly
    three digits groups thousands ("1.200"), unless the number starts with 0 ("0.125"). Raises ValueError
    (without a message for the user: the caller knows what the number is for) when `text` is no number."""
    raw = (text or "").translate(_NOISE).strip()
    if not raw:
        return None
    if "," in raw:
        raw = raw.replace(".", "").replace(",", ".")
    elif raw.count(".") > 1 or (raw.count(".") == 1 and len(raw.rsplit(".", 1)[1]) == 3 and raw.lstrip("+-")[0] != "0"):
        raw = raw.replace(".", "")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError(f"„{text}“ ist keine Zahl") from None
    if not value.is_finite():  # "NaN", "Infinity" are words, not numbers someone typed
        raise ValueError(f"„{text}“ ist keine Zahl")
    return value


def parse_amount(text: str | None, label: str) -> Decimal | None:
    """An amount of money: "1.200,50 €", "1200.5", "1 200" → Decimal with cents; empty → None.

    Raises ValueError with a German message naming `label` when it is no amount or negative."""
    try:
        value = parse_german_number(text)
    except ValueError:
        raise ValueError(f"{label}: „{text}“ ist kein Betrag. Bitte z. B. 1.200,00 eingeben.") from None
    if value is None:
        return None
    if value < 0:
        raise ValueError(f"{label}: Der Betrag darf nicht negativ sein.")
    return value.quantize(Decimal("0.01"))
