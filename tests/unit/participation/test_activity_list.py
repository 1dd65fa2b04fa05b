"""The list of participation activities (ParticipationService.activity_list): typed rows, newest first and
undated last, participants over all channels (empty where nobody counted), proposals, region filter, one SELECT."""

from __future__ import annotations

from datetime import date

import pytest

from sozialkoordination.participation.dto import ActivityListRow
from sozialkoordination.participation.service import ParticipationService
from tests.unit.two_regions import TODAY, counted_statements, two_regions


@pytest.fixture
def world(db_url):
    with two_regions(db_url) as (sf, ids, engine):
        yield ParticipationService(sf, today=lambda: TODAY), ids, engine


def test_activities(world):
    service, ids, _engine = world
    rows = service.activity_list(None)
    assert rows == [
        ActivityListRow(
            rows[0].id,
            date(2026, 1, 17),
            "Zukunftswerkstatt",
            "Zukunftswerkstatt Adelebsen",
            "Adelebsen",
            "Barterode",
            52,
            2,
            "laufend",
        ),
        ActivityListRow(
            rows[1].id, None, "Befragung", "Befragung Jugend Herzberg", "Herzberg am Harz", None, None, 0, "geplant"
        ),
    ]
    assert [r.title for r in service.activity_list(ids["SR-A"])] == ["Befragung Jugend Herzberg"]
    assert [r.title for r in service.activity_list(ids["SR-B"])] == ["Zukunftswerkstatt Adelebsen"]


def test_the_list_is_one_query(world):
    service, ids, engine = world
    with counted_statements(engine) as statements:
        service.activity_list(ids["SR-A"])
    assert len(statements) == 1, statements
