"""Areas: seeding the reference data, listing regions and Sozialräume, renaming and moving, postcode lookup."""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from sozialkoordination.config import resource_path
from sozialkoordination.core.errors import NotFoundError, ValidationError
from sozialkoordination.core.normalize import clean, fold, is_valid_postcode, normalize_postcode
from sozialkoordination.models import Gemeinde, Ortschaft, Sozialraum, Sozialregion

LANDKREIS_NAME = "Landkreis Göttingen"  # the district as a list names it where a record has no smaller area

REFERENCE_CSV = "sozialraeume_landkreis_goettingen.csv"
ORTSCHAFTEN_CSV = "ortschaften_plz.csv"
CITY_CSV = "stadt_goettingen_plz.csv"
OUTSIDE_LABEL = "außerhalb des Landkreises"


@dataclass(frozen=True)
class City:
    """The Stadt Göttingen: part of the Landkreis, but of none of its Sozialräume (it has its own youth office)."""

    name: str  # "Göttingen"
    label: str  # "Stadt Göttingen", shown where a Sozialraum would be
    postcodes: frozenset[str]

    def holds(self, postcode: str | None, city: str | None) -> bool:
        """An address in the city: one of its postcodes, or its name without a postcode."""
        if postcode:
            return postcode in self.postcodes
        return fold(clean(city) or "") == fold(self.name)


@functools.cache
def stadt_goettingen() -> City:
    rows = _read_csv(CITY_CSV, None)
    return City(rows[0]["name"], f"Stadt {rows[0]['name']}", frozenset(r["plz"] for r in rows))


@dataclass(frozen=True)
class RegionDTO:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class SozialraumDTO:
    id: int
    ars: str
    name: str
    kind: str
    sozialregion_id: int | None
    sozialregion_name: str | None


@dataclass(frozen=True)
class GemeindeDTO:
    id: int
    ags: str
    name: str
    sozialraum_id: int | None


@dataclass(frozen=True)
class OrtschaftDTO:
    id: int
    name: str
    postcode: str
    gemeinde_id: int
    gemeinde_name: str


@dataclass(frozen=True)
class AreaSuggestion:
    sozialraum_id: int
    sozialraum_name: str
    reason: str


def short_name(official: str) -> str:
    """ "Osterode am Harz, Stadt" → "Osterode am Harz"; "Bovenden, Flecken" → "Bovenden"."""
    return official.split(",")[0].strip()


def _read_csv(name: str, folder: Path | None) -> list[dict[str, str]]:
    path = (folder or resource_path("reference")) / name
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


class AreaService:
    def __init__(self, session_factory: sessionmaker[Session]):
        self._sf = session_factory

    # -- seeding -----------------------------------------------------------------------------
    def seed_reference(self, folder: Path | None = None) -> bool:
        """Fill the area tables from the shipped reference data, once. Returns True if it seeded."""
        with self._sf.begin() as s:
            if s.scalar(select(func.count(Sozialregion.id))):
                return False
            regions: dict[str, Sozialregion] = {}
            raeume: dict[str, Sozialraum] = {}
            gemeinden: dict[str, Gemeinde] = {}
            for row in _read_csv(REFERENCE_CSV, folder):
                code = row["sozialregion_id"]
                if code not in regions:
                    label = row["sozialregion_label"].replace("(Arbeitstitel)", "").strip()
                    regions[code] = Sozialregion(code=code, name=label, position=len(regions))
                    s.add(regions[code])
                ars = row["sozialraum_ars9"]
                if ars not in raeume:
                    raeume[ars] = Sozialraum(
                        ars=ars,
                        name=short_name(row["sozialraum_name"]),
                        kind=row["sozialraum_typ"],
                        sozialregion=regions[code],
                    )
                    s.add(raeume[ars])
                gemeinde = Gemeinde(
                    ags=row["ags"],
                    ars=row["ars12"],
                    name=short_name(row["gemeinde_name_destatis"]),
                    postcode=row["plz_verwaltungssitz"],
                    area_km2=float(row["flaeche_km2"]),
                    sozialraum=raeume[ars],
                )
                gemeinden[row["ags"]] = gemeinde
                s.add(gemeinde)
            for row in _read_csv(ORTSCHAFTEN_CSV, folder):
                gemeinde = gemeinden.get(row["ags"])
                if gemeinde is not None:
                    s.add(Ortschaft(name=row["ortschaft"], postcode=row["plz"], gemeinde=gemeinde))
        return True

    # -- queries -------------------------------------------------------------------------------
    def regions(self) -> list[RegionDTO]:
        with self._sf() as s:
            rows = s.scalars(select(Sozialregion).order_by(Sozialregion.position, Sozialregion.code))
            return [RegionDTO(r.id, r.code, r.name) for r in rows]

    def sozialraeume(self, sozialregion_id: int | None = None) -> list[SozialraumDTO]:
        with self._sf() as s:
            stmt = (
                select(Sozialraum, Sozialregion.name)
                .outerjoin(Sozialregion, Sozialraum.sozialregion_id == Sozialregion.id)
                .order_by(Sozialraum.name)
            )
            if sozialregion_id is not None:
                stmt = stmt.where(Sozialraum.sozialregion_id == sozialregion_id)
            return [
                SozialraumDTO(r.id, r.ars, r.name, r.kind, r.sozialregion_id, region_name)
                for r, region_name in s.execute(stmt)
            ]

    def gemeinden(self) -> list[GemeindeDTO]:
        with self._sf() as s:
            rows = s.scalars(select(Gemeinde).order_by(Gemeinde.name))
            return [GemeindeDTO(g.id, g.ags, g.name, g.sozialraum_id) for g in rows]

    def find_region(self, name_or_code: str) -> RegionDTO:
        wanted = fold(name_or_code.strip())
        for region in self.regions():
            if wanted in (fold(region.code), fold(region.name)) or fold(region.name).startswith(wanted):
                return region
        names = ", ".join(r.name for r in self.regions())
        raise NotFoundError(f"Sozialregion „{name_or_code}“ gibt es nicht. Vorhanden sind: {names}.")

    def find_sozialraum(self, name_or_ars: str) -> SozialraumDTO:
        wanted = fold(name_or_ars.strip())
        candidates = self.sozialraeume()
        for raum in candidates:
            if wanted in (raum.ars, fold(raum.name)):
                return raum
        starts = [r for r in candidates if fold(r.name).startswith(wanted)]
        if len(starts) == 1:
            return starts[0]
        names = ", ".join(r.name for r in candidates)
        raise NotFoundError(f"Sozialraum „{name_or_ars}“ gibt es nicht. Vorhanden sind: {names}.")

    # -- editing -------------------------------------------------------------------------------
    def rename_region(self, region_id: int, name: str) -> None:
        name = clean(name) or ""
        if not name:
            raise ValidationError({"name": "Der Name der Sozialregion darf nicht leer sein."})
        with self._sf.begin() as s:
            region = s.get(Sozialregion, region_id)
            if region is None:
                raise NotFoundError("Die Sozialregion wurde inzwischen gelöscht.")
            region.name = name

    def move_sozialraum(self, sozialraum_id: int, sozialregion_id: int) -> None:
        with self._sf.begin() as s:
            raum = s.get(Sozialraum, sozialraum_id)
            region = s.get(Sozialregion, sozialregion_id)
            if raum is None or region is None:
                raise NotFoundError("Sozialraum oder Sozialregion wurden inzwischen gelöscht.")
            raum.sozialregion_id = region.id

    def ortschaften(self, sozialraum_id: int) -> list[OrtschaftDTO]:
        """The localities of a Sozialraum (all its Gemeinden), by name."""
        with self._sf() as s:
            stmt = (
                select(Ortschaft.id, Ortschaft.name, Ortschaft.postcode, Gemeinde.id, Gemeinde.name)
                .join(Gemeinde, Ortschaft.gemeinde_id == Gemeinde.id)
                .where(Gemeinde.sozialraum_id == sozialraum_id)
            )
            rows = [OrtschaftDTO(*row) for row in s.execute(stmt)]
        return sorted(rows, key=lambda o: fold(o.name))

    def add_ortschaft(self, gemeinde_id: int, name: str, postcode: str) -> int:
        name = clean(name) or ""
        postcode = normalize_postcode(postcode) or ""
        errors = {}
        if not name:
            errors["name"] = "Bitte geben Sie den Namen der Ortschaft an."
        if not is_valid_postcode(postcode):
            errors["postcode"] = (
                f"„{postcode}“ ist keine gültige Postleitzahl (fünf Ziffern)."
                if postcode
                else ("Bitte geben Sie die Postleitzahl der Ortschaft an.")
            )
        if errors:
            raise ValidationError(errors)
        with self._sf.begin() as s:
            gemeinde = s.get(Gemeinde, gemeinde_id)
            if gemeinde is None:
                raise NotFoundError("Die Gemeinde gibt es nicht mehr.")
            same = s.scalars(select(Ortschaft).where(Ortschaft.gemeinde_id == gemeinde_id)).all()
            if any(fold(o.name) == fold(name) and o.postcode == postcode for o in same):
                raise ValidationError({"name": f"„{name}“ ({postcode}) ist in {gemeinde.name} schon eingetragen."})
            ortschaft = Ortschaft(name=name, postcode=postcode, gemeinde_id=gemeinde_id)
            s.add(ortschaft)
            s.flush()
            return ortschaft.id

    def remove_ortschaft(self, ortschaft_id: int) -> None:
        with self._sf.begin() as s:
            ortschaft = s.get(Ortschaft, ortschaft_id)
            if ortschaft is not None:
                s.delete(ortschaft)

    # -- lookup --------------------------------------------------------------------------------
    def suggest_sozialraum(self, postcode: str | None, city: str | None) -> AreaSuggestion | None:
        """The Sozialraum for an address: the locality decides, the postcode helps where it is unique."""
        return self.address_lookup().suggest(postcode, city)

    def place_without_sozialraum(self, postcode: str | None, city: str | None) -> str | None:
        """ "Stadt Göttingen" or "außerhalb des Landkreises" for an address no Sozialraum is suggested for; None if
        it is in a Sozialraum or cannot be told (no postcode, or one of fewer than 5 digits)."""
        return self.address_lookup().place_without_sozialraum(postcode, city)

    def address_lookup(self) -> AddressLookup:
        """An in-memory lookup for many addresses at once (imports): one query instead of one per row."""
        with self._sf() as s:
            stmt = (
                select(Ortschaft.name, Ortschaft.postcode, Sozialraum.id, Sozialraum.name)
                .join(Gemeinde, Ortschaft.gemeinde_id == Gemeinde.id)
                .join(Sozialraum, Gemeinde.sozialraum_id == Sozialraum.id)
            )
            rows = [tuple(r) for r in s.execute(stmt)]
            raeume = [(r.id, r.name, r.ars) for r in s.scalars(select(Sozialraum))]
        return AddressLookup(rows, raeume)


class AddressLookup:
    """Postcode/place → Sozialraum, and tolerant Sozialraum names ("Hann.Münden", "Flecken Bovenden")."""

    def __init__(self, ortschaften: list[tuple[str, str, int, str]], raeume: list[tuple[int, str, str]]):
        self._by_place: dict[str, list[tuple[str, int, str]]] = {}
        self._by_postcode: dict[str, dict[int, str]] = {}
        for name, postcode, raum_id, raum_name in ortschaften:
            self._by_place.setdefault(fold(name), []).append((postcode, raum_id, raum_name))
            self._by_postcode.setdefault(postcode, {})[raum_id] = raum_name
        self._city = stadt_goettingen()
        self._raeume = {_area_key(name): (raum_id, name) for raum_id, name, _ars in raeume}
        self._raeume.update({ars: (raum_id, name) for raum_id, name, ars in raeume})

    def suggest(self, postcode: str | None, city: str | None) -> AreaSuggestion | None:
        postcode = (postcode or "").strip()
        place = fold(clean(city) or "")
        if place:
            candidates = self._by_place.get(place, [])
            matching = [c for c in candidates if not postcode or c[0] == postcode] or candidates
            if len({c[1] for c in matching}) == 1:
                return AreaSuggestion(matching[0][1], matching[0][2], f"Ort {clean(city)}")
        if postcode:
            by_code = self._by_postcode.get(postcode, {})
            if len(by_code) == 1:
                ((raum_id, raum_name),) = by_code.items()
                return AreaSuggestion(raum_id, raum_name, f"PLZ {postcode}")
        return None

    def place_without_sozialraum(self, postcode: str | None, city: str | None) -> str | None:
        postcode = (postcode or "").strip()
        if self._city.holds(postcode, city):
            return self._city.label
        if is_valid_postcode(postcode) and postcode not in self._by_postcode:
            return OUTSIDE_LABEL
        return None

    def sozialraum_by_name(self, text: str | None) -> tuple[int, str] | None:
        """A Sozialraum named the way people write it, or by its 9-digit key."""
        if not text:
            return None
        return self._raeume.get(text.strip()) or self._raeume.get(_area_key(text))


_AREA_PREFIXES = ("samtgemeinde ", "sg ", "flecken ", "stadt ", "gemeinde ")


def _area_key(name: str) -> str:
    """ "Flecken Bovenden" = "Bovenden, Flecken" = "bovenden"; "Hann.Münden" = "Hann. Münden"."""
    key = fold(short_name(name)).replace(".", ". ")
    key = " ".join(key.split())
    for prefix in _AREA_PREFIXES:
        if key.startswith(prefix):
            key = key[len(prefix) :]
    return key
