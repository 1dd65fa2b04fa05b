"""Writing a file so that it appears only when complete, with German messages for the usual failures."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sozialkoordination.core.errors import DomainError

T = TypeVar("T")


class WriteError(DomainError):
    pass


def write_atomically(path: Path, write: Callable[[Path], T], program: str) -> T:
    """Call write(partial path), then rename: a half-written file never carries the real name.

    `program` names what usually holds the file open ("Excel", "Word") for the locked-file message."""
    path = Path(path)
    if not path.parent.exists():
        raise WriteError(f"Der Ordner „{path.parent}“ existiert nicht. Bitte wählen Sie einen vorhandenen Ordner.")
    partial = path.with_name(f".{path.name}.part")
    try:
        result = write(partial)
        os.replace(partial, path)
    except PermissionError as exc:
        partial.unlink(missing_ok=True)
        raise WriteError(
            f"„{path.name}“ kann nicht geschrieben werden. Ist die Datei noch in {program} geöffnet oder der Ordner "
            "schreibgeschützt? Bitte schließen Sie die Datei und versuchen Sie es erneut."
        ) from exc
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise WriteError(f"„{path.name}“ konnte nicht geschrieben werden: {exc.strerror or exc}.") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return result
