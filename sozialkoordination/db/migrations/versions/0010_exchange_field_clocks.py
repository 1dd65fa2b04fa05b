"""Datenpaket: per-field exchange clocks and the origins of each exchange state

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-08 09:00:00

`exchange_record.fields` keeps, per exchanged record, a keyed hash and a version vector for every field, so the
exchange merges field by field (services/exchange.py). Existing rows get NULL: the next sweep gives each field the
record's clock, which is exactly what the record-level exchange knew. `exchange_record.origin` lists the databases
whose bookkeeping the record's state descends from: two states without a common origin have no common start, so a
field that differs is compared as a conflict instead of being taken for old.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("exchange_record") as batch:
        batch.add_column(sa.Column("fields", sa.Text(), nullable=True))
        batch.add_column(sa.Column("origin", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("exchange_record") as batch:
        batch.drop_column("origin")
        batch.drop_column("fields")
