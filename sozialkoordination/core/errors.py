"""Domain exceptions: each carries a German message a coordinator can act on; the UI decides how to show it."""

from __future__ import annotations

from datetime import datetime


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
    """The record was changed by someone else since it was loaded.

    Where the newer version can be shown beside the user's input (organisations, persons), `current` is that
    version as a DTO (with its `version`, so saving over it is a conscious choice), `changed_by` and `changed_at`
    (local time) say who saved it when, as the audit log knows it."""

    def __init__(
        self,
        message: str,
        current: object | None = None,
        changed_by: str | None = None,
        changed_at: datetime | None = None,
    ):
        super().__init__(message)
        self.current = current
        self.changed_by = changed_by
        self.changed_at = changed_at


class StorageError(DomainError):
    """The medium holding the database failed (stick removed, disk full, read-only); nothing was saved."""


class DatabaseBusyError(DomainError):
    """Another process (or a long import in the background) holds the database's write lock longer than the short
    wait; nothing was saved, trying again shortly usually works."""

    MESSAGE = (
        "Die Datenbank ist gerade belegt (ein anderer Vorgang schreibt). Bitte versuchen Sie es gleich noch einmal."
    )

    def __init__(self, message: str = MESSAGE):
        super().__init__(message)
