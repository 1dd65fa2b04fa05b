"""Consistent copies of a SQLite database through the online backup API (never a file copy of a live file)."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from ..config import sqlite_file
from . import encryption
from .engine import engine_key

log = logging.getLogger(__name__)

KEEP_BACKUPS = 10


def backup_dir(database: Path) -> Path:
    """Backups live in a folder beside the database file, so each database keeps its own."""
    return database.parent / "Sicherungen"


def copy_database(source: Path, target: Path, password: str | None = None) -> None:
    """Write a consistent copy of `source` to `target`; a half-written copy never replaces a good one.

    An encrypted database gives an encrypted copy with the same password."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    src = encryption.connect(source, password, readonly=True)
    try:
        dst = encryption.connect(partial, password)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    _flush_to_disk(partial)
    partial.replace(target)
    _flush_to_disk(target.parent)


def _flush_to_disk(path: Path) -> None:
    """After a power cut the copy is either the whole new file or the old one: its bytes reach the disk before
    the rename, and the rename itself (the folder entry) right after."""
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:  # folders cannot be opened on Windows; NTFS journals the rename itself
        return
    try:
        os.fsync(descriptor)
    except OSError:
        log.debug("fsync nicht möglich: %s", path)
    finally:
        os.close(descriptor)


def backup_before(engine: Engine, reason: str, folder: Path | None = None) -> Path | None:
    """Back up the engine's SQLite file into the backup folder; returns the copy's path (None if not SQLite)."""
    source = sqlite_file(engine.url.render_as_string(hide_password=False))
    if source is None or not source.exists():
        return None
    folder = folder or backup_dir(source)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y-%m-%d_%H%M%S")
    target = folder / f"{source.stem}_{stamp}_{reason}.sqlite"
    number = 2
    while target.exists():
        target = folder / f"{source.stem}_{stamp}_{reason}-{number}.sqlite"
        number += 1
    copy_database(source, target, engine_key(engine).password)
    _rotate(folder, source.stem)
    return target


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    size: int
    reason: str  # "vor-migration", "vor-import", "taeglich", "manuell" …


def list_backups(database: Path) -> list[BackupInfo]:
    """The backups of this database, newest first."""
    result = []
    for path in backup_dir(database).glob(f"{database.stem}_*.sqlite"):
        parts = path.stem[len(database.stem) + 1 :].split("_", 2)
        try:
            created = datetime.strptime(f"{parts[0]}_{parts[1]}", "%Y-%m-%d_%H%M%S")
        except (ValueError, IndexError):
            continue
        result.append(BackupInfo(path, created, path.stat().st_size, parts[2] if len(parts) > 2 else ""))
    # Two backups within the same second (an import, then a deletion) are told apart by their file times.
    return sorted(result, key=lambda b: (b.created, b.path.stat().st_mtime_ns), reverse=True)


def damage(path: Path, password: str | None = None) -> str | None:
    """None if the SQLite file passes its quick integrity check, else what is wrong (for the message)."""
    if encryption.is_encrypted(path) and not password:
        return "Die Datei ist keine Datenbank oder beschädigt – oder sie ist verschlüsselt und braucht ein Kennwort."
    try:
        connection = encryption.connect(path, password, readonly=True)
        try:
            result = connection.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            connection.close()
    except encryption.driver().DatabaseError:
        return "Die Datei ist keine Datenbank oder beschädigt."
    return None if result == "ok" else f"Die Datenbank ist beschädigt ({result})."


def check_file(path: Path, password: str | None = None) -> str | None:
    """None if `path` is an intact database of this app, else what is wrong with it (for the message)."""
    if not path.exists():
        return "Die Datei gibt es nicht."
    problem = damage(path, password)
    if problem:
        return problem
    connection = encryption.connect(path, password, readonly=True)
    try:
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        connection.close()
    if "alembic_version" not in tables or "person" not in tables:
        return "Die Datei ist keine Datenbank von Sozialkoordination."
    return None


def backup_daily(engine: Engine, hours: int = 24) -> Path | None:
    """A backup at start when the newest one is older than a day (and there is something to keep)."""
    source = sqlite_file(engine.url.render_as_string(hide_password=False))
    if source is None or not source.exists():
        return None
    newest = list_backups(source)[:1]
    if newest and (datetime.now() - newest[0].created).total_seconds() < hours * 3600:
        return None
    connection = encryption.connect(source, engine_key(engine).password, readonly=True)
    try:
        has_data = connection.execute("SELECT EXISTS (SELECT 1 FROM person) OR EXISTS (SELECT 1 FROM organisation)")
        if not has_data.fetchone()[0]:
            return None
    finally:
        connection.close()
    return backup_before(engine, "taeglich")


def restore(backup: Path, database: Path, password: str | None = None, current_password: str | None = None) -> Path:
    """Replace `database` with the backup (checked first, opened with `password`). The current file (opened with
    `current_password`) is kept as a backup of its own, so a restore can be undone. The caller must have closed
    every connection to `database`. Afterwards the database has the backup's password."""
    problem = check_file(backup, password)
    if problem:
        raise ValueError(problem)
    safety = None
    if database.exists():
        stamp = datetime.now().strftime("%Y-%m-%d_%H%M%S")
        safety = backup_dir(database) / f"{database.stem}_{stamp}_vor-wiederherstellung.sqlite"
        copy_database(database, safety, current_password)
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    copy_database(backup, database, password)
    encryption.write_check(database, password)
    return safety


def _rotate(folder: Path, stem: str) -> None:
    copies = sorted(folder.glob(f"{stem}_*.sqlite"))
    for old in copies[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)
