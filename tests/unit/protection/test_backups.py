"""Backups: daily and before imports and bulk deletions, listed; the CLI writes and restores them; a damaged
database is refused at start with the way back named."""

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta

import pytest

from sozialkoordination.__main__ import main
from sozialkoordination.actors.service import OrganisationData
from sozialkoordination.app import DatabaseOpenError, check_at_start, open_context
from sozialkoordination.config import sqlite_file
from sozialkoordination.db import backup
from sozialkoordination.db.encryption import driver
from tests.unit.actor_import.test_actor_import import prepare, write_partner_list

# The app's SQLite (SQLCipher) only: a second SQLite library in this process would not see the engine's locks, could
# remove its -wal on close and once ended the test run with a bus error.
sqlcipher = driver()

pytestmark = pytest.mark.sqlite_only("backups are copies of the SQLite file")


def names(db_path):
    with sqlcipher.connect(db_path) as conn:
        return sorted(r[0] for r in conn.execute("SELECT name FROM organisation"))


def test_backups_before_import_and_bulk_deletion_and_daily(db_url, tmp_path):
    path = sqlite_file(db_url)
    context = open_context(db_url)
    assert backup.list_backups(path) == []  # an empty database is not backed up
    first = context.actors.save_organisation(OrganisationData(name="Familienzentrum Regenbogen"))
    second = context.actors.save_organisation(OrganisationData(name="Kita Pusteblume"))
    plan = prepare(context, write_partner_list(tmp_path / "partner.xlsx"))
    context.actor_import.run(plan, dry_run=True)
    assert backup.list_backups(path) == []  # a dry run writes nothing, so no backup either
    context.actor_import.run(plan)
    context.actors.delete_organisations([first, second])
    context.close()
    reasons = [b.reason for b in backup.list_backups(path)]
    assert reasons == ["vor-loeschung", "vor-import"]
    before_import = backup.list_backups(path)[1].path
    assert names(before_import) == ["Familienzentrum Regenbogen", "Kita Pusteblume"]  # the state before

    for b in backup.list_backups(path):  # a day later, the next start makes a daily backup
        old = b.created - timedelta(days=2)
        b.path.rename(
            b.path.with_name(
                b.path.name.replace(b.created.strftime("%Y-%m-%d_%H%M%S"), old.strftime("%Y-%m-%d_%H%M%S"))
            )
        )
    open_context(db_url).close()
    assert backup.list_backups(path)[0].reason == "taeglich"
    open_context(db_url).close()
    assert [b.reason for b in backup.list_backups(path)].count("taeglich") == 1  # once a day


def test_cli_backup_list_and_restore(db_url, tmp_path, capsys):
    path = sqlite_file(db_url)
    context = open_context(db_url)
    context.actors.save_organisation(OrganisationData(name="Vorher"))
    context.close()
    out = tmp_path / "sicherung.sqlite"
    assert main(["--db", str(path), "backup", str(out)]) == 0
    assert names(out) == ["Vorher"]
    context = open_context(db_url)
    context.actors.save_organisation(OrganisationData(name="Nachher"))
    context.close()
    capsys.readouterr()
    assert main(["--db", str(path), "restore", str(out)]) == 0
    assert "Sicherung zurückgespielt" in capsys.readouterr().out
    assert names(path) == ["Vorher"]
    kept = [b for b in backup.list_backups(path) if b.reason == "vor-wiederherstellung"]
    assert len(kept) == 1 and names(kept[0].path) == ["Nachher", "Vorher"]  # the restore can be undone
    assert main(["--db", str(path), "backups"]) == 0
    assert "vor-wiederherstellung" in capsys.readouterr().out

    letter = tmp_path / "brief.sqlite"
    letter.write_bytes(b"Kein SQLite, sondern ein Brief." * 50)
    assert main(["--db", str(path), "restore", str(letter)]) == 1
    assert "keine Datenbank oder beschädigt" in capsys.readouterr().err
    other = tmp_path / "fremd.sqlite"
    with sqlcipher.connect(other) as conn:
        conn.execute("CREATE TABLE notizen (text TEXT)")
    assert main(["--db", str(path), "restore", str(other)]) == 1
    assert "keine Datenbank von Sozialkoordination" in capsys.readouterr().err
    assert names(path) == ["Vorher"]  # unchanged by the refused restores


def test_a_damaged_database_names_the_newest_backup(db_url):
    path = sqlite_file(db_url)
    context = open_context(db_url)
    context.actors.save_organisation(OrganisationData(name="Wichtig"))
    context.close()
    saved = backup.backup_before(context.engine, "manuell")
    data = bytearray(path.read_bytes())
    data[4096 : 4096 + 200] = b"\xff" * 200  # a page of the file overwritten, as after a failing disk
    path.write_bytes(bytes(data))
    try:
        open_context(db_url)
    except DatabaseOpenError as error:
        message = str(error)
    else:
        raise AssertionError("a damaged database must be refused")
    assert "beschädigt" in message and f'restore "{saved}"' in message
    assert datetime.now().strftime("%d.%m.%Y") in message


def test_a_backup_killed_half_way_never_replaces_a_good_one(db_url, tmp_path):
    """The backup process is killed (SIGKILL) at random moments while it copies; the earlier backup at the same
    place stays intact, and no half-written file is ever taken for a backup."""
    if sys.platform == "win32":
        pytest.skip("SIGKILL is a POSIX signal")
    path = sqlite_file(db_url)
    context = open_context(db_url)
    context.actors.save_organisation(OrganisationData(name="Gute Sicherung"))
    context.close()
    with sqlcipher.connect(path) as conn:  # 80 MB of ballast, so that a copy takes long enough to be interrupted
        conn.execute("CREATE TABLE ballast (data BLOB)")
        conn.executemany("INSERT INTO ballast VALUES (?)", ((os.urandom(100_000),) for _ in range(800)))
    good = tmp_path / "sicherung.sqlite"
    backup.copy_database(path, good)
    good_bytes = good.read_bytes()
    with sqlcipher.connect(path) as conn:
        conn.execute("UPDATE organisation SET name = 'Neuer Stand'")

    copier = (
        "import sys; from pathlib import Path; from sozialkoordination.db import backup; "
        "print('los', flush=True); backup.copy_database(Path(sys.argv[1]), Path(sys.argv[2]))"
    )
    rng = random.Random(20261205)
    interrupted = 0
    for _ in range(8):
        process = subprocess.Popen([sys.executable, "-c", copier, str(path), str(good)], stdout=subprocess.PIPE)
        assert process.stdout.readline().strip() == b"los"
        time.sleep(rng.uniform(0.0, 0.1))
        process.send_signal(signal.SIGKILL)
        process.wait()
        if good.read_bytes() == good_bytes:
            interrupted += 1
        else:  # the copy finished before the kill: then it is the whole new state
            assert backup.check_file(good) is None
            assert names(good) == ["Neuer Stand"]
            good.write_bytes(good_bytes)
        assert backup.check_file(good) is None
        assert names(good) == ["Gute Sicherung"]
    assert interrupted >= 3  # most kills hit the copy while it was being written
    assert all(b.path.suffix == ".sqlite" for b in backup.list_backups(path))


def damage_a_table_page(path) -> None:
    """Fill a table that the start never reads and overwrite its first page: the file opens, the check fails."""
    with sqlcipher.connect(path) as conn:
        conn.execute("CREATE TABLE ballast (data BLOB)")
        conn.executemany("INSERT INTO ballast VALUES (?)", ((os.urandom(3000),) for _ in range(40)))
    conn.close()
    with contextlib.closing(sqlcipher.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'ballast'").fetchone()[0]
    data = bytearray(path.read_bytes())
    data[(root - 1) * page_size : root * page_size] = b"\x07" * page_size
    path.write_bytes(bytes(data))


def test_the_window_start_checks_in_the_background_and_still_finds_damage(db_url):
    """The window opens a large file without reading it whole first (0.8 s at 100,000 persons); the check then
    runs beside the work and finds the damage, with the way back named; without a window it refuses at once."""
    path = sqlite_file(db_url)
    context = open_context(db_url)
    context.actors.save_organisation(OrganisationData(name="Wichtig"))
    context.close()
    saved = backup.backup_before(context.engine, "manuell")
    damage_a_table_page(path)
    context = open_context(db_url, check_later=True)
    try:
        message = check_at_start(context)
    finally:
        context.close()
    assert "beschädigt" in message and f'restore "{saved}"' in message
    with pytest.raises(DatabaseOpenError, match="beschädigt"):
        open_context(db_url)


def test_the_check_at_start_makes_the_daily_backup(db_url):
    context = open_context(db_url)
    context.actors.save_organisation(OrganisationData(name="Wichtig"))
    context.close()
    for b in backup.list_backups(sqlite_file(db_url)):
        b.path.unlink()
    context = open_context(db_url, check_later=True)
    try:
        assert backup.list_backups(sqlite_file(db_url)) == []  # nothing copied before the window is open
        assert check_at_start(context) is None
    finally:
        context.close()
    assert [b.reason for b in backup.list_backups(sqlite_file(db_url))] == ["taeglich"]
