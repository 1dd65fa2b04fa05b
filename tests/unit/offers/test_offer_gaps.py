"""Weiße Flecken of offers: Sozialräume × offer kinds, counted where the offers take place and while they run,
narrowed to life phases when chosen."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sozialkoordination.offers.service import KINDS, AngebotData, AngebotService
from tests.unit.offers.scenario import TODAY, build


@pytest.fixture
def world(context):
    return build(context) | {"context": context}


def test_offers_count_by_their_place_and_only_while_they_run(world):
    service: AngebotService = world["service"]
    context = world["context"]
    region = context.areas.find_region("SR-E").id
    # Offered in Gieboldehausen for the whole Landkreis: it still counts only where it takes place.
    service.save(
        AngebotData(
            name="Familienhebamme",
            kind="Hausbesuch",
            life_phases=["geburt"],
            organisation_id=world["org"],
            reach="Landkreis",
        )
    )
    service.save(  # starts next month: not yet a place where families find it
        AngebotData(
            name="PEKiP-Kurs",
            kind="Kurs",
            life_phases=["0-3"],
            organisation_id=world["org"],
            starts_on=TODAY + timedelta(days=30),
        )
    )
    kinds = ["Treffpunkt", "Gruppe", "Kurs", "Beratung", "Hausbesuch"]
    table = service.kind_gaps(region, kinds)
    rows = dict(table.rows)
    assert table.columns == kinds
    assert list(rows) == sorted(rows) and "Duderstadt" in rows and len(rows) == 3
    assert rows["Gieboldehausen"] == [1, 1, 0, 1, 1]  # the Kurs in Rhumspringe has ended, PEKiP not begun
    assert rows["Duderstadt"] == [0, 0, 0, 0, 0]
    assert ("Gieboldehausen", "Kurs") in table.gaps() and ("Duderstadt", "Hausbesuch") in table.gaps()

    for_babies = dict(service.kind_gaps(region, kinds, ["0-3"]).rows)
    assert for_babies["Gieboldehausen"] == [1, 1, 0, 0, 0]  # Beratung is for families and 6–10, the midwife for birth
    either = dict(service.kind_gaps(region, kinds, ["0-3", "geburt"]).rows)
    assert either["Gieboldehausen"] == [1, 1, 0, 0, 1]

    district = service.kind_gaps(None, ["Treffpunkt"])
    assert len(district.rows) == 18 and sum(n for _r, (n,) in district.rows) == 1


def test_the_kinds_to_choose_from_include_recorded_ones(world):
    service: AngebotService = world["service"]
    assert service.kinds()[: len(KINDS)] == list(KINDS)
    assert service.kind_gaps(None, []).columns == [] and len(service.kind_gaps(None, []).rows) == 18
