"""Consistent copies of a SQLite database through the online backup API (never a file copy of a live file)."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from sozialkoordination.config import sqlite_file
from sozialkoordination.db import encryption
from sozialkoordination.db.engine import engine_key
from sozialkoordination.db.work_folders import remove_abandoned, work_folder

log = logging.getLogger(__name__)

KEEP_BACKUPS = 10
KEEP_SAFETY_COPIES = 5  # "vor-wiederherstellung": enough to undo the last few restores (38 were seen in one folder)
SAFETY_REASON = "vor-wiederherstellung"


def backup_dir(database: Path) -> Path:
    """Backups live in a folder beside the database file, so each database keeps its own."""
    return database.parent / "Sicherungen"


def copy_database(source: Path, target: Path, password: str | None = None) -> None:
    """Write a consistent copy of `source` to `target`; a half-written copy never replaces a good one.

    An encrypted database gives an encrypted copy with the same password. The copy is written in a hidden work
    folder beside the target (removed afterwards, or at the next start if the process was killed)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with work_folder(target.parent) as work:
        _copy_into(work / target.name, source, password).replace(target)
    _flush_to_disk(target.parent)


def _copy_into(partial: Path, source: Path, password: str | None) -> Path:
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
    return partial


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
    target = _new_backup(source, folder, reason, engine_key(engine).password)
    _rotate(folder, source.stem)
    return target


def _new_backup(source: Path, folder: Path, reason: str, password: str | None) -> Path:
    """A copy of `source` under a name no other backup has, even when another process backs up in the same
    second (two imports at once): both used to write the same file and one ended in "disk I/O error"."""
    folder.mkdir(parents=True, exist_ok=True)
    with work_folder(folder) as work:
        partial = _copy_into(work / "sicherung.sqlite", source, password)
        stamp = datetime.now().strftime("%Y-%m-%d_%H%M%S")
        number = 1
        while True:
            target = folder / f"{source.stem}_{stamp}_{reason}{'' if number == 1 else f'-{number}'}.sqlite"
            try:
                os.link(partial, target)  # creates the name only if it is free: exclusive across processes
            except FileExistsError:
                number += 1
                continue
            except OSError:  # no hard links here (a FAT-formatted stick, some network shares): check, then rename
                if target.exists():
                    number += 1
                    continue
                partial.replace(target)
                break
            partial.unlink()  # before the work folder is wiped: the link shares the backup's bytes
            break
    _flush_to_disk(folder)
    return target


def remove_leftovers(database: Path) -> None:
    """At start: remove what killed copies left beside the database and in its backup folder (work folders, and
    the `.part` files of versions before them)."""
    remove_abandoned(database.parent)
    folder = backup_dir(database)
    if folder.is_dir():
        remove_abandoned(folder)
        for partial in folder.glob(f"{database.stem}_*.sqlite.part"):
            partial.unlink(missing_ok=True)


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
        safety = _new_backup(database, backup_dir(database), SAFETY_REASON, current_password)
        _rotate(backup_dir(database), database.stem)
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    copy_database(backup, database, password)
    encryption.write_check(database, password)
    return safety


def _rotate(folder: Path, stem: str) -> None:
    copies = sorted(folder.glob(f"{stem}_*.sqlite"))
    for old in copies[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)
    safety = [c for c in copies[-KEEP_BACKUPS:] if f"_{SAFETY_REASON}" in c.name]
    for old in safety[:-KEEP_SAFETY_COPIES]:
        old.unlink(missing_ok=True)
