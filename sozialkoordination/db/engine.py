"""One engine per process with SQLite PRAGMAs (foreign keys, WAL), and the session factory."""

from __future__ import annotations

import logging
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from . import audit, encryption
from .encryption import DatabaseKey

log = logging.getLogger(__name__)

_KEYS: WeakKeyDictionary[Engine, DatabaseKey] = WeakKeyDictionary()


def make_engine(url: str, key: DatabaseKey | None = None) -> Engine:
    """SQLite files are opened through SQLCipher, so that a password can be set at any time (`key` may change
    while the engine lives: after a change, dispose the pool and new connections use the new password)."""
    if url.startswith("sqlite"):
        key = key or DatabaseKey()
        engine = create_engine(url, module=encryption.driver(), connect_args={"timeout": 15})
        _KEYS[engine] = key

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
    return factory


def set_session_user(factory: sessionmaker[Session], user_name: str | None) -> None:
    """Stamp the coordinator's name on the audit entries of all sessions opened from now on."""
    factory.kw["info"] = {**factory.kw.get("info", {}), "user_name": user_name}
