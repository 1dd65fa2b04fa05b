"""Import of indicator tables (Excel/CSV) in long form (area, date, indicator, value) or wide form (areas in rows,
years or indicators in columns): areas matched by official key or tolerant name, one undoable batch per file."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from rapidfuzz import fuzz, process
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from sozialkoordination.areas.service import short_name
from sozialkoordination.core.dates import parse_date
from sozialkoordination.core.enums import AreaLevel, ImportChangeAction, ImportKind, IndicatorKind
from sozialkoordination.core.errors import ValidationError
from sozialkoordination.core.formatting import german_date, german_number
from sozialkoordination.core.normalize import clean, fold
from sozialkoordination.core.numbers import parse_german_number
from sozialkoordination.core.progress import Progress, check
from sozialkoordination.db import writes
from sozialkoordination.import_journal.service import (
    BatchInfo,
    ImportFailed,
    batch_history,
    file_checksum,
    id_runs,
    undoable_batch,
)
from sozialkoordination.indicators import official_tables
from sozialkoordination.indicators.official_tables import OfficialTable
from sozialkoordination.indicators.service import (
    LANDKREIS_KEY,
    LEVEL_NAMES,
    NO_VALUE_NOTE,
    POPULATION_KEY,
    SMALL_IN_SOURCE,
    SUPPRESSED_NOTE,
    AreaRef,
    AreaTree,
    IndicatorService,
)
from sozialkoordination.models import ImportBatch, ImportChange, Indicator, IndicatorValue, Setting
from sozialkoordination.models.base import utcnow
from sozialkoordination.spreadsheet import reader as spreadsheet
from sozialkoordination.spreadsheet.cells import cell_text, header_key
from sozialkoordination.spreadsheet.reader import SheetData

log = logging.getLogger(__name__)

ALIAS_SETTING = "indicators.area_aliases"  # names the user assigned once are matched the next time
STADT_GOETTINGEN_AGS = "03159016"
KEY_REFUSED = "Schlüssel"  # how a refused key starts its reason

# Header spellings per column role (compared as header_key: folded, punctuation-free).
_ROLES: dict[str, tuple[str, ...]] = {
    "area": (
        "gebiet",
        "gemeinde",
        "kommune",
        "sozialraum",
        "sozialregion",
        "region",
        "ort",
        "name",
        "gebietsname",
        "bezeichnung",
        "raumeinheit",
        "gebietseinheit",
        "einheit",
        "gemeindename",
        "stadt gemeinde",
        "gemeinde stadt",
        "samtgemeinde",
        "raum",
        "gebietskoerperschaft",
    ),
    "key": (
        "ags",
        "ars",
        "schluessel",
        "gemeindeschluessel",
        "regionalschluessel",
        "amtlicher gemeindeschluessel",
        "kennziffer",
        "gebietsschluessel",
        "gkz",
        "id",
    ),
    "level": ("ebene", "gebietsebene", "raumebene"),
    "date": ("stichtag", "datum", "jahr", "stand", "zeitpunkt", "berichtsjahr", "zeit", "referenzdatum"),
    "indicator": ("kennzahl", "indikator", "merkmal", "variable", "thema", "kennzahlname", "indikatorname"),
    "value": ("wert", "anzahl", "value", "zahl", "wert in prozent", "anteil", "quote"),
    "numerator": ("zaehler", "zahler"),
    "denominator": ("nenner", "bezugsgroesse", "basis"),
    "unit": ("masseinheit", "einheit der kennzahl"),
    "source": ("quelle", "datenquelle"),
    "note": ("bemerkung", "hinweis", "anmerkung", "fussnote", "kommentar"),
}
_ROLE_OF = {spelling: role for role, spellings in _ROLES.items() for spelling in spellings}
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_TOTAL = re.compile(r"^(summe|insgesamt|gesamt|zusammen|total)\b", re.I)
_SMALL_IN_SOURCE = re.compile(r"^\s*<\s*(\d+)\s*$")
_SUPPRESSED = re.compile(r"^\s*(\.|\*|geheim|gesperrt)\s*$", re.I)
_NO_VALUE = re.compile(r"^\s*(x|…|\.\.\.|/|k\.\s*a\.?|keine angabe)\s*$", re.I)
_STAND = re.compile(r"[,;:–-]?\s*\(?\b(stand|stichtag)\b.*$", re.I)  # "…, Stand 31.12.2023" after a title
_EMPTY_MARK = re.compile(r"^\s*(-|–|—|n\.\s*v\.)\s*$", re.I)
_LANDKREIS_NAMES = ("landkreisgoettingen", "lkgoettingen", "kreisgoettingen", "landkreis", "lkgottingen")
_NAME_PREFIXES = (
    "samtgemeinde ",
    "sg ",
    "flecken ",
    "stadt ",
    "gemeinde ",
    "einheitsgemeinde ",
    "sozialraum ",
    "sozialregion ",
)
_FUZZY = 86  # rapidfuzz ratio from which a misspelt area name is taken (and marked) as the area
_LEVEL_WORDS = {
    "gemeinde": AreaLevel.GEMEINDE,
    "sozialraum": AreaLevel.SOZIALRAUM,
    "sozialregion": AreaLevel.SOZIALREGION,
    "region": AreaLevel.SOZIALREGION,
    "landkreis": AreaLevel.LANDKREIS,
    "kreis": AreaLevel.LANDKREIS,
}


# -- what the import hands around ------------------------------------------------------------------------------
@dataclass
class ValueRow:
    line: int  # 1-based line in the file
    area_text: str
    indicator_name: str
    reference_date: date | None
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    source: str | None = None
    note: str | None = None
    unit: str | None = None
    area: AreaRef | None = None
    match: str = ""  # how the area was found: Schlüssel, Name, ähnlicher Name, zugeordnet
    error: str | None = None
    key_text: str | None = None  # the official key in the same line, if any
    level_text: str | None = None  # the line's "Ebene", if the table has one


@dataclass
class UnmatchedArea:
    text: str
    lines: list[int]
    suggestions: list[AreaRef]


@dataclass
class Duplicate:
    """The same indicator, area and date in several lines with different values: the user chooses one."""

    indicator_name: str
    area: AreaRef
    reference_date: date | None
    lines: list[int]
    values: list[float | None]

    def describe(self) -> str:
        shown = " / ".join(
            f"Zeile {n}: {german_number(v) if v is not None else '–'}"
            for n, v in zip(self.lines, self.values, strict=True)
        )
        day = f" am {german_date(self.reference_date)}" if self.reference_date else ""
        return f"{self.indicator_name}, {self.area.label}{day} steht mehrfach da ({shown})"


@dataclass
class IndicatorImportPlan:
    path: Path
    checksum: str
    sheet: str
    header_row: int
    shape: str  # "lang", "breit: Jahre in Spalten", "breit: Kennzahlen in Spalten"
    rows: list[ValueRow]
    unmatched: list[UnmatchedArea]
    ignored: list[tuple[int, str]]  # (line, reason): totals, the Stadt Göttingen, empty cells
    indicators: dict[str, int | None]  # name in the file → existing indicator id (None: will be created)
    source: str | None = None
    earlier: list[str] = field(default_factory=list)  # earlier imports of the same file
    recognised: str | None = None  # "Erkannt: GV-ISys …" for a statistics office's table
    duplicates: list[Duplicate] = field(default_factory=list)

    @property
    def importable(self) -> list[ValueRow]:
        return [r for r in self.rows if r.area is not None and r.error is None]

    @property
    def rejected(self) -> list[ValueRow]:
        return [r for r in self.rows if r.error is not None]

    @property
    def fuzzy(self) -> list[ValueRow]:
        """Rows whose area was read from a similar name, once per line (a wide row holds several values)."""
        seen: dict[int, ValueRow] = {}
        for r in self.importable:
            if r.match == "ähnlicher Name":
                seen.setdefault(r.line, r)
        return list(seen.values())

    @property
    def new_indicators(self) -> list[str]:
        return [name for name, i in self.indicators.items() if i is None]

    @property
    def dates(self) -> list[date]:
        return sorted({r.reference_date for r in self.importable if r.reference_date})

    def describe(self) -> str:
        """One German paragraph for the preview and the command line."""
        parts = [
            self.recognised + "."
            if self.recognised
            else f"Form: {self.shape}, Kopfzeile in Zeile {self.header_row + 1}."
        ]
        parts += [
            f"{len(self.importable)} Werte für {len({(r.area.level, r.area.key) for r in self.importable})} Gebiete",
        ]
        if self.dates:
            parts[-1] += ", Stichtage " + ", ".join(german_date(d) for d in self.dates[:6])
            parts[-1] += " …" if len(self.dates) > 6 else ""
        parts[-1] += "."
        parts.append("Kennzahlen: " + "; ".join(self.indicators) + ".")
        if self.new_indicators:
            parts.append("Neu angelegt werden: " + "; ".join(self.new_indicators) + ".")
        return " ".join(parts)


@dataclass(frozen=True)
class IndicatorImportResult:
    batch_id: int | None  # None for a dry run
    created: int
    updated: int
    unchanged: int
    rejected: int
    new_indicators: int

    def summary(self) -> str:
        noun = "Kennzahl" if self.new_indicators == 1 else "Kennzahlen"
        new = f", {self.new_indicators} {noun} neu angelegt" if self.new_indicators else ""
        return (
            f"{self.created} Werte neu, {self.updated} geändert, {self.unchanged} unverändert, "
            f"{self.rejected} abgelehnt{new}."
        )


# -- area names ------------------------------------------------------------------------------------------------
def compact(text: str) -> str:
    """ "Hann. Münden" = "Hann.Münden" = "hann muenden" → "hannmuenden"; "Flecken Bovenden" / "Bovenden, Flecken"."""
    key = fold(short_name(clean(text) or ""))
    for prefix in _NAME_PREFIXES:
        if key.startswith(prefix):
            key = key[len(prefix) :]
    return re.sub(r"[^a-z0-9]", "", key)


class AreaMatcher:
    """Finds an area for what a file writes in its area column: an official key, a name, a misspelt name."""

    def __init__(self, tree: AreaTree, aliases: dict[str, tuple[str, str]] | None = None):
        self.tree = tree
        self._aliases = {compact(k): v for k, v in (aliases or {}).items()}
        self._by_name: dict[str, list[AreaRef]] = {}
        for level in (AreaLevel.GEMEINDE, AreaLevel.SOZIALRAUM, AreaLevel.SOZIALREGION):
            for area in tree.areas(level):
                self._by_name.setdefault(compact(area.name), []).append(area)
        # "Osterode/Herzberg" also as "Osterode Herzberg", code "SR-A"
        for region in tree.areas(AreaLevel.SOZIALREGION):
            self._by_name.setdefault(compact(region.key), []).append(region)
        # A misspelt name is looked for among the Gemeinden, Sozialräume and Sozialregionen only: the Landkreis
        # is named exactly or not at all ("Harz (Landkreis Göttingen), gemfr. Geb." is not the Landkreis).
        self._choices = list(self._by_name)
        for name in _LANDKREIS_NAMES:
            self._by_name[name] = [tree.landkreis]

    def match(self, text: str, key_text: str | None, level: str | None, prefer: str) -> tuple[AreaRef | None, str]:
        """(area, how) or (None, reason); `prefer` decides between a Gemeinde and a Sozialraum of the same name.
        An official key decides: an unknown key is not replaced by a guess from the name, and a name that names
        another area than the key is refused."""
        key = re.sub(r"\s", "", key_text or "")
        if key.isdigit() and len(key) >= 4:
            area = self.by_key(key)
            if area is None:
                return None, f"{KEY_REFUSED} {key} ist kein Gebiet des Landkreises Göttingen"
            named = self._by_name.get(compact(text)) if text and text != key_text else None
            if named and area not in named and not self._same_area(area, named):
                return None, f"{KEY_REFUSED} {key} ({area.label}) und Name „{text}“ widersprechen sich"
            return area, "Schlüssel"
        area = self.by_key(text)
        if area is not None:
            return area, "Schlüssel"
        alias = self._aliases.get(compact(text))
        if alias is not None and (area := self.tree.get(*alias)) is not None:
            return area, "zugeordnet"
        name = compact(text)
        if not name:
            return None, "kein Gebiet angegeben"
        folded = fold(clean(text) or "")
        if folded.startswith(("samtgemeinde ", "sg ")):
            level = level or AreaLevel.SOZIALRAUM
        found = self._by_name.get(name)
        how = "Name"
        if not found:
            wanted = level or prefer
            choices = [c for c in self._choices if any(a.level == wanted for a in self._by_name[c])]
            best = process.extract(name, choices, scorer=fuzz.ratio, score_cutoff=_FUZZY, limit=2)
            if best and (len(best) == 1 or best[0][1] - best[1][1] >= 4):
                found, how = self._by_name[best[0][0]], "ähnlicher Name"
        if not found:
            return None, "unbekanntes Gebiet"
        if level:
            found = [a for a in found if a.level == level] or found
        if len(found) > 1:
            chosen = [a for a in found if a.level == prefer]
            found = chosen or found
        if len(found) > 1:
            # A Sozialraum and the one Gemeinde it consists of are the same area.
            same = {self.tree.single_member_raum(a.key) if a.level == AreaLevel.GEMEINDE else a.key for a in found}
            if len(same) == 1:
                found = [a for a in found if a.level == prefer] or found[:1]
        if len(found) > 1:
            return None, "mehrdeutig: " + " oder ".join(a.label for a in found)
        return found[0], how

    def by_key(self, text: str | None) -> AreaRef | None:
        """Official keys, also with the leading zero Excel dropped: Kreis 03159, AGS 03159007, ARS 031590007."""
        raw = cell_text(text) if text is not None else None
        if not raw:
            return None
        if re.fullmatch(r"SR-[A-Za-z0-9]+", raw.strip(), re.I):
            return self.tree.regions.get(raw.strip().upper())
        digits = raw.replace(" ", "")
        if not digits.isdigit():
            return None
        if len(digits) in (4, 7, 8, 11) and digits.startswith("3159"):
            digits = "0" + digits
        if len(digits) == 5:
            return self.tree.landkreis if digits == LANDKREIS_KEY else None
        if len(digits) == 8:
            return self.tree.gemeinden.get(digits)
        if len(digits) == 9:
            return self.tree.raeume.get(digits)
        if len(digits) == 12:
            return self.tree.gemeinden.get(digits[:5] + digits[9:])
        return None

    def suggestions(self, text: str, limit: int = 3, level: str | None = None) -> list[AreaRef]:
        """Similar names, of the wanted level only when it is known; never the Landkreis."""
        choices = [c for c in self._choices if level is None or any(a.level == level for a in self._by_name[c])]
        found = process.extract(compact(text), choices, scorer=fuzz.ratio, score_cutoff=55, limit=limit * 2)
        areas: list[AreaRef] = []
        for choice, _score, _index in found:
            for area in self._by_name[choice]:
                if area not in areas and (level is None or area.level == level):
                    areas.append(area)
        return areas[:limit]

    def _same_area(self, area: AreaRef, others: list[AreaRef]) -> bool:
        """An Einheitsgemeinde and its Sozialraum are one area under two keys."""
        keys = {
            self.tree.single_member_raum(a.key) or a.key if a.level == AreaLevel.GEMEINDE else a.key for a in others
        }
        own = self.tree.single_member_raum(area.key) or area.key if area.level == AreaLevel.GEMEINDE else area.key
        return own in keys


def is_stadt_goettingen(text: str, key_text: str | None) -> bool:
    keys = {re.sub(r"\D", "", t or "") for t in (text, key_text)}
    # AGS 03159016, ARS 031590016016 (and the Gemeindeverband key 031590016), also without the leading zero
    ars = {k.zfill(12)[:9] for k in keys if len(k) in (11, 12)} | {k.zfill(9) for k in keys if len(k) in (8, 9)}
    return (
        compact(text) == "goettingen"
        or bool(keys & {STADT_GOETTINGEN_AGS, STADT_GOETTINGEN_AGS[1:]})
        or STADT_GOETTINGEN_AGS[:5] + "0" + STADT_GOETTINGEN_AGS[5:] in ars
    )


def _not_an_area(text: str, key_text: str | None) -> str | None:
    """Why a line of an official table is left out although it lies in the Landkreis, or None."""
    key = re.sub(r"\D", "", key_text or "")
    if key == LANDKREIS_KEY:
        return (
            "Kreiswert mit Stadt Göttingen – der Landkreis wird hier ohne die Stadt aus den 18 Sozialräumen berechnet"
        )
    if "gemfr" in fold(text) or "gemeindefrei" in fold(text):
        return "gemeindefreies Gebiet (gehört zu keinem Sozialraum)"
    return None


_NOT_PERSONS = re.compile(
    r"saldo|veraender|differenz|entwicklung|bilanz|flaeche|km|\bje\b|dichte|anteil|quote|prozent|euro|betrag|"
    r"durchschnitt|mittel|alter|einkommen|index"
)
# Figures that do not add up to a larger area's figure: a new indicator of this kind is a "rate" (never summed).
_NOT_ADDING_UP = re.compile(r"\bje\b|dichte|anteil|quote|prozent|durchschnitt|mittel|alter\b|index")
# Official tables name the population differently; it is the app's population indicator.
_SAME_INDICATOR = {
    "bevoelkerung insgesamt": POPULATION_KEY,
    "bevoelkerungsstand insgesamt": POPULATION_KEY,
    "bevoelkerungsstand": POPULATION_KEY,
    "einwohner insgesamt": POPULATION_KEY,
}


def _duplicates(rows: list[ValueRow], keep_lines: set[int], ignored: list[tuple[int, str]]) -> list[Duplicate]:
    """Lines naming the same indicator, area and date: one value is taken when they agree or the user chose a
    line (the others leave `rows`); otherwise all are held back and listed for the user to choose."""
    groups: dict[tuple, list[ValueRow]] = {}
    for row in rows:
        if row.error is None and row.area is not None:
            key = (row.indicator_name, row.area.level, row.area.key, row.reference_date)
            groups.setdefault(key, []).append(row)
    found = []
    for same in groups.values():
        if len(same) < 2:
            continue
        chosen = [r for r in same if r.line in keep_lines]
        if chosen or len({(r.value, r.note) for r in same}) == 1:
            keep = chosen[0] if chosen else same[0]
            for row in same:
                if row is not keep:
                    ignored.append((row.line, f"doppelt, Zeile {keep.line} wird übernommen"))
                    rows.remove(row)
            continue
        lines = [r.line for r in same]
        for row in same:
            row.error = f"doppelt (Zeilen {', '.join(map(str, lines))}) mit verschiedenen Werten: bitte eine wählen"
        found.append(
            Duplicate(same[0].indicator_name, same[0].area, same[0].reference_date, lines, [r.value for r in same])
        )
    return found


# -- cells -----------------------------------------------------------------------------------------------------
def parse_number(value: object) -> tuple[float | None, str | None]:
    """(number, None); (None, note) for a value the source withholds ("< 3", ".", "*": SUPPRESSED_NOTE) or does
    not have ("x", "…", "k. A.": NO_VALUE_NOTE); (None, None) for empty; raises ValueError."""
    if value is None or isinstance(value, bool):
        return None, None
    if isinstance(value, int | float):
        return float(value), None
    text = cell_text(value)
    if not text or _EMPTY_MARK.match(text):
        return None, None
    if small := _SMALL_IN_SOURCE.match(text):
        return None, f"{SUPPRESSED_NOTE} ({SMALL_IN_SOURCE} {small[1]})"
    if _SUPPRESSED.match(text):
        return None, SUPPRESSED_NOTE
    if _NO_VALUE.match(text):
        return None, NO_VALUE_NOTE
    number = parse_german_number(text)
    return (None if number is None else float(number)), None


def _role(cell: object) -> str | None:
    key = header_key(cell)
    if not key:
        return None
    if key in _ROLE_OF:
        return _ROLE_OF[key]
    if _YEAR.search(key):  # "Anzahl 2023", "Stand 31.12.2019": a column of one year
        return None
    first = key.split(" ")[0]
    if first in ("wert", "anzahl") or key.startswith(("wert ", "anzahl ")):
        return "value"
    if key in ("jahr stichtag", "stichtag jahr") or first in ("stichtag", "jahr"):
        return "date"
    if first in ("gebiet", "gemeinde", "sozialraum", "kommune") and "schluessel" not in key:
        return "area"
    if "schluessel" in key or first in ("ags", "ars"):
        return "key"
    return None


# -- the service -----------------------------------------------------------------------------------------------
class IndicatorImportService:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        indicators: IndicatorService,
        before_import: Callable[[], object] | None = None,
    ):
        self._sf = session_factory
        self._indicators = indicators
        self._before_import = before_import or (lambda: None)

    # -- preparing -----------------------------------------------------------------------------
    def sheet_names(self, path: Path) -> list[str]:
        return spreadsheet.inspect_file(path).sheet_names

    def prepare(
        self,
        path: Path,
        sheet: str | None = None,
        indicator: str | None = None,
        reference_date: date | None = None,
        assignments: dict[str, AreaRef | None] | None = None,
        source: str | None = None,
        progress: Progress | None = None,
        keep_lines: set[int] | None = None,
    ) -> IndicatorImportPlan:
        """Read the file and turn it into values; nothing is written. `assignments` maps area texts the file uses
        to areas (None: skip these rows); `keep_lines` names the line to take where the file has the same value
        twice with different figures."""
        path = Path(path)
        data, official = self._read(path, sheet, progress)
        origin = official.origin if official else {}
        header = self._header_row(data)
        headers = data.rows[header]
        roles = [_role(h) for h in headers]
        year_columns = {
            i: d
            for i, h in enumerate(headers)
            if roles[i] is None and (d := parse_date(h, reference_date=True)) is not None
        }
        if "area" not in roles and "key" not in roles:
            raise ImportFailed(
                "In der Tabelle fehlt die Spalte mit dem Gebiet (z. B. „Gebiet“, „Gemeinde“, „Sozialraum“ oder "
                "„AGS“). Bitte ergänzen Sie eine solche Überschrift über der Spalte mit den Gebieten."
            )
        title = self._title(data, header)
        column = {role: roles.index(role) for role in dict.fromkeys(r for r in roles if r)}
        catalogue = {fold(i.name): i.id for i in self._indicators.catalogue()}
        catalogue.update({fold(i.key): i.id for i in self._indicators.catalogue()})
        fixed_indicator = clean(indicator)
        rows: list[ValueRow] = []
        ignored: list[tuple[int, str]] = list(official.ignored) if official else []

        def default_indicator() -> str:
            sheet_name = None if re.match(r"^(tabelle|sheet|blatt)\s*\d*$", data.name, re.I) else data.name
            name = fixed_indicator or (_STAND.sub("", title).strip() if title else None) or sheet_name
            if not name:
                raise ImportFailed(
                    "Aus der Tabelle geht nicht hervor, welche Kennzahl sie enthält. Bitte geben Sie die Kennzahl "
                    "an (im Fenster oben, auf der Kommandozeile mit --indicator NAME)."
                )
            return name

        if "value" in column or ("indicator" in column and not year_columns):
            shape = "lang"
        elif year_columns:
            shape = "breit: Jahre in Spalten"
        else:
            shape = "breit: Kennzahlen in Spalten"
        indicator_columns: dict[int, str] = {}
        if shape.startswith("breit: Kennzahlen"):
            skip = set(column.values())
            indicator_columns = {
                i: cell_text(h) for i, h in enumerate(headers) if i not in skip and cell_text(h) is not None
            }
            if not indicator_columns:
                raise ImportFailed(
                    "Die Tabelle hat neben dem Gebiet keine Spalten mit Werten. Erwartet werden Jahre (2019, "
                    "2023 …), Kennzahlen oder eine Spalte „Wert“."
                )
        for index in range(header + 1, len(data.rows)):
            cells = data.rows[index]
            line = origin.get(index, index) + 1
            if not any(cell_text(c) for c in cells):
                continue

            def cell(role: str, cells=cells) -> object:
                i = column.get(role)
                return cells[i] if i is not None and i < len(cells) else None

            area_text = cell_text(cell("area")) or cell_text(cell("key")) or ""
            key_text = cell_text(cell("key"))
            if _TOTAL.match(area_text) and not key_text:
                ignored.append((line, f"Summenzeile „{area_text}“"))
                continue
            reason = _not_an_area(area_text, key_text) if official else None
            if reason is None and is_stadt_goettingen(area_text, key_text):
                reason = "Stadt Göttingen (eigenes Jugendamt, kein Sozialraum des Landkreises)"
            if reason is not None:
                if not ignored or ignored[-1][0] != line:  # an official table's line holds several values
                    ignored.append((line, reason))
                continue
            common = {
                "source": cell_text(cell("source")) or clean(source),
                "note": cell_text(cell("note")),
                "unit": cell_text(cell("unit")),
            }
            if shape == "lang":
                name = cell_text(cell("indicator")) or default_indicator()
                day = parse_date(cell("date"), reference_date=True) if "date" in column else None
                day = day or reference_date or (parse_date(title, reference_date=True) if title else None)
                targets = [(name, day, cell("value"))]
            elif shape.startswith("breit: Jahre"):
                name = cell_text(cell("indicator")) or default_indicator()
                targets = [(name, day, cells[i] if i < len(cells) else None) for i, day in year_columns.items()]
            else:
                day = parse_date(cell("date"), reference_date=True) if "date" in column else None
                day = day or reference_date or (parse_date(title, reference_date=True) if title else None)
                targets = [(name, day, cells[i] if i < len(cells) else None) for i, name in indicator_columns.items()]
            for name, day, raw in targets:
                row = ValueRow(
                    line, area_text, name, day, None, **common, key_text=key_text, level_text=cell_text(cell("level"))
                )
                try:
                    row.value, suppressed = parse_number(raw)
                    row.numerator, _ = parse_number(cell("numerator"))
                    row.denominator, _ = parse_number(cell("denominator"))
                except ValueError as problem:
                    row.error = f"{problem}."
                    rows.append(row)
                    continue
                if row.value is None and suppressed is None:
                    if shape == "lang":  # an empty cell in a wide table is simply no value for that year
                        ignored.append((line, f"kein Wert für {name}"))
                    continue
                if suppressed:
                    row.note = "; ".join(n for n in (suppressed, row.note) if n)
                if day is None:
                    row.error = (
                        "Stichtag fehlt: Bitte eine Spalte „Stichtag“ oder „Jahr“ ergänzen oder den Stichtag "
                        "angeben (Kommandozeile: --date TT.MM.JJJJ)."
                    )
                rows.append(row)
        if not rows:
            raise ImportFailed(
                f"In „{path.name}“ stehen unter der Kopfzeile (Zeile {header + 1}) keine Werte. Bitte prüfen Sie, "
                "ob Sie die richtige Tabelle gewählt haben."
            )
        unmatched = self._match_areas(rows, column, data, header, assignments or {})
        indicators = {}
        for row in rows:
            if row.indicator_name not in indicators:
                indicators[row.indicator_name] = self._known(row.indicator_name, catalogue)
        self._check_plausible(rows, indicators)
        duplicates = _duplicates(rows, keep_lines or set(), ignored)
        checksum = file_checksum(path)
        return IndicatorImportPlan(
            path,
            checksum,
            data.name,
            header,
            shape,
            rows,
            unmatched,
            ignored,
            indicators,
            clean(source),
            self._earlier(checksum),
            official.describe() if official else None,
            duplicates,
        )

    def _read(self, path: Path, sheet: str | None, progress: Progress | None) -> tuple[SheetData, OfficialTable | None]:
        """The sheet to import: a statistics office's table is found among all sheets (the contents sheet of a
        GV-ISys workbook comes first) and read as a long table; any other sheet as it is."""
        names = [sheet] if sheet else spreadsheet.inspect_file(path).sheet_names
        first: SheetData | None = None
        best: OfficialTable | None = None
        for name in names:
            data = spreadsheet.read_sheet(path, name, None, progress)
            first = first or data
            found = official_tables.recognise(data, path.name)
            if found is not None and (best is None or len(found.long.rows) > len(best.long.rows)):
                best = found
        if best is not None:
            return best.long, best
        return first, None

    def _check_plausible(self, rows: list[ValueRow], indicators: dict[str, int | None]) -> None:
        """Counts of persons are never negative and never more than the area's population."""
        catalogue = {i.id: i for i in self._indicators.catalogue()}
        population_id = next((i.id for i in catalogue.values() if i.key == POPULATION_KEY), None)
        population = self._indicators.calculator(population_id) if population_id else None
        known_days = population.dates() if population else []
        for row in rows:
            if row.error or row.area is None or row.value is None:
                continue
            known = catalogue.get(indicators.get(row.indicator_name) or -1)
            if known is not None:
                persons = known.kind == IndicatorKind.COUNT and known.counts_persons and known.id != population_id
            else:
                persons = not _NOT_PERSONS.search(fold(row.indicator_name)) and (row.unit or "") != "%"
            if not persons:
                continue
            if row.value < 0:
                row.error = (
                    f"negative Anzahl ({german_number(row.value)}): Eine Anzahl von Personen kann nicht negativ "
                    "sein. Bitte prüfen Sie den Wert in der Datei."
                )
                continue
            if population is None or not known_days or row.reference_date is None:
                continue
            day = max((d for d in known_days if d <= row.reference_date), default=known_days[0])
            inhabitants = population.value(row.area, day).value
            if inhabitants and row.value > inhabitants:
                row.error = (
                    f"{german_number(row.value)} ist mehr als die {german_number(inhabitants)} Einwohner von "
                    f"{row.area.name} (Stand {german_date(day)}). Bitte prüfen Sie den Wert in der Datei."
                )

    @staticmethod
    def _known(name: str, catalogue: dict[str, int]) -> int | None:
        wanted = _SAME_INDICATOR.get(fold(name), fold(name))
        if wanted in catalogue:
            return catalogue[wanted]
        best = process.extractOne(wanted, list(catalogue), scorer=fuzz.ratio, score_cutoff=92)
        return catalogue[best[0]] if best else None

    def _header_row(self, data: SheetData) -> int:
        best, best_score = None, 0
        for index, row in enumerate(data.rows[:30]):
            filled = [c for c in row if cell_text(c)]
            if len(filled) < 2:
                continue
            roles = [_role(c) for c in row]
            if "area" not in roles and "key" not in roles:
                continue
            dates = sum(1 for c in row if _role(c) is None and parse_date(c, reference_date=True))
            score = sum(1 for r in roles if r) + dates
            if score > best_score:
                best, best_score = index, score
        if best is None:
            raise ImportFailed(
                "In der Tabelle ist keine Kopfzeile zu erkennen. Erwartet wird eine Zeile mit „Gebiet“ (oder "
                "„Gemeinde“, „Sozialraum“, „AGS“) und Jahren, Kennzahlen oder „Wert“ als Überschriften."
            )
        return best

    @staticmethod
    def _title(data: SheetData, header: int) -> str | None:
        """The title line above the header, e.g. "Kinder unter 6 Jahren, Stand 31.12.2023"."""
        for row in data.rows[:header]:
            texts = [cell_text(c) for c in row if cell_text(c)]
            if len(texts) == 1 and not texts[0].lower().startswith(("quelle", "hinweis")):
                return texts[0]
        return None

    def _match_areas(self, rows, column, data, header, assignments) -> list[UnmatchedArea]:
        tree = self._indicators.area_tree()
        matcher = AreaMatcher(tree, self._aliases())
        level_of = {}
        for row in rows:
            word = fold(row.level_text)
            level_of[row.line] = next((lvl for w, lvl in _LEVEL_WORDS.items() if word.startswith(w)), None)

        def key_of(row: ValueRow) -> str | None:
            return row.key_text

        # A file of Gemeinden names "Dransfeld" the town, a file of Sozialräume the Samtgemeinde: look at the
        # names only one level has.
        votes = {AreaLevel.GEMEINDE: 0, AreaLevel.SOZIALRAUM: 0}
        for row in rows:
            area, _how = matcher.match(row.area_text, key_of(row), level_of.get(row.line), AreaLevel.SOZIALRAUM)
            if area is not None and area.level in votes:
                other = AreaLevel.GEMEINDE if area.level == AreaLevel.SOZIALRAUM else AreaLevel.SOZIALRAUM
                alt, _ = matcher.match(row.area_text, key_of(row), other, other)
                if alt is None or alt.level != other:
                    votes[area.level] += 1
        prefer = AreaLevel.GEMEINDE if votes[AreaLevel.GEMEINDE] > votes[AreaLevel.SOZIALRAUM] else AreaLevel.SOZIALRAUM
        unmatched: dict[str, UnmatchedArea] = {}
        for row in rows:
            if row.area_text in assignments:
                row.area, row.match = assignments[row.area_text], "zugeordnet"
                if row.area is None:
                    row.error = "vom Benutzer übersprungen"
                continue
            area, how = matcher.match(row.area_text, key_of(row), level_of.get(row.line), prefer)
            if area is None and how.startswith(KEY_REFUSED):
                row.error = f"{how}."
                continue
            if area is None:
                entry = unmatched.setdefault(
                    row.area_text,
                    UnmatchedArea(row.area_text, [], matcher.suggestions(row.area_text, level=level_of.get(row.line))),
                )
                if row.line not in entry.lines:
                    entry.lines.append(row.line)
                if how.startswith("mehrdeutig"):
                    entry.suggestions = [a for a in matcher.suggestions(row.area_text, 6)]
                continue
            row.area, row.match = area, how
        return list(unmatched.values())

    def _aliases(self) -> dict[str, tuple[str, str]]:
        with self._sf() as s:
            row = s.get(Setting, ALIAS_SETTING)
        try:
            return {k: tuple(v) for k, v in json.loads(row.value).items()} if row and row.value else {}
        except (ValueError, TypeError, AttributeError):
            return {}

    def _earlier(self, checksum: str) -> list[str]:
        with self._sf() as s:
            batches = s.execute(
                select(ImportBatch.id, ImportBatch.created_at).where(
                    ImportBatch.checksum == checksum,
                    ImportBatch.kind == ImportKind.INDICATORS,
                    ImportBatch.undone_at.is_(None),
                )
            ).all()
        return [f"am {b.created_at:%d.%m.%Y} (Import {b.id})" for b in batches]

    # -- importing -----------------------------------------------------------------------------
    def run(
        self,
        plan: IndicatorImportPlan,
        user_name: str | None = None,
        progress: Progress | None = None,
        dry_run: bool = False,
        remember_assignments: bool = True,
    ) -> IndicatorImportResult:
        """All or nothing in one transaction; a dry run does everything and rolls back."""
        if plan.unmatched:
            names = ", ".join(f"„{u.text}“" for u in plan.unmatched[:5])
            raise ImportFailed(
                f"Nicht alle Gebiete sind zugeordnet ({names}{' …' if len(plan.unmatched) > 5 else ''}). Bitte "
                "ordnen Sie sie einem Gebiet zu oder lassen Sie sie aus."
            )
        rows = plan.importable
        if not rows:
            raise ImportFailed("In der Datei ist kein Wert, der importiert werden kann.")
        if not dry_run:
            self._before_import()
        created_ids: list[int] = []
        new_indicator_ids: list[int] = []
        updated = unchanged = 0
        with self._sf() as s, s.begin():
            batch = ImportBatch(
                kind=ImportKind.INDICATORS,
                file_name=plan.path.name,
                checksum=plan.checksum,
                source=plan.source,
                user_name=user_name,
            )
            s.add(batch)
            s.flush()
            ids: dict[str, int] = {}
            for name, known in plan.indicators.items():
                if known is not None and s.get(Indicator, known) is not None:
                    ids[name] = known
                elif any(r.indicator_name == name for r in rows):
                    unit = next((r.unit for r in rows if r.indicator_name == name and r.unit), None)
                    folded = fold(name)
                    kind = IndicatorKind.RATE if _NOT_ADDING_UP.search(folded) or unit == "%" else IndicatorKind.COUNT
                    persons = not _NOT_PERSONS.search(folded) and unit != "%"
                    created = self._indicators.create(s, name, unit, plan.source, kind, persons)
                    ids[name] = created.id
                    new_indicator_ids.append(created.id)
            latest: dict[tuple, ValueRow] = {}
            for row in rows:  # the same area and date twice: the later line wins
                latest[(ids[row.indicator_name], row.area.level, row.area.key, row.reference_date)] = row
            existing = self._existing(s, {k[0] for k in latest})
            for i, ((indicator_id, level, key, day), row) in enumerate(latest.items()):
                if i % 500 == 0:
                    check(progress, i, len(latest), f"Wert {i} von {len(latest)} wird importiert …")
                values = {
                    "value": row.value,
                    "numerator": row.numerator,
                    "denominator": row.denominator,
                    "source": row.source,
                    "note": row.note,
                }
                old = existing.get((indicator_id, level, key, day))
                if old is None:
                    value = IndicatorValue(
                        indicator_id=indicator_id,
                        area_level=level,
                        area_key=key,
                        reference_date=day,
                        import_batch_id=batch.id,
                        **values,
                    )
                    s.add(value)
                    s.flush()
                    created_ids.append(value.id)
                    continue
                before = {f: getattr(old, f) for f in (*values, "import_batch_id")}
                if all(before[f] == values[f] for f in ("value", "numerator", "denominator")):
                    unchanged += 1
                    continue
                for f, v in values.items():
                    if f in ("source", "note") and v is None:
                        continue
                    setattr(old, f, v)
                old.import_batch_id = batch.id
                s.add(
                    ImportChange(
                        batch_id=batch.id,
                        entity="indicator_value",
                        entity_id=old.id,
                        action=ImportChangeAction.MERGED,
                        before=before,
                    )
                )
                updated += 1
            for first, last in id_runs(created_ids):
                s.add(
                    ImportChange(
                        batch_id=batch.id,
                        entity="indicator_value",
                        entity_id=first,
                        last_entity_id=last,
                        action=ImportChangeAction.CREATED,
                    )
                )
            for indicator_id in new_indicator_ids:
                s.add(
                    ImportChange(
                        batch_id=batch.id, entity="indicator", entity_id=indicator_id, action=ImportChangeAction.CREATED
                    )
                )
            rejected = len(plan.rejected) + sum(len(u.lines) for u in plan.unmatched)
            batch.created_count, batch.merged_count = len(created_ids), updated
            batch.skipped_count, batch.rejected_count = unchanged + len(plan.ignored), rejected
            s.flush()
            result = IndicatorImportResult(
                batch.id, len(created_ids), updated, unchanged, rejected, len(new_indicator_ids)
            )
            check(progress, len(latest), len(latest), "Import wird abgeschlossen …")
            if dry_run:
                s.rollback()
                return replace(result, batch_id=None)
            if remember_assignments:
                self._remember(s, plan)
        return result

    @staticmethod
    def _existing(s: Session, indicator_ids: set[int]) -> dict[tuple, IndicatorValue]:
        stmt = select(IndicatorValue).where(IndicatorValue.indicator_id.in_(indicator_ids))
        return {(v.indicator_id, v.area_level, v.area_key, v.reference_date): v for v in s.scalars(stmt)}

    def _remember(self, s: Session, plan: IndicatorImportPlan) -> None:
        assigned = {r.area_text: (r.area.level, r.area.key) for r in plan.importable if r.match == "zugeordnet"}
        if not assigned:
            return
        row = s.get(Setting, ALIAS_SETTING)
        stored = self._aliases()
        stored.update(assigned)
        text = json.dumps({k: list(v) for k, v in stored.items()}, ensure_ascii=False)
        if row is None:
            s.add(Setting(key=ALIAS_SETTING, value=text))
        else:
            row.value = text

    # -- history and undo ----------------------------------------------------------------------
    def history(self) -> list[BatchInfo]:
        with self._sf() as s:
            return batch_history(s, ImportKind.INDICATORS)

    def is_indicator_batch(self, batch_id: int) -> bool:
        with self._sf() as s:
            return s.scalar(select(ImportBatch.kind).where(ImportBatch.id == batch_id)) == ImportKind.INDICATORS

    def undo(self, batch_id: int) -> str:
        """Remove the values a batch created, restore those it changed, drop indicators it created and left empty."""
        with self._sf.begin() as s:
            batch, changes = undoable_batch(s, batch_id, ImportKind.INDICATORS, "Einen Kennzahlen-Import")
            removed = restored = 0
            table = IndicatorValue.__table__
            for entity, first, last, action, before in changes:
                if entity == "indicator_value" and action == ImportChangeAction.CREATED:
                    removed += writes.delete(s, table, table.c.id.between(first, last or first))
                elif entity == "indicator_value" and action == ImportChangeAction.MERGED and before:
                    writes.update(s, table, [{"id": first, **before}])
                    restored += 1
            dropped = 0
            for entity, first, _last, action, _before in changes:
                if entity == "indicator" and action == ImportChangeAction.CREATED:
                    left = s.scalar(select(func.count(IndicatorValue.id)).where(IndicatorValue.indicator_id == first))
                    if not left:
                        writes.delete(s, Indicator.__table__, Indicator.__table__.c.id == first)
                        dropped += 1
            batch.undone_at = utcnow()
        dropped_text = f", {dropped} Kennzahlen entfernt" if dropped else ""
        return (
            f"Import {batch_id} rückgängig gemacht: {removed} Werte entfernt, {restored} Werte wiederhergestellt"
            f"{dropped_text}."
        )


def parse_day(text: str) -> date:
    """ "31.12.2023" or "2023" from the command line; raises ValidationError in German."""
    day = parse_date(text, reference_date=True)
    if day is None:
        raise ValidationError({"date": f"„{text}“ ist kein Stichtag. Bitte TT.MM.JJJJ oder ein Jahr angeben."})
    return day


def level_label(area: AreaRef) -> str:
    return f"{area.name} ({LEVEL_NAMES[area.level]})"
