"""One engine per process with SQLite PRAGMAs (foreign keys, WAL) or, for a database server, pre-ping and German
messages for connection problems; and the session factory."""

from __future__ import annotations

import logging
from pathlib import Path
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from sozialkoordination.config import sqlite_file
from sozialkoordination.core.errors import DatabaseBusyError, StorageError
from sozialkoordination.db import audit, encryption, tombstones
from sozialkoordination.db.encryption import DatabaseKey

log = logging.getLogger(__name__)

_KEYS: WeakKeyDictionary[Engine, DatabaseKey] = WeakKeyDictionary()

# How long a statement waits for another connection's write lock before "Die Datenbank ist gerade belegt": long
# enough for any ordinary save of another process, short enough that a form never seems frozen (it was 15 s).
BUSY_TIMEOUT_SECONDS = 3

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


# The tables whose rows belong to a Sozialregion on a shared server (row-level security, migration 0013).
REGION_TABLES = (
    "person",
    "volunteer",
    "affiliation",
    "consent",
    "invitation",
    "person_theme",
    "network_membership",
    "relationship",
    "volunteer_availability",
    "volunteer_interest",
    "placement",
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
            return driver.connect(
                path.resolve().as_uri() + "?mode=rw", uri=True, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False
            )
        connection = driver.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False)
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
        options = (
            {"creator": _connector(driver, path)}
            if path is not None
            else {"connect_args": {"timeout": BUSY_TIMEOUT_SECONDS}}
        )
        # hide_parameters: an error's text (and so the log) shows the SQL, never the values – names, e-mail
        # addresses and notes about health must not reach the plain-text log file.
        engine = create_engine(url, module=driver, hide_parameters=True, **options)
        _KEYS[engine] = key

        @event.listens_for(engine, "handle_error")
        def _storage_errors(context) -> None:
            text = str(context.original_exception).lower()
            if "database is locked" in text:
                log.info("Datenbank belegt: %s", context.original_exception)
                raise DatabaseBusyError() from context.original_exception
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
    return _server_engine(url)


def _server_engine(url: str) -> Engine:
    """A database server (PostgreSQL): connections are checked before use, so a server restart or a network
    drop costs one reconnect instead of an error; every failure the user can fix gets a German message."""
    try:
        parsed = make_url(url)
        options = {"connect_args": {"connect_timeout": 10}} if parsed.get_backend_name() == "postgresql" else {}
        engine = create_engine(parsed, pool_pre_ping=True, hide_parameters=True, **options)
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        log.info("Datenbankadresse nicht verwendbar: %s", exc)
        raise StorageError(
            f"„{_without_password(url)}“ ist keine Datenbankadresse, die Sozialkoordination öffnen kann. Bitte "
            "geben Sie eine Datei an oder einen PostgreSQL-Server in der Form "
            "postgresql+psycopg://BENUTZER:KENNWORT@SERVER/DATENBANK."
        ) from exc

    @event.listens_for(engine, "handle_error")
    def _server_errors(context) -> None:
        if context.is_pre_ping:
            return  # the pool reconnects by itself
        message = server_message(context.original_exception, engine.url)
        if message:
            log.info("Datenbankserver: %s", context.original_exception)
            raise StorageError(message) from context.original_exception

    return engine


def _without_password(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url.split("@")[-1]


def server_message(exc: BaseException, url) -> str | None:
    """What a coordinator can do about a failed connection to (or statement on) the database server; None for
    errors that are not about the server or the connection (those are bugs and keep their traceback)."""
    text = str(exc).lower()
    where = f"{url.host or 'localhost'}" + (f":{url.port}" if url.port else "")
    user, database = url.username or "(ohne Namen)", url.database or ""
    if (
        "password authentication failed" in text
        or "no password supplied" in text
        or ("role" in text and "does not exist" in text)
    ):
        return (
            f"Die Anmeldung am Datenbankserver {where} als „{user}“ ist fehlgeschlagen: Benutzername oder Kennwort "
            "stimmen nicht. Bitte prüfen Sie die Angaben in der Datenbankadresse "
            "(postgresql+psycopg://BENUTZER:KENNWORT@SERVER/DATENBANK)."
        )
    if "database" in text and "does not exist" in text:
        return (
            f"Die Datenbank „{database}“ gibt es auf dem Server {where} nicht. Bitte prüfen Sie den Namen in der "
            "Datenbankadresse oder lassen Sie die Datenbank anlegen (README: „Gemeinsame Datenbank im Büro“)."
        )
    tls = tls_message(text, where)
    if tls:
        return tls
    if "pg_hba.conf" in text:
        return (
            f"Der Datenbankserver {where} lässt Verbindungen von diesem Rechner nicht zu (pg_hba.conf). Bitte "
            "wenden Sie sich an die Person, die den Server betreut."
        )
    if "row-level security" in text and any(f'"{table}"' in text for table in REGION_TABLES):
        return (
            f"Das dürfen Sie mit der Anmeldung „{user}“ nicht speichern: Der Eintrag gehörte danach zu einer "
            "Sozialregion, deren Personen Sie nicht bearbeiten dürfen. Bitte wählen Sie einen Sozialraum Ihrer "
            f"Sozialregion oder bitten Sie die Geschäftsstelle darum. {_SAFE}"
        )
    if "permission denied" in text or "must be owner" in text or "row-level security" in text:
        return (
            f"Das darf die Anmeldung „{user}“ in der Datenbank „{database}“ nicht (zum Beispiel nur lesen, oder "
            "etwas, das nur die IT darf). Es wurde nichts verändert. Wenn Sie das brauchen, wenden Sie sich bitte an "
            "die IT (README: „Für die IT“, Rollen und Rechte)."
        )
    connection_lost = (
        "server closed the connection",
        "terminating connection",
        "connection already closed",
        "consuming input failed",
        "ssl connection has been closed",
        "the connection is lost",
    )
    if any(needle in text for needle in connection_lost):
        return (
            f"Die Verbindung zum Datenbankserver {where} ist unterbrochen. {_SAFE} Bitte prüfen Sie die "
            "Netzwerkverbindung und versuchen Sie es dann erneut."
        )
    unreachable = (
        "connection refused",
        "connection failed",
        "could not connect",
        "could not translate host name",
        "failed to resolve host",
        "name or service not known",
        "timeout expired",
        "no route to host",
        "network is unreachable",
    )
    if any(needle in text for needle in unreachable):
        return (
            f"Der Datenbankserver {where} ist nicht erreichbar. Bitte prüfen Sie, ob dieser Rechner mit dem "
            "Büronetz (oder dem VPN) verbunden ist und ob der Server läuft; die Adresse steht in --db bzw. "
            "SOZIALKOORDINATION_DB."
        )
    return None


def tls_message(text: str, where: str) -> str | None:
    """Encrypted connections (TLS): the server's certificate is not trusted, the root certificate is missing, the
    server has no TLS though the address requires it, or the server requires TLS and the address does not use it.
    `text` is the driver's message in lower case."""
    settings = "(sslmode und sslrootcert in der Datenbankadresse, README: „Für die IT“, TLS)"
    if "root certificate file" in text or "could not read root certificate" in text:
        return (
            f"Die Verbindung zum Datenbankserver {where} soll verschlüsselt und geprüft sein, aber die Datei mit dem "
            f"Stammzertifikat fehlt oder ist nicht lesbar. Bitte prüfen Sie den Pfad in sslrootcert {settings}."
        )
    if (
        "certificate verify failed" in text
        or "does not match host name" in text
        or "certificate" in text
        and ("not trusted" in text or "self-signed" in text or "self signed" in text or "expired" in text)
    ):
        return (
            f"Dem Zertifikat des Datenbankservers {where} wird nicht vertraut (unbekannte Ausstellerin, abgelaufen "
            "oder für einen anderen Servernamen). Die Verbindung wurde nicht aufgebaut, damit niemand mitlesen kann. "
            f"Bitte wenden Sie sich an die IT: Stammzertifikat und Servername prüfen {settings}."
        )
    if "server does not support ssl" in text or "ssl was required" in text:
        return (
            f"Die Datenbankadresse verlangt eine verschlüsselte Verbindung (TLS), aber der Datenbankserver {where} "
            f"bietet keine an. Bitte wenden Sie sich an die IT: TLS am Server einschalten {settings}."
        )
    if "pg_hba.conf" in text and "no encryption" in text and "ssl encryption" not in text:
        return (
            f"Der Datenbankserver {where} nimmt von diesem Rechner nur verschlüsselte Verbindungen (TLS) an. Bitte "
            f"ergänzen Sie in der Datenbankadresse ?sslmode=verify-full&sslrootcert=PFAD {settings}."
        )
    if "ssl error" in text or "ssl syscall" in text or "tlsv1 alert" in text:
        return (
            f"Die verschlüsselte Verbindung (TLS) zum Datenbankserver {where} ist gescheitert. Bitte wenden Sie sich "
            f"an die IT {settings}."
        )
    return None


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
