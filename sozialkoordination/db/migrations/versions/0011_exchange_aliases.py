"""Datenpaket: aliases of records merged as duplicates

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-08 12:00:00

Two laptops that import the same partner list and then exchange hold each organisation twice under two UUIDs.
When the user merges such a pair, `exchange_alias` maps the UUID of the record that went to the one that stays,
so a later package that still names the old UUID updates the merged record instead of creating it again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exchange_alias",
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("target_uuid", sa.String(length=36), nullable=False),
        sa.Column("merged_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("table_name", "uuid", name=op.f("pk_exchange_alias")),
    )
    with op.batch_alter_table("exchange_alias") as batch:
        batch.create_index(batch.f("ix_exchange_alias_target_uuid"), ["target_uuid"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("exchange_alias") as batch:
        batch.drop_index(batch.f("ix_exchange_alias_target_uuid"))
    op.drop_table("exchange_alias")
