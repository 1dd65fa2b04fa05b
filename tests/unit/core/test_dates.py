"""Dates and times as people type them: what is accepted, what is refused with which message."""

from datetime import date, time

import pytest

from sozialkoordination.core.dates import (
    format_date,
    format_time,
    is_implausible,
    parse_typed_date,
    parse_typed_time,
)

TODAY = date(2026, 11, 5)


@pytest.mark.parametrize(
    "typed",
    ["17.3.27", "17.03.2027", "17.3.2027", "17032027", "170327", "2027-03-17", " 17.03.2027 ", "17,3,27", "17.3.2027."],
)
def test_typed_dates(typed):
    assert parse_typed_date(typed, TODAY) == date(2027, 3, 17)


@pytest.mark.parametrize("typed", ["17.03.", "17.3.", "17.3", "1703"])
def test_a_date_without_year_is_in_the_current_year(typed):
    assert parse_typed_date(typed, TODAY) == date(2026, 3, 17)


def test_two_digit_years_are_this_century():
    assert parse_typed_date("1.1.99", TODAY) == date(2099, 1, 1)
    assert parse_typed_date("24.03.2403", TODAY) == date(2403, 3, 24)  # taken as typed; the form questions it


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31.02.2027", "Das Datum „31.02.2027“ gibt es nicht. Bitte im Format TT.MM.JJJJ eingeben."),
        ("31.4.", "Das Datum „31.4.“ gibt es nicht. Bitte im Format TT.MM.JJJJ eingeben."),
        ("17.13.2027", "Das Datum „17.13.2027“ gibt es nicht. Bitte im Format TT.MM.JJJJ eingeben."),
        ("00.01.2027", "Das Datum „00.01.2027“ gibt es nicht. Bitte im Format TT.MM.JJJJ eingeben."),
        ("morgen", "„morgen“ ist kein Datum. Bitte im Format TT.MM.JJJJ eingeben."),
        ("17.3.202", "„17.3.202“ ist kein Datum. Bitte im Format TT.MM.JJJJ eingeben."),
        ("1703202", "„1703202“ ist kein Datum. Bitte im Format TT.MM.JJJJ eingeben."),
        ("", "Bitte ein Datum im Format TT.MM.JJJJ eingeben."),
    ],
)
def test_refused_dates_say_why(typed, message):
    with pytest.raises(ValueError) as error:
        parse_typed_date(typed, TODAY)
    assert str(error.value) == message


def test_29_february_only_in_leap_years():
    assert parse_typed_date("29.2.28", TODAY) == date(2028, 2, 29)
    with pytest.raises(ValueError, match="gibt es nicht"):
        parse_typed_date("29.2.27", TODAY)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1800", time(18, 0)),
        ("18:00", time(18, 0)),
        ("18.00", time(18, 0)),
        ("18,00", time(18, 0)),
        ("18", time(18, 0)),
        ("9", time(9, 0)),
        ("930", time(9, 30)),
        ("9:30", time(9, 30)),
        ("18 Uhr", time(18, 0)),
        ("18:30 uhr", time(18, 30)),
        ("0", time(0, 0)),
        ("23:59", time(23, 59)),
    ],
)
def test_typed_times(typed, expected):
    assert parse_typed_time(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("25:00", "Die Uhrzeit „25:00“ gibt es nicht. Bitte im Format hh:mm eingeben."),
        ("2400", "Die Uhrzeit „2400“ gibt es nicht. Bitte im Format hh:mm eingeben."),
        ("18:60", "Die Uhrzeit „18:60“ gibt es nicht. Bitte im Format hh:mm eingeben."),
        ("abends", "„abends“ ist keine Uhrzeit. Bitte im Format hh:mm eingeben."),
        ("18000", "„18000“ ist keine Uhrzeit. Bitte im Format hh:mm eingeben."),
        ("9:3", "„9:3“ ist keine Uhrzeit. Bitte im Format hh:mm eingeben."),
        ("", "Bitte eine Uhrzeit im Format hh:mm eingeben."),
    ],
)
def test_refused_times_say_why(typed, message):
    with pytest.raises(ValueError) as error:
        parse_typed_time(typed)
    assert str(error.value) == message


def test_implausible_dates_are_before_2000_or_more_than_ten_years_ahead():
    assert is_implausible(date(1999, 12, 31), TODAY)
    assert not is_implausible(date(2000, 1, 1), TODAY)
    assert not is_implausible(date(2036, 11, 5), TODAY)
    assert is_implausible(date(2036, 11, 6), TODAY)
    assert is_implausible(date(2403, 3, 17), TODAY)
    assert not is_implausible(date(2038, 2, 28), date(2028, 2, 29))  # a leap day today does not break the limit
    assert is_implausible(date(2038, 3, 1), date(2028, 2, 29))


def test_formats():
    assert format_date(date(2027, 3, 7)) == "07.03.2027"
    assert format_date(date(999, 3, 7)) == "07.03.0999"
    assert format_time(time(9, 5)) == "09:05"
