"""Cleaning of contact values."""

import pytest

from sozialkoordination.core.normalize import (
    fold,
    is_valid_email,
    is_valid_phone,
    normalize_phone,
    normalize_postcode,
    sort_key,
)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("+49 551 12345", "0551 12345"),
        ("+49 (0)551 12345", "0551 12345"),
        ("0049 5551 9901", "05551 9901"),
        ("5519901", "05519901"),
        ("551123.0", "0551123"),
        ("  0551 / 12 34 ", "0551 / 12 34"),
        ("", None),
    ],
)
def test_normalize_phone(raw, clean):
    assert normalize_phone(raw) == clean


@pytest.mark.parametrize(("raw", "clean"), [("1067", "01067"), ("37120", "37120"), ("3712.0", "03712"), (" ", None)])
def test_normalize_postcode_restores_leading_zero(raw, clean):
    assert normalize_postcode(raw) == clean


def test_fold_makes_umlauts_and_case_equal():
    assert fold("Müller-Lüdenscheidt STRAßE") == fold("mueller-luedenscheidt strasse")
    assert fold("Café") == "cafe"
    assert fold("ÄRZTEHAUS ÖSTLICH ÜBER") == "aerztehaus oestlich ueber"
    assert fold(None) == fold("") == ""


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("„Die Brücke“ e. V.", "die bruecke“ e. v."),
        ('"Die Tafel" Göttingen', 'die tafel" goettingen'),
        ("'s Lädchen", "s laedchen"),
        ("...Anfang", "anfang"),
        ("– Zukunft –", "zukunft –"),
        ("1. FC Rosdorf", "1. fc rosdorf"),
        ("Adler", "adler"),
        ("„“", "„“"),  # marks only: kept, not an empty key
        (None, ""),
    ],
)
def test_sort_key_starts_at_the_first_letter_or_digit(name, key):
    assert sort_key(name) == key


@pytest.mark.parametrize("email", ["a@b.de", "vorname.nachname@landkreis-goettingen.de", "x+y@sub.example.org"])
def test_valid_emails(email):
    assert is_valid_email(email)


@pytest.mark.parametrize("email", ["a@b", "kein at", "a@@b.de", "a..b@c.de", "a@b.de;c@d.de"])
def test_invalid_emails(email):
    assert not is_valid_email(email)


def test_phone_validation():
    assert is_valid_phone("0551 / 525-0")
    assert not is_valid_phone("0551 abc")
    assert not is_valid_phone("12")
