"""Marks every record deleted through the ORM in the exchange bookkeeping, so a Datenpaket can carry the deletion.

Deletions the database makes itself (ON DELETE CASCADE, bulk deletes) are found by the exchange's comparison
with what existed at the last exchange (services/exchange.py); this hook adds the records deleted before they
were ever exchanged, and forgets the deleted record's content fingerprint at once (an erased person leaves
no hash of their data behind)."""

from __future__ import annotations

from sqlalchemy import event, insert, update
from sqlalchemy.orm import Session, sessionmaker

from ..models.base import utcnow
from ..models.exchange import EXCHANGED_TABLES, ExchangeRecord

_PENDING = "_exchange_tombstones"


def install(factory: sessionmaker[Session]) -> None:
    @event.listens_for(factory, "before_flush")
    def _collect(session: Session, _flush_context, _instances) -> None:
        gone = [
            (obj.__table__.name, obj.uuid)
            for obj in session.deleted
            if getattr(obj, "__tablename__", None) in EXCHANGED_TABLES and obj.uuid
        ]
        if gone:
            session.info.setdefault(_PENDING, []).extend(gone)

    @event.listens_for(factory, "after_flush_postexec")
    def _write(session: Session, _flush_context) -> None:
        gone = session.info.pop(_PENDING, [])
        now = utcnow()
        table = ExchangeRecord.__table__
        for table_name, uuid in gone:
            marked = session.execute(
                update(table)
                .where(table.c.table_name == table_name, table.c.uuid == uuid)
                .values(fingerprint="", deleted_at=now)
            )
            if not marked.rowcount:
                session.execute(
                    insert(table).values(table_name=table_name, uuid=uuid, fingerprint="", clock="{}", deleted_at=now)
                )
