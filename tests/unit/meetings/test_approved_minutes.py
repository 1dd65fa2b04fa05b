"""Approved minutes are frozen (issue 18, item 9): each approval stores a Fassung that later deletions and erasures
never rewrite, the documents of approved minutes come from it, a change is a new Fassung with a reason; deleting a
person says first what it touches, and their open tasks keep a readable "Wer"."""

from datetime import date

import docx
import pytest
from sqlalchemy import update

from sozialkoordination.actors.service import AffiliationData, OrganisationData, PersonData
from sozialkoordination.core.errors import DomainError, ValidationError
from sozialkoordination.meetings.dto import DELETED_ASSIGNEE, MeetingData, TaskData
from sozialkoordination.models import Meeting

SURNAME = "Quaggelmeier"


@pytest.fixture
def approved(context):
    """A meeting with 11 present (one of them Frau Quaggelmeier), a TOP whose minutes and decision name her, two
    open tasks of hers; the minutes approved. Returns (meeting id, her person id, TOP id)."""
    org = context.actors.save_organisation(OrganisationData(name="Familienzentrum Regenbogen"))
    her = PersonData(
        salutation="Frau",
        first_name="Xaverine",
        last_name=SURNAME,
        email="xq@privat.example",
        affiliations=[AffiliationData(org)],
    )
    her = context.actors.save_person(her)
    others = [context.actors.save_person(PersonData(first_name="Gast", last_name=f"Teilnehmer{n}")) for n in range(10)]
    meeting = context.meetings.save(
        MeetingData(title="Sozialforum Mai", meeting_date=date(2026, 5, 12), level="landkreis", chair_person_id=her)
    )
    context.meetings.invite(meeting, [her, *others])
    for person in (her, *others):
        context.meetings.set_attendance(meeting, person, True)
    item = context.meetings.save_item(meeting, "Elternkurse", minutes=f"Frau {SURNAME} stellt das Projekt vor.")
    context.meetings.add_decision(item, f"Frau {SURNAME} leitet die Elternkurse.")
    for what in ("Raum buchen", "Flyer drucken"):
        context.meetings.save_task(TaskData(what, assignee_person_id=her, meeting_id=meeting, agenda_item_id=item))
    context.meetings.set_minutes_status(meeting, "genehmigt")
    return meeting, her, item


def minutes_text(context, meeting, tmp_path, name="protokoll.docx") -> str:
    context.meetings.export("minutes", meeting, tmp_path / name)
    document = docx.Document(tmp_path / name)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_deleting_a_person_does_not_rewrite_approved_minutes(context, approved, tmp_path):
    """Seen: the minutes said "(Name gelöscht) stellt …" and 10 instead of 11 present after the deletion."""
    meeting, her, item = approved
    context.privacy.erase_person(her)

    text = minutes_text(context, meeting, tmp_path)
    assert f"Frau {SURNAME} stellt das Projekt vor." in text and "(Name gelöscht)" not in text
    assert f"Frau {SURNAME} leitet die Elternkurse." in text
    present = next(line for line in text.split("\n") if "Teilnehmer0" in line)
    assert present.count(";") + 1 == 11 and f"Xaverine {SURNAME}" in present
    assert "Fassung 1, genehmigt am" in text
    # Outside the approved Fassung the erasure did its work: the live minutes and the task list hold no name.
    assert context.meetings.agenda(meeting)[0].minutes == "(Name gelöscht) stellt das Projekt vor."
    assert SURNAME not in str(context.meetings.tasks())


def test_approved_minutes_change_only_as_a_new_fassung_with_a_reason(context, approved, tmp_path):
    """Seen: approved minutes stayed editable."""
    meeting, _her, item = approved
    decision = context.meetings.agenda(meeting)[0].decisions[0].id
    for change in (
        lambda: context.meetings.save_minutes(item, "anders"),
        lambda: context.meetings.add_decision(item, "Noch ein Beschluss"),
        lambda: context.meetings.update_decision(decision, "anders"),
        lambda: context.meetings.delete_decision(decision),
        lambda: context.meetings.save_item(meeting, "Neuer TOP"),
        lambda: context.meetings.delete_item(item),
        lambda: context.meetings.set_minutes_status(meeting, "Entwurf"),
        lambda: context.meetings.add_walk_in(meeting, "Spät"),
    ):
        with pytest.raises(DomainError, match="Protokoll ist genehmigt"):
            change()
    assert context.meetings.agenda(meeting)[0].minutes == f"Frau {SURNAME} stellt das Projekt vor."
    with pytest.raises(ValidationError):
        context.meetings.new_fassung(meeting, "  ")

    context.meetings.new_fassung(meeting, "Tippfehler im Beschluss")
    context.meetings.update_decision(decision, f"Frau {SURNAME} leitet die Elternkurse ab Juni.")
    assert "Fassung" not in minutes_text(context, meeting, tmp_path, "entwurf.docx")  # a draft of Fassung 2 now
    context.meetings.set_minutes_status(meeting, "genehmigt")

    assert [(f.number, f.reason) for f in context.meetings.fassungen(meeting)] == [
        (1, None),
        (2, "Tippfehler im Beschluss"),
    ]
    text = minutes_text(context, meeting, tmp_path)
    assert "ab Juni" in text and "Fassung 2, genehmigt am" in text and "Tippfehler im Beschluss" in text


def test_minutes_approved_before_fassungen_were_stored_are_kept_at_an_erasure(context, approved, tmp_path):
    """A database upgraded from 0008 (or a Datenpaket) has approved minutes without a stored Fassung: the erasure
    stores it first, from the records as they were approved."""
    from sozialkoordination.models import MinutesVersion

    meeting, her, _item = approved
    with context.session_factory.begin() as s:
        s.query(MinutesVersion).delete()
        s.execute(update(Meeting).where(Meeting.id == meeting).values(minutes_status="genehmigt"))
    context.privacy.erase_person(her)
    assert f"Frau {SURNAME} stellt das Projekt vor." in minutes_text(context, meeting, tmp_path)


def test_an_erased_persons_open_tasks_keep_a_readable_who(context, approved):
    """Seen: their task was left with an empty "Wer"."""
    _meeting, her, _item = approved
    context.privacy.erase_person(her)
    assert [t.assignee for t in context.meetings.tasks()] == [DELETED_ASSIGNEE, DELETED_ASSIGNEE]


def test_deleting_says_first_what_it_touches(context, approved):
    """Seen: the confirmation said neither that open tasks lose their "Wer" nor that approved minutes stay."""
    _meeting, her, _item = approved
    nobody = context.actors.save_person(PersonData(first_name="Otto", last_name="Ohneaufgabe"))
    assert context.actors.deletion_notes([her, nobody]) == [
        f"Frau Xaverine {SURNAME} hat 2 offene Aufgaben und steht in 1 genehmigten Protokoll (bleibt dort unverändert)."
    ]
    assert context.actors.deletion_notes([nobody]) == []


def test_the_auskunft_says_which_approved_minutes_stay_and_why(context, approved):
    _meeting, her, _item = approved
    report = context.privacy.report(her)
    kept = next(t for t in report.tables if t.key == "genehmigte_protokolle")
    assert [(r["fassung"]) for r in kept.rows] == [1]
    assert "Art. 17 Abs. 3" in kept.note


def test_the_command_line_says_it_too_before_erasing(db_url, context, approved, capsys):
    from sozialkoordination.__main__ import main

    _meeting, her, _item = approved
    assert main(["--db", db_url, "privacy", "erase", str(her), "--ja"]) == 0
    out = capsys.readouterr().out
    assert "hat 2 offene Aufgaben und steht in 1 genehmigten Protokoll (bleibt dort unverändert)." in out
