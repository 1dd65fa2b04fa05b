"""Consents (DSGVO Art. 6/7): which purposes a person agreed to, and whether that consent holds on a given day.

A consent is valid for a purpose on day D when it names the purpose, was given on or before D (or without a
date), has not been withdrawn on or before D, and has not expired before D. Lists and exports ask this
question through `valid_consent()` (SQL, per Person row) or `has_valid_consent()` (Python, per loaded record).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Protocol

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session

from sozialkoordination.core.enums import ConsentPurpose
from sozialkoordination.models import Consent, Person

PURPOSES = tuple(ConsentPurpose)
SOURCES = ("schriftlich", "mündlich", "Formular", "E-Mail")

# A partner's list that marks consent with "ja" or "x" gives no date: the import dates it on the day of the import
# and says so in the consent's source, which the person form and the Auskunft show.
IMPORT_DAY = "Datum des Imports"


def imported_consent_source(list_name: str, dated_by_list: bool) -> str:
    """The source of a consent taken from a partner's list, naming where its date comes from."""
    note = "Datum laut Liste" if dated_by_list else f"{IMPORT_DAY} – die Liste nennt kein Datum"
    return f"Import von {list_name[: 190 - len(note)]} ({note})"


def dated_by_import(source: str | None) -> bool:
    """The consent's date is the day of its import, not a date the person gave."""
    return IMPORT_DAY in (source or "")


class ConsentLike(Protocol):
    purpose: str
    given_on: date | None
    expires_on: date | None
    withdrawn_on: date | None


def _same_purpose(a: str | None, b: str) -> bool:
    return (a or "").strip().casefold() == b.strip().casefold()


def is_valid_on(consent: ConsentLike, day: date) -> bool:
    """Given (by `day`), not withdrawn (by `day`), not expired (before `day`)."""
    return (
        (consent.given_on is None or consent.given_on <= day)
        and (consent.withdrawn_on is None or consent.withdrawn_on > day)
        and (consent.expires_on is None or consent.expires_on >= day)
    )


def has_valid_consent(consents: Iterable[ConsentLike], purpose: str, day: date) -> bool:
    return any(_same_purpose(c.purpose, purpose) and is_valid_on(c, day) for c in consents)


def consent_state(consent: ConsentLike, day: date) -> str:
    """ "gültig", "widerrufen am 01.02.2026", "abgelaufen am …", "ab …" – for the Auskunft and lists."""
    if consent.withdrawn_on is not None and consent.withdrawn_on <= day:
        return f"widerrufen am {consent.withdrawn_on:%d.%m.%Y}"
    if consent.expires_on is not None and consent.expires_on < day:
        return f"abgelaufen am {consent.expires_on:%d.%m.%Y}"
    if consent.given_on is not None and consent.given_on > day:
        return f"gilt ab {consent.given_on:%d.%m.%Y}"
    return "gültig"


def holds_on(day: date):
    """SQL condition on a Consent row: given by `day`, not withdrawn by `day`, not expired before `day`."""
    return and_(
        or_(Consent.given_on.is_(None), Consent.given_on <= day),
        or_(Consent.withdrawn_on.is_(None), Consent.withdrawn_on > day),
        or_(Consent.expires_on.is_(None), Consent.expires_on >= day),
    )


def valid_consent(purpose: str, day: date):
    """SQL condition on a Person row: the person has a valid consent for `purpose` on `day`."""
    return exists(
        select(Consent.id).where(
            Consent.person_id == Person.id,
            func.lower(func.trim(Consent.purpose)) == purpose.strip().lower(),
            holds_on(day),
        )
    )


def any_valid_consent(day: date):
    """SQL condition on a Person row: some consent (whatever the purpose) holds on `day`."""
    return exists(select(Consent.id).where(Consent.person_id == Person.id, holds_on(day)))


def with_valid_consent(s: Session, person_ids: Iterable[int], purpose: str, day: date) -> set[int]:
    """Those of these persons who have a valid consent for `purpose` on `day`."""
    ids = list(dict.fromkeys(person_ids))
    found: set[int] = set()
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        found.update(s.scalars(select(Person.id).where(Person.id.in_(chunk), valid_consent(purpose, day))))
    return found
