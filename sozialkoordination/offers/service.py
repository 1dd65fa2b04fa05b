"""Angebote (offers of organisations for families and people along the life course) and the Präventionskette:
which offers exist for which phase of life in which Sozialraum or Gemeinde, next to the need from the indicators.

How an offer counts in the matrix: an offer counts in every area it reaches – reach "Gemeinde" its own Gemeinde,
"Sozialraum" every Gemeinde of its Sozialraum, "Sozialregion" every Sozialraum of the region, "Landkreis"
everywhere – and only while it runs (from–until around today). A cell with no offer is "leer", with one "dünn".
The group in need (children 0–3 …) comes from a count indicator with exactly the phase's ages; the need from a
rate indicator where higher is worse (child poverty first). An area's need is high when it lies above the
Landkreis; a cell stands out when high need meets no offer at all for a phase the need concerns. Small numbers
are never shown exactly (indicators' small-number protection)."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from sozialkoordination.actors.service import clean_theme_names, themes_by_name
from sozialkoordination.config import resource_path
from sozialkoordination.core.enums import AreaLevel
from sozialkoordination.core.errors import DomainError, NotFoundError, ValidationError
from sozialkoordination.core.formatting import german_date, german_number
from sozialkoordination.core.geometry import ring_centroid
from sozialkoordination.core.normalize import clean, fold
from sozialkoordination.core.progress import Progress
from sozialkoordination.indicators.service import (
    AreaRef,
    AreaTree,
    IndicatorDTO,
    IndicatorService,
    value_text,
)
from sozialkoordination.meetings.service import MeetingService
from sozialkoordination.models import Angebot, Gemeinde, Meeting, Organisation, Ortschaft, Sozialraum
from sozialkoordination.networks.dto import GapTable
from sozialkoordination.offers.documents import write_chain
from sozialkoordination.offers.dto import AngebotListRow, ChainArea, ChainCell, ChainData, MapPoint

# (code, label, age from, age to); the ages find the matching population among the indicators.
LIFE_PHASES: tuple[tuple[str, str, int | None, int | None], ...] = (
    ("geburt", "Schwangerschaft und Geburt", None, None),
    ("0-3", "0–3 Jahre", 0, 2),
    ("3-6", "3–6 Jahre", 3, 5),
    ("6-10", "6–10 Jahre", 6, 9),
    ("10-16", "10–16 Jahre", 10, 15),
    ("16-27", "16–27 Jahre (Übergang Schule–Beruf)", 16, 26),
    ("familie", "Familie/Eltern", None, None),
    ("erwachsene", "Erwachsene", 27, 64),
    ("aeltere", "Ältere", 65, None),
)
PHASE_LABELS = {code: label for code, label, _f, _t in LIFE_PHASES}
# Phases without ages belong to families with children: they count for a need measured among children.
_PHASE_AGES = {code: (f, t) if (f, t) != (None, None) else (0, 17) for code, _label, f, t in LIFE_PHASES}
KINDS = (
    "Beratung",
    "Gruppe",
    "Kurs",
    "Betreuung",
    "Treffpunkt",
    "Hausbesuch",
    "Sprechstunde",
    "Veranstaltung",
    "Sonstiges",
)
TARGET_GROUPS = (
    "Schwangere",
    "Eltern",
    "Alleinerziehende",
    "Kinder",
    "Jugendliche",
    "junge Erwachsene",
    "Familien mit Migrationsgeschichte",
    "Menschen mit Behinderung",
    "Ältere",
    "Angehörige",
    "alle",
)
REACHES = ("Gemeinde", "Sozialraum", "Sozialregion", "Landkreis")
GEMEINDEN_GEOJSON = "landkreis_goettingen_gemeinden.geojson"
THIN = 1  # a cell with at most this many offers (but not none) is thin
EMPTY_MARK, THIN_MARK, ALERT_MARK = "✕", "◔", "⚠"


@dataclass
class AngebotData:
    name: str = ""
    kind: str = "Beratung"
    description: str | None = None
    target_groups: list[str] = field(default_factory=list)
    life_phases: list[str] = field(default_factory=list)  # codes of LIFE_PHASES
    themes: list[str] = field(default_factory=list)
    organisation_id: int | None = None
    at_organisation: bool = True
    place_street: str | None = None
    place_postcode: str | None = None
    place_city: str | None = None
    reach: str = "Sozialraum"
    cost: str | None = None
    language: str | None = None
    accessibility: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    contact: str | None = None
    id: int | None = None


@dataclass(frozen=True)
class NextMeeting:
    id: int
    label: str  # "Sozialraumkonferenz Duderstadt (12.01.2027)"


def join(values: list[str]) -> str:
    return ", ".join(values)


def split(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def phase_text(codes: str | None) -> str:
    return ", ".join(PHASE_LABELS.get(code, code) for code in split(codes))


def period_text(starts_on: date | None, ends_on: date | None) -> str:
    if starts_on and ends_on:
        return f"{german_date(starts_on)} – {german_date(ends_on)}"
    if starts_on:
        return f"ab {german_date(starts_on)}"
    if ends_on:
        return f"bis {german_date(ends_on)}"
    return ""


def cell_mark(cell: ChainCell) -> str:
    """What a cell says besides its number, in words and a symbol (never colour alone)."""
    if cell.high_need_low_supply:
        return f"{ALERT_MARK} hoher Bedarf, kein Angebot"
    if cell.count == 0:
        return f"{EMPTY_MARK} kein Angebot"
    if cell.count <= THIN:
        return f"{THIN_MARK} dünn, hoher Bedarf" if cell.high_need else f"{THIN_MARK} dünn"
    return ""


def scarce(cell: ChainCell) -> bool:
    """High need meets low supply: no offer, or a thin one, where the need is above the Landkreis's."""
    return cell.high_need and cell.count <= THIN


class AngebotService:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        indicators: IndicatorService,
        meetings: MeetingService,
        today: Callable[[], date] = date.today,
    ):
        self._sf = session_factory
        self._indicators = indicators
        self._meetings = meetings
        self._today = today

    # -- records -------------------------------------------------------------------------------
    def get(self, angebot_id: int) -> AngebotData:
        with self._sf() as s:
            a = self._angebot(s, angebot_id)
            return AngebotData(
                name=a.name,
                kind=a.kind,
                description=a.description,
                target_groups=split(a.target_groups),
                life_phases=split(a.life_phases),
                themes=[t.name for t in a.themes],
                organisation_id=a.organisation_id,
                at_organisation=a.at_organisation,
                place_street=a.place_street,
                place_postcode=a.place_postcode,
                place_city=a.place_city,
                reach=a.reach,
                cost=a.cost,
                language=a.language,
                accessibility=a.accessibility,
                starts_on=a.starts_on,
                ends_on=a.ends_on,
                contact=a.contact,
                id=a.id,
            )

    def save(self, data: AngebotData) -> int:
        name = clean(data.name)
        errors: dict[str, str] = {}
        if not name:
            errors["name"] = "Bitte geben Sie dem Angebot einen Namen."
        if data.kind not in KINDS:
            errors["kind"] = f"Art des Angebots: bitte wählen Sie {', '.join(KINDS)}."
        phases = [code for code, *_rest in LIFE_PHASES if code in set(data.life_phases)]
        if not phases:
            errors["life_phases"] = "Bitte wählen Sie mindestens eine Lebensphase, für die das Angebot da ist."
        elif len(phases) != len(set(data.life_phases)):
            errors["life_phases"] = "Unbekannte Lebensphase; bitte wählen Sie aus der Liste."
        if data.reach not in REACHES:
            errors["reach"] = f"Reichweite: bitte wählen Sie {', '.join(REACHES)}."
        if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
            errors["ends_on"] = "Das Ende liegt vor dem Beginn. Bitte prüfen Sie die Daten."
        postcode = clean(data.place_postcode)
        if data.at_organisation and data.organisation_id is None:
            errors["organisation_id"] = (
                "Das Angebot findet bei der Organisation statt: bitte wählen Sie die Organisation, oder geben Sie "
                "einen anderen Ort an."
            )
        if not data.at_organisation and not (postcode or clean(data.place_city)):
            errors["place_city"] = "Bitte geben Sie den Ort des Angebots an (PLZ und Ort)."
        if postcode and not (postcode.isdigit() and len(postcode) == 5):
            errors["place_postcode"] = "Die Postleitzahl hat fünf Ziffern, zum Beispiel 37115."
        if errors:
            raise ValidationError(errors)
        with self._sf.begin() as s:
            a = Angebot() if data.id is None else self._angebot(s, data.id)
            s.add(a)
            for f in fields(AngebotData):
                if f.name not in ("id", "themes", "target_groups", "life_phases"):
                    value = getattr(data, f.name)
                    setattr(a, f.name, clean(value) if isinstance(value, str) else value)
            a.name, a.place_postcode, a.life_phases = name, postcode, join(phases)
            a.target_groups = join([g for g in (clean(g) for g in data.target_groups) if g]) or None
            a.themes = themes_by_name(s, clean_theme_names(data.themes))
            org = s.get(Organisation, data.organisation_id) if data.organisation_id else None
            if data.organisation_id and org is None:
                raise NotFoundError("Die gewählte Organisation gibt es nicht mehr. Bitte wählen Sie eine andere.")
            if data.at_organisation and org is not None:
                a.place_street = " ".join(p for p in (org.street, org.house_number) if p) or None
                a.place_postcode, a.place_city = org.postcode, org.city
            gemeinde = _gemeinde_at(s, a.place_postcode, a.place_city)
            a.gemeinde_id = gemeinde.id if gemeinde else None
            a.sozialraum_id = gemeinde.sozialraum_id if gemeinde else (org.sozialraum_id if org else None)
            s.flush()
            return a.id

    def delete(self, angebot_id: int) -> None:
        with self._sf.begin() as s:
            s.delete(self._angebot(s, angebot_id))

    def name_of(self, angebot_id: int) -> str:
        with self._sf() as s:
            return self._angebot(s, angebot_id).name

    def themes(self) -> list[str]:
        """The themes the offers use, for the matrix filter."""
        with self._sf() as s:
            names = {t.name for a in s.scalars(select(Angebot).options(selectinload(Angebot.themes))) for t in a.themes}
        return sorted(names, key=fold)

    def list_rows(self, sozialregion_id: int | None = None, ids: list[int] | None = None) -> list[AngebotListRow]:
        """The offers, by name; of one Sozialregion (by their Sozialraum) or just these."""
        stmt = select(Angebot).options(
            selectinload(Angebot.themes),
            selectinload(Angebot.organisation),
            selectinload(Angebot.gemeinde),
            selectinload(Angebot.sozialraum),
        )
        if sozialregion_id is not None:
            raeume = select(Sozialraum.id).where(Sozialraum.sozialregion_id == sozialregion_id)
            stmt = stmt.where(Angebot.sozialraum_id.in_(raeume))
        if ids is not None:
            stmt = stmt.where(Angebot.id.in_(ids))
        with self._sf() as s:
            rows = [
                AngebotListRow(
                    a.id,
                    a.name,
                    a.kind,
                    phase_text(a.life_phases),
                    ", ".join(t.name for t in a.themes),
                    a.organisation.name if a.organisation else None,
                    " ".join(p for p in (a.place_postcode, a.place_city) if p) or None,
                    a.gemeinde.name if a.gemeinde else None,
                    a.sozialraum.name if a.sozialraum else None,
                    a.reach,
                    period_text(a.starts_on, a.ends_on),
                )
                for a in s.scalars(stmt)
            ]
        return sorted(rows, key=lambda r: fold(r.name))

    # -- weiße Flecken ---------------------------------------------------------------------------
    def kinds(self) -> list[str]:
        """The offer kinds to choose from: the usual ones, then any other kind recorded."""
        with self._sf() as s:
            used = s.scalars(select(Angebot.kind).where(Angebot.kind.is_not(None)).distinct()).all()
        return list(KINDS) + sorted(set(used) - set(KINDS), key=fold)

    def kind_gaps(self, sozialregion_id: int | None, kinds: list[str], phases: list[str] | None = None) -> GapTable:
        """Sozialräume × offer kinds: how many offers of each kind take place in each Sozialraum (by the offer's own
        place, whatever its reach) and run today; with life phases, only offers for at least one of them count."""
        today, wanted = self._today(), set(phases or ())
        raeume_stmt = select(Sozialraum.id, Sozialraum.name).order_by(Sozialraum.name)
        if sozialregion_id is not None:
            raeume_stmt = raeume_stmt.where(Sozialraum.sozialregion_id == sozialregion_id)
        stmt = select(Angebot.sozialraum_id, Angebot.kind, Angebot.life_phases, Angebot.starts_on, Angebot.ends_on)
        counts: dict[tuple[int, str], int] = {}
        with self._sf() as s:
            raeume = s.execute(raeume_stmt).all()
            for raum_id, kind, life_phases, starts_on, ends_on in s.execute(stmt.where(Angebot.kind.in_(kinds))):
                if raum_id is None or (starts_on and starts_on > today) or (ends_on and ends_on < today):
                    continue
                if wanted and not wanted & set(split(life_phases)):
                    continue
                counts[(raum_id, kind)] = counts.get((raum_id, kind), 0) + 1
        return GapTable(list(kinds), [(name, [counts.get((rid, k), 0) for k in kinds]) for rid, name in raeume])

    # -- the Präventionskette --------------------------------------------------------------------
    def need_indicators(self) -> list[IndicatorDTO]:
        """Rates where higher is worse, those about children first (child poverty is the usual measure)."""
        found = [i for i in self._indicators.catalogue() if i.is_rate and i.direction == "higher_worse"]
        return sorted(found, key=lambda i: (not (i.age_to is not None and i.age_to < 18), fold(i.name)))

    def chain(
        self,
        sozialraum_id: int | None = None,
        theme: str | None = None,
        target_group: str | None = None,
        need_indicator_id: int | None = None,
        sozialregion_id: int | None = None,
    ) -> ChainData:
        """The matrix for one Sozialraum (its Gemeinden as columns), one Sozialregion (its Sozialräume) or the
        Landkreis (all Sozialräume); the Landkreis's counts stand beside it for comparison."""
        tree = self._indicators.area_tree()
        today = self._today()
        with self._sf() as s:
            stmt = select(Angebot).options(
                selectinload(Angebot.themes), selectinload(Angebot.gemeinde), selectinload(Angebot.sozialraum)
            )
            offers = []
            for a in s.scalars(stmt):
                if (a.starts_on and a.starts_on > today) or (a.ends_on and a.ends_on < today):
                    continue
                if theme and fold(theme) not in {fold(t.name) for t in a.themes}:
                    continue
                if target_group and fold(target_group) not in {fold(g) for g in split(a.target_groups)}:
                    continue
                ags = a.gemeinde.ags if a.gemeinde else None
                ars = a.sozialraum.ars if a.sozialraum else None
                offers.append((a.id, set(split(a.life_phases)), _reached(tree, a.reach, ags, ars)))
            if sozialraum_id is not None:
                raum = s.get(Sozialraum, sozialraum_id)
                if raum is None:
                    raise NotFoundError("Diesen Sozialraum gibt es nicht mehr.")
                gemeinde_ids = {g.ags: g.id for g in s.scalars(select(Gemeinde))}
                refs = [tree.gemeinden[ags] for ags in tree.members.get(raum.ars, [])]
                columns = [(ref, gemeinde_ids[ref.key], raum.id) for ref in refs]
                title = f"Präventionskette – Sozialraum {raum.name}"
            elif sozialregion_id is not None:
                region = tree.region_by_id(sozialregion_id)
                if region is None:
                    raise NotFoundError("Diese Sozialregion gibt es nicht mehr.")
                refs = [tree.raeume[ars] for ars in tree.raeume_of_region.get(region.key, [])]
                columns = [(ref, tree.raum_ids[ref.key], tree.raum_ids[ref.key]) for ref in refs]
                title = f"Präventionskette – Sozialregion {region.name}"
            else:
                columns = [
                    (ref, tree.raum_ids[ref.key], tree.raum_ids[ref.key]) for ref in tree.areas(AreaLevel.SOZIALRAUM)
                ]
                title = "Präventionskette – Sozialräume des Landkreises"
        limit = self._indicators.small_number_limit()
        refs = [ref for ref, *_ids in columns] + [tree.landkreis]  # the Landkreis beside them, for comparison
        need = self._need(tree, refs, need_indicator_id)
        population, population_names, day = self._populations(tree, refs)
        areas = []
        for ref, area_id, raum_id in columns:
            text, high = need[1].get(ref.key, ("–", False))
            areas.append(ChainArea(ref.level, ref.key, ref.name, area_id, raum_id, text, high))
        cells: dict[tuple[str, str], ChainCell] = {}
        need_ages = need[2]
        for code, _label, _f, _t in LIFE_PHASES:
            for area in areas:
                ids = tuple(i for i, phases, reached in offers if code in phases and _covers(reached, area))
                value = population.get((code, area.key))
                per_1000 = _per_1000(len(ids), value) or "–"
                needy = area.high_need and _overlap(_PHASE_AGES[code], need_ages)
                text = value_text(value, limit) if value is not None else "–"
                cells[(code, area.key)] = ChainCell(code, area.key, ids, text, per_1000, needy and not ids, needy)
        district = {code: sum(1 for _i, phases, _r in offers if code in phases) for code, *_rest in LIFE_PHASES}
        district_per_1000 = {
            code: ratio
            for code, count in district.items()
            if (ratio := _per_1000(count, population.get((code, tree.landkreis.key))))
        }
        return ChainData(
            title,
            [(c, label) for c, label, *_r in LIFE_PHASES],
            areas,
            cells,
            district,
            need[0],
            population_names,
            day,
            limit,
            need[1].get(tree.landkreis.key, ("–", False))[0],
            district_per_1000,
        )

    def _need(self, tree: AreaTree, refs: list[AreaRef], indicator_id: int | None):
        """(indicator name with date, {area key: (text, high)}, (age from, age to)) of the need indicator."""
        candidates = self.need_indicators()
        chosen = next((i for i in candidates if i.id == indicator_id), candidates[0] if candidates else None)
        if chosen is None:
            return None, {}, (0, 200)
        calc = self._indicators.calculator(chosen.id, tree)
        day = calc.latest()
        if day is None:
            return chosen.name, {}, (0, 200)
        values = {ref.key: calc.value(ref, day) for ref in refs}
        known = [v.value for v in values.values() if v.value is not None and not v.protected]
        overall = calc.value(tree.landkreis, day).shown
        if overall is None and known:
            overall = sum(known) / len(known)
        result = {}
        for key, v in values.items():
            high = overall is not None and v.shown is not None and v.shown > overall
            result[key] = (value_text(v, calc.limit, chosen.decimals), high)
        ages = (chosen.age_from or 0, chosen.age_to if chosen.age_to is not None else 200)
        return f"{chosen.name} ({german_date(day)})", result, ages

    def _populations(self, tree: AreaTree, refs: list[AreaRef]):
        """The group of each life phase in each area, from the count indicator with exactly the phase's ages."""
        catalogue = [i for i in self._indicators.catalogue() if not i.is_rate and i.counts_persons]
        values, names, newest = {}, {}, None
        for code, _label, age_from, age_to in LIFE_PHASES:
            if age_from is None and age_to is None:
                continue
            match = next((i for i in catalogue if i.age_from == age_from and i.age_to == age_to), None)
            if match is None:
                continue
            calc = self._indicators.calculator(match.id, tree)
            day = calc.latest()
            if day is None:
                continue
            names[code] = f"{match.name} ({german_date(day)})"
            newest = max(newest, day) if newest else day
            for ref in refs:
                values[(code, ref.key)] = calc.value(ref, day)
        return values, names, newest

    def export_chain(self, path: Path, chain: ChainData, progress: Progress | None = None) -> int:
        """The matrix as an Excel sheet (one row per life phase and area), e.g. for the Sozialraumkonferenz."""
        return write_chain(path, chain, progress)

    # -- the Angebotslandkarte ---------------------------------------------------------------------
    def map_points(
        self, phase: str | None = None, theme: str | None = None, sozialraum_id: int | None = None
    ) -> tuple[list[MapPoint], int]:
        """The running offers as points, and how many could not be placed (no organisation coordinates and no
        Gemeinde). Coordinates: the organisation's (from the partner list, migration 0012) where the offer takes
        place there; otherwise the middle of its Gemeinde from the shipped boundaries, marked approximate."""
        centres = gemeinde_centres()
        today = self._today()
        stmt = select(Angebot).options(
            selectinload(Angebot.themes), selectinload(Angebot.organisation), selectinload(Angebot.gemeinde)
        )
        if sozialraum_id is not None:
            stmt = stmt.where(Angebot.sozialraum_id == sozialraum_id)
        points, unplaced = [], 0
        with self._sf() as s:
            for a in s.scalars(stmt):
                if (a.starts_on and a.starts_on > today) or (a.ends_on and a.ends_on < today):
                    continue
                if phase and phase not in split(a.life_phases):
                    continue
                if theme and fold(theme) not in {fold(t.name) for t in a.themes}:
                    continue
                org = a.organisation
                if a.at_organisation and org is not None and org.latitude is not None and org.longitude is not None:
                    points.append(MapPoint(a.id, a.name, org.name, org.latitude, org.longitude, False))
                elif a.gemeinde is not None and a.gemeinde.ags in centres:
                    lat, lon = centres[a.gemeinde.ags]
                    points.append(MapPoint(a.id, a.name, org.name if org else None, lat, lon, True))
                else:
                    unplaced += 1
        return sorted(points, key=lambda p: fold(p.name)), unplaced

    def organisation_points(self) -> tuple[list[MapPoint], int]:
        """The organisations as points beside the offers (who is there to ask): at their coordinates from the partner
        list, else at the middle of the Gemeinde of their address, marked approximate; and how many have neither."""
        centres = gemeinde_centres()
        places: dict[tuple[str, str], str | None] = {}  # (postcode, city) → AGS: each place is looked up once
        points, unplaced = [], 0
        with self._sf() as s:
            for org in s.scalars(select(Organisation)):
                if org.latitude is not None and org.longitude is not None:
                    points.append(MapPoint(org.id, org.name, org.name, org.latitude, org.longitude, False))
                    continue
                place = (org.postcode or "", org.city or "")
                if place not in places:
                    gemeinde = _gemeinde_at(s, *place) if any(place) else None
                    places[place] = gemeinde.ags if gemeinde is not None else None
                ags = places[place]
                if ags in centres:
                    points.append(MapPoint(org.id, org.name, org.name, *centres[ags], True))
                else:
                    unplaced += 1
        return sorted(points, key=lambda p: fold(p.name)), unplaced

    # -- from a cell to the next meeting ---------------------------------------------------------
    def next_meeting(self, sozialraum_id: int | None) -> NextMeeting | None:
        """The next planned meeting of the Sozialraum (today or later), the Sozialraumkonferenz first."""
        if sozialraum_id is None:
            return None
        with self._sf() as s:
            stmt = (
                select(Meeting)
                .where(Meeting.sozialraum_id == sozialraum_id, Meeting.meeting_date >= self._today())
                .order_by(Meeting.meeting_date, Meeting.start_time, Meeting.id)
            )
            found = list(s.scalars(stmt))
        if not found:
            return None
        best = next((m for m in found if m.meeting_type == "Sozialraumkonferenz"), found[0])
        return NextMeeting(best.id, f"{best.title} ({german_date(best.meeting_date)})")

    def agenda_title(self, chain: ChainData, phase: str, area_key: str) -> str:
        cell = chain.cell(phase, area_key)
        area = next(a for a in chain.areas if a.key == area_key)
        where = f"Gemeinde {area.name}" if area.level == AreaLevel.GEMEINDE else f"Sozialraum {area.name}"
        what = "kein Angebot" if cell.count == 0 else f"{cell.count} Angebot" + ("e" if cell.count > 1 else "")
        title = f"Präventionskette: {what} für {PHASE_LABELS[phase]} in {where}"
        if area.high_need and chain.need_name:
            title += f" (hoher Bedarf: {chain.need_name.split(' (')[0]} {area.need_text})"
        return title

    def put_on_agenda(self, chain: ChainData, phase: str, area_key: str) -> tuple[NextMeeting, int]:
        """Add the cell's finding as a TOP to the next planned meeting of its Sozialraum (through the meetings'
        service, so numbering, frozen minutes and the audit are theirs)."""
        area = next((a for a in chain.areas if a.key == area_key), None)
        if area is None:
            raise NotFoundError("Dieses Gebiet gehört nicht zur angezeigten Präventionskette.")
        meeting = self.next_meeting(area.sozialraum_id)
        if meeting is None:
            raise DomainError(
                "Für diesen Sozialraum ist keine Sitzung geplant. Bitte legen Sie unter „Sitzungen“ zuerst die "
                "nächste Sozialraumkonferenz an und merken Sie den Punkt dann vor."
            )
        item_id = self._meetings.save_item(
            meeting.id, self.agenda_title(chain, phase, area_key), item_type="Diskussion"
        )
        return meeting, item_id

    @staticmethod
    def _angebot(s: Session, angebot_id: int | None) -> Angebot:
        a = s.get(Angebot, angebot_id) if angebot_id is not None else None
        if a is None:
            raise NotFoundError("Dieses Angebot gibt es nicht mehr. Vielleicht wurde es inzwischen gelöscht.")
        return a


@functools.cache
def gemeinde_shapes() -> dict[str, list[list[list[tuple[float, float]]]]]:
    """AGS → the Gemeinde's parts in the shipped BKG boundaries: polygons of rings of (longitude, latitude), the
    outer ring first, then its holes."""
    with resource_path("reference", GEMEINDEN_GEOJSON).open(encoding="utf-8") as handle:
        collection = json.load(handle)
    shapes = {}
    for feature in collection["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        shapes[feature["properties"]["ags"]] = [[[(x, y) for x, y in ring] for ring in p] for p in polygons]
    return shapes


@functools.cache
def gemeinde_centres() -> dict[str, tuple[float, float]]:
    """AGS → (latitude, longitude) of the middle of the Gemeinde's largest part (area-weighted centroid of its
    outer ring in the shipped BKG boundaries): the documented offline fallback for places without coordinates."""
    centres = {}
    for ags, parts in gemeinde_shapes().items():
        best, best_area = None, 0.0
        for polygon in parts:
            centre, area = ring_centroid(polygon[0])
            if centre is not None and area > best_area:
                best, best_area = (centre[1], centre[0]), area
        if best is not None:
            centres[ags] = best
    return centres


def areas_of_place(
    s: Session, postcode: str | None, city: str | None, organisation_sozialraum_id: int | None
) -> tuple[int | None, int | None]:
    """(Gemeinde id, Sozialraum id) of an offer at this place, derived as save() does: for writers that store many
    offers in their own transaction (the partner-list import)."""
    gemeinde = _gemeinde_at(s, postcode, city)
    if gemeinde is not None:
        return gemeinde.id, gemeinde.sozialraum_id
    return None, organisation_sozialraum_id


def _gemeinde_at(s: Session, postcode: str | None, city: str | None) -> Gemeinde | None:
    """The Gemeinde of a place: the locality decides, the postcode helps where it is unique."""
    postcode, place = (postcode or "").strip(), fold(clean(city) or "")
    stmt = select(Ortschaft.name, Ortschaft.postcode, Ortschaft.gemeinde_id)
    if postcode:
        stmt = stmt.where(Ortschaft.postcode == postcode)
    elif not place:
        return None
    rows = list(s.execute(stmt))
    by_place = {g for name, _pc, g in rows if place and fold(name) == place}
    if len(by_place) == 1:
        return s.get(Gemeinde, by_place.pop())
    by_code = {g for _n, _pc, g in rows} if postcode else set()
    if len(by_code) == 1:
        return s.get(Gemeinde, by_code.pop())
    if place:
        for gemeinde in s.scalars(select(Gemeinde)):
            if fold(gemeinde.name).split(",")[0] == place:
                return gemeinde
    return None


def _per_1000(count: int, group) -> str | None:
    """Offers per 1,000 of the group ("8,3"); None where the group is unknown, empty or protected (never a ratio
    from a hidden small number)."""
    if group is None or group.protected or not group.value:
        return None
    return german_number(round(count / group.value * 1000, 1), 1)


def _reached(tree: AreaTree, reach: str, ags: str | None, ars: str | None) -> set[str]:
    """The Gemeinden (AGS) and Sozialräume (ARS) an offer reaches."""
    if ars is None and ags is not None:
        ars = tree.raum_of_gemeinde.get(ags)
    if reach == "Landkreis":
        return set(tree.gemeinden) | set(tree.raeume)
    if reach == "Sozialregion" and ars:
        code = tree.region_of_raum.get(ars)
        raeume = tree.raeume_of_region.get(code, [ars]) if code else [ars]
        return set(raeume) | {g for r in raeume for g in tree.members.get(r, [])}
    if reach == "Gemeinde" and ags:
        return {ags, ars} if ars else {ags}
    if ars:
        return {ars, *tree.members.get(ars, [])}
    return {ags} if ags else set()


def _covers(reached: set[str], area: ChainArea) -> bool:
    return area.key in reached


def _overlap(a: tuple[int | None, int | None], b: tuple[int, int]) -> bool:
    low, high = a[0] or 0, a[1] if a[1] is not None else 200
    return low <= b[1] and b[0] <= high
