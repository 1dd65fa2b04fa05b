"""The retention review: persons with no activity and no valid consent for longer than the period are listed with
the reason; any sign of activity or a valid consent keeps them off the list; "weiter aufbewahren" restarts it."""

from datetime import date

import pytest
from sqlalchemy import select

from sozialkoordination.__main__ import main
from sozialkoordination.actors.service import ConsentData, OrganisationData, PersonData
from sozialkoordination.core.errors import ValidationError
from sozialkoordination.meetings.dto import MeetingData, TaskData
from sozialkoordination.models import AuditEntry, Person
from sozialkoordination.networks.dto import NetworkData
from sozialkoordination.privacy.service import PrivacyService, months_before

TODAY = date(2026, 11, 25)
LONG_AGO = date(2023, 5, 1)  # more than 24 months before TODAY
RECENT = date(2026, 2, 1)


def test_months_before_keeps_the_day_where_it_can():
    assert months_before(date(2026, 11, 25), 24) == date(2024, 11, 25)
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2024, 3, 31), 1) == date(2024, 2, 29)
    assert months_before(date(2026, 1, 15), 13) == date(2024, 12, 15)


@pytest.fixture
def privacy(context):
    return PrivacyService(context.session_factory, today=lambda: TODAY)


def _person(context, last, activity=LONG_AGO, consents=()):
    person = context.actors.save_person(PersonData(last_name=last, first_name="Kim", consents=list(consents)))
    with context.session_factory.begin() as s:  # as if entered long ago: only the recorded activity speaks
        s.get(Person, person).last_activity_on = activity
        s.query(AuditEntry).filter(AuditEntry.entity == "person", AuditEntry.entity_id == person).delete()
    return person


def test_due_are_only_persons_without_activity_and_without_valid_consent(context, privacy):
    org = context.actors.save_organisation(OrganisationData(name="Familienzentrum Regenbogen"))
    due = _person(context, "Alt")
    ended = ConsentData("Einladungen", date(2020, 1, 1), withdrawn_on=date(2022, 6, 30))
    withdrawn = _person(context, "Widerrufen", activity=date(2021, 1, 1), consents=[ended])
    _person(context, "Eingewilligt", consents=[ConsentData("Einladungen", date(2020, 1, 1))])
    _person(context, "Kürzlich", activity=RECENT)
    attended = _person(context, "Teilnehmerin")
    tasked = _person(context, "Aufgabe")
    member = _person(context, "Mitglied")
    meeting = context.meetings.save(MeetingData(title="Sozialforum", meeting_date=RECENT, level="landkreis"))
    context.meetings.set_attendance(meeting, attended, True)
    context.meetings.save_task(TaskData("Bericht schreiben", assignee_person_id=tasked, due_on=RECENT))
    network = context.networks.save(NetworkData(name="AK", level="landkreis"))
    context.networks.add_members(network, person_ids=[member], valid_from=LONG_AGO)  # lasting: active today
    context.networks.add_members(network, organisation_ids=[org])
    with context.session_factory.begin() as s:  # the audit entries of these set-ups are no edits of the persons
        s.query(AuditEntry).filter(AuditEntry.entity == "person").delete()

    rows = privacy.due_for_review()
    assert [r.person_id for r in rows] == [withdrawn, due]  # the longest quiet first
    assert (
        rows[1].reason == "seit 01.05.2023 keine Aktivität (zuletzt: vermerkte Aktivität); keine Einwilligung erfasst"
    )
    assert rows[0].last_activity == date(2022, 6, 30) and rows[0].activity == "Einwilligung"
    assert "„Einladungen“ widerrufen am 30.06.2022" in rows[0].reason

    privacy.set_retention_months(60)  # a longer period: nobody is due
    assert privacy.due_for_review() == []


def test_an_edit_of_the_record_counts_as_activity(context, privacy):
    person = _person(context, "Bearbeitet")
    assert [r.person_id for r in privacy.due_for_review()] == [person]
    data = context.actors.get_person(person)
    data.function = "Kassenwart*in"
    context.actors.save_person(data)
    assert privacy.due_for_review() == []


def test_keeping_restarts_the_period_with_an_audit_entry(context, privacy):
    person = _person(context, "Behalten")
    assert privacy.keep([person]) == 1
    assert privacy.due_for_review() == []
    with context.session_factory() as s:
        assert s.get(Person, person).last_activity_on == TODAY
        entry = s.scalar(
            select(AuditEntry).where(AuditEntry.entity == "person", AuditEntry.field == "last_activity_on")
        )
        assert (entry.old_value, entry.new_value) == ("2023-05-01", "2026-11-25")


def test_the_period_is_stored_with_the_data_and_checked(context, privacy):
    assert privacy.retention_months() == 24
    privacy.set_retention_months(36)
    assert PrivacyService(context.session_factory).retention_months() == 36
    for wrong in (0, 241, -3):
        with pytest.raises(ValidationError):
            privacy.set_retention_months(wrong)
    assert privacy.retention_months() == 36


def test_command_line_review_and_erase(context, capsys, monkeypatch):
    person = _person(context, "Quaggelmeier", activity=date(2019, 1, 1))
    context.close()
    assert main(["--db", context.db_url, "privacy", "review"]) == 0
    out = capsys.readouterr().out
    assert f"{person}: Kim Quaggelmeier – seit 01.01.2019 keine Aktivität" in out
    assert "1 Person ist zu prüfen (Frist: 24 Monate)" in out
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda _prompt: "n")
    assert main(["--db", context.db_url, "privacy", "erase", "Kim Quaggelmeier"]) == 0
    assert "Nicht gelöscht." in capsys.readouterr().out
    monkeypatch.setattr("builtins.input", lambda _prompt: "j")
    assert main(["--db", context.db_url, "privacy", "erase", str(person)]) == 0
    assert f"Person Nr. {person} gelöscht" in capsys.readouterr().out
    assert main(["--db", context.db_url, "privacy", "review"]) == 0
    assert "Keine Person ist zu prüfen" in capsys.readouterr().out
    assert main(["--db", context.db_url, "privacy", "erase", str(person), "--ja"]) == 1
    assert "gibt es nicht" in capsys.readouterr().err


def test_command_line_erase_without_a_terminal_needs_ja(context, capsys):
    _person(context, "Quaggelmeier")
    context.close()
    assert main(["--db", context.db_url, "privacy", "erase", "Quaggelmeier"]) == 1
    assert "nur mit --ja" in capsys.readouterr().err


def test_command_line_report(context, tmp_path, capsys):
    person = _person(context, "Quaggelmeier")
    context.close()
    assert main(["--db", context.db_url, "privacy", "report", str(person), str(tmp_path / "a.docx")]) == 0
    assert (tmp_path / "a.docx").exists() and (tmp_path / "a.json").exists()
    assert "Auskunft geschrieben" in capsys.readouterr().out
