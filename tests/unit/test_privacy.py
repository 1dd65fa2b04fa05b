"""Erasure (Art. 17 DSGVO): after deleting a person, no table, index, log or byte of the file holds their name or
e-mail; attendance counts stay right; the erasure itself is recorded without personal data."""

from datetime import date

import pytest
from sqlalchemy import select

from sozialkoordination.config import sqlite_file
from sozialkoordination.models import Attendance, AuditEntry, Meeting
from sozialkoordination.services.actors import PERSONS, ActorFilter, AffiliationData, OrganisationData, PersonData
from sozialkoordination.services.errors import NotFoundError

NAME, EMAIL = "Xaverine Quaggelmeier", "xaverine.quaggelmeier@privat.example"


def test_an_erased_person_is_gone_from_every_byte(context):
    org = context.actors.save_organisation(OrganisationData(name="Familienzentrum Regenbogen"))
    first, last = NAME.split()
    person = context.actors.save_person(
        PersonData(first_name=first, last_name=last, email=EMAIL, phone="0551 999999",
                   notes="Ansprechpartnerin seit 2020", affiliations=[AffiliationData(org)])
    )  # fmt: skip
    data = context.actors.get_person(person)
    data.notes = "Ansprechpartnerin, Quaggelmeier-Projekt"  # an update: the audit log holds old and new values
    context.actors.save_person(data)
    with context.session_factory.begin() as s:
        meeting = Meeting(meeting_type="Arbeitskreis", title="AK", level="landkreis", meeting_date=date(2026, 3, 1))
        s.add(meeting)
        s.flush()
        s.add(Attendance(meeting_id=meeting.id, person_id=person, present=True))
        meeting_id = meeting.id
    assert context.search.search("quaggel")  # found before
    path = sqlite_file(context.db_url)
    before = b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists())
    assert b"Quaggelmeier" in before  # so the check below can fail

    context.privacy.erase_person(person)

    assert context.actors.count(ActorFilter(kind=PERSONS)) == 0
    assert context.search.search("quaggel") == [] and context.search.search("xaverine") == []
    with context.session_factory() as s:
        kept = s.scalars(select(Attendance).where(Attendance.meeting_id == meeting_id)).all()
        assert [(a.person_id, a.present) for a in kept] == [(None, True)]  # the count stays right
        erase = s.scalar(select(AuditEntry).where(AuditEntry.action == "erase"))
        assert erase.new_value == "Löschung nach Art. 17 DSGVO"
    assert [r.person for r in context.meetings.attendance(meeting_id)] == [None]
    context.close()
    for candidate in (path, path.with_name(path.name + "-wal")):
        if candidate.exists():
            content = candidate.read_bytes()
            for secret in ("Quaggelmeier", "quaggelmeier", "Xaverine", "xaverine", "0551 999999"):
                assert secret.encode() not in content, (candidate.name, secret)


def test_erasing_someone_unknown_says_so(context):
    with pytest.raises(NotFoundError):
        context.privacy.erase_person(4711)
