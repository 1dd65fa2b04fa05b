"""Datenpaket exchange: per-record exchange clocks and tombstones, partners and what each partner has

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 18:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exchange_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("clock", sa.Text(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_record")),
        sa.UniqueConstraint("table_name", "uuid", name="uq_exchange_record_entry"),
    )
    op.create_index(op.f("ix_exchange_record_uuid"), "exchange_record", ["uuid"], unique=False)
    op.create_table(
        "exchange_partner",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("site_id", sa.String(length=36), nullable=True),
        sa.Column("called_by_them", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_export_at", sa.DateTime(), nullable=True),
        sa.Column("last_import_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_partner")),
        sa.UniqueConstraint("name", name=op.f("uq_exchange_partner_name")),
        sa.UniqueConstraint("site_id", name=op.f("uq_exchange_partner_site_id")),
    )
    op.create_table(
        "exchange_known",
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("clock", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["exchange_partner.id"],
            name=op.f("fk_exchange_known_partner_id_exchange_partner"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("partner_id", "table_name", "uuid", name=op.f("pk_exchange_known")),
    )


def downgrade() -> None:
    op.drop_table("exchange_known")
    op.drop_table("exchange_partner")
    op.drop_index(op.f("ix_exchange_record_uuid"), table_name="exchange_record")
    op.drop_table("exchange_record")
