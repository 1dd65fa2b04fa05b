"""Coordinates of an organisation from a partner's list (issue 19)

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-07 02:00:00

Partner lists often carry the place of a facility (Berlin's Kita list: `lat`, `lon`; Schleswig-Holstein's schools:
`latitude`, `longitude`). The import keeps them on the organisation, in WGS84 degrees, for maps later. Existing
organisations get NULL. (Numbered 0012 because another branch may add 0011; renumbered at the merge.)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organisation") as batch:
        batch.add_column(sa.Column("latitude", sa.Float(), nullable=True))
        batch.add_column(sa.Column("longitude", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("organisation") as batch:
        batch.drop_column("longitude")
        batch.drop_column("latitude")
