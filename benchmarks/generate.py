"""Deterministic benchmark data: a database already holding N persons, and a partner list of M rows (.xlsx, CSV).

The database is created with the app's own schema (open_context) and filled with Core bulk inserts; the partner
list looks like what partners in the Landkreis Göttingen send: a title line above the header, several contacts per
institution, "Herr Dr. …" names, postcodes and phone numbers stored as numbers, and known shares of duplicates
(of persons and organisations already in the database, and within the file). Everything is drawn from
random.Random(seed), so the same size and seed give the same files on every machine.

    .venv/bin/python -m benchmarks.generate --size 100000      # writes benchmarks/data/<key>/ (git-ignored)
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import random
import re
import shutil
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import xlsxwriter
from sqlalchemy import insert

from sozialkoordination.actors.service import refresh_search_texts
from sozialkoordination.app import open_context
from sozialkoordination.config import resource_path
from sozialkoordination.core.normalize import fold, legal_form_free
from sozialkoordination.demo.service import FEMALE_NAMES, LAST_NAMES, MALE_NAMES, NEUTRAL_NAMES, STREETS
from sozialkoordination.models import Affiliation, Organisation, Person

log = logging.getLogger(__name__)

GENERATOR_VERSION = 2  # raise when the generated content changes, so cached data is not reused
DEFAULT_SIZE = 100_000
DEFAULT_SEED = 20260301
DATA_DIR = Path(__file__).resolve().parent / "data"
DATABASE_FILE = "bestand.sqlite"
XLSX_FILE = "partnerliste.xlsx"
CSV_FILE = "partnerliste.csv"
MANIFEST_FILE = "manifest.json"

HEADER = ["Einrichtung", "Träger", "Ansprechpartner/in", "Str./Hausnr.", "PLZ Ort", "Tel.", "E-Mail-Adresse"]
TITLE = "Adressliste der Netzwerkpartner im Landkreis Göttingen – Stand 03/2026"
FOOTER = "Stand: März 2026"
HEADER_ROW = 2  # 0-based: title line, empty line, header
GENERATED_AT = datetime(2026, 3, 1, 8, 0)  # timestamps and file properties: the same bytes on every machine

DB_DUPLICATE_SHARE = 0.10  # rows describing a person or organisation already in the database
FILE_DUPLICATE_SHARE = 0.02  # rows repeating a contact of an earlier row of the same file
REJECTED_SHARE = 0.002  # rows with neither institution nor name (the import rejects them)
ORGANISATIONS_PER_PERSON = 0.2
CHUNK = 10_000


def _cp1252(words: tuple[str, ...]) -> tuple[str, ...]:
    """German Excel writes CSV in cp1252; names it cannot encode would only test the encoder."""
    result = []
    for word in words:
        try:
            word.encode("cp1252")
        except UnicodeEncodeError:
            continue
        result.append(word)
    return tuple(result)


FEMALE = _cp1252(FEMALE_NAMES)
MALE = _cp1252(MALE_NAMES)
NEUTRAL = _cp1252(NEUTRAL_NAMES)
LAST = _cp1252(LAST_NAMES)
ALL_STREETS = STREETS + (
    "Hauptstraße",
    "Bahnhofstr.",
    "Kirchweg",
    "Schulstraße",
    "Lange Straße",
    "Marktplatz",
    "Göttinger Str.",
    "Am Anger",
    "Mühlenstraße",
    "Breite Straße",
    "Gartenweg",
    "Lindenallee",
    "Bergstr.",
    "Wallstraße",
)

# Area codes of the places in resources/reference/ortschaften_plz.csv (by postcode).
AREA_CODES = {
    "37520": "05522",
    "37412": "05521",
    "37539": "05327",
    "37534": "05327",
    "37197": "05584",
    "37199": "05584",
    "37139": "05506",
    "37120": "0551",
    "37431": "05524",
    "37441": "05523",
    "37445": "05525",
    "34346": "05541",
    "37127": "05502",
    "34355": "05543",
    "37115": "05527",
    "37434": "05528",
    "37136": "05507",
    "37124": "0551",
    "37133": "05504",
    "37130": "05508",
}

# (name prefix, organisation type, share of names with a legal form)
PREFIXES: tuple[tuple[str, str, float], ...] = (
    ("Kita", "Kita", 0.1),
    ("Kindertagesstätte", "Kita", 0.1),
    ("Kinderkrippe", "Kita", 0.1),
    ("Spielkreis", "Kita", 0.5),
    ("Familienzentrum", "Familienzentrum", 0.2),
    ("Elterncafé", "Familienzentrum", 0.1),
    ("Grundschule", "Schule", 0.0),
    ("Oberschule", "Schule", 0.0),
    ("Jugendtreff", "Jugendpflege", 0.1),
    ("Jugendhaus", "Jugendpflege", 0.2),
    ("Seniorentreff", "Seniorenangebot", 0.2),
    ("Mehrgenerationenhaus", "Seniorenangebot", 0.3),
    ("Nachbarschaftshilfe", "Seniorenangebot", 0.6),
    ("Beratungsstelle", "Beratungsstelle", 0.2),
    ("Erziehungsberatung", "Beratungsstelle", 0.1),
    ("Sportverein", "Verein", 0.9),
    ("Heimatverein", "Verein", 0.9),
    ("Förderverein", "Verein", 0.9),
    ("Kulturverein", "Verein", 0.9),
    ("Kirchengemeinde", "Kirche", 0.0),
    ("Gemeindehaus", "Kirche", 0.0),
    ("Begegnungsstätte", "Sonstige", 0.2),
    ("Stadtteilbüro", "Kommune", 0.0),
    ("Bürgerbüro", "Kommune", 0.0),
    ("Tafel", "Sonstige", 0.7),
    ("Hausaufgabenhilfe", "Sonstige", 0.3),
    ("Freiwilligenagentur", "Freiwilligendienst", 0.4),
    ("Gesundheitstreff", "Gesundheit", 0.3),
    ("Pflegestützpunkt", "Gesundheit", 0.0),
    ("Frauentreff", "Sonstige", 0.5),
)
WORDS = (
    "Regenbogen",
    "Sonnenschein",
    "Kunterbunt",
    "Löwenzahn",
    "Lindenhof",
    "Mittendrin",
    "Arche",
    "Sternschnuppe",
    "Apfelbaum",
    "Leuchtturm",
    "Brückenhaus",
    "Buntstift",
    "Pusteblume",
    "Sonnenblume",
    "Marienkäfer",
    "Spatzennest",
    "Zwergenland",
    "Wichtelhaus",
    "Rappelkiste",
    "Schatzkiste",
    "Wirbelwind",
    "Haselnuss",
    "Glühwürmchen",
    "Igelburg",
    "Sausewind",
    "Kompass",
    "Insel",
    "Oase",
    "Freiraum",
    "Treibhaus",
    "Leuchtfeuer",
    "Wegweiser",
    "Lichtblick",
    "Anker",
    "Horizont",
    "Lotse",
    "Abendsonne",
    "Zeitlos",
    "Hand in Hand",
    "Miteinander",
    "Füreinander",
    "Am Markt",
    "Am Anger",
    "Am Lindenberg",
    "Am Mühlbach",
    "Am Sonnenhang",
    "An der Aue",
    "Am Kastanienhof",
    "Im Lerchenfeld",
    "Am Buchenring",
    "Am Kirchberg",
    "Am Schlossberg",
    "Am Bahnhof",
    "Zum Backhaus",
    "Kleine Strolche",
    "Storchennest",
    "Eulennest",
    "Bärenhöhle",
    "Seepferdchen",
    "Brunnenhof",
    "Dorfmitte",
    "Altes Pfarrhaus",
    "Alte Schule",
    "Mühlenhof",
    "Quelle",
    "Kastanie",
    "Lindenbaum",
    "Eichhörnchen",
    "Wiesenhof",
    "Gänseblümchen",
)
LEGAL_FORMS = ("e. V.", "e.V.", "gGmbH", "e. V.")
# Träger: the first DB_TRAEGER are in the database, the rest appear only in the partner list.
TRAEGER = (
    "AWO Kreisverband Göttingen e. V.",
    "Diakonisches Werk Göttingen",
    "Caritasverband für Südniedersachsen e. V.",
    "DRK Kreisverband Göttingen-Northeim e. V.",
    "Lebenswege Jugendhilfe gGmbH",
    "Brückenschlag Südniedersachsen e. V.",
    "Weitblick Soziale Dienste gGmbH",
    "Miteinander Leben e. V.",
    "Kinderland Trägerverbund gGmbH",
    "Sonnenseite Familienhilfe e. V.",
    "Wegbegleiter Sozialwerk gGmbH",
    "Landkreis Göttingen",
    "Flecken Bovenden",
    "Gemeinde Rosdorf",
    "Lichtpunkt Jugend- und Familienhilfe e. V.",
    "Zukunftswerk Kinder- und Jugendhilfe gGmbH",
    "Lebensbrücke Familienwerk e. V.",
    "Gemeinsam stark Sozialdienste e. V.",
    "Rückenwind Inklusion gGmbH",
    "Stadt Duderstadt",
    "Stadt Hann. Münden",
    "Samtgemeinde Gieboldehausen",
)
DB_TRAEGER = 14
FUNCTIONS = (
    "Leitung",
    "Stellv. Leitung",
    "Erzieherin",
    "Sozialarbeiter/in",
    "Vorsitz",
    "Koordination",
    "Verwaltung",
    "Schulsozialarbeit",
    "Ehrenamtskoordination",
    "Kassenwart/in",
    "Pfarrer/in",
    "Geschäftsführung",
)
MAIL_DOMAINS = ("web.example", "gmx.example", "posteo.example", "t-online.example", "mail.example", "online.example")


@dataclass(frozen=True)
class Place:
    postcode: str
    city: str


def load_places() -> list[Place]:
    with resource_path("reference", "ortschaften_plz.csv").open(encoding="utf-8", newline="") as file:
        return [Place(row["plz"], row["ortschaft"]) for row in csv.DictReader(file, delimiter=";")]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", fold(text))


def _phone(rng: random.Random, postcode: str) -> str:
    return f"{AREA_CODES.get(postcode, '0551')} {rng.randint(1000, 999_999)}"


def _person_name(rng: random.Random) -> tuple[str | None, str | None, str, str]:
    """(salutation, title, first name, last name)."""
    roll = rng.random()
    if roll < 0.52:
        salutation, first = "Frau", rng.choice(FEMALE)
    elif roll < 0.96:
        salutation, first = "Herr", rng.choice(MALE)
    else:
        salutation, first = None, rng.choice(NEUTRAL)
    last = rng.choice(LAST)
    if rng.random() < 0.08:
        last = f"{last}-{rng.choice(LAST)}"
    roll = rng.random()
    title = "Dr." if roll < 0.06 else "Prof. Dr." if roll < 0.07 else None
    return salutation, title, first, last


class _Names:
    """Unique organisation names ("Kita Pusteblume Dorste e. V."), unique by the import's duplicate key."""

    def __init__(self, rng: random.Random, places: list[Place], taken: set[str] | None = None):
        self.rng, self.places, self.taken = rng, places, taken if taken is not None else set()

    def next(self) -> tuple[str, str, Place]:
        for _ in range(1000):
            prefix, org_type, legal_share = self.rng.choice(PREFIXES)
            place = self.rng.choice(self.places)
            name = f"{prefix} {self.rng.choice(WORDS)} {place.city}"
            if self.rng.random() < legal_share:
                name = f"{name} {self.rng.choice(LEGAL_FORMS)}"
            key = legal_form_free(name)
            if key not in self.taken:
                self.taken.add(key)
                return name, org_type, place
        raise RuntimeError("organisation name space exhausted; extend PREFIXES or WORDS")


# -- the database ------------------------------------------------------------------------------------------------


def _chunks(rows: list[dict]) -> Iterator[list[dict]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


def build_database(path: Path, persons: int, seed: int) -> dict[str, int]:
    """A fresh database with the app's schema, `persons` persons and persons/5 organisations with affiliations."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    rng = random.Random(seed)
    uuids = random.Random(seed + 2)  # a stream of its own, so the names do not depend on how many UUIDs are drawn

    def new_uuid() -> str:
        return str(uuid.UUID(int=uuids.getrandbits(128), version=4))

    places = load_places()
    ctx = open_context(f"sqlite:///{path}")
    try:
        lookup = ctx.areas.address_lookup()

        def raum(place: Place) -> int | None:
            found = lookup.suggest(place.postcode, place.city)
            return found.sozialraum_id if found else None

        now = GENERATED_AT
        base = {"created_at": now, "updated_at": now, "version": 1, "sort_key": "", "search_text": ""}
        organisations: list[dict] = []
        for name in TRAEGER[:DB_TRAEGER]:
            place = rng.choice(places)
            organisations.append(
                base
                | {
                    "id": len(organisations) + 1,
                    "uuid": new_uuid(),
                    "name": name,
                    "org_type": "Freier Träger",
                    "street": rng.choice(ALL_STREETS),
                    "house_number": str(rng.randint(1, 80)),
                    "postcode": place.postcode,
                    "city": place.city,
                    "parent_id": None,
                    "sozialraum_id": raum(place),
                    "phone": _phone(rng, place.postcode),
                    "email": f"info@{_slug(name)[:20]}.example",
                    "website": f"www.{_slug(name)[:20]}.example",
                    "notes": None,
                }
            )
        names = _Names(rng, places, {legal_form_free(n) for n in TRAEGER})
        for _ in range(max(1, int(persons * ORGANISATIONS_PER_PERSON))):
            name, org_type, place = names.next()
            oid = len(organisations) + 1
            organisations.append(
                base
                | {
                    "id": oid,
                    "uuid": new_uuid(),
                    "name": name,
                    "org_type": org_type,
                    "street": rng.choice(ALL_STREETS) if rng.random() < 0.9 else None,
                    "house_number": str(rng.randint(1, 120)),
                    "postcode": place.postcode,
                    "city": place.city,
                    "parent_id": rng.randint(1, DB_TRAEGER) if rng.random() < 0.3 else None,
                    "sozialraum_id": raum(place),
                    "phone": _phone(rng, place.postcode) if rng.random() < 0.8 else None,
                    "email": f"info{oid}@{_slug(name)[:24]}.example" if rng.random() < 0.6 else None,
                    "website": None,
                    "notes": None,
                }
            )
        ordinary = organisations[DB_TRAEGER:]

        emails: set[str] = set()
        people: list[dict] = []
        links: list[dict] = []
        for pid in range(1, persons + 1):
            salutation, title, first, last = _person_name(rng)
            email = None
            if rng.random() < 0.85:
                local, domain = f"{_slug(first)}.{_slug(last)}", rng.choice(MAIL_DOMAINS)
                email, n = f"{local}@{domain}", 1
                while email in emails:
                    n += 1
                    email = f"{local}{n}@{domain}"
                emails.add(email)
            works = rng.random() < 0.78
            place = rng.choice(places)
            people.append(
                base
                | {
                    "id": pid,
                    "uuid": new_uuid(),
                    "salutation": salutation,
                    "title": title,
                    "first_name": first,
                    "last_name": last,
                    "function": rng.choice(FUNCTIONS) if works and rng.random() < 0.4 else None,
                    "phone": _phone(rng, place.postcode) if rng.random() < 0.7 else None,
                    "mobile": f"01{rng.choice('567')}{rng.randint(0, 9)} {rng.randint(1_000_000, 9_999_999)}"
                    if rng.random() < 0.2
                    else None,
                    "email": email,
                    "sozialraum_id": raum(place),
                    "notes": None,
                    "last_activity_on": None,
                    "street": None if works else rng.choice(ALL_STREETS),
                    "house_number": None if works else str(rng.randint(1, 60)),
                    "postcode": None if works else place.postcode,
                    "city": None if works else place.city,
                }
            )
            if works:
                chosen = [rng.choice(ordinary)["id"]]
                if rng.random() < 0.12:
                    second = rng.choice(ordinary)["id"]
                    if second != chosen[0]:
                        chosen.append(second)
                for number, oid in enumerate(chosen):
                    links.append(
                        {
                            "id": len(links) + 1,
                            "uuid": new_uuid(),
                            "created_at": now,
                            "updated_at": now,
                            "version": 1,
                            "person_id": pid,
                            "organisation_id": oid,
                            "role": None,
                            "is_primary": number == 0,
                            "valid_from": None,
                            "valid_until": None,
                        }
                    )
        with ctx.engine.begin() as conn:
            for table, rows in ((Organisation, organisations), (Person, people), (Affiliation, links)):
                for chunk in _chunks(rows):
                    conn.execute(insert(table.__table__), chunk)
        refresh_search_texts(ctx.session_factory)  # sort keys and search texts exactly as the app computes them
        with ctx.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        ctx.close()
    return {"persons": len(people), "organisations": len(organisations), "affiliations": len(links)}


# -- the partner list --------------------------------------------------------------------------------------------


def _person_cell(rng: random.Random, salutation: str | None, title: str | None, first: str, last: str) -> str:
    """The many ways a name is written in one "Ansprechpartner/in" column; all keep first and last name."""
    roll = rng.random()
    if roll < 0.55:
        parts = [salutation, title, first, last]  # "Herr Dr. Max Müller"
    elif roll < 0.8:
        parts = [title, first, last]
    elif roll < 0.95:
        return f"{last}, {' '.join(p for p in (title, first) if p)}"  # "Müller, Dr. Max"
    else:
        parts = [salutation, first, last.upper() if rng.random() < 0.5 else last]
    return " ".join(p for p in parts if p)


def _place_cell(rng: random.Random, postcode: str, city: str) -> object:
    roll = rng.random()
    if roll < 0.88:
        return f"{postcode} {city}"
    if roll < 0.93:
        return int(postcode)  # Excel turned the column into numbers; the place is lost
    if roll < 0.96:
        return f"D-{postcode} {city}"
    return city


def _phone_cell(rng: random.Random, postcode: str) -> object:
    area, number = AREA_CODES.get(postcode, "0551"), rng.randint(1000, 999_999)
    roll = rng.random()
    if roll < 0.75:
        return f"{area} {number}"
    if roll < 0.83:
        return f"{area}/{number}"
    if roll < 0.9:
        return int(f"{area[1:]}{number}")  # stored as a number: the leading zero is gone
    if roll < 0.93:
        return f"+49 {area[1:]} {number}"
    return None


def _email_cell(rng: random.Random, address: str) -> str | None:
    roll = rng.random()
    if roll < 0.78:
        return address
    if roll < 0.81:
        return f"{address}; info@{address.partition('@')[2]}"
    if roll < 0.83:
        return rng.choice(("kein-mail", "siehe Homepage", "-"))
    return None


@dataclass
class _Counts:
    rows: int = 0
    new_person_rows: int = 0
    new_organisation_only_rows: int = 0
    new_organisations: int = 0
    db_duplicate_email: int = 0
    db_duplicate_name_and_organisation: int = 0
    db_duplicate_organisation_only: int = 0
    file_duplicates: int = 0
    rejected: int = 0


class _PartnerList:
    def __init__(self, database: Path, rows: int, seed: int):
        self.rng = random.Random(seed + 1)
        self.total = rows
        self.counts = _Counts()
        with sqlite3.connect(database) as conn:
            self.traeger = dict(conn.execute("SELECT id, name FROM organisation WHERE id <= ?", (DB_TRAEGER,)))
            taken = {legal_form_free(name) for (name,) in conn.execute("SELECT name FROM organisation")}
            self.db_people = conn.execute(
                "SELECT p.salutation, p.title, p.first_name, p.last_name, p.email, o.name, o.parent_id, o.street, "
                "o.house_number, o.postcode, o.city FROM person p JOIN affiliation a ON a.person_id = p.id "
                "AND a.is_primary JOIN organisation o ON o.id = a.organisation_id ORDER BY p.id"
            ).fetchall()
            self.db_orgs = conn.execute(
                "SELECT name, parent_id, street, house_number, postcode, city, phone, email FROM organisation "
                "WHERE id > ? ORDER BY id",
                (DB_TRAEGER,),
            ).fetchall()
        self.names = _Names(self.rng, load_places(), taken | {legal_form_free(n) for n in TRAEGER})
        self.emails: set[str] = set()
        self.new_contacts: list[list[object]] = []  # rows with a new person, for in-file duplicates

    def rows(self) -> Iterator[list[object]]:
        rng = self.rng
        n_db = round(self.total * DB_DUPLICATE_SHARE)
        n_file = round(self.total * FILE_DUPLICATE_SHARE)
        n_rejected = round(self.total * REJECTED_SHARE)
        kinds = ["db"] * n_db + ["file"] * n_file + ["rejected"] * n_rejected
        kinds += ["new"] * (self.total - len(kinds))
        rng.shuffle(kinds)
        people = rng.sample(range(len(self.db_people)), min(len(self.db_people), n_db))
        new_rows = self._new_rows()
        for kind in kinds:
            self.counts.rows += 1
            if kind == "file" and self.new_contacts:
                yield self._file_duplicate()
            elif kind == "db" and people:
                yield self._db_duplicate(people.pop())
            elif kind == "rejected":
                self.counts.rejected += 1
                place = rng.choice(self.names.places)
                yield [
                    None,
                    None,
                    None,
                    f"{rng.choice(ALL_STREETS)} {rng.randint(1, 50)}",
                    f"{place.postcode} {place.city}",
                    _phone_cell(rng, place.postcode),
                    None,
                ]
            else:
                yield next(new_rows)

    def _new_rows(self) -> Iterator[list[object]]:
        rng = self.rng
        while True:
            name, _org_type, place = self.names.next()
            self.counts.new_organisations += 1
            traeger = rng.choice(TRAEGER) if rng.random() < 0.4 else None
            street = f"{rng.choice(ALL_STREETS)} {rng.randint(1, 120)}{rng.choice(('', '', '', 'a', 'b'))}"
            domain = f"{_slug(name)[:28]}.example"
            if rng.random() < 0.05:
                self.counts.new_organisation_only_rows += 1
                yield [
                    name,
                    traeger,
                    None,
                    street,
                    _place_cell(rng, place.postcode, place.city),
                    _phone_cell(rng, place.postcode),
                    _email_cell(rng, f"info@{domain}"),
                ]
            for _ in range(rng.choice((1, 1, 2, 2, 2, 3, 3, 4, 5))):
                salutation, title, first, last = _person_name(rng)
                local, n = f"{_slug(first)[0]}.{_slug(last)}", 1
                address = f"{local}@{domain}"
                while address in self.emails:
                    n += 1
                    address = f"{local}{n}@{domain}"
                self.emails.add(address)
                row = [
                    name,
                    traeger,
                    _person_cell(rng, salutation, title, first, last),
                    street,
                    _place_cell(rng, place.postcode, place.city),
                    _phone_cell(rng, place.postcode),
                    _email_cell(rng, address),
                ]
                self.new_contacts.append([row, (salutation, title, first, last)])
                self.counts.new_person_rows += 1
                yield row

    def _file_duplicate(self) -> list[object]:
        """An earlier contact again: same name and institution, sometimes another phone or no e-mail."""
        rng = self.rng
        self.counts.file_duplicates += 1
        row, name = rng.choice(self.new_contacts)
        copy = list(row)
        copy[2] = _person_cell(rng, *name)
        roll = rng.random()
        if roll < 0.25:
            copy[6] = None
        elif roll < 0.5:
            copy[5] = _phone_cell(rng, "37120")
        return copy

    def _db_duplicate(self, index: int) -> list[object]:
        rng = self.rng
        salutation, title, first, last, email, org, parent, street, number, postcode, city = self.db_people[index]
        if org.endswith(" e. V.") and rng.random() < 0.5:
            org = org.removesuffix(" e. V.") + " e.V."  # the same organisation, written differently
        traeger = self.traeger.get(parent)
        address = " ".join(p for p in (street, number) if p) or None
        place = f"{postcode} {city}"
        roll = rng.random()
        if roll < 0.2:
            self.counts.db_duplicate_organisation_only += 1
            org_row = self.db_orgs[index % len(self.db_orgs)]
            o_name, o_parent, o_street, o_number, o_postcode, o_city, o_phone, o_email = org_row
            return [
                o_name,
                self.traeger.get(o_parent),
                None,
                " ".join(p for p in (o_street, o_number) if p) or None,
                f"{o_postcode} {o_city}",
                o_phone,
                o_email,
            ]
        if email and roll < 0.7:
            self.counts.db_duplicate_email += 1
            mail = email
        else:
            self.counts.db_duplicate_name_and_organisation += 1
            mail = f"{_slug(first)}.{_slug(last)}@neu.example" if rng.random() < 0.5 else None
        return [
            org,
            traeger,
            _person_cell(rng, salutation, title, first, last),
            address,
            place,
            _phone_cell(rng, postcode),
            mail,
        ]


def build_partner_list(database: Path, xlsx_path: Path, csv_path: Path, rows: int, seed: int) -> dict[str, int]:
    """The same rows as .xlsx (xlsxwriter, constant memory) and as German-Excel CSV (cp1252, ";", CRLF)."""
    plan = _PartnerList(database, rows, seed)
    width = len(HEADER)
    workbook = xlsxwriter.Workbook(str(xlsx_path), {"constant_memory": True})
    workbook.set_properties({"created": GENERATED_AT, "author": "benchmarks.generate"})
    sheet = workbook.add_worksheet("Adressliste")
    sheet.write_string(0, 0, TITLE)
    sheet.write_row(HEADER_ROW, 0, HEADER)
    with csv_path.open("w", encoding="cp1252", newline="") as file:
        writer = csv.writer(file, delimiter=";", lineterminator="\r\n")
        # German Excel pads every line to the width of the used range.
        writer.writerow([TITLE] + [""] * (width - 1))
        writer.writerow([""] * width)
        writer.writerow(HEADER)
        line = HEADER_ROW
        for line, row in enumerate(plan.rows(), start=HEADER_ROW + 1):
            sheet.write_row(line, 0, row)
            writer.writerow(["" if value is None else value for value in row])
        writer.writerow([""] * width)
        writer.writerow([FOOTER] + [""] * (width - 1))
    sheet.write_string(line + 2, 0, FOOTER)
    workbook.close()
    return vars(plan.counts)


# -- cached data sets --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DataSet:
    folder: Path
    manifest: dict

    @property
    def database(self) -> Path:
        return self.folder / DATABASE_FILE

    def partner_list(self, fmt: str) -> Path:
        return self.folder / (XLSX_FILE if fmt == "xlsx" else CSV_FILE)


def cached(folder: Path, build: Callable[[Path], dict], force: bool = False) -> dict:
    """The manifest of a generated data set in `folder`: reused while its manifest is there (written last, so an
    interrupted generation is redone), else `build(folder)` fills the emptied folder and returns the manifest."""
    manifest_path = folder / MANIFEST_FILE
    if manifest_path.exists() and not force:
        return json.loads(manifest_path.read_text(encoding="utf-8"))
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    manifest = build(folder)
    manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    return manifest


def ensure_data(rows: int, persons: int, seed: int, root: Path = DATA_DIR, force: bool = False) -> DataSet:
    """The data set for these parameters: reused if complete, else generated."""

    def build(folder: Path) -> dict:
        started = time.perf_counter()
        database = build_database(folder / DATABASE_FILE, persons, seed)
        db_seconds = time.perf_counter() - started
        partner_list = build_partner_list(folder / DATABASE_FILE, folder / XLSX_FILE, folder / CSV_FILE, rows, seed)
        return {
            "generator_version": GENERATOR_VERSION,
            "seed": seed,
            "database": database,
            "partner_list": partner_list,
            "header_row": HEADER_ROW,
            "seconds": {"database": round(db_seconds, 1), "total": round(time.perf_counter() - started, 1)},
            "bytes": {name: (folder / name).stat().st_size for name in (DATABASE_FILE, XLSX_FILE, CSV_FILE)},
        }

    folder = root / f"persons{persons}-rows{rows}-seed{seed}-v{GENERATOR_VERSION}"
    return DataSet(folder, cached(folder, build, force))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=DEFAULT_SIZE, help="rows of the partner list (default 100000)")
    parser.add_argument("--persons", type=int, help="persons already in the database (default: --size)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--out", type=Path, default=DATA_DIR, help="folder for generated data (default benchmarks/data)"
    )
    parser.add_argument("--force", action="store_true", help="generate again even if the data set exists")
    args = parser.parse_args(argv)
    data = ensure_data(args.size, args.persons or args.size, args.seed, args.out, args.force)
    print(data.folder)
    print(json.dumps(data.manifest, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
