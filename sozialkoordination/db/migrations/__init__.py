"""Alembic environment and revisions of the database schema."""
