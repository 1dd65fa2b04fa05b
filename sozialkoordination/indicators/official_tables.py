"""Tables as the statistics offices publish them, read in one step: the Destatis Gemeindeverzeichnis (GV-ISys, key
split over Land/RB/Kreis/VB/Gem), Regionalstatistik/LSN-Online (GENESIS) CSV exports and the Bundesagentur für
Arbeit's Gemeinde tables ("03159001 Adelebsen" in one cell). Only the Landkreis' rows (key 03159…) are taken; the
official key of a row identifies its area, its name only labels it.

A recognised table becomes a plain long table (key, name, indicator, date, value) that the indicator import reads
like any other; its markers are translated by the publishers' documented meanings (Zeichenerklärung):
"-" nothing (exactly 0), "." unknown or secret, "x" not sensible, "…" later, "/" not reliable, "*" secret (BA)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from sozialkoordination.core.normalize import fold
from sozialkoordination.spreadsheet.cells import cell_text, header_key
from sozialkoordination.spreadsheet.reader import SheetData

KREIS_KEY = "03159"
SECRET = "geheim"  # the value exists but the source withholds it (".", "*", "geheim")
NO_VALUE = "k. A."  # the source has no value ("x", "…", "/", "k. A.")
# Long-table header the indicator import reads (roles: key, area, indicator, date, value, note).
LONG_HEADER = ["Schlüssel", "Gebiet", "Kennzahl", "Stichtag", "Wert", "Bemerkung"]

_KEY = re.compile(r"^(?:DG|\d{2,12})$")
_KEY_AND_NAME = re.compile(r"^(\d{5,12})\s+(\S.*)$")
_FOOTNOTE = re.compile(r"(?:\s*\d{1,2}\))+\s*$|\s*\*+\s*$")  # "Postleit-zahl3)", "Fläche km² 1)"
_HYPHEN_BREAK = re.compile(r"(\w)-\s*\n?\s*([a-zäöüß])")  # "Satz-art", "Postleit-\nzahl"
_DAY = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.((?:19|20)\d{2})(?!\d)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_FILE_DAY = re.compile(r"(?<!\d)(\d{2})(\d{2})((?:19|20)\d{2})(?!\d)")  # "31122023_Auszug_GV.xlsx"
_MONTHS = (
    "januar",
    "februar",
    "maerz",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "dezember",
)
_MONTH_YEAR = re.compile(rf"\b({'|'.join(_MONTHS)})\s+((?:19|20)\d{{2}})\b")
_UNIT_WORDS = {"anzahl", "prozent", "personen", "einheit", "wert"}  # a header line of units is no part of a name
_NUMBER = re.compile(r"^-?[\d.\s]*\d(?:,\d+)?$|^-?\d+(?:\.\d+)?$")
_MARKERS = {
    "-": "0",
    "–": "0",
    "—": "0",
    ".": SECRET,
    "*": SECRET,
    "geheim": SECRET,
    "x": NO_VALUE,
    "X": NO_VALUE,
    "…": NO_VALUE,
    "...": NO_VALUE,
    "/": NO_VALUE,
    "k.a.": NO_VALUE,
    "k. a.": NO_VALUE,
    "ka": NO_VALUE,
}
# Columns of the publishers' tables that describe the area, not a figure about it.
_DESCRIPTIVE = (
    "satzart",
    "textkennzeichen",
    "postleitzahl",
    "plz",
    "laengengrad",
    "breitengrad",
    "reisegebiet",
    "verstaedterung",
    "schluessel",
    "bezeichnung",
    "gemeindename",
    "name",
    "ags",
    "ars",
    "land",
    "rb",
    "kreis",
    "vb",
    "gem",
    "gemeinde",
    "gemeindeverband",
    "region",
    "gebiet",
    "stichtag",
    "datum",
    "jahr",
    "zeit",
    "nr",
    "lfd nr",
    "gerichtsbarkeit",
    "amtlicher regionalschluessel",
)
_SPLIT_PARTS = {"land": 2, "rb": 1, "kreis": 2, "vb": 4, "gem": 3}
_LAYOUT_WORDS = (
    ("bundesagentur", "Bundesagentur für Arbeit"),
    ("statistik der ba", "Bundesagentur für Arbeit"),
    ("genesis", "Regionalstatistik (GENESIS)"),
    ("regionalstatistik", "Regionalstatistik (GENESIS)"),
    ("lsn", "LSN-Online (GENESIS)"),
    ("statistische aemter", "Regionalstatistik (GENESIS)"),
)


@dataclass
class OfficialTable:
    layout: str
    sheet: str
    reference_date: date | None
    indicators: list[str]
    long: SheetData  # the values as a long table, see LONG_HEADER
    origin: dict[int, int]  # row index in `long` → row index in the file
    outside: int = 0  # rows of other districts, left out
    ignored: list[tuple[int, str]] = field(default_factory=list)  # (file line, reason)

    def describe(self) -> str:
        day = f", Stichtag {self.reference_date:%d.%m.%Y}" if self.reference_date else ""
        outside = f"; {self.outside} Zeilen anderer Kreise ausgelassen" if self.outside else ""
        return f"Erkannt: {self.layout} (Blatt „{self.sheet}“{day}), Kennzahlen: {', '.join(self.indicators)}{outside}"


def clean_header(text: str | None) -> str:
    """ "Postleit-zahl3)" → "Postleitzahl", "Bevölkerung 2)" → "Bevölkerung"."""
    if not text:
        return ""
    text = _HYPHEN_BREAK.sub(r"\1\2", str(text))
    return " ".join(_FOOTNOTE.sub("", text).split())


def marker_value(value: object) -> object:
    """A cell of an official table with its marker translated: "-" → "0", "." → "geheim", "x" → "k. A."."""
    text = cell_text(value) if isinstance(value, str) else None
    if text is None:
        return value
    mark = _MARKERS.get(text.strip()) or _MARKERS.get(text.strip().lower())
    return mark if mark is not None else value


def _date_of(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value) or ""
    if found := _DAY.search(text):
        try:
            return date(int(found[3]), int(found[2]), int(found[1]))
        except ValueError:
            return None
    if (found := _YEAR.fullmatch(text.strip())) is not None:
        return date(int(found[1]), 12, 31)
    if found := _MONTH_YEAR.search(fold(text)):  # "Berichtsmonat Dezember 2023": the month's last day
        month, year = _MONTHS.index(found[1]) + 1, int(found[2])
        following = date(year + month // 12, month % 12 + 1, 1)
        return date.fromordinal(following.toordinal() - 1)
    return None


def _key_text(value: object) -> str | None:
    text = cell_text(value)
    if text is None:
        return None
    text = text.replace(" ", "")
    return text if _KEY.match(text) else None


def _is_figure(value: object) -> bool:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return True
    text = cell_text(value)
    if text is None:
        return False
    return bool(_NUMBER.match(text)) or marker_value(text) != text or text.startswith("<")


@dataclass
class _Layout:
    key_of: object  # callable(row) -> (key, name) or None
    first_data: int
    value_columns: list[int]
    descriptive: set[int]
    kind: str


def _split_key_layout(rows: list[list[object]]) -> _Layout | None:
    """GV-ISys: the key over the columns Land, RB, Kreis, VB, Gem, and a name column."""
    for index, row in enumerate(rows[:15]):
        keys = {header_key(clean_header(cell_text(c))): i for i, c in enumerate(row) if cell_text(c)}
        if not {"land", "kreis", "gem"} <= set(keys):
            continue
        parts = {part: keys[part] for part in _SPLIT_PARTS if part in keys}
        name_column = next((i for k, i in keys.items() if "name" in k or k == "gemeindename"), None)
        if name_column is None:
            name_column = max(parts.values()) + 1

        def key_of(cells: list[object], parts=parts, name_column=name_column) -> tuple[str, str] | None:
            texts = {}
            for part, column in parts.items():
                raw = cells[column] if column < len(cells) else None
                text = cell_text(raw)
                if text is None:
                    texts[part] = ""
                    continue
                text = text.replace(" ", "")
                if not text.isdigit():
                    return None
                texts[part] = text.zfill(_SPLIT_PARTS[part])
            if not texts.get("land"):
                return None
            name = cell_text(cells[name_column]) if name_column < len(cells) else None
            if texts.get("gem"):
                key = texts["land"] + texts.get("rb", "0") + texts.get("kreis", "") + texts["gem"]
            elif texts.get("vb"):
                key = texts["land"] + texts.get("rb", "0") + texts.get("kreis", "") + texts["vb"]
            else:
                key = texts["land"] + texts.get("rb", "") + texts.get("kreis", "")
            return key, clean_header(name) or key

        first = next((i for i in range(index + 1, len(rows)) if key_of(rows[i])), None)
        if first is None:
            return None
        descriptive = set(parts.values()) | {name_column}
        return _Layout(key_of, first, [], descriptive, "GV-ISys (Destatis Gemeindeverzeichnis)")
    return None


def _key_column_layout(rows: list[list[object]]) -> _Layout | None:
    """GENESIS and BA: a key column (or "03159001 Adelebsen" in one cell) in most rows below a header block."""
    votes: dict[tuple[int, str], int] = {}
    for row in rows[:400]:
        for i, cell in enumerate(row[:6]):
            text = cell_text(cell)
            if text is None:
                continue
            if _KEY_AND_NAME.match(text) and text[:2].isdigit():
                votes[(i, "key+name")] = votes.get((i, "key+name"), 0) + 1
            elif _key_text(text) and len(text.replace(" ", "")) >= 5:
                votes[(i, "key")] = votes.get((i, "key"), 0) + 1
    if not votes:
        return None
    (column, kind), count = max(votes.items(), key=lambda kv: kv[1])
    if count < 3:
        return None

    def key_of(cells: list[object], column=column, kind=kind) -> tuple[str, str] | None:
        text = cell_text(cells[column]) if column < len(cells) else None
        if text is None:
            return None
        if kind == "key+name":
            found = _KEY_AND_NAME.match(text)
            return (found[1], clean_header(found[2])) if found else None
        key = _key_text(text)
        if key is None:
            return None
        name = cell_text(cells[column + 1]) if column + 1 < len(cells) else None
        return key, clean_header(name) if name and not _is_figure(name) else key

    first = next((i for i, row in enumerate(rows) if key_of(row)), None)
    descriptive = {column} | ({column + 1} if kind == "key" else set())
    return _Layout(key_of, first, [], descriptive, kind)


def _layout_name(rows: list[list[object]], first: int, kind: str, file_name: str) -> str:
    if kind.startswith("GV-ISys"):
        return kind
    top = " ".join(fold(cell_text(c) or "") for row in rows[:first] for c in row) + " " + fold(file_name)
    bottom = " ".join(fold(cell_text(c) or "") for row in rows[-15:] for c in row)
    for word, name in _LAYOUT_WORDS:
        if word in top or word in bottom:
            return name
    return "Amtliche Tabelle mit Gebietsschlüsseln"


def recognise(data: SheetData, file_name: str = "") -> OfficialTable | None:
    """The table as an official one, or None if it is not laid out like one (then the plain import reads it)."""
    rows = data.rows
    layout = _split_key_layout(rows) or _key_column_layout(rows)
    if layout is None or layout.first_data is None:
        return None
    keyed = [(i, layout.key_of(rows[i])) for i in range(layout.first_data, len(rows))]
    keyed = [(i, k) for i, k in keyed if k is not None]
    outside = [i for i, (key, _name) in keyed if not key.startswith(KREIS_KEY)]
    header_block = rows[max(0, layout.first_data - 8) : layout.first_data]
    has_header_words = any(header_key(c) in ("ags", "ars", "regionalschluessel") for r in header_block for c in r)
    # A plain list of the coordinators (one header line, only our Gemeinden, named key column) stays with the
    # plain import; an official table has a split key, key and name in one cell, other districts or no key header.
    if layout.kind == "key" and not outside and has_header_words and layout.first_data <= 1:
        return None
    if layout.kind == "key+name" and not outside and layout.first_data <= 1:
        return None
    date_column = _date_column(rows, layout)
    value_columns = _value_columns(rows, layout, date_column)
    if not value_columns:
        return None
    names = _indicator_names(rows, layout.first_data, value_columns)
    column_days = {i: d for i, (_name, d) in names.items() if d is not None}
    file_day = _file_date(rows[: layout.first_data], file_name)
    long_rows: list[list[object]] = [list(LONG_HEADER)]
    origin: dict[int, int] = {}
    ignored: list[tuple[int, str]] = []
    for index, key_name in keyed:
        key, name = key_name
        if not key.startswith(KREIS_KEY):
            continue
        cells = rows[index]
        row_day = _date_of(cells[date_column]) if date_column is not None and date_column < len(cells) else None
        for column in value_columns:
            raw = cells[column] if column < len(cells) else None
            if cell_text(raw) is None and not isinstance(raw, int | float):
                continue
            day = column_days.get(column) or row_day or file_day
            origin[len(long_rows)] = index
            long_rows.append([key, name, names[column][0], day, marker_value(raw), None])
    if len(long_rows) == 1:
        ignored.append((layout.first_data + 1, "keine Zeile des Landkreises Göttingen (Schlüssel 03159…)"))
    indicators = list(dict.fromkeys(n for n, _d in names.values()))
    return OfficialTable(
        _layout_name(rows, layout.first_data, layout.kind, file_name),
        data.name,
        row_day_or(file_day, column_days, rows, keyed, date_column),
        indicators,
        SheetData(data.name, long_rows, frozenset()),
        origin,
        len(outside),
        ignored,
    )


def row_day_or(file_day, column_days, rows, keyed, date_column) -> date | None:
    """The table's reference date as the summary shows it (the first one found)."""
    if column_days:
        return min(column_days.values())
    if date_column is not None:
        for index, _key in keyed:
            cells = rows[index]
            if date_column < len(cells) and (day := _date_of(cells[date_column])):
                return day
    return file_day


def _date_column(rows: list[list[object]], layout: _Layout) -> int | None:
    sample = rows[layout.first_data : layout.first_data + 50]
    width = max((len(r) for r in sample), default=0)
    for column in range(min(width, 4)):
        if column in layout.descriptive:
            continue
        cells = [r[column] for r in sample if column < len(r) and cell_text(r[column])]
        if cells and sum(1 for c in cells if _date_of(c) and not isinstance(c, int | float)) >= 0.8 * len(cells):
            layout.descriptive.add(column)
            return column
    return None


def _value_columns(rows: list[list[object]], layout: _Layout, date_column: int | None) -> list[int]:
    sample = [r for r in rows[layout.first_data : layout.first_data + 200] if layout.key_of(r)]
    width = max((len(r) for r in sample), default=0)
    found = []
    for column in range(width):
        if column in layout.descriptive or column == date_column:
            continue
        header = " ".join(
            header_key(clean_header(cell_text(r[column])))
            for r in rows[max(0, layout.first_data - 8) : layout.first_data]
            if column < len(r) and cell_text(r[column])
        )
        words = header.split()
        # long words anywhere in the header ("Reisegebiete Schlüssel"), short ones only as a word ("Land", "Gem")
        if any(d in header if len(d) >= 6 else d in words for d in _DESCRIPTIVE):
            continue
        cells = [r[column] for r in sample if column < len(r) and cell_text(r[column]) is not None]
        if cells and sum(1 for c in cells if _is_figure(c)) >= 0.8 * len(cells):
            found.append(column)
    return found


def _indicator_names(rows: list[list[object]], first: int, columns: list[int]) -> dict[int, tuple[str, date | None]]:
    """Each value column's name from the header lines above the data (merged cells are filled by the reader); a
    year or date among them is the column's reference date, not part of its name."""
    # Header lines name at least one value column; lines with text on the left only are titles. A heading over
    # several columns stands in the first of them in a CSV (Excel's merged cells the reader has filled already).
    block = []
    for row in rows[max(0, first - 8) : first]:
        if not any(column < len(row) and cell_text(row[column]) for column in columns):
            continue
        filled, last = list(row), None
        for column in range(min(columns), max(columns) + 1):
            text = cell_text(filled[column]) if column < len(filled) else None
            if text is not None:
                last = text
            elif last is not None and column in columns:
                filled.extend([None] * (column + 1 - len(filled)))
                filled[column] = last
        block.append(filled)
    names: dict[int, tuple[str, date | None]] = {}
    for column in columns:
        parts: list[str] = []
        day = None
        for row in block:
            text = clean_header(cell_text(row[column])) if column < len(row) else ""
            if not text:
                continue
            if (found := _date_of(text)) is not None and len(text) <= 12:
                day = found
                continue
            if header_key(text) in _UNIT_WORDS:
                continue
            if text not in parts:
                parts.append(text)
        names[column] = (" ".join(parts) or f"Spalte {column + 1}", day)
    return names


def _file_date(title_rows: list[list[object]], file_name: str) -> date | None:
    for row in title_rows:
        for cell in row:
            text = cell_text(cell) or ""
            if ("stand" in text.lower() or "stichtag" in text.lower()) and (day := _date_of(text)):
                return day
    if found := _FILE_DAY.search(file_name):
        try:
            return date(int(found[3]), int(found[2]), int(found[1]))
        except ValueError:
            return None
    for row in title_rows:
        for cell in row:
            if (day := _date_of(cell_text(cell) or "")) is not None:
                return day
    return None
