"""One writer per database file: the window and every command that writes take the same lock file beside it.

The lock is the operating system's file lock (flock on Linux and macOS, a locked byte on Windows) on
`<datenbank>.lock`. It needs no Qt, so the command line checks it as the window does, and the system releases it
when the process ends, also after a crash or kill -9: no stale lock to break. The lock file is a file of its own;
locking it leaves SQLite's locks on the database untouched.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from sozialkoordination.config import sqlite_file
from sozialkoordination.core.errors import DomainError

log = logging.getLogger(__name__)

LOCK_SUFFIX = ".lock"


class DatabaseInUseError(DomainError):
    """The database is open in a window (or another command is writing to it)."""


def in_use_message(database: Path) -> str:
    return (
        f"Die Datenbank „{database.name}“ ist gerade im Programmfenster von Sozialkoordination geöffnet (auf diesem "
        "oder einem anderen Rechner) oder ein anderer Vorgang schreibt in sie. Es wurde nichts verändert. Bitte "
        "schließen Sie das Fenster und versuchen Sie es erneut."
    )


class FileLock:
    """An exclusive, non-waiting lock on `path` (created if missing), held until release() or the process ends."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._descriptor: int | None = None

    @property
    def locked(self) -> bool:
        return self._descriptor is not None

    def try_acquire(self) -> bool:
        """True if this object now holds the lock; False if another one (in any process) holds it."""
        if self._descriptor is not None:
            return True
        while True:
            descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            if not _lock(descriptor):
                os.close(descriptor)
                return False
            # The holder before us may have removed the file between our open and our lock: then we hold a lock on
            # a file nobody else will open, and must lock the one at the path now.
            try:
                same = os.path.samestat(os.fstat(descriptor), os.stat(self.path))
            except OSError:
                same = False
            if same:
                self._descriptor = descriptor
                return True
            os.close(descriptor)

    def release(self) -> None:
        if self._descriptor is None:
            return
        if sys.platform != "win32":  # removed while still locked, so no one can lock the old file after us
            with contextlib.suppress(OSError):
                self.path.unlink()
        _unlock(self._descriptor)
        os.close(self._descriptor)
        self._descriptor = None
        if sys.platform == "win32":
            with contextlib.suppress(OSError):
                self.path.unlink()


if sys.platform == "win32":  # pragma: no cover - Windows only
    import msvcrt

    def _lock(descriptor: int) -> bool:
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(descriptor: int) -> None:
        with contextlib.suppress(OSError):
            os.lseek(descriptor, 0, os.SEEK_SET)
            msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(descriptor: int) -> bool:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_UN)


def lock_file_for(database: Path) -> Path:
    return database.with_name(database.name + LOCK_SUFFIX)


def lock_database(db_url: str) -> FileLock | None:
    """Take the database's lock for this process; None when there is no file to protect (a database server, or a
    folder that does not exist – opening reports that). Raises DatabaseInUseError while another holds it."""
    database = sqlite_file(db_url)
    if database is None or not database.parent.exists():
        return None
    lock = FileLock(lock_file_for(database))
    if not lock.try_acquire():
        raise DatabaseInUseError(in_use_message(database))
    return lock


@contextlib.contextmanager
def database_locked(db_url: str) -> Iterator[FileLock | None]:
    """The lock for one command's work (restore, import, demo …), released afterwards."""
    lock = lock_database(db_url)
    try:
        yield lock
    finally:
        if lock is not None:
            lock.release()
