"""One engine per process with SQLite PRAGMAs (foreign keys, WAL), and the session factory."""

from __future__ import annotations

import logging
from pathlib import Path
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from ..config import sqlite_file
from ..services.errors import StorageError
from . import audit, encryption, tombstones
from .encryption import DatabaseKey

log = logging.getLogger(__name__)

_KEYS: WeakKeyDictionary[Engine, DatabaseKey] = WeakKeyDictionary()

_SAFE = "Alles bisher Gespeicherte ist sicher; die letzte Änderung wurde nicht gespeichert."
# What SQLite reports when the medium fails, and what the coordinator can do about it.
STORAGE_MESSAGES = (
    (
        "unable to open database file",
        "Die Datenbank ist nicht erreichbar – wurde der USB-Stick entfernt oder das Netzlaufwerk getrennt? "
        f"{_SAFE} Bitte verbinden Sie den Datenträger wieder und versuchen Sie es dann erneut.",
    ),
    (
        "database or disk is full",
        f"Der Datenträger ist voll. {_SAFE} Bitte schaffen Sie Platz (z. B. alte Dateien löschen) und speichern "
        "Sie dann erneut.",
    ),
    (
        "readonly database",
        f"Die Datenbank liegt auf einem schreibgeschützten Datenträger oder in einem schreibgeschützten Ordner. "
        f"{_SAFE} Bitte kopieren Sie die Datei an einen beschreibbaren Ort oder heben Sie den Schreibschutz auf.",
    ),
    (
        "disk i/o error",
        f"Beim Zugriff auf die Datenbank ist ein Fehler des Datenträgers aufgetreten. {_SAFE} Bitte prüfen Sie "
        "den Datenträger (Stick fest eingesteckt? Netz verbunden?) und versuchen Sie es erneut.",
    ),
)


def _connector(driver, path: Path):
    """Connections to an existing database file never create it anew: if the stick or share is gone, SQLite
    reports an error instead of silently starting an empty database at the same place."""
    created = {"done": path.exists()}

    # The pool hands one connection to one thread at a time, but a connection made on the GUI thread is later
    # used by background tasks (ui/tasks.py); SQLAlchemy passes check_same_thread=False itself only when it
    # connects, not through a creator.
    def connect():
        if created["done"]:
            return driver.connect(path.resolve().as_uri() + "?mode=rw", uri=True, timeout=15, check_same_thread=False)
        connection = driver.connect(str(path), timeout=15, check_same_thread=False)
        created["done"] = True
        return connection

    return connect


def make_engine(url: str, key: DatabaseKey | None = None) -> Engine:
    """SQLite files are opened through SQLCipher, so that a password can be set at any time (`key` may change
    while the engine lives: after a change, dispose the pool and new connections use the new password)."""
    if url.startswith("sqlite"):
        key = key or DatabaseKey()
        driver = encryption.driver()
        path = sqlite_file(url)
        options = {"creator": _connector(driver, path)} if path is not None else {"connect_args": {"timeout": 15}}
        engine = create_engine(url, module=driver, **options)
        _KEYS[engine] = key

        @event.listens_for(engine, "handle_error")
        def _storage_errors(context) -> None:
            text = str(context.original_exception).lower()
            for needle, message in STORAGE_MESSAGES:
                if needle in text:
                    log.warning("Datenträgerfehler: %s", context.original_exception)
                    raise StorageError(message) from context.original_exception

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:  # pragma: no cover - trivial
            cursor = dbapi_connection.cursor()
            if key.password:  # must come first: nothing can be read before the file is unlocked
                cursor.execute(encryption.key_pragma(key.password))
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            # 64 MB page cache instead of 2 MB: bulk imports touch five indexes per person table row.
            cursor.execute("PRAGMA cache_size=-65536")
            # Deleted content is overwritten, not left in free pages (DSGVO: an erased person is gone from the file).
            cursor.execute("PRAGMA secure_delete=ON")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def engine_key(engine: Engine) -> DatabaseKey:
    """The password holder of a SQLite engine (empty for plain files and other databases)."""
    return _KEYS.get(engine) or DatabaseKey()


def make_session_factory(engine: Engine, user_name: str | None = None) -> sessionmaker[Session]:
    """Sessions that write an audit entry for every change; the user's name is stamped on each entry."""
    factory = sessionmaker(bind=engine, expire_on_commit=False, info={"user_name": user_name})
    audit.install(factory)
    tombstones.install(factory)
    return factory


def set_session_user(factory: sessionmaker[Session], user_name: str | None) -> None:
    """Stamp the coordinator's name on the audit entries of all sessions opened from now on."""
    factory.kw["info"] = {**factory.kw.get("info", {}), "user_name": user_name}
