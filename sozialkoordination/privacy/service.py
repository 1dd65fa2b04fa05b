"""Data protection duties (DSGVO): Auskunft (Art. 15), erasure of a person everywhere (Art. 17) leaving no trace in
the file, the retention review (persons without activity and consent), and the change history of a record.

After an erasure the person's data is gone from every table, from the audit log's values (of the person's own
records and of every other record whose text named them), from the full-text index and from the database file
itself: SQLite runs with secure_delete (freed content is overwritten), the full-text index is merged so that no old
segment keeps the words, and the write-ahead log is emptied. Attendance rows stay without the person, so meeting
counts remain right ("1 Person (gelöscht)"). A record that an erasure happened stays in the audit log, without
personal data.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Text, cast, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from sozialkoordination.actors.service import store_organisation_search_texts, store_person_search_texts
from sozialkoordination.consents.service import any_valid_consent, consent_state
from sozialkoordination.core.enums import AuditAction
from sozialkoordination.core.errors import DomainError, NotFoundError, ValidationError
from sozialkoordination.core.letters import SenderProfile
from sozialkoordination.core.normalize import fold
from sozialkoordination.core.progress import Progress, check
from sozialkoordination.db import backup, writes
from sozialkoordination.drafts.service import PERSON_FORM, draft_key, drafts_of
from sozialkoordination.history.service import HistoryEntry, history
from sozialkoordination.meetings.service import freeze_unstored
from sozialkoordination.models import (
    Affiliation,
    AuditEntry,
    Consent,
    ImportChange,
    Invitation,
    Meeting,
    NetworkMembership,
    Organisation,
    Person,
    Placement,
    Setting,
    Task,
    Volunteer,
)
from sozialkoordination.models.meeting import Attendance
from sozialkoordination.models.searchable import Searchable
from sozialkoordination.models.volunteering import VolunteerAvailability
from sozialkoordination.privacy.auskunft import PersonReport, build_report
from sozialkoordination.privacy.mentions import ERASED_NAME, MENTIONED_IN, mention_pattern
from sozialkoordination.privacy.mentions import needles as mention_needles
from sozialkoordination.search.service import store_search_texts

RETENTION_MONTHS = "privacy.retention_months"
DEFAULT_RETENTION_MONTHS = 24


@dataclass(frozen=True)
class ReviewRow:
    """A person due for the retention review: no activity and no valid consent for longer than the period."""

    person_id: int
    name: str
    organisation: str | None
    last_activity: date | None
    activity: str  # what the last activity was ("Teilnahme an einer Sitzung" …), or "angelegt"
    reason: str  # German sentence for the list


def months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    last = [
        31,
        29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][month - 1]
    return date(year, month, min(day.day, last))


class PrivacyService:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        today: Callable[[], date] = date.today,
        sender: Callable[[], SenderProfile] = SenderProfile,
    ):
        self._sf = session_factory
        self._today = today
        self._sender = sender  # who the Auskunft comes from (the settings' letterhead)

    # -- Auskunft (Art. 15) --------------------------------------------------------------------
    def report(self, person_id: int) -> PersonReport:
        with self._sf() as s:
            report = build_report(s, person_id, self._today())
        report.retention_months = self.retention_months()
        return report

    def write_report(self, person_id: int, path: Path, progress: Progress | None = None) -> tuple[Path, Path]:
        """The Auskunft as OUT.docx plus OUT.json beside it; returns both paths."""
        path = Path(path)
        if path.suffix.lower() != ".docx":
            raise ValidationError({"path": f"Bitte wählen Sie eine Datei mit der Endung .docx (statt „{path.name}“)."})
        from sozialkoordination.privacy.documents import write_report

        check(progress, 0, 2, "Daten werden zusammengestellt …")
        report = self.report(person_id)
        check(progress, 1, 2, "Dokument wird geschrieben …")
        written = write_report(path, report, self._sender())
        check(progress, 2, 2, "Fertig")
        return written

    def find_person(self, text: str) -> int:
        """A person by number or by a name that fits exactly one person (for the command line)."""
        text = (text or "").strip()
        with self._sf() as s:
            if text.isdigit():
                if s.get(Person, int(text)) is None:
                    raise NotFoundError(f"Eine Person mit der Nummer {text} gibt es nicht.")
                return int(text)
            words = fold(text).split()
            if not words:
                raise ValidationError({"person": "Bitte geben Sie eine Nummer oder einen Namen an."})
            stmt = select(Person.id, Person.title, Person.first_name, Person.last_name, Person.email)
            for term in words:
                stmt = stmt.where(Person.search_text.contains(term, autoescape=True))
            found = s.execute(stmt.order_by(Person.sort_key).limit(11)).all()
        exact = [f for f in found if fold(" ".join(x for x in (f.first_name, f.last_name) if x)) == " ".join(words)]
        found = exact if len(exact) == 1 else found
        if not found:
            raise NotFoundError(f"Eine Person „{text}“ gibt es nicht.")
        if len(found) > 1:
            names = "; ".join(
                f"{f.id}: {' '.join(x for x in (f.title, f.first_name, f.last_name) if x)}" for f in found[:10]
            )
            raise DomainError(f"„{text}“ passt auf mehrere Personen ({names}). Bitte geben Sie die Nummer an.")
        return found[0].id

    def record_name(self, entity: str, record_id: int) -> str:
        """ "Dr. Erika Schulz" / "Familienzentrum Regenbogen" / "12.03.2026 Sozialforum" for titles and file names."""
        model = {"person": Person, "organisation": Organisation, "meeting": Meeting}[entity]
        with self._sf() as s:
            record = s.get(model, record_id)
            if record is None:
                raise NotFoundError("Dieser Eintrag wurde inzwischen gelöscht.")
            if isinstance(record, Person):
                return " ".join(x for x in (record.title, record.first_name, record.last_name) if x)
            if isinstance(record, Meeting):
                return f"{record.meeting_date:%d.%m.%Y} {record.title}"
            return record.name

    # -- change history ------------------------------------------------------------------------
    def history(self, entity: str, entity_id: int) -> list[HistoryEntry]:
        """Who changed what and when, newest first ("person", "organisation", "meeting")."""
        with self._sf() as s:
            return history(s, entity, entity_id)

    # -- retention review ----------------------------------------------------------------------
    def retention_months(self) -> int:
        with self._sf() as s:
            stored = s.get(Setting, RETENTION_MONTHS)
        value = stored.value if stored is not None else None
        return int(value) if value and value.isdigit() and int(value) > 0 else DEFAULT_RETENTION_MONTHS

    def set_retention_months(self, months: int) -> None:
        if not isinstance(months, int) or not 1 <= months <= 240:
            raise ValidationError({"retention": "Bitte geben Sie eine Frist zwischen 1 und 240 Monaten an."})
        with self._sf.begin() as s:
            s.merge(Setting(key=RETENTION_MONTHS, value=str(months)))

    def due_for_review(self) -> list[ReviewRow]:
        """Persons whose last activity lies before the period and who have no valid consent today.

        Activity is the latest of: the recorded last activity (also "weiter aufbewahren"), invitations to and
        attendance of meetings, chairing or taking minutes, tasks (due or done), network memberships (their end, or
        today while they last), volunteer activity and placements, consents given, withdrawn or expired, and edits
        of the person's record by a user. Only a record with none of these counts from its creation."""
        today = self._today()
        cutoff = months_before(today, self.retention_months())
        with self._sf() as s:
            candidates = {
                pid: (title, first, last, created)
                for pid, title, first, last, created in s.execute(
                    select(Person.id, Person.title, Person.first_name, Person.last_name, Person.created_at).where(
                        ~any_valid_consent(today)
                    )
                )
            }
            latest: dict[int, tuple[date, str]] = {}

            def note(rows, what: str) -> None:
                for pid, day in rows:
                    if pid in candidates and day is not None:
                        day = day.date() if hasattr(day, "date") else day
                        if pid not in latest or day > latest[pid][0]:
                            latest[pid] = (day, what)

            note(s.execute(select(Person.id, Person.last_activity_on)), "vermerkte Aktivität")
            note(
                s.execute(
                    select(Invitation.person_id, func.max(Meeting.meeting_date))
                    .join(Meeting, Invitation.meeting_id == Meeting.id)
                    .group_by(Invitation.person_id)
                ),
                "Einladung zu einer Sitzung",
            )
            note(
                s.execute(
                    select(Attendance.person_id, func.max(Meeting.meeting_date))
                    .join(Meeting, Attendance.meeting_id == Meeting.id)
                    .group_by(Attendance.person_id)
                ),
                "Teilnahme an einer Sitzung",
            )
            for role in (Meeting.chair_person_id, Meeting.minute_taker_person_id):
                note(s.execute(select(role, func.max(Meeting.meeting_date)).group_by(role)), "Leitung/Protokoll")
            note(
                s.execute(
                    select(Task.assignee_person_id, func.max(func.coalesce(Task.done_on, Task.due_on))).group_by(
                        Task.assignee_person_id
                    )
                ),
                "Aufgabe",
            )
            note(
                s.execute(
                    select(
                        NetworkMembership.person_id, func.max(func.coalesce(NetworkMembership.valid_until, today))
                    ).group_by(NetworkMembership.person_id)
                ),
                "Mitgliedschaft in einem Netzwerk",
            )
            note(s.execute(select(Volunteer.person_id, Volunteer.last_activity_on)), "Ehrenamt")
            note(
                s.execute(
                    select(
                        Volunteer.person_id,
                        func.max(func.coalesce(Placement.ended_on, Placement.started_on, Placement.requested_on)),
                    )
                    .join(Placement, Placement.volunteer_id == Volunteer.id)
                    .group_by(Volunteer.person_id)
                ),
                "Vermittlung ins Ehrenamt",
            )
            for column in (Consent.given_on, Consent.withdrawn_on, Consent.expires_on):
                note(s.execute(select(Consent.person_id, func.max(column)).group_by(Consent.person_id)), "Einwilligung")
            note(
                s.execute(
                    select(AuditEntry.entity_id, func.max(AuditEntry.changed_at))
                    .where(AuditEntry.entity == "person", AuditEntry.action == AuditAction.UPDATE)
                    .group_by(AuditEntry.entity_id)
                ),
                "Änderung des Eintrags",
            )
            due = []
            for pid, (_title, _first, _last, created) in candidates.items():
                day, what = latest.get(pid, (created.date() if created else None, "angelegt"))
                if day is None or day < cutoff:
                    due.append((pid, day, what))
            consents: dict[int, list[Consent]] = {}
            for c in s.scalars(select(Consent).where(Consent.person_id.in_([d[0] for d in due]))):
                consents.setdefault(c.person_id, []).append(c)
            orgs = dict(
                s.execute(
                    select(Affiliation.person_id, Organisation.name)
                    .join(Organisation, Affiliation.organisation_id == Organisation.id)
                    .where(Affiliation.is_primary.is_(True), Affiliation.person_id.in_([d[0] for d in due]))
                ).all()
            )
        rows = []
        for pid, day, what in due:
            title, first, last, _created = candidates[pid]
            states = [f"„{c.purpose}“ {consent_state(c, today)}" for c in consents.get(pid, [])]
            consent_text = "Einwilligung " + ", ".join(states) if states else "keine Einwilligung erfasst"
            since = f"seit {day:%d.%m.%Y} keine Aktivität (zuletzt: {what})" if day else "keine Aktivität"
            rows.append(
                ReviewRow(
                    pid,
                    " ".join(x for x in (title, first, last) if x),
                    orgs.get(pid),
                    day,
                    what,
                    f"{since}; {consent_text}",
                )
            )
        return sorted(rows, key=lambda r: (r.last_activity or date.min, fold(r.name)))

    def keep(self, person_ids: list[int]) -> int:
        """ "Weiter aufbewahren": the review starts again from today (the audit log records the change)."""
        today = self._today()
        with self._sf.begin() as s:
            persons = list(s.scalars(select(Person).where(Person.id.in_(person_ids))))
            for person in persons:
                person.last_activity_on = today
            return len(persons)

    # -- erasure (Art. 17) ---------------------------------------------------------------------
    def erase_persons(self, person_ids: list[int], backup_first: bool = True) -> int:
        """Erase these persons (each in its own transaction); returns how many. Several at once: a backup first,
        as for every bulk deletion."""
        if len(person_ids) > 1 and backup_first:
            backup.backup_before(self._sf.kw["bind"], "vor-loeschung")
        for person_id in person_ids:
            self._erase(person_id, "Löschung nach Art. 17 DSGVO")
        self._leave_no_trace()
        return len(person_ids)

    def erase_person(self, person_id: int, reason: str = "Löschung nach Art. 17 DSGVO") -> None:
        self._erase(person_id, reason)
        self._leave_no_trace()

    def _erase(self, person_id: int, reason: str) -> None:
        with self._sf.begin() as s:
            person = s.get(Person, person_id)
            if person is None:
                raise NotFoundError("Diese Person gibt es nicht (mehr).")
            erase_in_session(s, person, reason)

    def erased_person_ids(self) -> list[int]:
        """The persons erased from this database so far (the audit log keeps only the number)."""
        with self._sf() as s:
            return list(
                s.scalars(
                    select(AuditEntry.entity_id).where(
                        AuditEntry.entity == "person", AuditEntry.action == AuditAction.ERASE
                    )
                )
            )

    def reapply_erasures(self, person_ids: list[int]) -> int:
        """After a backup from before an erasure was restored: erase those persons again, so a restore never
        brings back someone who asked to be forgotten. Returns how many were still in the restored file.
        No backup first: it would keep the very data that is being erased again."""
        with self._sf() as s:
            present = list(s.scalars(select(Person.id).where(Person.id.in_(person_ids))))
        return self.erase_persons(present, backup_first=False) if present else 0

    def _leave_no_trace(self) -> None:
        leave_no_trace(self._sf.kw["bind"])


def erase_in_session(s: Session, person: Person, reason: str) -> None:
    """Erase one person inside the caller's transaction (also used when a Datenpaket brings an erasure)."""
    person_id = person.id
    # Approved minutes keep the person as approved (Art. 17 Abs. 3 DSGVO, see README): minutes approved before
    # Fassungen were stored get theirs now, before the texts and attendance they are made from change.
    freeze_unstored(s, date.today())
    owned = _owned_records(s, person_id)
    pattern = mention_pattern(person)
    needles = mention_needles(person)
    _scrub_mentions(s, person)
    s.delete(person)  # cascades: affiliations, consents, invitations, volunteer profile; SET NULL elsewhere
    s.flush()
    # The audit log keeps who changed what and when, but not the values of the person's records any more: their
    # own (name, phone …) and those removed with them (volunteer profile with its notes, consents, invitations …).
    for entity, ids in owned.items():
        for chunk in _chunks(ids):
            entries = AuditEntry.__table__
            writes.update_where(
                s,
                entries,
                (entries.c.entity == entity) & entries.c.entity_id.in_(chunk),
                {"old_value": None, "new_value": None},
            )
            # Merged imports kept the values before the merge for their undo (redacted: the log keeps no value).
            journal = ImportChange.__table__
            writes.update_where(
                s,
                journal,
                (journal.c.entity == entity) & journal.c.entity_id.in_(chunk),
                {"before": None},
                redact=True,
            )
    if pattern is not None:
        _scrub_history(s, pattern, needles)
    # A draft of the person's form (left by a crash) holds the same data.
    writes.delete(s, Setting.__table__, drafts_of(draft_key(PERSON_FORM, person_id)))
    # Who erased: the profile's name (on a server the database names its login instead, migration 0013).
    s.add(
        AuditEntry(
            user_name=s.info.get("user_name"),
            entity="person",
            entity_id=person_id,
            action=AuditAction.ERASE,
            new_value=reason,
        )
    )


def _chunks(ids: list[int], size: int = 500) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def _owned_records(s: Session, person_id: int) -> dict[str, list[int]]:
    """The person and the records that exist only for them (and go with them), by audit entity name."""
    volunteers = list(s.scalars(select(Volunteer.id).where(Volunteer.person_id == person_id)))
    owned = {
        "person": [person_id],
        "volunteer": volunteers,
        "volunteer_availability": list(
            s.scalars(select(VolunteerAvailability.id).where(VolunteerAvailability.volunteer_id.in_(volunteers)))
        ),
        "placement": list(s.scalars(select(Placement.id).where(Placement.volunteer_id.in_(volunteers)))),
    }
    for model in (Affiliation, Consent, Invitation, NetworkMembership):
        owned[model.__tablename__] = list(s.scalars(select(model.id).where(model.person_id == person_id)))
    return {entity: ids for entity, ids in owned.items() if ids}


def _scrub_history(s: Session, pattern: re.Pattern, needles: list[str]) -> None:
    """The change history of every other record (a task, TOP minutes, a decision, notes …) loses the mentions as
    the records' texts did; drafts of forms and the values kept for an import's undo likewise."""
    values = (AuditEntry.old_value, AuditEntry.new_value)
    found = or_(*(column.contains(n, autoescape=True) for column in values for n in needles))
    for entry_id, old, new in s.execute(select(AuditEntry.id, *values).where(found)).all():
        cleaned = {
            name: pattern.sub(ERASED_NAME, value)
            for name, value in (("old_value", old), ("new_value", new))
            if value and pattern.search(value)
        }
        if cleaned:
            writes.update(s, AuditEntry.__table__, [{"id": entry_id, **cleaned}])
    found = or_(*(Setting.value.contains(n, autoescape=True) for n in needles))
    for key, value in s.execute(select(Setting.key, Setting.value).where(found)).all():
        if pattern.search(value):
            row = {"key": key, "value": pattern.sub(ERASED_NAME, value)}
            writes.update(s, Setting.__table__, [row], key=("key",))
    before = cast(ImportChange.before, Text)
    found = or_(*(before.contains(n, autoescape=True) for n in needles))
    for change_id, kept in s.execute(select(ImportChange.id, ImportChange.before).where(found)).all():
        if isinstance(kept, dict):
            cleaned = {k: pattern.sub(ERASED_NAME, v) if isinstance(v, str) else v for k, v in kept.items()}
            if cleaned != kept:
                writes.update(s, ImportChange.__table__, [{"id": change_id, "before": cleaned}], redact=True)


leave_no_trace = writes.leave_no_trace  # the search index merged, the write-ahead log emptied


def _scrub_mentions(s: Session, person: Person) -> None:
    pattern = mention_pattern(person)
    if pattern is None:
        return
    needles = mention_needles(person)
    touched: dict[type, list[int]] = {}
    for model, name in MENTIONED_IN:
        column = getattr(model, name)
        table = model.__table__
        stmt = select(model.id, column).where(or_(*(column.contains(n, autoescape=True) for n in needles)))
        if model is Person:
            stmt = stmt.where(model.id != person.id)
        for record_id, text in s.execute(stmt).all():
            cleaned = pattern.sub(ERASED_NAME, text)
            if cleaned != text:
                writes.update(s, table, [{"id": record_id, name: cleaned}], redact=True, new_version=False)
                touched.setdefault(model, []).append(record_id)
    # The search texts held the mention as well.
    for model, ids in touched.items():
        if model is Organisation:
            store_organisation_search_texts(s, ids)
        elif model is Person:
            store_person_search_texts(s, ids)
        elif issubclass(model, Searchable):
            store_search_texts(s, model, ids)
