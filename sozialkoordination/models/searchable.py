"""Records the global search finds by a stored, folded text of some of their fields, kept right on every ORM write."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from sqlalchemy import Text, event, inspect
from sqlalchemy.orm import Mapped, mapped_column

from sozialkoordination.core.normalize import folded_text


class Searchable:
    """Mixin: `search_text` holds the SEARCH_FIELDS folded (services/normalize.fold), so the search compares it with a
    plain LIKE instead of folding every row again for every keystroke.

    Whatever the ORM writes (forms, services, demo data) gets its text from the events below; whatever is written
    without the ORM goes through db/writes.py, which computes it with `search_text_of` (benchmark generators call
    that themselves)."""

    SEARCH_FIELDS: ClassVar[tuple[str, ...]] = ()

    # server_default: the rows that existed before migration 0007 added the column got '' before their text
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")

    @classmethod
    def search_text_of(cls, values: Mapping[str, object]) -> str:
        """The search text of a record given as a mapping of its fields (a dict to insert, a database row)."""
        return folded_text(values.get(field) for field in cls.SEARCH_FIELDS)


def _fields(record: Searchable) -> dict[str, object]:
    return {field: getattr(record, field) for field in record.SEARCH_FIELDS}


@event.listens_for(Searchable, "before_insert", propagate=True)
def _new_search_text(_mapper, _connection, record: Searchable) -> None:
    record.search_text = record.search_text_of(_fields(record))


@event.listens_for(Searchable, "before_update", propagate=True)
def _changed_search_text(_mapper, _connection, record: Searchable) -> None:
    state = inspect(record)
    if any(state.attrs[field].history.has_changes() for field in record.SEARCH_FIELDS):
        record.search_text = record.search_text_of(_fields(record))
