"""indexes on the columns that refer to organisations and persons

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 19:30:00

Deleting an organisation or a person makes the database look for every row that refers to it (to cascade or to
set NULL). Without an index on the referring column that is a scan of the whole table for each deleted row:
undoing an import of 100,000 rows took four minutes on SQLite, most of it scanning organisation.parent_id.
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# (table, column): the references to organisation and person that had no index
COLUMNS = (
    ("organisation", "parent_id"),
    ("budget_application", "applicant_organisation_id"),
    ("meeting", "chair_person_id"),
    ("meeting", "minute_taker_person_id"),
    ("network", "organiser_person_id"),
    ("relationship", "source_organisation_id"),
    ("relationship", "source_person_id"),
    ("relationship", "target_organisation_id"),
    ("relationship", "target_person_id"),
    ("participation_activity", "organiser_organisation_id"),
    ("proposal", "responsible_organisation_id"),
    ("offer", "contact_person_id"),
)


def upgrade() -> None:
    for table, column in COLUMNS:
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column])


def downgrade() -> None:
    for table, column in reversed(COLUMNS):
        op.drop_index(op.f(f"ix_{table}_{column}"), table_name=table)
