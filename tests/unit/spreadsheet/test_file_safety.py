"""Safety of the database file beside other programs and processes: another SQLite reader, a second process writing,
killed copies, the log and crafted sealed headers. Real files, the real engine, real processes."""

import ast
import contextlib
import logging
import os
import signal
import subprocess
import sys
import textwrap
import time
import traceback
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from sozialkoordination.__main__ import main
from sozialkoordination.actors.service import OrganisationData, PersonData
from sozialkoordination.app import check_at_start, open_context
from sozialkoordination.db import backup, encryption
from sozialkoordination.documents import sealed

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and POSIX locks")


def names(path: Path) -> list[str]:
    """The organisations in the file, read through the app's own SQLite driver (never a second SQLite library in
    the same process: its connections would not see the engine's locks and could remove the -wal under it)."""
    with contextlib.closing(encryption.connect(path, None, readonly=True)) as connection:
        return sorted(r[0] for r in connection.execute("SELECT name FROM organisation"))


def other_sqlite_program(path: Path) -> None:
    """What the sqlite3 shell, DB Browser or a script does: open the file, read, close – with another SQLite."""
    code = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('SELECT count(*) FROM sqlite_master'); "
        "c.close()"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, timeout=60)


APP = textwrap.dedent(
    """
    import sys
    from sozialkoordination.app import check_at_start, open_context
    from sozialkoordination.actors.service import OrganisationData

    context = open_context(sys.argv[1], check_later=True)  # as the window opens it
    context.actors.save_organisation(OrganisationData(name="Erste Eingabe"))
    assert check_at_start(context) is None  # the window's check at start, while the engine holds the file
    print("geprueft", flush=True)
    sys.stdin.readline()
    context.actors.save_organisation(OrganisationData(name="Zweite Eingabe"))
    print("gespeichert", flush=True)
    sys.stdin.readline()  # killed here
    """
)


def test_a_save_survives_another_sqlite_reader_and_a_crash(tmp_path):
    """Seen: the start check closed a descriptor of the file and so dropped the app's locks; the next program that
    opened and closed the file deleted the app's -wal, and the saves after it were lost on a crash."""
    path = tmp_path / "sozial.sqlite"
    open_context(f"sqlite:///{path}").close()
    app = subprocess.Popen(
        [sys.executable, "-c", APP, f"sqlite:///{path}"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert app.stdout.readline().strip() == b"geprueft", app.stderr.read().decode()
        other_sqlite_program(path)
        assert Path(f"{path}-wal").exists()  # the app's write-ahead log is still there
        app.stdin.write(b"weiter\n")
        app.stdin.flush()
        assert app.stdout.readline().strip() == b"gespeichert", app.stderr.read().decode()
    finally:
        app.send_signal(signal.SIGKILL)
        app.wait()
    assert names(path) == ["Erste Eingabe", "Zweite Eingabe"]


def test_the_start_check_keeps_the_engines_locks(tmp_path):
    """After the check at start, another program opening and closing the file leaves the -wal in place, and a save
    made afterwards is seen by other readers."""
    path = tmp_path / "sozial.sqlite"
    open_context(f"sqlite:///{path}").close()
    context = open_context(f"sqlite:///{path}", check_later=True)
    try:
        context.actors.save_organisation(OrganisationData(name="Vorher"))
        assert check_at_start(context) is None
        other_sqlite_program(path)
        assert Path(f"{path}-wal").exists()
        context.actors.save_organisation(OrganisationData(name="Nachher"))
        code = (
            "import sqlite3, sys; "
            "print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM organisation').fetchone()[0])"
        )
        seen = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
        assert seen.stdout.strip() == "2"
    finally:
        context.close()


def test_the_test_suite_uses_only_the_apps_sqlite_driver():
    """The standard library's sqlite3 beside sqlcipher3 in one process removed the -wal under the engine (a bus
    error once); tests and the app read database files through sqlcipher3 only (other processes may use sqlite3)."""
    root = Path(__file__).resolve().parents[3]
    offenders = []
    for folder in ("sozialkoordination", "tests"):
        for file in (root / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
                imported = [a.name for a in node.names] if isinstance(node, ast.Import) else []
                if isinstance(node, ast.ImportFrom) and node.level == 0:
                    imported = [node.module or ""]
                if any(name.split(".")[0] == "sqlite3" for name in imported):
                    offenders.append(str(file.relative_to(root)))
    assert offenders == []


# -- two processes writing ----------------------------------------------------------------------------------------

BACKUPS_AT_ONCE = textwrap.dedent(
    """
    import sys, time
    from sozialkoordination.app import open_context
    from sozialkoordination.db import backup

    context = open_context(sys.argv[1])
    start = float(sys.argv[2])
    time.sleep(max(0.0, start - time.time()))  # both processes begin in the same instant
    for _ in range(3):
        backup.backup_before(context.engine, "vor-import")
    context.close()
    """
)


def test_two_processes_backing_up_in_the_same_second_get_two_backups(tmp_path):
    """Seen: two imports at once, both automatic backups got the same name and one import ended in "disk I/O
    error"."""
    path = tmp_path / "sozial.sqlite"
    context = open_context(f"sqlite:///{path}")
    context.actors.save_organisation(OrganisationData(name="Gesichert"))
    context.close()
    start = f"{time.time() + 2.0:.3f}"
    processes = [
        subprocess.Popen([sys.executable, "-c", BACKUPS_AT_ONCE, f"sqlite:///{path}", start], stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    errors = [p.communicate(timeout=120)[1].decode() for p in processes]
    assert [p.returncode for p in processes] == [0, 0], errors
    made = [b for b in backup.list_backups(path) if b.reason.startswith("vor-import")]
    assert len(made) == 6
    assert all(backup.check_file(b.path) is None and names(b.path) == ["Gesichert"] for b in made)


WRITE_LOCK = textwrap.dedent(
    """
    import sys
    import sqlite3
    connection = sqlite3.connect(sys.argv[1], isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    print("gesperrt", flush=True)
    sys.stdin.readline()
    connection.execute("ROLLBACK")
    connection.close()
    """
)


@contextlib.contextmanager
def write_lock_held(path: Path):
    holder = subprocess.Popen(
        [sys.executable, "-c", WRITE_LOCK, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        assert holder.stdout.readline().strip() == b"gesperrt"
        yield
    finally:
        holder.stdin.write(b"frei\n")
        holder.stdin.flush()
        holder.wait(timeout=60)


BUSY = "Die Datenbank ist gerade belegt (ein anderer Vorgang schreibt). Bitte versuchen Sie es gleich noch einmal."


def test_a_held_write_lock_is_a_short_wait_and_a_german_message_without_personal_data(tmp_path, caplog):
    """Seen: a write lock held by another process froze a save for 15 s, then "unerwarteter Fehler"; the log held
    the statement's parameters (name, e-mail, a health note)."""
    path = tmp_path / "sozial.sqlite"
    context = open_context(f"sqlite:///{path}")
    try:
        with write_lock_held(path):
            started = time.monotonic()
            with pytest.raises(Exception) as caught:  # noqa: PT011 - the message is checked below
                context.actors.save_person(
                    PersonData(
                        first_name="Hannelore",
                        last_name="Kranich",
                        email="h.kranich@example.org",
                        notes="Diagnose: Diabetes Typ 2",
                    )
                )
            waited = time.monotonic() - started
        assert str(caught.value) == BUSY
        assert waited < 8
        logging.getLogger("test").error("Fehler: %s", "".join(traceback.format_exception(caught.value)))
        for text in (caplog.text, "".join(traceback.format_exception(caught.value))):
            assert "Kranich" not in text and "Diabetes" not in text and "h.kranich" not in text
        context.actors.save_person(PersonData(first_name="Hannelore", last_name="Kranich"))  # free again: it works
    finally:
        context.close()


def test_the_command_line_reports_a_held_write_lock_without_a_traceback(tmp_path, capsys):
    path = tmp_path / "sozial.sqlite"
    open_context(f"sqlite:///{path}").close()
    with write_lock_held(path):
        code = main(["--db", str(path), "demo"])
    captured = capsys.readouterr()
    assert code == 1
    assert BUSY in captured.err and "Traceback" not in captured.err
    assert names(path) == []


# -- leftovers of interrupted work ------------------------------------------------------------------------------

SEALED_COPY = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from sozialkoordination.app import open_context
    from sozialkoordination.documents import sealed

    def interrupted(source, target, password):
        print("mitten", flush=True)  # the plain copy is written; the process is killed before it is sealed
        time.sleep(600)

    sealed.seal_file = interrupted
    context = open_context(sys.argv[1], "Laptop-Kennwort-1")
    context.security.write_backup(Path(sys.argv[2]), "Transport-Kennwort")
    """
)


def test_a_killed_sealed_copy_leaves_no_plain_copy_behind(tmp_path):
    """Seen: killed sealed copies left plaintext copies of an encrypted database in the temp folder."""
    path = tmp_path / "daten" / "sozial.sqlite"
    path.parent.mkdir()
    context = open_context(f"sqlite:///{path}", "Laptop-Kennwort-1")
    context.actors.save_person(PersonData(first_name="Hannelore", last_name="Kranich"))
    context.close()
    temp = tmp_path / "temp"
    temp.mkdir()
    copier = subprocess.Popen(
        [sys.executable, "-c", SEALED_COPY, f"sqlite:///{path}", str(tmp_path / "stick.sozk")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "TMPDIR": str(temp), "TEMP": str(temp), "TMP": str(temp)},
    )
    try:
        assert copier.stdout.readline().strip() == b"mitten", copier.stderr.read().decode()
    finally:
        copier.send_signal(signal.SIGKILL)
        copier.wait()
    assert list(temp.iterdir()) == []  # nothing in the shared temp folder
    open_context(f"sqlite:///{path}", "Laptop-Kennwort-1").close()  # the next start removes the leftover
    leftovers = [p for p in path.parent.rglob("*") if p.is_file() and b"Kranich" in p.read_bytes()]
    assert leftovers == []
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith(".")) == []


COPIER = textwrap.dedent(
    """
    import sys
    from sozialkoordination.app import open_context
    from sozialkoordination.db import backup

    context = open_context(sys.argv[1])
    print("los", flush=True)
    while True:
        backup.backup_before(context.engine, "vor-import")
    """
)


def test_killed_automatic_backups_leave_nothing_half_written_after_the_next_start(tmp_path):
    """Seen: interrupted automatic backups left `.part` files in the backup folder for ever."""
    path = tmp_path / "sozial.sqlite"
    context = open_context(f"sqlite:///{path}")
    context.actors.save_organisation(OrganisationData(name="Gesichert"))
    with context.engine.begin() as connection:  # 20 MB, so that a copy takes long enough to be interrupted
        connection.exec_driver_sql("CREATE TABLE ballast (data BLOB)")
        for _ in range(200):
            connection.exec_driver_sql("INSERT INTO ballast VALUES (randomblob(100000))")
    context.close()
    folder = backup.backup_dir(path)

    def half_written() -> list[str]:
        found = folder.iterdir() if folder.is_dir() else []
        return [p.name for p in found if p.name.startswith(".") or p.suffix == ".part"]

    for attempt in range(10):  # until a kill falls into a copy (most do; some fall between two)
        copier = subprocess.Popen([sys.executable, "-c", COPIER, f"sqlite:///{path}"], stdout=subprocess.PIPE)
        assert copier.stdout.readline().strip() == b"los"
        time.sleep(0.5 + attempt * 0.07)
        copier.send_signal(signal.SIGKILL)
        copier.wait()
        if half_written():
            break
    assert half_written()
    open_context(f"sqlite:///{path}").close()
    assert half_written() == []
    assert all(backup.check_file(b.path) is None for b in backup.list_backups(path))


def test_restore_safety_copies_are_rotated(tmp_path):
    """Seen: 38 safety copies "vor-wiederherstellung" in one folder; the newest few are enough to undo a restore."""
    path = tmp_path / "sozial.sqlite"
    context = open_context(f"sqlite:///{path}")
    context.actors.save_organisation(OrganisationData(name="Stand"))
    context.close()
    saved = tmp_path / "sicherung.sqlite"
    backup.copy_database(path, saved)
    folder = backup.backup_dir(path)
    folder.mkdir(exist_ok=True)
    for days in range(1, 8):  # seven earlier restores on seven days
        stamp = (datetime.now() - timedelta(days=days)).strftime("%Y-%m-%d_%H%M%S")
        backup.copy_database(path, folder / f"sozial_{stamp}_vor-wiederherstellung.sqlite")
    newest = backup.restore(saved, path)
    kept = [b for b in backup.list_backups(path) if b.reason.startswith("vor-wiederherstellung")]
    assert len(kept) == backup.KEEP_SAFETY_COPIES == 5
    assert kept[0].path == newest


# -- crafted sealed headers -------------------------------------------------------------------------------------


@pytest.mark.parametrize("cost", [(22, 8, 1), (17, 32, 1), (15, 8, 16), (20, 8, 1)])
def test_a_crafted_key_derivation_cost_is_refused_at_once(cost):
    """Seen: a crafted header of a .sozdp/.sozk file made the key derivation take 2.2 GB and 17 s, beyond that a
    MemoryError."""
    blob = bytearray(sealed.seal(b"Inhalt", "Kennwort-1"))
    at = len(sealed.MAGIC)
    blob[at : at + 3] = bytes(cost)
    started = time.monotonic()
    with pytest.raises(sealed.SealedFileError) as caught:
        sealed.unseal(bytes(blob), "Kennwort-1")
    assert time.monotonic() - started < 1
    assert str(caught.value) == "Die Datei ist beschädigt oder stammt nicht aus Sozialkoordination."


def test_the_cost_the_app_writes_is_accepted():
    assert sealed.unseal(sealed.seal(b"Inhalt", "Kennwort-1"), "Kennwort-1") == b"Inhalt"
