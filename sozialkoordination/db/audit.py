"""Writes field-level audit entries for every insert, update and delete made through the ORM."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, sessionmaker

from sozialkoordination.core.enums import AuditAction
from sozialkoordination.models import AuditEntry, Setting

# Bookkeeping columns whose changes say nothing to a reader of the log.
_IGNORED = {"id", "uuid", "created_at", "updated_at", "version", "search_text"}
_NOT_AUDITED = (AuditEntry, Setting)
IGNORED_COLUMNS = frozenset(_IGNORED | {"sort_key"})  # for entries written without the ORM (Datenpaket import)


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
    for obj in session.deleted:
        if isinstance(obj, _NOT_AUDITED):
            continue
        rows.append({"obj": obj, "action": AuditAction.DELETE, "user_name": user})
    return rows


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
        session.execute(AuditEntry.__table__.insert(), values)
