"""Demo data: a clearly fictional, reproducible data set for the Landkreis Göttingen to try the program out.

The texts (names, organisation types, topics, offers …) are data files in resources/demo/; the modules beside this
one build the records from them, step by step, all drawing from one seeded random source: the same seed and day,
the same data."""

from __future__ import annotations

import logging
import random
import time as clock
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from sozialkoordination.actors.service import refresh_search_texts
from sozialkoordination.core.errors import DomainError
from sozialkoordination.core.progress import Progress, check
from sozialkoordination.demo import (
    actors,
    budgets,
    coordinates,
    indicators,
    meetings,
    networks,
    offers,
    participation,
    volunteering,
)
from sozialkoordination.demo.data import demo_data
from sozialkoordination.demo.world import DEMO_NOTE, DEMO_SOURCE, World, load_areas
from sozialkoordination.models import Organisation

__all__ = ["DEMO_NOTE", "DEMO_SOURCE", "DemoService", "DemoSummary"]

log = logging.getLogger(__name__)

NOT_EMPTY_MESSAGE = (
    "Die Datenbank enthält bereits Akteure. Demo-Daten werden nur in eine leere Datenbank geladen; "
    "bitte wählen Sie mit --db eine neue Datei."
)

# The build steps in order, each with what the progress dialog says meanwhile; flush=True where later steps need
# the ids of what this one made.
STEPS: tuple[tuple[str, Callable[[World], None], bool], ...] = (
    ("Gebiete werden gelesen …", load_areas, False),
    ("Themen und Projekte werden angelegt …", actors.make_themes_and_projects, False),
    ("Organisationen werden angelegt …", actors.make_organisations, False),
    ("Organisationen werden auf der Karte verortet …", coordinates.place_organisations, False),
    ("Personen werden angelegt …", actors.make_persons, True),
    ("Netzwerke werden angelegt …", networks.make_networks, True),
    ("Sitzungen, Protokolle und Aufgaben werden angelegt …", meetings.make_meetings, False),
    ("Sozialraumbudgets werden angelegt …", budgets.make_budgets, False),
    ("Ehrenamt und Engagementangebote werden angelegt …", volunteering.make_volunteering, False),
    ("Beteiligungsverfahren werden angelegt …", participation.make_participation, False),
    ("Indikatoren werden angelegt …", indicators.make_indicators, False),
    ("Angebote für die Präventionskette werden angelegt …", offers.make_angebote, False),
)
STAGES = len(STEPS) + 1  # the last stage: the search index


@dataclass(frozen=True)
class DemoSummary:
    organisations: int
    persons: int
    networks: int
    meetings: int
    tasks: int
    volunteers: int
    offers: int
    activities: int
    indicator_values: int


class DemoService:
    def __init__(self, session_factory: sessionmaker[Session]):
        self._sf = session_factory

    def generate(self, progress: Progress | None = None, seed: int = 2026, *, today: date | None = None) -> DemoSummary:
        """Fill an empty database (areas seeded) with the fictional demo data; the same seed, the same data."""
        started = clock.perf_counter()
        with self._sf.begin() as s:
            if s.scalar(select(func.count(Organisation.id))):
                raise DomainError(NOT_EMPTY_MESSAGE)
            w = World(s, demo_data(), random.Random(seed), today or date.today())
            for stage, (text, build, flush) in enumerate(STEPS):
                check(progress, stage, STAGES, text)
                build(w)
                if flush:
                    s.flush()
            check(progress, len(STEPS), STAGES, "Suchindex wird aufgebaut …")
            s.flush()
            summary = DemoSummary(
                organisations=len(w.orgs),
                persons=len(w.persons),
                networks=len(w.networks),
                meetings=len(w.meetings),
                tasks=len(w.tasks),
                volunteers=len(w.volunteers),
                offers=len(w.offers),
                activities=len(w.activities),
                indicator_values=w.indicator_values,
            )
        refresh_search_texts(self._sf)
        if progress is not None:
            progress.report(STAGES, STAGES, "Demo-Daten sind geladen.")
        log.info("Demo-Daten (Seed %s) in %.1f s angelegt: %s", seed, clock.perf_counter() - started, summary)
        return summary
