"""Consents are respected: validity on a day, invitation filters, and exports of contact data (list, network
member list, command line) that leave out persons without consent to passing on when asked."""

import csv
from datetime import date, timedelta

import docx
import openpyxl
import pytest
from sqlalchemy import select

from sozialkoordination.__main__ import main
from sozialkoordination.actors.service import (
    PERSONS,
    ActorFilter,
    AffiliationData,
    ConsentData,
    OrganisationData,
    PersonData,
    SortOrder,
)
from sozialkoordination.consents.service import consent_state, has_valid_consent, is_valid_on
from sozialkoordination.core.enums import ConsentPurpose
from sozialkoordination.meetings.dto import InviteeFilter, MeetingData
from sozialkoordination.meetings.service import MeetingService
from sozialkoordination.networks.dto import NetworkData
from sozialkoordination.networks.service import NetworkService

TODAY = date.today()
YESTERDAY, TOMORROW = TODAY - timedelta(days=1), TODAY + timedelta(days=1)
GIVEN = date(2024, 1, 1)


@pytest.mark.parametrize(
    ("consent", "valid", "state"),
    [
        (ConsentData(ConsentPurpose.INVITATIONS, date(2024, 1, 1)), True, "gültig"),
        (ConsentData(ConsentPurpose.INVITATIONS), True, "gültig"),  # recorded without a date: still given
        (
            ConsentData(ConsentPurpose.INVITATIONS, date(2024, 1, 1), expires_on=TODAY),
            True,
            "gültig",
        ),  # the last day counts
        (ConsentData(ConsentPurpose.INVITATIONS, date(2024, 1, 1), expires_on=YESTERDAY), False, "abgelaufen am"),
        (ConsentData(ConsentPurpose.INVITATIONS, date(2024, 1, 1), withdrawn_on=TODAY), False, "widerrufen am"),
        (ConsentData(ConsentPurpose.INVITATIONS, date(2024, 1, 1), withdrawn_on=TOMORROW), True, "gültig"),
        (ConsentData(ConsentPurpose.INVITATIONS, TOMORROW), False, "gilt ab"),
    ],
)
def test_validity_on_a_day(consent, valid, state):
    assert is_valid_on(consent, TODAY) is valid
    assert consent_state(consent, TODAY).startswith(state)
    assert has_valid_consent([consent], "einladungen", TODAY) is valid  # the purpose regardless of case
    assert has_valid_consent([consent], ConsentPurpose.PASSING_ON, TODAY) is False


@pytest.fixture
def people(context):
    raum = context.areas.find_sozialraum("Bovenden").id
    org = context.actors.save_organisation(OrganisationData(name="Familienzentrum Regenbogen", sozialraum_id=raum))

    def person(last, *consents):
        return context.actors.save_person(
            PersonData(
                first_name="Kim",
                last_name=last,
                email=f"{last.lower()}@example.org",
                phone="0551 12345",
                affiliations=[AffiliationData(org)],
                consents=list(consents),
            )
        )

    return {
        "org": org,
        "raum": raum,
        "alle": person(
            "Allerlei", ConsentData(ConsentPurpose.INVITATIONS, GIVEN), ConsentData(ConsentPurpose.PASSING_ON, GIVEN)
        ),
        "einladung": person("Einlader", ConsentData(ConsentPurpose.INVITATIONS, date(2024, 1, 1))),
        "widerrufen": person(
            "Widerruf",
            ConsentData(ConsentPurpose.INVITATIONS, date(2024, 1, 1), withdrawn_on=YESTERDAY),
            ConsentData(ConsentPurpose.PASSING_ON, date(2024, 1, 1), expires_on=YESTERDAY),
        ),
        "keine": person("Ohnefrage"),
    }


def test_invitation_filters_mark_persons_without_consent(context, people):
    meetings = context.meetings
    meeting = meetings.save(
        MeetingData(title="Sozialraumkonferenz", meeting_date=date(2026, 5, 1), sozialraum_id=people["raum"])
    )
    rows = {
        r.person.last_name: r.consent for r in meetings.candidates(meeting, InviteeFilter(sozialraum_id=people["raum"]))
    }
    assert rows == {"Allerlei": True, "Einlader": True, "Widerruf": False, "Ohnefrage": False}
    # The coordinator may still invite someone by hand; the list says who lacks a consent.
    meetings.invite(meeting, [people["alle"], people["keine"]])
    assert {r.person.last_name: r.consent for r in meetings.invitees(meeting)} == {"Allerlei": True, "Ohnefrage": False}
    assert meetings.without_invitation_consent([people["alle"], people["keine"]]) == [people["keine"]]


def test_invitations_name_the_invitees_without_consent(context, people, tmp_path):
    meetings = MeetingService(context.session_factory, context.actors, today=lambda: TODAY)
    meeting = meetings.save(
        MeetingData(title="AK Frühe Hilfen", meeting_date=TODAY + timedelta(days=30), sozialraum_id=people["raum"])
    )
    meetings.invite(meeting, [people["alle"], people["keine"], people["widerrufen"]])
    line = meetings.export("emails", meeting, tmp_path)  # they have e-mail addresses, no postal ones
    assert line.startswith("3 E-Mail-Entwürfe geschrieben")
    assert "Hinweis: 2 davon ohne gültige Einwilligung für Einladungen." in line


def test_the_actor_export_leaves_out_persons_without_consent_to_passing_on(context, people, tmp_path):
    flt = ActorFilter(kind=PERSONS)
    assert context.actors.count_without_consent(flt) == 3
    assert context.actors.count_without_consent(ActorFilter()) == 0  # organisations need none
    out = tmp_path / "personen.xlsx"
    keys = ["last_name", "email", "phone"]
    assert (
        context.actors.export(ActorFilter(kind=PERSONS, consent=ConsentPurpose.PASSING_ON), SortOrder(), keys, out) == 1
    )
    sheet = openpyxl.load_workbook(out).active
    assert [row for row in sheet.iter_rows(values_only=True)] == [
        ("Nachname", "E-Mail", "Telefon"),
        ("Allerlei", "allerlei@example.org", "0551 12345"),
    ]


def test_network_member_lists_leave_out_persons_without_consent(context, people, tmp_path):
    networks = NetworkService(context.session_factory)
    network = networks.save(NetworkData(name="AK Frühe Hilfen", level="landkreis"))
    networks.add_members(
        network, organisation_ids=[people["org"]], person_ids=[people["alle"], people["einladung"], people["keine"]]
    )
    assert networks.members_without_consent(network) == (2, 4)
    out = tmp_path / "mitglieder.docx"
    assert networks.export_members(network, out, only_with_consent=True) == 2
    names = [row.cells[0].text for row in docx.Document(out).tables[-1].rows][1:]
    assert names == ["Familienzentrum Regenbogen", "Kim Allerlei"]
    csv_out = tmp_path / "mitglieder.csv"
    assert networks.export_members(network, csv_out) == 4  # without the flag: everyone, as before
    assert "Ohnefrage" in csv_out.read_text(encoding="utf-8-sig")


def test_command_line_warns_and_leaves_out_on_request(context, people, tmp_path, capsys):
    out = tmp_path / "personen.csv"
    context.close()
    assert main(["--db", context.db_url, "export", "actors", str(out), "--persons"]) == 0
    captured = capsys.readouterr()
    assert "4 Personen exportiert" in captured.out
    assert "Warnung: 3 der exportierten Personen haben keine gültige Einwilligung" in captured.err
    assert main(["--db", context.db_url, "export", "actors", str(out), "--persons", "--nur-mit-einwilligung"]) == 0
    captured = capsys.readouterr()
    assert "1 Personen (ohne die 3 ohne gültige Einwilligung" in captured.out and captured.err == ""
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert [r[0] for r in rows] == ["Nachname", "Allerlei"]


def test_the_person_list_shows_only_consents_that_hold_today(context, people):
    from sozialkoordination.actors.service import COLUMNS

    position = [c.key for c in COLUMNS[PERSONS]].index("consents")
    shown = {r.values[0]: r.values[position] for r in context.actors.rows(ActorFilter(kind=PERSONS))}
    assert shown == {
        "Allerlei": f"{ConsentPurpose.INVITATIONS}, {ConsentPurpose.PASSING_ON}",
        "Einlader": ConsentPurpose.INVITATIONS,
        "Widerruf": None,  # withdrawn yesterday, and the other expired
        "Ohnefrage": None,
    }


def test_an_import_records_the_consents_of_the_partner_list(context, tmp_path):
    from sozialkoordination.actor_import.rules import consent_from_cell, suggest_mapping
    from sozialkoordination.actor_import.service import Decision
    from sozialkoordination.models import Consent

    assert suggest_mapping(["Name", "Vorname", "Einwilligung DSGVO"])[2] == "consent"
    assert consent_from_cell("ja") == (True, None) and consent_from_cell("X") == (True, None)
    assert consent_from_cell("12.03.2025") == (True, date(2025, 3, 12))
    assert consent_from_cell("nein") == (False, None) and consent_from_cell(None) == (False, None)

    path = tmp_path / "ehrenamt.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Nachname", "Vorname", "E-Mail", "Einwilligung"])
    for row in (
        ["Allerlei", "Kim", "k@a.example", "ja"],
        ["Datum", "Alex", "a@d.example", date(2025, 3, 12)],
        ["Ohnefrage", "Sam", "s@o.example", "nein"],
        ["Leer", "Jo", "j@l.example", None],
    ):
        wb.active.append(row)
    wb.save(path)
    service = context.actor_import
    data = service.read(path)
    header = service.detect_header(data)
    mapping = service.suggest_mapping(data.rows[header], "Freiwilligenagentur")
    assert mapping[3] == "consent"
    plan = service.prepare(path, data, header, mapping, source="Freiwilligenagentur")
    result = service.run(plan, default=Decision("create"))
    with context.session_factory() as s:
        consents = {c.person.last_name: (c.purpose, c.given_on, c.source) for c in s.scalars(select(Consent))}
    today = date.today()
    assert consents == {
        # "ja" gives no date: the day of the import, and the source says so
        "Allerlei": (
            ConsentPurpose.INVITATIONS,
            today,
            "Import von Freiwilligenagentur (Datum des Imports – die Liste nennt kein Datum)",
        ),
        "Datum": (ConsentPurpose.INVITATIONS, date(2025, 3, 12), "Import von Freiwilligenagentur (Datum laut Liste)"),
    }
    flt = ActorFilter(kind=PERSONS, consent=ConsentPurpose.INVITATIONS)
    assert context.actors.count(flt) == 2
    # The Auskunft names where the date comes from.
    import docx

    allerlei = context.actors.rows(ActorFilter(kind=PERSONS, text="Allerlei"))[0].id
    docx_path, _json = context.privacy.write_report(allerlei, tmp_path / "Auskunft.docx")
    cells = {c.text for t in docx.Document(docx_path).tables for row in t.rows for c in row.cells}
    assert "Import von Freiwilligenagentur (Datum des Imports – die Liste nennt kein Datum)" in cells
    assert today.strftime("%d.%m.%Y") in cells
    service.undo(result.batch_id)  # the consents go with their persons
    with context.session_factory() as s:
        assert s.scalars(select(Consent)).all() == []
