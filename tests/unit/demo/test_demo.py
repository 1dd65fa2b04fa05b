"""Demo data: a complete, fictional and reproducible data set generated into a real SQLite file."""

import csv
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from sozialkoordination.actors.service import PERSONS, ActorFilter, ActorService
from sozialkoordination.areas.service import AreaService
from sozialkoordination.config import resource_path
from sozialkoordination.core.errors import DomainError
from sozialkoordination.core.geometry import contains
from sozialkoordination.core.normalize import is_valid_email, is_valid_phone
from sozialkoordination.core.progress import Cancelled
from sozialkoordination.db import migrate
from sozialkoordination.db.engine import make_engine, make_session_factory
from sozialkoordination.demo.data import demo_data
from sozialkoordination.demo.service import DEMO_NOTE, DEMO_SOURCE, DemoService
from sozialkoordination.indicators.service import IndicatorService
from sozialkoordination.meetings.service import MeetingService
from sozialkoordination.models import (
    Affiliation,
    AgendaItem,
    Attendance,
    BudgetApplication,
    Consent,
    Indicator,
    IndicatorValue,
    Invitation,
    Meeting,
    NetworkMembership,
    Organisation,
    Ortschaft,
    Person,
    Project,
    Sozialraum,
    SozialraumBudget,
    Task,
    Volunteer,
)
from sozialkoordination.offers.service import AngebotService, gemeinde_shapes
from tests.conftest import DATABASES, new_database_url

TODAY = date.today()


def _session_factory(url, seed_areas: bool = True):
    engine = make_engine(url if "://" in str(url) else f"sqlite:///{url}")
    migrate.upgrade(engine)
    sf = make_session_factory(engine)
    if seed_areas:
        AreaService(sf).seed_reference()
    return engine, sf


@pytest.fixture(scope="module", params=DATABASES)
def demo(request, tmp_path_factory):
    """One generated demo database (per database kind) shared by the read-only tests of this module."""
    engine, sf = _session_factory(new_database_url(request, request.param, tmp_path_factory.mktemp("demo")))
    summary = DemoService(sf).generate(today=TODAY)
    yield sf, summary
    engine.dispose()


@pytest.fixture
def empty_sf(db_url):
    engine, sf = _session_factory(db_url)
    yield sf
    engine.dispose()


def _reference_rows() -> list[dict[str, str]]:
    path = resource_path("reference", "sozialraeume_landkreis_goettingen.csv")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def _coordinates(sf) -> list[tuple[str, float | None, float | None]]:
    with sf() as s:
        rows = s.execute(
            select(Organisation.name, Organisation.latitude, Organisation.longitude).order_by(Organisation.id)
        )
        return [tuple(r) for r in rows]


def _names(sf) -> tuple[list[str], list[tuple[str, str]]]:
    with sf() as s:
        orgs = s.scalars(select(Organisation.name).order_by(Organisation.id)).all()
        persons = s.execute(select(Person.first_name, Person.last_name).order_by(Person.id)).all()
    return list(orgs), [tuple(p) for p in persons]


def test_summary_counts_are_in_the_expected_ranges_and_match_the_database(demo):
    sf, summary = demo
    assert 280 <= summary.organisations <= 320
    assert 570 <= summary.persons <= 630
    assert 18 <= summary.networks <= 24
    assert 50 <= summary.meetings <= 70
    assert 60 <= summary.tasks <= 200
    assert 70 <= summary.volunteers <= 90
    assert 35 <= summary.offers <= 45
    assert 12 <= summary.activities <= 18
    assert summary.indicator_values == 38 * 2 + 18 * 6 * 3 + 38 * 3  # + three per Gemeinde (Präventionskette)
    with sf() as s:
        assert s.scalar(select(func.count(Organisation.id))) == summary.organisations
        assert s.scalar(select(func.count(Person.id))) == summary.persons
        assert s.scalar(select(func.count(Meeting.id))) == summary.meetings
        assert s.scalar(select(func.count(Task.id))) == summary.tasks
        assert s.scalar(select(func.count(Volunteer.id))) == summary.volunteers
        assert s.scalar(select(func.count(IndicatorValue.id))) == summary.indicator_values
        assert {p for p in s.scalars(select(Project.code))} == {"TP1", "TP2", "B1", "B2", "TP4", "TP5"}


def test_every_sozialraum_has_organisations_and_persons(demo):
    sf, _ = demo
    with sf() as s:
        raeume = s.scalars(select(Sozialraum.id)).all()
        orgs = dict(
            s.execute(select(Organisation.sozialraum_id, func.count()).group_by(Organisation.sozialraum_id)).all()
        )
        persons = dict(s.execute(select(Person.sozialraum_id, func.count()).group_by(Person.sozialraum_id)).all())
        familienzentren = set(
            s.scalars(select(Organisation.sozialraum_id).where(Organisation.org_type == "Familienzentrum"))
        )
    assert len(raeume) == 18
    assert None not in orgs and None not in persons
    for raum_id in raeume:
        assert orgs.get(raum_id, 0) >= 8, raum_id
        assert persons.get(raum_id, 0) >= 8, raum_id
    assert familienzentren == set(raeume)


def test_all_organisation_types_of_the_catalogue_are_used(demo):
    sf, _ = demo
    catalogue = {
        line.strip()
        for line in resource_path("reference", "organisationstypen.txt").read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    with sf() as s:
        used = set(s.scalars(select(Organisation.org_type).distinct()))
        with_traeger = s.scalar(select(func.count(Organisation.id)).where(Organisation.parent_id.is_not(None)))
    assert catalogue <= used
    assert with_traeger >= 5


def test_contact_data_is_clearly_fictional(demo):
    sf, _ = demo
    with sf() as s:
        orgs = s.execute(select(Organisation.email, Organisation.website, Organisation.phone, Organisation.notes)).all()
        persons = s.execute(select(Person.email, Person.phone, Person.mobile, Person.notes)).all()
    emails = [e for e, *_ in orgs + persons if e]
    assert len(emails) > 700
    assert all(e.endswith(".example") and is_valid_email(e) for e in emails)
    assert all(w.endswith(".example") for _, w, _, _ in orgs if w)
    phones = [p for _, _, p, _ in orgs] + [p for _, p, m, _ in persons if p] + [m for _, _, m, _ in persons if m]
    digits = ["".join(c for c in p if c.isdigit()) for p in phones]  # stored in the DIN 5008 grouping
    assert all("9901" in d or "9902" in d for d in digits)  # the fictional blocks after the real area codes
    assert all(is_valid_phone(p) for p in phones)
    assert all(DEMO_NOTE in notes for *_, notes in orgs + persons)


def test_persons_have_salutations_titles_affiliations_and_consents(demo):
    sf, _ = demo
    with sf() as s:
        salutations = dict(s.execute(select(Person.salutation, func.count()).group_by(Person.salutation)).all())
        titles = set(s.scalars(select(Person.title).where(Person.title.is_not(None))))
        affiliated = select(Affiliation.person_id)
        loners = s.scalars(select(Person).where(Person.id.not_in(affiliated))).all()
        per_person = s.execute(select(Affiliation.person_id, func.count()).group_by(Affiliation.person_id)).all()
        purposes = set(s.scalars(select(Consent.purpose)))
        sources = set(s.scalars(select(Consent.source)))
    assert salutations["Frau"] > 200 and salutations["Herr"] > 150 and salutations.get(None, 0) > 0
    assert "Dr." in titles and titles <= {"Dr.", "Prof. Dr."}
    assert 30 <= len(loners) <= 50
    functions = {p.function for p in loners}
    assert {"Ortsbürgermeister*in", "Dorfmoderator*in"} <= functions
    villagers = [p for p in loners if p.function != "Sozialregions-Koordinator*in"]
    assert all(p.street and p.postcode and p.city for p in villagers)
    assert sum(1 for _, n in per_person if n == 2) >= 30
    assert purposes == {"Einladungen", "Weitergabe an Netzwerkpartner"}
    assert sources == {"schriftlich", "Formular", "mündlich"}


def test_networks_have_roles_and_former_members(demo):
    sf, _ = demo
    with sf() as s:
        roles = set(s.scalars(select(NetworkMembership.role)))
        former = s.scalar(select(func.count(NetworkMembership.id)).where(NetworkMembership.valid_until.is_not(None)))
    assert {"Sprecher*in", "Mitglied", "Gast"} <= roles
    assert former > 0


def test_meetings_form_series_with_agenda_invitations_and_minutes(demo):
    sf, _ = demo
    with sf() as s:
        meetings = {m.id: m for m in s.scalars(select(Meeting))}
        types = {m.meeting_type for m in meetings.values()}
        attended = set(s.scalars(select(Attendance.meeting_id)))
        invited = set(s.scalars(select(Invitation.meeting_id)))
        statuses = set(s.scalars(select(Invitation.status)))
        items = s.execute(select(AgendaItem.meeting_id, AgendaItem.item_type, AgendaItem.minutes)).all()
    assert {"Regionales Sozialforum", "Sozialraumkonferenz", "Arbeitskreis"} <= types
    past = [m for m in meetings.values() if m.meeting_date < TODAY]
    future = [m for m in meetings.values() if m.meeting_date >= TODAY]
    assert past and future
    assert min(m.meeting_date for m in meetings.values()) >= TODAY - timedelta(days=2 * 366)
    assert max(m.meeting_date for m in meetings.values()) <= TODAY + timedelta(days=100)
    chained = [m for m in meetings.values() if m.previous_meeting_id]
    assert len(chained) >= 20
    for m in chained:
        previous = meetings[m.previous_meeting_id]
        assert previous.meeting_date < m.meeting_date and previous.meeting_type == m.meeting_type
    assert {m.id for m in past} <= attended and not attended & {m.id for m in future}
    assert {m.id for m in past} <= invited
    assert {"zugesagt", "abgesagt", "eingeladen"} <= statuses
    assert all(m.minutes_status == "Entwurf" for m in future)
    assert {m.minutes_status for m in past} >= {"genehmigt", "versendet"}
    assert {kind for _, kind, _ in items} == {"Information", "Diskussion", "Beschluss"}
    past_ids = {m.id for m in past}
    assert all(minutes for meeting_id, _, minutes in items if meeting_id in past_ids)
    assert not any(minutes for meeting_id, _, minutes in items if meeting_id not in past_ids)


def test_tasks_include_done_open_overdue_and_soon_due_ones(demo):
    sf, _ = demo
    with sf() as s:
        tasks = s.scalars(select(Task)).all()
    done = [t for t in tasks if t.status == "erledigt"]
    open_ = [t for t in tasks if t.status == "offen"]
    assert done and all(t.done_on is not None and t.done_on <= TODAY for t in done)
    assert all(t.done_on is None for t in open_)
    assert sum(1 for t in open_ if t.due_on < TODAY) >= 3
    assert sum(1 for t in open_ if TODAY <= t.due_on <= TODAY + timedelta(days=14)) >= 3
    assert all(t.assignee_person_id or t.assignee_organisation_id for t in tasks)


def test_budgets_for_this_and_last_year_with_applications(demo):
    sf, _ = demo
    with sf() as s:
        budgets = s.scalars(select(SozialraumBudget)).all()
        applications = s.scalars(select(BudgetApplication)).all()
    assert len(budgets) == 36
    assert {b.year for b in budgets} == {TODAY.year - 1, TODAY.year}
    assert len(applications) >= 10
    assert all(isinstance(a.requested_amount, Decimal) for a in applications)
    for a in applications:
        if a.approved_amount is not None:
            assert a.recommendation == "befürwortet" and a.approved_amount <= a.requested_amount
        if a.spent_amount is not None:
            assert a.spent_amount <= a.approved_amount


def test_population_indicator_equals_the_reference_figures(demo):
    sf, _ = demo
    rows = _reference_rows()
    with sf() as s:
        indicator = s.scalar(select(Indicator).where(Indicator.key == "bevoelkerung"))
        values = {
            (v.area_key, v.reference_date): v.value
            for v in s.scalars(select(IndicatorValue).where(IndicatorValue.indicator_id == indicator.id))
        }
        levels = set(s.scalars(select(IndicatorValue.area_level).where(IndicatorValue.indicator_id == indicator.id)))
    assert indicator.name == "Einwohnerinnen und Einwohner" and indicator.unit == "Personen"
    assert indicator.source.startswith("Statistisches Bundesamt (Destatis)")
    assert levels == {"gemeinde"}
    assert len(values) == 2 * len(rows) == 76
    for row in rows:
        assert values[(row["ags"], date(2023, 12, 31))] == int(row["bev_31122023"])
        assert values[(row["ags"], date(2019, 12, 31))] == int(row["bev_31122019"])
    total_2023 = sum(v for (_, day), v in values.items() if day == date(2023, 12, 31))
    assert total_2023 == sum(int(r["bev_31122023"]) for r in rows)


def test_demo_indicators_per_sozialraum_are_marked_fictional(demo):
    sf, _ = demo
    with sf() as s:
        ars = set(s.scalars(select(Sozialraum.ars)))
        per_raum = [spec["key"] for spec in demo_data().indicators["demo"].values()]
        demo_indicators = s.scalars(select(Indicator).where(Indicator.key.in_(per_raum))).all()
        assert 2 <= len(demo_indicators) <= 3
        for indicator in demo_indicators:
            assert indicator.source == DEMO_SOURCE
            values = s.scalars(select(IndicatorValue).where(IndicatorValue.indicator_id == indicator.id)).all()
            assert {v.area_key for v in values} == ars
            assert {v.area_level for v in values} == {"sozialraum"}
            assert {v.reference_date.year for v in values} == set(range(2019, 2025))
            if indicator.kind == "rate":
                assert all(v.numerator is not None and v.denominator for v in values)
                assert all(abs(v.value - v.numerator / v.denominator * 100) < 0.06 for v in values)


def test_praeventionskette_story_two_gemeinden_without_early_offers_and_high_child_poverty(demo):
    """The demo tells the story of issue 24: in the Sozialraum Gieboldehausen two Gemeinden with child poverty above
    the Landkreis have no offer for 0–3-year-olds, and the next Sozialraumkonferenz is ahead."""
    sf, _ = demo
    service = AngebotService(sf, IndicatorService(sf), MeetingService(sf, ActorService(sf)), today=lambda: TODAY)
    raum = AreaService(sf).find_sozialraum("Gieboldehausen")
    chain = service.chain(raum.id)
    gaps = [a.name for a in chain.areas if chain.cell("0-3", a.key).count == 0 and a.high_need]
    assert gaps == ["Rhumspringe", "Wollbrandshausen"]
    assert all(chain.cell("0-3", a.key).high_need_low_supply for a in chain.areas if a.name in gaps)
    assert chain.cell("0-3", chain.areas[0].key).population_text not in ("–", "")
    assert service.next_meeting(raum.id) is not None
    assert len(service.list_rows()) > 100
    # the Landkreis beside it: the need that "▲ hoch" is measured against, and offers per 1,000 children
    landkreis = float(chain.district_need.replace(",", "."))
    assert all(float(a.need_text.replace(",", ".")) > landkreis for a in chain.areas if a.high_need)
    early = float(chain.district_per_1000["0-3"].replace(",", "."))
    assert 0 < early < max(float(chain.cell("0-3", a.key).per_1000_text.replace(",", ".")) for a in chain.areas)


def test_organisations_with_coordinates_lie_inside_their_gemeinde_and_not_on_each_other(demo):
    """The Angebotslandkarte needs the organisations' places: every one but every tenth has a point inside the
    Gemeinde of its Ortschaft (from the shipped boundaries), no two on the same spot."""
    sf, summary = demo
    with sf() as s:
        ags_of_place = {
            (o.name, o.postcode): o.gemeinde.ags for o in s.scalars(select(Ortschaft)).all()
        }  # the demo's places are the seeded Ortschaften
        orgs = s.scalars(select(Organisation).order_by(Organisation.id)).all()
        placed = [o for o in orgs if o.latitude is not None]
        assert [o.longitude is None for o in orgs] == [o.latitude is None for o in orgs]
        assert len(orgs) - len(placed) == summary.organisations // 10
        shapes = gemeinde_shapes()
        outside = [
            o.name for o in placed if not contains(shapes[ags_of_place[o.city, o.postcode]], o.longitude, o.latitude)
        ]
        assert outside == []
        assert len({(o.latitude, o.longitude) for o in placed}) == len(placed)


def test_most_offers_sit_at_their_organisation_on_the_map_some_only_roughly(demo):
    sf, _ = demo
    service = AngebotService(sf, IndicatorService(sf), MeetingService(sf, ActorService(sf)), today=lambda: TODAY)
    points, unplaced = service.map_points()
    exact = [p for p in points if not p.approximate]
    assert unplaced == 0
    assert len(exact) > 0.6 * len(points)  # a map of dots in the middle of the Gemeinden would hide the feature
    assert len(exact) < len(points)  # the "ungefähr" marking still shows


def test_free_text_search_works_after_generation(demo):
    sf, _ = demo
    actors = ActorService(sf)
    assert actors.count(ActorFilter(text="familienzentrum")) >= 18
    assert actors.count(ActorFilter(kind=PERSONS, text="familienzentrum")) > 0
    assert actors.count(ActorFilter(text="fiktiv")) == actors.count(ActorFilter())


def test_every_searched_record_has_its_search_text(demo):
    """Meetings, tasks, networks, volunteers, offers and participation are generated through the ORM, whose events
    fold their texts; a record without one would be missing from the global search."""
    from sozialkoordination.search.service import SEARCHED

    sf, _ = demo
    with sf() as s:
        for model in SEARCHED:
            records = s.scalars(select(model)).all()
            assert records, model.__name__
            wrong = [r.id for r in records if r.search_text != model.search_text_of(vars(r)) or not r.search_text]
            assert wrong == [], model.__name__


def test_second_generation_is_refused(demo):
    sf, summary = demo
    with pytest.raises(DomainError, match="bereits Akteure"):
        DemoService(sf).generate()
    with sf() as s:
        assert s.scalar(select(func.count(Organisation.id))) == summary.organisations


def test_same_seed_gives_the_same_names_another_seed_other_ones(demo, tmp_path):
    first, _ = demo
    engine, again = _session_factory(tmp_path / "again.sqlite")
    DemoService(again).generate(seed=2026, today=TODAY)
    assert _names(again) == _names(first)
    assert _coordinates(again) == _coordinates(first)
    engine.dispose()
    engine, other = _session_factory(tmp_path / "other.sqlite")
    DemoService(other).generate(seed=7, today=TODAY)
    assert _names(other)[0] != _names(first)[0]
    engine.dispose()


class _Progress:
    def __init__(self, cancel_after: int | None = None):
        self.reports: list[tuple[int, int, str]] = []
        self.cancel_after = cancel_after

    def report(self, done: int, total: int, text: str = "") -> None:
        self.reports.append((done, total, text))

    @property
    def cancelled(self) -> bool:
        return self.cancel_after is not None and len(self.reports) >= self.cancel_after


def test_cancel_rolls_everything_back(empty_sf):
    progress = _Progress(cancel_after=4)
    with pytest.raises(Cancelled):
        DemoService(empty_sf).generate(progress)
    assert [text for *_, text in progress.reports][:2] == [
        "Gebiete werden gelesen …",
        "Themen und Projekte werden angelegt …",
    ]
    with empty_sf() as s:
        assert s.scalar(select(func.count(Organisation.id))) == 0
        assert s.scalar(select(func.count(Person.id))) == 0


def test_without_areas_generation_is_refused(tmp_path):
    engine, sf = _session_factory(tmp_path / "bare.sqlite", seed_areas=False)
    with pytest.raises(DomainError, match="Gebietsdaten"):
        DemoService(sf).generate()
    engine.dispose()
