"""Migrations: an empty file upgrades to head, the result matches the models, newer databases are refused."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from sozialkoordination.app import DatabaseOpenError, open_context
from sozialkoordination.db import migrate
from sozialkoordination.db.encryption import driver
from sozialkoordination.db.engine import make_engine
from sozialkoordination.db.search_index import include_name
from sozialkoordination.models import Base

sqlcipher = driver()  # the app's SQLite only: a second SQLite library in this process would not see the engine's locks


def test_empty_database_upgrades_to_head_and_matches_models(db_url):
    engine = make_engine(db_url)
    assert migrate.upgrade(engine) is True
    assert migrate.current_revision(engine) == migrate.head_revision(engine)
    with engine.connect() as conn:
        opts = {"compare_type": True, "include_name": include_name}
        diff = compare_metadata(MigrationContext.configure(conn, opts=opts), Base.metadata)
    assert diff == []
    assert set(inspect(engine).get_table_names()) >= set(Base.metadata.tables)
    assert migrate.upgrade(engine) is False  # nothing to do the second time
    engine.dispose()


def test_downgrade_and_upgrade_again(db_url):
    """Every revision can be taken back (0004 branches by database: FTS5 tables or pg_trgm indexes)."""
    from alembic import command

    engine = make_engine(db_url)
    migrate.upgrade(engine)
    cfg = migrate.alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0003")
    assert migrate.current_revision(engine) == "0003"
    assert not {"organisation_fts", "person_fts"} & set(inspect(engine).get_table_names())
    assert not any("trgm" in (i["name"] or "") for i in inspect(engine).get_indexes("person"))
    assert migrate.upgrade(engine) is True
    assert migrate.current_revision(engine) == migrate.head_revision(engine)
    engine.dispose()


def test_0007_gives_the_existing_records_their_search_texts(db_url):
    """A database of revision 0006 with records in every table the global search folded at query time: the upgrade
    stores their texts, folded by the app's own function, and leaves the records' change times alone."""
    from datetime import date, datetime

    from sqlalchemy import select

    from sozialkoordination.models import Meeting, Network, Offer, ParticipationActivity, Task, Volunteer

    engine = _at_revision(db_url, "0006")
    stamp = datetime(2026, 1, 2, 3, 4, 5)
    rows = {  # as the app of revision 0006 wrote them
        "person": {"last_name": "Öztürk", "first_name": "Gisela", "sort_key": "oeztuerk gisela", "search_text": ""},
        "network": {
            "name": "Netzwerk Frühe Hilfen",
            "network_type": None,
            "level": "landkreis",
            "description": "Präventionskette GÖTTINGEN",
        },
        "meeting": {
            "meeting_type": "Arbeitskreis",
            "title": "AK Straßensozialarbeit",
            "level": "landkreis",
            "meeting_date": date(2026, 3, 1),
            "minutes_status": "Entwurf",
            "venue": "Café Übersee",
        },
        "task": {"description": "Einladung an Herrn Çelik", "status": "offen"},
        "volunteer": {
            "person_id": 1,
            "has_car": False,
            "uses_public_transport": True,
            "role": "Lesepatin",
            "ortschaft": "Groß Schneen",
        },
        "offer": {
            "title": "Lesepat*innen gesucht",
            "time_pattern": "regelmäßig",
            "places": 1,
            "status": "offen",
            "description": "Éléonore erklärt",
        },
        "participation_activity": {
            "format": "Befragung",
            "title": "Dorfzukunft",
            "status": "geplant",
            "notes": "São Paulo",
        },
    }
    _insert_old_rows(engine, rows, stamp)
    assert migrate.upgrade(engine) is True
    models = (Network, Meeting, Task, Volunteer, Offer, ParticipationActivity)
    with engine.connect() as conn:
        for model in models:
            row = conn.execute(select(model.__table__).where(model.__table__.c.id == 1)).mappings().one()
            assert (row["search_text"], row["updated_at"]) == (model.search_text_of(row), stamp)
        texts = {model.__tablename__: conn.scalar(select(model.search_text)) for model in models}
        functions = "SELECT count(*) FROM pg_proc WHERE proname = 'fold'"
        fold_left = conn.execute(text(functions)).scalar() if conn.dialect.name == "postgresql" else 0
    assert texts == {
        "network": "netzwerk fruehe hilfen praeventionskette goettingen",
        "meeting": "ak strassensozialarbeit arbeitskreis cafe uebersee",
        "task": "einladung an herrn celik",
        "volunteer": "lesepatin gross schneen",
        "offer": "lesepat*innen gesucht eleonore erklaert",
        "participation_activity": "dorfzukunft befragung sao paulo",
    }
    assert fold_left == 0  # PostgreSQL: nothing uses the SQL fold() of migration 0004 any more
    engine.dispose()


def test_0008_sorts_names_in_quotes_under_their_first_letter(db_url):
    """Records of revision 0007 whose names begin with a quote get sort keys from their first letter; the others
    and the change times stay as they were. The downgrade gives the old keys back."""
    from datetime import datetime

    from alembic import command
    from sqlalchemy import select

    from sozialkoordination.models import Organisation, Person

    engine = _at_revision(db_url, "0007")
    stamp = datetime(2026, 1, 2, 3, 4, 5)
    _insert_old_rows(
        engine,
        {
            "organisation": {"name": "„Die Brücke“ e. V.", "sort_key": "„die bruecke“ e. v.", "search_text": ""},
            "person": {
                "last_name": '"Öztürk"',
                "first_name": "Gisela",
                "sort_key": '"oeztuerk" gisela',
                "search_text": "",
            },
        },
        stamp,
    )
    assert migrate.upgrade(engine) is True
    with engine.connect() as conn:
        org = conn.execute(select(Organisation.sort_key, Organisation.updated_at)).one()
        person = conn.execute(select(Person.sort_key, Person.updated_at)).one()
    assert tuple(org) == ("die bruecke“ e. v.", stamp)
    assert tuple(person) == ('oeztuerk" gisela', stamp)
    cfg = migrate.alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0007")
    with engine.connect() as conn:
        assert conn.scalar(select(Organisation.sort_key)) == "„die bruecke“ e. v."
        assert conn.scalar(select(Person.sort_key)) == '"oeztuerk" gisela'
    engine.dispose()


def test_0009_adds_the_store_of_approved_minutes_and_keeps_the_meetings(db_url):
    """A database of revision 0008 with approved minutes: the upgrade adds the empty store of Fassungen (the app
    stores the first Fassung when it is needed) and keeps the meeting; the downgrade drops only the store."""
    from datetime import date, datetime

    from alembic import command
    from sqlalchemy import func, select

    from sozialkoordination.models import Meeting, MinutesVersion

    engine = _at_revision(db_url, "0008")
    _insert_old_rows(
        engine,
        {
            "meeting": {
                "meeting_type": "Sozialraumkonferenz",
                "title": "Konferenz",
                "level": "landkreis",
                "meeting_date": date(2025, 5, 1),
                "minutes_status": "genehmigt",
                "search_text": "",
            }
        },
        datetime(2025, 5, 2),
    )
    assert "minutes_version" not in inspect(engine).get_table_names()
    assert migrate.upgrade(engine) is True
    columns = {c["name"] for c in inspect(engine).get_columns("minutes_version")}
    assert {"meeting_id", "number", "approved_at", "reason", "reopen_reason", "content"} <= columns
    with engine.connect() as conn:
        assert conn.scalar(select(func.count(MinutesVersion.id))) == 0
        assert conn.scalar(select(Meeting.minutes_status)) == "genehmigt"
    cfg = migrate.alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0008")
    assert "minutes_version" not in inspect(engine).get_table_names()
    with engine.connect() as conn:
        assert conn.scalar(select(Meeting.title)) == "Konferenz"
    engine.dispose()


def test_upgrading_an_old_database_keeps_every_record_that_refers_to_a_rebuilt_table(db_url):
    """SQLite rebuilds a table to add a foreign key (0003 rebuilds agenda_item). With foreign keys enforced, dropping
    the old table would delete, through ON DELETE CASCADE and SET NULL, the decisions and task links of every TOP.
    A database of revision 0002 with a meeting, a TOP, a decision and a task keeps them all."""
    from datetime import date, datetime

    from sqlalchemy import func, select

    engine = _at_revision(db_url, "0002")
    stamp = datetime(2026, 1, 2, 3, 4, 5)
    rows = {  # as the app of revision 0002 wrote them
        "meeting": {
            "meeting_type": "Sozialraumkonferenz",
            "title": "SRK Bovenden",
            "level": "landkreis",
            "meeting_date": date(2026, 3, 1),
            "minutes_status": "Entwurf",
        },
        "agenda_item": {
            "meeting_id": 1,
            "position": 1,
            "title": "Sozialraumbudget",
            "item_type": "Beschluss",
            "is_standing": False,
        },
        "decision": {"agenda_item_id": 1, "position": 1, "text": "Das Elterncafé wird gefördert."},
        "task": {"description": "Antrag weiterleiten", "status": "offen", "meeting_id": 1, "agenda_item_id": 1},
    }
    metadata = _insert_old_rows(engine, rows, stamp)
    assert migrate.upgrade(engine) is True
    with engine.connect() as conn:
        counts = {table: conn.scalar(select(func.count()).select_from(metadata.tables[table])) for table in rows}
        task_link = conn.scalar(select(metadata.tables["task"].c.agenda_item_id))
        broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all() if conn.dialect.name == "sqlite" else []
        enforced = conn.exec_driver_sql("PRAGMA foreign_keys").scalar() if conn.dialect.name == "sqlite" else 1
    assert counts == {"meeting": 1, "agenda_item": 1, "decision": 1, "task": 1}
    assert task_link == 1
    assert broken == [] and enforced == 1  # checked afterwards, and enforced again
    engine.dispose()


@pytest.mark.sqlite_only("the refused database file must stay byte for byte the same")
def test_database_newer_than_app_is_refused_unchanged(tmp_path):
    path = tmp_path / "zukunft.sqlite"
    ctx = open_context(f"sqlite:///{path}")
    ctx.close()
    conn = sqlcipher.connect(path)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(migrate.DatabaseTooNewError, match="neueren Version"):
        open_context(f"sqlite:///{path}")
    assert path.read_bytes() == before


@pytest.mark.postgresql_only
def test_a_server_database_newer_than_the_app_is_refused(context):
    with context.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(migrate.DatabaseTooNewError, match="neueren Version"):
        open_context(context.db_url)


@pytest.mark.sqlite_only("backups are copies of the SQLite file")
def test_existing_database_is_backed_up_before_upgrade(tmp_path):
    path = tmp_path / "alt.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as conn:  # a database from before the first migration: data, no alembic_version
        conn.execute(text("CREATE TABLE notizen (text TEXT)"))
        conn.execute(text("INSERT INTO notizen VALUES ('wichtig')"))
    migrate.upgrade(engine)
    engine.dispose()
    backups = list((tmp_path / "Sicherungen").glob("alt_*_vor-migration.sqlite"))
    assert len(backups) == 1
    with sqlcipher.connect(backups[0]) as conn:
        assert conn.execute("SELECT text FROM notizen").fetchall() == [("wichtig",)]
        assert conn.execute("SELECT name FROM sqlite_master WHERE name='alembic_version'").fetchall() == []


@pytest.mark.sqlite_only("a file that is no SQLite database")
def test_file_that_is_not_a_database_gets_a_clear_message(tmp_path):
    path = tmp_path / "kaputt.sqlite"
    path.write_bytes(b"Das ist keine Datenbank, sondern ein Brief." * 100)
    before = path.read_bytes()
    with pytest.raises(DatabaseOpenError, match="keine Datenbank oder beschädigt"):
        open_context(f"sqlite:///{path}")
    assert path.read_bytes() == before


@pytest.mark.sqlite_only("the folder of a SQLite file")
def test_missing_folder_gets_a_clear_message(tmp_path):
    with pytest.raises(DatabaseOpenError, match="existiert nicht"):
        open_context(f"sqlite:///{tmp_path / 'gibtsnicht' / 'db.sqlite'}")


@pytest.mark.sqlite_only("PRAGMAs of the SQLite connection")
def test_sqlite_runs_with_foreign_keys_and_wal(context):
    with context.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def _at_revision(db_url: str, revision: str):
    """An engine on a new database migrated only up to `revision`, as an older version of the app left it."""
    from alembic import command

    engine = make_engine(db_url)
    cfg = migrate.alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    return engine


def _insert_old_rows(engine, rows: dict[str, dict], stamp):
    """One record per table (id 1), written as that older app wrote them; returns the reflected tables."""
    from sqlalchemy import MetaData, insert

    metadata = MetaData()
    metadata.reflect(engine, only=list(rows))
    with engine.begin() as conn:
        for number, (table, values) in enumerate(rows.items(), start=1):
            record = {
                "id": 1,
                "uuid": f"00000000-0000-4000-8000-00000000000{number}",
                "created_at": stamp,
                "updated_at": stamp,
                "version": 1,
            }
            conn.execute(insert(metadata.tables[table]), [record | values])
    return metadata


def test_0010_keeps_exchange_states_and_gives_them_field_clocks_at_the_next_exchange(db_url):
    """An exchange state of revision 0009 keeps its clock; the upgrade adds field states (empty until the next
    sweep, which gives every field the record's clock) and origins; the downgrade takes them away."""
    from alembic import command
    from sqlalchemy import select

    from sozialkoordination.models import ExchangeRecord

    engine = _at_revision(db_url, "0009")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO exchange_record (table_name, uuid, fingerprint, clock) "
                "VALUES ('organisation', 'u-1', 'abc', '{\"s\": 3}')"
            )
        )
    assert migrate.upgrade(engine) is True
    with engine.connect() as conn:
        row = conn.execute(select(ExchangeRecord.clock, ExchangeRecord.fields, ExchangeRecord.origin)).one()
    assert tuple(row) == ('{"s": 3}', None, None)
    cfg = migrate.alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0009")
    assert "fields" not in {c["name"] for c in inspect(engine).get_columns("exchange_record")}
    engine.dispose()


def test_0012_gives_organisations_coordinates_and_keeps_them(db_url):
    """An organisation of revision 0011 keeps everything and gets empty coordinates; the downgrade drops them."""
    from datetime import UTC, datetime

    from alembic import command

    engine = _at_revision(db_url, "0011")
    old = {"name": "Kita Pusteblume", "sort_key": "kita pusteblume", "search_text": "kita pusteblume"}
    _insert_old_rows(engine, {"organisation": old}, datetime(2026, 3, 1, tzinfo=UTC))
    assert migrate.upgrade(engine) is True
    with engine.connect() as conn:
        row = conn.execute(text("SELECT name, latitude, longitude FROM organisation")).one()
    assert tuple(row) == ("Kita Pusteblume", None, None)
    with engine.begin() as conn:
        conn.execute(text("UPDATE organisation SET latitude = 51.5412, longitude = 9.9312"))
    cfg = migrate.alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0011")
    columns = {c["name"] for c in inspect(engine).get_columns("organisation")}
    assert "latitude" not in columns and "longitude" not in columns and "name" in columns
    assert migrate.upgrade(engine) is True
    engine.dispose()


def test_0013_guards_persons_and_the_history_on_a_server_and_leaves_a_file_alone(db_url):
    """On PostgreSQL: row-level security on the person tables, the audit triggers and their functions; the
    downgrade removes them all. A SQLite file has one user: nothing changes there."""
    from alembic import command

    engine = _at_revision(db_url, "0012")
    assert migrate.upgrade(engine) is True
    server = engine.dialect.name == "postgresql"

    def guarded() -> set[str]:
        if not server:
            return set()
        with engine.connect() as conn:
            tables = conn.execute(text("SELECT relname FROM pg_class WHERE relrowsecurity")).scalars()
            triggers = conn.execute(text("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'sozk%'")).scalars()
            return {*tables, *triggers}

    if server:
        assert {"person", "volunteer", "consent", "audit_entry", "sozk_audit_stamp"} <= guarded()
    cfg = migrate.alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0012")
    assert guarded() == set()
    assert migrate.upgrade(engine) is True


def test_0014_regroups_stored_phone_numbers_as_din_5008(db_url):
    """Numbers of revision 0013 stored without spaces get the DIN 5008 grouping, also in the search text (so the
    search index finds the new form); texts that are no number and the change times stay as they were."""
    from datetime import datetime

    from sqlalchemy import select

    from sozialkoordination.models import Organisation, Person

    engine = _at_revision(db_url, "0013")
    stamp = datetime(2026, 1, 2, 3, 4, 5)
    _insert_old_rows(
        engine,
        {
            "organisation": {
                "name": "Kita Pusteblume",
                "phone": "0551123456",
                "sort_key": "kita pusteblume",
                "search_text": "kita pusteblume 0551123456",
            },
            "person": {
                "last_name": "Kühne",
                "first_name": "Gisela",
                "phone": "+49 551/39-0",
                "mobile": "siehe Zentrale",
                "sort_key": "kuehne gisela",
                "search_text": "gisela kuehne +49 551/39-0 siehe zentrale",
            },
        },
        stamp,
    )
    with engine.begin() as conn:  # a second person whose numbers are grouped already stays untouched
        conn.execute(
            text(
                "INSERT INTO person (id, uuid, created_at, updated_at, version, last_name, phone, mobile, sort_key, "
                "search_text) VALUES (2, 'u-2', :t, :t, 1, 'Çelik', '0551 123456', '01711234567', 'celik', "
                "'celik 0551 123456 01711234567')"
            ),
            {"t": stamp},
        )
    assert migrate.upgrade(engine) is True
    with engine.connect() as conn:
        org = conn.execute(select(Organisation.phone, Organisation.search_text, Organisation.updated_at)).one()
        persons = conn.execute(
            select(Person.phone, Person.mobile, Person.search_text, Person.updated_at).order_by(Person.id)
        ).all()
    assert tuple(org) == ("0551 123456", "kita pusteblume 0551 123456", stamp)
    assert tuple(persons[0]) == ("0551 39-0", "siehe Zentrale", "gisela kuehne 0551 39-0 siehe zentrale", stamp)
    assert tuple(persons[1]) == ("0551 123456", "0171 1234567", "celik 0551 123456 0171 1234567", stamp)
    engine.dispose()


def test_0015_adds_the_angebote_and_keeps_the_organisations(db_url):
    """An organisation of revision 0014 stays; the upgrade adds the empty Angebote tables, an Angebot can refer to
    the organisation, and the downgrade takes the tables away again."""
    from datetime import UTC, datetime

    from alembic import command

    engine = _at_revision(db_url, "0014")
    old = {"name": "Familienzentrum Sonnenhof", "sort_key": "familienzentrum sonnenhof", "search_text": "x"}
    _insert_old_rows(engine, {"organisation": old}, datetime(2026, 3, 1, tzinfo=UTC))
    assert migrate.upgrade(engine) is True
    with engine.begin() as conn:
        assert conn.execute(text("SELECT count(*) FROM angebot")).scalar() == 0
        conn.execute(
            text(
                "INSERT INTO angebot (uuid, created_at, updated_at, version, search_text, name, kind, life_phases, "
                "organisation_id, at_organisation, reach) VALUES ('u-1', '2026-03-01', '2026-03-01', 1, '', "
                "'Babytreff', 'Treffpunkt', '0-3', 1, TRUE, 'Sozialraum')"
            )
        )
        row = conn.execute(text("SELECT a.name, o.name FROM angebot a JOIN organisation o ON o.id = a.organisation_id"))
        assert tuple(row.one()) == ("Babytreff", "Familienzentrum Sonnenhof")
    cfg = migrate.alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0014")
    tables = set(inspect(engine).get_table_names())
    assert "angebot" not in tables and "angebot_theme" not in tables and "organisation" in tables
    assert migrate.upgrade(engine) is True
    engine.dispose()
