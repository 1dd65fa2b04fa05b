"""agenda item that follows up the open tasks of an earlier meeting

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("follow_up_meeting_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_agenda_item_follow_up_meeting_id_meeting"),
            "meeting",
            ["follow_up_meeting_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_agenda_item_follow_up_meeting_id_meeting"), type_="foreignkey")
        batch_op.drop_column("follow_up_meeting_id")
