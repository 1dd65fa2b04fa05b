"""Cleaning and checking of contact values: search folding, emails, phone numbers, postcodes, URLs."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

import phonenumbers

_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$")
_PHONE_CHARS = re.compile(r"^[0-9+()/\- ]+$")
_URL = re.compile(r"^(https?://)?[A-Za-z0-9.-]+\.[A-Za-z]{2,}(/\S*)?$")
_DIRECT_DIAL = re.compile(r"^(.*\d)\s*-\s*(\d{1,5})$")  # "0551 39-0": the switchboard's extension after a hyphen
_NON_DIGITS = re.compile(r"\D")
_LEADING_MARKS = re.compile(r"^[\W_]+")  # quotes, dashes, dots, spaces … before the first letter or digit


def fold(text: str | None) -> str:
    """Lower-case, umlauts as ae/oe/ue/ss, other accents dropped: "Müller" and "Mueller" match."""
    if not text:
        return ""
    text = text.lower()
    if text.isascii():  # the common case: nothing to fold
        return text
    # str.replace is several times faster than str.translate with a table of multi-letter replacements.
    text = text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def without_leading_marks(text: str) -> str:
    """The text from its first letter or digit: „Die Brücke“ e. V. and "Die Tafel" sort under D, not before A.
    A text of marks only stays as it is."""
    return _LEADING_MARKS.sub("", text) or text


def sort_key(text: str | None) -> str:
    """The stored sort key of a name: folded, leading quotes and punctuation skipped."""
    return without_leading_marks(fold(text))


def folded_text(parts: Iterable[str | None]) -> str:
    """A record's search text: its non-empty texts folded, with spaces between. A searched word has no spaces, so
    it is found in this text exactly when it is part of one of the texts."""
    return fold(" ".join(p for p in parts if p))


def clean(text: str | None) -> str | None:
    """Trim and collapse inner white space; empty becomes None."""
    if text is None:
        return None
    text = " ".join(str(text).split())
    return text or None


def is_valid_email(value: str) -> bool:
    return bool(_EMAIL.match(value)) and ".." not in value


def normalize_postcode(value: str | None) -> str | None:
    """German postcode as text: spaces and Excel's ".0" dropped. Four digits are kept as they are, not padded:
    "1067" may be Dresden's 01067 that Excel stripped of its zero, but "3707" is more likely 3707x with a digit
    lost. Which one, only a person can say (see postcode_question)."""
    value = clean(value)
    if value is None:
        return None
    digits = value.replace(" ", "")
    if digits.endswith(".0"):
        digits = digits[:-2]
    return digits


def postcode_question(value: str | None) -> str | None:
    """The question to ask about a postcode of four digits (German postcodes have five), else None."""
    if not value or not (value.isdigit() and len(value) == 4):
        return None
    return (
        f"Die PLZ „{value}“ hat nur vier Ziffern. Deutsche Postleitzahlen haben fünf: Fehlt eine Ziffer "
        f"(z. B. {value}x), oder ist „0{value}“ gemeint (Sachsen, Thüringen)?"
    )


def is_valid_postcode(value: str) -> bool:
    return value.isdigit() and len(value) == 5


def normalize_phone(value: str | None) -> str | None:
    """A phone number in the DIN 5008 grouping: "0551123456" → "0551 123456", "+49 551 123456" → "0551 123456",
    "0551 / 39-0" → "0551 39-0", "0043 1 234567" → "+43 1 234567". A lost leading zero (Excel stored the number as
    a number) is restored. What is no valid number is kept as typed, only trimmed: nothing
    a coordinator wrote is lost. The space also keeps German Excel from reading the number as a number."""
    value = clean(value)
    if value is None:
        return None
    if value.endswith(".0") and value[:-2].isdigit():
        value = value[:-2]
    if value.isdigit() and not value.startswith("0") and len(value) >= 6:
        value = "0" + value  # a number Excel stored as a number
    return din5008_phone(value) or value


@functools.lru_cache(maxsize=50_000)  # libphonenumber takes a few 100 µs; an organisation's number recurs per person
def din5008_phone(value: str) -> str | None:
    """The DIN 5008 form of a valid phone number, or None if the text is none (libphonenumber knows the German
    area codes and so where the area code ends). Letters are never read as digits (no vanity numbers)."""
    if not _PHONE_CHARS.match(value):
        return None
    if (match := _DIRECT_DIAL.match(value)) and re.search(r"[\s/)]", match[1]):
        whole = _parsed(match[1] + match[2])
        if whole is not None:
            # The extension's digits belong to the subscriber number: area code, subscriber, hyphen, extension.
            national = phonenumbers.national_significant_number(whole)
            area = phonenumbers.length_of_national_destination_code(whole)
            subscriber = national[area : len(national) - len(match[2])]
            if area and subscriber:
                prefix = f"+{whole.country_code} " if _is_international(whole) else "0"
                return f"{prefix}{national[:area]} {subscriber}-{match[2]}"
    number = _parsed(value)
    if number is None:
        return None
    style = phonenumbers.PhoneNumberFormat
    return phonenumbers.format_number(number, style.INTERNATIONAL if _is_international(number) else style.NATIONAL)


def _parsed(text: str) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(text, "DE")
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def _is_international(number: phonenumbers.PhoneNumber) -> bool:
    """German numbers in the national form (0551 …), as the offices dial and their lists read, whether typed with
    +49 or not; foreign ones always international (+43 1 …), the only form that reaches them."""
    return number.country_code != 49


def is_valid_phone(value: str) -> bool:
    digits = _NON_DIGITS.sub("", value)
    return bool(_PHONE_CHARS.match(value)) and 5 <= len(digits) <= 16


def is_valid_url(value: str) -> bool:
    return bool(_URL.match(value))


# -- keys for duplicates (the list import and the exchange find the same organisation or person by them) --

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Applied to folded, punctuation-free text ("e.V." is "e v" by then). "AG" stays: it is mostly "Arbeitsgemeinschaft".
_LEGAL_FORMS = re.compile(
    r"\b(?:gemeinnuetzige\s+)?(?:"
    r"g?gmbh(?:\s+(?:co\s+)?kg)?|mbh|g?ug(?:\s+haftungsbeschraenkt)?|gbr|aoer|kdoer|co\s+kg|e\s+v|i\s+g|"
    r"stiftung\s+(?:des\s+)?(?:buergerlichen|oeffentlichen)\s+rechts|"
    r"(?:koerperschaft|anstalt)\s+des\s+oeffentlichen\s+rechts"
    r")\b"
)
# "eV" and "eG" only at the end: at the start "Ev." means evangelisch.
_LEGAL_FORMS_AT_END = re.compile(r"(?:\s+(?:ev|eg|e\s+g|gem))+$")


def _plain(text: str) -> str:
    folded = fold(text)
    # Most names are letters and single spaces already ("mueller max"): four string tests instead of the substitution.
    if folded.isascii() and folded.replace(" ", "").isalnum() and "  " not in folded and folded.strip() == folded:
        return folded
    return _NON_ALNUM.sub(" ", folded).strip()


def legal_form_free(name: str) -> str:
    """Key for duplicate organisations: "Familienzentrum Regenbogen e.V." = "familienzentrum regenbogen"."""
    plain = _plain(name or "")
    stripped = " ".join(_LEGAL_FORMS.sub(" ", plain).split())
    if stripped.endswith(("v", "g", "m")):  # what every form at the end ends with; the search scans the whole name
        stripped = _LEGAL_FORMS_AT_END.sub("", stripped)
    return stripped or plain


def person_key(first_name: str | None, last_name: str | None) -> str:
    """Key for duplicate persons, last name first: ("Max", "Müller") → "mueller max"."""
    return _plain(" ".join(p for p in (last_name, first_name) if p))
