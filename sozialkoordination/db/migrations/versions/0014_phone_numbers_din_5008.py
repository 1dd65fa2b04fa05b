"""phone numbers of organisations and persons regrouped as DIN 5008 (issue 19)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 04:00:00

Numbers were stored as typed or imported, often without spaces ("0551123456"); German Excel and LibreOffice turn
such a number into 551123456 when they open a CSV export. The app now stores the DIN 5008 grouping ("0551 123456",
"+49 551 123456", "0551 39-0") on every save and import (core.normalize.normalize_phone); this revision regroups
the numbers already stored, so the list does not mix both forms. A text that is no valid number stays as it is.
The search text gets the new form in place of the old one (the search index follows it through its triggers);
change times stay as they were: nobody changed the record's content.

The downgrade keeps the grouped numbers: revision 0013 reads them as they are, and the old form is not worth
keeping (it was the problem).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sozialkoordination.core.normalize import normalize_phone

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

_CHUNK = 5000  # rows per UPDATE statement
_PHONES = {"organisation": ("phone",), "person": ("phone", "mobile")}


def _regroup(table_name: str, fields: tuple[str, ...]) -> None:
    connection = op.get_bind()
    # A table of only the columns needed: no defaults or onupdate of the models (updated_at stays as it was).
    table = sa.table(table_name, sa.column("id"), sa.column("search_text"), *(sa.column(f) for f in fields))
    rows = []
    for row in connection.execute(sa.select(table).where(sa.or_(*(table.c[f].isnot(None) for f in fields)))):
        values, search_text = {}, row.search_text or ""
        for field in fields:
            old = row._mapping[field]
            new = normalize_phone(old) if old else old
            if new != old:
                values[field] = new
                search_text = search_text.replace(old.lower(), new.lower(), 1)
        if values:
            current = {f"new_{f}": values.get(f, row._mapping[f]) for f in fields}
            rows.append({"rid": row.id, "new_search_text": search_text, **current})
    if not rows:
        return
    statement = (
        table.update()
        .where(table.c.id == sa.bindparam("rid"))
        .values(search_text=sa.bindparam("new_search_text"), **{f: sa.bindparam(f"new_{f}") for f in fields})
    )
    for start in range(0, len(rows), _CHUNK):
        connection.execute(statement, rows[start : start + _CHUNK])


def upgrade() -> None:
    for table_name, fields in _PHONES.items():
        _regroup(table_name, fields)


def downgrade() -> None:
    pass
