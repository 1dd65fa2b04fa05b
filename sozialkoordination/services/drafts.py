"""Drafts of open forms: what was typed survives a crash or power cut until it is saved or discarded.

Drafts are kept inside the database (so they are encrypted with it and go with it into backups), as settings
under `entwurf:<form>:<record>`; a person's erasure removes drafts of that person too (services/privacy.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from ..models import Setting

PREFIX = "entwurf:"
PERSON_FORM = "PersonDialog"  # the form whose drafts hold a person's data (erased with the person)


@dataclass(frozen=True)
class Draft:
    values: dict[str, object]
    saved_at: datetime


def draft_key(form: str, record_id: int | None) -> str:
    return f"{PREFIX}{form}:{record_id if record_id is not None else 'neu'}"


class DraftService:
    def __init__(self, session_factory: sessionmaker[Session]):
        self._sf = session_factory

    def save(self, key: str, values: dict[str, object]) -> None:
        record = json.dumps({"saved_at": datetime.now().isoformat(timespec="seconds"), "values": values})
        with self._sf.begin() as s:
            s.merge(Setting(key=key, value=record))

    def load(self, key: str) -> Draft | None:
        with self._sf() as s:
            row = s.get(Setting, key)
            if row is None or not row.value:
                return None
        try:
            record = json.loads(row.value)
            return Draft(dict(record["values"]), datetime.fromisoformat(record["saved_at"]))
        except (ValueError, KeyError, TypeError):
            return None

    def discard(self, key: str) -> None:
        with self._sf.begin() as s:
            s.execute(delete(Setting).where(Setting.key == key))

    def keys(self) -> list[str]:
        with self._sf() as s:
            return list(s.scalars(select(Setting.key).where(Setting.key.startswith(PREFIX))))
