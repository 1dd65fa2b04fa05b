"""Password-sealed files for carrying data on a stick or sending it to the district office.

Authenticated encryption (AES-256-GCM) with a key derived from the password by scrypt, both from the
`cryptography` library; nothing here is home-made crypto. The file header (format, KDF parameters, salt, nonce)
is authenticated as well, so any changed byte is detected. A short check value derived from the password
tells a wrong password apart from a changed or damaged file.

Layout: MAGIC | n_log2 r p (3 bytes) | salt (16) | check (16) | nonce (12) | ciphertext with GCM tag.
"""

from __future__ import annotations

import hmac
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from sozialkoordination.core.errors import DomainError

MAGIC = b"SOZK-VERSCHL-1\n\0"
SUFFIX = ".sozk"
_N_LOG2, _R, _P = 15, 8, 1  # scrypt: 32 MB of memory and about 0.1 s per try on the field laptops
# The header names the cost of the key derivation, so a crafted file could demand gigabytes and minutes (2.2 GB and
# 17 s were seen, a MemoryError beyond). Accepted: at most four times what the app writes (128 MB), p as written.
_MAX_N_LOG2, _MAX_R, _MAX_P = 17, 8, 1
_SALT, _CHECK, _NONCE = 16, 16, 12
_HEADER = len(MAGIC) + 3 + _SALT + _CHECK + _NONCE


class SealedFileError(DomainError):
    """A sealed file cannot be opened; the message says why and what to do."""


class WrongPasswordError(SealedFileError):
    pass


def is_sealed(data_or_path: bytes | Path) -> bool:
    if isinstance(data_or_path, Path):
        try:
            with data_or_path.open("rb") as f:
                return f.read(len(MAGIC)) == MAGIC
        except OSError:
            return False
    return data_or_path[: len(MAGIC)] == MAGIC


def _derive(password: str, salt: bytes, n_log2: int, r: int, p: int) -> tuple[bytes, bytes]:
    material = Scrypt(salt=salt, length=32 + _CHECK, n=2**n_log2, r=r, p=p).derive(password.encode("utf-8"))
    return material[:32], material[32:]


def seal(data: bytes, password: str) -> bytes:
    if not password:
        raise SealedFileError("Bitte geben Sie ein Kennwort für die Verschlüsselung ein.")
    salt, nonce = os.urandom(_SALT), os.urandom(_NONCE)
    key, check = _derive(password, salt, _N_LOG2, _R, _P)
    header = MAGIC + bytes((_N_LOG2, _R, _P)) + salt + check + nonce
    return header + AESGCM(key).encrypt(nonce, data, header)


def unseal(blob: bytes, password: str) -> bytes:
    if not is_sealed(blob):
        raise SealedFileError(
            "Die Datei ist keine verschlüsselte Datei von Sozialkoordination. Bitte wählen Sie die richtige Datei."
        )
    if len(blob) < _HEADER + 16:
        raise SealedFileError(
            "Die verschlüsselte Datei ist unvollständig oder beschädigt. Bitte übertragen Sie sie neu."
        )
    at = len(MAGIC)
    n_log2, r, p = blob[at], blob[at + 1], blob[at + 2]
    if not (10 <= n_log2 <= _MAX_N_LOG2 and 1 <= r <= _MAX_R and 1 <= p <= _MAX_P):
        raise SealedFileError("Die Datei ist beschädigt oder stammt nicht aus Sozialkoordination.")
    at += 3
    salt, check = blob[at : at + _SALT], blob[at + _SALT : at + _SALT + _CHECK]
    nonce = blob[at + _SALT + _CHECK : _HEADER]
    key, expected = _derive(password, salt, n_log2, r, p)
    if not hmac.compare_digest(check, expected):
        raise WrongPasswordError("Das Kennwort ist falsch. Bitte versuchen Sie es noch einmal.")
    try:
        return AESGCM(key).decrypt(nonce, blob[_HEADER:], blob[:_HEADER])
    except InvalidTag:
        raise SealedFileError(
            "Die Datei wurde verändert oder ist beschädigt; das Kennwort stimmt. Sie wird nicht geöffnet. "
            "Bitte lassen Sie sich die Datei noch einmal schicken."
        ) from None


def seal_file(source: Path, target: Path, password: str) -> None:
    """Seal `source` into `target`; a half-written file never replaces a good one."""
    from sozialkoordination.documents.files import write_atomically

    sealed = seal(source.read_bytes(), password)
    write_atomically(target, lambda partial: partial.write_bytes(sealed), "einem anderen Programm")


def unseal_file(source: Path, target: Path, password: str) -> None:
    from sozialkoordination.documents.files import write_atomically

    data = unseal(source.read_bytes(), password)
    write_atomically(target, lambda partial: partial.write_bytes(data), "einem anderen Programm")
