"""Consistent copies of a SQLite database through the online backup API (never a file copy of a live file)."""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from ..config import sqlite_file

log = logging.getLogger(__name__)

KEEP_BACKUPS = 10


def backup_dir(database: Path) -> Path:
    """Backups live in a folder beside the database file, so each database keeps its own."""
    return database.parent / "Sicherungen"


def copy_database(source: Path, target: Path) -> None:
    """Write a consistent copy of `source` to `target`; a half-written copy never replaces a good one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    partial.replace(target)


def backup_before(engine: Engine, reason: str, folder: Path | None = None) -> Path | None:
    """Back up the engine's SQLite file into the backup folder; returns the copy's path (None if not SQLite)."""
    source = sqlite_file(engine.url.render_as_string(hide_password=False))
    if source is None or not source.exists():
        return None
    folder = folder or backup_dir(source)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y-%m-%d_%H%M%S")
    target = folder / f"{source.stem}_{stamp}_{reason}.sqlite"
    copy_database(source, target)
    _rotate(folder, source.stem)
    return target


def _rotate(folder: Path, stem: str) -> None:
    copies = sorted(folder.glob(f"{stem}_*.sqlite"))
    for old in copies[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)
