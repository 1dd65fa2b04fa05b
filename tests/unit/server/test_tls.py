"""Encrypted connections (TLS) to the office's database server: the client-side settings in the database address
(sslmode, sslrootcert) work, and each TLS problem gets its own German message instead of "nicht erreichbar …
Büronetz/VPN". A second, small server with TLS switched on and only encrypted connections allowed (pg_hba
hostssl), with a self-signed certificate made by openssl for 127.0.0.1."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from sqlalchemy import text

from sozialkoordination.core.errors import StorageError
from sozialkoordination.db.engine import make_engine
from tests import pg_server

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="no openssl to make a test certificate")


def certificate(folder, name: str) -> tuple:
    key, crt = folder / f"{name}.key", folder / f"{name}.crt"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            f"/CN={name}",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout",
            str(key),
            "-out",
            str(crt),
        ],
        check=True,
        capture_output=True,
    )
    return key, crt


@pytest.fixture(scope="module")
def tls_server(pg, tmp_path_factory):
    """`pg` first: it skips the module where there is no PostgreSQL."""
    server = pg_server.TestServer()
    try:
        key, crt = certificate(server.root, "server")
        server.give_to_server(key)
        server.give_to_server(crt, 0o644)
        server.start(f"-c ssl=on -c ssl_cert_file={crt} -c ssl_key_file={key}")
        hba = server.data / "pg_hba.conf"
        lines = [line for line in hba.read_text().splitlines() if not line.startswith("host")]
        hba.write_text("\n".join([*lines, "hostssl all all 127.0.0.1/32 scram-sha-256", ""]))
        server.execute("SELECT pg_reload_conf()")
        foreign = certificate(tmp_path_factory.mktemp("fremd"), "fremd")[1]
        yield server, crt, foreign
    finally:
        server.stop()


def connect(url: str):
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).scalar()
    finally:
        engine.dispose()


def test_a_verified_encrypted_connection_works_with_the_root_certificate_in_the_address(tls_server):
    server, root, _ = tls_server
    assert connect(server.url("postgres") + f"?sslmode=verify-full&sslrootcert={root}") is True


def test_a_missing_root_certificate_file_is_named(tls_server, tmp_path):
    server, _, _ = tls_server
    with pytest.raises(StorageError, match="Stammzertifikat fehlt oder ist nicht lesbar") as info:
        connect(server.url("postgres") + f"?sslmode=verify-full&sslrootcert={tmp_path / 'fehlt.crt'}")
    assert "Büronetz" not in str(info.value)


def test_a_certificate_from_another_issuer_is_not_trusted(tls_server):
    server, _, foreign = tls_server
    with pytest.raises(StorageError, match="Zertifikat des Datenbankservers .* wird nicht vertraut") as info:
        connect(server.url("postgres") + f"?sslmode=verify-full&sslrootcert={foreign}")
    assert "Büronetz" not in str(info.value)


def test_a_server_that_requires_tls_says_so_when_the_address_switches_it_off(tls_server):
    server, _, _ = tls_server
    with pytest.raises(StorageError, match="nur verschlüsselte Verbindungen") as info:
        connect(server.url("postgres") + "?sslmode=disable")
    assert "sslmode=verify-full" in str(info.value) and "Büronetz" not in str(info.value)


def test_an_address_that_requires_tls_of_a_server_without_it_says_so(pg):
    with pytest.raises(StorageError, match="verlangt eine verschlüsselte Verbindung") as info:
        connect(pg.url("postgres") + "?sslmode=require")
    assert "Büronetz" not in str(info.value)
