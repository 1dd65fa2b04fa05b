"""A shared office database on the real PostgreSQL server of the test run (issue 21): each coordinator logs in as
themself, sees and changes only the persons of their Sozialregion (row-level security), cannot rewrite the change
history or the schema; the history names the server's login; the read-only login reads; the app starts as a login
that does not own the database, and tells the coordinator when the IT has to upgrade it first.

One office database for the module (tests/office_server.py, set up with the CLI as the IT would): the tests only
read, or write what they undo, or fail to write."""

from __future__ import annotations

from datetime import date

import psycopg
import pytest
from sqlalchemy import select

from sozialkoordination.__main__ import main
from sozialkoordination.actors.service import PERSONS, ActorFilter, PersonData, SortOrder
from sozialkoordination.app import open_context
from sozialkoordination.core.errors import NotFoundError, StorageError
from sozialkoordination.db.migrate import DatabaseTooNewError, SchemaOutdatedError
from sozialkoordination.exchange.service import ExchangeError
from sozialkoordination.meetings.dto import DELETED_ASSIGNEE, HIDDEN_ASSIGNEE, MeetingData, TaskData
from sozialkoordination.models import Organisation, Person, Volunteer
from tests import pg_server
from tests.office_server import ANNA, BERT, OFFICE, OWNER, PASSWORD, READER, SUFFIX, office_database, raw, url


@pytest.fixture(scope="module")
def office(pg):
    yield from office_database(pg)


@pytest.fixture
def anna(pg, office):
    """The app as the coordinator of SR-A, started with her own login (not the owner of the database)."""
    ctx = open_context(url(pg, office, ANNA))
    yield ctx
    ctx.close()


def pg_connection(pg, office):
    """The superuser's view (bound by no rule)."""
    return psycopg.connect(
        host="127.0.0.1",
        port=pg.port,
        user=pg_server.SUPERUSER,
        password=pg_server.PASSWORD,
        dbname=office[0],
        autocommit=True,
    )


def person_names(ctx) -> set[str]:
    return {row.values[0] for row in ctx.actors.rows(ActorFilter(kind=PERSONS), limit=None)}


def test_a_coordinator_sees_the_persons_of_her_region_and_the_organisations_of_all(pg, office, anna):
    names = " ".join(person_names(anna))
    assert "Adler" in names and "Unverortet" in names and "Bremer" not in names
    with anna.session_factory() as s:
        assert s.get(Person, office[1]["bremer"]) is None
        assert s.scalars(select(Volunteer)).all() == []  # Bremer's profile is his
        assert s.scalar(select(Organisation.name)) == "Familienzentrum Bremke"  # district-wide
    with raw(pg, office, ANNA) as c:
        assert c.execute("SELECT count(*) FROM person WHERE last_name = 'Bremer'").fetchone() == (0,)


def test_another_regions_person_cannot_be_changed_deleted_found_exported_or_erased(pg, office, anna, tmp_path):
    bremer = office[1]["bremer"]
    with raw(pg, office, ANNA) as c:
        assert c.execute("UPDATE person SET notes = 'gelesen' WHERE id = %s", [bremer]).rowcount == 0
        assert c.execute("DELETE FROM person WHERE id = %s", [bremer]).rowcount == 0
        assert c.execute("UPDATE volunteer SET skills = '' WHERE person_id = %s", [bremer]).rowcount == 0
    assert [hit.kind for hit in anna.search.search("Bremer")] == []
    assert [hit.title for hit in anna.search.search("Adler")] == ["Anke Adler"]
    with pytest.raises(NotFoundError):
        anna.actors.get_person(bremer)
    with pytest.raises(NotFoundError):
        anna.privacy.find_person("Bremer")
    with pytest.raises(NotFoundError):
        anna.privacy.erase_person(bremer)
    with pytest.raises(NotFoundError):
        anna.privacy.write_report(bremer, tmp_path / "auskunft.docx")
    with raw(pg, office, ANNA) as c:  # nor what was changed in his record
        assert c.execute(
            "SELECT count(*) FROM audit_entry WHERE entity = 'person' AND entity_id = %s", [bremer]
        ).fetchone() == (0,)
    with pg_connection(pg, office) as c:
        assert (
            c.execute(
                "SELECT count(*) FROM audit_entry WHERE entity = 'person' AND entity_id = %s", [bremer]
            ).fetchone()[0]
            > 0
        )
    out = tmp_path / "personen.csv"
    anna.actors.export(ActorFilter(kind=PERSONS), SortOrder(), ["last_name"], out)
    exported = out.read_text(encoding="utf-8-sig")
    assert "Adler" in exported and "Bremer" not in exported
    with pg_connection(pg, office) as c:  # the owner's view: Bremer is unchanged
        assert c.execute("SELECT notes FROM person WHERE id = %s", [bremer]).fetchone() == (None,)


def test_the_search_function_behind_the_index_keeps_to_the_same_rule(pg, office, anna):
    """Under row-level security the planner may not use the trigram index for LIKE; the app then asks
    sozk_person_search (which searches as the owner), and that must not tell a coordinator about other regions."""
    count = "SELECT count(*) FROM sozk_person_search(ARRAY['%bremer%'], NULL)"
    with raw(pg, office, ANNA) as c:
        assert c.execute(count).fetchone() == (0,)
    with raw(pg, office, BERT) as c:
        assert c.execute(count).fetchone() == (1,)
    assert person_names(anna) >= {"Adler"}
    assert [r.values[0] for r in anna.actors.rows(ActorFilter(kind=PERSONS, text="adler"))] == ["Adler"]
    assert anna.actors.rows(ActorFilter(kind=PERSONS, text="bremer")) == []
    assert anna.actors.count(ActorFilter(kind=PERSONS, text="bremer")) == 0


def test_a_coordinator_exchanges_no_datenpaket_that_would_delete_the_other_regions(pg, office, anna, tmp_path):
    """Her sweep would take the persons she cannot see for deleted and send their deletion to the partner."""
    with pg_connection(pg, office) as c:
        before = c.execute("SELECT count(*), count(deleted_at) FROM exchange_record").fetchone()
    with pytest.raises(ExchangeError, match="Datenpakete tauscht hier die Geschäftsstelle aus"):
        anna.exchange.export_package("Laptop", tmp_path / "paket.sozdp", PASSWORD)
    assert not (tmp_path / "paket.sozdp").exists()
    with pg_connection(pg, office) as c:
        assert c.execute("SELECT count(*), count(deleted_at) FROM exchange_record").fetchone() == before


def test_other_logins_of_the_server_cannot_even_connect(pg, office):
    pg.execute(f"CREATE ROLE fremd{SUFFIX} LOGIN PASSWORD '{PASSWORD}'")
    try:
        with pytest.raises(psycopg.OperationalError, match="permission denied"):
            raw(pg, office, f"fremd{SUFFIX}")
    finally:
        pg.execute(f"DROP ROLE fremd{SUFFIX}")


def test_a_coordinator_can_check_the_database_with_her_login(pg, office, capsys):
    assert main(["--db", url(pg, office, ANNA), "check"]) == 0
    assert "Verbindung in Ordnung" in capsys.readouterr().out


def test_a_person_cannot_be_moved_into_another_region(office, anna):
    person = anna.actors.get_person(office[1]["adler"])
    person.sozialraum_id = office[1]["SR-B"]
    with pytest.raises(StorageError, match="Sozialregion, deren Personen Sie nicht bearbeiten dürfen"):
        anna.actors.save_person(person)
    assert anna.actors.get_person(office[1]["adler"]).sozialraum_id == office[1]["SR-A"]


def test_the_history_names_the_login_whatever_the_profile_says(pg, office, anna):
    anna.profile.save("Bert Bremer", None)  # mallory typing someone else's name into Einstellungen
    person_id = anna.actors.save_person(PersonData(last_name="Neumann", sozialraum_id=office[1]["SR-A"]))
    try:
        with pg_connection(pg, office) as c:
            who = c.execute(
                "SELECT DISTINCT user_name FROM audit_entry WHERE entity = 'person' AND entity_id = %s", [person_id]
            ).fetchall()
        assert who == [(ANNA,)]
    finally:
        anna.actors.delete_persons([person_id])


def test_the_history_cannot_be_rewritten_or_deleted_by_a_coordinator(pg, office, anna):
    anna.actors.save_person(PersonData(**{**vars(anna.actors.get_person(office[1]["adler"])), "notes": "neu"}))
    with raw(pg, office, ANNA) as c:
        entry = c.execute("SELECT id FROM audit_entry WHERE user_name = %s LIMIT 1", [ANNA]).fetchone()[0]
        for statement in (
            "UPDATE audit_entry SET user_name = 'Bert' WHERE id = %s",
            "DELETE FROM audit_entry WHERE id = %s",
            "UPDATE audit_entry SET new_value = 'gefälscht' WHERE id = %s",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                c.execute(statement, [entry])
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("TRUNCATE audit_entry")
        # Nor can an entry be written in someone else's name: the server stamps the login.
        c.execute(
            "INSERT INTO audit_entry (changed_at, user_name, entity, entity_id, action) "
            "VALUES (now(), 'Bert', 'person', 1, 'update')"
        )
        assert c.execute("SELECT user_name FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone() == (ANNA,)


def test_a_coordinator_cannot_change_the_schema(pg, office):
    with raw(pg, office, ANNA) as c:
        for statement in (
            "CREATE TABLE geheim (x integer)",
            "DROP TABLE person",
            "ALTER TABLE person DISABLE ROW LEVEL SECURITY",
            "DROP TRIGGER sozk_audit_stamp ON audit_entry",
            "UPDATE alembic_version SET version_num = '0001'",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                c.execute(statement)


def test_erasing_a_person_of_her_region_names_the_login_and_empties_the_values(pg, office, anna):
    person_id = anna.actors.save_person(
        PersonData(last_name="Zander", sozialraum_id=office[1]["SR-A"], phone="0551 9988776")
    )
    anna.privacy.erase_person(person_id)
    with pg_connection(pg, office) as c:
        rows = c.execute(
            "SELECT action, user_name, old_value, new_value FROM audit_entry WHERE entity = 'person' "
            "AND entity_id = %s ORDER BY id",
            [person_id],
        ).fetchall()
    assert rows[-1][:2] == ("erase", ANNA)
    assert not any("9988776" in (v or "") or "Zander" in (v or "") for row in rows for v in row[2:])


def test_the_read_only_login_reads_all_regions_and_changes_nothing(pg, office, tmp_path):
    reader = open_context(url(pg, office, READER))
    try:
        names = " ".join(person_names(reader))
        assert "Adler" in names and "Bremer" in names
        out = tmp_path / "alle.csv"
        assert reader.actors.export(ActorFilter(kind=PERSONS), SortOrder(), ["last_name"], out) == 3
        person = reader.actors.get_person(office[1]["bremer"])
        person.notes = "vom Lesekonto"
        with pytest.raises(StorageError, match="darf die Anmeldung"):
            reader.actors.save_person(person)
        assert reader.actors.get_person(office[1]["bremer"]).notes is None
        # Its own name and region for the window, yes; the office's retention period, no.
        reader.profile.save("Controlling", None)
        assert reader.profile.load().user_name == "Controlling"
        with pytest.raises(StorageError, match="darf die Anmeldung"):
            reader.privacy.set_retention_months(12)
        reader.close()
        owner = open_context(pg.url(office[0], OWNER, PASSWORD))
        owner.privacy.set_retention_months(30)
        owner.close()
        reader = open_context(url(pg, office, READER))
        with pytest.raises(StorageError, match="darf die Anmeldung"):
            reader.privacy.set_retention_months(12)
        assert reader.privacy.retention_months() == 30
    finally:
        reader.close()


def test_the_geschaeftsstelle_sees_and_changes_all_regions(pg, office):
    ctx = open_context(url(pg, office, OFFICE))
    try:
        assert {"Anke Adler", "Bernd Bremer"} <= {h.title for h in ctx.search.search(["Adler", "Bremer"][0])} | {
            h.title for h in ctx.search.search("Bremer")
        }
        person = ctx.actors.get_person(office[1]["bremer"])
        person.notes = "Rückruf"
        ctx.actors.save_person(person)
        person = ctx.actors.get_person(office[1]["bremer"])
        person.notes = None
        ctx.actors.save_person(person)
    finally:
        ctx.close()


def test_the_other_coordinator_sees_his_region_only(pg, office):
    ctx = open_context(url(pg, office, BERT))
    try:
        names = " ".join(person_names(ctx))
        assert "Bremer" in names and "Adler" not in names
    finally:
        ctx.close()


def test_an_older_schema_is_not_upgraded_by_a_coordinator_but_named_for_the_it(pg, pg_migrated_template, office):
    """A database the IT has not upgraded yet (made from the migrated template, one revision back)."""
    name = pg.new_database(pg_migrated_template)
    try:
        pg.execute(
            f'GRANT CONNECT ON DATABASE "{name}" TO sozk_koordination',
            "GRANT USAGE ON SCHEMA public TO sozk_koordination",
            "GRANT SELECT ON ALL TABLES IN SCHEMA public TO sozk_koordination",
            "UPDATE alembic_version SET version_num = '0012'",
            database=name,
        )
        with pytest.raises(SchemaOutdatedError, match="Bitte IT: sozialkoordination db upgrade") as info:
            open_context(pg.url(name, ANNA, PASSWORD))
        assert "0012" in str(info.value)
        with psycopg.connect(host="127.0.0.1", port=pg.port, user=ANNA, password=PASSWORD, dbname=name) as c:
            assert c.execute("SELECT version_num FROM alembic_version").fetchone() == ("0012",)
        # After the upgrade by the IT, a workstation with the version before is refused the same calm way.
        pg.execute("UPDATE alembic_version SET version_num = '9999'", database=name)
        with pytest.raises(DatabaseTooNewError, match="neueren Version.*die IT verteilt sie"):
            open_context(pg.url(name, ANNA, PASSWORD))
    finally:
        pg.drop_database(name)


def test_db_upgrade_by_the_owner_brings_the_schema_and_renews_the_rights(pg, office, capsys):
    assert main(["--db", pg.url(office[0], OWNER, PASSWORD), "db", "upgrade"]) == 0
    out = capsys.readouterr().out
    assert "schon den Stand dieser Version" in out and "Rechte der Gruppen wurden erneuert" in out


def test_a_login_needs_a_password_of_eight_characters_and_one_group(pg, office, monkeypatch, capsys):
    monkeypatch.setenv("SOZIALKOORDINATION_NEUES_KENNWORT", "kurz")
    assert main(["--db", pg.url(office[0]), "server", "benutzer", f"kurz{SUFFIX}", "--lesen"]) == 1
    assert "mindestens 8 Zeichen" in capsys.readouterr().err
    monkeypatch.setenv("SOZIALKOORDINATION_NEUES_KENNWORT", PASSWORD)
    assert main(["--db", pg.url(office[0]), "server", "benutzer", f"x{SUFFIX}", "--region", "SR-Z"]) == 1
    assert "Die Sozialregion „SR-Z“ gibt es nicht" in capsys.readouterr().err


def test_only_the_owner_gives_rights(pg, office, capsys):
    assert main(["--db", url(pg, office, OFFICE), "server", "einrichten"]) == 1
    err = capsys.readouterr().err
    assert f"„{OFFICE}“ ist nicht Eigentümerin der Datenbank" in err and "Es wurde nichts verändert" in err


def test_setting_up_roles_is_refused_for_a_database_file(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "eine.sqlite"), "server", "einrichten"]) == 1
    assert "PostgreSQL-Server" in capsys.readouterr().err


def test_a_task_of_another_regions_person_is_not_shown_as_deleted(pg, office):
    """Seen in the window: a task assigned to a person of another region read "(gelöscht – bitte neu zuweisen)"."""
    owner = open_context(url(pg, office, OWNER))
    meeting_id = owner.meetings.save(
        MeetingData(title="Sozialraumkonferenz Süd", meeting_date=date(2027, 3, 1), level="landkreis")
    )
    try:
        owner.meetings.save_task(
            TaskData(description="Plakat entwerfen", assignee_person_id=office[1]["bremer"], meeting_id=meeting_id)
        )
        coordinator = open_context(url(pg, office, ANNA))
        try:
            task = next(t for t in coordinator.meetings.tasks() if t.description == "Plakat entwerfen")
            assert task.assignee == HIDDEN_ASSIGNEE != DELETED_ASSIGNEE
        finally:
            coordinator.close()
    finally:
        owner.meetings.delete(meeting_id)
        owner.close()
