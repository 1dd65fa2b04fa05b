"""full-text index of organisation and person search texts (SQLite: FTS5 trigram; PostgreSQL: pg_trgm)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 11:00:00
"""

from __future__ import annotations

from alembic import op

from sozialkoordination.db.search_index import (
    INDEXED,
    drop_statements,
    index_table,
    postgresql_create_statements,
    postgresql_drop_statements,
    trigger_statements,
)

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def create_statements(table: str) -> list[str]:
    """The index table, its triggers and its first filling (kept here: only a migration writes rows in SQL)."""
    fts = index_table(table)
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5(search_text, content='{table}', content_rowid='id', "
        "tokenize='trigram')",
        *trigger_statements(table),
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        for statement in postgresql_create_statements():
            op.execute(statement)
        return
    if dialect != "sqlite":
        return
    for table in INDEXED:
        for statement in create_statements(table):
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        for statement in postgresql_drop_statements():
            op.execute(statement)
        return
    if dialect != "sqlite":
        return
    for table in INDEXED:
        for statement in drop_statements(table):
            op.execute(statement)
