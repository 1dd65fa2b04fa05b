"""Encryption at rest (SQLCipher): no plaintext in the file or its backups, clear messages for a wrong password
and for a damaged file, and sealed transfer copies."""

import pytest

from sozialkoordination.actors.service import PERSONS, ActorFilter, PersonData
from sozialkoordination.app import DatabaseOpenError, open_context
from sozialkoordination.config import sqlite_file
from sozialkoordination.core.errors import ValidationError
from sozialkoordination.db import backup, encryption
from sozialkoordination.db.encryption import DatabasePasswordError
from sozialkoordination.documents.sealed import SealedFileError, WrongPasswordError, is_sealed

pytestmark = pytest.mark.sqlite_only("SQLCipher encrypts the SQLite file")

PASSWORD = "Sozialraum-2026!"
NAME = "Wiebkowski"
EMAIL = "h.wiebkowski@beispiel.example"


def seeded(db_url, password=None):
    context = open_context(db_url, password)
    context.actors.save_person(PersonData(first_name="Hedwig", last_name=NAME, email=EMAIL))
    return context


def last_names(context) -> list[str]:
    return sorted(context.actors.get_person(row.id).last_name for row in context.actors.rows(ActorFilter(kind=PERSONS)))


def contains_plaintext(path) -> bool:
    files = [path, *path.parent.glob(path.name + "-*")]
    return any(NAME.encode() in f.read_bytes() or EMAIL.encode() in f.read_bytes() for f in files if f.exists())


def test_a_new_database_can_be_encrypted_from_the_start(db_url):
    path = sqlite_file(db_url)
    context = seeded(db_url, PASSWORD)
    assert context.security.encrypted
    context.close()
    assert encryption.is_encrypted(path)
    assert not contains_plaintext(path)
    context = open_context(db_url, PASSWORD)
    assert last_names(context) == [NAME]
    context.close()


def test_wrong_password_and_damaged_file_get_different_messages(db_url):
    path = sqlite_file(db_url)
    seeded(db_url, PASSWORD).close()
    with pytest.raises(DatabasePasswordError, match="Kennwort ist falsch"):
        open_context(db_url, "falsches-kennwort")
    with pytest.raises(DatabasePasswordError, match="verschlüsselt.*Kennwort ein"):
        open_context(db_url)
    data = bytearray(path.read_bytes())
    data[5000:9000] = b"\0" * 4000  # a damaged page behind the first one
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseOpenError, match="beschädigt"):
        open_context(db_url, PASSWORD)


def test_without_the_check_value_the_message_names_both_causes(db_url):
    path = sqlite_file(db_url)
    seeded(db_url, PASSWORD).close()
    encryption.check_file_for(path).unlink()  # the file was copied alone
    with pytest.raises(DatabasePasswordError, match="Entweder ist das Kennwort falsch oder die Datei ist beschädigt"):
        open_context(db_url, "falsches-kennwort")
    open_context(db_url, PASSWORD).close()


def test_password_set_later_changed_and_removed_with_backups(db_url):
    path = sqlite_file(db_url)
    context = seeded(db_url)
    backup.backup_before(context.engine, "manuell")
    assert contains_plaintext(path)
    with pytest.raises(ValidationError, match="mindestens 8 Zeichen"):
        context.security.set_password("kurz")
    assert context.security.set_password(PASSWORD) == 1
    context.actors.save_person(PersonData(last_name="Nachher"))  # the running app goes on working
    context.close()
    assert not contains_plaintext(path)
    copies = backup.list_backups(path)
    assert copies and all(NAME.encode() not in c.path.read_bytes() for c in copies)
    assert all(backup.check_file(c.path, PASSWORD) is None for c in copies)

    context = open_context(db_url, PASSWORD)
    assert last_names(context) == ["Nachher", NAME]
    context.security.set_password("ein-neues-kennwort")
    context.close()
    with pytest.raises(DatabasePasswordError):
        open_context(db_url, PASSWORD)
    context = open_context(db_url, "ein-neues-kennwort")
    context.security.set_password(None)
    context.close()
    assert not encryption.is_encrypted(path)
    open_context(db_url).close()


def test_sealed_transfer_copy_and_restore(db_url, tmp_path):
    context = seeded(db_url, PASSWORD)
    target = tmp_path / "fuer-die-geschaeftsstelle.sozk"
    context.security.write_backup(target, transfer_password="transfer-kennwort")
    assert is_sealed(target) and NAME.encode() not in target.read_bytes()
    context.actors.save_person(PersonData(last_name="Später"))
    with pytest.raises(WrongPasswordError):
        context.security.restore(target, "daneben")
    tampered = tmp_path / "verändert.sozk"
    data = bytearray(target.read_bytes())
    data[-100] ^= 0xFF
    tampered.write_bytes(bytes(data))
    with pytest.raises(SealedFileError, match="verändert oder ist beschädigt"):
        context.security.restore(tampered, "transfer-kennwort")
    assert last_names(context) == sorted([NAME, "Später"])

    safety = context.security.restore(target, "transfer-kennwort")
    assert safety is not None
    # The sealed copy held a plain database; the restored file is plain until a password is set again.
    assert not context.security.encrypted
    assert last_names(context) == [NAME]
    context.close()


def test_cli_password_check_backup_and_restore(db_url, tmp_path, monkeypatch, capsys):
    from sozialkoordination.__main__ import main

    path = sqlite_file(db_url)
    seeded(db_url).close()
    db = ["--db", str(path)]
    monkeypatch.setenv("SOZIALKOORDINATION_NEUES_KENNWORT", PASSWORD)
    assert main([*db, "password", "set"]) == 0
    assert "jetzt verschlüsselt" in capsys.readouterr().out
    assert main([*db, "check"]) == 1  # no password given: a clear message, nothing touched
    assert "verschlüsselt" in capsys.readouterr().err
    monkeypatch.setenv("SOZIALKOORDINATION_KENNWORT", PASSWORD)
    assert main([*db, "check"]) == 0
    out = capsys.readouterr().out
    assert "Verschlüsselt: ja" in out and "Integrität: in Ordnung" in out and "Ergebnis: in Ordnung." in out

    transfer = tmp_path / "stick.sozk"
    monkeypatch.setenv("SOZIALKOORDINATION_DATEI_KENNWORT", "fuer-den-stick")
    assert main([*db, "backup", str(transfer)]) == 0
    assert is_sealed(transfer) and NAME.encode() not in transfer.read_bytes()
    plain_copy = tmp_path / "kopie.sqlite"
    assert main([*db, "backup", str(plain_copy)]) == 0  # a copy of an encrypted database stays encrypted
    assert encryption.is_encrypted(plain_copy) and NAME.encode() not in plain_copy.read_bytes()

    other = tmp_path / "geschaeftsstelle.sqlite"  # the district office restores the stick into its own file
    monkeypatch.delenv("SOZIALKOORDINATION_KENNWORT")
    assert main(["--db", str(other), "restore", str(transfer)]) == 0
    context = open_context(f"sqlite:///{other}")
    assert last_names(context) == [NAME]
    context.close()
    monkeypatch.setenv("SOZIALKOORDINATION_DATEI_KENNWORT", "daneben")
    capsys.readouterr()
    assert main(["--db", str(other), "restore", str(transfer)]) == 1
    assert "Kennwort ist falsch" in capsys.readouterr().err


def test_a_restored_backup_does_not_bring_back_an_erased_person(db_url):
    context = seeded(db_url)
    person = context.actors.rows(ActorFilter(kind=PERSONS))[0].id
    copy = backup.backup_before(context.engine, "manuell")  # the backup still holds the person
    context.privacy.erase_person(person)
    context.security.restore(copy)
    assert last_names(context) == []
    assert not contains_plaintext(sqlite_file(db_url))
    context.close()
