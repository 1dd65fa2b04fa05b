"""A small constructed data set in two Sozialregionen for the list queries of networks, meetings, tasks,
volunteering and participation: networks on every level with active, ended and future memberships, meetings,
tasks, participation activities with proposals, volunteers and offers with placements."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, time

from sqlalchemy import event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from sozialkoordination.areas.service import AreaService
from sozialkoordination.db import migrate
from sozialkoordination.db.engine import make_engine, make_session_factory
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

TODAY = date(2026, 3, 10)


@contextmanager
def two_regions(db_url: str) -> Iterator[tuple[sessionmaker[Session], dict, Engine]]:
    """(session factory, ids by name, engine) over the data set; the engine is disposed afterwards."""
    engine = make_engine(db_url)
    migrate.upgrade(engine)
    sf = make_session_factory(engine)
    AreaService(sf).seed_reference()
    with sf.begin() as s:
        ids = build(s)
    try:
        yield sf, ids, engine
    finally:
        engine.dispose()


@contextmanager
def counted_statements(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements the engine runs inside the block (a list query must be one)."""
    statements: list[str] = []

    def count(*args) -> None:
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def build(s) -> dict:
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
