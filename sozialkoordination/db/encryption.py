"""Encryption at rest: the SQLite file (and its backups) encrypted with SQLCipher through `sqlcipher3`.

A lost laptop must not expose the data. With a password set, every page of the database file, its write-ahead
log and every automatic backup is encrypted; without one, the same code opens a plain SQLite file.

A wrong password and a damaged file look the same to SQLCipher ("file is not a database"). To tell the user
which of the two it is, a check value derived from the password with scrypt is kept beside the database
(`<datei>.pruefwert`); it reveals nothing that the encrypted file does not already allow to test.
"""

from __future__ import annotations

import base64
import hmac
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from sozialkoordination.core.errors import DomainError
from sozialkoordination.db.work_folders import work_folder

log = logging.getLogger(__name__)

CHECK_SUFFIX = ".pruefwert"


class DatabasePasswordError(DomainError):
    """The database is encrypted and the given password does not open it (or none was given)."""


class EncryptionUnavailableError(DomainError):
    pass


@dataclass
class DatabaseKey:
    """The password of the open database; shared by the engine's connect hook and the backups, changeable."""

    password: str | None = None


def driver():
    """The SQLCipher build of the sqlite3 module (bundled with its own SQLite, FTS5 included)."""
    try:
        import sqlcipher3.dbapi2 as sqlcipher
    except ImportError as exc:  # pragma: no cover - a packaging fault, not a user's one
        raise EncryptionUnavailableError(
            "Die Verschlüsselung ist in dieser Installation nicht verfügbar (Paket „sqlcipher3“ fehlt). "
            "Bitte installieren Sie Sozialkoordination neu."
        ) from exc
    # sqlcipher3 (pysqlite as of Python 3.6) passes every parameter that is not an int, float, str or bytearray
    # through its adapter registry; for None, finding nothing there cost 1.2 µs, twelve times a string. Persons
    # have many empty columns: a 100,000-row import bound a million NULLs. An adapter for None keeps it NULL.
    sqlcipher.register_adapter(type(None), _null)
    return sqlcipher


def _null(value: None) -> None:
    return None


def is_encrypted(path: Path) -> bool:
    """True for a file of whole database pages that SQLite cannot read without a key (SQLCipher files look like
    random bytes); a letter or a truncated file is not taken for an encrypted database.

    The file is read through the SQLite driver only, never with Python's own file functions: closing any
    descriptor of a database file drops all POSIX locks this process holds on it, also the engine's. Another
    program that opened and closed the file afterwards would then take the engine's -wal for abandoned and delete
    it, and every later save would be lost on a crash (https://sqlite.org/howtocorrupt.html, section 2.2)."""
    try:
        size = Path(path).stat().st_size  # stat opens no descriptor
    except OSError:
        return False
    if size < 1024 or size % 512:
        return False
    sqlcipher = driver()
    try:
        connection = sqlcipher.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True, timeout=5)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()
    except sqlcipher.DatabaseError as error:
        return "not a database" in str(error).lower()  # SQLITE_NOTADB: the first page is not plain SQLite
    return False


def key_pragma(password: str) -> str:
    return "PRAGMA key = '" + password.replace("'", "''") + "'"


def connect(path: Path, password: str | None, readonly: bool = False):
    """A DB-API connection to the file, unlocked with the password when there is one."""
    sqlcipher = driver()
    target = Path(path).resolve().as_uri() + ("?mode=ro" if readonly else "")
    connection = sqlcipher.connect(target, uri=True, timeout=15)
    if password:
        connection.execute(key_pragma(password))
    return connection


# -- telling a wrong password from a damaged file ---------------------------------------------------------------


def _check_value(password: str, salt: bytes) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=16, n=2**15, r=8, p=1).derive(password.encode("utf-8"))


def check_file_for(database: Path) -> Path:
    return database.with_name(database.name + CHECK_SUFFIX)


def write_check(database: Path, password: str | None) -> None:
    target = check_file_for(database)
    if not password:
        target.unlink(missing_ok=True)
        return
    salt = os.urandom(16)
    record = {
        "kdf": "scrypt-n15-r8-p1",
        "salt": base64.b64encode(salt).decode(),
        "check": base64.b64encode(_check_value(password, salt)).decode(),
    }
    target.write_text(json.dumps(record), encoding="utf-8")


def password_matches(database: Path, password: str) -> bool | None:
    """True/False from the stored check value; None when there is none (copied without it)."""
    try:
        record = json.loads(check_file_for(database).read_text(encoding="utf-8"))
        salt, check = base64.b64decode(record["salt"]), base64.b64decode(record["check"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return hmac.compare_digest(_check_value(password, salt), check)


def verify_password(database: Path, password: str | None) -> None:
    """Raise DatabasePasswordError with a clear message unless `password` opens the encrypted `database`.

    A damaged file with the right password passes here; the integrity check that follows reports it."""
    if not password:
        if check_file_for(database).exists():
            raise DatabasePasswordError(
                f"Die Datenbank „{database.name}“ ist mit einem Kennwort verschlüsselt. "
                "Bitte geben Sie das Kennwort ein."
            )
        raise DatabasePasswordError(
            f"„{database.name}“ lässt sich nicht lesen: Die Datei ist entweder mit einem Kennwort verschlüsselt "
            "(dann geben Sie es bitte ein) oder beschädigt (dann spielen Sie bitte eine Sicherung zurück)."
        )
    matches = password_matches(database, password)
    if matches is False:
        raise DatabasePasswordError("Das Kennwort ist falsch. Bitte versuchen Sie es noch einmal.")
    if matches is None and not opens(database, password):
        raise DatabasePasswordError(
            f"Die Datenbank „{database.name}“ lässt sich mit diesem Kennwort nicht öffnen: Entweder ist das "
            "Kennwort falsch oder die Datei ist beschädigt. Bitte prüfen Sie das Kennwort; hilft das nicht, "
            "spielen Sie eine Sicherung zurück."
        )


def opens(path: Path, password: str | None) -> bool:
    sqlcipher = driver()
    try:
        connection = connect(path, password, readonly=True)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()
    except sqlcipher.DatabaseError:
        return False
    return True


# -- converting a file between plain and encrypted ----------------------------------------------------------------


def export(source: Path, source_password: str | None, target: Path, target_password: str | None) -> None:
    """Write a complete copy of `source` to `target` with another password (None: plain SQLite).

    Uses sqlcipher_export, which rebuilds every table and index (FTS5 included) in the new file."""
    target.unlink(missing_ok=True)
    connection = connect(source, source_password)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute(
            "ATTACH DATABASE ? AS converted KEY ?",
            (str(target), target_password or ""),
        )
        connection.execute("SELECT sqlcipher_export('converted')")
        version = connection.execute("PRAGMA main.user_version").fetchone()[0]
        connection.execute(f"PRAGMA converted.user_version = {int(version)}")
        connection.execute("DETACH DATABASE converted")
    finally:
        connection.close()


def convert_in_place(database: Path, old_password: str | None, new_password: str | None) -> None:
    """Re-write `database` with the new password (set, changed or removed). Every connection must be closed.

    The new file is complete before it replaces the old one; a crash in between leaves the old file."""
    with work_folder(database.parent) as work:  # a plain copy (password removed) never outlives a crash unseen
        partial = work / database.name
        export(database, old_password, partial, new_password)
        for suffix in ("-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        os.replace(partial, database)
    write_check(database, new_password)
