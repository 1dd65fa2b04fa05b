"""Pure rules that turn messy cells of partners' Excel/CSV contact lists into clean values (no database, no Qt)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from rapidfuzz import fuzz, process

from sozialkoordination.actor_import import offer_rules
from sozialkoordination.core.dates import parse_date
from sozialkoordination.core.normalize import fold, is_valid_email, normalize_phone, normalize_postcode
from sozialkoordination.spreadsheet.cells import cell_text, header_key

__all__ = [
    "FIELDS",
    "OFFER_FIELDS",
    "ColumnGuess",
    "guess_columns",
    "PersonName",
    "assign_columns",
    "field_by_name",
    "detect_header_row",
    "role_from_header",
    "phone_from_cell",
    "postcode_from_cell",
    "split_emails",
    "split_person_name",
    "split_postcode_city",
    "split_street",
    "suggest_mapping",
]

# -- target fields and header synonyms ----------------------------------------------------------------------------

FIELDS: dict[str, str] = {
    "organisation": "Organisation / Einrichtung",
    "org_type": "Art der Einrichtung",
    "traeger": "Träger",
    "street": "Straße",
    "house_number": "Hausnummer",
    "street_and_number": "Straße und Hausnummer",
    "postcode": "PLZ",
    "city": "Ort",
    "postcode_and_city": "PLZ und Ort",
    "sozialraum": "Sozialraum",
    "salutation": "Anrede",
    "title": "Titel",
    "first_name": "Vorname",
    "last_name": "Nachname",
    "full_name": "Name (vollständig)",
    "function": "Funktion",
    "phone": "Telefon",
    "mobile": "Mobil",
    "email": "E-Mail",
    "website": "Website",
    "themes": "Themen",
    "notes": "Bemerkungen",
    "consent": "Einwilligung (Einladungen)",
    "fax": "Fax (in die Bemerkungen)",
    "places": "Plätze (in die Bemerkungen)",
    "latitude": "Breitengrad (lat)",
    "longitude": "Längengrad (lon)",
    # An offer (Angebot) of the row's organisation: a record of its own (offers/service.py), see offer_rules.py.
    "offer_name": "Angebot: Name",
    "offer_kind": "Angebot: Art",
    "offer_life_phases": "Angebot: Lebensphasen",
    "offer_target_groups": "Angebot: Zielgruppen",
    "offer_themes": "Angebot: Themen",
    "offer_description": "Angebot: Beschreibung",
    "offer_cost": "Angebot: Kosten",
    "offer_language": "Angebot: Sprachen",
    "offer_accessibility": "Angebot: Barrierefreiheit",
    "offer_period": "Angebot: Zeitraum",
    "offer_starts_on": "Angebot: Beginn",
    "offer_ends_on": "Angebot: Ende",
    "offer_reach": "Angebot: Reichweite",
    "offer_place": "Angebot: abweichender Ort",
    "offer_contact": "Angebot: Kontakt / Anmeldung",
}
OFFER_FIELDS = frozenset(f for f in FIELDS if f.startswith("offer_"))

# Headers whose field depends on the other headers of the list.
_NAME = "_name"  # "Name": last name, full name or organisation
_NUMBER = "_number"  # "Nr.": house number next to a street column, otherwise a running number
# Next to an offer column "Angebotsart" and "Thema" describe the offer, otherwise the organisation.
_KIND = "_kind"
_THEME = "_theme"

# (field, weight, spellings). Weight 100 for unambiguous headers; lower weights lose against a better column.
_SYNONYMS: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    (
        "organisation",
        100,
        (
            "Organisation",
            "Einrichtung",
            "Name der Einrichtung",
            "Einrichtungsname",
            "Name Einrichtung",
            "Institution",
            "Name der Institution",
            "Name der Organisation",
            "Organisationsname",
            "Verein",
            "Dienststelle",
            "Schule",
            "Name der Schule",
            "Schulname",
            "Kita",
            "Name der Kita",
            "Kindertagesstätte",
            "Kindergarten",
            "Vereinsname",
            "Name des Vereins",
            "Facility",
            "Organization",
            "School",
            "School name",
            "Institution name",
        ),
    ),
    ("organisation", 90, ("Bezeichnung", "Firma", "Anbieter", "Akteur", "Träger / Einrichtung")),
    (
        "org_type",
        100,
        (
            "Art",
            "Typ",
            "Einrichtungsart",
            "Einrichtungstyp",
            "Art der Organisation",
            "Organisationstyp",
            "Schulform",
            "Schulart",
            "type",
            "kind",
        ),
    ),
    ("org_type", 90, ("Kategorie", "category")),
    (
        "traeger",
        100,
        (
            "Träger",
            "Trägerin",
            "Träger/in",
            "Träger*in",
            "Trägername",
            "Trägerschaft",
            "Träger der Einrichtung",
            "Trägerverein",
            "Name des Trägers",
            "sponsor",
            "sponsor_name",
            "provider",
            "provider_name",
            "operator",
        ),
    ),
    ("street", 100, ("Straße", "Str.", "Straßenname", "street", "street_name")),
    ("house_number", 100, ("Hausnummer", "Hausnr.", "Haus-Nr.", "Hnr.", "house_number", "house_no", "housenumber")),
    (
        "street_and_number",
        100,
        (
            "Str./Hausnr.",
            "Straße u. Nr.",
            "Straße/Nr.",
            "Straße, Nr.",
            "Straße Nr.",
            "Straße und Nr.",
            "Straße/Hausnummer",
            "Straße, Hausnummer",
            "Straße + Hausnummer",
            "Straße Hausnummer",
            "Straße/Hausnr.",
            "Straße, Hausnr.",
            "Str. Nr.",
            "Anschrift",
            "Adresse",
        ),
    ),
    ("postcode", 100, ("Postleitzahl", "zip", "zip_code", "zipcode", "postcode", "postal_code", "post_code")),
    ("city", 100, ("Ort", "Stadt", "Ortschaft", "city", "place", "town", "locality")),
    ("city", 90, ("Wohnort", "Gemeinde", "Stadt/Gemeinde", "Ortsteil")),
    (
        "postcode_and_city",
        100,
        ("PLZ Ort", "PLZ/Ort", "PLZ, Ort", "PLZ u. Ort", "Postleitzahl Ort", "Postleitzahl und Ort", "PLZ Wohnort"),
    ),
    ("sozialraum", 100, ("Sozialräume",)),
    ("sozialraum", 85, ("Gemeinde", "Samtgemeinde", "Kommune")),
    ("salutation", 100, ("Anrede", "Anrede (Herr/Frau)", "Herr/Frau", "Frau/Herr", "salutation")),
    ("title", 100, ("Titel", "akad. Titel", "akademischer Titel")),
    ("first_name", 100, ("Vorname", "Vornamen", "Vorname Ansprechpartner", "Vorname Ansprechpartner/in")),
    (
        "last_name",
        100,
        ("Nachname", "Familienname", "Zuname", "Nachname Ansprechpartner", "Nachname Ansprechpartner/in"),
    ),
    (
        "full_name",
        100,
        (
            "Ansprechpartner/in",
            "Ansprechpartner",
            "Ansprechpartnerin",
            "Ansprechpartner*in",
            "Ansprechperson",
            "Kontaktperson",
            "Name, Vorname",
            "Vorname Name",
            "Nachname, Vorname",
            "Vorname Nachname",
            "Vor- und Nachname",
            "Vor- und Zuname",
            "Name Ansprechpartner",
            "vollständiger Name",
        ),
    ),
    (
        "full_name",
        95,
        (
            "Vorsitzende(r)",
            "Vorsitzender",
            "Vorsitzende",
            "1. Vorsitzende(r)",
            "Vorsitz",
            "Vorstand",
            "Schulleitung",
            "Kitaleitung",
            "Einrichtungsleitung",
            "Leiter/in",
            "Leiterin",
            "Leiter",
            "Leiter*in",
            "contact_person",
            "contact_name",
            "contact person",
        ),
    ),
    ("full_name", 90, ("Leitung", "Kontakt Person", "Kontakt", "contact")),
    ("first_name", 100, ("first_name", "firstname", "given_name")),
    ("last_name", 100, ("last_name", "lastname", "surname", "family_name")),
    ("function", 100, ("Funktion", "Position", "Rolle", "Aufgabe", "Tätigkeit", "Stellung", "role", "function")),
    (
        "phone",
        100,
        (
            "Tel.",
            "Telefonnummer",
            "Fon",
            "Tel.-Nr.",
            "Telefon-Nr.",
            "Rufnummer",
            "Festnetz",
            "Telefon dienstlich",
            "phone",
            "telephone",
            "phone_number",
            "telephone_number",
            "tel",
            "phone_no",
        ),
    ),
    (
        "mobile",
        100,
        (
            "Handy",
            "Mobiltelefon",
            "Mobilnummer",
            "Handynummer",
            "Mobilfunk",
            "Mobil-Nr.",
            "Handy-Nr.",
            "mobile",
            "mobile_phone",
            "cell",
            "cellphone",
        ),
    ),
    ("fax", 100, ("Fax", "Faxnummer", "Fax-Nr.", "fax_number")),
    ("places", 100, ("Plätze", "Platzzahl", "Anzahl Plätze", "genehmigte Plätze", "Kapazität", "places", "capacity")),
    ("latitude", 100, ("lat", "latitude", "Breitengrad", "Breite", "geo_lat")),
    ("longitude", 100, ("lon", "lng", "long", "longitude", "Längengrad", "Länge", "geo_lon", "geo_lng")),
    (
        "email",
        100,
        ("E-Mail-Adresse", "Email", "Mail", "Mailadresse", "E-Mail Adresse", "eMail", "email_address", "e_mail"),
    ),
    (
        "website",
        100,
        (
            "Internet",
            "Homepage",
            "Webseite",
            "Internetseite",
            "Internetadresse",
            "Web",
            "URL",
            "www",
            "Website",
            "web_address",
        ),
    ),
    ("themes", 100, ("Schwerpunkte", "Schwerpunkt", "Themenschwerpunkte", "Arbeitsschwerpunkte")),
    (_THEME, 100, ("Themen", "Thema")),
    (_KIND, 100, ("Angebotsart", "Angebotsform", "Angebotstyp")),
    (
        "offer_name",
        100,
        (
            "Angebot",
            "Angebote",
            "Name des Angebots",
            "Angebotsname",
            "Angebotsbezeichnung",
            "Bezeichnung des Angebots",
            "Titel des Angebots",
            "Angebotstitel",
            "Maßnahme",
            "Kursname",
            "offer",
        ),
    ),
    ("offer_kind", 100, ("Art des Angebots", "Form des Angebots", "Angebotskategorie", "Format")),
    (
        "offer_life_phases",
        100,
        (
            "Lebensphase",
            "Lebensphasen",
            "Altersgruppe",
            "Altersgruppen",
            "Alter",
            "Altersstufe",
            "Altersstufen",
            "Alter der Kinder",
            "Altersbereich",
            "für Alter",
            "age",
            "age_group",
        ),
    ),
    ("offer_target_groups", 100, ("Zielgruppe", "Zielgruppen", "Für wen", "Adressaten", "Adressat*innen")),
    ("offer_themes", 100, ("Thema des Angebots", "Themen des Angebots", "Angebotsthema", "Angebotsthemen")),
    (
        "offer_description",
        100,
        ("Beschreibung", "Angebotsbeschreibung", "Kurzbeschreibung", "Beschreibung des Angebots", "Inhalt", "Inhalte"),
    ),
    (
        "offer_cost",
        100,
        ("Kosten", "Preis", "Gebühr", "Gebühren", "Teilnahmegebühr", "Kostenbeitrag", "Entgelt", "Teilnahmebeitrag"),
    ),
    ("offer_language", 100, ("Sprache", "Sprachen", "Sprache(n)", "Angebotssprache", "Angebotssprachen", "language")),
    (
        "offer_accessibility",
        100,
        ("Barrierefrei", "Barrierefreiheit", "barrierefrei zugänglich", "Zugänglichkeit", "rollstuhlgerecht"),
    ),
    ("offer_period", 100, ("Zeitraum", "Laufzeit", "Angebotszeitraum", "Zeitraum des Angebots")),
    ("offer_starts_on", 100, ("von", "Beginn", "Startdatum", "Start", "Beginn am", "gültig ab", "Laufzeit von", "ab")),
    ("offer_ends_on", 100, ("bis", "Ende", "Enddatum", "Ende am", "gültig bis", "Laufzeit bis")),
    ("offer_reach", 100, ("Reichweite", "Einzugsgebiet", "Einzugsbereich")),
    (
        "offer_place",
        100,
        ("Ort des Angebots", "Angebotsort", "Veranstaltungsort", "Kursort", "Adresse des Angebots", "Durchführungsort"),
    ),
    ("offer_contact", 100, ("Anmeldung", "Anmeldung bei", "Kontakt zum Angebot", "Kontakt Angebot")),
    (
        "notes",
        100,
        ("Bemerkung", "Bemerkung(en)", "Notizen", "Notiz", "Hinweise", "Hinweis", "Anmerkungen", "Anmerkung"),
    ),
    ("notes", 90, ("Kommentar", "Sonstiges", "Info", "Infos", "remarks", "notes", "comment", "description")),
    (
        "consent",
        100,
        (
            "Einwilligung",
            "Einverständnis",
            "Einverständniserklärung",
            "Einwilligung DSGVO",
            "DSGVO",
            "Datenschutz",
            "Einwilligung liegt vor",
            "Einwilligung Einladungen",
            "Einwilligungserklärung",
        ),
    ),
    (_NAME, 100, ("Name",)),
    (_NUMBER, 100, ("Nr.", "Nummer")),
)

# A header with several words and no synonym ("Telefon privat", "E-Mail der Einrichtung") is read by its most
# telling word; earlier entries win ("Tel./Fax" is a phone column, "Fax" alone is ignored).
_KEYWORDS: tuple[tuple[str, str | None], ...] = (
    ("vorname", "first_name"),
    ("nachname", "last_name"),
    ("familienname", "last_name"),
    ("mobil", "mobile"),
    ("mobiltelefon", "mobile"),
    ("handy", "mobile"),
    ("email", "email"),
    ("mail", "email"),
    ("telefon", "phone"),
    ("telefonnummer", "phone"),
    ("tel", "phone"),
    ("fon", "phone"),
    ("fax", "fax"),
    ("phone", "phone"),
    ("telephone", "phone"),
    ("zip", "postcode"),
    ("street", "street"),
    ("city", "city"),
    ("vorsitzende", "full_name"),
    ("vorsitzender", "full_name"),
    ("plaetze", "places"),
    ("homepage", "website"),
    ("website", "website"),
    ("internet", "website"),
    ("www", "website"),
    ("plz", "postcode"),
    ("postleitzahl", "postcode"),
    ("anschrift", "street_and_number"),
    ("adresse", "street_and_number"),
    ("strasse", "street"),
    ("hausnummer", "house_number"),
    ("sozialraum", "sozialraum"),
    ("anrede", "salutation"),
    ("titel", "title"),
    ("funktion", "function"),
    ("position", "function"),
    ("themen", "themes"),
    ("schwerpunkte", "themes"),
    ("bemerkung", "notes"),
    ("bemerkungen", "notes"),
    ("notizen", "notes"),
    ("hinweise", "notes"),
    ("anmerkung", "notes"),
    ("anmerkungen", "notes"),
    ("ansprechpartner", "full_name"),
    ("ansprechpartnerin", "full_name"),
    ("kontaktperson", "full_name"),
    ("leitung", "full_name"),
    ("ort", "city"),
    ("einrichtung", "organisation"),
    ("organisation", "organisation"),
    ("traeger", "traeger"),
    ("einwilligung", "consent"),
    ("einverstaendnis", "consent"),
    ("zielgruppe", "offer_target_groups"),
    ("zielgruppen", "offer_target_groups"),
    ("altersgruppe", "offer_life_phases"),
    ("lebensphase", "offer_life_phases"),
    ("lebensphasen", "offer_life_phases"),
    ("kosten", "offer_cost"),
    ("sprachen", "offer_language"),
    ("barrierefrei", "offer_accessibility"),
    ("barrierefreiheit", "offer_accessibility"),
    ("zeitraum", "offer_period"),
    ("angebot", "offer_name"),
)
_KEYWORD_SCORE = 60.0
# Small typos: "Telfon", "Einrichtng" score 90+; "Stand" against "Stadt" scores 80 and must not match, so below
# 85 only swapped letters count ("E-Mial" scores 80). A typo changes the length by at most two letters, which keeps
# "Ansprechpartner E-Mail" away from "Ansprechpartnerin".
_FUZZY_CUTOFF = 85.0
_TRANSPOSED_CUTOFF = 80.0
_FUZZY_MAX_LENGTH_DIFFERENCE = 2
_FUZZY_MIN_LENGTH = 4  # short keys ("Art", "Ort", "Nr", "Tel") must match exactly
_FUZZY_MAX_LENGTH = 40  # longer cells are data, not headers
_NAME_CONTEXT_PERSON = frozenset({"salutation", "title", "function", "mobile"})

_E_MAIL_WORDS = re.compile(r"\be mail\b")


def _compact(text: str) -> str:
    return header_key(text).replace(" ", "")


def _build_tables() -> tuple[dict[str, tuple[tuple[str, int], ...]], list[str], list[tuple[str, int]]]:
    exact: dict[str, dict[str, int]] = {}
    spellings = [(field, 100, (label,)) for field, label in FIELDS.items()] + list(_SYNONYMS)
    for field, weight, words in spellings:
        for word in words:
            targets = exact.setdefault(_compact(word), {})
            targets[field] = max(targets.get(field, 0), weight)
    choices, targets_by_choice = [], []
    for key, targets in exact.items():
        if len(key) >= _FUZZY_MIN_LENGTH:
            for field, weight in targets.items():
                choices.append(key)
                targets_by_choice.append((field, weight))
    return {k: tuple(v.items()) for k, v in exact.items()}, choices, targets_by_choice


_EXACT, _FUZZY_CHOICES, _FUZZY_TARGETS = _build_tables()


@lru_cache(maxsize=4096)
def _header_scores(key: str) -> tuple[tuple[str, float], ...]:
    """Field → score for one header key by synonym (exact or a small typo); best first."""
    compact = key.replace(" ", "")
    scores: dict[str, float] = {field: float(weight) for field, weight in _EXACT.get(compact, ())}
    if _FUZZY_MIN_LENGTH <= len(compact) <= _FUZZY_MAX_LENGTH:
        matches = process.extract(
            compact, _FUZZY_CHOICES, scorer=fuzz.ratio, score_cutoff=_TRANSPOSED_CUTOFF, limit=None
        )
        for choice, ratio, index in matches:
            if abs(len(choice) - len(compact)) > _FUZZY_MAX_LENGTH_DIFFERENCE:
                continue
            if ratio < _FUZZY_CUTOFF and sorted(choice) != sorted(compact):
                continue
            field, weight = _FUZZY_TARGETS[index]
            score = ratio * weight / 100
            if score > scores.get(field, 0.0):
                scores[field] = score
    return tuple(sorted(scores.items(), key=lambda item: -item[1]))


def _keyword_field(key: str) -> str | None:
    tokens = set(_E_MAIL_WORDS.sub("email", key).split())
    if len(tokens) < 2:
        return None
    for word, field in _KEYWORDS:
        if word in tokens:
            return field
    return None


def suggest_mapping(headers: Sequence[object]) -> list[str | None]:
    """One field key (or None = ignore) per column; each field is used at most once and the best match wins."""
    keys = [header_key(h) for h in headers]
    candidates: list[list[tuple[str, float]]] = []
    for key in keys:
        found = list(_header_scores(key)) if key else []
        if key and not found:
            field = _keyword_field(key)
            if field:
                found = [(field, _KEYWORD_SCORE)]
        candidates.append(found)

    best = [next((f for f, _ in found if not f.startswith("_")), None) for found in candidates]
    for column, found in enumerate(candidates):
        others = {field for i, field in enumerate(best) if i != column and field}
        resolved: list[tuple[str, float]] = []
        for field, score in found:
            if field == _NAME:
                field = _resolve_name(others)
            elif field == _NUMBER:
                field = "house_number" if "street" in others else None
            elif field == _KIND:
                field = "offer_kind" if "offer_name" in others else "org_type"
            elif field == _THEME:
                field = "offer_themes" if "offer_name" in others else "themes"
            elif field in OFFER_FIELDS and field != "offer_name" and "offer_name" not in others:
                field = None  # "Alter" of a volunteer, "Kosten" of a list without offers: into the notes
            if field:
                resolved.append((field, score))
        candidates[column] = resolved

    ranked = sorted(
        ((score, column, field) for column, found in enumerate(candidates) for field, score in found),
        key=lambda item: (-item[0], item[1]),
    )
    mapping: list[str | None] = [None] * len(keys)
    used: set[str] = set()
    for _score, column, field in ranked:
        if mapping[column] is None and field not in used:
            mapping[column] = field
            used.add(field)
    return mapping


_ROLE_HEADERS = frozenset(
    _compact(word)
    for word in (
        "Vorsitzende(r)",
        "Vorsitzender",
        "Vorsitzende",
        "1. Vorsitzende(r)",
        "Vorsitz",
        "Vorstand",
        "Schulleitung",
        "Kitaleitung",
        "Einrichtungsleitung",
        "Leiter/in",
        "Leiterin",
        "Leiter",
        "Leiter*in",
        "Leitung",
    )
)


def role_from_header(header: object) -> str | None:
    """The header of a name column when it says what the persons are ("Vorsitzende(r)"), for their function."""
    text = cell_text(header)
    return text if text and _compact(text) in _ROLE_HEADERS else None


def _resolve_name(others: set[str]) -> str:
    if "first_name" in others:
        return "last_name"
    if "organisation" in others or others & _NAME_CONTEXT_PERSON:
        return "full_name"
    return "organisation"


def detect_header_row(rows: Sequence[Sequence[object]], scan: int = 30) -> int | None:
    """Index of the header row among the first `scan` rows, or None if no row looks like a header.

    The header is the row with the most cells that are known header spellings (at least two); title lines such
    as "Adressliste Familienzentren, Stand 03/2026" have only one filled cell and are skipped.
    """
    best_index, best_hits = None, 1
    for index, row in enumerate(rows[:scan]):
        keys = [header_key(cell) for cell in row]
        if sum(1 for key in keys if key) < 2:
            continue
        hits = sum(1 for key in keys if key and _header_scores(key))
        if hits > best_hits:
            best_index, best_hits = index, hits
    return best_index


# -- columns recognised by their content ----------------------------------------------------------------------

SAMPLE_ROWS = 200  # content is judged on the first rows only: a list of 100,000 rows costs no more than one of 200
_CONTENT_SHARE = 0.6  # this share of the filled cells must look alike before a column is proposed

_C_EMAIL = re.compile(r"^\S+@\S+\.[A-Za-z]{2,}$")
_C_URL = re.compile(
    r"^(?:https?://|www\.)\S+$|^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:de|com|org|net|eu|info)(?:/\S*)?$"
)
_C_POSTCODE = re.compile(r"^(?:D-?)?\d{5}$")
_C_POSTCODE_CITY = re.compile(r"^(?:D-?)?\d{5}\s+[^\d\s].*$")
_C_PHONE = re.compile(r"^(?:\+|00|0)[\d\s/().-]{5,}$")
_C_PERSON = re.compile(r"^(?:Frau|Herr|Herrn|Fr\.|Hr\.|Dr\.|Prof\.)\s+\S", re.IGNORECASE)
_C_STREET_NUMBER = re.compile(r"^[^\d@,]*[A-Za-zÄÖÜäöüß.]\s*\d{1,4}\s?[a-zA-Z]?(?:\s*[-/]\s*\d{1,4}\s?[a-zA-Z]?)?$")
_C_STREET = re.compile(r"(?:stra(?:ss|ß)e|str\.|weg|platz|allee|gasse|ring|damm|chaussee|pfad|anger|markt)$", re.I)
_C_DECIMAL = re.compile(r"^-?\d{1,3}[.,]\d{3,}$")

# field → (test of one cell, what the wizard says the cells are)
_CONTENT_TESTS: tuple[tuple[str, Callable[[str], bool], str], ...] = (
    ("email", lambda t: "@" in t and bool(_C_EMAIL.match(t)), "E-Mail-Adressen"),
    ("website", lambda t: "@" not in t and bool(_C_URL.match(t)), "Webadressen"),
    ("postcode_and_city", lambda t: bool(_C_POSTCODE_CITY.match(t)), "Postleitzahlen mit Ort"),
    ("postcode", lambda t: bool(_C_POSTCODE.match(t)), "Postleitzahlen"),
    ("phone", lambda t: bool(_C_PHONE.match(t)) and sum(c.isdigit() for c in t) >= 6, "Telefonnummern"),
    ("full_name", lambda t: bool(_C_PERSON.match(t)) and len(t.split()) >= 2, "Personennamen (Frau/Herr …)"),
    ("street_and_number", lambda t: bool(_C_STREET_NUMBER.match(t)), "Straßen mit Hausnummer"),
    ("street", lambda t: bool(_C_STREET.search(t)), "Straßen"),
    ("latitude", lambda t: bool(_C_DECIMAL.match(t)) and 47 <= float(t.replace(",", ".")) <= 55.5, "Breitengrade"),
    ("longitude", lambda t: bool(_C_DECIMAL.match(t)) and 5.5 <= float(t.replace(",", ".")) <= 15.5, "Längengrade"),
)


@dataclass(frozen=True)
class ColumnGuess:
    """What one column is taken for, how sure that is (0–1) and why, for the wizard and the command line."""

    field: str | None
    certainty: float = 0.0
    reason: str | None = None


def _percent(share: float) -> str:
    return f"{round(share * 100)} %"


def _column_values(rows: Sequence[Sequence[object]], column: int) -> list[str]:
    values = []
    for row in rows[:SAMPLE_ROWS]:
        if column < len(row):
            text = cell_text(row[column])
            if text:
                values.append(text)
    return values


# Only in a list with an offer column: what an offer's cells say ("0–3 Jahre", "U3", "Eltern"; "Kurs", "Beratung").
_OFFER_CONTENT_TESTS: tuple[tuple[str, Callable[[str], bool], str], ...] = (
    ("offer_life_phases", offer_rules.looks_like_life_phase, "Lebensphasen oder Altersangaben"),
    ("offer_kind", offer_rules.looks_like_kind, "Arten von Angeboten"),
)


def _content_guesses(values: list[str], offers: bool = False) -> list[tuple[float, str, str]]:
    """(share, field, reason) of every content test at least _CONTENT_SHARE of the values pass; best first."""
    if not values:
        return []
    found = []
    for field, test, label in _CONTENT_TESTS + (_OFFER_CONTENT_TESTS if offers else ()):
        share = sum(1 for v in values if test(v)) / len(values)
        if share >= _CONTENT_SHARE:
            found.append((share, field, f"{_percent(share)} der Werte sind {label}"))
    return sorted(found, key=lambda item: -item[0])


def _looks_like_names(values: list[str]) -> float:
    """Share of values that are words (letters, not a number or an address): names of facilities or places."""
    if not values:
        return 0.0
    return sum(1 for v in values if sum(c.isalpha() for c in v) >= 3 and "@" not in v and not v[:1].isdigit()) / len(
        values
    )


def guess_columns(headers: Sequence[object], rows: Sequence[Sequence[object]]) -> list[ColumnGuess]:
    """One guess per column: by its header (synonyms, see suggest_mapping), else by the content of the first
    SAMPLE_ROWS rows ("92 % der Werte sind Postleitzahlen"); each field is used once, the surest column wins."""
    width = max([len(headers), *(len(r) for r in rows[:SAMPLE_ROWS])])
    headers = list(headers) + [None] * (width - len(headers))
    by_header = suggest_mapping(headers)
    guesses = [
        ColumnGuess(field, 1.0, f"Überschrift „{cell_text(headers[c])}“") if field else ColumnGuess(None)
        for c, field in enumerate(by_header)
    ]
    used = {g.field for g in guesses if g.field}
    values = {c: _column_values(rows, c) for c in range(width) if guesses[c].field is None}
    ranked = sorted(
        (
            (share, c, field, reason)
            for c, vals in values.items()
            for share, field, reason in _content_guesses(vals, "offer_name" in used)
        ),
        key=lambda item: (-item[0], item[1]),
    )
    for share, c, field, reason in ranked:
        if guesses[c].field is None and field not in used:
            guesses[c] = ColumnGuess(field, share, reason)
            used.add(field)
    open_text = [(c, vals) for c, vals in values.items() if guesses[c].field is None and vals]
    # No header names the facility: the first column of words that differ from row to row is taken for it, a later
    # one whose words repeat for the place.
    if "organisation" not in used and "last_name" not in used:
        for c, vals in open_text:
            share = _looks_like_names(vals)
            distinct = len(set(vals)) / len(vals)
            if share >= _CONTENT_SHARE and distinct >= 0.8:
                reason = f"{_percent(share)} der Werte sind Namen, {_percent(distinct)} davon verschieden"
                guesses[c] = ColumnGuess("organisation", round(share * distinct, 2), reason)
                used.add("organisation")
                break
    if "city" not in used and "postcode_and_city" not in used:
        for c, vals in open_text:
            share = _looks_like_names(vals)
            short = all(len(v.split()) <= 3 for v in vals)
            repeated = len(set(vals)) < len(vals) or "postcode" in used
            if guesses[c].field is None and share >= _CONTENT_SHARE and short and repeated:
                guesses[c] = ColumnGuess("city", round(share * 0.6, 2), f"{_percent(share)} der Werte sind Ortsnamen")
                break
    return guesses


# -- postcodes and phone numbers ---------------------------------------------------------------------------------

_COUNTRY_PREFIX = re.compile(r"^D(?:E)?\s*-?\s*(?=\d)", re.IGNORECASE)


def postcode_from_cell(value: object) -> str | None:
    """Postcode as text, a lost leading zero restored (1067 → "01067"); not validated, see is_valid_postcode."""
    text = cell_text(value)
    if text is None:
        return None
    return normalize_postcode(_COUNTRY_PREFIX.sub("", text))


_PHONE_LABEL = re.compile(r"^(?:tel(?:efon)?|fon|phone|mobil|handy|fax)\.?\s*(?:-?nr\.?)?\s*:?\s*", re.IGNORECASE)


def phone_from_cell(value: object) -> str | None:
    """Readable German phone number; a number Excel stored as a number gets its leading zero back."""
    text = cell_text(value)
    if text is None:
        return None
    return normalize_phone(_PHONE_LABEL.sub("", text))


# -- dates --------------------------------------------------------------------------------------------------------

_CONSENT_YES = frozenset({"ja", "j", "x", "yes", "y", "1", "true", "wahr", "liegt vor", "vorhanden", "erteilt", "ok"})


def consent_from_cell(value: object) -> tuple[bool, date | None]:
    """(given, date) from a consent column: a date, or "ja"/"x"/"liegt vor" …; anything else is no consent."""
    if isinstance(value, bool):
        return value, None
    on = parse_date(value) if not isinstance(value, int | float) or value > 1 else None
    if on is not None:
        return True, on
    text = cell_text(value)
    return (fold(text).strip(" .!✓✔") in _CONSENT_YES or (text or "").strip() in ("✓", "✔")), None


# -- emails -------------------------------------------------------------------------------------------------------

_MAILTO = re.compile(r"mailto:", re.IGNORECASE)
_AT_SPELLED = re.compile(r"\s*(?:\(at\)|\[at\]|\{at\}|@)\s*", re.IGNORECASE)
_EMAIL_SEPARATORS = re.compile(r"[;,|/\n]+")
_ANGLE_ADDRESS = re.compile(r"<([^<>]*)>")
_EMAIL_STRIP = "<>()[]\"'.,:;"
# What only the general way below handles: separators, brackets, spaces, "mailto:" and "(at)" spellings.
_EMAIL_NOT_PLAIN = re.compile(r"[\s;,|/<>()\[\]{}:]")


def split_emails(value: object) -> tuple[list[str], list[str]]:
    """(valid, invalid) addresses of one cell: "a@b.de; c@d.de", "Max <max@b.de>", "mailto:a@b.de" …

    Only the domain is lower-cased (the local part may be case-sensitive). Words without "@" next to an address
    are display names and dropped; a cell without any "@" comes back whole as one invalid entry.
    """
    text = cell_text(value)
    if text is None:
        return [], []
    if text.count("@") == 1 and not _EMAIL_NOT_PLAIN.search(text):  # one plain address, as nearly every cell holds
        local, _, domain = text.strip(_EMAIL_STRIP).rpartition("@")
        address = f"{local}@{domain.lower()}"
        return ([address], []) if is_valid_email(address) else ([], [address])
    text = _AT_SPELLED.sub("@", _MAILTO.sub("", text))
    if "@" not in text:
        # "-" or "–" means "none"; anything else ("siehe Homepage") is reported back.
        return ([], [text]) if any(ch.isalnum() for ch in text) else ([], [])
    valid: list[str] = []
    invalid: list[str] = []
    for part in _EMAIL_SEPARATORS.split(text):
        bracketed = _ANGLE_ADDRESS.findall(part)
        words = bracketed if bracketed else part.split()
        for word in words:
            word = word.strip().strip(_EMAIL_STRIP)
            if "@" not in word:
                continue
            local, _, domain = word.rpartition("@")
            address = f"{local}@{domain.lower()}"
            target = valid if is_valid_email(address) else invalid
            if address not in target:
                target.append(address)
    return valid, invalid


# -- person names -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonName:
    salutation: str | None
    title: str | None
    first_name: str | None
    last_name: str | None


_SALUTATIONS = {"herr": "Herr", "herrn": "Herr", "hr": "Herr", "frau": "Frau", "fr": "Frau"}
_TITLE_WORDS = {"dr": "Dr.", "prof": "Prof.", "pd": "PD", "mag": "Mag."}
_TITLE_PREFIXES = (
    "dipl.",
    "dipl-",
    "diplom-",
    "dr.",
    "dr-",
    "prof.",
    "prof-",
    "mag.",
    "apl.",
    "hon.",
    "jun.-prof",
    "priv.-doz",
)
_DEGREES = frozenset(
    {"m.a", "b.a", "m.sc", "b.sc", "m.ed", "b.ed", "ll.m", "ll.b", "m.eng", "b.eng", "mba", "msc", "bsc"}
)
# Particles that open a last name inside "Vorname von der Name"; "der"/"den" only follow another particle.
_PARTICLES_FIRST = frozenset(
    {"von", "van", "vom", "zu", "zum", "zur", "de", "del", "della", "da", "di", "du", "ten", "ter"}
)
_PARTICLES = _PARTICLES_FIRST | {"der", "den", "dem", "la", "le", "las", "los"}
_PARENTHESES = re.compile(r"\([^)]*\)")
_TITLE_WITHOUT_SPACE = re.compile(r"\b(Dr|Prof|Hr|Fr)\.(?=[^\s.\-,])", re.IGNORECASE)


def _salutation(token: str) -> str | None:
    return _SALUTATIONS.get(token.lower().rstrip("."))


def _title(token: str, after_title: bool) -> str | None:
    """The normalised title if `token` is (part of) an academic title, else None."""
    lower = token.lower()  # the words compared against are ASCII
    bare = lower.rstrip(".")
    if bare in _TITLE_WORDS:
        return _TITLE_WORDS[bare]
    if lower.startswith(_TITLE_PREFIXES) or bare in _DEGREES:
        return token
    if after_title and token[:1].islower() and token.endswith(".") and len(token) <= 8:
        return token  # "Dr. med.", "Dr. rer. nat.", "Dr. h.c."
    return None


def _take_leading(tokens: list[str]) -> tuple[str | None, list[str], list[str]]:
    salutation, titles = None, []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if salutation is None and not titles and (found := _salutation(token)):
            salutation = found
        elif found := _title(token, bool(titles)):
            titles.append(found)
        else:
            break
        index += 1
    return salutation, titles, tokens[index:]


def _take_trailing_titles(tokens: list[str]) -> tuple[list[str], list[str]]:
    end = len(tokens)
    while end > 1 and _title(tokens[end - 1], False):
        end -= 1
    return tokens[:end], [_title(t, False) or t for t in tokens[end:]]


def split_person_name(value: object) -> PersonName:
    """Salutation, title, first and last name of one name cell: "Frau Prof. Dr. Anna-Lena von der Heide"."""
    text = cell_text(value)
    if text is None:
        return PersonName(None, None, None, None)
    if "(" in text:
        text = _PARENTHESES.sub(" ", text)
    if "." in text:
        text = _TITLE_WITHOUT_SPACE.sub(r"\1. ", text)
    head, comma, tail = text.partition(",")
    tail_tokens = tail.replace(",", " ").split()
    if comma and tail_tokens and not all(_title(t, True) for t in tail_tokens):
        return _split_last_comma_first(head.split(), tail_tokens)
    salutation, titles, rest = _take_leading(head.split())
    rest, trailing = _take_trailing_titles(rest)
    titles += trailing + [_title(t, True) or t for t in tail_tokens]  # "Jana Schmidt, M.A."
    first, last = _split_first_last(rest)
    return PersonName(salutation, " ".join(titles) or None, first, last)


def _split_last_comma_first(head: list[str], tail: list[str]) -> PersonName:
    """ "Müller, Dr. Max" and "Heide, Anna-Lena von der" (the sort form of "Anna-Lena von der Heide")."""
    salutation, titles, last = _take_leading(head)
    tail_salutation, tail_titles, first = _take_leading(tail)
    first, trailing = _take_trailing_titles(first)
    while first and first[-1].lower() in _PARTICLES:
        last.insert(0, first.pop())
    return PersonName(
        salutation or tail_salutation,
        " ".join(titles + tail_titles + trailing) or None,
        " ".join(first) or None,
        " ".join(last) or None,
    )


def _split_first_last(tokens: list[str]) -> tuple[str | None, str | None]:
    if not tokens:
        return None, None
    if len(tokens) == 1:
        return None, tokens[0]
    split_at = len(tokens) - 1
    for index in range(1, len(tokens) - 1):
        if tokens[index].lower() in _PARTICLES_FIRST:
            split_at = index
            break
    return " ".join(tokens[:split_at]), " ".join(tokens[split_at:])


# -- addresses ----------------------------------------------------------------------------------------------------

_HOUSE_NUMBER_PART = r"\d+(?:\s?[A-Za-z](?![A-Za-z]))?"
_HOUSE_NUMBER = rf"{_HOUSE_NUMBER_PART}(?:\s*[-–/+]\s*(?:{_HOUSE_NUMBER_PART}|[A-Za-z](?![A-Za-z])))*"
_STREET_NUMBER = re.compile(rf"^(?P<street>.*?\D)(?:\s*,\s*|\s+|(?<=\.))(?:Nr\.?\s*)?(?P<number>{_HOUSE_NUMBER})$")
_ONLY_NUMBER = re.compile(rf"^(?:Nr\.?\s*)?{_HOUSE_NUMBER}$")


def split_street(value: object) -> tuple[str | None, str | None]:
    """(street, house number): "Hauptstr. 12a" → ("Hauptstr.", "12a"); no number found → (text, None)."""
    text = cell_text(value)
    if text is None:
        return None, None
    if text.lower().startswith("postfach"):
        return text, None
    if _ONLY_NUMBER.match(text):
        return None, text.removeprefix("Nr.").removeprefix("Nr").strip()
    if m := _STREET_NUMBER.match(text):
        return m["street"].rstrip(" ,"), m["number"]
    return text, None


_POSTCODE_CITY = re.compile(r"^(?:D(?:E)?\s*-?\s*)?(\d{4,5})(?!\d)\s*[,/-]?\s*(.*)$", re.IGNORECASE)
_CITY_POSTCODE = re.compile(r"^(.*\D)[\s,]+(\d{5})$")


def split_postcode_city(value: object) -> tuple[str | None, str | None]:
    """(postcode, city): "37120 Bovenden", "D-37120 Bovenden", "37120Bovenden", "Bovenden" → (None, "Bovenden")."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return postcode_from_cell(value), None
    text = cell_text(value)
    if text is None:
        return None, None
    if m := _POSTCODE_CITY.match(text):
        return normalize_postcode(m[1]), m[2] or None
    if m := _CITY_POSTCODE.match(text):
        return m[2], m[1].strip() or None
    return None, text


# -- columns assigned by hand (command line) ----------------------------------------------------------------------

_IGNORE_WORDS = frozenset({"", "-", "nichts", "ignorieren", "keine", "nicht uebernehmen"})
_COLUMN_NUMBER = re.compile(r"^(?:spalte\s*)?(\d+)$")


def field_by_name(text: str) -> str | None:
    """The field a coordinator means: its key ("email"), its label ("E-Mail") or any header spelling ("Mail");
    "" or "-" for "do not take". Raises ValueError naming the fields if none fits."""
    key = header_key(text)
    if fold(text or "").strip() in _IGNORE_WORDS or key in _IGNORE_WORDS:
        return None
    if text in FIELDS:
        return text
    compact = key.replace(" ", "")
    for field, label in FIELDS.items():
        if _compact(label) == compact or _compact(field) == compact:
            return field
    by_itself = {_THEME: "themes", _KIND: "org_type"}  # without the other columns: what the header means alone
    exact = [
        by_itself.get(f, f)
        for f, _ in sorted(_EXACT.get(compact, ()), key=lambda item: -item[1])
        if not f.startswith("_") or f in by_itself
    ]
    if exact:
        return exact[0]
    if compact == "name":
        return "organisation"
    raise ValueError(f"Ein Feld „{text}“ gibt es nicht. Möglich sind: " + ", ".join(FIELDS.values()) + ".")


def assign_columns(
    headers: Sequence[object], mapping: list[str | None], assignments: Sequence[str]
) -> tuple[list[str | None], set[int]]:
    """(the mapping with columns assigned by hand, those columns): "Schule=Organisation", "Spalte 3=PLZ", "Fax="
    (do not take).

    A field assigned by hand is taken from the column that had it. Raises ValueError with a message for the
    coordinator when a column or field is unknown."""
    mapping = list(mapping)
    keys = [header_key(h) for h in headers]
    by_hand: set[int] = set()
    for assignment in assignments:
        column_text, equals, field_text = assignment.partition("=")
        if not equals:
            raise ValueError(f"„{assignment}“: bitte als SPALTE=FELD angeben, z. B. „Schule=Organisation“.")
        key = header_key(column_text)
        if key in keys:
            column = keys.index(key)
        elif (m := _COLUMN_NUMBER.match(key)) and 1 <= int(m[1]) <= len(mapping):
            column = int(m[1]) - 1
        else:
            known = ", ".join(cell_text(h) or f"Spalte {i + 1}" for i, h in enumerate(headers)) or "keine"
            raise ValueError(f"Eine Spalte „{column_text.strip()}“ gibt es in der Liste nicht (vorhanden: {known}).")
        field = field_by_name(field_text.strip())
        if field is not None:
            mapping = [None if m == field else m for m in mapping]
        mapping[column] = field
        by_hand.add(column)
    return mapping, by_hand
