"""Paths and start-up configuration: where the database, backups and logs live, and resource lookup."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "Sozialkoordination"
APP_AUTHOR = "LandkreisGoettingen"
DB_ENV_VAR = "SOZIALKOORDINATION_DB"


def resource_path(*parts: str) -> Path:
    """Return the path of a shipped resource, also inside a PyInstaller bundle."""
    if getattr(sys, "frozen", False):
        base = Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    else:
        base = Path(__file__).resolve().parent.parent
    return base.joinpath("resources", *parts)


def data_dir() -> Path:
    path = Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    path = Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    return data_dir() / "sozialkoordination.sqlite"


def to_db_url(path_or_url: str | os.PathLike[str]) -> str:
    """Turn a file path or a SQLAlchemy URL into a SQLAlchemy URL."""
    text = str(path_or_url)
    for short in ("postgres://", "postgresql://"):  # the usual spellings, for the driver the app brings along
        if text.startswith(short):
            return "postgresql+psycopg://" + text[len(short) :]
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def resolve_db_url(cli_value: str | None) -> str:
    """The database chosen by --db, else by the environment variable, else the default file."""
    if cli_value:
        return to_db_url(cli_value)
    env_value = os.environ.get(DB_ENV_VAR)
    if env_value:
        return to_db_url(env_value)
    return to_db_url(default_db_path())


def sqlite_file(url: str) -> Path | None:
    """The database file behind a SQLite URL, or None for other databases and in-memory SQLite."""
    if not url.startswith("sqlite"):
        return None
    _, _, rest = url.partition(":///")
    if not rest or rest == ":memory:":
        return None
    return Path(rest)


def workstation() -> str:
    """Who works here, for a shared server database: the login and the computer's name ("anna@pc-sr-b")."""
    import getpass
    import socket

    try:
        login = getpass.getuser()
    except (KeyError, OSError):  # no login name (some containers)
        login = "unbekannt"
    return f"{login}@{socket.gethostname()}"
