"""One password rule everywhere (issue 21): a Datenpaket and a backup for passing on need at least eight characters,
from the command line as in the window; the command line names who erased a person."""

from __future__ import annotations

import getpass

import pytest
from sqlalchemy import select

from sozialkoordination.__main__ import main
from sozialkoordination.actors.service import PersonData
from sozialkoordination.app import open_context
from sozialkoordination.core.errors import ValidationError
from sozialkoordination.core.passwords import MIN_PASSWORD_LENGTH, password_problem
from sozialkoordination.models import AuditEntry


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "sozialkoordination.sqlite"
    ctx = open_context(f"sqlite:///{path}")
    person_id = ctx.actors.save_person(PersonData(first_name="Erika", last_name="Eberhardt"))
    ctx.close()
    return path, person_id


def test_the_rule_wants_eight_characters_and_suggests_a_phrase():
    assert MIN_PASSWORD_LENGTH == 8
    assert "mindestens 8 Zeichen" in password_problem("kurz") and "Satz" in password_problem("kurz")
    assert password_problem("") is not None and password_problem(None) is not None
    assert password_problem("acht Zei") is None


def test_a_datenpaket_with_a_short_password_is_refused_by_the_command_line(database, tmp_path, monkeypatch, capsys):
    path, _ = database
    monkeypatch.setenv("SOZIALKOORDINATION_DATEI_KENNWORT", "x")
    out = tmp_path / "paket.sozdp"
    assert main(["--db", str(path), "exchange", "export", "--to", "Geschäftsstelle", str(out)]) == 1
    assert "mindestens 8 Zeichen" in capsys.readouterr().err
    assert not out.exists()


def test_a_backup_for_passing_on_with_a_short_password_is_refused(database, tmp_path, monkeypatch, capsys):
    path, _ = database
    monkeypatch.setenv("SOZIALKOORDINATION_DATEI_KENNWORT", "1234567")
    out = tmp_path / "stick.sozk"
    assert main(["--db", str(path), "backup", str(out)]) == 1
    assert "mindestens 8 Zeichen" in capsys.readouterr().err
    assert not out.exists()
    monkeypatch.setenv("SOZIALKOORDINATION_DATEI_KENNWORT", "12345678")
    assert main(["--db", str(path), "backup", str(out)]) == 0
    assert out.stat().st_size > 0


def test_the_service_refuses_a_short_datenpaket_password_too(database, tmp_path):
    path, _ = database
    ctx = open_context(f"sqlite:///{path}")
    try:
        with pytest.raises(ValidationError, match="mindestens 8 Zeichen"):
            ctx.exchange.export_package("Geschäftsstelle", tmp_path / "paket.sozdp", "kurz")
        assert not (tmp_path / "paket.sozdp").exists()
    finally:
        ctx.close()


def test_an_erasure_from_the_command_line_names_the_login_of_this_computer(database, capsys):
    path, person_id = database
    assert main(["--db", str(path), "privacy", "erase", str(person_id), "--ja"]) == 0
    ctx = open_context(f"sqlite:///{path}")
    try:
        with ctx.session_factory() as s:
            entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "erase")).one()
        assert entry.entity_id == person_id and entry.user_name == f"{getpass.getuser()} (Kommandozeile)"
    finally:
        ctx.close()


def test_the_profile_name_stays_the_one_in_the_history_of_a_file(database):
    path, person_id = database
    ctx = open_context(f"sqlite:///{path}")
    try:
        ctx.profile.save("Anna Adelebsen", None)
        ctx.privacy.erase_person(person_id)
        with ctx.session_factory() as s:
            assert s.scalars(select(AuditEntry.user_name).where(AuditEntry.action == "erase")).one() == "Anna Adelebsen"
    finally:
        ctx.close()
