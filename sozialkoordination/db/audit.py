"""Writes field-level audit entries for every insert, update and delete made through the ORM, and for what the
database changes along with a deletion (ON DELETE CASCADE and SET NULL). Writes without the ORM go through
db/writes.py, which uses the same helpers."""

from __future__ import annotations

import functools
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Table, event, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from sozialkoordination.core.enums import AuditAction
from sozialkoordination.models import AuditEntry, Base, Setting

# Bookkeeping columns whose changes say nothing to a reader of the log.
_IGNORED = {"id", "uuid", "created_at", "updated_at", "version", "search_text"}
_NOT_AUDITED = (AuditEntry, Setting)
IGNORED_COLUMNS = frozenset(_IGNORED | {"sort_key"})  # for entries written without the ORM (Datenpaket import)
# Tables that are logs or bookkeeping themselves: changing them is not a change of the coordinators' data.
NOT_AUDITED_TABLES = frozenset(
    {
        "audit_entry",
        "setting",
        "import_change",
        "exchange_record",
        "exchange_known",
        "exchange_alias",
        "exchange_partner",
    }
)
_COLUMNS = (
    "changed_at",
    "user_name",
    "entity",
    "entity_id",
    "entity_uuid",
    "action",
    "field",
    "old_value",
    "new_value",
)
_CHUNK = 500


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date | Decimal):
        return str(value)
    return str(value)


def value_text(value: object) -> str | None:
    """A value as the log stores it."""
    return _text(value)


def write(session: Session, entries: list[dict]) -> None:
    """Store prepared entries (dicts with some of the audit columns; the missing ones are empty, the time is now)."""
    if not entries:
        return
    user = session.info.get("user_name")
    defaults = {
        "changed_at": None,
        "user_name": user,
        "entity_uuid": None,
        "field": None,
        "old_value": None,
        "new_value": None,
    }
    rows = [defaults | entry for entry in entries]
    for row in rows:
        if row["changed_at"] is None:
            del row["changed_at"]  # the column's default: now
    by_keys: dict[frozenset, list[dict]] = {}
    for row in rows:
        by_keys.setdefault(frozenset(row), []).append(row)
    for group in by_keys.values():
        session.execute(AuditEntry.__table__.insert(), group)


@functools.cache
def _foreign_keys() -> dict[str, list[tuple[Table, str, str]]]:
    """parent table → [(child table, column, 'CASCADE' or 'SET NULL')]: what the database does on its own."""
    found: dict[str, list[tuple[Table, str, str]]] = {}
    for table in Base.metadata.tables.values():
        for column in table.columns:
            for fk in column.foreign_keys:
                how = (fk.ondelete or "").upper()
                if how in ("CASCADE", "SET NULL"):
                    found.setdefault(fk.column.table.name, []).append((table, column.name, how))
    return found


def cascade_entries(
    connection, table_name: str, ids: list[int], skip: frozenset[tuple[str, int]] = frozenset()
) -> list[dict]:
    """Audit entries for what the database will change when these rows are deleted: rows it deletes along (ON
    DELETE CASCADE, followed further down) and references it clears (SET NULL). Call it before the DELETE.
    `skip`: (table, id) of records that are logged anyway (deleted through the ORM in the same flush)."""
    keys = _foreign_keys()
    deleted: dict[tuple[str, int], str | None] = {}
    cleared: list[tuple[Table, int, str | None, str, int]] = []
    roots = {(table_name, ident) for ident in ids}
    queue = [(table_name, list(ids))]
    while queue:
        name, parents = queue.pop()
        for child, column, how in keys.get(name, []):
            if "id" not in child.c or child.name in NOT_AUDITED_TABLES:
                continue  # link tables (themes of an organisation …) are part of their owners
            uuid = child.c.uuid if "uuid" in child.c else None
            found: list[int] = []
            for start in range(0, len(parents), _CHUNK):
                chunk = parents[start : start + _CHUNK]
                statement = select(child.c.id, uuid if uuid is not None else child.c.id, child.c[column]).where(
                    child.c[column].in_(chunk)
                )
                for child_id, child_uuid, parent in connection.execute(statement):
                    child_uuid = child_uuid if uuid is not None else None
                    if how == "CASCADE":
                        if (child.name, child_id) not in deleted:
                            deleted[(child.name, child_id)] = child_uuid
                            found.append(child_id)
                    else:
                        cleared.append((child, child_id, child_uuid, column, parent))
            if found:
                queue.append((child.name, found))
    entries = [
        {"entity": name, "entity_id": ident, "entity_uuid": uuid, "action": AuditAction.DELETE}
        for (name, ident), uuid in deleted.items()
        if (name, ident) not in skip
    ]
    entries += [
        {
            "entity": child.name,
            "entity_id": ident,
            "entity_uuid": uuid,
            "action": AuditAction.UPDATE,
            "field": column,
            "old_value": str(parent),
            "new_value": None,
        }
        for child, ident, uuid, column, parent in cleared
        if (child.name, ident) not in deleted and (child.name, ident) not in skip and (child.name, ident) not in roots
    ]
    return entries


def _entries(session: Session) -> list[dict]:
    user = session.info.get("user_name")
    rows: list[dict] = []
    for obj in session.new:
        if isinstance(obj, _NOT_AUDITED):
            continue
        rows.append({"obj": obj, "action": AuditAction.INSERT, "user_name": user})
    for obj in session.dirty:
        if isinstance(obj, _NOT_AUDITED) or not session.is_modified(obj, include_collections=False):
            continue
        state = inspect(obj)
        for attr in state.mapper.column_attrs:
            if attr.key in _IGNORED:
                continue
            history = state.attrs[attr.key].history
            if not history.has_changes():
                continue
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old == new:
                continue
            rows.append(
                {
                    "obj": obj,
                    "action": AuditAction.UPDATE,
                    "user_name": user,
                    "field": attr.key,
                    "old": _text(old),
                    "new": _text(new),
                }
            )
    gone: dict[str, list[int]] = {}
    for obj in session.deleted:
        if isinstance(obj, _NOT_AUDITED):
            continue
        rows.append({"obj": obj, "action": AuditAction.DELETE, "user_name": user})
        state = inspect(obj)
        if state.identity:
            gone.setdefault(state.mapper.local_table.name, []).append(state.identity[0])
    if gone:
        rows.extend(_cascaded(session, gone))
    return rows


def _cascaded(session: Session, gone: dict[str, list[int]]) -> list[dict]:
    """What the database deletes or clears along with the records deleted in this flush. Records the flush
    handles itself (deleted too, or with the reference changed in the session) are left to the ORM's entries."""
    skip = {(name, ident) for name, ids in gone.items() for ident in ids}
    for obj in session.dirty:
        state = inspect(obj)
        if state.identity and session.is_modified(obj, include_collections=False):
            skip.add((state.mapper.local_table.name, state.identity[0]))
    connection = session.connection()  # plain reads: no autoflush in the middle of a flush
    entries: list[dict] = []
    for name, ids in gone.items():
        entries.extend(cascade_entries(connection, name, ids, frozenset(skip)))
    user = session.info.get("user_name")
    return [{"raw": entry | {"user_name": user}} for entry in entries]


def install(factory: sessionmaker[Session]) -> None:
    @event.listens_for(factory, "before_flush")
    def _collect(session: Session, _flush_context, _instances) -> None:
        session.info.setdefault("_audit_pending", []).extend(_entries(session))

    @event.listens_for(factory, "after_flush_postexec")
    def _write(session: Session, _flush_context) -> None:
        pending = session.info.pop("_audit_pending", [])
        if not pending:
            return
        values = []
        raw = [row["raw"] for row in pending if "raw" in row]
        pending = [row for row in pending if "raw" not in row]
        for row in pending:
            obj = row["obj"]
            state = inspect(obj)
            identity = state.identity or (None,)
            values.append(
                {
                    "user_name": row["user_name"],
                    "entity": state.mapper.local_table.name,
                    "entity_id": identity[0],
                    "entity_uuid": getattr(obj, "uuid", None),
                    "action": row["action"],
                    "field": row.get("field"),
                    "old_value": row.get("old"),
                    "new_value": row.get("new"),
                }
            )
        if values:
            session.execute(AuditEntry.__table__.insert(), values)
        write(session, raw)
