"""OverviewService: the read-only lists of the areas, on a small constructed data set in two Sozialregionen."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, time
from pathlib import Path

import pytest
from sqlalchemy import event, select

from sozialkoordination.actors.service import ActorService
from sozialkoordination.areas.service import AreaService
from sozialkoordination.core.formatting import german_number
from sozialkoordination.db import migrate
from sozialkoordination.db.engine import make_engine, make_session_factory
from sozialkoordination.meetings.service import MeetingService, TaskFilter
from sozialkoordination.models import (
    Attendance,
    Invitation,
    Meeting,
    Network,
    NetworkMembership,
    Offer,
    Organisation,
    ParticipationActivity,
    Person,
    Placement,
    Project,
    Proposal,
    Sozialraum,
    Sozialregion,
    Task,
    Theme,
    Volunteer,
)
from sozialkoordination.overviews.service import (
    NETWORK_COLUMNS,
    OFFER_COLUMNS,
    PARTICIPATION_COLUMNS,
    VOLUNTEER_COLUMNS,
    OverviewService,
    offer_time_text,
)

TODAY = date(2026, 3, 10)


@pytest.fixture
def db(db_url):
    engine = make_engine(db_url)
    migrate.upgrade(engine)
    sf = make_session_factory(engine)
    AreaService(sf).seed_reference()
    with sf.begin() as s:
        ids = _build(s)
    yield sf, ids, engine
    engine.dispose()


def _build(s) -> dict:
    region = {r.code: r for r in s.scalars(select(Sozialregion))}
    raum = {r.name: r for r in s.scalars(select(Sozialraum))}
    osterode, herzberg, adelebsen, bovenden = (
        raum[n] for n in ("Osterode am Harz", "Herzberg am Harz", "Adelebsen", "Bovenden")
    )
    tp1 = Project(code="TP1", name="Präventionsketten")
    fz = Organisation(name="Familienzentrum Osterode", sozialraum=osterode)
    diakonie = Organisation(name="Diakonie Bovenden", sozialraum=bovenden)
    anna = Person(first_name="Anna", last_name="Becker", sozialraum=osterode)
    bernd = Person(first_name="Bernd", last_name="Schulz", sozialraum=herzberg)
    clara = Person(first_name="Clara", last_name="Meyer", sozialraum=osterode)
    dieter = Person(first_name="Dieter", last_name="Abel", sozialraum=bovenden)
    s.add_all([tp1, fz, diakonie, anna, bernd, clara, dieter])
    s.flush()

    # Networks: one per level; memberships active, ended, ending today and not yet started.
    ak = Network(
        name="AK Frühe Hilfen Osterode",
        network_type="Arbeitskreis",
        level="sozialregion",
        sozialregion_id=region["SR-A"].id,
        project_id=tp1.id,
        description="Austausch der Fachkräfte",
    )
    ak.memberships = [
        NetworkMembership(organisation=fz),
        NetworkMembership(person=anna, valid_until=TODAY),
        NetworkMembership(person=bernd, valid_until=date(2026, 12, 31)),
        NetworkMembership(organisation=diakonie, valid_until=date(2025, 12, 31)),
        NetworkMembership(person=clara, valid_from=date(2026, 4, 1)),
    ]
    kette = Network(
        name="Präventionskette Bovenden", network_type="Präventionskette", level="sozialraum", sozialraum_id=bovenden.id
    )
    steuer = Network(name="Steuerungsgruppe Sozialstrategie", network_type="Steuerungsgruppe", level="landkreis")
    s.add_all([ak, kette, steuer])

    # Meetings: region level, Sozialraum level (region only through its Sozialraum) and district level.
    forum = Meeting(
        meeting_type="Regionales Sozialforum",
        title="Sozialforum Osterode/Herzberg",
        level="sozialregion",
        sozialregion_id=region["SR-A"].id,
        meeting_date=date(2026, 2, 5),
        start_time=time(14, 0),
        venue="Stadthalle Osterode",
        minutes_status="genehmigt",
    )
    forum.invitations = [Invitation(person=p) for p in (anna, bernd, clara)]
    forum.attendances = [
        Attendance(person=anna),
        Attendance(person=bernd),
        Attendance(person=clara, present=False, excused=True),
    ]
    konferenz = Meeting(
        meeting_type="Sozialraumkonferenz",
        title="Sozialraumkonferenz Bovenden",
        level="sozialraum",
        sozialraum_id=bovenden.id,
        meeting_date=date(2026, 4, 20),
        start_time=time(18, 30),
        venue="Rathaus Bovenden",
    )
    konferenz.invitations = [Invitation(person=dieter)]
    lenkung = Meeting(
        meeting_type="Steuerungsgruppe", title="Steuerungsgruppe", level="landkreis", meeting_date=date(2025, 11, 11)
    )
    s.add_all([forum, konferenz, lenkung])

    # Participation with proposals; one proposal leads to a task.
    werkstatt = ParticipationActivity(
        format="Zukunftswerkstatt",
        title="Zukunftswerkstatt Adelebsen",
        sozialraum_id=adelebsen.id,
        ortschaft="Barterode",
        starts_on=date(2026, 1, 17),
        participants_on_site=40,
        participants_online=12,
        status="laufend",
    )
    bank = Proposal(text="Bank am Dorfplatz")
    werkstatt.proposals = [bank, Proposal(text="Jugendtreff öffnen")]
    befragung = ParticipationActivity(
        format="Befragung", title="Befragung Jugend Herzberg", sozialraum_id=herzberg.id, status="geplant"
    )
    s.add_all([werkstatt, befragung])
    s.flush()

    s.add_all(
        [
            Task(description="Flyer drucken", meeting=forum, assignee_person=anna, due_on=date(2026, 3, 1)),
            Task(description="Raum buchen", meeting=konferenz, assignee_organisation=diakonie, due_on=date(2026, 4, 1)),
            Task(
                description="Bericht schreiben",
                sozialraum_id=herzberg.id,
                assignee_person=bernd,
                assignee_organisation=fz,
                due_on=date(2026, 2, 1),
                status="erledigt",
                done_on=date(2026, 1, 30),
            ),
            Task(description="Ideen sammeln"),
            Task(description="Bank aufstellen", proposal_id=bank.id, due_on=date(2026, 6, 30)),
        ]
    )

    # Volunteering.
    senioren, integration = Theme(name="Senioren"), Theme(name="Integration")
    meyer = Volunteer(
        person=clara,
        role="Ehrenamtliche*r",
        ortschaft="Lerbach",
        sozialraum_id=osterode.id,
        has_car=True,
        range_km=15,
        last_activity_on=date(2026, 2, 14),
    )
    meyer.interests = [senioren, integration]
    abel = Volunteer(
        person=dieter,
        role="Dorfmoderator*in",
        ortschaft="Lenglern",
        sozialraum_id=bovenden.id,
        uses_public_transport=True,
    )
    lesen = Offer(
        title="Lesepatenschaft",
        organisation=fz,
        place="Osterode",
        sozialraum_id=osterode.id,
        time_pattern="regelmäßig",
        weekday=1,
        part_of_day="nachmittags",
        places=3,
        status="offen",
    )
    fest = Offer(
        title="Sommerfest-Helfer",
        organisation=diakonie,
        sozialraum_id=bovenden.id,
        time_pattern="einmalig",
        one_off_date=date(2026, 6, 20),
        places=10,
        status="besetzt",
    )
    besuch = Offer(title="Besuchsdienst", time_pattern="flexibel", places=2, status="offen")
    s.add_all([meyer, abel, lesen, fest, besuch])
    s.flush()
    s.add_all(
        [
            Placement(volunteer_id=meyer.id, offer_id=lesen.id, status="aktiv"),
            Placement(volunteer_id=meyer.id, offer_id=fest.id, status="beendet"),
        ]
    )

    s.flush()
    return {"SR-A": region["SR-A"].id, "SR-B": region["SR-B"].id, "ak": ak.id, "forum": forum.id}


@pytest.fixture
def service(db):
    sf, _ids, _engine = db
    return OverviewService(sf, today=lambda: TODAY)


@pytest.fixture
def regions(db):
    return db[1]


def values(rows: list[tuple]) -> list[tuple]:
    return [r[1:] for r in rows]


def test_rows_match_their_columns(service, regions):
    for method, columns in (
        (service.networks, NETWORK_COLUMNS),
        (service.volunteers, VOLUNTEER_COLUMNS),
        (service.offers, OFFER_COLUMNS),
        (service.participation, PARTICIPATION_COLUMNS),
    ):
        for region_id in (None, regions["SR-A"], regions["SR-B"]):
            rows = method(region_id)
            assert all(len(r) == len(columns) + 1 and isinstance(r[0], int) for r in rows), method.__name__
        assert {c.kind for c in columns} <= {"text", "int", "date", "money"}


def test_networks(service, regions):
    assert values(service.networks(None)) == [
        (
            "AK Frühe Hilfen Osterode",
            "Arbeitskreis",
            "Sozialregion",
            "Osterode/Herzberg",
            "TP1",
            3,
            "Austausch der Fachkräfte",
        ),
        ("Präventionskette Bovenden", "Präventionskette", "Sozialraum", "Bovenden", None, 0, None),
        ("Steuerungsgruppe Sozialstrategie", "Steuerungsgruppe", "Landkreis", "Landkreis Göttingen", None, 0, None),
    ]
    assert service.networks(regions["SR-A"])[0][0] == regions["ak"]
    # district-wide networks concern every region's coordinator
    assert [r[1] for r in service.networks(regions["SR-A"])] == [
        "AK Frühe Hilfen Osterode",
        "Steuerungsgruppe Sozialstrategie",
    ]
    assert [r[1] for r in service.networks(regions["SR-B"])] == [
        "Präventionskette Bovenden",
        "Steuerungsgruppe Sozialstrategie",
    ]


@pytest.fixture
def meetings(db):
    sf, _ids, _engine = db
    return MeetingService(sf, ActorService(sf), today=lambda: TODAY)


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


def test_volunteers(service, regions):
    assert values(service.volunteers(None)) == [
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
    assert [r[1] for r in service.volunteers(regions["SR-A"])] == ["Clara Meyer"]
    assert [r[1] for r in service.volunteers(regions["SR-B"])] == ["Dieter Abel"]


def test_offers(service, regions):
    assert values(service.offers(None)) == [
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
    assert [r[1] for r in service.offers(regions["SR-A"])] == ["Lesepatenschaft"]
    assert [r[1] for r in service.offers(regions["SR-B"])] == ["Sommerfest-Helfer"]


def test_participation(service, regions):
    assert values(service.participation(None)) == [
        (
            date(2026, 1, 17),
            "Zukunftswerkstatt",
            "Zukunftswerkstatt Adelebsen",
            "Adelebsen",
            "Barterode",
            52,
            2,
            "laufend",
        ),
        (None, "Befragung", "Befragung Jugend Herzberg", "Herzberg am Harz", None, None, 0, "geplant"),
    ]
    assert [r[3] for r in service.participation(regions["SR-A"])] == ["Befragung Jugend Herzberg"]
    assert [r[3] for r in service.participation(regions["SR-B"])] == ["Zukunftswerkstatt Adelebsen"]


def test_value_formatting():
    assert german_number(1234567) == "1.234.567"
    assert german_number(1234.56) == "1.234,6"
    assert german_number(0.25) == "0,25"
    assert offer_time_text("regelmäßig", 4, None, None) == "freitags"
    assert offer_time_text("regelmäßig", None, "abends", None) == "abends"
    assert offer_time_text("einmalig", None, None, None) == "einmalig"


def test_each_list_is_one_query(db):
    sf, ids, engine = db
    service = OverviewService(sf, today=lambda: TODAY)
    statements: list[str] = []

    def count(*args):
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    try:
        for method in (
            service.networks,
            service.volunteers,
            service.offers,
            service.participation,
        ):
            statements.clear()
            method(ids["SR-A"])
            assert len(statements) == 1, (method.__name__, statements)
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_service_does_not_import_qt():
    code = "import sys, sozialkoordination.overviews.service; print(any(m.startswith('PySide6') for m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=Path(__file__).parents[3]
    )
    assert result.stdout.strip() == "False"
