"""The Datenpaket file: compressed JSON inside a password-sealed container (io/sealed.py, as the sealed copies).

Inside, after unsealing and decompressing, one JSON object:
    format "sozialkoordination-datenpaket", version 1, package_id, sender_id (the sending database), sender_name,
    recipient (the sender's name for the recipient), sender_known_as (the recipient's name for the sender, once
    known), created_at, scope {region, ohne_ehrenamt},
    areas {sozialregion: {code: {name, position}}, sozialraum: {ars: {name, kind, sozialregion}}},
    projects {code: {name, kind, description, starts_on, ends_on}},
    records [{table, uuid, clock, data}], deletions [{table, uuid, clock}].
References inside `data` are UUIDs (records), codes (Sozialregion, project), ARS (Sozialraum) or theme names.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path

from sozialkoordination.core.errors import DomainError
from sozialkoordination.documents.files import write_atomically
from sozialkoordination.documents.sealed import SealedFileError, seal, unseal

FORMAT = "sozialkoordination-datenpaket"
VERSION = 1
SUFFIX = ".sozdp"
_MAX_INFLATED = 1_000_000_000  # a package never unpacks to more than 1 GB (no compression bombs)


class PackageError(DomainError):
    """A Datenpaket cannot be read; the message says why and what to do."""


def write_package(path: Path, package: dict, password: str) -> None:
    """Seal `package` into `path`; a half-written file never replaces a good one."""
    raw = json.dumps(package, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    sealed = seal(zlib.compress(raw, 6), password)
    write_atomically(Path(path), lambda partial: partial.write_bytes(sealed), "einem anderen Programm")


def read_package(path: Path, password: str) -> dict:
    """The package's content, checked for format and structure. Raises PackageError / SealedFileError."""
    path = Path(path)
    try:
        blob = path.read_bytes()
    except FileNotFoundError:
        raise PackageError(f"Die Datei „{path}“ gibt es nicht.") from None
    except OSError as exc:
        raise PackageError(f"„{path.name}“ kann nicht gelesen werden: {exc.strerror or exc}.") from exc
    data = unseal(blob, password)  # wrong password, changed or foreign file: SealedFileError
    if data.startswith(b"SQLite format 3"):
        raise PackageError(
            f"„{path.name}“ ist eine verschlüsselte Sicherung, kein Datenpaket. Eine Sicherung spielen Sie unter "
            "Datei → Sicherung und Schutz → Sicherungen zurück."
        )
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(data, _MAX_INFLATED)
        if inflater.unconsumed_tail:
            raise PackageError("Das Datenpaket ist zu groß zum Einlesen.")
        package = json.loads(raw.decode("utf-8"))
    except (zlib.error, UnicodeDecodeError, ValueError):
        raise PackageError(f"„{path.name}“ ist kein Datenpaket von Sozialkoordination.") from None
    _check(package, path.name)
    return package


def _check(package: object, name: str) -> None:
    if not isinstance(package, dict) or package.get("format") != FORMAT:
        raise PackageError(f"„{name}“ ist kein Datenpaket von Sozialkoordination.")
    if package.get("version") != VERSION:
        raise PackageError(
            f"„{name}“ wurde mit einer anderen Version von Sozialkoordination geschrieben (Paketformat "
            f"{package.get('version')}). Bitte aktualisieren Sie die Anwendung auf beiden Seiten."
        )
    broken = PackageError(f"„{name}“ ist unvollständig oder beschädigt. Bitte lassen Sie es sich neu schicken.")
    if not all(isinstance(package.get(k), str) and package.get(k) for k in ("package_id", "sender_id")):
        raise broken
    if not isinstance(package.get("records"), list) or not isinstance(package.get("deletions"), list):
        raise broken
    for item in package["records"] + package["deletions"]:
        if not (
            isinstance(item, dict)
            and isinstance(item.get("table"), str)
            and isinstance(item.get("uuid"), str)
            and isinstance(item.get("clock"), dict)
            and all(isinstance(k, str) and isinstance(v, int) for k, v in item["clock"].items())
        ):
            raise broken
    if not all(isinstance(item.get("data"), dict) for item in package["records"]):
        raise broken
    for key in ("areas", "projects", "scope"):
        if not isinstance(package.get(key, {}), dict):
            raise broken


__all__ = ["FORMAT", "SUFFIX", "VERSION", "PackageError", "SealedFileError", "read_package", "write_package"]
