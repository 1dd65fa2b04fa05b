"""Safety of the database file: password (encryption at rest), health check, backups and restore, sealed copies."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from sozialkoordination.config import sqlite_file
from sozialkoordination.core.errors import DomainError, ValidationError
from sozialkoordination.core.passwords import MIN_PASSWORD_LENGTH, check_password
from sozialkoordination.core.progress import Progress
from sozialkoordination.db import backup, encryption, migrate, search_index
from sozialkoordination.db.engine import engine_key
from sozialkoordination.db.work_folders import work_folder
from sozialkoordination.documents import sealed
from sozialkoordination.exchange.service import mark_restored
from sozialkoordination.privacy.service import PrivacyService

log = logging.getLogger(__name__)

__all__ = ["MIN_PASSWORD_LENGTH", "SecurityError", "SecurityService", "check_new_password"]


class SecurityError(DomainError):
    pass


@dataclass(frozen=True)
class HealthReport:
    database: str
    encrypted: bool
    integrity: str  # "ok" or what SQLite found
    foreign_key_problems: int
    schema: str | None
    persons: int
    organisations: int
    backups: int
    newest_backup: str | None
    server: bool = False  # a database server: no file, backups are the server's (pg_dump)

    @property
    def healthy(self) -> bool:
        return self.integrity == "ok" and self.foreign_key_problems == 0


def check_new_password(password: str, repeated: str) -> None:
    check_password(password)
    if password != repeated:
        raise ValidationError({"repeated": "Die beiden Kennwörter stimmen nicht überein."})


class SecurityService:
    def __init__(self, engine: Engine, privacy: PrivacyService, before_copy: Callable[[], None] | None = None):
        """`before_copy` runs before a copy of the database is written (the exchange notes its known state, so a
        laptop set up from the copy and this database tell their later edits apart field by field)."""
        self._engine = engine
        self._privacy = privacy
        self._before_copy = before_copy

    @property
    def database(self) -> Path | None:
        return sqlite_file(self._engine.url.render_as_string(hide_password=False))

    def _file(self) -> Path:
        path = self.database
        if path is None:
            raise SecurityError(
                "Das geht nur mit einer Datenbankdatei. Eine Datenbank auf dem Büro-Server wird dort gesichert und "
                "geschützt (pg_dump, siehe README: „Gemeinsame Datenbank im Büro“)."
            )
        return path

    @property
    def encrypted(self) -> bool:
        return bool(engine_key(self._engine).password)

    # -- password -------------------------------------------------------------------------------------------
    def set_password(self, new_password: str | None, progress: Progress | None = None) -> int:
        """Set, change (new_password) or remove (None) the password of the database and of its automatic
        backups. Returns how many backups were converted. All-or-nothing for the database file itself."""
        database = self._file()
        key = engine_key(self._engine)
        old = key.password
        if new_password is not None:
            check_password(new_password)
        copies = backup.list_backups(database)
        report(progress, 0, len(copies) + 1, "Datenbank wird umgeschlüsselt …")
        self._engine.dispose()  # every connection closed: the file is replaced underneath
        encryption.convert_in_place(database, old, new_password)
        key.password = new_password
        self._engine.dispose()
        converted = 0
        for number, copy in enumerate(copies, start=1):
            report(progress, number, len(copies) + 1, "Sicherungen werden umgeschlüsselt …")
            if not encryption.opens(copy.path, old):
                log.warning("Sicherung %s hat ein anderes Kennwort; sie bleibt unverändert.", copy.path.name)
                continue
            encryption.convert_in_place(copy.path, old, new_password)
            encryption.check_file_for(copy.path).unlink(missing_ok=True)
            converted += 1
        report(progress, len(copies) + 1, len(copies) + 1, "Fertig")
        return converted

    # -- health -----------------------------------------------------------------------------------------------
    def check(self) -> HealthReport:
        if self.database is None:
            return self._check_server()
        with self._engine.connect() as connection:
            integrity = connection.execute(text("PRAGMA integrity_check")).scalar_one()
            foreign = len(connection.execute(text("PRAGMA foreign_key_check")).all())
            schema = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            persons = connection.execute(text("SELECT count(*) FROM person")).scalar_one()
            organisations = connection.execute(text("SELECT count(*) FROM organisation")).scalar_one()
        copies = backup.list_backups(self.database) if self.database else []
        return HealthReport(
            database=str(self.database or self._engine.url.render_as_string(hide_password=True)),
            encrypted=self.encrypted,
            integrity=integrity,
            foreign_key_problems=foreign,
            schema=schema,
            persons=persons,
            organisations=organisations,
            backups=len(copies),
            newest_backup=f"{copies[0].created:%d.%m.%Y %H:%M}" if copies else None,
        )

    def _check_server(self) -> HealthReport:
        """On a database server there is no file to check: the report says whether the server answers, which
        version it runs, and whether the schema and the search index are complete. The server itself keeps the
        references (foreign keys) and its pages consistent."""
        with self._engine.connect() as connection:
            server = connection.execute(text("SHOW server_version")).scalar()
            schema = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            persons = connection.execute(text("SELECT count(*) FROM person")).scalar_one()
            organisations = connection.execute(text("SELECT count(*) FROM organisation")).scalar_one()
            indexed = search_index.postgresql_has_index(connection)
        problems = []
        head = migrate.head_revision(self._engine)
        if schema != head:
            problems.append(f"Schemastand {schema} statt {head}")
        if not indexed:
            problems.append("der Suchindex (pg_trgm) fehlt")
        url = self._engine.url
        return HealthReport(
            database=f"PostgreSQL {server} auf {url.host or 'localhost'}"
            + (f":{url.port}" if url.port else "")
            + f", Datenbank „{url.database}“ als „{url.username}“ – Verbindung in Ordnung",
            encrypted=False,
            integrity="ok" if not problems else "; ".join(problems),
            foreign_key_problems=0,
            schema=schema,
            persons=persons,
            organisations=organisations,
            backups=0,
            newest_backup=None,
            server=True,
        )

    # -- backups ----------------------------------------------------------------------------------------------
    def backups(self) -> list[backup.BackupInfo]:
        return backup.list_backups(self.database) if self.database else []

    def backup_now(self) -> Path:
        self._file()
        return backup.backup_before(self._engine, "manuell")

    def write_backup(self, target: Path, transfer_password: str | None = None) -> Path:
        """A copy of the database at `target`. With a transfer password the copy is a sealed file (.sozk) that
        holds a plain database inside, so the receiver needs only that password, not the laptop's one."""
        database = self._file()
        if transfer_password is not None:
            check_password(transfer_password)
        if not target.parent.exists():
            raise SecurityError(f"Der Ordner „{target.parent}“ existiert nicht. Bitte wählen Sie einen anderen.")
        password = engine_key(self._engine).password
        if self._before_copy is not None:
            self._before_copy()
        if transfer_password is None:
            backup.copy_database(database, target, password)
            return target
        with work_folder(database.parent) as folder:  # beside the database, never in the shared temp folder
            plain = folder / "kopie.sqlite"
            backup.copy_database(database, folder / "stand.sqlite", password)
            encryption.export(folder / "stand.sqlite", password, plain, None)
            sealed.seal_file(plain, target, transfer_password)
        return target

    def restore(self, source: Path, password: str | None = None) -> Path | None:
        """Replace the database by `source` (an automatic or manual backup, or a sealed .sozk copy opened with
        `password`). The current state is kept as a backup first. Returns that safety copy.

        Persons erased since the backup was taken are erased again in the restored file (DSGVO Art. 17)."""
        database = self._file()
        key = engine_key(self._engine)
        if not source.exists():
            raise SecurityError(f"Die Datei „{source}“ gibt es nicht.")
        erased: list[int] = []
        if database.exists() and database.stat().st_size > 0:
            try:
                erased = self._privacy.erased_person_ids()
            except (DomainError, SQLAlchemyError):  # the current file is the damaged one being replaced
                log.warning("Löschprotokoll der bisherigen Datenbank nicht lesbar", exc_info=True)
        with work_folder(database.parent) as folder:
            if sealed.is_sealed(source):
                if not password:
                    raise SecurityError("Die Sicherung ist verschlüsselt. Bitte geben Sie ihr Kennwort ein.")
                plain = folder / "sicherung.sqlite"
                sealed.unseal_file(source, plain, password)
                source, backup_password = plain, None
            elif encryption.is_encrypted(source):
                backup_password = password or key.password
                if not backup_password or not encryption.opens(source, backup_password):
                    raise SecurityError(
                        f"„{source.name}“ ist verschlüsselt und lässt sich mit diesem Kennwort nicht öffnen. Bitte "
                        "geben Sie das Kennwort an, das beim Sichern galt."
                    )
            else:
                backup_password = None
            self._engine.dispose()
            try:
                safety = backup.restore(source, database, backup_password, key.password)
            except ValueError as problem:
                raise SecurityError(f"„{source.name}“ kann nicht zurückgespielt werden: {problem}") from None
            key.password = backup_password
            self._engine.dispose()
        with Session(self._engine) as s, s.begin():  # a restored file is not the one partners know: new exchange id
            mark_restored(s)
        if erased:
            migrate.upgrade(self._engine)  # an older backup gets today's schema before anything is erased in it
            self._privacy.reapply_erasures(erased)
        return safety


def report(progress: Progress | None, done: int, total: int, text: str) -> None:
    """Progress without Cancel: re-keying the backups half-way would leave them with two passwords."""
    if progress is not None:
        progress.report(done, total, text)
