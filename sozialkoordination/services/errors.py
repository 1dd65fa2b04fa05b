"""Domain exceptions: each carries a German message a coordinator can act on; the UI decides how to show it."""

from __future__ import annotations


class DomainError(Exception):
    """Base of all errors meant for the user. str(error) is the German message."""


class ValidationError(DomainError):
    """Input that cannot be saved. `fields` maps field names to German messages."""

    def __init__(self, fields: dict[str, str]):
        self.fields = dict(fields)
        super().__init__("Bitte prüfen Sie die Eingaben: " + " ".join(self.fields.values()))


class NotFoundError(DomainError):
    pass


class ConflictError(DomainError):
    """The record was changed by someone else since it was loaded."""


class StorageError(DomainError):
    """The medium holding the database failed (stick removed, disk full, read-only); nothing was saved."""
