"""Angebote of organisations for the Präventionskette (issue 24)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 04:40:00

Offers of organisations for families and people (Beratung, Gruppe, Kurs, Betreuung, Treffpunkt …) with life phases,
target groups, themes, place (Gemeinde and Sozialraum derived from it), reach, cost, language, accessibility, period
and contact. A new table and its theme list; nothing existing changes. (Numbered 0014 as the next free number; the
lead renumbers at the merge if another branch took it.)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "angebot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False, server_default=""),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("target_groups", sa.String(length=500), nullable=True),
        sa.Column("life_phases", sa.String(length=200), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("at_organisation", sa.Boolean(), nullable=False),
        sa.Column("place_street", sa.String(length=200), nullable=True),
        sa.Column("place_postcode", sa.String(length=10), nullable=True),
        sa.Column("place_city", sa.String(length=120), nullable=True),
        sa.Column("gemeinde_id", sa.Integer(), nullable=True),
        sa.Column("sozialraum_id", sa.Integer(), nullable=True),
        sa.Column("reach", sa.String(length=20), nullable=False),
        sa.Column("cost", sa.String(length=200), nullable=True),
        sa.Column("language", sa.String(length=200), nullable=True),
        sa.Column("accessibility", sa.String(length=300), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("contact", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_angebot_organisation_id_organisation"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["gemeinde_id"], ["gemeinde.id"], name=op.f("fk_angebot_gemeinde_id_gemeinde"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["sozialraum_id"], ["sozialraum.id"], name=op.f("fk_angebot_sozialraum_id_sozialraum"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_angebot")),
        sa.UniqueConstraint("uuid", name=op.f("uq_angebot_uuid")),
    )
    for column in ("organisation_id", "gemeinde_id", "sozialraum_id"):
        op.create_index(op.f(f"ix_angebot_{column}"), "angebot", [column], unique=False)
    op.create_table(
        "angebot_theme",
        sa.Column("angebot_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["angebot_id"], ["angebot.id"], name=op.f("fk_angebot_theme_angebot_id_angebot"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"], ["theme.id"], name=op.f("fk_angebot_theme_theme_id_theme"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("angebot_id", "theme_id", name=op.f("pk_angebot_theme")),
    )


def downgrade() -> None:
    op.drop_table("angebot_theme")
    for column in ("sozialraum_id", "gemeinde_id", "organisation_id"):
        op.drop_index(op.f(f"ix_angebot_{column}"), table_name="angebot")
    op.drop_table("angebot")
