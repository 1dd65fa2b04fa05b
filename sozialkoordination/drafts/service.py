"""Drafts of open forms: what was typed survives a crash or power cut until it is saved or discarded.

Drafts are kept inside the database (so they are encrypted with it and go with it into backups), as settings
under `entwurf:<form>:<record>`; a person's erasure removes drafts of that person too (services/privacy.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session, sessionmaker

from sozialkoordination.db import writes
from sozialkoordination.models import Setting

PREFIX = "entwurf:"
PERSON_FORM = "PersonDialog"  # the form whose drafts hold a person's data (erased with the person)


@dataclass(frozen=True)
class Draft:
    values: dict[str, object]
    saved_at: datetime


def draft_key(form: str, record_id: int | None) -> str:
    return f"{PREFIX}{form}:{record_id if record_id is not None else 'neu'}"


def drafts_of(key: str) -> ColumnElement[bool]:
    """SQL condition for the drafts under this key, of every workstation (erasure, Auskunft)."""
    return or_(Setting.key == key, Setting.key.startswith(key + "@", autoescape=True))


class DraftService:
    """`workstation` (on a shared server database): each coordinator's drafts are their own, so nobody is
    offered the unsaved input a colleague's crash left behind."""

    def __init__(self, session_factory: sessionmaker[Session], workstation: str | None = None):
        self._sf = session_factory
        self._suffix = f"@{workstation}" if workstation else ""

    def save(self, key: str, values: dict[str, object]) -> None:
        record = json.dumps({"saved_at": datetime.now().isoformat(timespec="seconds"), "values": values})
        with self._sf.begin() as s:
            s.merge(Setting(key=key + self._suffix, value=record))

    def load(self, key: str) -> Draft | None:
        with self._sf() as s:
            row = s.get(Setting, key + self._suffix)
            if row is None or not row.value:
                return None
        try:
            record = json.loads(row.value)
            return Draft(dict(record["values"]), datetime.fromisoformat(record["saved_at"]))
        except (ValueError, KeyError, TypeError):
            return None

    def discard(self, key: str) -> None:
        with self._sf.begin() as s:
            writes.delete(s, Setting.__table__, Setting.key == key + self._suffix)

    def keys(self) -> list[str]:
        with self._sf() as s:
            return list(s.scalars(select(Setting.key).where(Setting.key.startswith(PREFIX))))
