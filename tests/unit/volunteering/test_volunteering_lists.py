"""The volunteer and offer lists (VolunteeringService.volunteer_list / offer_list): typed rows with interests,
mobility and active placements, offers open first with their time in words, the region filter, one SELECT each."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from sozialkoordination.volunteering.dto import OfferListRow, VolunteerListRow
from sozialkoordination.volunteering.service import VolunteeringService, mobility_text, offer_time_text
from tests.unit.two_regions import TODAY, counted_statements, two_regions


@pytest.fixture
def world(db_url):
    with two_regions(db_url) as (sf, ids, engine):
        yield VolunteeringService(sf, today=lambda: TODAY), ids, engine


def without_ids(rows) -> list[tuple]:
    return [tuple(getattr(r, f) for f in type(r).__dataclass_fields__ if f != "id") for r in rows]


def test_volunteers(world):
    service, ids, _engine = world
    rows = service.volunteer_list(None)
    assert all(isinstance(r, VolunteerListRow) for r in rows)
    assert without_ids(rows) == [
        ("Dieter Abel", "Dorfmoderator*in", "", "Lenglern", "Bovenden", "ÖPNV", 0, None),
        (
            "Clara Meyer",
            "Ehrenamtliche*r",
            "Integration, Senioren",
            "Lerbach",
            "Osterode am Harz",
            "eigenes Auto, bis 15 km",
            1,
            date(2026, 2, 14),
        ),
    ]
    assert [r.name for r in service.volunteer_list(ids["SR-A"])] == ["Clara Meyer"]
    assert [r.name for r in service.volunteer_list(ids["SR-B"])] == ["Dieter Abel"]


def test_offers_open_first(world):
    service, ids, _engine = world
    rows = service.offer_list(None)
    assert all(isinstance(r, OfferListRow) for r in rows)
    assert without_ids(rows) == [
        ("Besuchsdienst", None, None, None, "flexibel", 2, "offen"),
        (
            "Lesepatenschaft",
            "Familienzentrum Osterode",
            "Osterode",
            "Osterode am Harz",
            "dienstags nachmittags",
            3,
            "offen",
        ),
        ("Sommerfest-Helfer", "Diakonie Bovenden", None, "Bovenden", "einmalig am 20.06.2026", 10, "besetzt"),
    ]
    assert [r.title for r in service.offer_list(ids["SR-A"])] == ["Lesepatenschaft"]
    assert [r.title for r in service.offer_list(ids["SR-B"])] == ["Sommerfest-Helfer"]


def test_time_and_mobility_in_words():
    assert offer_time_text("regelmäßig", 4, None, None) == "freitags"
    assert offer_time_text("regelmäßig", None, "abends", None) == "abends"
    assert offer_time_text("einmalig", None, None, None) == "einmalig"
    assert offer_time_text("regelmäßig", 9, None, None) == "regelmäßig"  # a weekday out of range is left out
    assert mobility_text(False, False, None) == ""
    assert mobility_text(True, True, 20) == "eigenes Auto, ÖPNV, bis 20 km"


def test_each_list_is_one_query(world):
    service, ids, engine = world
    for method in (service.volunteer_list, service.offer_list):
        with counted_statements(engine) as statements:
            method(ids["SR-A"])
        assert len(statements) == 1, (method.__name__, statements)


def test_service_and_dto_do_not_import_qt():
    code = (
        "import sys, sozialkoordination.volunteering.service, sozialkoordination.participation.service, "
        "sozialkoordination.networks.service; print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=Path(__file__).parents[3]
    )
    assert result.stdout.strip() == "False"
