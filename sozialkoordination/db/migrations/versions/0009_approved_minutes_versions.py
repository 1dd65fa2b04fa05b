"""approved minutes are kept as versioned snapshots (minutes_version)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 14:00:00

Deleting a person rewrote approved minutes ("(Name gelöscht) stellt …", one present fewer) and approved minutes
stayed editable. Each approval now stores the whole minutes as one row here; a change is a new Fassung with a
reason. Meetings approved before this revision get their first Fassung the first time it is needed (an export, a
deletion or erasure touching them, a new Fassung): the snapshot is built by the app's own code, which a revision
must not import. The downgrade drops the table and with it the stored Fassungen.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "minutes_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("approved_at", sa.DateTime(), nullable=False),
        sa.Column("approved_by", sa.String(length=200), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("reopened_at", sa.DateTime(), nullable=True),
        sa.Column("reopen_reason", sa.Text(), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_minutes_version_meeting_id_meeting"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_version")),
        sa.UniqueConstraint("meeting_id", "number", name="uq_minutes_version_number"),
    )
    op.create_index(op.f("ix_minutes_version_meeting_id"), "minutes_version", ["meeting_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_minutes_version_meeting_id"), table_name="minutes_version")
    op.drop_table("minutes_version")
