"""Hidden work folders beside the database for copies in progress (half-written backups, the plain copy inside a
sealed one, a re-keyed file before it replaces the old one).

Never the system's temp folder: a plain copy of an encrypted database must not land where other programs and
users look, on another drive, or survive a crash there unseen (12 folders and 452 MB were left after 25 kills).
Each folder is removed on every way out of its `with` block; a folder left by a killed process is removed at the
next start. Whether its owner still runs is told by a lock file inside that the owner holds (db/instance_lock.py):
the system frees it when the process ends, so a folder another process is still working in is never touched.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sozialkoordination.db.instance_lock import FileLock

log = logging.getLogger(__name__)

PREFIX = ".sozialkoordination-arbeit-"
_OWNER = "inhaber.lock"


@contextlib.contextmanager
def work_folder(parent: Path) -> Iterator[Path]:
    """A new hidden folder in `parent` that only this user can read, wiped and removed afterwards."""
    parent.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=PREFIX, dir=parent))
    owner = FileLock(path / _OWNER)
    owner.try_acquire()  # a new folder: nobody else can hold it yet
    try:
        yield path
    finally:
        _remove(path, owner)


def remove_abandoned(parent: Path) -> int:
    """Remove the work folders in `parent` whose process has ended (killed, power cut). Returns how many."""
    removed = 0
    for path in parent.glob(PREFIX + "*"):
        if not path.is_dir():
            continue
        owner = FileLock(path / _OWNER)
        if not owner.try_acquire():
            continue  # its process is still working in it
        _remove(path, owner)
        log.info("Überreste einer unterbrochenen Kopie entfernt: %s", path.name)
        removed += 1
    return removed


def _remove(path: Path, owner: FileLock) -> None:
    for item in path.iterdir():
        if item.name != _OWNER:
            _wipe(item)
    owner.release()
    (path / _OWNER).unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        path.rmdir()


def _wipe(item: Path) -> None:
    """Overwrite a copy before removing it: a plain database copy must not stay readable in free disk space."""
    if item.is_dir():
        for inner in item.iterdir():
            _wipe(inner)
        with contextlib.suppress(OSError):
            item.rmdir()
        return
    try:
        with item.open("r+b") as f:
            size = item.stat().st_size
            chunk = b"\0" * (1 << 20)
            for _ in range(0, size, len(chunk)):
                f.write(chunk)
            f.flush()
            os.fsync(f.fileno())
    except OSError:
        pass
    item.unlink(missing_ok=True)
