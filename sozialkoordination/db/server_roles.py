"""The roles of a shared office database on PostgreSQL (issue 21): least privilege for every login.

- The owner of the database and its tables (a login of the IT) is the only one that changes the schema
  (`sozialkoordination db upgrade`); the app itself never needs DDL rights.
- sozk_koordination: read and write the data (no DDL, the change history only loses values on an erasure).
- sozk_region_<kürzel> (one per Sozialregion, member of sozk_koordination): sees and changes the persons and
  volunteers of its Sozialregion (row-level security, migration 0013). Each coordinator is a login in one of these.
- sozk_geschaeftsstelle (member of sozk_koordination): sees and changes all Sozialregionen.
- sozk_lesen: reads everything, changes nothing.

Role names are those of the whole server (PostgreSQL keeps roles per server, not per database)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, text

from sozialkoordination.core.errors import DomainError, ValidationError
from sozialkoordination.core.passwords import check_password

COORDINATION = "sozk_koordination"
OFFICE = "sozk_geschaeftsstelle"
READ_ONLY = "sozk_lesen"
REGION_PREFIX = "sozk_region_"
DEFAULTS = "ALTER DEFAULT PRIVILEGES IN SCHEMA public"
SEARCH_FUNCTIONS = "sozk_person_search(text[], integer), sozk_gone(text, integer)"  # SECURITY DEFINER (0013)
_LOGIN_NAME = re.compile(r"^[a-z_][a-z0-9_.-]{0,62}$")


class ServerSetupError(DomainError):
    pass


def region_role(code: str) -> str:
    """The role of a Sozialregion by its code ("SR-A" → sozk_region_sr_a); the same rule as sozk_region_raeume()."""
    return REGION_PREFIX + re.sub(r"[^A-Za-z0-9]+", "_", code).lower()


@dataclass(frozen=True)
class Region:
    code: str
    name: str

    @property
    def role(self) -> str:
        return region_role(self.code)


def _quoted(connection: Connection, name: str) -> str:
    return connection.dialect.identifier_preparer.quote_identifier(name)


def _set_password(connection: Connection, name: str, password: str, create: bool) -> None:
    """CREATE/ALTER ROLE … PASSWORD with the SCRAM hash made here, so the password itself never reaches the
    server's log; through the driver's cursor, which leaves a % in the hash alone."""
    raw = connection.connection.driver_connection
    verifier = raw.pgconn.encrypt_password(password.encode(), name.encode(), b"scram-sha-256").decode()
    verb = "CREATE" if create else "ALTER"
    statement = f"{verb} ROLE {_quoted(connection, name)} WITH LOGIN PASSWORD '{verifier}'"
    with connection.connection.cursor() as cursor:
        cursor.execute(statement)


def _require_server(connection: Connection) -> None:
    if connection.dialect.name != "postgresql":
        raise ServerSetupError(
            "Rollen und Rechte gibt es nur für eine gemeinsame Datenbank auf einem PostgreSQL-Server. Eine "
            "Datenbankdatei gehört einer Person; sie wird mit einem Kennwort geschützt (sozialkoordination password "
            "set)."
        )


def regions(connection: Connection) -> list[Region]:
    rows = connection.execute(text("SELECT code, name FROM sozialregion ORDER BY position, code"))
    return [Region(code, name) for code, name in rows]


def _role_exists(connection: Connection, name: str) -> bool:
    return bool(connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first())


def roles_exist(connection: Connection) -> bool:
    return connection.dialect.name == "postgresql" and _role_exists(connection, COORDINATION)


def set_up(connection: Connection) -> list[str]:
    """Create the group roles (if missing) and give them their rights on this database's tables; run after every
    schema upgrade, too (new tables). Needs the owner of the database with CREATEROLE, or a superuser. Returns the
    group roles."""
    _require_server(connection)
    q = lambda name: _quoted(connection, name)  # noqa: E731
    database = connection.execute(text("SELECT current_database()")).scalar()
    region_roles = [r.role for r in regions(connection)]
    groups = [COORDINATION, OFFICE, READ_ONLY, *region_roles]
    _may_set_up(connection, database, [role for role in groups if not _role_exists(connection, role)])
    for role in groups:
        if not _role_exists(connection, role):
            connection.execute(text(f"CREATE ROLE {q(role)} NOLOGIN"))
    for role in (OFFICE, *region_roles):
        connection.execute(text(f"GRANT {q(COORDINATION)} TO {q(role)}"))
    statements = [
        # Only the groups connect (CREATE DATABASE lets every login of the server in), and nobody needs temp tables.
        f"REVOKE CONNECT, TEMPORARY ON DATABASE {q(database)} FROM PUBLIC",
        f"GRANT CONNECT ON DATABASE {q(database)} TO {q(COORDINATION)}, {q(READ_ONLY)}",
        # The functions that look past the row rules (each keeps to them in what it returns) only for the groups.
        f"REVOKE EXECUTE ON FUNCTION {SEARCH_FUNCTIONS} FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION {SEARCH_FUNCTIONS} TO {q(COORDINATION)}, {q(READ_ONLY)}",
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",  # PostgreSQL before 15 let everyone create tables there
        f"GRANT USAGE ON SCHEMA public TO {q(COORDINATION)}, {q(READ_ONLY)}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {q(COORDINATION)}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {q(COORDINATION)}",
        f"REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM {q(COORDINATION)}",
        # The change history: written by everyone (the trigger names the login), never rewritten or deleted; an
        # erasure may empty values (trigger sozk_audit_redact_only checks that nothing else changes).
        f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_entry FROM {q(COORDINATION)}",
        f"GRANT UPDATE (old_value, new_value) ON audit_entry TO {q(COORDINATION)}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {q(READ_ONLY)}",
        # Its own profile and form drafts (per workstation; row-level security keeps it off the office's settings).
        f"GRANT INSERT, UPDATE, DELETE ON setting TO {q(READ_ONLY)}",
        # Tables a later version adds (created by this owner at its `db upgrade`) get the same rights at once.
        f"{DEFAULTS} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {q(COORDINATION)}",
        f"{DEFAULTS} GRANT USAGE, SELECT ON SEQUENCES TO {q(COORDINATION)}",
        f"{DEFAULTS} GRANT SELECT ON TABLES TO {q(READ_ONLY)}",
    ]
    for statement in statements:
        connection.execute(text(statement))
    return groups


def _may_set_up(connection: Connection, database: str, missing: list[str]) -> None:
    """The owner of the tables (or a superuser) gives the rights; new roles need CREATEROLE as well."""
    user, superuser, createrole, owner = connection.execute(
        text(
            "SELECT current_user, rolsuper, rolcreaterole, pg_has_role(current_user, "
            "(SELECT relowner FROM pg_class WHERE oid = to_regclass('person')), 'MEMBER') "
            "FROM pg_roles WHERE rolname = current_user"
        )
    ).one()
    if superuser:
        return
    if not owner:
        raise ServerSetupError(
            f"Die Anmeldung „{user}“ ist nicht Eigentümerin der Datenbank „{database}“ und darf deshalb keine Rechte "
            "vergeben. Bitte als Eigentümer ausführen (README: „Für die IT“). Es wurde nichts verändert."
        )
    if missing and not createrole:
        raise ServerSetupError(
            f"Die Anmeldung „{user}“ darf keine Rollen anlegen (fehlend: {', '.join(missing)}). Bitte einmal als "
            f"postgres: ALTER ROLE {_quoted(connection, user)} CREATEROLE; (README: „Für die IT“). Es wurde nichts "
            "verändert."
        )


def create_login(
    connection: Connection,
    name: str,
    password: str,
    *,
    region: str | None = None,
    office: bool = False,
    read_only: bool = False,
) -> str:
    """A login for one person in exactly one group: a Sozialregion (code or name), the Geschäftsstelle or read-only.
    An existing login gets the new password and the group. Returns the group."""
    _require_server(connection)
    name = (name or "").strip()
    if not _LOGIN_NAME.match(name):
        raise ValidationError(
            {
                "name": "Der Anmeldename darf nur Kleinbuchstaben, Ziffern, Punkt, Binde- und Unterstrich enthalten "
                "(z. B. anna.adelebsen) und muss mit einem Buchstaben beginnen."
            }
        )
    if name.startswith("sozk_") or name in ("postgres", "public"):
        raise ValidationError({"name": f"„{name}“ ist für die Gruppen der Anwendung vergeben."})
    check_password(password)
    if sum((region is not None, office, read_only)) != 1:
        raise ValidationError(
            {"group": "Bitte genau eine Gruppe angeben: --region KÜRZEL, --geschaeftsstelle oder --lesen."}
        )  # noqa: E501
    if not roles_exist(connection):
        raise ServerSetupError("Die Gruppen fehlen noch. Bitte zuerst: sozialkoordination server einrichten")
    if region is not None:
        wanted = region.strip().casefold()
        found = [r for r in regions(connection) if wanted in (r.code.casefold(), r.name.casefold())]
        if not found:
            known = ", ".join(f"{r.code} ({r.name})" for r in regions(connection))
            raise ValidationError({"region": f"Die Sozialregion „{region}“ gibt es nicht. Vorhanden: {known}."})
        group = found[0].role
        if not _role_exists(connection, group):
            raise ServerSetupError(
                "Die Gruppe dieser Sozialregion fehlt. Bitte zuerst: sozialkoordination server einrichten"
            )  # noqa: E501
    else:
        group = OFFICE if office else READ_ONLY
    q = lambda role: _quoted(connection, role)  # noqa: E731
    if _role_exists(connection, name):
        _set_password(connection, name, password, create=False)
        previous = connection.execute(
            text(
                "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = :n AND g.rolname LIKE 'sozk\\_%'"
            ),
            {"n": name},
        ).scalars()
        for old in list(previous):
            if old != group:
                connection.execute(text(f"REVOKE {q(old)} FROM {q(name)}"))
    else:
        _set_password(connection, name, password, create=True)
    connection.execute(text(f"GRANT {q(group)} TO {q(name)}"))
    return group


def sees_every_region(connection: Connection) -> bool:
    """Does this login see every record (a database file, the owner, a superuser, the Geschäftsstelle or the
    read-only role), or only the persons of its Sozialregion (row-level security, migration 0013)?"""
    if connection.dialect.name != "postgresql":
        return True
    if not connection.execute(text("SELECT to_regprocedure('sozk_sees_all(name)') IS NOT NULL")).scalar():
        return True
    return bool(connection.execute(text("SELECT sozk_is_owner() OR sozk_sees_all(session_user)")).scalar())
