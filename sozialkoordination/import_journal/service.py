"""The journal both imports keep (partner lists, indicator tables): each import is a batch with its changes, listed
in the import history and undone as a whole. Kept apart from the importers so that the start page can list the
latest imports without loading the readers and cleaning rules."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sozialkoordination.core.enums import ImportKind
from sozialkoordination.core.errors import DomainError, NotFoundError
from sozialkoordination.models import ImportBatch, ImportChange

ACTOR_IMPORTS = ImportKind.ACTORS  # ImportBatch.kind of a partner list


@dataclass(frozen=True)
class BatchInfo:
    id: int
    created_at: datetime
    file_name: str
    source: str | None
    user_name: str | None
    created: int
    merged: int
    skipped: int
    rejected: int
    undone_at: datetime | None


class ImportFailed(DomainError):
    pass


@dataclass(frozen=True)
class ChangedRecord:
    """A record an import created or merged into that was edited after it: undo would delete or reset it."""

    entity: str  # "organisation", "person" or "angebot"
    record_id: int
    label: str
    created: bool  # created by the import (undo deletes it) or merged into (undo resets the merged fields)


class ChangedSinceImport(ImportFailed):
    """Undo would delete or reset records edited after the import: the caller asks the user first."""

    def __init__(self, records: list[ChangedRecord]):
        self.records = records
        super().__init__(
            f"{changed_since_text(len(records))}: {describe_records(records)}. "
            "Beim Rückgängigmachen gingen diese Änderungen verloren."
        )


def changed_since_text(count: int) -> str:
    return (
        "1 Eintrag wurde nach dem Import geändert"
        if count == 1
        else f"{count} Einträge wurden nach dem Import geändert"
    )


def describe_records(records: list[ChangedRecord], limit: int = 10) -> str:
    """ "Kita Birke (Organisation), Anna Schulz (Person) und 3 weitere" """
    kinds = {"organisation": "Organisation", "person": "Person", "angebot": "Angebot"}
    named = ", ".join(f"{r.label} ({kinds.get(r.entity, r.entity)})" for r in records[:limit])
    return named + (f" und {len(records) - limit} weitere" if len(records) > limit else "")


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def batch_history(s: Session, kind: str) -> list[BatchInfo]:
    """The batches of one kind (actors, indicators), newest first."""
    batches = s.scalars(select(ImportBatch).where(ImportBatch.kind == kind).order_by(ImportBatch.id.desc()))
    return [
        BatchInfo(
            b.id,
            b.created_at,
            b.file_name,
            b.source,
            b.user_name,
            b.created_count,
            b.merged_count,
            b.skipped_count,
            b.rejected_count,
            b.undone_at,
        )
        for b in batches
    ]


def undoable_batch(s: Session, batch_id: int, kind: str, what: str) -> tuple[ImportBatch, list]:
    """The batch to undo with its changes, newest first; German errors if it is unknown or undone already."""
    batch = s.get(ImportBatch, batch_id)
    if batch is None or batch.kind != kind:
        raise NotFoundError(
            f"{what} mit der Nummer {batch_id} gibt es nicht. Die Liste zeigt „sozialkoordination import history“."
        )
    if batch.undone_at is not None:
        raise ImportFailed(f"Der Import {batch_id} wurde bereits am {batch.undone_at:%d.%m.%Y} rückgängig gemacht.")
    changes = s.execute(
        select(
            ImportChange.entity,
            ImportChange.entity_id,
            ImportChange.last_entity_id,
            ImportChange.action,
            ImportChange.before,
        )
        .where(ImportChange.batch_id == batch_id)
        .order_by(ImportChange.id.desc())
    ).all()
    return batch, changes


def id_runs(ids: list[int]) -> list[tuple[int, int]]:
    """[3, 4, 5, 9] → [(3, 5), (9, 9)]"""
    runs: list[list[int]] = []
    for i in sorted(ids):
        if runs and i == runs[-1][1] + 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return [(first, last) for first, last in runs]


def history(session_factory: sessionmaker[Session], kind: str) -> list[BatchInfo]:
    with session_factory() as s:
        return batch_history(s, kind)
