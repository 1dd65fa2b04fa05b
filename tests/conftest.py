"""Shared fixtures: offscreen Qt, a fresh real database per test (SQLite file, and for the database tests also a
PostgreSQL database on a server started for the run), an isolated settings/data folder.

Which tests run on which database:
- A test that uses `db_url` or `context` runs on SQLite and on PostgreSQL: test ids end in [sqlite] / [postgresql].
- `@pytest.mark.sqlite_only("why")` keeps a test on SQLite: it is about the SQLite file itself (encryption,
  backups, WAL scrubbing, crashes, storage faults). `@pytest.mark.postgresql_only` is the opposite (server
  things: trigram index, connection messages).
- Widget tests (tests/ui) run on SQLite only, unless marked `@pytest.mark.postgresql`: what they prove is the
  widgets; the services under them are proven on both databases by tests/unit.
Without PostgreSQL programs on the machine the [postgresql] variants are skipped with the reason."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MPLBACKEND", "Agg")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from tests import pg_server  # noqa: E402

DATABASES = ("sqlite", "postgresql")
_UI_TESTS = Path(__file__).parent / "ui"


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only(reason): the test is about SQLite files and runs on SQLite only")
    config.addinivalue_line("markers", "postgresql_only: the test is about the PostgreSQL server")
    config.addinivalue_line("markers", "postgresql: a widget test that also runs on PostgreSQL")


def pytest_generate_tests(metafunc):
    if "db_url" not in metafunc.fixturenames:
        return
    definition = metafunc.definition
    if definition.get_closest_marker("sqlite_only"):
        kinds = ("sqlite",)
    elif definition.get_closest_marker("postgresql_only"):
        kinds = ("postgresql",)
    elif _UI_TESTS in Path(str(definition.path)).parents and not definition.get_closest_marker("postgresql"):
        kinds = ("sqlite",)
    else:
        kinds = DATABASES
    metafunc.parametrize("db_kind", kinds, scope="function")


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch):
    """Keep QSettings, logs and the default database of tests out of the developer's home."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.delenv("SOZIALKOORDINATION_DB", raising=False)
    return home


@pytest.fixture(scope="session")
def pg():
    """The PostgreSQL server of this test run (skips the test if this machine has none; a server that exists
    but does not start is an error, so CI cannot silently lose the PostgreSQL half of the tests)."""
    reason = pg_server.unavailable_reason()
    if reason:
        pytest.skip(reason)
    server = pg_server.TestServer()
    try:
        server.start()
    except BaseException:
        server.stop()
        raise
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pg_migrated_template(pg):
    """A database opened once by the app (migrated, reference areas seeded), copied for each `context`."""
    from sozialkoordination.app import open_context

    name = pg.new_database()
    open_context(pg.url(name)).close()
    return name


@pytest.fixture
def pg_database(pg):
    """Factory for further fresh PostgreSQL databases in one test (two offices, a copy …); dropped afterwards."""
    names = []

    def create(template: str | None = None) -> str:
        names.append(pg.new_database(template))
        return pg.url(names[-1])

    yield create
    for name in names:
        pg.drop_database(name)


def new_database_url(request, kind: str, folder: Path) -> str:
    """A fresh empty database of this kind for fixtures of a wider scope (a module's shared demo database):
    SQLite in `folder`, or a new database on the test server, dropped when the fixture's scope ends."""
    if kind == "sqlite":
        return f"sqlite:///{folder / 'sozialkoordination.sqlite'}"
    server = request.getfixturevalue("pg")
    name = server.new_database()
    request.addfinalizer(lambda: server.drop_database(name))
    return server.url(name)


@pytest.fixture
def db_kind():
    """Overridden by the parametrization above; a test without `db_url` has no database kind."""
    return "sqlite"


@pytest.fixture
def db_url(request, db_kind, tmp_path):
    """A fresh, empty database. On PostgreSQL, a test that also asks for `context` gets a copy of the migrated
    template instead – the same state `open_context` would produce, without running the migrations again."""
    if db_kind == "sqlite":
        return f"sqlite:///{tmp_path / 'sozialkoordination.sqlite'}"
    create = request.getfixturevalue("pg_database")
    if "context" in request.fixturenames:
        return create(request.getfixturevalue("pg_migrated_template"))
    return create()


@pytest.fixture
def context(db_url):
    """A migrated database with the reference areas, opened the way the app opens it."""
    from sozialkoordination.app import open_context

    ctx = open_context(db_url)
    yield ctx
    ctx.close()
