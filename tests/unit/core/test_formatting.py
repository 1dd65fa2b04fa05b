"""German display of values in lists and exports."""

from datetime import date, datetime
from decimal import Decimal

from sozialkoordination.core.formatting import display_text, german_date, german_number


def test_dates():
    assert german_date(date(2026, 3, 1)) == "01.03.2026"
    assert german_date(datetime(2026, 12, 24, 18, 30)) == "24.12.2026"
    assert german_date(None) == ""


def test_numbers():
    assert german_number(21382) == "21.382"
    assert german_number(12.5, 2) == "12,50"
    assert german_number(-3.5) == "-3,5"


def test_display_text_by_kind():
    assert display_text(None) == ""
    assert display_text(1234) == "1.234"
    assert display_text(Decimal("1500"), "money") == "1.500,00 €"
    assert display_text(True) == "ja"
    assert display_text(date(2026, 1, 2), "date") == "02.01.2026"
    assert display_text("=SUMME(A1)") == "=SUMME(A1)"  # display only; exports neutralise separately
