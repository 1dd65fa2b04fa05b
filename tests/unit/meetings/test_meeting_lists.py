"""The meeting and task lists on the two-region data set: newest meetings first with their area, tasks open by
due date then done, and the region filter through meeting, Sozialraum and proposal."""

from __future__ import annotations

from datetime import date, time

import pytest

from sozialkoordination.actors.service import ActorService
from sozialkoordination.meetings.dto import TaskFilter
from sozialkoordination.meetings.service import MeetingService
from tests.unit.two_regions import TODAY, two_regions


@pytest.fixture
def world(db_url):
    with two_regions(db_url) as (sf, ids, _engine):
        yield MeetingService(sf, ActorService(sf), today=lambda: TODAY), ids


@pytest.fixture
def meetings(world):
    return world[0]


@pytest.fixture
def regions(world):
    return world[1]


def test_meetings_newest_first_with_their_area(meetings, regions):
    rows = meetings.meetings()
    assert [(r.meeting_date, r.start_time, r.meeting_type, r.title, r.area, r.minutes_status) for r in rows] == [
        (date(2026, 4, 20), time(18, 30), "Sozialraumkonferenz", "Sozialraumkonferenz Bovenden", "Bovenden", "Entwurf"),
        (
            date(2026, 2, 5),
            time(14, 0),
            "Regionales Sozialforum",
            "Sozialforum Osterode/Herzberg",
            "Osterode/Herzberg",
            "genehmigt",
        ),
        (date(2025, 11, 11), None, "Steuerungsgruppe", "Steuerungsgruppe", "Landkreis Göttingen", "Entwurf"),
    ]
    # district-wide meetings concern every region's coordinator
    assert [r.title for r in meetings.meetings(regions["SR-A"])] == [
        "Sozialforum Osterode/Herzberg",
        "Steuerungsgruppe",
    ]
    assert meetings.meetings(regions["SR-A"])[0].id == regions["forum"]
    assert [r.title for r in meetings.meetings(regions["SR-B"])] == ["Sozialraumkonferenz Bovenden", "Steuerungsgruppe"]
    assert [r.title for r in meetings.meetings(upcoming=True)] == ["Sozialraumkonferenz Bovenden"]
    sheet = meetings.sheet(regions["forum"])
    assert (len(sheet.invitees), len(sheet.present)) == (3, 2)


def test_tasks_open_by_due_date_then_done(meetings, regions):
    assert [(t.due_on, t.description, t.assignee, t.meeting, t.state(TODAY), t.done_on) for t in meetings.tasks()] == [
        (
            date(2026, 3, 1),
            "Flyer drucken",
            "Anna Becker",
            "Sozialforum Osterode/Herzberg (05.02.2026)",
            "überfällig",
            None,
        ),
        (
            date(2026, 4, 1),
            "Raum buchen",
            "Diakonie Bovenden",
            "Sozialraumkonferenz Bovenden (20.04.2026)",
            "offen",
            None,
        ),
        (date(2026, 6, 30), "Bank aufstellen", "", "", "offen", None),
        (None, "Ideen sammeln", "", "", "offen", None),
        (
            date(2026, 2, 1),
            "Bericht schreiben",
            "Bernd Schulz (Familienzentrum Osterode)",
            "",
            "erledigt",
            date(2026, 1, 30),
        ),
    ]
    # Region through the meeting's region, the task's own Sozialraum, the meeting's Sozialraum, the proposal.
    in_region = [t.description for t in meetings.tasks(TaskFilter(sozialregion_id=regions["SR-A"]))]
    assert in_region == ["Flyer drucken", "Bericht schreiben"]
    in_region = [t.description for t in meetings.tasks(TaskFilter(sozialregion_id=regions["SR-B"]))]
    assert in_region == ["Raum buchen", "Bank aufstellen"]
