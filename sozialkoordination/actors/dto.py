"""What crosses from the actors to the other features: the fields of an organisation and of a person, written
out once (name, German label, kind).

The columns a form saves, the labels of edit conflicts, the search text, the import's target columns and the
change history derive from these lists; add a field here and they follow."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FieldKind(StrEnum):
    TEXT = "text"  # a text column
    NUMBER = "number"  # a number column
    DATE = "date"  # a date column
    REFERENCE = "reference"  # a column holding another record's id (Träger, Sozialraum)
    LIST = "list"  # records of their own (themes, affiliations, consents)


@dataclass(frozen=True)
class ActorField:
    name: str  # attribute of the model and of OrganisationData/PersonData
    label: str  # what the user reads
    kind: FieldKind = FieldKind.TEXT
    in_form: bool = True  # edited in the form (and compared when two edits collide)
    searched: bool = False  # part of the record's stored search text


_T, _N, _D, _R, _L = FieldKind.TEXT, FieldKind.NUMBER, FieldKind.DATE, FieldKind.REFERENCE, FieldKind.LIST

# fmt: off
# A table: one field per line with its columns aligned reads better than ruff's one-argument-per-line layout.
ORGANISATION_FIELDS: tuple[ActorField, ...] = (
    ActorField("name",          "Name",        _T, searched=True),
    ActorField("org_type",      "Typ",         _T, searched=True),
    ActorField("parent_id",     "Träger",      _R),
    ActorField("street",        "Straße",      _T, searched=True),
    ActorField("house_number",  "Hausnummer",  _T),
    ActorField("postcode",      "PLZ",         _T, searched=True),
    ActorField("city",          "Ort",         _T, searched=True),
    ActorField("sozialraum_id", "Sozialraum",  _R),
    ActorField("phone",         "Telefon",     _T, searched=True),
    ActorField("email",         "E-Mail",      _T, searched=True),
    ActorField("website",       "Website",     _T, searched=True),
    ActorField("themes",        "Themen",      _L),
    ActorField("notes",         "Notizen",     _T, searched=True),
    ActorField("latitude",      "Breitengrad", _N, in_form=False),
    ActorField("longitude",     "Längengrad",  _N, in_form=False),
)

PERSON_FIELDS: tuple[ActorField, ...] = (
    ActorField("salutation",       "Anrede",           _T),
    ActorField("title",            "Titel",            _T, searched=True),
    ActorField("first_name",       "Vorname",          _T, searched=True),
    ActorField("last_name",        "Nachname",         _T, searched=True),
    ActorField("function",         "Funktion",         _T, searched=True),
    ActorField("phone",            "Telefon",          _T, searched=True),
    ActorField("mobile",           "Mobil",            _T, searched=True),
    ActorField("email",            "E-Mail",           _T, searched=True),
    ActorField("street",           "Straße",           _T, searched=True),
    ActorField("house_number",     "Hausnummer",       _T),
    ActorField("postcode",         "PLZ",              _T, searched=True),
    ActorField("city",             "Ort",              _T, searched=True),
    ActorField("sozialraum_id",    "Sozialraum",       _R),
    ActorField("affiliations",     "Organisationen",   _L),
    ActorField("consents",         "Einwilligungen",   _L),
    ActorField("themes",           "Themen",           _L),
    ActorField("notes",            "Notizen",          _T, searched=True),
    ActorField("last_activity_on", "Letzte Aktivität", _D, in_form=False),
)
# fmt: on


def form_labels(fields: tuple[ActorField, ...]) -> dict[str, str]:
    """Name → label of the fields the form edits, in form order."""
    return {f.name: f.label for f in fields if f.in_form}


def form_columns(fields: tuple[ActorField, ...]) -> tuple[str, ...]:
    """The columns the form's data is saved to (its lists – themes, affiliations, consents – are saved apart)."""
    return tuple(f.name for f in fields if f.in_form and f.kind != FieldKind.LIST)


def labels(fields: tuple[ActorField, ...]) -> dict[str, str]:
    """Name → label of every field."""
    return {f.name: f.label for f in fields}


def searched(fields: tuple[ActorField, ...]) -> tuple[str, ...]:
    """The columns whose text goes into the stored search text."""
    return tuple(f.name for f in fields if f.searched)


def plain_columns(fields: tuple[ActorField, ...]) -> tuple[str, ...]:
    """The columns holding a text or number of the record itself (no ids, no lists, nothing the app derives)."""
    return tuple(f.name for f in fields if f.kind in (FieldKind.TEXT, FieldKind.NUMBER))
