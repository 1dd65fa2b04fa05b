"""Schema upgrades at start-up: back up the file, upgrade to head, refuse a database newer than the app."""

from __future__ import annotations

import logging
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from sozialkoordination.core.errors import DomainError
from sozialkoordination.db import backup

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class DatabaseTooNewError(DomainError):
    pass


class MigrationError(DomainError):
    pass


class SchemaOutdatedError(DomainError):
    """A server database with an older schema, opened by a login that may not change the schema (a coordinator):
    the IT upgrades it once for everyone."""


UPGRADE_COMMAND = "sozialkoordination db upgrade"


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def head_revision(engine: Engine) -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


@cache
def shipped_head() -> str | None:
    """The newest revision shipped with the app, read from the revision files' text: a start whose database is
    up to date never imports Alembic (with Mako and Pygments about 0.1 s)."""
    revisions, parents = set(), set()
    pattern = re.compile(r'^(down_revision|revision)\s*=\s*["\']?([^"\'\s]+)', re.MULTILINE)
    for file in (MIGRATIONS_DIR / "versions").glob("*.py"):
        for name, value in pattern.findall(file.read_text(encoding="utf-8")):
            (revisions if name == "revision" else parents).add(value)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def is_current(engine: Engine) -> bool:
    """True if the database already has the shipped schema (one query, no Alembic)."""
    head = shipped_head()
    try:
        with engine.connect() as conn:
            versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except DBAPIError:  # no such table (a new file), or a file that is no database: the full path decides
        return False
    return head is not None and versions == [head]


def upgrade(engine: Engine) -> bool:
    """Bring the schema to head. Returns True if anything was migrated.

    A file that already holds data is copied to the backup folder first, so a failed upgrade
    never costs the user their data.
    """
    if is_current(engine):
        return False
    from alembic import command
    from alembic.script import ScriptDirectory

    cfg = alembic_config(engine)
    script = ScriptDirectory.from_config(cfg)
    head = script.get_current_head()
    current = current_revision(engine)
    if current == head:
        return False
    on_server = engine.dialect.name != "sqlite"
    if current is not None and not _known(script, current):
        raise DatabaseTooNewError(
            "Diese Datenbank wurde mit einer neueren Version von Sozialkoordination angelegt "
            f"(Schemastand {current}). Bitte installieren Sie die aktuelle Version der Anwendung"
            + (" (die IT verteilt sie)" if on_server else "")
            + "; die Datenbank wurde nicht verändert."
        )
    if engine.dialect.name == "postgresql" and not may_change_schema(engine):
        user = engine.url.username or "(ohne Namen)"
        if current is None:
            raise SchemaOutdatedError(
                f"Die Datenbank „{engine.url.database}“ ist noch nicht eingerichtet, und die Anmeldung „{user}“ "
                f"darf keine Tabellen anlegen. Bitte IT: {UPGRADE_COMMAND} (als Eigentümer der Datenbank, README: "
                "„Für die IT“). Es wurde nichts verändert."
            )
        raise SchemaOutdatedError(
            f"Die Datenbank auf dem Server hat noch den Stand einer älteren Version von Sozialkoordination "
            f"(Schemastand {current}, diese Version braucht {head}). Aktualisieren darf sie nur die IT, einmal für "
            f"alle: Bitte IT: {UPGRADE_COMMAND} (README: „Für die IT“). Es wurde nichts verändert."
        )
    has_tables = bool(inspect(engine).get_table_names())
    if has_tables:
        path = backup.backup_before(engine, reason="vor-migration")
        if path:
            log.info("Sicherung vor der Migration: %s", path)
    with engine.connect() as conn:
        on_sqlite = conn.dialect.name == "sqlite"
        if on_sqlite:
            # SQLite alters a table by building a new one and dropping the old: with foreign keys enforced, the drop
            # would delete or unlink every row that refers to it (ON DELETE CASCADE / SET NULL), as 0003 did to the
            # decisions of every TOP. The pragma works only outside a transaction; the keys are checked afterwards.
            _foreign_keys(conn, enforced=False)
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                if on_sqlite and conn.execute(text("PRAGMA foreign_key_check")).first() is not None:
                    raise MigrationError(
                        "Die Aktualisierung der Datenbank hätte Verweise zwischen Datensätzen zerstört und wurde "
                        "abgebrochen. Bitte wenden Sie sich an den Support; eine Sicherung von vor der Aktualisierung "
                        "liegt im Ordner „Sicherungen“ neben der Datei."
                    )
        finally:
            if on_sqlite:
                _foreign_keys(conn, enforced=True)
    return True


def may_change_schema(engine: Engine) -> bool:
    """On a server: whether this login may migrate – a superuser, the owner of the tables (member of the role that
    owns alembic_version) or, for a new database, a login that may create tables."""
    statement = text(
        "SELECT CASE WHEN (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN true "
        "WHEN to_regclass('alembic_version') IS NOT NULL THEN pg_has_role(current_user, "
        "(SELECT relowner FROM pg_class WHERE oid = to_regclass('alembic_version')), 'MEMBER') "
        "ELSE has_schema_privilege(current_schema(), 'CREATE') END"
    )
    with engine.connect() as conn:
        return bool(conn.execute(statement).scalar())


def _foreign_keys(conn, enforced: bool) -> None:
    conn.execute(text(f"PRAGMA foreign_keys={'ON' if enforced else 'OFF'}"))
    conn.commit()
    if conn.execute(text("PRAGMA foreign_keys")).scalar() != int(enforced):
        conn.invalidate()  # never hand a connection in the wrong state back to the pool
        raise MigrationError(
            "Die Datenbank konnte nicht für die Aktualisierung vorbereitet werden. Bitte schließen Sie andere "
            "Programme, die die Datei geöffnet haben, und starten Sie Sozialkoordination erneut."
        )
    conn.commit()


def _known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except Exception:  # alembic raises various errors for unknown ids
        return False
