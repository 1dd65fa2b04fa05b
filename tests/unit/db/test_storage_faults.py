"""Storage faults: the stick is pulled, the disk is full, the medium is read-only. Each gives a clear German
message, no crash, and no committed data is lost; work resumes when the medium is back."""

import pytest
from sqlalchemy import event

from sozialkoordination.actors.service import ORGANISATIONS, ActorFilter, OrganisationData
from sozialkoordination.app import open_context
from sozialkoordination.core.errors import StorageError

pytestmark = pytest.mark.sqlite_only("faults of the medium holding the SQLite file")


def names(context) -> list[str]:
    return sorted(row.values[0] for row in context.actors.rows(ActorFilter(kind=ORGANISATIONS)))


@pytest.fixture
def stick(tmp_path):
    folder = tmp_path / "STICK"
    folder.mkdir()
    context = open_context(f"sqlite:///{folder / 'region.sqlite'}")
    context.actors.save_organisation(OrganisationData(name="Vor dem Ziehen"))
    yield folder, context
    context.close()


def test_pulled_stick_gives_a_message_and_work_resumes(stick, tmp_path):
    folder, context = stick
    context.engine.dispose()  # the open file handles die with the stick
    folder.rename(tmp_path / "weg")
    with pytest.raises(StorageError, match="nicht erreichbar – wurde der USB-Stick entfernt"):
        context.actors.save_organisation(OrganisationData(name="Während der Stick fehlt"))
    with pytest.raises(StorageError):
        names(context)
    assert not folder.exists()  # no empty database was started in its place
    (tmp_path / "weg").rename(folder)
    context.actors.save_organisation(OrganisationData(name="Wieder da"))
    assert names(context) == ["Vor dem Ziehen", "Wieder da"]


def test_a_database_file_moved_away_is_not_replaced_by_an_empty_one(stick, tmp_path):
    folder, context = stick
    context.engine.dispose()
    moved = tmp_path / "verschoben.sqlite"
    (folder / "region.sqlite").rename(moved)
    with pytest.raises(StorageError, match="nicht erreichbar"):
        names(context)
    assert not (folder / "region.sqlite").exists()
    moved.rename(folder / "region.sqlite")
    assert names(context) == ["Vor dem Ziehen"]


def limited(context, pragma: str):
    """New connections get the fault: the pool is emptied so that every statement meets it."""

    @event.listens_for(context.engine, "connect")
    def fault(dbapi_connection, _record):
        dbapi_connection.execute(pragma)

    context.engine.dispose()
    return fault


def test_full_disk_keeps_every_committed_record(stick, tmp_path):
    _folder, context = stick
    with context.engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar_one()
    fault = limited(context, f"PRAGMA max_page_count = {pages}")  # not one page more: the disk is full
    source = tmp_path / "liste.csv"
    source.write_text(
        "Einrichtung;Ort\n" + "".join(f"Verein mit einem recht langen Namen Nr. {i};Bovenden\n" for i in range(3000)),
        encoding="utf-8",
    )
    service = context.actor_import
    data = service.read(source)
    header = service.detect_header(data)
    plan = service.prepare(source, data, header, service.suggest_mapping(data.rows[header]))
    with pytest.raises(StorageError, match="Der Datenträger ist voll"):
        service.run(plan)
    event.remove(context.engine, "connect", fault)
    context.engine.dispose()
    assert names(context) == ["Vor dem Ziehen"]  # all or nothing: not one row of the import
    assert service.run(plan).created == 3000  # space again: the same import goes through


def test_read_only_medium(stick):
    _folder, context = stick
    fault = limited(context, "PRAGMA query_only = ON")
    assert names(context) == ["Vor dem Ziehen"]  # reading still works
    with pytest.raises(StorageError, match="schreibgeschützten Datenträger"):
        context.actors.save_organisation(OrganisationData(name="Geht nicht"))
    event.remove(context.engine, "connect", fault)
    context.engine.dispose()
    context.actors.save_organisation(OrganisationData(name="Geht wieder"))
    assert names(context) == ["Geht wieder", "Vor dem Ziehen"]
