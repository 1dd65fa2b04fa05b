"""import_change records ranges of created ids

One journal row per run of consecutive ids instead of one per created record: an import of 100,000 rows
wrote about 200,000 journal rows, each with its own UUID.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("import_change", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_entity_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("import_change", schema=None) as batch_op:
        batch_op.drop_column("last_entity_id")
