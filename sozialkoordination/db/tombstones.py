"""Marks every record deleted through the ORM in the exchange bookkeeping, so a Datenpaket can carry the deletion.

The parts the database deletes with it (ON DELETE CASCADE: a person's consents and affiliations, a meeting's
TOPs …) are marked as well, while they can still be found. The deleted records' content fingerprints and field
hashes are forgotten at once, so an erased person leaves no hash of their data behind. Deletions made without the
ORM (db/writes.delete) are found by the exchange's comparison with what existed before (exchange/service.py)."""

from __future__ import annotations

from sqlalchemy import Table, event, select
from sqlalchemy.orm import Session, sessionmaker

from sozialkoordination.db import writes
from sozialkoordination.models import Base
from sozialkoordination.models.base import utcnow
from sozialkoordination.models.exchange import EXCHANGED_TABLES, ExchangeRecord

_PENDING = "_exchange_tombstones"


def _cascades() -> dict[str, list[tuple[Table, str]]]:
    """parent table → [(child table, column)] for the exchanged children the database deletes with the parent."""
    found: dict[str, list[tuple[Table, str]]] = {}
    for name in EXCHANGED_TABLES:
        table = Base.metadata.tables[name]
        for column in table.columns:
            for fk in column.foreign_keys:
                if (fk.ondelete or "").upper() == "CASCADE":
                    found.setdefault(fk.column.table.name, []).append((table, column.name))
    return found


def _with_parts(session: Session, gone: list[tuple[str, int, str]]) -> list[tuple[str, str]]:
    cascades = _cascades()
    connection = session.connection()  # plain reads: no autoflush in the middle of a flush
    result, queue, seen = [], list(gone), set()
    while queue:
        name, ident, uuid = queue.pop()
        if (name, ident) in seen:
            continue
        seen.add((name, ident))
        result.append((name, uuid))
        for child, column in cascades.get(name, []):
            for child_id, child_uuid in connection.execute(
                select(child.c.id, child.c.uuid).where(child.c[column] == ident)
            ):
                queue.append((child.name, child_id, child_uuid))
    return result


def install(factory: sessionmaker[Session]) -> None:
    @event.listens_for(factory, "before_flush")
    def _collect(session: Session, _flush_context, _instances) -> None:
        gone = [
            (obj.__table__.name, obj.id, obj.uuid)
            for obj in session.deleted
            if getattr(obj, "__tablename__", None) in EXCHANGED_TABLES and obj.uuid and obj.id is not None
        ]
        if gone:
            session.info.setdefault(_PENDING, []).extend(_with_parts(session, gone))

    @event.listens_for(factory, "after_flush_postexec")
    def _write(session: Session, _flush_context) -> None:
        gone = session.info.pop(_PENDING, [])
        now = utcnow()
        table = ExchangeRecord.__table__
        for table_name, uuid in gone:
            forgotten = {"table_name": table_name, "uuid": uuid, "fingerprint": "", "fields": None, "deleted_at": now}
            if not writes.update(session, table, [forgotten], key=("table_name", "uuid")):
                writes.insert(session, table, [forgotten | {"clock": "{}"}])
