"""Concurrent edits: the fields in which the user's input differs from the version someone else saved meanwhile,
in German and readable (names instead of ids), for the side-by-side view of a save conflict."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..models import AuditEntry
from .audit_history import local_time
from .formatting import german_date


@dataclass(frozen=True)
class FieldDifference:
    field: str
    label: str  # "Telefon"
    mine: str  # the user's input, as it would be saved
    theirs: str  # what is saved now
    changed_by_them: bool  # the other person changed this field (not only the user): the user should look closely


@dataclass(frozen=True)
class LastChange:
    user_name: str | None
    changed_at: datetime | None  # local time


def last_change(s: Session, entity: str, entity_id: int, related: dict[str, Iterable[int]] | None = None) -> LastChange:
    """Who saved this record last, and when: the newest audit entry of the record (or of its related records,
    e.g. a person's consents and affiliations, which are saved with it)."""
    conditions = [(AuditEntry.entity == entity) & (AuditEntry.entity_id == entity_id)]
    for table, ids in (related or {}).items():
        ids = list(ids)
        if ids:
            conditions.append((AuditEntry.entity == table) & AuditEntry.entity_id.in_(ids))
    entry = s.scalars(
        select(AuditEntry).where(or_(*conditions)).order_by(AuditEntry.changed_at.desc(), AuditEntry.id.desc()).limit(1)
    ).first()
    if entry is None:
        return LastChange(None, None)
    return LastChange(entry.user_name, local_time(entry.changed_at))


def show(value: object) -> str:
    """A field value as the forms show it."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if hasattr(value, "strftime"):
        return german_date(value)
    if isinstance(value, list | tuple):
        return "; ".join(show(v) for v in value if show(v))
    return str(value)


def differences(
    mine: object,
    theirs: object,
    base: object | None,
    labels: dict[str, str],
    describe: dict[str, Callable[[object], str]] | None = None,
) -> list[FieldDifference]:
    """The fields (in the order of `labels`) where `mine` and `theirs` differ. `base` is the version the form was
    loaded from: a field that differs between base and theirs was changed by the other person."""
    describe = describe or {}
    result = []
    for field, label in labels.items():
        text = describe.get(field, show)
        mine_text, theirs_text = text(getattr(mine, field)), text(getattr(theirs, field))
        if mine_text == theirs_text:
            continue
        changed = base is not None and text(getattr(base, field)) != theirs_text
        result.append(FieldDifference(field, label, mine_text, theirs_text, changed))
    return result
