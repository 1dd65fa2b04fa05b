"""The network list (NetworkService.network_list): typed rows, the area per level, active members today, the
region filter that keeps district-wide networks, one SELECT."""

from __future__ import annotations

import pytest

from sozialkoordination.networks.dto import NetworkListRow
from sozialkoordination.networks.service import NetworkService
from tests.unit.two_regions import TODAY, counted_statements, two_regions


@pytest.fixture
def world(db_url):
    with two_regions(db_url) as (sf, ids, engine):
        yield NetworkService(sf, today=lambda: TODAY), ids, engine


def test_networks_with_area_project_and_active_members(world):
    service, ids, _engine = world
    rows = service.network_list(None)
    assert all(isinstance(r, NetworkListRow) for r in rows)
    assert rows == [
        NetworkListRow(
            ids["ak"],
            "AK Frühe Hilfen Osterode",
            "Arbeitskreis",
            "Sozialregion",
            "Osterode/Herzberg",
            "TP1",
            3,
            "Austausch der Fachkräfte",
        ),
        NetworkListRow(
            rows[1].id, "Präventionskette Bovenden", "Präventionskette", "Sozialraum", "Bovenden", None, 0, None
        ),
        NetworkListRow(
            rows[2].id,
            "Steuerungsgruppe Sozialstrategie",
            "Steuerungsgruppe",
            "Landkreis",
            "Landkreis Göttingen",
            None,
            0,
            None,
        ),
    ]
    # active today: the organisation, Anna (ends today) and Bernd; not the ended one nor Clara (from April)


def test_region_filter_keeps_district_wide_networks(world):
    service, ids, _engine = world
    # district-wide networks concern every region's coordinator
    assert [r.name for r in service.network_list(ids["SR-A"])] == [
        "AK Frühe Hilfen Osterode",
        "Steuerungsgruppe Sozialstrategie",
    ]
    assert [r.name for r in service.network_list(ids["SR-B"])] == [
        "Präventionskette Bovenden",
        "Steuerungsgruppe Sozialstrategie",
    ]


def test_the_list_is_one_query(world):
    service, ids, engine = world
    with counted_statements(engine) as statements:
        service.network_list(ids["SR-A"])
    assert len(statements) == 1, statements
