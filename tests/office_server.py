"""The shared office database of the server tests (issue 21), set up as the README tells the IT: an owner login with
CREATEROLE (not a superuser) runs `server einrichten` and `server benutzer`; coordinators of SR-A and SR-B, the
Geschäftsstelle and a read-only login each get their own login."""

from __future__ import annotations

import os
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import select

from sozialkoordination.__main__ import main
from sozialkoordination.actors.service import OrganisationData, PersonData
from sozialkoordination.app import open_context
from sozialkoordination.models import Sozialraum, Sozialregion, Volunteer

PASSWORD = "Büro-Kennwort 2026"
SUFFIX = f"_{os.getpid()}"  # logins are the whole server's: the run's other databases must not meet them
ANNA, BERT, OFFICE, READER, OWNER = (f"{name}{SUFFIX}" for name in ("anna", "bert", "gs", "leser", "it"))


def office_database(pg) -> Iterator[tuple[str, dict]]:
    """The office database as the README sets it up: IT's owner login (CREATEROLE, not a superuser) creates the
    database with `server einrichten` and the logins with `server benutzer`; then persons Adler (SR-A), Bremer
    (SR-B, with a volunteer profile) and one without Sozialraum, and an organisation in SR-B."""
    name = f"buero{SUFFIX}"
    pg.execute(
        f"CREATE ROLE {OWNER} LOGIN CREATEROLE PASSWORD '{PASSWORD}'",
        f"CREATE DATABASE {name} OWNER {OWNER} ENCODING 'UTF8' TEMPLATE template0",
    )
    owner_url = pg.url(name, OWNER, PASSWORD)
    with pytest.MonkeyPatch.context() as mp:
        assert main(["--db", owner_url, "server", "einrichten"]) == 0
        mp.setenv("SOZIALKOORDINATION_NEUES_KENNWORT", PASSWORD)
        for login, group in (
            (ANNA, ["--region", "SR-A"]),
            (BERT, ["--region", "adelebsen/bovenden"]),
            (OFFICE, ["--geschaeftsstelle"]),
            (READER, ["--lesen"]),
        ):
            assert main(["--db", owner_url, "server", "benutzer", login, *group]) == 0
    ctx = open_context(owner_url)
    with ctx.session_factory.begin() as s:
        raum = {
            code: s.scalar(select(Sozialraum.id).join(Sozialregion).where(Sozialregion.code == code).limit(1))
            for code in ("SR-A", "SR-B")
        }
    ctx.actors.save_organisation(OrganisationData(name="Familienzentrum Bremke", sozialraum_id=raum["SR-B"]))
    save = ctx.actors.save_person
    ids = {
        "adler": save(PersonData(first_name="Anke", last_name="Adler", sozialraum_id=raum["SR-A"])),
        "bremer": save(PersonData(first_name="Bernd", last_name="Bremer", sozialraum_id=raum["SR-B"])),
        "loose": save(PersonData(first_name="Ute", last_name="Unverortet")),
        **raum,
    }
    with ctx.session_factory.begin() as s:
        s.add(Volunteer(person_id=ids["bremer"], sozialraum_id=raum["SR-B"], skills="Fahrdienst"))
    ctx.close()
    yield name, ids
    pg.drop_database(name)
    pg.execute(*(f'DROP ROLE IF EXISTS "{login}"' for login in (ANNA, BERT, OFFICE, READER, OWNER)))


def url(pg, office, login: str) -> str:
    return pg.url(office[0], login, PASSWORD)


def raw(pg, office, login: str) -> psycopg.Connection:
    """psql's view: a plain connection with the login, as someone who knows their password could open it."""
    return psycopg.connect(
        host="127.0.0.1", port=pg.port, user=login, password=PASSWORD, dbname=office[0], autocommit=True
    )
