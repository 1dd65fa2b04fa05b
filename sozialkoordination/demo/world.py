"""What the demo builder has made so far (areas, organisations, persons …) and the seeded chance it draws from."""

from __future__ import annotations

import csv
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from sozialkoordination.config import resource_path
from sozialkoordination.core.errors import DomainError
from sozialkoordination.core.normalize import fold, normalize_phone
from sozialkoordination.demo.data import DemoData
from sozialkoordination.models import (
    Gemeinde,
    Indicator,
    Meeting,
    Network,
    Offer,
    Organisation,
    Ortschaft,
    ParticipationActivity,
    Person,
    Project,
    Sozialraum,
    Sozialregion,
    Task,
    Theme,
    Volunteer,
)

DEMO_NOTE = "Demo-Datensatz (fiktiv)"
DEMO_SOURCE = "Demo-Daten (fiktiv)"
REFERENCE_CSV = "sozialraeume_landkreis_goettingen.csv"


@dataclass
class Raum:
    obj: Sozialraum
    region: Sozialregion | None
    places: list[tuple[str, str]]  # (Ortschaft, postcode), the seat first
    population: int
    population_2019: int
    area_code: str
    towns: list[tuple[str, str]]  # the main place of each Gemeinde, the seat first

    @property
    def id(self) -> int:
        return self.obj.id

    @property
    def name(self) -> str:
        return self.obj.name

    @property
    def seat(self) -> tuple[str, str]:
        return self.places[0]


@dataclass
class Series:
    """A meeting series (Sozialforum of one region, conference of one Sozialraum, one network)."""

    meeting_type: str
    title: str
    level: str
    dates: list[date]
    region: Sozialregion | None
    raum: Raum | None = None
    network: Network | None = None
    pool: list[Person] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)


class World:
    """The session, the data files, the random source and everything made so far, shared by the build steps."""

    def __init__(self, s: Session, data: DemoData, rng: random.Random, today: date):
        self.s = s
        self.data = data
        self.rng = rng
        self.today = today
        self.raeume: list[Raum] = []
        self.population: dict[str, tuple[int, int]] = {}  # AGS → (2019, 2023)
        self.gemeinden: list[Gemeinde] = []
        self.place_gemeinde: dict[tuple[str, str], Gemeinde] = {}  # (Ortschaft, postcode) → its Gemeinde
        self.regions: list[Sozialregion] = []
        self.themes: dict[str, Theme] = {}
        self.projects: dict[str, Project] = {}
        self.orgs: list[Organisation] = []
        self.orgs_by_raum: dict[int, list[Organisation]] = defaultdict(list)
        self.org_raum: dict[Organisation, Raum] = {}
        self.org_slug: dict[Organisation, str] = {}
        self.persons: list[Person] = []
        self.staff: dict[Organisation, list[Person]] = defaultdict(list)
        self.staff_by_raum: dict[int, list[Person]] = defaultdict(list)
        self.locals_by_raum: dict[int, list[Person]] = defaultdict(list)  # persons without organisation
        self.person_org: dict[Person, Organisation] = {}
        self.coordinators: dict[int, Person] = {}
        self.local_roles: dict[Person, str] = {}
        self.networks: list[Network] = []
        self.meetings: list[Meeting] = []
        self.meeting_raum: dict[Meeting, Raum | None] = {}
        self.srk_by_raum: dict[int, list[Meeting]] = defaultdict(list)
        self.present: dict[Meeting, list[Person]] = {}
        self.tasks: list[Task] = []
        self.budget_plans: list[dict] = []
        self.volunteers: list[Volunteer] = []
        self.offers: list[Offer] = []
        self.activities: list[ParticipationActivity] = []
        self.indicators: list[Indicator] = []
        self.indicator_values = 0
        self.used_names: set[str] = set()
        self.used_person_names: set[tuple[str, str]] = set()
        self.phone_counter: dict[str, int] = defaultdict(int)

    # -- chance ------------------------------------------------------------------------------------
    def pick(self, weighted):
        """One item of (item, weight) pairs or of a {item: weight} mapping."""
        pairs = list(weighted.items()) if isinstance(weighted, dict) else list(weighted)
        return self.rng.choices([p[0] for p in pairs], [p[1] for p in pairs])[0]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def day_between(self, start: date, end: date) -> date:
        if end <= start:
            return start
        return start + timedelta(days=self.rng.randint(0, (end - start).days))

    # -- look-ups ----------------------------------------------------------------------------------
    def phone(self, raum: Raum, block: str = "9901") -> str:
        """Every number uses the block "9901" (organisations) or "9902" (private) after the real area code."""
        key = raum.area_code + block
        self.phone_counter[key] += 1
        # stored as the app stores every number: in the DIN 5008 grouping (a later save must not change it)
        return normalize_phone(f"{raum.area_code} {block} {10 + self.phone_counter[key] % 90:02d}")

    def raum_of(self, sozialraum_id: int | None) -> Raum | None:
        return next((r for r in self.raeume if r.id == sozialraum_id), None)

    def raeume_of_region(self, region: Sozialregion | None) -> list[Raum]:
        return [r for r in self.raeume if region is not None and r.region is region]

    def coordinator_of(self, region: Sozialregion | None) -> Person | None:
        """The region's coordinator, else the first region's (for what belongs to the whole Landkreis)."""
        person = self.coordinators.get(region.id) if region is not None else None
        if person is None and self.coordinators:
            person = self.coordinators[min(self.coordinators)]
        return person


def load_areas(w: World) -> None:
    """Sozialräume with their places, population and area code, from the seeded areas and the reference table."""
    with resource_path("reference", REFERENCE_CSV).open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            w.population[row["ags"]] = (int(row["bev_31122019"]), int(row["bev_31122023"]))
    s = w.s
    w.regions = list(s.scalars(select(Sozialregion).order_by(Sozialregion.position, Sozialregion.code)))
    regions = {r.id: r for r in w.regions}
    w.gemeinden = list(s.scalars(select(Gemeinde).order_by(Gemeinde.ags)))
    places: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for name, postcode, gemeinde_id in s.execute(
        select(Ortschaft.name, Ortschaft.postcode, Ortschaft.gemeinde_id).order_by(Ortschaft.id)
    ):
        places[gemeinde_id].append((name, postcode))
    for raum in s.scalars(select(Sozialraum).order_by(Sozialraum.ars)):
        members = [g for g in w.gemeinden if g.sozialraum_id == raum.id]
        if not members:
            continue
        members.sort(key=lambda g: -w.population.get(g.ags, (0, 0))[1])
        raum_places: list[tuple[str, str]] = []
        towns: list[tuple[str, str]] = []
        for g in members:
            own = places.get(g.id) or [(g.name, g.postcode or "37000")]
            for place in own:
                w.place_gemeinde.setdefault(place, g)
            towns.append(own[0])
            raum_places += own
        w.raeume.append(
            Raum(
                obj=raum,
                region=regions.get(raum.sozialregion_id),
                places=raum_places,
                population=sum(w.population.get(g.ags, (5000, 5000))[1] for g in members),
                population_2019=sum(w.population.get(g.ags, (5000, 5000))[0] for g in members),
                area_code=w.data.area_codes.get(raum.ars, "0551"),
                towns=towns,
            )
        )
    if not w.raeume:
        raise DomainError(
            "Die Gebietsdaten (Sozialräume und Gemeinden) fehlen; Demo-Daten können nicht angelegt werden."
        )


def slug(text: str, limit: int = 48) -> str:
    """A made-up domain or mail name from a name: folded, without legal form, at most `limit` characters."""
    text = re.sub(r"\b(e\. ?v\.|ggmbh|gmbh|ug)\s*$", "", fold(text.replace("ı", "i")))
    result = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    while len(result) > limit and "-" in result:
        result = result.rsplit("-", 1)[0]
    return result[:limit].strip("-") or "demo"


def workday(day: date) -> date:
    """The next working day outside the Christmas break (no meetings from 22 December to 6 January)."""
    if (day.month, day.day) >= (12, 22):
        day = date(day.year + 1, 1, 7)
    elif (day.month, day.day) <= (1, 6):
        day = date(day.year, 1, 7)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def display(person: Person | None) -> str:
    if person is None:
        return ""
    return " ".join(p for p in (person.title, person.first_name, person.last_name) if p)


def euro(amount: Decimal) -> str:
    return f"{amount:,.0f} €".replace(",", ".")
