"""sort keys of organisations and persons without leading quotes and punctuation

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 10:00:00

Names written in quotes („Die Brücke“ e. V., "Die Tafel") sorted before every name beginning with A, because the
sort key kept the quote. The key now starts at the first letter or digit (services/normalize.sort_key); the keys of
the existing records are computed again here. The downgrade gives them the keys of revision 0007 back.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

from sozialkoordination.core.normalize import fold

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# The rule as this revision knows it, a copy on purpose: a later change of services/normalize.sort_key needs a
# revision of its own that computes the keys again.
_LEADING_MARKS = re.compile(r"^[\W_]+")
_CHUNK = 5000  # rows per UPDATE statement


def _new_key(text: str) -> str:
    folded = fold(text)
    return _LEADING_MARKS.sub("", folded) or folded


def _old_key(text: str) -> str:
    return fold(text)


def _person_name(last_name: str | None, first_name: str | None) -> str:
    return f"{last_name or ''} {first_name or ''}".strip()


def _recompute(key) -> None:
    connection = op.get_bind()
    # Tables of only the columns needed: no defaults or onupdate of the models (updated_at stays as it was).
    organisation = sa.table("organisation", sa.column("id"), sa.column("name"), sa.column("sort_key"))
    person = sa.table("person", sa.column("id"), sa.column("last_name"), sa.column("first_name"), sa.column("sort_key"))
    for table, name_of in (
        (organisation, lambda row: row.name),
        (person, lambda row: _person_name(row.last_name, row.first_name)),
    ):
        columns = [c for c in table.c if c.name not in ("sort_key",)]
        rows = [
            {"rid": row.id, "key": new}
            for row in connection.execute(sa.select(*columns, table.c.sort_key))
            if (new := key(name_of(row))) != row.sort_key
        ]
        statement = table.update().where(table.c.id == sa.bindparam("rid")).values(sort_key=sa.bindparam("key"))
        for start in range(0, len(rows), _CHUNK):
            connection.execute(statement, rows[start : start + _CHUNK])


def upgrade() -> None:
    _recompute(_new_key)


def downgrade() -> None:
    _recompute(_old_key)
