"""One password rule for everything that protects data with a password the user chooses: the database, backups
for passing on (.sozk), Datenpakete (.sozdp) and logins on the office's database server."""

from __future__ import annotations

from sozialkoordination.core.errors import ValidationError

MIN_PASSWORD_LENGTH = 8


def password_problem(password: str | None) -> str | None:
    """What is wrong with a new password, in German (None if it may be used)."""
    if not password:
        return f"Bitte geben Sie ein Kennwort mit mindestens {MIN_PASSWORD_LENGTH} Zeichen ein."
    if len(password) < MIN_PASSWORD_LENGTH:
        return (
            f"Das Kennwort muss mindestens {MIN_PASSWORD_LENGTH} Zeichen lang sein; gut ist ein Satz aus mehreren "
            "Wörtern, den Sie sich merken können."
        )
    return None


def check_password(password: str | None, field: str = "password") -> None:
    """Raise a ValidationError for `field` if the password breaks the rule."""
    problem = password_problem(password)
    if problem:
        raise ValidationError({field: problem})
