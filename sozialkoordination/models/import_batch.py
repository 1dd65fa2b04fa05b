"""Import batches (one per imported file, undoable as a whole) and saved column mappings per source."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sozialkoordination.core.enums import ImportKind
from sozialkoordination.models.base import Base, RecordMixin


class ImportBatch(RecordMixin, Base):
    __tablename__ = "import_batch"

    kind: Mapped[str] = mapped_column(String(20))  # ImportKind
    file_name: Mapped[str] = mapped_column(String(500))
    checksum: Mapped[str] = mapped_column(String(64))  # SHA-256 of the file
    source: Mapped[str | None] = mapped_column(String(200))  # the partner who sent it
    user_name: Mapped[str | None] = mapped_column(String(200))
    created_count: Mapped[int] = mapped_column(Integer, default=0)
    merged_count: Mapped[int] = mapped_column(Integer, default=0)
    skipped_count: Mapped[int] = mapped_column(Integer, default=0)
    rejected_count: Mapped[int] = mapped_column(Integer, default=0)
    undone_at: Mapped[datetime | None] = mapped_column(DateTime)

    changes: Mapped[list[ImportChange]] = relationship(
        back_populates="batch", cascade="all, delete-orphan", passive_deletes=True
    )


class ImportChange(RecordMixin, Base):
    """What a batch did: created the records entity_id … last_entity_id, or merged into entity_id (with the
    state before, for undo)."""

    __tablename__ = "import_change"

    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id", ondelete="CASCADE"), index=True)
    entity: Mapped[str] = mapped_column(String(40))  # table name
    entity_id: Mapped[int] = mapped_column(Integer)
    last_entity_id: Mapped[int | None] = mapped_column(Integer)  # "created": the last id of a consecutive run
    action: Mapped[str] = mapped_column(String(20))  # ImportChangeAction
    before: Mapped[dict | None] = mapped_column(JSON)

    batch: Mapped[ImportBatch] = relationship(back_populates="changes")


class ColumnMapping(RecordMixin, Base):
    """A column mapping remembered per partner/source and offered again next time."""

    __tablename__ = "column_mapping"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default=ImportKind.ACTORS)
    mapping: Mapped[dict] = mapped_column(JSON)
    notes: Mapped[str | None] = mapped_column(Text)
