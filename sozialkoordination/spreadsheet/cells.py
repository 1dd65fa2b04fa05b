"""Single cells of a partner's list as a person reads them: numbers without ".0", dates in German, invisible
characters gone; and the folded key of a header ("E-Mail-Adresse " → "e mail adresse")."""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time
from decimal import Decimal

from sozialkoordination.core.normalize import clean, fold

_INVISIBLE = str.maketrans(
    {"\xa0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ", "\u200b": None, "\ufeff": None, "\xad": None}
)
_ANY_INVISIBLE = re.compile("[" + "".join(chr(c) for c in _INVISIBLE) + "]")


def cell_text(value: object) -> str | None:
    """A cell as a person reads it: 37120.0 → "37120", True → "ja", a date → "01.03.2026", spaces tidied."""
    if value is None:
        return None
    if isinstance(value, str):
        # Nothing invisible to replace in most cells (umlauts included); translate() is slow even when it finds nothing.
        if value.isascii() or not _ANY_INVISIBLE.search(value):
            return " ".join(value.split()) or None
        return clean(value.translate(_INVISIBLE))
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        if not math.isfinite(value):
            return None
        if value == int(value):
            return str(int(value))
        return str(value)
    if isinstance(value, datetime | date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return clean(str(value).translate(_INVISIBLE))


_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def header_key(text: object) -> str:
    """Folded, punctuation-free form of a header: "E-Mail-Adresse " → "e mail adresse", "Straße" → "strasse"."""
    value = cell_text(text)
    if value is None:
        return ""
    return _NON_ALNUM.sub(" ", fold(value)).strip()
