"""Fixtures for the unit tests that need more than one database."""

from tests.databases import databases  # noqa: F401 - a fixture, offered to every test here
