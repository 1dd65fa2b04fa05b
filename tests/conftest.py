"""Shared fixtures: offscreen Qt, a fresh real SQLite database per test, an isolated settings/data folder."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MPLBACKEND", "Agg")

import pytest  # noqa: E402


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


@pytest.fixture
def db_url(tmp_path):
    return f"sqlite:///{tmp_path / 'sozialkoordination.sqlite'}"


@pytest.fixture
def context(db_url):
    """A migrated database with the reference areas, opened the way the app opens it."""
    from sozialkoordination.app import open_context

    ctx = open_context(db_url)
    yield ctx
    ctx.close()
