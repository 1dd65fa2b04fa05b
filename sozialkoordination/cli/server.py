"""Commands for the IT of a shared office database: `db upgrade` (schema, by the owner) and `server einrichten` /
`server benutzer` (roles and logins, db/server_roles.py)."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from sozialkoordination.app import open_context
from sozialkoordination.core.errors import DomainError
from sozialkoordination.db import migrate, server_roles
from sozialkoordination.db.encryption import DatabaseKey
from sozialkoordination.db.engine import make_engine

EXIT_OK = 0
NEW_PASSWORD_VARIABLE = "SOZIALKOORDINATION_NEUES_KENNWORT"
AskPassword = Callable[[str, str, bool], "str | None"]


def run(args: argparse.Namespace, db_url: str, password: str | None, ask: AskPassword) -> int:
    if args.command == "db":
        return _upgrade(db_url, password)
    if args.what == "einrichten":
        return _set_up(db_url)
    return _login(args, db_url, ask)


def _upgrade(db_url: str, password: str | None) -> int:
    engine = make_engine(db_url, DatabaseKey(password))
    try:
        before = migrate.current_revision(engine)
    finally:
        engine.dispose()
    context = open_context(db_url, password)  # migrates (as the owner) and seeds the reference data
    try:
        after = migrate.current_revision(context.engine)
        with context.engine.begin() as connection:
            refreshed = server_roles.roles_exist(connection)
            if refreshed:
                server_roles.set_up(connection)  # tables of the new version get the groups' rights
    finally:
        context.close()
    if before == after:
        print(f"Die Datenbank hat schon den Stand dieser Version (Schemastand {after}).")
    else:
        print(f"Die Datenbank wurde aktualisiert: Schemastand {before or '(leer)'} → {after}.")
    if refreshed:
        print("Die Rechte der Gruppen wurden erneuert. Jetzt die neue Version auf den Arbeitsplätzen installieren.")
    return EXIT_OK


def _set_up(db_url: str) -> int:
    if not db_url.startswith("postgresql"):
        raise DomainError(
            "„server einrichten“ ist für eine gemeinsame Datenbank auf einem PostgreSQL-Server "
            "(--db postgresql://EIGENTÜMER@SERVER/DATENBANK)."
        )
    context = open_context(db_url)
    try:
        with context.engine.begin() as connection:
            groups = server_roles.set_up(connection)
            regions = server_roles.regions(connection)
    finally:
        context.close()
    print("Die Datenbank ist eingerichtet. Gruppen:")
    print(f"  {server_roles.COORDINATION}: lesen und schreiben (Grundrechte, nie Tabellen ändern)")
    for region in regions:
        print(f"  {region.role}: Personen und Ehrenamtliche der Sozialregion {region.name} ({region.code})")
    print(f"  {server_roles.OFFICE}: Geschäftsstelle, alle Sozialregionen")
    print(f"  {server_roles.READ_ONLY}: nur lesen, alle Sozialregionen")
    print(
        f"{len(groups)} Gruppen. Anmeldungen anlegen mit: sozialkoordination --db … server benutzer NAME "
        "--region KÜRZEL (oder --geschaeftsstelle, --lesen)"
    )
    return EXIT_OK


def _login(args: argparse.Namespace, db_url: str, ask: AskPassword) -> int:
    secret = ask(NEW_PASSWORD_VARIABLE, f"Kennwort für „{args.name}“", True)
    if not secret:
        raise DomainError(f"Bitte geben Sie das Kennwort für „{args.name}“ ein ({NEW_PASSWORD_VARIABLE}).")
    engine = make_engine(db_url)
    try:
        with engine.begin() as connection:
            group = server_roles.create_login(
                connection, args.name, secret, region=args.region, office=args.geschaeftsstelle, read_only=args.lesen
            )
    finally:
        engine.dispose()
    print(
        f"Anmeldung „{args.name}“ ist bereit (Gruppe {group}). Adresse für den Arbeitsplatz: "
        f"postgresql://{args.name}@SERVER/DATENBANK?sslmode=verify-full&sslrootcert=PFAD"
    )
    return EXIT_OK
