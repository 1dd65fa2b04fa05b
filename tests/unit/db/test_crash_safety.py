"""Crash safety: a real process importing lists and editing records is killed (SIGKILL) at random moments, many
times. Afterwards the database passes integrity_check and holds each import batch either whole or not at all."""

import random
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from sozialkoordination.app import open_context
from sozialkoordination.db.encryption import driver

# The app's SQLite (SQLCipher) only: a second SQLite library in this process would not see the engine's locks, could
# remove its -wal on close and once ended the test run with a bus error.
sqlcipher = driver()

pytestmark = pytest.mark.sqlite_only("crash safety of the SQLite file (WAL, killed processes)")

ROWS = 400
KILLS = 8

WORKER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from sozialkoordination.app import open_context
    from sozialkoordination.actor_import.service import Decision
    from sozialkoordination.actors.service import OrganisationData

    db_url, partner_list = sys.argv[1], Path(sys.argv[2])
    context = open_context(db_url)
    service = context.actor_import
    organisation = context.actors.save_organisation(OrganisationData(name="Zähler 0"))
    print("bereit", flush=True)
    round_ = 0
    while True:
        round_ += 1
        data = service.read(partner_list)
        header = service.detect_header(data)
        mapping = service.suggest_mapping(data.rows[header])
        plan = service.prepare(partner_list, data, header, mapping, source="Crashtest")
        service.run(plan, default=Decision("create"))
        for step in range(20):  # edits, each its own transaction
            edited = context.actors.get_organisation(organisation)
            edited.name = f"Zähler {round_}-{step}"
            context.actors.save_organisation(edited)
    """
)


def partner_list(path):
    lines = ["Einrichtung;Ansprechpartner;E-Mail;PLZ;Ort"]
    for i in range(ROWS):
        lines.append(f"Absturzprobe Träger {i};Frau Kim Probe{i};kim{i}@probe.example;37120;Bovenden")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def check_whole_batches(path):
    connection = sqlcipher.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        batches = connection.execute("SELECT id, created_count FROM import_batch").fetchall()
        organisations = connection.execute(
            "SELECT count(*) FROM organisation WHERE name LIKE 'Absturzprobe Träger %'"
        ).fetchone()[0]
        persons = connection.execute("SELECT count(*) FROM person WHERE last_name LIKE 'Probe%'").fetchone()[0]
    finally:
        connection.close()
    # Every committed batch brought all its rows; no row of an interrupted batch is left behind.
    assert organisations == ROWS * len(batches)
    assert persons == ROWS * len(batches)
    return len(batches)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is a POSIX signal")
def test_killed_imports_and_edits_leave_whole_batches(tmp_path):
    path = tmp_path / "absturz.sqlite"
    db_url = f"sqlite:///{path}"
    open_context(db_url).close()
    source = partner_list(tmp_path / "partner.csv")
    chance = random.Random(20261125)
    committed = []
    for _ in range(KILLS):
        worker = subprocess.Popen(
            [sys.executable, "-c", WORKER, db_url, str(source)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        try:
            assert worker.stdout.readline().strip() == b"bereit", worker.stderr.read().decode()
            time.sleep(chance.uniform(0.05, 2.5))
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait()
        committed.append(check_whole_batches(path))
    # The kills fell at different moments: some imports completed, and the count never went backwards.
    assert committed == sorted(committed) and committed[-1] > 0, committed
    assert len(set(committed)) > 1, committed  # kills fell both inside and between imports
    # The app opens the file normally afterwards and sees the same data.
    context = open_context(db_url)
    context.close()
    assert check_whole_batches(path) == committed[-1]
