"""Data protection duties (DSGVO): erasure of a person everywhere (Art. 17), leaving no trace in the file.

After an erasure the person's data is gone from every table, from the audit log's values, from the full-text
index and from the database file itself: SQLite runs with secure_delete (freed content is overwritten), the
full-text index is merged so that no old segment keeps the words, and the write-ahead log is emptied. Attendance
rows stay without the person, so meeting counts remain right ("1 Person (gelöscht)"). A record that an erasure
happened stays in the audit log, without personal data.
"""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from ..db.search_index import INDEXED, has_index, index_table
from ..models import AuditEntry, ImportChange, Person, Setting
from .drafts import PERSON_FORM, draft_key
from .errors import NotFoundError


class PrivacyService:
    def __init__(self, session_factory: sessionmaker[Session]):
        self._sf = session_factory

    def erase_persons(self, person_ids: list[int]) -> int:
        """Erase these persons (each in its own transaction); returns how many."""
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
            s.delete(person)  # cascades: affiliations, consents, invitations, volunteer profile; SET NULL elsewhere
            s.flush()
            # The audit log keeps who changed what and when, but not the person's values any more.
            s.execute(
                update(AuditEntry)
                .where(AuditEntry.entity == "person", AuditEntry.entity_id == person_id)
                .values(old_value=None, new_value=None)
            )
            # Merged imports kept the values before the merge for their undo.
            s.execute(
                update(ImportChange)
                .where(ImportChange.entity == "person", ImportChange.entity_id == person_id)
                .values(before=None)
            )
            # A draft of the person's form (left by a crash) holds the same data.
            s.execute(delete(Setting).where(Setting.key == draft_key(PERSON_FORM, person_id)))
            s.add(AuditEntry(entity="person", entity_id=person_id, action="erase", new_value=reason))

    def erased_person_ids(self) -> list[int]:
        """The persons erased from this database so far (the audit log keeps only the number)."""
        with self._sf() as s:
            return list(
                s.scalars(
                    select(AuditEntry.entity_id).where(AuditEntry.entity == "person", AuditEntry.action == "erase")
                )
            )

    def reapply_erasures(self, person_ids: list[int]) -> int:
        """After a backup from before an erasure was restored: erase those persons again, so a restore never
        brings back someone who asked to be forgotten. Returns how many were still in the restored file."""
        with self._sf() as s:
            present = list(s.scalars(select(Person.id).where(Person.id.in_(person_ids))))
        return self.erase_persons(present) if present else 0

    def _leave_no_trace(self) -> None:
        """Merge the search index (old segments would still hold the words) and empty the write-ahead log."""
        engine = self._sf.kw["bind"]
        if engine.dialect.name != "sqlite":
            return
        with engine.begin() as connection:
            if has_index(connection):
                for table in INDEXED:
                    fts = index_table(table)
                    connection.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
