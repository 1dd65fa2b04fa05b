"""A throw-away PostgreSQL server for the test run: initdb into a temporary folder, listen on loopback only.

The server runs as the `postgres` user when the tests run as root (postgres refuses to run as root). Each test
database is made by CREATE DATABASE … TEMPLATE, which copies files instead of running the migrations again."""

from __future__ import annotations

import glob
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
from pathlib import Path

SUPERUSER = "postgres"
PASSWORD = "pg-test-kennwort"  # connections over TCP check passwords (scram-sha-256), as an office server does


def find_binaries() -> Path | None:
    """The bin folder of the newest installed PostgreSQL (Debian: /usr/lib/postgresql/<version>/bin), or PATH."""

    def version(folder: str) -> int:
        match = re.search(r"/postgresql/(\d+)", folder)
        return int(match.group(1)) if match else 0

    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True):
        if Path(folder, "initdb").exists() and Path(folder, "pg_ctl").exists():
            return Path(folder)
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).parent
    return None


def unavailable_reason() -> str | None:
    """Why no server can be started here (None if it can)."""
    if find_binaries() is None:
        return "no PostgreSQL programs (initdb, pg_ctl) found – Debian: apt install postgresql"
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam(SUPERUSER)
        except KeyError:
            return "running as root, but there is no user 'postgres' to run the server as"
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class TestServer:
    """One server per test run; `new_database()` gives a fresh database (optionally a copy of a template)."""

    __test__ = False  # not a test class, despite the name

    def __init__(self) -> None:
        self.bin = find_binaries()
        self._as_root = os.geteuid() == 0
        # As root the folder must be reachable for the postgres user: /tmp, not a TMPDIR below /root.
        self.root = Path(tempfile.mkdtemp(prefix="sk-pg-", dir="/tmp" if self._as_root else None))
        self.data = self.root / "data"
        self.port = _free_port()
        self._counter = 0
        self._lock = threading.Lock()
        if self._as_root:
            import pwd

            user = pwd.getpwnam(SUPERUSER)
            os.chown(self.root, user.pw_uid, user.pw_gid)
            os.chmod(self.root, 0o700)

    def version(self) -> int:
        result = subprocess.run([str(self.bin / "pg_ctl"), "--version"], capture_output=True, text=True)
        match = re.search(r"(\d+)", result.stdout)
        return int(match.group(1)) if match else 0

    def _run(self, *args: str) -> None:
        command = [str(a) for a in args]
        if self._as_root:
            command = ["runuser", "-u", SUPERUSER, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, cwd=self.root)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")

    def start(self, settings: str = "") -> None:
        """`settings`: further server options (-c name=value …), e.g. TLS for the tests of encrypted connections."""
        password_file = self.root / "pwfile"
        password_file.write_text(PASSWORD + "\n")
        if self._as_root:
            import pwd

            user = pwd.getpwnam(SUPERUSER)
            os.chown(password_file, user.pw_uid, user.pw_gid)
        # An office server sorts text the German way (ICU "de-DE"): the app's order must not depend on it.
        german = ["--locale-provider=icu", "--icu-locale=de-DE"] if self.version() >= 15 else []
        self._run(
            self.bin / "initdb",
            "-D",
            self.data,
            "-U",
            SUPERUSER,
            f"--pwfile={password_file}",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            *german,
            "--no-sync",
            "--no-instructions",
        )
        password_file.unlink()
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=200 -c shared_buffers=64MB " + settings
        )
        self._run(self.bin / "pg_ctl", "-D", self.data, "-l", self.root / "server.log", "-o", options, "-w", "start")

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run(self.bin / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def give_to_server(self, path: Path, mode: int = 0o600) -> None:
        """A file the server reads (its TLS key must belong to the server's user and be private)."""
        if self._as_root:
            import pwd

            user = pwd.getpwnam(SUPERUSER)
            os.chown(path, user.pw_uid, user.pw_gid)
        os.chmod(path, mode)

    def url(self, database: str, user: str = SUPERUSER, password: str | None = PASSWORD) -> str:
        """A URL over TCP on loopback, the way an office points the app at its server."""
        auth = f"{user}:{password}" if password else user
        return f"postgresql+psycopg://{auth}@127.0.0.1:{self.port}/{database}"

    def execute(self, *statements: str, database: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user=SUPERUSER, password=PASSWORD, dbname=database, autocommit=True
        ) as c:
            for statement in statements:
                c.execute(statement)

    def new_database(self, template: str | None = None) -> str:
        """Create an empty (or templated) database and return its name."""
        with self._lock:
            self._counter += 1
            name = f"test_{os.getpid()}_{self._counter}"
        self.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template or "template0"}"')
        return name

    def drop_database(self, name: str) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
