"""Numbers and amounts written the German way: what is read as which number, what is refused."""

from decimal import Decimal as D

import pytest

from sozialkoordination.core.numbers import parse_amount, parse_german_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.234,5", D("1234.5")),
        ("12.345", D("12345")),  # a dot before three digits groups thousands
        ("1.234.567", D("1234567")),
        ("1.234.567,89", D("1234567.89")),
        ("7,3 %", D("7.3")),
        ("1.200,50 €", D("1200.50")),
        ("1200.5", D("1200.5")),  # a dot before fewer or more than three digits is a decimal point
        ("3.14159", D("3.14159")),
        ("0.125", D("0.125")),  # a leading zero: no thousands to group
        ("1 200", D("1200")),
        ("1\u00a0200", D("1200")),
        ("1'200", D("1200")),
        ("-1.234,5", D("-1234.5")),
        ("-0.125", D("-0.125")),
        ("42", D("42")),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_numbers_are_read_the_german_way(text, value):
    assert parse_german_number(text) == value


@pytest.mark.parametrize("text", ["viele", "1,2,3", "12 Stück", "NaN", "inf", "€"])
def test_what_is_no_number_is_refused(text):
    if text == "€":  # nothing but a unit is empty, not wrong
        assert parse_german_number(text) is None
        return
    with pytest.raises(ValueError) as error:
        parse_german_number(text)
    assert str(error.value) == f"„{text}“ ist keine Zahl"


def test_amounts_have_cents_and_a_message_naming_the_field():
    assert parse_amount("1.200,5 €", "Kosten") == D("1200.50")
    assert parse_amount("0.125", "Kosten") == D("0.12")
    assert parse_amount("", "Kosten") is None
    with pytest.raises(ValueError) as error:
        parse_amount("zwölf", "Kosten")
    assert str(error.value) == "Kosten: „zwölf“ ist kein Betrag. Bitte z. B. 1.200,00 eingeben."
    with pytest.raises(ValueError) as error:
        parse_amount("-5", "Kosten")
    assert str(error.value) == "Kosten: Der Betrag darf nicht negativ sein."
