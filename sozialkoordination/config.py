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


def installation_id() -> str:
    """This user's installation of the app on this computer, kept outside every database (in the settings
    folder): a database file carried to another laptop finds a different one."""
    import uuid

    folder = Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))
    path = folder / "installation-id"
    try:
        value = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        value = ""
    if len(value) != 36:
        value = str(uuid.uuid4())
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(value, encoding="ascii")
        except OSError:  # a read-only profile: the database then counts as moved at every start, which is safe
            pass
    return value


def database_place(url: str) -> str:
    """Where a database lives, for the exchange's site identity: the installation and the file's full path, or
    the server and database name (never the password). A copy of the file, or the same file on another laptop,
    has another place and so gets an exchange identity of its own."""
    path = sqlite_file(url)
    if path is not None:
        return f"{installation_id()}|{path.resolve()}"
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return f"{parsed.get_backend_name()}://{parsed.host or ''}:{parsed.port or ''}/{parsed.database or ''}"
