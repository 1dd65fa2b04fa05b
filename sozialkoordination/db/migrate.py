"""Schema upgrades at start-up: back up the file, upgrade to head, refuse a database newer than the app."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from ..services.errors import DomainError
from . import backup

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class DatabaseTooNewError(DomainError):
    pass


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def head_revision(engine: Engine) -> str:
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> bool:
    """Bring the schema to head. Returns True if anything was migrated.

    A file that already holds data is copied to the backup folder first, so a failed upgrade
    never costs the user their data.
    """
    cfg = alembic_config(engine)
    script = ScriptDirectory.from_config(cfg)
    head = script.get_current_head()
    current = current_revision(engine)
    if current == head:
        return False
    if current is not None and not _known(script, current):
        raise DatabaseTooNewError(
            "Diese Datenbank wurde mit einer neueren Version von Sozialkoordination angelegt "
            f"(Schemastand {current}). Bitte installieren Sie die aktuelle Version der Anwendung; "
            "die Datenbank wurde nicht verändert."
        )
    has_tables = bool(inspect(engine).get_table_names())
    if has_tables:
        path = backup.backup_before(engine, reason="vor-migration")
        if path:
            log.info("Sicherung vor der Migration: %s", path)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return True


def _known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except Exception:  # alembic raises various errors for unknown ids
        return False
