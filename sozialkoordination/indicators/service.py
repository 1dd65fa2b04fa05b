"""Indicators of the social report: the catalogue, values per area with upward aggregation (counts summed, rates
recomputed from numerator and denominator), small-number protection, and the data the charts and the map draw."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from sozialkoordination.areas.service import REFERENCE_CSV, _read_csv
from sozialkoordination.core.enums import AreaLevel, IndicatorDirection, IndicatorKind
from sozialkoordination.core.errors import ConflictError, NotFoundError, ValidationError
from sozialkoordination.core.formatting import german_date, german_number
from sozialkoordination.core.normalize import clean, fold
from sozialkoordination.core.progress import Progress, check
from sozialkoordination.db import writes
from sozialkoordination.documents.tables import Column, Sheet, write_workbook
from sozialkoordination.models import Gemeinde, Indicator, IndicatorValue, Setting, Sozialraum, Sozialregion

log = logging.getLogger(__name__)

LEVEL_NAMES = {
    AreaLevel.GEMEINDE: "Gemeinde",
    AreaLevel.SOZIALRAUM: "Sozialraum",
    AreaLevel.SOZIALREGION: "Sozialregion",
    AreaLevel.LANDKREIS: "Landkreis",
}
LANDKREIS_KEY = "03159"
# The district as the indicators know it: the 18 Sozialräume, i.e. without the Stadt Göttingen – said in its name
# wherever it is shown or compared (the official Kreis figure with the city is a different number).
LANDKREIS_NAME = "Landkreis ohne Stadt Göttingen"
# The district's own figure is the sum of the 18 Sozialräume; the Stadt Göttingen has its own youth office.
LANDKREIS_COMPUTED_NOTE = "Summe der 18 Sozialräume (ohne Stadt Göttingen)"

SMALL_NUMBER_SETTING = "indicators.small_number_limit"
DEFAULT_SMALL_NUMBER_LIMIT = 3
SUPPRESSED_NOTE = "in der Quelle geheim gehalten"  # the file itself withheld the value: "< 3", ".", "*", "geheim"
NO_VALUE_NOTE = "in der Quelle keine Angabe"  # the file has no value: "x", "…", "/", "k. A." – not a small number
SMALL_IN_SOURCE = "kleiner als"  # "in der Quelle geheim gehalten (kleiner als 3)": the file said "< 3"
SECONDARY_NOTE = "geschützt, weil er sich sonst aus Summe und übrigen Werten errechnen ließe"

POPULATION_KEY = "bevoelkerung"
POPULATION_SOURCE = "Statistisches Bundesamt (Destatis), Gemeindeverzeichnis (GV-ISys)"
DIRECTIONS = {
    IndicatorDirection.NEUTRAL: "neutral",
    IndicatorDirection.HIGHER_BETTER: "höher ist besser",
    IndicatorDirection.HIGHER_WORSE: "höher ist schlechter",
}
KINDS = {IndicatorKind.COUNT: "Anzahl", IndicatorKind.RATE: "Quote / Anteil"}


# -- DTOs ------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class IndicatorDTO:
    id: int
    key: str
    name: str
    definition: str | None
    unit: str | None
    source: str | None
    direction: str
    kind: str
    rate_base: float | None
    rate_base_label: str | None
    numerator_indicator_id: int | None
    denominator_indicator_id: int | None
    age_from: int | None
    age_to: int | None
    counts_persons: bool

    @property
    def is_rate(self) -> bool:
        return self.kind == IndicatorKind.RATE

    @property
    def decimals(self) -> int | None:
        """Places shown: rates always one ("7,0"), counts as they are."""
        return 1 if self.is_rate else None

    @property
    def age_text(self) -> str:
        """ "20 bis 64 Jahre", "ab 65 Jahren", "unter 6 Jahren" or ""."""
        if self.age_from is not None and self.age_to is not None:
            return f"{self.age_from} bis {self.age_to} Jahre"
        if self.age_from is not None:
            return f"ab {self.age_from} Jahren"
        if self.age_to is not None:
            return f"unter {self.age_to + 1} Jahren"
        return ""

    @property
    def unit_text(self) -> str:
        """What the numbers mean, for axis titles: "%", "je 100 Einwohner 20–64", "Personen"."""
        if self.is_rate and self.rate_base_label:
            return self.rate_base_label if not self.unit or self.unit == "%" else f"{self.unit} {self.rate_base_label}"
        return self.unit or ""


@dataclass
class IndicatorData:
    """The catalogue form."""

    name: str = ""
    definition: str | None = None
    unit: str | None = None
    source: str | None = None
    direction: str = IndicatorDirection.NEUTRAL
    kind: str = IndicatorKind.COUNT
    rate_base: float | None = None
    rate_base_label: str | None = None
    numerator_indicator_id: int | None = None
    denominator_indicator_id: int | None = None
    age_from: int | None = None
    age_to: int | None = None
    counts_persons: bool = True
    key: str | None = None
    id: int | None = None
    version: int | None = None


@dataclass(frozen=True)
class AreaRef:
    level: str
    key: str
    name: str

    @property
    def label(self) -> str:
        return (
            self.name
            if self.level in (AreaLevel.LANDKREIS, AreaLevel.SOZIALRAUM)
            else f"{self.name} ({LEVEL_NAMES[self.level]})"
        )


@dataclass(frozen=True)
class AreaValue:
    area: AreaRef
    reference_date: date
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    protected: bool = False  # small number: shown as "< 3", never drawn at its height
    computed: bool = False  # aggregated from the smaller areas
    source: str | None = None
    note: str | None = None
    secondary: bool = False  # not small itself, hidden so that a small one cannot be computed from the sums

    @property
    def shown(self) -> float | None:
        """The value a chart may draw: None where it is protected or missing."""
        return None if self.protected else self.value


@dataclass
class AreaTree:
    """The area hierarchy with official keys: Gemeinde (AGS) → Sozialraum (ARS) → Sozialregion (code) → Landkreis."""

    gemeinden: dict[str, AreaRef] = field(default_factory=dict)
    raeume: dict[str, AreaRef] = field(default_factory=dict)
    regions: dict[str, AreaRef] = field(default_factory=dict)
    region_ids: dict[str, int] = field(default_factory=dict)  # code → database id
    raum_ids: dict[str, int] = field(default_factory=dict)  # ars → database id
    members: dict[str, list[str]] = field(default_factory=dict)  # ars → AGS of its Gemeinden
    raum_of_gemeinde: dict[str, str] = field(default_factory=dict)
    raeume_of_region: dict[str, list[str]] = field(default_factory=dict)
    region_of_raum: dict[str, str] = field(default_factory=dict)

    @property
    def landkreis(self) -> AreaRef:
        return AreaRef(AreaLevel.LANDKREIS, LANDKREIS_KEY, LANDKREIS_NAME)

    def areas(self, level: str) -> list[AreaRef]:
        if level == AreaLevel.LANDKREIS:
            return [self.landkreis]
        table = {
            AreaLevel.GEMEINDE: self.gemeinden,
            AreaLevel.SOZIALRAUM: self.raeume,
            AreaLevel.SOZIALREGION: self.regions,
        }[level]
        return (
            sorted(table.values(), key=lambda a: fold(a.name))
            if level != AreaLevel.SOZIALREGION
            else list(table.values())
        )

    def region_code(self, region_id: int | None) -> str | None:
        """The code of the Sozialregion with this database id (None for none or an unknown one)."""
        return next((code for code, i in self.region_ids.items() if i == region_id), None)

    def region_by_id(self, region_id: int | None) -> AreaRef | None:
        code = self.region_code(region_id)
        return self.regions.get(code) if code else None

    def raum_by_id(self, raum_id: int | None) -> AreaRef | None:
        ars = next((key for key, i in self.raum_ids.items() if i == raum_id), None)
        return self.raeume.get(ars) if ars else None

    def get(self, level: str, key: str) -> AreaRef | None:
        if level == AreaLevel.LANDKREIS:
            return self.landkreis if key == LANDKREIS_KEY else None
        return {
            AreaLevel.GEMEINDE: self.gemeinden,
            AreaLevel.SOZIALRAUM: self.raeume,
            AreaLevel.SOZIALREGION: self.regions,
        }[level].get(key)

    def children(self, area: AreaRef) -> list[AreaRef]:
        if area.level == AreaLevel.SOZIALRAUM:
            return [self.gemeinden[a] for a in self.members.get(area.key, [])]
        if area.level == AreaLevel.SOZIALREGION:
            return [self.raeume[a] for a in self.raeume_of_region.get(area.key, [])]
        if area.level == AreaLevel.LANDKREIS:
            return list(self.raeume.values())
        return []

    def single_member_raum(self, ags: str) -> str | None:
        """The Sozialraum that is this Gemeinde and nothing else (an Einheitsgemeinde): the same area."""
        ars = self.raum_of_gemeinde.get(ags)
        return ars if ars and self.members.get(ars) == [ags] else None

    def raeume_in(self, area: AreaRef) -> list[AreaRef]:
        """The Sozialräume an area is or lies in (for a Gemeinde: its own)."""
        if area.level == AreaLevel.SOZIALRAUM:
            return [area]
        if area.level == AreaLevel.GEMEINDE:
            ars = self.raum_of_gemeinde.get(area.key)
            return [self.raeume[ars]] if ars else []
        return self.children(area) if area.level == AreaLevel.SOZIALREGION else list(self.raeume.values())

    def region_of(self, area: AreaRef) -> AreaRef | None:
        raeume = self.raeume_in(area)
        if area.level in (AreaLevel.LANDKREIS, AreaLevel.SOZIALREGION):
            return area if area.level == AreaLevel.SOZIALREGION else None
        code = self.region_of_raum.get(raeume[0].key) if raeume else None
        return self.regions.get(code) if code else None


# -- small-number protection -----------------------------------------------------------------------------------
def is_protected(
    value: float | None, numerator: float | None, kind: str, counts_persons: bool, limit: int, note: str | None = None
) -> bool:
    """A count of fewer than `limit` persons – or a rate computed from so few – must not be shown exactly."""
    if value is None:
        return bool(note and note.startswith(SUPPRESSED_NOTE))
    if not counts_persons or limit <= 0:
        return False
    protected = numerator if kind == IndicatorKind.RATE else value
    # Negative counts are balances (e.g. Wanderungssaldo), not numbers of persons.
    return protected is not None and 0 <= protected < limit


def value_text(value: AreaValue | None, limit: int, decimals: int | None = None) -> str:
    """ "1.234", "12,5", "< 3" (a small number), "geheim" (withheld, by the source or to protect another value),
    "k. A." (the source has no value) or "–" (no value)."""
    note = value.note or "" if value is not None else ""
    if value is not None and value.value is None and note.startswith(NO_VALUE_NOTE):
        return "k. A."
    if value is None or (value.value is None and not value.protected):
        return "–"
    if value.protected:
        small_in_source = note.startswith(SUPPRESSED_NOTE) and SMALL_IN_SOURCE in note
        small_here = value.value is not None and not value.secondary
        return f"< {limit}" if small_in_source or small_here else "geheim"
    return german_number(round(value.value, 1) if decimals is None else round(value.value, decimals), decimals)


# -- the service -----------------------------------------------------------------------------------------------
class IndicatorService:
    def __init__(self, session_factory: sessionmaker[Session]):
        self._sf = session_factory

    # -- settings ------------------------------------------------------------------------------
    def small_number_limit(self) -> int:
        with self._sf() as s:
            row = s.get(Setting, SMALL_NUMBER_SETTING)
        text = row.value if row else None
        return int(text) if text and text.isdigit() else DEFAULT_SMALL_NUMBER_LIMIT

    def set_small_number_limit(self, limit: int) -> None:
        if not 0 <= int(limit) <= 100:
            raise ValidationError({"limit": "Die Schutzgrenze muss zwischen 0 und 100 Personen liegen."})
        with self._sf.begin() as s:
            s.merge(Setting(key=SMALL_NUMBER_SETTING, value=str(int(limit))))

    # -- the shipped population ----------------------------------------------------------------
    def seed_population(self, folder: Path | None = None) -> bool:
        """The official population 2019 and 2023 per Gemeinde, once, as the first indicator with its source."""
        with self._sf.begin() as s:
            if s.scalar(select(Indicator.id).where(Indicator.key == POPULATION_KEY)):
                return False
            indicator = Indicator(
                key=POPULATION_KEY,
                name="Einwohnerinnen und Einwohner",
                unit="Personen",
                kind=IndicatorKind.COUNT,
                source=POPULATION_SOURCE,
                definition="Bevölkerung am Ort der Hauptwohnung zum Stichtag 31.12.",
                counts_persons=False,  # whole municipalities: never a small number of people
            )
            s.add(indicator)
            for row in _read_csv(REFERENCE_CSV, folder):
                for column, year in (("bev_31122019", 2019), ("bev_31122023", 2023)):
                    if row.get(column, "").strip().isdigit():
                        source = f"{POPULATION_SOURCE}, Stand 31.12.{year}"
                        indicator.values.append(
                            IndicatorValue(
                                area_level=AreaLevel.GEMEINDE,
                                area_key=row["ags"],
                                reference_date=date(year, 12, 31),
                                value=float(row[column]),
                                source=source,
                            )
                        )
        return True

    # -- catalogue -----------------------------------------------------------------------------
    def catalogue(self) -> list[IndicatorDTO]:
        with self._sf() as s:
            rows = s.scalars(select(Indicator).order_by(Indicator.key != POPULATION_KEY, func.lower(Indicator.name)))
            return [_dto(i) for i in rows]

    def indicator(self, indicator_id: int) -> IndicatorDTO:
        with self._sf() as s:
            return _dto(self._get(s, indicator_id))

    def find(self, name_or_key: str) -> IndicatorDTO:
        """An indicator by key, exact name, the start of its name or a small typo."""
        wanted = fold(clean(name_or_key) or "")
        catalogue = self.catalogue()
        for i in catalogue:
            if wanted in (fold(i.key), fold(i.name)):
                return i
        starts = [i for i in catalogue if fold(i.name).startswith(wanted)]
        if len(starts) == 1:
            return starts[0]
        from rapidfuzz import fuzz, process  # a misspelt name only; not at every start

        best = process.extractOne(wanted, [fold(i.name) for i in catalogue], scorer=fuzz.ratio, score_cutoff=88)
        if best and wanted:
            return catalogue[best[2]]
        names = "; ".join(i.name for i in catalogue) or "keine"
        raise NotFoundError(f"Eine Kennzahl „{name_or_key}“ gibt es nicht. Vorhanden sind: {names}.")

    def get(self, indicator_id: int) -> IndicatorData:
        with self._sf() as s:
            i = self._get(s, indicator_id)
            return IndicatorData(
                i.name,
                i.definition,
                i.unit,
                i.source,
                i.direction,
                i.kind,
                i.rate_base,
                i.rate_base_label,
                i.numerator_indicator_id,
                i.denominator_indicator_id,
                i.age_from,
                i.age_to,
                i.counts_persons,
                i.key,
                i.id,
                i.version,
            )

    def save(self, data: IndicatorData) -> int:
        errors: dict[str, str] = {}
        name = clean(data.name) or ""
        if not name:
            errors["name"] = "Bitte geben Sie den Namen der Kennzahl an."
        if data.kind not in KINDS:
            errors["kind"] = "Die Art muss „Anzahl“ oder „Quote / Anteil“ sein."
        if data.direction not in DIRECTIONS:
            errors["direction"] = "Die Richtung ist unbekannt."
        if data.kind == IndicatorKind.RATE and not (data.rate_base and data.rate_base > 0):
            errors["rate_base"] = "Eine Quote braucht ihre Basis, z. B. 100 für „je 100 Einwohner“."
        for label, age in (("von", data.age_from), ("bis", data.age_to)):
            if age is not None and not 0 <= age <= 120:
                errors[f"age_{label}"] = f"Das Alter {label} muss zwischen 0 und 120 liegen."
        if data.age_from is not None and data.age_to is not None and data.age_from > data.age_to:
            errors["age_to"] = "Das Alter „bis“ darf nicht kleiner sein als das Alter „von“."
        if data.id is not None and data.id in (data.numerator_indicator_id, data.denominator_indicator_id):
            errors["numerator"] = "Eine Quote kann nicht aus sich selbst berechnet werden."
        if errors:
            raise ValidationError(errors)
        with self._sf.begin() as s:
            same = s.scalar(select(Indicator.id).where(func.lower(Indicator.name) == name.lower()))
            if same is not None and same != data.id:
                raise ValidationError({"name": f"Eine Kennzahl „{name}“ gibt es schon."})
            if data.id is None:
                indicator = Indicator(key=self._free_key(s, data.key or name))
                s.add(indicator)
            else:
                indicator = self._get(s, data.id)
                if data.version is not None and indicator.version != data.version:
                    raise ConflictError("Die Kennzahl wurde inzwischen geändert. Bitte neu laden.")
            indicator.name = name
            indicator.definition = clean(data.definition)
            indicator.unit = clean(data.unit)
            indicator.source = clean(data.source)
            indicator.direction, indicator.kind = data.direction, data.kind
            indicator.rate_base = data.rate_base if data.kind == IndicatorKind.RATE else None
            indicator.rate_base_label = clean(data.rate_base_label) if data.kind == IndicatorKind.RATE else None
            indicator.numerator_indicator_id = data.numerator_indicator_id if data.kind == IndicatorKind.RATE else None
            indicator.denominator_indicator_id = (
                data.denominator_indicator_id if data.kind == IndicatorKind.RATE else None
            )
            indicator.age_from, indicator.age_to = data.age_from, data.age_to
            indicator.counts_persons = data.counts_persons
            s.flush()
            return indicator.id

    def create(
        self,
        s: Session,
        name: str,
        unit: str | None = None,
        source: str | None = None,
        kind: str = IndicatorKind.COUNT,
        counts_persons: bool = True,
    ) -> Indicator:
        """A new indicator inside a running import (its transaction decides). A "rate" without numerator and
        denominator is never summed into larger areas (a density or a share does not add up)."""
        indicator = Indicator(
            key=self._free_key(s, name), name=name, unit=unit, source=source, kind=kind, counts_persons=counts_persons
        )
        s.add(indicator)
        s.flush()
        return indicator

    def delete(self, indicator_id: int) -> None:
        with self._sf.begin() as s:
            indicator = self._get(s, indicator_id)
            writes.delete(s, IndicatorValue.__table__, IndicatorValue.indicator_id == indicator_id)
            s.delete(indicator)

    @staticmethod
    def _free_key(s: Session, text: str) -> str:
        base = re.sub(r"[^a-z0-9]+", "_", fold(text)).strip("_")[:60] or "kennzahl"
        taken = set(s.scalars(select(Indicator.key).where(Indicator.key.like(f"{base}%"))))
        key, n = base, 2
        while key in taken:
            key, n = f"{base}_{n}", n + 1
        return key

    @staticmethod
    def _get(s: Session, indicator_id: int) -> Indicator:
        indicator = s.get(Indicator, indicator_id)
        if indicator is None:
            raise NotFoundError("Diese Kennzahl gibt es nicht mehr.")
        return indicator

    # -- areas ---------------------------------------------------------------------------------
    def area_tree(self) -> AreaTree:
        tree = AreaTree()
        with self._sf() as s:
            for region in s.scalars(select(Sozialregion).order_by(Sozialregion.position, Sozialregion.code)):
                tree.regions[region.code] = AreaRef(AreaLevel.SOZIALREGION, region.code, region.name)
                tree.region_ids[region.code] = region.id
                tree.raeume_of_region[region.code] = []
            codes = {tree.region_ids[c]: c for c in tree.region_ids}
            for raum in s.scalars(select(Sozialraum).order_by(Sozialraum.name)):
                tree.raeume[raum.ars] = AreaRef(AreaLevel.SOZIALRAUM, raum.ars, raum.name)
                tree.raum_ids[raum.ars] = raum.id
                tree.members[raum.ars] = []
                code = codes.get(raum.sozialregion_id)
                if code:
                    tree.raeume_of_region[code].append(raum.ars)
                    tree.region_of_raum[raum.ars] = code
            ars_by_id = {v: k for k, v in tree.raum_ids.items()}
            for g in s.scalars(select(Gemeinde).order_by(Gemeinde.name)):
                tree.gemeinden[g.ags] = AreaRef(AreaLevel.GEMEINDE, g.ags, g.name)
                ars = ars_by_id.get(g.sozialraum_id)
                if ars:
                    tree.members[ars].append(g.ags)
                    tree.raum_of_gemeinde[g.ags] = ars
        return tree

    # -- values --------------------------------------------------------------------------------
    def reference_dates(self, indicator_id: int) -> list[date]:
        ids = self._source_ids(indicator_id)
        with self._sf() as s:
            stmt = select(IndicatorValue.reference_date).where(IndicatorValue.indicator_id.in_(ids)).distinct()
            return sorted(s.scalars(stmt))

    def calculator(self, indicator_id: int, tree: AreaTree | None = None) -> ValueCalculator:
        """Everything needed to answer "what is the value of this area at this date" without more queries."""
        tree = tree or self.area_tree()
        with self._sf() as s:
            indicator = _dto(self._get(s, indicator_id))
            parts = {}
            for part_id in (indicator.numerator_indicator_id, indicator.denominator_indicator_id):
                if part_id is not None and s.get(Indicator, part_id) is not None:
                    parts[part_id] = _load_values(s, part_id)
            stored = _load_values(s, indicator_id)
        limit = self.small_number_limit()
        return ValueCalculator(indicator, tree, stored, parts, limit)

    def values(self, indicator_id: int, level: str, reference_date: date | None = None) -> list[AreaValue]:
        """All areas of one level at one date (None: the newest), computed where not stored."""
        calc = self.calculator(indicator_id)
        day = reference_date or calc.latest()
        if day is None:
            return []
        return [calc.value(area, day) for area in calc.tree.areas(level)]

    def table(self, indicator_id: int, sozialregion_id: int | None = None) -> list[AreaValue]:
        """The view's table: Landkreis, regions, Sozialräume and Gemeinden (of one region) at every date, newest
        first; only areas with a value."""
        calc = self.calculator(indicator_id)
        tree = calc.tree
        code = tree.region_code(sozialregion_id)
        areas = [tree.landkreis]
        for region in tree.areas(AreaLevel.SOZIALREGION):
            if code in (None, region.key):
                areas.append(region)
        for level in (AreaLevel.SOZIALRAUM, AreaLevel.GEMEINDE):
            for area in tree.areas(level):
                if level == AreaLevel.GEMEINDE and tree.single_member_raum(area.key):
                    continue  # an Einheitsgemeinde is its Sozialraum: one row is enough
                raeume = tree.raeume_in(area)
                if code is None or (raeume and tree.region_of_raum.get(raeume[0].key) == code):
                    areas.append(area)
        rows = []
        for day in sorted(calc.dates(), reverse=True):
            for area in areas:
                value = calc.value(area, day)
                if value.value is not None or value.protected or (value.note or "").startswith(NO_VALUE_NOTE):
                    rows.append(value)
        return rows

    def export_values(
        self, path: Path, indicator_id: int, sozialregion_id: int | None = None, progress: Progress | None = None
    ) -> int:
        """The table as Excel with small numbers shown as "< 3", never the exact count."""
        indicator = self.indicator(indicator_id)
        limit = self.small_number_limit()
        rows = self.table(indicator_id, sozialregion_id)
        check(progress, 0, len(rows), "Werte werden exportiert …")
        columns = [
            Column("Gebiet", "text", 28),
            Column("Ebene", "text", 13),
            Column("Schlüssel", "text", 12),
            Column("Stichtag", "date", 12),
            Column(f"Wert ({indicator.unit_text})" if indicator.unit_text else "Wert", "text", 14),
            Column("Zähler", "text", 11),
            Column("Nenner", "text", 11),
            Column("berechnet", "text", 10),
            Column("Quelle", "text", 44),
            Column("Hinweis", "text", 40),
        ]
        data = []
        for v in rows:
            shown = value_text(v, limit) if v.protected or v.value is None else round(v.value, 2)
            data.append(
                [
                    v.area.name,
                    LEVEL_NAMES[v.area.level],
                    v.area.key,
                    v.reference_date,
                    shown,
                    None if v.protected else v.numerator,
                    v.denominator,
                    "ja" if v.computed else "",
                    v.source or indicator.source or "",
                    v.note or "",
                ]
            )
        notes = [
            [indicator.name],
            [indicator.definition or ""],
            [f"Quelle: {indicator.source}" if indicator.source else "Quelle: siehe Spalte „Quelle“"],
            [f"Werte unter {limit} Personen stehen als „< {limit}“ da (Schutz kleiner Fallzahlen)."],
            [f"Landkreis: {LANDKREIS_COMPUTED_NOTE}, wo kein eigener Wert vorliegt."],
            [f"Stand der Ausgabe: {german_date(date.today())}"],
        ]
        sheets = [
            Sheet(indicator.name[:31], columns, data, len(data)),
            Sheet("Hinweise", [Column("Hinweis", "text", 100)], notes, len(notes)),
        ]
        write_workbook(path, sheets, progress)
        return len(data)

    # -- chart data ----------------------------------------------------------------------------
    def trend(self, indicator_id: int, areas: list[AreaRef], with_landkreis: bool = True) -> TrendData:
        calc = self.calculator(indicator_id)
        dates = calc.dates()
        series = [TrendSeries(a, [calc.value(a, d) for d in dates]) for a in areas if a.level != AreaLevel.LANDKREIS]
        reference = None
        if with_landkreis or any(a.level == AreaLevel.LANDKREIS for a in areas):
            reference = TrendSeries(calc.tree.landkreis, [calc.value(calc.tree.landkreis, d) for d in dates])
        return TrendData(calc.indicator, series, reference, calc.limit, self._sources(calc, dates))

    def comparison(
        self,
        indicator_id: int,
        reference_date: date | None = None,
        sozialregion_id: int | None = None,
        highlight_region_id: int | None = None,
        highlight: AreaRef | None = None,
    ) -> ComparisonData:
        """All Sozialräume (or those of one region), sorted, with the Landkreis value; the own region marked."""
        calc = self.calculator(indicator_id)
        tree = calc.tree
        day = reference_date or calc.latest()
        codes = {i: c for c, i in tree.region_ids.items()}
        region_code = codes.get(sozialregion_id)
        own = codes.get(highlight_region_id)
        raeume = [r for r in tree.areas(AreaLevel.SOZIALRAUM) if region_code in (None, tree.region_of_raum.get(r.key))]
        marked = {r.key for r in raeume if own and tree.region_of_raum.get(r.key) == own}
        if highlight is not None:
            marked = {r.key for r in tree.raeume_in(highlight)}
        values = [calc.value(r, day) for r in raeume] if day else []
        landkreis = calc.value(tree.landkreis, day) if day else None
        reference = landkreis.shown if landkreis is not None else None
        if reference is not None and not calc.indicator.is_rate:  # a count: the district's mean per Sozialraum
            reference = reference / max(len(tree.raeume), 1)
        return ComparisonData(
            calc.indicator,
            day,
            values,
            landkreis,
            reference,
            marked,
            calc.limit,
            self._sources(calc, [day] if day else []),
            tree.regions[region_code].name if region_code else None,
        )

    def map_data(
        self, indicator_id: int, level: str = AreaLevel.SOZIALRAUM, reference_date: date | None = None, highlight=None
    ) -> MapData:
        calc = self.calculator(indicator_id)
        day = reference_date or calc.latest()
        values = {a.key: calc.value(a, day) for a in calc.tree.areas(level)} if day else {}
        marked: set[str] = set()
        if highlight is not None:
            if level == AreaLevel.SOZIALRAUM:
                marked = {r.key for r in calc.tree.raeume_in(highlight)}
            else:
                marked = {g for r in calc.tree.raeume_in(highlight) for g in calc.tree.members.get(r.key, [])}
                if highlight.level == AreaLevel.GEMEINDE:
                    marked = {highlight.key}
        return MapData(
            calc.indicator, level, day, values, marked, calc.limit, self._sources(calc, [day] if day else [])
        )

    def small_multiples(self, indicator_id: int, sozialregion_id: int | None = None) -> MultiplesData:
        calc = self.calculator(indicator_id)
        tree = calc.tree
        codes = {i: c for c, i in tree.region_ids.items()}
        code = codes.get(sozialregion_id)
        dates = calc.dates()
        raeume = [r for r in tree.areas(AreaLevel.SOZIALRAUM) if code in (None, tree.region_of_raum.get(r.key))]
        panels = [TrendSeries(r, [calc.value(r, d) for d in dates]) for r in raeume]
        landkreis = TrendSeries(tree.landkreis, [calc.value(tree.landkreis, d) for d in dates])
        return MultiplesData(calc.indicator, panels, landkreis, calc.limit, self._sources(calc, dates))

    @staticmethod
    def _sources(calc: ValueCalculator, dates: Iterable[date]) -> str:
        """ "Quelle: …, Stand 31.12.2023" for the figure's foot line."""
        found = calc.sources(dates)
        return "; ".join(found) if found else (calc.indicator.source or "")

    def _source_ids(self, indicator_id: int) -> list[int]:
        with self._sf() as s:
            i = self._get(s, indicator_id)
            ids = [indicator_id, i.numerator_indicator_id, i.denominator_indicator_id]
        return [x for x in ids if x is not None]


# -- chart data transfer objects (the charts package draws them; no Qt, no database) -----------------------------
@dataclass(frozen=True)
class TrendSeries:
    area: AreaRef
    points: list[AreaValue]


@dataclass(frozen=True)
class TrendData:
    indicator: IndicatorDTO
    series: list[TrendSeries]
    landkreis: TrendSeries | None
    limit: int
    source: str


@dataclass(frozen=True)
class ComparisonData:
    indicator: IndicatorDTO
    reference_date: date | None
    values: list[AreaValue]
    landkreis: AreaValue | None
    reference: float | None  # the line drawn: the district's rate, or for counts its mean per Sozialraum
    highlighted: set[str]
    limit: int
    source: str
    region_name: str | None = None


@dataclass(frozen=True)
class MapData:
    indicator: IndicatorDTO
    level: str
    reference_date: date | None
    values: dict[str, AreaValue]
    highlighted: set[str]
    limit: int
    source: str


@dataclass(frozen=True)
class MultiplesData:
    indicator: IndicatorDTO
    panels: list[TrendSeries]
    landkreis: TrendSeries
    limit: int
    source: str


# -- computing values ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Stored:
    value: float | None
    numerator: float | None
    denominator: float | None
    source: str | None
    note: str | None


def _load_values(s: Session, indicator_id: int) -> dict[tuple[str, str, date], _Stored]:
    v = IndicatorValue
    stmt = select(v.area_level, v.area_key, v.reference_date, v.value, v.numerator, v.denominator, v.source, v.note)
    return {
        (level, key, day): _Stored(value, num, den, source, note)
        for level, key, day, value, num, den, source, note in s.execute(stmt.where(v.indicator_id == indicator_id))
    }


class ValueCalculator:
    """Values of one indicator for any area and date: stored where present, otherwise aggregated upward.

    Counts are summed over the smaller areas; rates are recomputed from the summed numerators and denominators
    (their own, or those of the indicators they are defined from), never averaged. An aggregate needs every
    smaller area: a missing one leaves the larger area empty rather than too small."""

    def __init__(self, indicator: IndicatorDTO, tree: AreaTree, stored, parts, limit: int):
        self.indicator, self.tree, self.limit = indicator, tree, limit
        self._stored: dict[tuple[str, str, date], _Stored] = stored
        self._parts: dict[int, dict[tuple[str, str, date], _Stored]] = parts
        self._cache: dict[tuple[int | None, str, str, date], tuple[float | None, float | None, float | None, bool]] = {}
        self._hidden: dict[date, set[tuple[str, str]]] = {}

    def dates(self) -> list[date]:
        days = {k[2] for k in self._stored}
        if self.indicator.is_rate and len(self._parts) == 2:
            num, den = (self._parts.get(i, {}) for i in self._part_ids())
            days |= {k[2] for k in num} & {k[2] for k in den}
        return sorted(days)

    def latest(self) -> date | None:
        days = self.dates()
        return days[-1] if days else None

    def sources(self, dates: Iterable[date]) -> list[str]:
        wanted = set(dates)
        found: list[str] = []
        for (_level, _key, day), row in self._stored.items():
            text = row.source or self.indicator.source
            if day in wanted and text and text not in found:
                found.append(text)
        return sorted(found)[:3]

    def value(self, area: AreaRef, day: date) -> AreaValue:
        """The value as every table, chart, export and report shows it: small numbers protected, and beside them
        as many others as needed so that none can be computed back from a total and the visible parts."""
        value = self._primary(area, day)
        if value.protected or (area.level, area.key) not in self.hidden(day):
            return value
        note = "; ".join(n for n in (SECONDARY_NOTE, value.note) if n)
        return replace(value, protected=True, secondary=True, note=note)

    def hidden(self, day: date) -> set[tuple[str, str]]:
        """(level, key) of every area whose value is hidden on `day`: small ones, and complementary ones.

        Each total with its parts is one equation (Landkreis = its Sozialräume = its Sozialregionen, Sozialregion =
        its Sozialräume, Sozialraum = its Gemeinden). A hidden value stays unknown when no equation has it as the
        only unknown: a visible total never has exactly one hidden part (a second, the smallest visible part, is
        hidden too), and a hidden total never has all parts visible (its smallest part is hidden)."""
        if day in self._hidden:
            return self._hidden[day]
        tree = self.tree
        groups: list[tuple[AreaRef, list[AreaRef]]] = [(tree.landkreis, tree.areas(AreaLevel.SOZIALRAUM))]
        groups.append((tree.landkreis, tree.areas(AreaLevel.SOZIALREGION)))
        groups += [(region, tree.children(region)) for region in tree.areas(AreaLevel.SOZIALREGION)]
        groups += [
            (raum, tree.children(raum)) for raum in tree.areas(AreaLevel.SOZIALRAUM) if len(tree.children(raum)) > 1
        ]
        values: dict[tuple[str, str], AreaValue] = {}

        def primary(area: AreaRef) -> AreaValue:
            key = (area.level, area.key)
            if key not in values:
                values[key] = self._primary(area, day)
            return values[key]

        def size(area: AreaRef) -> float:
            v = primary(area)
            amount = v.numerator if self.indicator.is_rate else v.value
            return amount if amount is not None else float("inf")

        # an Einheitsgemeinde and its Sozialraum are one area: hidden as one or shown as one
        same = [
            (raum, tree.children(raum)[0]) for raum in tree.areas(AreaLevel.SOZIALRAUM) if len(tree.children(raum)) == 1
        ]
        areas = [a for group in groups for a in (group[0], *group[1])] + [g for _raum, g in same]
        hidden = {(a.level, a.key) for a in areas if primary(a).protected}
        changed = bool(hidden)
        while changed:
            changed = False
            for raum, gemeinde in same:
                pair = {(raum.level, raum.key), (gemeinde.level, gemeinde.key)}
                if hidden & pair and not pair <= hidden:
                    hidden |= pair
                    changed = True
            for total, parts in groups:
                known = [p for p in parts if primary(p).value is not None or primary(p).protected]
                hidden_parts = [p for p in known if (p.level, p.key) in hidden]
                visible_parts = [p for p in known if (p.level, p.key) not in hidden]
                total_hidden = (total.level, total.key) in hidden
                total_known = primary(total).value is not None or primary(total).protected
                if not total_known:
                    continue
                if (not total_hidden and len(hidden_parts) == 1) or (total_hidden and not hidden_parts):
                    if visible_parts:
                        smallest = min(visible_parts, key=size)
                        hidden.add((smallest.level, smallest.key))
                    elif not total_hidden:
                        hidden.add((total.level, total.key))
                    else:
                        continue
                    changed = True
        self._hidden[day] = hidden
        return hidden

    def _primary(self, area: AreaRef, day: date) -> AreaValue:
        ind = self.indicator
        row = self._stored.get((area.level, area.key, day))
        if row is None and area.level == AreaLevel.GEMEINDE:  # an Einheitsgemeinde is its Sozialraum
            ars = self.tree.single_member_raum(area.key)
            row = self._stored.get((AreaLevel.SOZIALRAUM, ars, day)) if ars else None
        if row is None and area.level == AreaLevel.SOZIALRAUM and len(self.tree.members.get(area.key, [])) == 1:
            row = self._stored.get((AreaLevel.GEMEINDE, self.tree.members[area.key][0], day))
        if row is not None and (row.value is not None or row.note):
            value, num, den = row.value, row.numerator, row.denominator
            if value is None and ind.is_rate and num is not None and den:
                value = num / den * (ind.rate_base or 1)
            protected = is_protected(value, num, ind.kind, ind.counts_persons, self.limit, row.note)
            return AreaValue(area, day, value, num, den, protected, False, row.source or ind.source, row.note)
        if ind.is_rate:
            num, den, complete = self._rate_parts(area, day)
            value = num / den * (ind.rate_base or 1) if complete and num is not None and den else None
            computed = value is not None
            protected = value is not None and is_protected(
                value, num, IndicatorKind.RATE, ind.counts_persons, self.limit
            )
            return AreaValue(
                area,
                day,
                value,
                num if computed else None,
                den if computed else None,
                protected,
                computed,
                ind.source,
                self._computed_note(area) if computed else None,
            )
        total = self._sum(None, area, day)
        protected = total is not None and is_protected(total, None, IndicatorKind.COUNT, ind.counts_persons, self.limit)
        return AreaValue(
            area,
            day,
            total,
            None,
            None,
            protected,
            total is not None,
            ind.source,
            self._computed_note(area) if total is not None else None,
        )

    def _computed_note(self, area: AreaRef) -> str:
        if area.level == AreaLevel.LANDKREIS:
            return LANDKREIS_COMPUTED_NOTE
        n = len(self.tree.children(area))
        what = "Gemeinden" if area.level == AreaLevel.SOZIALRAUM else "Sozialräumen"
        return f"berechnet aus {n} {what}"

    def _part_ids(self) -> list[int | None]:
        return [self.indicator.numerator_indicator_id, self.indicator.denominator_indicator_id]

    def _rate_parts(self, area: AreaRef, day: date) -> tuple[float | None, float | None, bool]:
        """Numerator and denominator of a rate for an area: from the numerator/denominator indicators if the
        rate is defined from them, else summed from the smaller areas' own numerators and denominators."""
        num_id, den_id = self._part_ids()
        if num_id in self._parts and den_id in self._parts:
            num, den = self._sum(num_id, area, day), self._sum(den_id, area, day)
            if num is not None and den:
                return num, den, True
        children = self.tree.children(area)
        if not children:
            return None, None, False
        num_total = den_total = 0.0
        for child in children:
            row = self._stored.get((child.level, child.key, day))
            if row is not None and row.numerator is not None and row.denominator is not None:
                num_total += row.numerator
                den_total += row.denominator
                continue
            num, den, complete = self._rate_parts(child, day)
            if not complete or num is None or den is None:
                return None, None, False
            num_total += num
            den_total += den
        return num_total, den_total, bool(den_total)

    def _sum(self, part_id: int | None, area: AreaRef, day: date) -> float | None:
        """A count for an area: stored, else the sum of its smaller areas (None if any of them is missing)."""
        key = (part_id, area.level, area.key, day)
        if key in self._cache:
            return self._cache[key][0]
        stored = self._stored if part_id is None else self._parts[part_id]
        row = stored.get((area.level, area.key, day))
        if row is None and area.level == AreaLevel.GEMEINDE:
            ars = self.tree.single_member_raum(area.key)
            row = stored.get((AreaLevel.SOZIALRAUM, ars, day)) if ars else None
        if row is not None:
            total = row.value
        else:
            children = self.tree.children(area)
            total = 0.0 if children else None
            for child in children:
                part = self._sum(part_id, child, day)
                if part is None:
                    total = None
                    break
                total += part
        self._cache[key] = (total, None, None, total is not None)
        return total


def _dto(i: Indicator) -> IndicatorDTO:
    return IndicatorDTO(
        i.id,
        i.key,
        i.name,
        i.definition,
        i.unit,
        i.source,
        i.direction or IndicatorDirection.NEUTRAL,
        i.kind or IndicatorKind.COUNT,
        i.rate_base,
        i.rate_base_label,
        i.numerator_indicator_id,
        i.denominator_indicator_id,
        i.age_from,
        i.age_to,
        bool(i.counts_persons),
    )
