"""The demo data set's text material (names, organisation types, topics, offers …) read from resources/demo/."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sozialkoordination.config import resource_path

FOLDER = "demo"


@dataclass(frozen=True)
class OrganisationType:
    weight: float  # how often the type is drawn for an organisation
    at_least: int  # organisations of this type in the whole data set
    at_seat: bool  # sits mostly in the seat of the municipality, not in a village
    themes: tuple[str, ...]
    roles: tuple[str, ...]  # functions of its staff, the leading one first
    names: tuple[str, ...]  # templates with {ort} and {jahr}


@dataclass(frozen=True)
class Project:
    code: str
    name: str
    kind: str
    starts_on: date
    ends_on: date | None
    description: str


@dataclass(frozen=True)
class Topic:
    """A topic discussed in meetings, with what came out of it."""

    title: str
    finding: str
    decision: str
    task: str


@dataclass(frozen=True)
class NetworkSpec:
    name: str  # template with {region} or {raum}
    kind: str
    project: str | None  # project code
    organisation_types: tuple[str, ...]


@dataclass(frozen=True)
class AgendaItemSpec:
    title: str  # templates with {topic}, {finding}, {guest}, {guest_organisation}, {coordinator}, {raum}, {year}
    kind: str
    duration_minutes: int
    presenter: str | None
    standing: bool
    minutes: str
    minutes_after_previous: str = ""


@dataclass(frozen=True)
class OfferSpec:
    title: str
    organisation_types: tuple[str, ...]
    themes: tuple[str, ...]
    time_pattern: str
    description: str
    requirements: str | None


@dataclass(frozen=True)
class ActivitySpec:
    format: str
    title: str  # template with {ort} and {raum}
    topic: str
    target_groups: str
    ideas: tuple[str, ...]


@dataclass(frozen=True)
class DemoData:
    names: dict[str, tuple[str, ...]]  # female, male, neutral, last, streets
    area_codes: dict[str, str]  # Sozialraum ARS → telephone area code
    themes: tuple[str, ...]
    projects: tuple[Project, ...]
    organisations: dict[str, Any]  # in_every_sozialraum, first_kommune_name, email_names, notes
    organisation_types: dict[str, OrganisationType]
    persons: dict[str, Any]
    networks: dict[str, tuple[NetworkSpec, ...]]  # landkreis, every_sozialregion, …, sozialraum
    topics: tuple[Topic, ...]
    meetings: dict[str, Any]  # months, times, venue_types, invitation_statuses, texts, budget
    agenda: dict[str, tuple[AgendaItemSpec, ...]]  # opening, one list per meeting type or "other", closing
    offers: tuple[OfferSpec, ...]
    volunteering: dict[str, Any]
    activities: tuple[ActivitySpec, ...]
    participation: dict[str, Any]  # milestones, rejected_note, follow_up_task, documents_url
    indicators: dict[str, Any]
    angebote: dict[str, Any]  # indicators per Gemeinde, the Präventionskette story, offer templates


@cache
def demo_data() -> DemoData:
    names = _json("namen.json")
    organisations = _json("organisationen.json")
    meetings = _json("sitzungen.json")
    participation = _json("beteiligung.json")
    networks = _json("netzwerke.json")
    return DemoData(
        names={key: tuple(values) for key, values in names.items()},
        area_codes={row["sozialraum_ars9"]: row["vorwahl"] for row in _csv("vorwahlen.csv")},
        themes=tuple(_lines("themen.txt")),
        projects=tuple(
            Project(
                code=row["code"],
                name=row["name"],
                kind=row["kind"],
                starts_on=date.fromisoformat(row["starts_on"]),
                ends_on=date.fromisoformat(row["ends_on"]) if row["ends_on"] else None,
                description=row["description"],
            )
            for row in _csv("projekte.csv")
        ),
        organisations={k: v for k, v in organisations.items() if k != "types"},
        organisation_types={name: _organisation_type(spec) for name, spec in organisations["types"].items()},
        persons=_json("personen.json"),
        networks={
            group: tuple(NetworkSpec(s["name"], s["kind"], s["project"], tuple(s["organisation_types"])) for s in specs)
            for group, specs in networks.items()
        },
        topics=tuple(Topic(**row) for row in _csv("sitzungsthemen.csv")),
        meetings={k: v for k, v in meetings.items() if k != "agenda"},
        agenda={part: tuple(AgendaItemSpec(**item) for item in items) for part, items in meetings["agenda"].items()},
        offers=tuple(
            OfferSpec(
                o["title"],
                tuple(o["organisation_types"]),
                tuple(o["themes"]),
                o["time_pattern"],
                o["description"],
                o["requirements"],
            )
            for o in _json("engagementangebote.json")
        ),
        volunteering=_json("ehrenamt.json"),
        activities=tuple(
            ActivitySpec(a["format"], a["title"], a["topic"], a["target_groups"], tuple(a["ideas"]))
            for a in participation["activities"]
        ),
        participation={k: v for k, v in participation.items() if k != "activities"},
        indicators=_json("indikatoren.json"),
        angebote=_json("angebote.json"),
    )


def _organisation_type(spec: dict[str, Any]) -> OrganisationType:
    series = spec.get("name_series")
    generated = [f"{p} {w} {{ort}}" for p in series["prefixes"] for w in series["words"]] if series else []
    return OrganisationType(
        weight=spec["weight"],
        at_least=spec.get("at_least", 1),
        at_seat=spec["at_seat"],
        themes=tuple(spec["themes"]),
        roles=tuple(spec["roles"]),
        names=(*generated, *spec.get("names", ())),
    )


def _json(name: str) -> Any:
    return json.loads(resource_path(FOLDER, name).read_text(encoding="utf-8"))


def _csv(name: str) -> list[dict[str, str]]:
    with resource_path(FOLDER, name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def _lines(name: str) -> list[str]:
    text = resource_path(FOLDER, name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]
