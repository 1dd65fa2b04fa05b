"""The meeting cycle on a real database, with the Word, Excel and calendar files read back."""

from datetime import date, time, timedelta

import docx
import openpyxl
import pytest
from sqlalchemy import select

from sozialkoordination.__main__ import main
from sozialkoordination.actors.service import AffiliationData, OrganisationData, PersonData
from sozialkoordination.core.errors import NotFoundError, ValidationError
from sozialkoordination.core.letters import Addressee, address_block, letter_salutation
from sozialkoordination.meetings.dto import InviteeFilter, MeetingData, TaskData, TaskFilter, start_times
from sozialkoordination.meetings.service import MeetingService, follow_up_title
from sozialkoordination.models import Network, NetworkMembership, Sozialraum

TODAY = date(2026, 3, 1)


@pytest.fixture
def meetings(context):
    return MeetingService(context.session_factory, context.actors, today=lambda: TODAY)


@pytest.fixture
def world(context):
    """Two organisations in Bovenden, one in Rosdorf; four persons; a network; a theme."""
    areas = context.areas
    bovenden = areas.find_sozialraum("Bovenden")
    rosdorf = areas.find_sozialraum("Rosdorf")
    actors = context.actors
    fz = actors.save_organisation(
        OrganisationData(
            name="Familienzentrum Regenbogen",
            org_type="Familienzentrum",
            street="Am Anger",
            house_number="3",
            postcode="37120",
            city="Bovenden",
            sozialraum_id=bovenden.id,
            themes=["Frühe Hilfen"],
        )
    )
    school = actors.save_organisation(
        OrganisationData(
            name="Grundschule Bovenden", org_type="Schule", postcode="37120", city="Bovenden", sozialraum_id=bovenden.id
        )
    )
    kita = actors.save_organisation(
        OrganisationData(
            name="Kita Pusteblume", org_type="Kita", postcode="37124", city="Rosdorf", sozialraum_id=rosdorf.id
        )
    )
    people = {
        "schulz": actors.save_person(
            PersonData(
                salutation="Frau",
                title="Dr.",
                first_name="Anna",
                last_name="Schulz",
                email="a.schulz@fz.example",
                affiliations=[AffiliationData(fz)],
            )
        ),
        "mueller": actors.save_person(
            PersonData(
                salutation="Herr",
                title="Prof. Dr. Dipl.-Päd.",
                first_name="Max",
                last_name="Müller",
                affiliations=[AffiliationData(school)],
            )
        ),
        "meyer": actors.save_person(
            PersonData(
                first_name="Kim", last_name="Meyer", email="kim@kita.example", affiliations=[AffiliationData(kita)]
            )
        ),
        "lang": actors.save_person(
            PersonData(
                salutation="Frau",
                first_name="Eva",
                last_name="Lang",
                street="Lindenweg",
                house_number="2",
                postcode="37120",
                city="Bovenden",
                sozialraum_id=bovenden.id,
            )
        ),
    }
    with context.session_factory.begin() as s:
        network = Network(name="AK Frühe Hilfen Bovenden", level="sozialraum", sozialraum_id=bovenden.id)
        s.add(network)
        s.flush()
        s.add(NetworkMembership(network_id=network.id, organisation_id=kita))
        network_id = network.id
    return {
        "bovenden": bovenden.id,
        "rosdorf": rosdorf.id,
        "fz": fz,
        "school": school,
        "kita": kita,
        "network": network_id,
        **people,
    }


def plan(meetings, world, **changes) -> int:
    data = MeetingData(
        meeting_type="Sozialraumkonferenz",
        title="3. Sozialraumkonferenz Bovenden",
        meeting_date=date(2026, 3, 12),
        level="sozialraum",
        sozialraum_id=world["bovenden"],
        start_time=time(17, 0),
        end_time=time(19, 0),
        venue="Rathaus Bovenden, Ratssaal",
        venue_address="Marktplatz 1, 37120 Bovenden",
        chair_person_id=world["schulz"],
        minute_taker_person_id=world["lang"],
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return meetings.save(data)


def test_salutations_and_address_block():
    schulz = Addressee(
        "Frau", "Dr.", "Anna", "Schulz", "Familienzentrum Regenbogen", "Am Anger", "3", "37120", "Bovenden"
    )
    assert letter_salutation(schulz) == "Sehr geehrte Frau Dr. Schulz,"
    assert letter_salutation(Addressee("Herr", "Prof. Dr. Dipl.-Päd.", "Max", "Müller")) == (
        "Sehr geehrter Herr Prof. Dr. Müller,"
    )  # degrees stay out of the salutation
    assert letter_salutation(Addressee("Herr", "Dipl.-Soz.", "Jan", "Ott")) == "Sehr geehrter Herr Ott,"
    assert letter_salutation(Addressee(None, None, "Kim", "Meyer")) == "Guten Tag Kim Meyer,"
    assert address_block(schulz) == [
        "Familienzentrum Regenbogen",
        "Frau Dr. Anna Schulz",
        "Am Anger 3",
        "37120 Bovenden",
    ]


def test_planning_is_validated(meetings, world):
    with pytest.raises(ValidationError) as error:
        meetings.save(MeetingData(title=" ", level="sozialraum", start_time=time(18), end_time=time(17)))
    assert set(error.value.fields) == {"title", "meeting_date", "sozialraum_id", "end_time"}
    meeting_id = plan(meetings, world)
    assert meetings.get(meeting_id).venue == "Rathaus Bovenden, Ratssaal"
    with pytest.raises(NotFoundError, match="meetings list"):
        meetings.get(999)


def test_invitation_list_from_filters_and_picks(meetings, world):
    meeting_id = plan(meetings, world)
    by_area = {c.person_id for c in meetings.candidates(meeting_id, InviteeFilter(sozialraum_id=world["bovenden"]))}
    assert by_area == {world["schulz"], world["mueller"], world["lang"]}  # own or organisation's Sozialraum
    by_network = meetings.candidates(meeting_id, InviteeFilter(network_id=world["network"]))
    assert [c.person_id for c in by_network] == [world["meyer"]]  # member through the organisation
    by_theme = meetings.candidates(meeting_id, InviteeFilter(theme="Frühe Hilfen"))
    assert [c.person_id for c in by_theme] == [world["schulz"]]
    by_type = meetings.candidates(meeting_id, InviteeFilter(org_type="Schule", sozialraum_id=world["bovenden"]))
    assert [c.person_id for c in by_type] == [world["mueller"]]
    assert meetings.candidates(meeting_id, InviteeFilter()) == []
    assert meetings.invite(meeting_id, [*by_area, world["meyer"]]) == 4
    assert meetings.invite(meeting_id, [world["meyer"]]) == 0  # no one twice
    rows = {r.person.last_name: r for r in meetings.invitees(meeting_id)}
    assert not rows["Müller"].person.email and rows["Müller"].person.has_postal_address is False
    assert rows["Schulz"].person.street == "Am Anger"  # the organisation's address
    assert rows["Lang"].person.street == "Lindenweg"  # her own
    addresses, missing = meetings.email_recipients(meeting_id)
    assert addresses == ["kim@kita.example", "a.schulz@fz.example"] or set(addresses) == {
        "kim@kita.example",
        "a.schulz@fz.example",
    }
    assert set(missing) == {"Prof. Dr. Dipl.-Päd. Max Müller", "Eva Lang"}
    assert meetings.mailto(meeting_id).startswith("mailto:?bcc=")  # recipients never see each other
    meetings.set_reply(rows["Meyer"].invitation_id, "vertreten", "Jana Schmidt")
    with pytest.raises(ValidationError):
        meetings.set_reply(rows["Lang"].invitation_id, "vertreten", "")
    meetings.set_reply(rows["Lang"].invitation_id, "abgesagt")
    replies = {r.person.last_name: r.reply for r in meetings.invitees(meeting_id)}
    assert replies == {
        "Lang": "abgesagt",
        "Meyer": "vertreten durch Jana Schmidt",
        "Müller": "eingeladen",
        "Schulz": "eingeladen",
    }


def test_agenda_start_times_and_reordering(meetings, world):
    meeting_id = plan(meetings, world)
    first = meetings.save_item(meeting_id, "Begrüßung", duration_minutes=10, is_standing=True)
    second = meetings.save_item(meeting_id, "Bericht aus den Kitas", "Kim Meyer", 30, "Diskussion")
    third = meetings.save_item(meeting_id, "Sozialraumbudget", duration_minutes=20, item_type="Beschluss")
    assert [(e.number, e.starts_at) for e in meetings.agenda(meeting_id)] == [
        (1, time(17, 0)),
        (2, time(17, 10)),
        (3, time(17, 40)),
    ]
    meetings.move_item(third, 1)
    assert [e.id for e in meetings.agenda(meeting_id)] == [first, third, second]
    assert [e.starts_at for e in meetings.agenda(meeting_id)] == [time(17, 0), time(17, 10), time(17, 30)]
    with pytest.raises(ValidationError):
        meetings.save_item(meeting_id, "", item_type="Plaudern")
    assert start_times(time(9, 0), [15, None, 10]) == [time(9, 0), time(9, 15), None]


def run_meeting(meetings, world) -> int:
    """Plan, invite, agenda, attendance with a walk-in, minutes with a decision and two tasks."""
    meeting_id = plan(meetings, world)
    meetings.invite(meeting_id, [world["schulz"], world["mueller"], world["meyer"], world["lang"]])
    meetings.save_item(meeting_id, "Begrüßung und Protokoll", duration_minutes=10, is_standing=True)
    budget = meetings.save_item(meeting_id, "Sozialraumbudget 2026", duration_minutes=30, item_type="Beschluss")
    meetings.save_minutes(budget, "Zwei Anträge lagen vor.\nDie Konferenz hat beide beraten.")
    meetings.add_decision(budget, "Der Antrag „Elterncafé“ wird mit 1.200 € befürwortet.")
    meetings.save_task(
        TaskData(
            "Antrag an die Verwaltung weiterleiten",
            assignee_person_id=world["schulz"],
            due_on=date(2026, 3, 20),
            meeting_id=meeting_id,
            agenda_item_id=budget,
        )
    )
    meetings.save_task(
        TaskData(
            "Räume für das Elterncafé klären",
            assignee_organisation_id=world["fz"],
            due_on=date(2026, 4, 15),
            meeting_id=meeting_id,
            agenda_item_id=budget,
        )
    )
    meetings.set_attendance(meeting_id, world["schulz"], present=True)
    meetings.set_attendance(meeting_id, world["mueller"], present=False, excused=True)
    meetings.set_attendance(meeting_id, world["meyer"], present=True)
    meetings.add_walk_in(meeting_id, "Gast", "Greta", organisation_id=world["kita"])
    return meeting_id


def test_attendance_with_a_walk_in_and_the_minutes(meetings, world, context):
    meeting_id = run_meeting(meetings, world)
    sheet = meetings.sheet(meeting_id)
    assert [a.person.last_name for a in sheet.present] == ["Meyer", "Schulz", "Gast"]
    assert [a.person.last_name for a in sheet.excused] == ["Müller"]
    walk_in = sheet.attendance[-1]
    assert walk_in.walk_in and not walk_in.invited and walk_in.person.organisation == "Kita Pusteblume"
    assert context.actors.get_person(walk_in.person_id).notes.startswith("Als Gast der Sitzung vom 12.03.2026")
    budget = sheet.agenda[1]
    assert budget.decisions[0].text == "Der Antrag „Elterncafé“ wird mit 1.200 € befürwortet."
    assert [(t.assignee, t.due_on) for t in budget.tasks] == [
        ("Dr. Anna Schulz (Familienzentrum Regenbogen)", date(2026, 3, 20)),
        ("Familienzentrum Regenbogen", date(2026, 4, 15)),
    ]
    with pytest.raises(ValidationError, match="wer die Aufgabe"):
        meetings.save_task(TaskData("Ohne Verantwortliche", meeting_id=meeting_id))
    meetings.set_minutes_status(meeting_id, "versendet")
    assert meetings.get(meeting_id).minutes_status == "versendet"
    heading = meetings.sheet(meeting_id, lists=False)  # what the meeting view's heading reads
    assert (heading.title, heading.area, heading.chair) == (sheet.title, sheet.area, sheet.chair)
    assert heading.agenda == heading.invitees == heading.attendance == heading.tasks == []


def test_the_next_meeting_carries_invitees_standing_items_and_open_tasks(meetings, world):
    meeting_id = run_meeting(meetings, world)
    done = meetings.tasks(TaskFilter(meeting_id=meeting_id))[1]
    meetings.set_task_done(done.id)
    next_id = meetings.copy_from(meeting_id, date(2026, 6, 11))
    data = meetings.get(next_id)
    assert (data.meeting_date, data.previous_meeting_id, data.minutes_status) == (
        date(2026, 6, 11),
        meeting_id,
        "Entwurf",
    )
    assert len(meetings.invitees(next_id)) == 4
    assert {r.status for r in meetings.invitees(next_id)} == {"eingeladen"}
    agenda = meetings.agenda(next_id)
    assert [e.title for e in agenda] == ["Begrüßung und Protokoll", "Offene Aufgaben aus der Sitzung vom 12.03.2026"]
    assert [t.description for t in agenda[1].follow_up] == ["Antrag an die Verwaltung weiterleiten"]
    assert agenda[1].starts_at == time(17, 10)


def test_task_overview_order_filters_and_done(meetings, world):
    meeting_id = run_meeting(meetings, world)
    meetings.save_task(TaskData("Ohne Termin", assignee_person_id=world["lang"], meeting_id=meeting_id))
    meetings.save_task(TaskData("Überfällig", assignee_person_id=world["lang"], due_on=date(2026, 2, 1)))
    tasks = meetings.tasks(TaskFilter(open_only=True))
    assert [t.description for t in tasks] == [
        "Überfällig",
        "Antrag an die Verwaltung weiterleiten",
        "Räume für das Elterncafé klären",
        "Ohne Termin",
    ]
    assert [t.state(TODAY) for t in tasks] == ["überfällig", "offen", "offen", "offen"]
    assert tasks[1].state(date(2026, 3, 15)) == "bald fällig"
    assert [t.description for t in meetings.tasks(TaskFilter(person_id=world["lang"]))] == ["Überfällig", "Ohne Termin"]
    assert len(meetings.tasks(TaskFilter(organisation_id=world["fz"]))) == 1
    assert len(meetings.tasks(TaskFilter(sozialraum_id=world["bovenden"]))) == 3  # the meeting's Sozialraum
    meetings.set_task_done(tasks[0].id, done_on=date(2026, 2, 28))
    assert meetings.tasks()[-1].description == "Überfällig"  # done ones last
    assert meetings.tasks()[-1].done_on == date(2026, 2, 28)
    assert len(meetings.tasks(TaskFilter(open_only=True))) == 3


def test_task_summary_counts_in_sql_what_the_task_list_shows(context, meetings, world):
    meeting_id = run_meeting(meetings, world)
    meetings.save_task(TaskData("Ohne Termin", assignee_person_id=world["lang"], meeting_id=meeting_id))
    meetings.save_task(TaskData("Überfällig", assignee_person_id=world["lang"], due_on=date(2026, 2, 1)))
    done = meetings.save_task(TaskData("Erledigt", assignee_person_id=world["lang"], due_on=date(2026, 1, 5)))
    meetings.set_task_done(done, done_on=date(2026, 1, 6))
    listed = meetings.tasks(TaskFilter(open_only=True))
    summary = meetings.task_summary(None)
    assert summary.open_count == len(listed) == 4
    assert summary.overdue_count == len([t for t in listed if t.state(TODAY) == "überfällig"]) == 1
    assert summary.next_due == [t for t in listed if t.due_on is not None]  # the same entries, undated left out
    assert [t.description for t in meetings.task_summary(None, shown=1).next_due] == ["Überfällig"]
    with context.session_factory() as s:
        region_id = s.get(Sozialraum, world["bovenden"]).sozialregion_id
    in_region = meetings.tasks(TaskFilter(open_only=True, sozialregion_id=region_id))
    assert meetings.task_summary(region_id).open_count == len(in_region) == 3


def docx_text(path) -> str:
    document = docx.Document(path)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_documents_are_written_and_read_back(meetings, world, tmp_path):
    meeting_id = run_meeting(meetings, world)
    message = meetings.export("invitations", meeting_id, tmp_path / "einladung.docx", sender="Anna Koordinatorin")
    assert message.startswith("2 Einladungsbriefe")  # Müller and Meyer have no postal address: e-mail instead
    letters = docx_text(tmp_path / "einladung.docx")
    assert "Sehr geehrte Frau Dr. Schulz," in letters
    assert "Sehr geehrte Frau Lang," in letters
    assert "Frau Dr. Anna Schulz\nAm Anger 3\n37120 Bovenden" in letters
    assert letters.count("Mit freundlichen Grüßen") == 2
    assert {r.person.last_name for r in meetings.invitees(meeting_id)} == {"Schulz", "Müller", "Meyer", "Lang"}

    meetings.export("agenda", meeting_id, tmp_path / "tagesordnung.docx")
    agenda = docx_text(tmp_path / "tagesordnung.docx")
    assert "Tagesordnung" in agenda and "17:10" in agenda and "Sozialraumbudget 2026" in agenda

    meetings.export("signin", meeting_id, tmp_path / "liste.docx")
    table = docx.Document(tmp_path / "liste.docx").tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["Nr.", "Name", "Organisation", "Unterschrift"]
    assert len(table.rows) == 1 + 4 + 8  # invitees and blank rows for walk-ins
    assert table.rows[1].cells[1].text == "Eva Lang"

    meetings.export("minutes", meeting_id, tmp_path / "protokoll.docx")
    minutes = docx_text(tmp_path / "protokoll.docx")
    assert "Ergebnisprotokoll" in minutes
    assert "Beschluss: Der Antrag „Elterncafé“ wird mit 1.200 € befürwortet." in minutes
    assert "Antrag an die Verwaltung weiterleiten" in minutes and "20.03.2026" in minutes
    assert "Greta Gast (Kita Pusteblume)" in minutes  # walk-in among the present
    footer = docx.Document(tmp_path / "protokoll.docx").sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer

    meetings.export("minutes", meeting_id, tmp_path / "protokoll.xlsx")
    book = openpyxl.load_workbook(tmp_path / "protokoll.xlsx")
    assert book.sheetnames == ["Aufgaben", "Anwesenheit", "Beschlüsse"]
    tasks = list(book["Aufgaben"].iter_rows(min_row=2, values_only=True))
    assert [row[1] for row in tasks] == ["Antrag an die Verwaltung weiterleiten", "Räume für das Elterncafé klären"]
    people = {row[0]: row for row in book["Anwesenheit"].iter_rows(min_row=2, values_only=True)}
    assert people["Gast"][8] == "ja" and people["Müller"][7] == "ja"

    meetings.export("calendar", meeting_id, tmp_path / "termin.ics")
    calendar = (tmp_path / "termin.ics").read_text()
    assert "DTSTART;TZID=Europe/Berlin:20260312T170000" in calendar
    assert "SUMMARY:3. Sozialraumkonferenz Bovenden" in calendar and "BEGIN:VTIMEZONE" in calendar

    with pytest.raises(ValidationError, match=".docx"):
        meetings.export("agenda", meeting_id, tmp_path / "tagesordnung.pdf")


def test_cli_lists_meetings_and_exports(db_url, context, tmp_path, capsys):
    meetings = MeetingService(context.session_factory, context.actors)
    areas = context.areas
    meeting_id = meetings.save(
        MeetingData(
            title="Regionales Sozialforum",
            meeting_type="Regionales Sozialforum",
            level="sozialregion",
            sozialregion_id=areas.regions()[1].id,
            meeting_date=date(2026, 5, 4),
        )
    )
    assert main(["--db", db_url, "meetings", "list"]) == 0
    assert f"{meeting_id}: 04.05.2026 – Regionales Sozialforum – Regionales Sozialforum" in capsys.readouterr().out
    assert main(["--db", db_url, "export", "agenda", str(meeting_id), str(tmp_path / "to.docx")]) == 0
    assert (tmp_path / "to.docx").exists()
    assert main(["--db", db_url, "export", "invitations", str(meeting_id), str(tmp_path / "e.docx")]) == 1
    assert "noch niemand eingeladen" in capsys.readouterr().err
    assert not (tmp_path / "e.docx").exists()
    assert main(["--db", db_url, "export", "tasks", str(tmp_path / "aufgaben.xlsx"), "--open"]) == 0
    assert "0 Aufgaben exportiert" in capsys.readouterr().out
    assert main(["--db", db_url, "export", "minutes", "77", str(tmp_path / "p.docx")]) == 1


def test_sozialraum_filter_for_a_network_member_organisation(context, meetings, world):
    """Network membership through the organisation counts, and removal from the list works."""
    meeting_id = plan(meetings, world)
    meetings.invite(meeting_id, [world["meyer"], world["lang"]])
    meetings.uninvite(meeting_id, [world["meyer"]])
    assert [r.person.last_name for r in meetings.invitees(meeting_id)] == ["Lang"]
    with context.session_factory() as s:
        assert s.scalar(select(Network.name)) == "AK Frühe Hilfen Bovenden"


@pytest.mark.parametrize(
    ("title", "new_date", "expected"),
    [
        ("Sozialforum Bovenden – Frühjahr 2027", date(2026, 9, 10), "Sozialforum Bovenden – Herbst 2026"),
        ("Sozialforum – Herbst 2026", date(2027, 4, 15), "Sozialforum – Frühjahr 2027"),
        ("Sozialforum – Frühling 2026", date(2026, 5, 31), "Sozialforum – Frühling 2026"),
        ("Sozialforum – Sommer 2026", date(2026, 12, 3), "Sozialforum – Winter 2026"),
        ("Sozialforum – Herbst 2026", date(2027, 2, 10), "Sozialforum – Winter 2026"),  # the year of its December
        ("Sozialforum – Winter 2026/27", date(2027, 12, 2), "Sozialforum – Winter 2027/28"),
        ("Sozialforum – Winter", date(2026, 6, 1), "Sozialforum – Sommer"),
        ("Sozialraumkonferenz – März 2027", date(2027, 6, 11), "Sozialraumkonferenz – Juni 2027"),
        ("Sozialraumkonferenz Bovenden – März", date(2026, 9, 3), "Sozialraumkonferenz Bovenden – September"),
        ("Lenkungsgruppe 1. Quartal 2027", date(2027, 8, 1), "Lenkungsgruppe 3. Quartal 2027"),
        ("Lenkungsgruppe Q4/2026", date(2027, 1, 20), "Lenkungsgruppe Q1/2027"),
        ("Jahresplanung 2. Halbjahr 2026", date(2027, 2, 1), "Jahresplanung 1. Halbjahr 2027"),
        ("Sozialraumbudget 2026", date(2027, 3, 4), "Sozialraumbudget 2027"),
        ("3. Sozialraumkonferenz Bovenden", date(2027, 3, 4), "4. Sozialraumkonferenz Bovenden"),  # the next one
        ("9. Regionales Sozialforum – Herbst 2026", date(2027, 4, 1), "10. Regionales Sozialforum – Frühjahr 2027"),
        ("1. Quartal 2027: Lenkungsgruppe", date(2027, 8, 1), "1. Quartal 2027: Lenkungsgruppe"),
        ("Runder Tisch am 12.03.2026", date(2027, 3, 4), "Runder Tisch am 12.03.2026"),  # a full date is not a year
        ("Dienstbesprechung Kaimai", date(2027, 3, 4), "Dienstbesprechung Kaimai"),  # only whole words
    ],
)
def test_follow_up_title_follows_the_new_date(title, new_date, expected):
    assert follow_up_title(title, new_date) == expected


def test_follow_up_meeting_gets_the_title_of_its_date(meetings, world):
    meeting_id = plan(meetings, world)
    data = meetings.get(meeting_id)
    data.title = "Sozialforum Bovenden – Frühjahr 2026"
    meetings.save(data)
    proposed = meetings.copy_from(meeting_id, date(2026, 9, 17))
    assert meetings.get(proposed).title == "Sozialforum Bovenden – Herbst 2026"
    chosen = meetings.copy_from(meeting_id, date(2026, 9, 17), "  Sozialforum Bovenden – Sondersitzung ")
    assert meetings.get(chosen).title == "Sozialforum Bovenden – Sondersitzung"


def test_a_removed_decision_comes_back_at_its_place(meetings, world):
    meeting_id = plan(meetings, world)
    item = meetings.save_item(meeting_id, "Sozialraumbudget", duration_minutes=30)
    for text in ("Erster Beschluss", "Zweiter Beschluss", "Dritter Beschluss"):
        meetings.add_decision(item, text)
    second = meetings.agenda(meeting_id)[0].decisions[1]
    removed = meetings.delete_decision(second.id)
    assert [d.text for d in meetings.agenda(meeting_id)[0].decisions] == ["Erster Beschluss", "Dritter Beschluss"]
    meetings.restore_decision(removed)
    assert [d.text for d in meetings.agenda(meeting_id)[0].decisions] == [
        "Erster Beschluss",
        "Zweiter Beschluss",
        "Dritter Beschluss",
    ]
    assert meetings.delete_decision(second.id) is None  # already gone: nothing to undo


def test_task_due_dates_count_from_the_meeting(meetings, world):
    meeting_id = plan(meetings, world)  # 12.03.2026, "today" is 01.03.2026
    assert meetings.default_due_on(meeting_id) == date(2026, 3, 26)
    assert meetings.default_due_on(None) == TODAY + timedelta(days=14)
    with pytest.raises(ValidationError) as error:
        meetings.save_task(
            TaskData(
                "Antrag weiterleiten",
                assignee_person_id=world["schulz"],
                due_on=date(2026, 3, 11),
                meeting_id=meeting_id,
            )
        )
    assert "vor der Sitzung am 12.03.2026" in error.value.fields["due_on"]
    meetings.save_task(
        TaskData(
            "Antrag weiterleiten", assignee_person_id=world["schulz"], due_on=date(2026, 3, 12), meeting_id=meeting_id
        )
    )
    next_id = meetings.copy_from(meeting_id, date(2026, 6, 11))
    assert meetings.default_due_on(meeting_id) == date(2026, 6, 11)  # by the next meeting of the series
    assert meetings.default_due_on(next_id) == date(2026, 6, 25)


def test_a_task_is_not_done_in_the_future(meetings, world):
    task_id = meetings.save_task(TaskData("Flyer drucken", assignee_person_id=world["schulz"]))
    with pytest.raises(ValidationError, match="in der Zukunft"):
        meetings.set_task_done(task_id, done_on=TODAY + timedelta(days=1))
    meetings.set_task_done(task_id, done_on=TODAY)
    assert meetings.tasks()[0].done_on == TODAY
