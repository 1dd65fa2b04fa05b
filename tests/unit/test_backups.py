"""Backups: daily and before imports and bulk deletions, listed; the CLI writes and restores them; a damaged
database is refused at start with the way back named."""

import sqlite3
from datetime import datetime, timedelta

import pytest

from sozialkoordination.__main__ import main
from sozialkoordination.app import DatabaseOpenError, open_context
from sozialkoordination.config import sqlite_file
from sozialkoordination.db import backup
from sozialkoordination.services.actors import OrganisationData
from tests.unit.test_actor_import import prepare, write_partner_list

pytestmark = pytest.mark.sqlite_only("backups are copies of the SQLite file")


def names(db_path):
    with sqlite3.connect(db_path) as conn:
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
        b.path.rename(b.path.with_name(b.path.name.replace(b.created.strftime("%Y-%m-%d_%H%M%S"),
                                                           old.strftime("%Y-%m-%d_%H%M%S"))))  # fmt: skip
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
    with sqlite3.connect(other) as conn:
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
