"""Erasure (Art. 17 DSGVO): after deleting a person, no table, index, log or byte of the file holds their name or
e-mail; attendance counts stay right; the erasure itself is recorded without personal data."""

from datetime import date

import pytest
from sqlalchemy import select

from sozialkoordination.actors.service import (
    PERSONS,
    ActorFilter,
    AffiliationData,
    ConsentData,
    OrganisationData,
    PersonData,
)
from sozialkoordination.config import sqlite_file
from sozialkoordination.core.errors import NotFoundError
from sozialkoordination.models import Attendance, AuditEntry, Meeting, Task
from sozialkoordination.offers.service import AngebotData
from tests.dbutil import dump

NAME, EMAIL = "Xaverine Quaggelmeier", "xaverine.quaggelmeier@privat.example"


def test_an_erased_person_is_gone_from_every_byte(context):
    org = context.actors.save_organisation(OrganisationData(name="Familienzentrum Regenbogen"))
    first, last = NAME.split()
    person = context.actors.save_person(
        PersonData(
            first_name=first,
            last_name=last,
            email=EMAIL,
            phone="0551 999999",
            notes="Ansprechpartnerin seit 2020",
            affiliations=[AffiliationData(org)],
        )
    )
    data = context.actors.get_person(person)
    data.notes = "Ansprechpartnerin, Quaggelmeier-Projekt"  # an update: the audit log holds old and new values
    context.actors.save_person(data)
    with context.session_factory.begin() as s:
        meeting = Meeting(
            meeting_type="Arbeitskreis",
            title="AK",
            level="landkreis",
            meeting_date=date(2026, 3, 1),
            notes=f"Vorbereitung mit Frau {last}",
        )
        s.add(meeting)
        s.flush()
        s.add(Attendance(meeting_id=meeting.id, person_id=person, present=True))
        s.add(Task(description=f"{NAME} schickt die Liste", status="offen"))  # mentions live in search texts too
        meeting_id = meeting.id
    assert context.search.search("quaggel")  # found before
    assert any("Quaggelmeier" in str(row) for row in dump(context.engine))  # so the checks below can fail
    path = sqlite_file(context.db_url)
    if path is not None:
        before = b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists())
        assert b"Quaggelmeier" in before

    context.privacy.erase_person(person)

    assert context.actors.count(ActorFilter(kind=PERSONS)) == 0
    assert context.search.search("quaggel") == [] and context.search.search("xaverine") == []
    with context.session_factory() as s:
        kept = s.scalars(select(Attendance).where(Attendance.meeting_id == meeting_id)).all()
        assert [(a.person_id, a.present) for a in kept] == [(None, True)]  # the count stays right
        erase = s.scalar(select(AuditEntry).where(AuditEntry.action == "erase"))
        assert erase.new_value == "Löschung nach Art. 17 DSGVO"
    assert [r.person for r in context.meetings.attendance(meeting_id)] == [None]
    secrets = ("Quaggelmeier", "quaggelmeier", "Xaverine", "xaverine", "0551 999999")
    rows = [str(row) for row in dump(context.engine)]  # every table, the audit log included
    assert not [(row, secret) for row in rows for secret in secrets if secret in row]
    context.close()
    if path is None:
        return  # a server has no file of ours to scrub: its rows and index entries are what we control
    for candidate in (path, path.with_name(path.name + "-wal")):
        if candidate.exists():
            content = candidate.read_bytes()
            for secret in ("Quaggelmeier", "quaggelmeier", "Xaverine", "xaverine", "0551 999999"):
                assert secret.encode() not in content, (candidate.name, secret)


def test_erasing_someone_unknown_says_so(context):
    with pytest.raises(NotFoundError):
        context.privacy.erase_person(4711)


# -- Auskunft (Art. 15) ---------------------------------------------------------------------------------------------
@pytest.fixture
def busy_person(context):
    """A person with something in every corner of the database."""
    from sozialkoordination.meetings.dto import MeetingData, TaskData
    from sozialkoordination.networks.dto import NetworkData
    from sozialkoordination.volunteering.service import OfferData, VolunteerData

    org = context.actors.save_organisation(OrganisationData(name="Familienzentrum Regenbogen"))
    first, last = NAME.split()
    person = context.actors.save_person(
        PersonData(
            first_name=first,
            last_name=last,
            email=EMAIL,
            phone="0551 999999",
            themes=["Frühe Hilfen"],
            affiliations=[AffiliationData(org, role="Leitung")],
            consents=[
                ConsentData("Einladungen", date(2024, 2, 1), "schriftlich"),
                ConsentData("Fotos", date(2024, 2, 1), "mündlich", withdrawn_on=date(2025, 1, 5)),
            ],
        )
    )
    data = context.actors.get_person(person)
    data.phone = "0551 123456"
    context.actors.save_person(data)
    network = context.networks.save(NetworkData(name="AK Frühe Hilfen", level="landkreis"))
    context.networks.add_members(network, person_ids=[person], role="Sprecher*in", valid_from=date(2024, 3, 1))
    meeting = context.meetings.save(
        MeetingData(title="Sozialforum März", meeting_date=date(2026, 3, 12), level="landkreis", chair_person_id=person)
    )
    context.meetings.invite(meeting, [person])
    context.meetings.set_attendance(meeting, person, True)
    context.meetings.save_item(
        meeting, "Bericht aus dem Familienzentrum", presenter=NAME, minutes=f"{NAME} berichtet über die Elternkurse."
    )
    context.meetings.save_task(
        TaskData("Elternkurs planen", assignee_person_id=person, due_on=date(2026, 4, 30), meeting_id=meeting)
    )
    volunteer = context.volunteering.save_volunteer(
        VolunteerData(person_id=person, skills="Vorlesen", interests=["Lesen"], availability=[(2, "abends")])
    )
    offer = context.volunteering.save_offer(
        OfferData(title="Lesepatenschaft", organisation_id=org, weekday=2, part_of_day="abends")
    )
    context.volunteering.request(volunteer, offer)
    return person


def test_the_auskunft_holds_everything_about_the_person_in_word_and_json(context, busy_person, tmp_path):
    import json

    import docx
    from docx.oxml.ns import qn

    from sozialkoordination.drafts.service import PERSON_FORM, draft_key

    context.drafts.save(draft_key(PERSON_FORM, busy_person), {"notes": "Entwurf: neue Rufnummer folgt"})
    docx_path, json_path = context.privacy.write_report(busy_person, tmp_path / "Auskunft.docx")
    assert json_path == tmp_path / "Auskunft.json"

    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["person"]["nachname"] == "Quaggelmeier" and data["person"]["email"] == EMAIL
    assert data["person"]["themen"] == "Frühe Hilfen"
    assert data["zugehoerigkeiten"] == [
        {
            "organisation": "Familienzentrum Regenbogen",
            "rolle": "Leitung",
            "hauptorganisation": True,
            "von": None,
            "bis": None,
        }
    ]
    assert [(c["zweck"], c["stand"]) for c in data["einwilligungen"]] == [
        ("Einladungen", "gültig"),
        ("Fotos", "widerrufen am 05.01.2025"),
    ]
    assert data["netzwerke"][0] == {
        "netzwerk": "AK Frühe Hilfen",
        "rolle": "Sprecher*in",
        "von": "2024-03-01",
        "bis": None,
    }
    assert [i["sitzung"] for i in data["einladungen"]] == ["12.03.2026 Sozialforum März"]
    assert data["teilnahmen"][0]["anwesend"] is True
    assert data["sitzungsrollen"] == [{"sitzung": "12.03.2026 Sozialforum März", "aufgabe": "Leitung"}]
    assert data["aufgaben"][0]["aufgabe"] == "Elternkurs planen" and data["aufgaben"][0]["faellig_am"] == "2026-04-30"
    assert data["protokolle"][0]["top"] == "Bericht aus dem Familienzentrum"
    assert {"feld": "Fähigkeiten", "wert": "Vorlesen"} in data["ehrenamt"]
    assert {"feld": "Zeiten", "wert": "Mittwoch abends"} in data["ehrenamt"]
    assert data["vermittlungen"][0]["angebot"] == "Lesepatenschaft"
    changes = [(e["aktion"], e["feld"], e["vorher"], e["nachher"]) for e in data["aenderungsprotokoll"]]
    assert ("geändert", "Telefon", "0551 999999", "0551 123456") in changes
    assert data["entwurf"] == [{"feld": "Notizen", "wert": "Entwurf: neue Rufnummer folgt"}]

    text = "\n".join(p.text for p in docx.Document(docx_path).paragraphs)
    assert "Auskunft über gespeicherte Daten" in text and NAME in text
    cells = {c.text for t in docx.Document(docx_path).tables for row in t.rows for c in row.cells}
    assert {
        EMAIL,
        "Familienzentrum Regenbogen",
        "AK Frühe Hilfen",
        "Elternkurs planen",
        "Lesepatenschaft",
        "widerrufen am 05.01.2025",
        "0551 123456",
    } <= cells
    grids = [t for t in docx.Document(docx_path).tables if t.rows[0]._tr.trPr is not None]  # with a heading row
    rows = [row._tr for t in grids for row in t.rows]
    assert len(grids) > 5 and all(row.trPr.find(qn("w:cantSplit")) is not None for row in rows)  # never split


def test_the_auskunft_refuses_other_formats_and_unknown_persons(context, busy_person, tmp_path):
    from sozialkoordination.core.errors import ValidationError

    out = tmp_path / "aus"
    out.mkdir()
    with pytest.raises(ValidationError):
        context.privacy.write_report(busy_person, out / "auskunft.pdf")
    with pytest.raises(NotFoundError):
        context.privacy.write_report(4711, out / "auskunft.docx")
    assert list(out.iterdir()) == []


def test_a_person_is_found_by_number_or_unique_name(context, busy_person):
    from sozialkoordination.core.errors import DomainError

    assert context.privacy.find_person(str(busy_person)) == busy_person
    assert context.privacy.find_person("xaverine quaggelmeier") == busy_person
    context.actors.save_person(PersonData(first_name="Xaver", last_name="Quaggelmeier"))
    with pytest.raises(DomainError, match="passt auf mehrere Personen"):
        context.privacy.find_person("Quaggelmeier")
    with pytest.raises(NotFoundError):
        context.privacy.find_person("Niemand Sonst")


def test_after_erasure_no_export_contains_the_name_or_email(context, busy_person, tmp_path):
    """Every list that can hold a person: actors (xlsx and csv), tasks, network members, minutes, sign-in list."""
    import zipfile

    from sozialkoordination.actors.service import COLUMNS, SortOrder

    meeting = context.meetings.meetings()[0].id
    network = context.networks.network_choices()[0][0]
    context.privacy.erase_person(busy_person)
    keys = [c.key for c in COLUMNS[PERSONS]]
    files = []
    for suffix in (".xlsx", ".csv"):
        context.actors.export(ActorFilter(kind=PERSONS), SortOrder(), keys, tmp_path / f"personen{suffix}")
        context.meetings.export_tasks(tmp_path / f"aufgaben{suffix}")
        context.networks.export_members(network, tmp_path / f"mitglieder{suffix}")
        files += [tmp_path / f"personen{suffix}", tmp_path / f"aufgaben{suffix}", tmp_path / f"mitglieder{suffix}"]
    for kind, name in (
        ("minutes", "protokoll.docx"),
        ("minutes", "protokoll.xlsx"),
        ("signin", "liste.docx"),
        ("agenda", "tagesordnung.docx"),
    ):
        context.meetings.export(kind, meeting, tmp_path / name)
        files.append(tmp_path / name)
    for path in files:
        if path.suffix == ".csv":
            content = path.read_text(encoding="utf-8-sig")
        else:
            with zipfile.ZipFile(path) as archive:
                content = "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
        for secret in ("Quaggelmeier", "Xaverine", EMAIL, "0551 123456"):
            assert secret not in content, (path.name, secret)
    assert "Elternkurs planen" in (tmp_path / "aufgaben.csv").read_text(encoding="utf-8-sig")  # the task stays
    item = context.meetings.agenda(meeting)[0]  # mentions in free text are replaced, the text stays
    assert (item.presenter, item.minutes) == ("(Name gelöscht)", "(Name gelöscht) berichtet über die Elternkurse.")


@pytest.mark.sqlite_only("backups are copies of the SQLite file")
def test_erasing_several_persons_backs_up_first(context):
    from sozialkoordination.db.backup import list_backups

    ids = [context.actors.save_person(PersonData(last_name=n)) for n in ("Eins", "Zwei")]
    context.privacy.erase_persons(ids)
    assert [b.reason for b in list_backups(sqlite_file(context.db_url))].count("vor-loeschung") == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bericht von Xaverine Quaggelmeier", "Bericht von (Name gelöscht)"),
        ("Frau Dr. Quaggelmeier übernimmt", "(Name gelöscht) übernimmt"),
        ("Quaggelmeier, Xaverine (FZ)", "(Name gelöscht) (FZ)"),
        ("Dr. XAVERINE quaggelmeier lädt ein", "(Name gelöscht) lädt ein"),
        (f"Rückfragen an {EMAIL}", "Rückfragen an (Name gelöscht)"),
        ("Quaggelmeierweg 3 bleibt", "Quaggelmeierweg 3 bleibt"),  # a street named alike is not the person
        ("Rückruf unter 0551/47 11 815", "Rückruf unter (Name gelöscht)"),  # the phone number, however written
        ("Raum 0551 bleibt", "Raum 0551 bleibt"),
    ],
)
def test_mentions_of_an_erased_person_are_found_in_free_text(text, expected):
    from sozialkoordination.models import Person
    from sozialkoordination.privacy.mentions import ERASED_NAME, mention_pattern

    person = Person(first_name="Xaverine", last_name="Quaggelmeier", email=EMAIL, phone="0551 4711815")
    assert mention_pattern(person).sub(ERASED_NAME, text) == expected


# -- erasure reaches the change history of other records (issue 18, item 8) -------------------------------------
HEALTH_NOTE = "Diagnose: Diabetes Typ 2, braucht Pausen"
PHONE = "0551 4711815"


@pytest.fixture
def mentioned_everywhere(context):
    """A person whose name, e-mail and phone were typed into other records and edited there (so the change history
    of those records holds them), plus a volunteer profile with a health note edited twice."""
    from sozialkoordination.meetings.dto import MeetingData, TaskData
    from sozialkoordination.volunteering.service import VolunteerData

    first, last = NAME.split()
    org = context.actors.save_organisation(
        OrganisationData(name="Familienzentrum Regenbogen", notes=f"Kontakt: {NAME}, {PHONE}")
    )
    data = context.actors.get_organisation(org)
    data.notes = f"Kontakt: Frau {last} ({EMAIL})"
    context.actors.save_organisation(data)
    person = context.actors.save_person(
        PersonData(first_name=first, last_name=last, email=EMAIL, phone=PHONE, affiliations=[AffiliationData(org)])
    )
    colleague = context.actors.save_person(PersonData(first_name="Otto", last_name="Normal"))
    meeting = context.meetings.save(
        MeetingData(title="Sozialforum Mai", meeting_date=date(2026, 5, 12), level="landkreis")
    )
    context.meetings.invite(meeting, [person, colleague])
    invitation = next(i for i in context.meetings.invitees(meeting) if i.person_id == colleague)
    context.meetings.set_reply(invitation.invitation_id, "vertreten", f"Frau {last}")
    context.meetings.set_reply(invitation.invitation_id, "vertreten", f"Frau Dr. {last}")
    item = context.meetings.save_item(meeting, "Elternkurse", minutes=f"{NAME} berichtet.")
    context.meetings.save_minutes(item, f"{NAME} berichtet über die Elternkurse ({PHONE}).")
    decision = context.meetings.add_decision(item, f"Frau {last} übernimmt die Leitung.")
    context.meetings.update_decision(decision, f"Frau {last} übernimmt die Leitung ab Juni.")
    task = context.meetings.save_task(
        TaskData(f"Liste an {EMAIL} schicken", assignee_person_id=colleague, meeting_id=meeting, agenda_item_id=item)
    )
    changed = context.meetings.get_task(task)
    changed.description = f"Liste an {NAME} schicken"
    context.meetings.save_task(changed)
    volunteer = context.volunteering.save_volunteer(VolunteerData(person_id=person, notes=HEALTH_NOTE))
    profile = context.volunteering.get_volunteer(volunteer)
    profile.notes = HEALTH_NOTE + ", fährt kein Auto"
    context.volunteering.save_volunteer(profile)
    angebot = context.offers.save(
        AngebotData(name="Elterncafé", life_phases=["0-3"], organisation_id=org, contact=f"Frau {last}")
    )
    changed_offer = context.offers.get(angebot)
    changed_offer.contact = f"Frau {last}, {PHONE}"
    context.offers.save(changed_offer)
    return person


SECRETS = ("Quaggelmeier", "quaggelmeier", "Xaverine", EMAIL, PHONE, "Diabetes")


def test_erasure_scrubs_the_change_history_of_other_records(context, mentioned_everywhere):
    """Seen: 9 change-history entries of a task, TOP minutes, a decision, organisation notes, an invitation and the
    deleted volunteer profile kept the name, e-mail and a health note after the erasure."""
    from sozialkoordination.models import AuditEntry as Entry

    with context.session_factory() as s:
        values = [f"{e.old_value} {e.new_value}" for e in s.scalars(select(Entry))]
    assert any("Quaggelmeier" in v for v in values) and any("Diabetes" in v for v in values)  # so this can fail

    context.privacy.erase_person(mentioned_everywhere)

    rows = [str(row) for row in dump(context.engine)]
    assert not [(row, secret) for row in rows for secret in SECRETS if secret in row]
    with context.session_factory() as s:
        task_changes = [
            e.new_value for e in s.scalars(select(Entry).where(Entry.entity == "task", Entry.field == "description"))
        ]
    assert "Liste an (Name gelöscht) schicken" in task_changes  # the history stays readable, without the person
    contacts = [context.offers.get(row.id).contact for row in context.offers.list_rows()]
    assert contacts == ["(Name gelöscht), (Name gelöscht)"]


def test_the_auskunft_names_the_free_texts_that_mention_the_person(context, mentioned_everywhere, tmp_path):
    """Art. 15: the contact of an Angebot, a task and organisation notes name the person – the Auskunft lists them
    (seen: the Angebot's free-text contact was in neither the Auskunft nor the erasure)."""
    import json

    _docx, json_path = context.privacy.write_report(mentioned_everywhere, tmp_path / "Auskunft.docx")
    named = json.loads(json_path.read_text(encoding="utf-8"))["nennungen"]
    contact = f"Frau Quaggelmeier, {PHONE}"
    assert {"art": "Angebot", "datensatz": "Elterncafé", "feld": "Kontakt", "text": contact} in named
    assert {(row["art"], row["feld"]) for row in named} >= {("Aufgabe", "Beschreibung"), ("Organisation", "Notizen")}
    assert not [row for row in named if row["art"] == "Ehrenamtliche Person"]  # the own profile has its own table


@pytest.mark.sqlite_only("the raw bytes of the SQLite file and of a backup made afterwards")
def test_after_erasure_the_file_and_a_later_backup_hold_no_trace(context, mentioned_everywhere, tmp_path):
    from sozialkoordination.db.backup import backup_before

    path = sqlite_file(context.db_url)
    context.privacy.erase_person(mentioned_everywhere)
    copy = backup_before(context.engine, "nach-loeschung", tmp_path / "sicherungen")
    context.close()  # the app's driver lets go of the file before its bytes are read
    for candidate in (path, path.with_name(path.name + "-wal"), copy):
        content = candidate.read_bytes() if candidate.exists() else b""
        for secret in SECRETS:
            assert secret.encode() not in content, (candidate.name, secret)
