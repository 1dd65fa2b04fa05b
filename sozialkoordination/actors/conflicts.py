"""Concurrent edits: the fields in which the user's input differs from the version someone else saved meanwhile,
in German and readable (names instead of ids), for the side-by-side view of a save conflict; and the three-way
merge that keeps both people's edits when they touched different fields."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from sozialkoordination.core.formatting import german_date
from sozialkoordination.history.service import local_time
from sozialkoordination.models import AuditEntry


@dataclass(frozen=True)
class FieldDifference:
    field: str
    label: str  # "Telefon"
    mine: str  # the user's input, as it would be saved
    theirs: str  # what is saved now
    changed_by_them: bool  # the other person changed this field (not only the user): the user should look closely


@dataclass(frozen=True)
class SaveMerge:
    """The user's edits laid over the version saved meanwhile, field by field against the version the form was
    loaded from (`base`): a field only the user changed takes the input, one only the other person changed keeps
    the saved value, and a field both changed to different values is a clash the user decides."""

    data: object  # the saved version (with its `version`) plus the user's own edits – what "Meine Eingabe" writes
    clashes: list[FieldDifference]  # both changed it, differently
    kept: list[FieldDifference]  # only the other person changed it: their value stays
    mine: list[str]  # the fields the user changed


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


def merge_edits(
    mine: object,
    theirs: object,
    base: object,
    labels: dict[str, str],
    describe: dict[str, Callable[[object], str]] | None = None,
) -> SaveMerge:
    """Three-way merge of a form's input (`mine`, loaded from `base`) with the version saved meanwhile (`theirs`).
    Values are compared as the forms show them, so a name looked up anew or a list in another order is no change."""
    describe = describe or {}
    clashes, kept, changed = [], [], []
    for name, label in labels.items():
        text = describe.get(name, show)
        mine_text, theirs_text, base_text = (text(getattr(d, name)) for d in (mine, theirs, base))
        by_me, by_them = mine_text != base_text, theirs_text != base_text
        if by_me:
            changed.append(name)
        if by_me and by_them and mine_text != theirs_text:
            clashes.append(FieldDifference(name, label, mine_text, theirs_text, True))
        elif by_them and not by_me:
            kept.append(FieldDifference(name, label, mine_text, theirs_text, True))
    data = replace(theirs, **{name: getattr(mine, name) for name in changed})
    return SaveMerge(data, clashes, kept, changed)
