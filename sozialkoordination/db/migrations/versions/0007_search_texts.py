"""stored search texts of networks, meetings, tasks, volunteers, offers and participation activities

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 10:00:00

The global search folded the texts of every row of these tables with a function per row for every keystroke (23 ms
at district scale, on SQLite a Python function). Each row now keeps its folded text in `search_text`, which a plain
LIKE searches; the texts of the existing rows are computed here with the app's own folding. PostgreSQL's SQL fold()
of migration 0004 was only used for that and goes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sozialkoordination.core.normalize import folded_text
from sozialkoordination.db.search_index import fold_function

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# The searched fields as this revision knows them (the models' SEARCH_FIELDS then). A copy on purpose: a migration
# must go on working on the columns of its time when the models change later; a later change of the fields needs a
# revision of its own that computes the texts again.
SEARCH_FIELDS = {
    "network": ("name", "network_type", "description"),
    "meeting": ("title", "meeting_type", "venue", "venue_address", "notes"),
    "task": ("description",),
    "volunteer": ("role", "skills", "ortschaft", "notes"),
    "offer": ("title", "description", "tasks", "place"),
    "participation_activity": ("title", "topic", "format", "ortschaft", "notes"),
}
_CHUNK = 5000  # rows per UPDATE statement


def upgrade() -> None:
    for table in SEARCH_FIELDS:
        op.add_column(table, sa.Column("search_text", sa.Text(), server_default="", nullable=False))
    connection = op.get_bind()
    for name, fields in SEARCH_FIELDS.items():
        # A table of only the columns needed: no defaults or onupdate of the models (updated_at stays as it was).
        table = sa.table(name, sa.column("id"), sa.column("search_text"), *(sa.column(f) for f in fields))
        rows = [
            {"rid": row[0], "text": folded_text(row[1:])}
            for row in connection.execute(sa.select(table.c.id, *(table.c[f] for f in fields)))
        ]
        statement = table.update().where(table.c.id == sa.bindparam("rid")).values(search_text=sa.bindparam("text"))
        for start in range(0, len(rows), _CHUNK):
            connection.execute(statement, rows[start : start + _CHUNK])
    if connection.dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS fold(text)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(fold_function())
    for table in reversed(SEARCH_FIELDS):
        # Not in batch mode: on SQLite that copies the table and drops the old one, and with foreign keys on, the
        # drop deletes the rows that refer to it. DROP COLUMN in place needs SQLite 3.35; the bundled SQLCipher has it.
        op.drop_column(table, "search_text")
