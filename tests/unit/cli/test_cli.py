"""The command line: version, usage errors, headless export with area filters, German messages and exit codes."""

import re
import subprocess
import sys

import openpyxl
import pytest

from sozialkoordination import __version__
from sozialkoordination.__main__ import main
from sozialkoordination.actors.service import ActorFilter, OrganisationData
from sozialkoordination.app import open_context
from sozialkoordination.config import sqlite_file, to_db_url
from tests import pg_server


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "sozialkoordination", *args], capture_output=True, text=True, env=env)


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"Sozialkoordination {__version__}"


def test_wrong_usage_exits_2_with_german_message(capsys):
    with pytest.raises(SystemExit) as info:
        main(["export", "nichts"])
    assert info.value.code == 2
    assert "Fehler:" in capsys.readouterr().err


# argparse's own English words: none may reach a user of the German command line.
ENGLISH = re.compile(
    r"\b(usage|error|arguments?|required|invalid|choice|choose|unrecognized|expected|show|help message|positional"
    r"|options|ambiguous|allowed|ignored|explicit)\b"
)


@pytest.mark.parametrize(
    ("argv", "german"),
    [
        (["export", "nichts"], "Fehler: Angabe WAS: ungültige Auswahl: 'nichts' (möglich: 'actors',"),
        (["export"], "Fehler: es fehlt: WAS"),
        (["export", "actors"], "Fehler: es fehlt: DATEI"),
        (["demo", "extra"], "Fehler: unbekannte Angaben: extra"),
        (["--db"], "Fehler: Angabe --db: hier fehlt der Wert"),
        (["export", "minutes", "x", "protokoll.docx"], "Fehler: Angabe SITZUNG: ungültiger Wert: 'x'"),
        (["password", "vergessen"], "ungültige Auswahl: 'vergessen' (möglich: 'set', 'remove')"),
        (["chart", "ALQ", "a.png", "--areas"], "Fehler: Angabe --areas: mindestens ein Wert nötig"),
        (["export", "actors", "a.csv", "--persons=ja"], "Fehler: Angabe --persons: überzähliger Wert 'ja'"),
        (["exchange", "import"], "Fehler: es fehlt: DATEI.sozdp"),
        (["import", "undo"], "Fehler: es fehlt: IMPORT"),
        (["privacy", "erase"], "Fehler: es fehlt: PERSON"),
        (["meetings"], "Fehler: es fehlt: WAS"),
    ],
)
def test_usage_errors_are_german_throughout_and_exit_2(capsys, argv, german):
    import argparse

    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("Aufruf: sozialkoordination") and german in err, err
    assert "Hilfe: sozialkoordination" in err and " --help" in err
    assert not ENGLISH.search(err), err
    assert argparse._("usage: ") == "usage: "  # other parsers of the process (pytest's) stay as they were


@pytest.mark.parametrize("argv", [["-h"], ["export", "-h"], ["export", "actors", "--help"], ["chart", "-h"]])
def test_help_is_german(capsys, argv):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("Aufruf: sozialkoordination") and "diese Hilfe anzeigen und beenden" in out
    assert "Optionen:" in out and "Argumente:" in out
    assert not ENGLISH.search(out), out


def test_a_usage_error_in_a_real_process_is_german():
    result = run("export", "tasks")
    assert result.returncode == 2
    assert result.stderr.startswith("Aufruf: sozialkoordination export tasks")
    assert "Fehler: es fehlt: DATEI" in result.stderr
    assert not ENGLISH.search(result.stderr), result.stderr


@pytest.fixture
def filled_db(db_url):
    """A database URL (a file path for SQLite, as users type it) with three organisations."""
    ctx = open_context(db_url)
    for name, raum in (("FZ Bovenden", "Bovenden"), ("Kita Rosdorf", "Rosdorf"), ("Verein Adelebsen", "Adelebsen")):
        ctx.actors.save_organisation(OrganisationData(name=name, sozialraum_id=ctx.areas.find_sozialraum(raum).id))
    ctx.close()
    return str(sqlite_file(db_url) or db_url)


def test_export_actors_by_region(filled_db, tmp_path, capsys):
    out = tmp_path / "region.xlsx"
    assert main(["--db", str(filled_db), "export", "actors", str(out), "--region", "SR-B"]) == 0
    assert capsys.readouterr().out.strip() == f"2 Organisationen exportiert nach {out}."
    names = [row[0] for row in openpyxl.load_workbook(out).active.iter_rows(min_row=2, values_only=True)]
    assert names == ["FZ Bovenden", "Verein Adelebsen"]


def test_export_actors_by_sozialraum_via_environment(filled_db, tmp_path, monkeypatch):
    out = tmp_path / "rosdorf.csv"
    monkeypatch.setenv("SOZIALKOORDINATION_DB", str(filled_db))
    result = run("export", "actors", str(out), "--sozialraum", "Rosdorf", env=None)
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8-sig").splitlines()[1].startswith("Kita Rosdorf;")


def test_unknown_area_exits_1_with_choices(filled_db, tmp_path, capsys):
    assert main(["--db", str(filled_db), "export", "actors", str(tmp_path / "x.xlsx"), "--sozialraum", "Atlantis"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Fehler: Sozialraum „Atlantis“ gibt es nicht.")
    assert not (tmp_path / "x.xlsx").exists()


def test_bad_export_target_exits_1(filled_db, tmp_path, capsys):
    assert main(["--db", str(filled_db), "export", "actors", str(tmp_path / "x.pdf")]) == 1
    assert "wird nicht unterstützt" in capsys.readouterr().err


def test_broken_database_exits_1(tmp_path, capsys):
    broken = tmp_path / "kaputt.sqlite"
    broken.write_text("kein sqlite")
    assert main(["--db", str(broken), "export", "actors", str(tmp_path / "x.csv")]) == 1
    assert "keine Datenbank oder beschädigt" in capsys.readouterr().err


def test_demo_fills_an_empty_database_once(tmp_path, capsys):
    db = tmp_path / "demo.sqlite"
    assert main(["--db", str(db), "demo"]) == 0
    assert capsys.readouterr().out.startswith("Demo-Daten angelegt: 301 Organisationen, 600 Personen")
    assert main(["--db", str(db), "demo"]) == 1
    assert "bereits Akteure" in capsys.readouterr().err


@pytest.mark.postgresql_only
def test_server_check_and_server_problems_in_german_without_traceback(pg, db_url, capsys):
    assert main(["--db", db_url, "check"]) == 0
    out = capsys.readouterr().out
    assert "PostgreSQL" in out and "Verbindung in Ordnung" in out and "Integrität: in Ordnung" in out
    assert "Sicherungen: macht der Datenbankserver" in out
    assert main(["--db", db_url, "backups"]) == 0
    assert "gesichert wird sie dort (pg_dump" in capsys.readouterr().out
    assert main(["--db", db_url, "backup", "kopie.sqlite"]) == 1  # file features say where backups are made
    assert "pg_dump" in capsys.readouterr().err
    wrong_password = db_url.replace(f":{pg_server.PASSWORD}@", ":falsch@")
    missing = db_url.rsplit("/", 1)[0] + "/gibtsnicht"
    unreachable = db_url.replace(f":{pg.port}/", ":1/")
    for url, message in (
        (wrong_password, "Benutzername oder Kennwort stimmen nicht"),
        (missing, "Die Datenbank „gibtsnicht“ gibt es auf dem Server"),
        (unreachable, "ist nicht erreichbar"),
        ("mysql://jemand@server/daten", "keine Datenbankadresse, die Sozialkoordination öffnen kann"),
    ):
        result = run("--db", url, "export", "actors", "x.csv")
        assert result.returncode == 1, url
        assert result.stderr.startswith("Fehler: ") and message in result.stderr, result.stderr
        assert "Traceback" not in result.stderr and "falsch" not in result.stderr


@pytest.mark.postgresql_only
def test_the_usual_postgresql_spellings_use_the_bundled_driver(db_url):
    plain = db_url.replace("postgresql+psycopg://", "postgresql://")
    assert to_db_url(plain) == db_url
    assert to_db_url(plain.replace("postgresql://", "postgres://")) == db_url


@pytest.mark.postgresql_only
def test_after_a_dropped_connection_the_app_reconnects_by_itself(context, pg):
    """The server restarted or the network dropped between two actions: the next action simply works."""
    context.actors.save_organisation(OrganisationData(name="FZ Bovenden"))
    database = context.engine.url.database
    pg.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE datname = '{database}' AND pid <> pg_backend_pid()"
    )
    assert [row.values[0] for row in context.actors.rows(ActorFilter())] == ["FZ Bovenden"]
