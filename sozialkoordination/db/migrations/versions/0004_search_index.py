"""full-text index (FTS5 trigram) of organisation and person search texts

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 11:00:00
"""

from __future__ import annotations

from alembic import op

from sozialkoordination.db.search_index import INDEXED, create_statements, drop_statements

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # other databases search with their own means (issue: shared office database)
    for table in INDEXED:
        for statement in create_statements(table):
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in INDEXED:
        for statement in drop_statements(table):
            op.execute(statement)
