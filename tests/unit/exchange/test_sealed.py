"""Password-sealed transfer files: round trip, wrong password, tampering, no plaintext."""

import pytest

from sozialkoordination.documents.sealed import (
    SealedFileError,
    WrongPasswordError,
    is_sealed,
    seal,
    seal_file,
    unseal,
    unseal_file,
)

SECRET = "Kennwort für den Stick"


def test_round_trip_and_no_plaintext():
    data = b"Erika Mustermann, erika@example.org\n" * 100
    blob = seal(data, SECRET)
    assert is_sealed(blob)
    assert b"Mustermann" not in blob and b"example.org" not in blob
    assert unseal(blob, SECRET) == data
    assert seal(data, SECRET) != blob  # fresh salt and nonce each time


def test_wrong_password_is_told_apart_from_tampering():
    blob = seal(b"Inhalt", SECRET)
    with pytest.raises(WrongPasswordError, match="Kennwort ist falsch"):
        unseal(blob, "falsch")
    for position in (len(blob) - 1, len(blob) - 20, 60):  # tag, ciphertext, nonce
        tampered = bytearray(blob)
        tampered[position] ^= 0x01
        with pytest.raises(SealedFileError, match="verändert oder ist beschädigt") as caught:
            unseal(bytes(tampered), SECRET)
        assert not isinstance(caught.value, WrongPasswordError)


@pytest.mark.parametrize(
    ("blob", "message"),
    [
        (b"", "keine verschlüsselte Datei"),
        (b"PK\x03\x04 eine Excel-Datei", "keine verschlüsselte Datei"),
        (seal(b"x", SECRET)[:40], "unvollständig"),
    ],
    ids=["leer", "Excel-Datei", "abgeschnitten"],  # fixed names: the sealed bytes differ in every run
)
def test_foreign_or_truncated_files(blob, message):
    with pytest.raises(SealedFileError, match=message):
        unseal(blob, SECRET)


def test_empty_password_refused():
    with pytest.raises(SealedFileError, match="Kennwort"):
        seal(b"x", "")


def test_files(tmp_path):
    source = tmp_path / "liste.csv"
    source.write_bytes("Müller;Göttingen\n".encode())
    sealed = tmp_path / "liste.sozk"
    seal_file(source, sealed, SECRET)
    assert is_sealed(sealed) and not is_sealed(source)
    back = tmp_path / "zurück.csv"
    unseal_file(sealed, back, SECRET)
    assert back.read_bytes() == source.read_bytes()
