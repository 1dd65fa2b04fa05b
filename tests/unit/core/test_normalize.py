"""Cleaning of contact values."""

import pytest

from sozialkoordination.core.normalize import (
    fold,
    is_valid_email,
    is_valid_phone,
    normalize_phone,
    normalize_postcode,
    postcode_question,
    sort_key,
)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("0551123456", "0551 123456"),  # DIN 5008: area code, space, subscriber number
        ("+49551123456", "0551 123456"),  # German numbers in the national form, as the offices dial them
        ("+49 (0)551 12345", "0551 12345"),
        ("0049 5551 9901", "05551 9901"),
        ("5519901", "0551 9901"),  # Excel stored it as a number: the leading zero is back
        ("551123.0", "0551 123"),
        ("  0551 / 12 34 ", "0551 1234"),
        ("0551/39-0", "0551 39-0"),  # the switchboard's extension after a hyphen
        ("+49 551 39-0", "0551 39-0"),
        ("0551-12345", "0551 12345"),  # a hyphen after the area code is no extension
        ("01711234567", "0171 1234567"),
        ("0043 1 234567", "+43 1 234567"),  # foreign numbers always international
        ("", None),
    ],
)
def test_normalize_phone_groups_as_din_5008(raw, clean):
    assert normalize_phone(raw) == clean


@pytest.mark.parametrize("raw", ["112", "0551 abc", "0551 12345 / 0171 1234567", "Zentrale: siehe Website"])
def test_normalize_phone_keeps_what_is_no_number_as_typed(raw):
    assert normalize_phone(raw) == raw


@pytest.mark.parametrize(("raw", "clean"), [("1067", "1067"), ("37120", "37120"), ("3712.0", "3712"), (" ", None)])
def test_normalize_postcode_keeps_four_digits_as_they_are(raw, clean):
    assert normalize_postcode(raw) == clean


def test_a_four_digit_postcode_is_questioned_not_padded():
    question = postcode_question("3707")
    assert "„3707“ hat nur vier Ziffern" in question and "3707x" in question and "„03707“" in question
    assert postcode_question("37073") is None
    assert postcode_question("abc") is None
    assert postcode_question(None) is None


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
