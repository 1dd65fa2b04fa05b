"""Dates and times as people type them: what is accepted, what is refused with which message."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest

from sozialkoordination.core.dates import (
    format_date,
    format_time,
    is_implausible,
    parse_date,
    parse_typed_date,
    parse_typed_time,
)

TODAY = date(2026, 11, 5)
NBSP = "\xa0"


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


# -- dates in spreadsheet cells (contact lists) and reference dates of statistics ------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (45352, date(2024, 3, 1)),
        (45352.0, date(2024, 3, 1)),
        (45352.75, date(2024, 3, 1)),
        (46082, date(2026, 3, 1)),
        (1, date(1900, 1, 1)),
        (59, date(1900, 2, 28)),
        (60, None),  # 29.02.1900 exists only in Excel
        (61, date(1900, 3, 1)),
        (0, None),
        (-5, None),
        (10**9, None),
        (float("nan"), None),
        (True, None),
        (date(2026, 3, 1), date(2026, 3, 1)),
        (datetime(2026, 3, 1, 14, 30), date(2026, 3, 1)),
        ("01.03.2026", date(2026, 3, 1)),
        ("1.3.2026", date(2026, 3, 1)),
        ("1.3.26", date(2026, 3, 1)),
        ("12.5.65", date(1965, 5, 12)),
        (" 01. 03. 2026 ", date(2026, 3, 1)),
        (f"01.03.2026{NBSP}", date(2026, 3, 1)),
        ("01.03.2026 14:30", date(2026, 3, 1)),
        ("01-03-2026", date(2026, 3, 1)),
        ("2026-03-01", date(2026, 3, 1)),
        ("2026-03-01T10:00:00", date(2026, 3, 1)),
        ("März 2026", date(2026, 3, 1)),
        ("maerz 2026", date(2026, 3, 1)),
        ("Mär. 2026", date(2026, 3, 1)),
        ("Sept. 2025", date(2025, 9, 1)),
        ("1. Dezember 2025", date(2025, 12, 1)),
        ("03/2026", date(2026, 3, 1)),
        ("3.2026", date(2026, 3, 1)),
        ("31.02.2026", None),
        ("13.13.2026", None),
        ("Frühjahr 2026", None),
        ("demnächst", None),
        ("k.A.", None),
        ("", None),
        (None, None),
    ],
)
def test_dates_in_spreadsheet_cells(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2023, date(2023, 12, 31)),
        (2023.0, date(2023, 12, 31)),
        (Decimal("2023"), date(2023, 12, 31)),
        ("2023", date(2023, 12, 31)),
        ("Anzahl 2023", date(2023, 12, 31)),
        ("Stand 31.12.2019", date(2019, 12, 31)),
        (f"Einwohner,{NBSP}Stand 30.06.2021", date(2021, 6, 30)),
        ("2022-06-30", date(2022, 6, 30)),
        ("Stichtag 2022-06-30", date(2022, 6, 30)),
        (date(2024, 6, 30), date(2024, 6, 30)),
        (datetime(2024, 6, 30, 0, 0), date(2024, 6, 30)),
        (1949, None),
        (2101, None),
        (45352, None),  # no Excel serial here: statistics columns are years
        ("31.02.2023", None),
        ("2021 bis 2023", None),
        ("Anteil 65+", None),
        ("Einwohnerinnen und Einwohner im Jahr 2023 insgesamt", None),  # a long text with a year is a title
        (True, None),
        (None, None),
    ],
)
def test_reference_dates_of_statistics(value, expected):
    assert parse_date(value, reference_date=True) == expected
