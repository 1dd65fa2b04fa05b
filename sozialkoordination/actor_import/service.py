"""Import of partners' actor lists: clean rows, find duplicates, import all-or-nothing as an undoable batch."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sozialkoordination.actor_import import offer_rules, rules
from sozialkoordination.actors import dto as actor_fields
from sozialkoordination.areas.service import AddressLookup, AreaService
from sozialkoordination.consents.service import imported_consent_source
from sozialkoordination.core.enums import ActorKind, AuditAction, ConsentPurpose, ImportChangeAction
from sozialkoordination.core.errors import ValidationError
from sozialkoordination.core.normalize import (
    clean,
    fold,
    is_valid_phone,
    is_valid_url,
    legal_form_free,
    person_key,
    postcode_question,
    sort_key,
)
from sozialkoordination.core.progress import Progress, check
from sozialkoordination.db import writes
from sozialkoordination.db.writes import organisation_search_text, person_search_text, person_sort_key
from sozialkoordination.documents.tables import Column, write_table
from sozialkoordination.import_journal.service import (
    ACTOR_IMPORTS,
    BatchInfo,
    ChangedRecord,
    ChangedSinceImport,
    ImportFailed,
    batch_history,
    file_checksum,
    id_runs,
    undoable_batch,
)
from sozialkoordination.models import (
    Affiliation,
    Angebot,
    AuditEntry,
    ColumnMapping,
    Consent,
    ImportBatch,
    ImportChange,
    Organisation,
    Person,
    Theme,
)
from sozialkoordination.models.actor import organisation_theme, person_theme
from sozialkoordination.models.base import new_uuid, new_uuids, utcnow
from sozialkoordination.models.offer import angebot_theme
from sozialkoordination.offers.service import KINDS, PHASE_LABELS, REACHES, areas_of_place
from sozialkoordination.spreadsheet.cells import cell_text, header_key

if TYPE_CHECKING:
    from sozialkoordination.spreadsheet.reader import CsvOptions, FileInfo, SheetData

log = logging.getLogger(__name__)

MERGE, CREATE, SKIP = "merge", "create", "skip"
DECISIONS = {MERGE: "zusammenführen", CREATE: "trotzdem neu anlegen", SKIP: "überspringen"}
ORG, PERSON = ActorKind.ORGANISATION, ActorKind.PERSON
OFFER = "angebot"  # the journal's entity of an offer (Angebot) a row of the list names
# What an existing offer of the same organisation and name gets from the list: its empty fields, as a merge fills
# an organisation's; what it says already stays.
OFFER_FILL_FIELDS = ("description", "target_groups", "cost", "language", "accessibility", "starts_on", "ends_on")
# What undo does with records changed after the import: refuse and say which (ASK), remove or reset them anyway
# (UNDO_ALL), or leave them as they are and undo the rest (UNDO_KEEP_CHANGED).
UNDO_ASK, UNDO_ALL, UNDO_KEEP_CHANGED = "ask", "all", "keep"

# Lines under the data that are notes, not records ("Stand: März 2026", "Summe: 42").
_NOTE_LINE = re.compile(r"^\s*(stand|summe|gesamt|anzahl|hinweis|quelle|erstellt|letzte aktualisierung|\*)", re.I)
_THEME_SPLIT = re.compile(r"\s*[,;/|]\s*")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_FUZZY_ORG = 90  # rapidfuzz ratio from which two organisation names in the same place count as the same
_FUZZY_PERSON = 92
_NO_NAME = rules.PersonName(None, None, None, None)

ORG_FIELDS = actor_fields.plain_columns(actor_fields.ORGANISATION_FIELDS)  # what an import fills in
PERSON_FIELDS = actor_fields.plain_columns(actor_fields.PERSON_FIELDS)
FIELD_LABELS = {
    "name": "Name",
    "org_type": "Art",
    "street": "Straße",
    "house_number": "Hausnummer",
    "postcode": "PLZ",
    "city": "Ort",
    "phone": "Telefon",
    "mobile": "Mobil",
    "email": "E-Mail",
    "website": "Website",
    "notes": "Bemerkungen",
    "salutation": "Anrede",
    "title": "Titel",
    "first_name": "Vorname",
    "last_name": "Nachname",
    "function": "Funktion",
    "sozialraum_id": "Sozialraum",
    "latitude": "Breitengrad",
    "longitude": "Längengrad",
}


# -- what the pipeline hands around -------------------------------------------------------------
@dataclass
class OrgRecord:
    name: str
    org_type: str | None = None
    street: str | None = None
    house_number: str | None = None
    postcode: str | None = None
    city: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    notes: str | None = None
    sozialraum_id: int | None = None
    themes: list[str] = field(default_factory=list)
    traeger: str | None = None
    latitude: float | None = None  # WGS84 degrees
    longitude: float | None = None


@dataclass
class PersonRecord:
    last_name: str
    first_name: str | None = None
    salutation: str | None = None
    title: str | None = None
    function: str | None = None
    phone: str | None = None
    mobile: str | None = None
    email: str | None = None
    street: str | None = None  # a person's own address: only for rows without an organisation
    house_number: str | None = None
    postcode: str | None = None
    city: str | None = None
    notes: str | None = None
    sozialraum_id: int | None = None
    themes: list[str] = field(default_factory=list)
    consent: bool = False  # the list says the person agreed to invitations (column "Einwilligung")
    consent_on: date | None = None


@dataclass
class OfferRecord:
    """An offer (Angebot) of the row's organisation, read from the offer columns (offer_rules.py)."""

    name: str
    life_phases: list[str]  # codes of offers/service.py LIFE_PHASES, never empty
    kind: str = "Sonstiges"
    target_groups: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    description: str | None = None
    cost: str | None = None
    language: str | None = None
    accessibility: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    reach: str = "Sozialraum"
    contact: str | None = None
    at_organisation: bool = True  # else the place below (the list names another address for the offer)
    place_street: str | None = None
    place_postcode: str | None = None
    place_city: str | None = None

    def values(self) -> dict:
        """The columns of the angebot table this record fills (organisation and areas are added when written)."""
        return {
            "name": self.name,
            "kind": self.kind,
            "description": self.description,
            "target_groups": ", ".join(self.target_groups) or None,
            "life_phases": ", ".join(self.life_phases),
            "at_organisation": self.at_organisation,
            "place_street": self.place_street,
            "place_postcode": self.place_postcode,
            "place_city": self.place_city,
            "reach": self.reach,
            "cost": self.cost,
            "language": self.language,
            "accessibility": self.accessibility,
            "starts_on": self.starts_on,
            "ends_on": self.ends_on,
            "contact": self.contact,
        }


@dataclass
class ParsedRow:
    index: int  # position in ImportPlan.rows
    line: int  # row number in the file (1-based, as Excel shows it)
    cells: list[str | None]
    organisation: OrgRecord | None = None
    person: PersonRecord | None = None
    offers: list[OfferRecord] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ignored: str | None = None  # why the line is not a record (hidden, note line)

    @property
    def importable(self) -> bool:
        return self.ignored is None and not self.errors


@dataclass(frozen=True)
class FieldDiff:
    key: str
    label: str
    existing: str | None
    new: str | None

    @property
    def conflict(self) -> bool:
        return bool(self.existing) and bool(self.new) and self.existing != self.new


@dataclass
class Duplicate:
    row: int  # ParsedRow.index
    kind: str  # ORG or PERSON
    label: str
    reason: str
    existing_id: int | None = None  # a record in the database …
    earlier_row: int | None = None  # … or an earlier row of the same file
    also_rows: list[int] = field(default_factory=list)  # later rows of the same organisation follow the decision
    existing: object = field(default=None, repr=False)  # the record found (database row or record of the file)
    new: object = field(default=None, repr=False)  # the record of this row
    # Same name and postcode, but another street or village: perhaps the same facility, perhaps a second one of
    # the same name ("Kath. Kindergarten St. Marien" in Bilshausen and in Rhumspringe). Kept apart unless chosen.
    possible: bool = False

    @functools.cached_property
    def fields(self) -> list[FieldDiff]:
        """Both records field by field; worked out only when someone looks (30,000 duplicates in a big list)."""
        names = ORG_FIELDS if self.kind == ORG else PERSON_FIELDS
        return _diffs(self.existing, self.new, names)

    @property
    def key(self) -> tuple[int, str]:
        return (self.row, self.kind)


@dataclass(frozen=True)
class Decision:
    action: str  # MERGE, CREATE or SKIP
    overwrite: frozenset[str] = frozenset()  # with MERGE: fields whose differing value replaces the old one


@dataclass
class ImportPlan:
    file_name: str
    checksum: str
    source: str | None
    headers: list[str | None]
    mapping: list[str | None]
    rows: list[ParsedRow]
    duplicates: list[Duplicate]
    earlier_imports: list[str]  # "am 03.03.2026 (Batch 4)" when the same file was imported before
    # Row index → the first row naming the same facility (same name, place and street): one organisation for both.
    same_organisation: dict[int, int] = field(default_factory=dict)
    # Columns with content that no field takes, by header ("Spalte 3" without one); kept in the notes if asked.
    unassigned: list[str] = field(default_factory=list)
    keep_unassigned: bool = True

    @property
    def importable_rows(self) -> list[ParsedRow]:
        return [r for r in self.rows if r.importable]

    @property
    def rejected_rows(self) -> list[ParsedRow]:
        return [r for r in self.rows if r.ignored is None and r.errors]

    @property
    def ignored_rows(self) -> list[ParsedRow]:
        return [r for r in self.rows if r.ignored is not None]

    @property
    def warning_count(self) -> int:
        return sum(1 for r in self.importable_rows if r.warnings)

    def expected_merges(self, decisions: dict[tuple[int, str], Decision], default: Decision) -> tuple[int, int]:
        """(rows merged into records that exist already, rows merged into a record of an earlier row of the file)
        if the import runs with these decisions: the numbers its result will report."""
        questions: dict[tuple[int, str], Duplicate] = {}
        for d in self.duplicates:
            for index in (d.row, *d.also_rows):
                questions[(index, d.kind)] = d
        in_database: dict[int, bool] = {}  # row index → its organisation is (merged into) a record in the database
        person_target: dict[int, str | None] = {}  # row index → "db", "new" or None (skipped)
        existing: set[int] = set()
        in_file: set[int] = set()
        for row in self.importable_rows:
            i = row.index
            if row.organisation:
                d = questions.get((i, ORG))
                action = decision_for(d, decisions, default).action if d else None
                first = self.same_organisation.get(i)
                if action == MERGE:
                    target_in_db = d.existing_id is not None or in_database.get(d.earlier_row, False)
                    (existing if target_in_db else in_file).add(i)
                    in_database[i] = target_in_db
                elif action == SKIP:
                    in_database[i] = d.existing_id is not None or in_database.get(d.earlier_row, False)
                elif first is not None and (d is None or d.row != i):
                    in_database[i] = in_database.get(first, False)
                    if row.person is None:
                        (existing if in_database[i] else in_file).add(i)
                else:
                    in_database[i] = False
            if row.person:
                d = questions.get((i, PERSON))
                action = decision_for(d, decisions, default).action if d else CREATE
                if action == MERGE:
                    target = "db" if d.existing_id is not None else person_target.get(d.earlier_row)
                    if target is not None:
                        (existing if target == "db" else in_file).add(i)
                    person_target[i] = target
                else:
                    person_target[i] = "new" if action == CREATE else None
        return len(existing), len(in_file - existing)


@dataclass(frozen=True)
class ImportResult:
    batch_id: int | None  # None for a dry run
    created_organisations: int
    created_persons: int
    merged: int  # rows whose organisation or person went into a record that existed before this import
    skipped: int
    rejected: int
    merged_in_file: int = 0  # rows that went into the record of an earlier row of the same file
    possible_duplicates: tuple[str, ...] = ()  # pairs kept apart without a decision, for the command line
    created_traeger: int = 0  # of created_organisations: Träger named in a column and not known before
    created_offers: int = 0
    changed_offers: int = 0  # offers of the same organisation and name that existed and got empty fields filled
    skipped_offers: int = 0  # rows naming an offer that exists, of an organisation the user chose to skip

    @property
    def created(self) -> int:
        return self.created_organisations + self.created_persons

    def summary(self) -> str:
        in_file = (
            f"{_rows(self.merged_in_file)} mit gleichen Einträgen der Datei zusammengeführt, "
            if self.merged_in_file
            else ""
        )
        # the offers count among the new records, as in the import history ("10 neu": 6 actors and 4 offers)
        offers = f", {self.created_offers} Angebote" if self.created_offers else ""
        return (
            f"{self.created + self.created_offers} neu angelegt ({self.created_organisations} Organisationen, "
            f"{self.created_persons} Personen{offers}), {_rows(self.merged)} mit vorhandenen Einträgen "
            f"zusammengeführt, {in_file}{self.skipped} übersprungen, {self.rejected} abgelehnt."
            f"{offers_text(self, created_said=True)}"
        )


@dataclass(frozen=True)
class PlanCounts:
    """What an import with given decisions will create, worked out by the import's own code without writing."""

    organisations: int  # Träger included
    traeger: int
    persons: int
    offers: int = 0
    changed_offers: int = 0
    skipped_offers: int = 0

    def text(self) -> str:
        traeger = f" (davon {self.traeger} Träger)" if self.traeger else ""
        return (
            f"Neu angelegt werden {self.organisations} Organisationen{traeger} und {self.persons} Personen."
            f"{offers_text(self, future=True)}"
        )


def offers_text(counts: ImportResult | PlanCounts, future: bool = False, created_said: bool = False) -> str:
    """ " Angebote: 4 neu, 1 ergänzt." – nothing for a list without offers (created_said: the new ones were
    counted already)."""
    created = counts.created_offers if isinstance(counts, ImportResult) else counts.offers
    changed, skipped = counts.changed_offers, counts.skipped_offers
    if not ((created and not created_said) or changed or skipped):
        return ""
    parts = [] if created_said else [f"{created} neu" + (" angelegt" if future else "")]
    if changed:
        parts.append(f"{changed} vorhandene ergänzt")
    if skipped:
        parts.append(f"{skipped} vorhandene übersprungen")
    return " Angebote: " + ", ".join(parts) + "."


NO_HEADER = -1  # header_row of a list without a header: every row is data


def column_label(headers: list[str | None], column: int) -> str:
    """A column as the coordinator sees it: its header, or "Spalte 3" when it has none."""
    header = headers[column] if column < len(headers) else None
    return header or f"Spalte {column + 1}"


@dataclass(frozen=True)
class MergeInfo:
    """One record that rows of an import were merged into, as the import journal keeps it."""

    entity: str  # ORG or PERSON
    record_id: int
    label: str  # the record's name now, "(gelöscht)" once it is gone
    lines: list[int]  # the rows of the file, numbered as Excel shows them
    in_file: bool  # the record was created by an earlier row of the same file


def decision_for(d: Duplicate, decisions: dict[tuple[int, str], Decision], default: Decision) -> Decision:
    """The decision for one duplicate: the user's, else for a possible duplicate "keep both", else the default."""
    chosen = decisions.get(d.key)
    if chosen is not None:
        return chosen
    return Decision(CREATE) if d.possible else default


class ActorImportService:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        areas: AreaService,
        organisation_types: Callable[[], list[str]],
        before_import: Callable[[], object] | None = None,
    ):
        self._sf = session_factory
        self._areas = areas
        self._organisation_types = organisation_types
        self._before_import = before_import or (lambda: None)  # the app makes a backup there

    # -- reading -------------------------------------------------------------------------------
    # The readers (and their XML libraries) are imported when a file is read, not when the window starts.
    def inspect(self, path: Path, csv_options: CsvOptions | None = None) -> FileInfo:
        from sozialkoordination.spreadsheet import reader as spreadsheet

        return spreadsheet.inspect_file(path, csv_options)

    def read(
        self,
        path: Path,
        sheet: str | None = None,
        csv_options: CsvOptions | None = None,
        progress: Progress | None = None,
    ) -> SheetData:
        from sozialkoordination.spreadsheet import reader as spreadsheet

        return spreadsheet.read_sheet(path, sheet, csv_options, progress)

    def detect_header(self, data: SheetData) -> int:
        """The header row; NO_HEADER for a list without one whose content shows the names of the actors."""
        row = rules.detect_header_row(data.rows)
        if row is None and any(g.field in _NAME_FIELDS for g in rules.guess_columns([], data.rows)):
            return NO_HEADER
        if row is None:
            raise ImportFailed(
                "In der Tabelle ist keine Kopfzeile zu erkennen (z. B. „Einrichtung“, „Name“, „E-Mail“). "
                "Bitte wählen Sie die Zeile mit den Spaltenüberschriften selbst aus."
            )
        return row

    # -- mappings ------------------------------------------------------------------------------
    def mapping_names(self) -> list[str]:
        with self._sf() as s:
            return sorted(s.scalars(select(ColumnMapping.name).where(ColumnMapping.kind == "actors")), key=fold)

    def suggest_mapping(self, headers: list[object], saved_name: str | None = None) -> list[str | None]:
        """The saved mapping of this partner if there is one (matched by header text), else a suggestion."""
        suggestion = rules.suggest_mapping(headers)
        saved = self._saved_mapping(saved_name) if saved_name else None
        if not saved:
            return suggestion
        keys = [header_key(h) for h in headers]
        result = [saved.get(k, s) if k in saved else s for k, s in zip(keys, suggestion, strict=True)]
        return _unique_fields(result)

    def propose(self, data: SheetData, header_row: int, saved_name: str | None = None) -> list[rules.ColumnGuess]:
        """Per column its field with how sure and why: the saved mapping of this partner, the header or the content
        of the first rows (NO_HEADER: content only)."""
        headers = list(data.rows[header_row]) if header_row >= 0 else []
        guesses = rules.guess_columns(headers, data.rows[header_row + 1 : header_row + 1 + rules.SAMPLE_ROWS])
        saved = self._saved_mapping(saved_name) if saved_name and headers else None
        if saved:
            keys = [header_key(h) for h in headers] + [""] * (len(guesses) - len(headers))
            fields = _unique_fields(
                [saved.get(k) if k in saved else g.field for k, g in zip(keys, guesses, strict=True)]
            )
            guesses = [
                rules.ColumnGuess(f, 1.0, f"gespeicherte Zuordnung „{saved_name}“")
                if keys[c] in saved
                else g
                if g.field == f
                else rules.ColumnGuess(f)
                for c, (f, g) in enumerate(zip(fields, guesses, strict=True))
            ]
        return guesses

    def _saved_mapping(self, name: str) -> dict[str, str | None] | None:
        with self._sf() as s:
            row = s.scalar(select(ColumnMapping).where(ColumnMapping.name == name, ColumnMapping.kind == "actors"))
            return dict(row.mapping) if row else None

    def save_mapping(self, name: str, headers: list[object], mapping: list[str | None]) -> None:
        name = clean(name) or ""
        if not name:
            raise ValidationError({"mapping": "Bitte geben Sie einen Namen für die Zuordnung an (z. B. den Partner)."})
        stored = {header_key(h): m for h, m in zip(headers, mapping, strict=True) if header_key(h)}
        with self._sf.begin() as s:
            row = s.scalar(select(ColumnMapping).where(ColumnMapping.name == name, ColumnMapping.kind == "actors"))
            if row is None:
                s.add(ColumnMapping(name=name, kind="actors", mapping=stored))
            else:
                row.mapping = stored

    # -- preparing -----------------------------------------------------------------------------
    def prepare(
        self,
        path: Path,
        data: SheetData,
        header_row: int,
        mapping: list[str | None],
        source: str | None = None,
        include_hidden: bool = False,
        progress: Progress | None = None,
        keep_unassigned: bool = True,
    ) -> ImportPlan:
        """Clean every row and find duplicates; nothing is written. Cells of columns without a field go into the
        notes as "Header: value" unless keep_unassigned is off; header_row NO_HEADER: every row is data."""
        if not NO_HEADER <= header_row < len(data.rows):
            raise ValidationError({"header": "Die gewählte Kopfzeile liegt außerhalb der Tabelle."})
        mapping = list(mapping)
        headers = [cell_text(v) for v in data.rows[header_row]] if header_row >= 0 else []
        width = max(len(headers), max((len(r) for r in data.rows[header_row + 1 :]), default=0))
        headers += [None] * (width - len(headers))
        mapping += [None] * (width - len(mapping))
        if not any(m in ("organisation", "last_name", "full_name") for m in mapping):
            raise ValidationError(
                {
                    "mapping": (
                        "Bitte ordnen Sie mindestens eine Spalte „Organisation / Einrichtung“, „Nachname“ oder "
                        "„Name (vollständig)“ zu – sonst kann kein Akteur angelegt werden."
                    )
                }
            )
        types = {fold(t): t for t in self._organisation_types()}
        parser = _RowParser(mapping, self._areas.address_lookup(), types, headers, keep_unassigned)
        unassigned = [c for c, m in enumerate(mapping) if m is None]
        filled_unassigned: set[int] = set()
        body = data.rows[header_row + 1 :]
        last_record = next(
            (i for i in range(len(body) - 1, -1, -1) if sum(v not in (None, "") for v in body[i]) >= 2), -1
        )
        rows: list[ParsedRow] = []
        for i, raw in enumerate(body):
            if i % 1000 == 0:
                check(progress, i, len(body), f"Zeile {i} von {len(body)} wird geprüft …")
            cells = [cell_text(v) for v in raw] + [None] * (width - len(raw))
            if not any(cells):
                continue
            if unassigned and any(cells[c] is not None for c in unassigned):  # looked at until each is seen filled
                filled_unassigned.update(c for c in unassigned if cells[c] is not None)
                unassigned = [c for c in unassigned if c not in filled_unassigned]
            row = ParsedRow(index=len(rows), line=header_row + i + 2, cells=cells)
            rows.append(row)
            if header_row + 1 + i in data.hidden_rows and not include_hidden:
                row.ignored = "in der Datei ausgeblendete Zeile"
                continue
            filled = [c for c in cells if c]
            if len(filled) == 1 and (i > last_record or _NOTE_LINE.match(filled[0])):
                row.ignored = "Hinweis- oder Summenzeile"
                continue
            parser.parse(row, raw)
        plan = ImportPlan(
            file_name=Path(path).name,
            checksum=file_checksum(Path(path)),
            source=clean(source),
            headers=headers,
            mapping=mapping,
            rows=rows,
            duplicates=[],
            earlier_imports=[],
            unassigned=[column_label(headers, c) for c in sorted(filled_unassigned)],
            keep_unassigned=keep_unassigned,
        )
        check(progress, len(body), len(body), "Dubletten werden gesucht …")
        plan.duplicates = self._find_duplicates(plan)
        plan.earlier_imports = self._earlier_imports(plan.checksum)
        return plan

    # -- duplicates ----------------------------------------------------------------------------
    def _find_duplicates(self, plan: ImportPlan) -> list[Duplicate]:
        # Only the columns the matching looks at, without the ORM's row processing; the full records of the few
        # matches are read afterwards (loading every field of 100,000 persons took a third of a second).
        org, person = Organisation.__table__.c, Person.__table__.c
        with self._sf() as s:
            connection = s.connection()
            orgs = connection.execute(
                select(org.id, org.name, org.street, org.postcode, org.city).order_by(org.id)
            ).all()
            persons = connection.execute(
                select(
                    *[person[c] for c in ("id", "title", "first_name", "last_name", "email", "postcode", "city")]
                ).order_by(person.id)
            ).all()
            affiliations = connection.execute(select(Affiliation.person_id, Affiliation.organisation_id)).all()
        org_by_key: dict[str, list] = {}
        # Typos are looked for only among organisations at the same place whose name starts with the same two
        # letters: comparing every row with every organisation of a town costs seconds per 1,000 rows.
        org_blocks: dict[tuple[str, str], tuple[list[str], list]] = {}
        for org in orgs:
            key = _org_key(org.name)
            org_by_key.setdefault(key, []).append(org)
            keys, members = org_blocks.setdefault((_place_key(org.postcode, org.city), key[:2]), ([], []))
            keys.append(key)
            members.append(org)
        works_for: dict[int, set[int]] = {}
        for person_id, org_id in affiliations:
            works_for.setdefault(person_id, set()).add(org_id)
        people_by_org: dict[int, list] = {}
        for p in persons:
            for org_id in works_for.get(p.id, ()):
                people_by_org.setdefault(org_id, []).append(p)
        person_by_email = {p.email.lower(): p for p in persons if p.email}
        person_by_name: dict[str, list] = {}
        for p in persons:
            person_by_name.setdefault(_person_key(p.first_name, p.last_name), []).append(p)

        duplicates: list[Duplicate] = []
        seen_people: dict[tuple[str, str], int] = {}
        # The facilities of the file by name and place; within one such group a row is the same facility as an
        # earlier row when street and village agree (or one of them is not given), else a possible duplicate.
        groups: dict[str, list[_Facility]] = {}
        for row in plan.importable_rows:
            org_match = None
            facility = None
            if row.organisation:
                o = row.organisation
                street, city = _street_key(o.street), _city_key(o.city)
                group = groups.setdefault(_org_key(o.name) + "|" + _place_key(o.postcode, o.city), [])
                facility = next((f for f in group if f.agrees(street, city)), None)
                if facility is not None:
                    facility.fill(street, city)
                    plan.same_organisation[row.index] = facility.first_row
                    if facility.question is not None:  # one question per organisation, not per row
                        facility.question.also_rows.append(row.index)
                    org_match = facility.org_match
                else:
                    question, org_match = self._organisation_question(plan, row, group, org_by_key, org_blocks)
                    if question is not None:
                        duplicates.append(question)
                    facility = _Facility(row.index, street, city, question, org_match)
                    group.append(facility)
            if row.person:
                p = row.person
                key = _person_key(p.first_name, p.last_name)
                # Persons without an organisation are told apart by their place (two Thomas Müller in two villages),
                # the others by their facility (two Maria Schmidt in two Kitas of the same name).
                org_key = f"#{facility.first_row}" if facility else "@" + _place_key(p.postcode, p.city)
                earlier = seen_people.get((key, org_key))
                if earlier is None and p.email:
                    earlier = seen_people.get(("@", p.email.lower()))
                if earlier is not None:
                    duplicates.append(
                        Duplicate(
                            row=row.index,
                            kind=PERSON,
                            label=_person_label(p),
                            earlier_row=earlier,
                            reason=f"steht schon in Zeile {plan.rows[earlier].line} dieser Datei",
                            existing=plan.rows[earlier].person,
                            new=p,
                        )
                    )
                else:
                    match = self._match_person(
                        p,
                        key,
                        org_match,
                        person_by_email,
                        person_by_name,
                        works_for,
                        people_by_org,
                        standalone=row.organisation is None,
                    )
                    if match is not None:
                        existing, reason = match
                        duplicates.append(
                            Duplicate(
                                row=row.index,
                                kind=PERSON,
                                label=_person_label(existing),
                                reason=reason,
                                existing_id=existing.id,
                                existing=existing,
                                new=p,
                            )
                        )
                seen_people.setdefault((key, org_key), row.index)
                if p.email:
                    seen_people.setdefault(("@", p.email.lower()), row.index)
        self._read_matched_records(duplicates)
        return duplicates

    def _read_matched_records(self, duplicates: list[Duplicate]) -> None:
        """Every field of the records in the database that rows were matched with, for the side-by-side view."""
        found: dict[str, dict[int, object]] = {ORG: {}, PERSON: {}}
        for d in duplicates:
            if d.existing_id is not None:
                found[d.kind][d.existing_id] = None
        with self._sf() as s:
            connection = s.connection()
            for kind, model, fields in ((ORG, Organisation, ORG_FIELDS), (PERSON, Person, PERSON_FIELDS)):
                table = model.__table__
                ids = sorted(found[kind])
                for start in range(0, len(ids), 5000):
                    statement = select(table.c.id, *[table.c[f] for f in fields]).where(
                        table.c.id.in_(ids[start : start + 5000])
                    )
                    found[kind].update((record.id, record) for record in connection.execute(statement).all())
        for d in duplicates:
            if d.existing_id is not None:
                d.existing = found[d.kind][d.existing_id]

    def _organisation_question(self, plan: ImportPlan, row: ParsedRow, group: list[_Facility], by_key, blocks):
        """(the duplicate to ask about or None, the certain match in the database or None) for the first row of a
        facility. A certain match in the database comes first, then an earlier facility of the file with the same
        name and place, then a possible match in the database."""
        o = row.organisation
        match = self._match_organisation(o, by_key, blocks)
        if match is not None and (not match[2] or not group):
            existing, reason, possible = match
            question = Duplicate(
                row=row.index,
                kind=ORG,
                label=existing.name,
                reason=reason,
                existing_id=existing.id,
                existing=existing,
                new=o,
                possible=possible,
            )
            return question, None if possible else match
        if group:
            earlier = plan.rows[group[0].first_row]
            reason = f"gleicher Name wie in Zeile {earlier.line}, aber {_differences(earlier.organisation, o)}"
            question = Duplicate(
                row=row.index,
                kind=ORG,
                label=o.name,
                reason=reason,
                earlier_row=earlier.index,
                existing=earlier.organisation,
                new=o,
                possible=True,
            )
            return question, None
        return None, None

    @staticmethod
    def _match_organisation(org: OrgRecord, by_key, blocks):
        """(record, reason, possible) of the organisation in the database this one is, or may be; or None."""
        key = _org_key(org.name)
        place = _place_key(org.postcode, org.city)
        first = None  # the first record of the same name and place, if none is certainly the same facility
        for candidate in by_key.get(key, ()):
            if place and _place_key(candidate.postcode, candidate.city) not in ("", place):
                continue
            if _same_facility(org, candidate):
                return candidate, "gleicher Name" + (" am selben Ort" if place else ""), False
            first = first or candidate
        if first is not None:
            same = "gleicher Name und gleiche PLZ" if org.postcode and first.postcode else "gleicher Name"
            return first, f"{same}, aber {_differences(first, org)}", True
        if not place:
            return None
        keys, members = blocks.get((place, key[:2]), ((), ()))
        best = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=_FUZZY_ORG) if keys else None
        if best is None:
            return None
        candidate = members[best[2]]
        reason = f"ähnlicher Name am selben Ort ({round(best[1])} % Übereinstimmung)"
        if _same_facility(org, candidate):
            return candidate, reason, False
        return candidate, f"{reason}, aber {_differences(candidate, org)}", True

    @staticmethod
    def _match_person(p: PersonRecord, key, org_match, by_email, by_name, works_for, people_by_org, standalone: bool):
        if p.email and p.email.lower() in by_email:
            return by_email[p.email.lower()], "gleiche E-Mail-Adresse"
        org_id = org_match[0].id if org_match else None
        for candidate in by_name.get(key, []):
            if org_id is not None and org_id in works_for.get(candidate.id, set()):
                return candidate, "gleicher Name in derselben Organisation"
            # A name alone is weak evidence: only for persons without any organisation on both sides (e.g. a
            # list of Ortsbürgermeister*innen), and only where the place, if known on both sides, agrees.
            # A contact of an organisation new to the database is most likely a new person.
            if standalone and not works_for.get(candidate.id) and not p.email and _same_place(p, candidate):
                return candidate, "gleicher Name, keine Organisation"
        if org_id is not None and key:
            colleagues = people_by_org.get(org_id, [])
            names = [_person_key(c.first_name, c.last_name) for c in colleagues]
            best = process.extractOne(key, names, scorer=fuzz.ratio, score_cutoff=_FUZZY_PERSON) if names else None
            if best is not None:
                return colleagues[best[2]], f"ähnlicher Name in derselben Organisation ({round(best[1])} %)"
        return None

    def _earlier_imports(self, checksum: str) -> list[str]:
        with self._sf() as s:
            batches = s.execute(
                select(ImportBatch.id, ImportBatch.created_at)
                .where(ImportBatch.checksum == checksum, ImportBatch.undone_at.is_(None))
                .order_by(ImportBatch.id)
            ).all()
        return [f"am {b.created_at:%d.%m.%Y} (Import {b.id})" for b in batches]

    # -- importing -----------------------------------------------------------------------------
    def run(
        self,
        plan: ImportPlan,
        decisions: dict[tuple[int, str], Decision] | None = None,
        default: Decision = Decision(SKIP),
        user_name: str | None = None,
        progress: Progress | None = None,
        dry_run: bool = False,
    ) -> ImportResult:
        """Import in one transaction: a failure or Cancel leaves the database exactly as before.

        `default` decides the duplicates without a decision of their own; possible duplicates are kept apart.

        A dry run does the whole import and rolls it back, so its numbers are exactly those of a real run."""
        by_row = _decisions_by_row(plan, decisions or {}, default)
        rows = plan.importable_rows
        if not dry_run:
            self._before_import()
        with self._sf() as s, s.begin():
            writer = _BatchWriter(s, plan, user_name, progress)
            for i, row in enumerate(rows):
                if i % 500 == 0:
                    check(progress, i, len(rows), f"Zeile {i} von {len(rows)} wird importiert …")
                writer.add(row, by_row.get(row.index, {}))
            result = writer.finish()
            check(progress, len(rows), len(rows), "Import wird abgeschlossen …")
            if dry_run:
                s.rollback()
                return replace(result, batch_id=None)
        return result

    def count(
        self,
        plan: ImportPlan,
        decisions: dict[tuple[int, str], Decision] | None = None,
        default: Decision = Decision(SKIP),
    ) -> PlanCounts:
        """What run() with these decisions will create: the same code, in a read-only session, nothing written."""
        by_row = _decisions_by_row(plan, decisions or {}, default)
        with self._sf() as s:
            writer = _BatchWriter(s, plan, None, None, count_only=True)
            for row in plan.importable_rows:
                writer.add(row, by_row.get(row.index, {}))
            s.rollback()
        return PlanCounts(
            writer.created_orgs,
            writer.created_traeger,
            writer.created_persons,
            writer.created_offers,
            len(writer.changed_offers()),
            writer.skipped_offers,
        )

    def write_rejects(self, plan: ImportPlan, path: Path) -> int:
        """Rows that could not be imported, with the reason, for the partner to correct."""
        columns = [Column(h or f"Spalte {i + 1}", "text", 22) for i, h in enumerate(plan.headers)]
        columns += [Column("Zeile in der Datei", "int", 10), Column("Grund", "text", 60)]
        rows = [[*r.cells, r.line, "; ".join(r.errors)] for r in plan.rejected_rows]
        return write_table(path, columns, rows, total=len(rows), sheet_name="Nicht importiert")

    # -- history and undo ----------------------------------------------------------------------
    def history(self) -> list[BatchInfo]:
        with self._sf() as s:
            return batch_history(s, ACTOR_IMPORTS)

    def merges(self, batch_id: int) -> list[MergeInfo]:
        """The records rows of this import were merged into, with the rows, as the journal keeps them."""
        with self._sf() as s:
            entries = s.execute(
                select(ImportChange.entity, ImportChange.entity_id, ImportChange.action, ImportChange.before)
                .where(
                    ImportChange.batch_id == batch_id,
                    ImportChange.action.in_((ImportChangeAction.MERGED, ImportChangeAction.MERGED_IN_FILE)),
                )
                .order_by(ImportChange.id)
            ).all()
            by_record: dict[tuple[str, int], tuple[list[int], bool]] = {}
            for entity, record_id, action, before in entries:
                lines, _ = by_record.setdefault((entity, record_id), ([], action == ImportChangeAction.MERGED_IN_FILE))
                lines.extend(
                    (before or {}).get("rows", [])
                    if _journal_v2(before) or action == ImportChangeAction.MERGED_IN_FILE
                    else []
                )
            labels = _labels(s, {key for key in by_record})
        merges = [
            MergeInfo(entity, record_id, labels.get((entity, record_id), "(gelöscht)"), lines, in_file)
            for (entity, record_id), (lines, in_file) in by_record.items()
            if entity in (ORG, PERSON, OFFER)
        ]
        return sorted(merges, key=lambda m: (m.lines[:1] or [0], m.entity))

    def changed_since(self, batch_id: int) -> list[ChangedRecord]:
        """Records this import created or merged into that were edited after it (undo would delete or reset them)."""
        with self._sf() as s:
            _batch, changes = undoable_batch(s, batch_id, ACTOR_IMPORTS, "Einen Import")
            return _changed_records(s, changes)

    def undo(self, batch_id: int, changed: str = UNDO_ASK) -> str:
        """Remove what a batch created and restore what it merged, in one transaction.

        Records edited after the import are not deleted or reset silently: with UNDO_ASK their list comes back as
        ChangedSinceImport; UNDO_ALL undoes them as well, UNDO_KEEP_CHANGED leaves them as they are."""
        with self._sf.begin() as s:
            batch, changes = undoable_batch(s, batch_id, ACTOR_IMPORTS, "Einen Import")
            edited = _changed_records(s, changes)
            if edited and changed == UNDO_ASK:
                raise ChangedSinceImport(edited)
            kept = {(r.entity, r.record_id) for r in edited} if changed == UNDO_KEEP_CHANGED else set()
            models = {"organisation": Organisation, "person": Person, "affiliation": Affiliation, OFFER: Angebot}
            created: dict[str, list[tuple[int, int]]] = {}
            restored: set[tuple[str, int]] = set()
            for entity, first_id, last_id, action, before in changes:  # newest first: the oldest values win
                if action == ImportChangeAction.CREATED:
                    created.setdefault(entity, []).append((first_id, last_id or first_id))
                elif action == ImportChangeAction.MERGED and before is not None and (entity, first_id) not in kept:
                    fields = before["fields"] if _journal_v2(before) else before
                    if fields:
                        writes.update(s, models[entity].__table__, [{"id": first_id, **fields}])
                    restored.add((entity, first_id))
            # writes.update and writes.delete give persons who stay but get their old values back or lose an
            # affiliation their new search texts.
            kept_ids = {entity: sorted(i for e, i in kept if e == entity) for entity in models}
            removed = offers_removed = 0
            # Offers before their organisations: deleting an organisation first would clear their link, audited.
            for entity in ("affiliation", OFFER, "person", "organisation"):
                table = models[entity].__table__
                for first_id, last_id in created.get(entity, []):
                    where = table.c.id.between(first_id, last_id)
                    if entity == "affiliation" and kept:  # a kept record keeps the links the import gave it
                        where &= table.c.person_id.notin_(kept_ids["person"])
                        where &= table.c.organisation_id.notin_(kept_ids["organisation"])
                    elif kept_ids[entity]:
                        where &= table.c.id.notin_(kept_ids[entity])
                    summary = writes.Summary("import_batch", batch_id, f"Import {batch_id} rückgängig gemacht")
                    count = writes.delete(s, table, where, summary=summary)
                    if entity == OFFER:
                        offers_removed += count
                    elif entity != "affiliation":
                        removed += count
            batch.undone_at = utcnow()
        kept_text = f", {len(kept)} geänderte Einträge behalten" if kept else ""
        offers = f" und {offers_removed} Angebote" if offers_removed else ""
        return (
            f"Import {batch_id} rückgängig gemacht: {removed} Akteure{offers} entfernt, "
            f"{len(restored)} zusammengeführte Einträge wiederhergestellt{kept_text}."
        )


def _journal_v2(before: dict | None) -> bool:
    """Journals since issue 18 keep per merged record {"fields", "rows", "version"}; older ones only the fields."""
    return isinstance(before, dict) and "rows" in before and "fields" in before


def _labels(s: Session, records: set[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """Names of organisations, persons and offers, looked up in chunks."""
    labels: dict[tuple[str, int], str] = {}
    org, person, offer = Organisation.__table__.c, Person.__table__.c, Angebot.__table__.c
    for entity, columns in (
        (ORG, (org.id, org.name)),
        (PERSON, (person.id, person.first_name, person.last_name)),
        (OFFER, (offer.id, offer.name)),
    ):
        ids = sorted(i for e, i in records if e == entity)
        for start in range(0, len(ids), 5000):
            for row in s.execute(select(*columns).where(columns[0].in_(ids[start : start + 5000]))):
                labels[(entity, row[0])] = " ".join(x for x in row[1:] if x)
    return labels


def _changed_records(s: Session, changes) -> list[ChangedRecord]:
    """Created records with a version above the first, merged records above the version the import left."""
    found: list[ChangedRecord] = []
    runs: dict[str, list[tuple[int, int]]] = {ORG: [], PERSON: [], OFFER: []}
    versions: dict[str, dict[int, int]] = {ORG: {}, PERSON: {}, OFFER: {}}
    for entity, first_id, last_id, action, before in changes:
        if entity not in runs:
            continue
        if action == ImportChangeAction.CREATED:
            runs[entity].append((first_id, last_id or first_id))
        elif action == ImportChangeAction.MERGED and _journal_v2(before):
            versions[entity][first_id] = before["version"]
    for entity, model in ((ORG, Organisation), (PERSON, Person), (OFFER, Angebot)):
        table = model.__table__
        for first_id, last_id in runs[entity]:
            for (record_id,) in s.execute(
                select(table.c.id).where(table.c.id.between(first_id, last_id), table.c.version > 1)
            ):
                found.append(ChangedRecord(entity, record_id, "", True))
        ids = sorted(versions[entity])
        for start in range(0, len(ids), 5000):
            for record_id, version in s.execute(
                select(table.c.id, table.c.version).where(table.c.id.in_(ids[start : start + 5000]))
            ):
                if version > versions[entity][record_id]:
                    found.append(ChangedRecord(entity, record_id, "", False))
    labels = _labels(s, {(r.entity, r.record_id) for r in found})
    found = [replace(r, label=labels.get((r.entity, r.record_id), "")) for r in found]
    return sorted(found, key=lambda r: (fold(r.label), r.entity, r.record_id))


class _RowParser:
    """Turns the cells of one row into an OrgRecord and/or PersonRecord, with warnings and errors.

    Places, streets and Sozialraum look-ups repeat from row to row (an institution has several contacts, a village
    many institutions): those are worked out once per distinct value.
    """

    def __init__(
        self,
        mapping: list[str | None],
        lookup: AddressLookup,
        types: dict[str, str],
        headers: list[str | None] | None = None,
        keep_unassigned: bool = True,
    ):
        headers = headers or []
        self.mapped = [(col, key) for col, key in enumerate(mapping) if key is not None]
        # Columns no field takes: their cells go into the notes, "Header: value", so nothing is lost unseen.
        self.extras = (
            [(c, column_label(headers, c)) for c, m in enumerate(mapping) if m is None] if keep_unassigned else []
        )
        # "Vorsitzende(r)" over a name column is what the persons are.
        name_column = next((c for c, m in enumerate(mapping) if m == "full_name"), None)
        self.role = (
            rules.role_from_header(headers[name_column])
            if name_column is not None and name_column < len(headers)
            else None
        )
        self.lookup, self.types = lookup, types
        self.offer_columns = [(c, column_label(headers, c)) for c, key in self.mapped if key in rules.OFFER_FIELDS]
        self.life_phases = functools.lru_cache(maxsize=4096)(offer_rules.life_phases_from_text)
        self.phase_columns = {key for _c, key in self.mapped} & {"offer_life_phases", "offer_target_groups"}
        self.split_street = functools.lru_cache(maxsize=8192)(rules.split_street)
        self.split_postcode_city = functools.lru_cache(maxsize=8192)(rules.split_postcode_city)
        self.suggest = functools.lru_cache(maxsize=8192)(lookup.suggest)
        # Names repeat as well (a contact in several rows, common names), but far apart in the list: remembered for
        # the whole file. Splitting a name is the most expensive rule per row.
        self.split_person_name = functools.cache(rules.split_person_name)

    def parse(self, row: ParsedRow, raw: list[object]) -> None:
        """Fill row.organisation / row.person from the row's cells (already cleaned once: row.cells)."""
        values: dict[str, object] = {}  # the raw cell, where Excel's number matters (postcode, phone)
        text: dict[str, str] = {}
        cells = row.cells
        for col, key in self.mapped:
            if cells[col] is None:
                continue
            if key in text:  # two columns for one field: keep both texts
                text[key] = values[key] = f"{text[key]} {cells[col]}"
            else:
                text[key], values[key] = cells[col], raw[col]
        lookup, types = self.lookup, self.types
        notes: list[str] = [text["notes"]] if text.get("notes") else []
        if "fax" in values:
            notes.append(f"Fax: {rules.phone_from_cell(values['fax']) or text['fax']}")
        if "places" in text:
            notes.append(f"Plätze: {text['places']}")
        latitude, longitude = _coordinates(text.get("latitude"), text.get("longitude"))
        if (text.get("latitude") or text.get("longitude")) and latitude is None:
            row.warnings.append("Koordinaten ungültig – in die Bemerkungen übernommen.")
            notes.append(f"Koordinaten laut Liste: {text.get('latitude') or '–'}, {text.get('longitude') or '–'}")
        elif latitude is not None and not text.get("organisation"):
            notes.append(f"Koordinaten: {latitude}, {longitude}")  # a person's place is not kept as coordinates
        for col, label in self.extras:
            if cells[col] is not None:
                notes.append(f"{label}: {cells[col]}")

        # names
        name = self.split_person_name(text["full_name"]) if "full_name" in text else _NO_NAME
        salutation = (_salutation(text["salutation"]) if "salutation" in text else None) or name.salutation
        title = text.get("title") or name.title
        first = text.get("first_name") or name.first_name
        last = text.get("last_name") or name.last_name
        if text.get("salutation") and salutation is None:
            row.warnings.append(f"Anrede „{text['salutation']}“ unbekannt – nicht übernommen.")
            notes.append(f"Anrede laut Liste: {text['salutation']}")
        org_name = text.get("organisation")
        if not org_name and not last:
            row.errors.append(
                "Weder eine Einrichtung noch ein Nachname – die Zeile kann keinem Akteur zugeordnet werden."
            )
            return

        # address
        street, number = text.get("street"), text.get("house_number")
        if text.get("street_and_number"):
            street, number = self.split_street(text["street_and_number"])
        postcode = rules.postcode_from_cell(values["postcode"]) if "postcode" in values else None
        city = text.get("city")
        if text.get("postcode_and_city"):
            pc, pc_city = self.split_postcode_city(values["postcode_and_city"])
            postcode, city = postcode or pc, city or pc_city
        if postcode and not (postcode.isdigit() and len(postcode) == 5):
            if question := postcode_question(postcode):  # "3707": asked, not padded to "03707"
                row.warnings.append(f"{question} Nicht übernommen, in den Bemerkungen – bitte nach dem Import prüfen.")
                notes.append(f"PLZ laut Liste: {postcode} (nur vier Ziffern – bitte prüfen)")
            else:
                row.warnings.append(f"PLZ „{postcode}“ ist ungültig – nicht übernommen.")
                notes.append(f"PLZ laut Liste: {postcode}")
            postcode = None
        raum_id = None
        if text.get("sozialraum"):
            found = lookup.sozialraum_by_name(text["sozialraum"])
            if found:
                raum_id = found[0]
            else:
                row.warnings.append(f"Sozialraum „{text['sozialraum']}“ unbekannt – nach der Adresse zugeordnet.")
        if raum_id is None and (postcode or city):
            suggestion = self.suggest(postcode, city)
            raum_id = suggestion.sozialraum_id if suggestion else None

        # contact
        emails, bad_emails = rules.split_emails(text["email"]) if "email" in text else ([], [])
        for bad in bad_emails:
            row.warnings.append(f"E-Mail „{bad}“ ist ungültig – in die Bemerkungen übernommen.")
            notes.append(f"E-Mail laut Liste (ungültig): {bad}")
        if len(emails) > 1:
            notes.append("Weitere E-Mail: " + ", ".join(emails[1:]))
            row.warnings.append(
                f"{len(emails)} E-Mail-Adressen – die erste wird übernommen, die übrigen in die Bemerkungen."
            )
        phone = _phone(row, notes, "Telefon", values.get("phone"))
        mobile = _phone(row, notes, "Mobil", values.get("mobile"))
        website = text.get("website")
        if website and not is_valid_url(website):
            row.warnings.append(f"Website „{website}“ ist ungültig – in die Bemerkungen übernommen.")
            notes.append(f"Website laut Liste: {website}")
            website = None
        themes = [t for t in _THEME_SPLIT.split(text["themes"]) if t] if "themes" in text else []
        if self.offer_columns:
            row.offers = self._offers(row, text, values, org_name, notes)
        org_type = text.get("org_type")
        if org_type:
            org_type = types.get(fold(org_type), org_type)

        email = emails[0] if emails else None
        note_text = "\n".join(notes) or None
        if org_name:
            row.organisation = OrgRecord(
                name=org_name,
                org_type=org_type,
                street=street,
                house_number=number,
                postcode=postcode,
                city=city,
                sozialraum_id=raum_id,
                website=website,
                themes=themes,
                traeger=text.get("traeger"),
                latitude=latitude,
                longitude=longitude,
                phone=None if last else phone,
                email=None if last else email,
                notes=None if last else note_text,
            )
        if last:
            row.person = PersonRecord(
                last_name=last,
                first_name=first,
                salutation=salutation,
                title=title,
                function=text.get("function") or self.role,
                phone=phone,
                mobile=mobile,
                email=email,
                notes=note_text,
                sozialraum_id=raum_id,
                themes=[] if org_name else themes,
            )
            if not org_name:
                row.person.street, row.person.house_number = street, number
                row.person.postcode, row.person.city = postcode, city
            if "consent" in values:
                row.person.consent, row.person.consent_on = rules.consent_from_cell(values["consent"])
        elif first or salutation:
            row.warnings.append("Vorname ohne Nachnamen – es wird nur die Einrichtung übernommen.")

    def _offers(self, row: ParsedRow, text: dict, values: dict, org_name: str | None, notes: list[str]):
        """The offers the row names, with a warning (what is wrong, what to do) for each cell that cannot be read.
        An offer that cannot be created leaves its cells in the notes: nothing of the list is lost."""
        filled = [f"{label}: {row.cells[c]}" for c, label in self.offer_columns if row.cells[c] is not None]
        names = offer_rules.offer_names(text.get("offer_name"))
        if not names:
            notes.extend(filled)  # offer details without an offer name: kept with the organisation or person
            return []
        shown = "Angebot „" + "“, „".join(names) + "“"
        if not org_name:
            row.warnings.append(
                f"{shown} ohne Einrichtung – wird nicht angelegt, die Angaben stehen in den Bemerkungen. Bitte "
                "ordnen Sie die Spalte mit der Einrichtung zu oder legen Sie das Angebot unter „Angebote“ an."
            )
            notes.extend(filled)
            return []
        phase_cell = text.get("offer_life_phases")
        phases, unknown = self.life_phases(phase_cell) if phase_cell else ([], [])
        groups = offer_rules.target_groups_from_text(text.get("offer_target_groups"))
        if not phases and text.get("offer_target_groups"):  # "Eltern", "Senioren": the group says the phase
            phases = self.life_phases(text["offer_target_groups"])[0]
        if not phases and not self.phase_columns:
            row.warnings.append(
                f"{shown}: keine Spalte mit Lebensphase oder Zielgruppe zugeordnet – wird nicht angelegt, die "
                "Angaben stehen in den Bemerkungen. Bitte ordnen Sie im Schritt „Spalten“ die Spalte mit dem Alter "
                "oder der Lebensphase „Angebot: Lebensphasen“ zu."
            )
            notes.extend(filled)
            return []
        if not phases:
            what = f"Lebensphase „{phase_cell}“ nicht erkannt" if phase_cell else "keine Lebensphase angegeben"
            row.warnings.append(
                f"{shown}: {what} – wird nicht angelegt, die Angaben stehen in den Bemerkungen. Bitte tragen Sie "
                "eine Lebensphase oder ein Alter ein (z. B. „0–3 Jahre“, „Kita-Alter“, „Eltern“, „Senioren“) und "
                "importieren Sie die Liste erneut, oder legen Sie das Angebot unter „Angebote“ an."
            )
            notes.extend(filled)
            return []
        if unknown:
            taken = ", ".join(PHASE_LABELS[p] for p in phases)
            row.warnings.append(
                f"{shown}: Lebensphase „{', '.join(unknown)}“ nicht erkannt – übernommen: {taken}. Bitte prüfen Sie "
                "das Angebot nach dem Import."
            )
        description = [text["offer_description"]] if text.get("offer_description") else []
        kind_cell = text.get("offer_kind")
        kind, exact = offer_rules.kind_from_text(kind_cell) if kind_cell else (None, True)
        if kind_cell and kind is None:
            row.warnings.append(
                f"{shown}: Art „{kind_cell}“ gibt es im Programm nicht – als „Sonstiges“ übernommen, die Angabe steht "
                f"in der Beschreibung (möglich: {', '.join(KINDS)})."
            )
        if kind_cell and not exact:
            description.append(f"Art laut Liste: {kind_cell}")
        period = offer_rules.period_from_cells(
            values.get("offer_period"), values.get("offer_starts_on"), values.get("offer_ends_on")
        )
        if period.problems:
            row.warnings.append(
                f"{shown}: {'; '.join(period.problems)} – nicht übernommen, die Angabe steht in der Beschreibung. "
                "Bitte geben Sie Daten als TT.MM.JJJJ an."
            )
            given = [text[k] for k in ("offer_period", "offer_starts_on", "offer_ends_on") if text.get(k)]
            description.append("Zeitraum laut Liste: " + " / ".join(given))
        reach = "Sozialraum"
        if text.get("offer_reach"):
            reach = offer_rules.reach_from_text(text["offer_reach"]) or ""
            if not reach:
                row.warnings.append(
                    f"{shown}: Reichweite „{text['offer_reach']}“ unbekannt – „Sozialraum“ angenommen (möglich: "
                    f"{', '.join(REACHES)})."
                )
                reach = "Sozialraum"
        street = postcode = city = None
        if text.get("offer_place"):
            street, postcode, city = self._offer_place(row, shown, text["offer_place"])
        language = None
        if "offer_language" in text:
            language = ", ".join(p for p in _THEME_SPLIT.split(text["offer_language"]) if p)
        themes = [t for t in _THEME_SPLIT.split(text["offer_themes"]) if t] if "offer_themes" in text else []
        return [
            OfferRecord(
                name=name,
                life_phases=phases,
                kind=(kind if kind_cell else offer_rules.kind_from_text(name)[0]) or "Sonstiges",
                target_groups=groups,
                themes=themes,
                description="\n".join(description) or None,
                cost=offer_rules.cost_text(values.get("offer_cost")),
                language=language,
                accessibility=offer_rules.accessibility_text(values.get("offer_accessibility")),
                starts_on=period.starts_on,
                ends_on=period.ends_on,
                reach=reach,
                contact=text.get("offer_contact"),
                at_organisation=not (postcode or city),
                place_street=street if (postcode or city) else None,
                place_postcode=postcode,
                place_city=city,
            )
            for name in names
        ]

    def _offer_place(self, row: ParsedRow, shown: str, text: str) -> tuple[str | None, str | None, str | None]:
        """(street, postcode, city) of "Kirchstr. 3, 37115 Duderstadt", "37115 Duderstadt" or "Duderstadt"."""
        head, comma, tail = text.rpartition(",")
        street = head.strip() if comma else None
        postcode, city = self.split_postcode_city(tail.strip() if comma else text)
        if postcode and not (postcode.isdigit() and len(postcode) == 5):
            row.warnings.append(
                f"{shown}: PLZ „{postcode}“ des Angebotsorts ist ungültig – nur der Ort wird übernommen. Bitte prüfen "
                "Sie den Ort des Angebots nach dem Import."
            )
            postcode = None
        if not (postcode or city):
            row.warnings.append(
                f"{shown}: Ort „{text}“ nicht lesbar – das Angebot findet laut Import bei der Einrichtung statt. "
                "Bitte geben Sie den Ort als „Straße Nr., PLZ Ort“ an."
            )
            return None, None, None
        return street, postcode, city


class _BatchWriter:
    """Collects the rows of one import and writes them with bulk statements (ORM add_all is 7× slower)."""

    def __init__(
        self, s: Session, plan: ImportPlan, user_name: str | None, progress: Progress | None, count_only: bool = False
    ):
        """count_only: only add() is used, to count what an import would create; nothing is written."""
        self.s, self.plan, self.user, self.progress = s, plan, user_name, progress
        if user_name:
            s.info["user_name"] = user_name  # the audit entries db/writes.py and the ORM write name the importer
        self.now = utcnow()
        self.batch = ImportBatch(
            kind=ACTOR_IMPORTS,
            file_name=plan.file_name,
            checksum=plan.checksum,
            source=plan.source,
            user_name=user_name,
        )
        if not count_only:
            s.add(self.batch)
            s.flush()
        self.new_orgs: list[dict] = []
        self.org_ref: dict[str, int] = {}  # legal-form-free key → index in new_orgs (same org in several rows)
        self.new_persons: list[dict] = []
        self.new_consents: list[tuple[int, date | None]] = []  # (index in new_persons, given on)
        self.person_org: list[tuple[int, object]] = []  # (index in new_persons, org ref)
        self.person_ref: dict[int, tuple[str, int]] = {}  # row index → its person: ("new", index) or ("db", id)
        self.row_org: dict[int, tuple[str, int]] = {}  # row index → its organisation: ("new", index) or ("db", id)
        self.themes: dict[str, list[tuple[str, object]]] = {}
        # Every record rows were merged into, with the rows, for the journal: (entity, ref) → lines of the file.
        self.merged_lines: dict[tuple[str, tuple[str, int]], list[int]] = {}
        self.rows_merged: dict[int, bool] = {}  # row index → merged into a record that existed before (True)
        self.before: dict[tuple[str, int], dict] = {}  # (entity, id) → the values a merge replaced, for undo
        self._records: dict[str, dict[int, dict]] = {}  # merge targets as loaded, changed in place
        self._dirty: dict[str, set[int]] = {ORG: set(), PERSON: set(), OFFER: set()}
        self.extra_affiliations: list[tuple[int, object]] = []  # (existing person id, org ref)
        self.created_orgs = self.created_persons = self.created_traeger = self.skipped = 0
        self._existing_orgs: dict[str, int] | None = None  # Träger lookup, loaded on first use
        self.parent_fills: list[tuple[int, object]] = []  # merged organisation without Träger → Träger ref
        # Offers: new ones with their organisation ref and themes; (organisation ref, folded name) → the offer of
        # earlier rows ("new", index), one that exists ("db", id) or one that exists and is left alone ("skip", id).
        self.new_offers: list[tuple[dict, object, list[str]]] = []
        self.offer_ref: dict[tuple[object, str], tuple[str, int]] = {}
        self.created_offers = self.skipped_offers = 0
        self._offers_in_db: dict[tuple[int, str], int] | None = None

    # -- rows ----------------------------------------------------------------------------------
    def add(self, row: ParsedRow, found: dict[str, tuple[Duplicate, Decision]]) -> None:
        org_ref = self._organisation(row, found.get(ORG)) if row.organisation else None
        if row.person:
            self._person(row, org_ref, found.get(PERSON))
        if org_ref is not None:
            org_skipped = ORG in found and found[ORG][1].action == SKIP
            for offer in row.offers:
                self._offer(row, org_ref, offer, org_skipped)

    # -- offers ----------------------------------------------------------------------------------
    def _offer(self, row: ParsedRow, org_ref, offer: OfferRecord, org_skipped: bool) -> None:
        """A new offer; or, when the organisation has an offer of this name already (in the database or from an
        earlier row), the empty fields of that one filled – unless the user chose to skip the organisation."""
        key = (org_ref, fold(offer.name))
        ref = self.offer_ref.get(key)
        if ref is None and org_ref[0] == "db":
            existing = self._existing_offers().get((org_ref[1], fold(offer.name)))
            if existing is not None:
                ref = self.offer_ref[key] = ("skip" if org_skipped else "db", existing)
        if ref is None:
            self.new_offers.append((offer.values(), org_ref, list(offer.themes)))
            self.offer_ref[key] = ("new", len(self.new_offers) - 1)
            self.created_offers += 1
            return
        if ref[0] == "skip":
            self.skipped_offers += 1
            return
        if ref[0] == "new":
            values, _org, themes = self.new_offers[ref[1]]
            new = offer.values()
            for f in (*OFFER_FILL_FIELDS, "contact"):
                if new[f] and not values[f]:
                    values[f] = new[f]
            phases = set(offer.life_phases) | set(values["life_phases"].split(", "))
            values["life_phases"] = ", ".join(p for p in PHASE_LABELS if p in phases)
            themes.extend(t for t in offer.themes if fold(t) not in {fold(x) for x in themes})
        else:
            current = self._current_offer(ref[1])
            new = offer.values()
            self._change(OFFER, ref[1], {f: new[f] for f in OFFER_FILL_FIELDS if new[f] and not current[f]})
        lines = self.merged_lines.setdefault((OFFER, ref), [])
        if row.line not in lines:
            lines.append(row.line)

    def _existing_offers(self) -> dict[tuple[int, str], int]:
        """(organisation id, folded name) → id of the offers in the database, read once."""
        if self._offers_in_db is None:
            table = Angebot.__table__
            rows = self.s.execute(
                select(table.c.id, table.c.organisation_id, table.c.name).where(table.c.organisation_id.isnot(None))
            )
            self._offers_in_db = {}
            for offer_id, org_id, name in rows:
                self._offers_in_db.setdefault((org_id, fold(name)), offer_id)
        return self._offers_in_db

    def _current_offer(self, offer_id: int) -> dict:
        records = self._records.setdefault(OFFER, {})
        if offer_id not in records:
            table = Angebot.__table__
            records[offer_id] = dict(self.s.execute(select(table).where(table.c.id == offer_id)).mappings().one())
        return records[offer_id]

    def changed_offers(self) -> set[int]:
        return self._dirty[OFFER]

    def _organisation(self, row: ParsedRow, found) -> object:
        org = row.organisation
        if found is not None:
            duplicate, decision = found
            if decision.action == MERGE:
                ref = self._merge_organisation(row, duplicate, decision)
                self.row_org[row.index] = ref
                return ref
            if decision.action == SKIP:
                self.skipped += 1
                ref = self.row_org.get(duplicate.earlier_row) or ("db", duplicate.existing_id)
                self.row_org[row.index] = ref
                return ref
        first = self.plan.same_organisation.get(row.index)
        if first is not None and first in self.row_org:  # the facility of an earlier row (with CREATE: its new one)
            ref = self.row_org[first]
            if ref[0] == "new":
                _fill_empty(self.new_orgs[ref[1]], org, ORG_FIELDS)
            if row.person is None:  # a row of the organisation itself, not one more contact person of it
                self._merged_row(row, ORG, ref)
            self.row_org[row.index] = ref
            return ref
        key = _org_key(org.name) + "|" + _place_key(org.postcode, org.city)
        if key.endswith("|") and key in self.org_ref and found is None:  # no place: the Träger of another row
            ref = ("new", self.org_ref[key])
            _fill_empty(self.new_orgs[ref[1]], org, ORG_FIELDS)
            self.row_org[row.index] = ref
            return ref
        values = {f: getattr(org, f) for f in ORG_FIELDS}
        values.update(sozialraum_id=org.sozialraum_id, parent=self._traeger(org.traeger))
        self.new_orgs.append(values)
        self.org_ref[key] = len(self.new_orgs) - 1
        self.created_orgs += 1
        self._themes(org.themes, ("org", len(self.new_orgs) - 1))
        ref = ("new", len(self.new_orgs) - 1)
        self.row_org[row.index] = ref
        return ref

    def _merge_organisation(self, row: ParsedRow, duplicate: Duplicate, decision: Decision) -> tuple[str, int]:
        """Into the record in the database, or into the organisation of the earlier row (which may be one)."""
        org = row.organisation
        ref = ("db", duplicate.existing_id)
        if duplicate.existing_id is None:
            ref = self.row_org[duplicate.earlier_row]
        if ref[0] == "db":
            self._merge(Organisation, ORG, ref[1], org, ORG_FIELDS, decision.overwrite)
            if org.traeger:
                self.parent_fills.append((ref[1], self._traeger(org.traeger)))
        else:
            _fill_empty(self.new_orgs[ref[1]], org, ORG_FIELDS, decision.overwrite)
        self._merged_row(row, ORG, ref)
        return ref

    def _merged_row(self, row: ParsedRow, entity: str, ref: tuple[str, int]) -> None:
        self.rows_merged[row.index] = self.rows_merged.get(row.index, False) or ref[0] == "db"
        lines = self.merged_lines.setdefault((entity, ref), [])
        if not lines or lines[-1] != row.line:
            lines.append(row.line)

    def _traeger(self, name: str | None) -> object:
        if not name:
            return None
        key = _org_key(name) + "|"
        if key in self.org_ref:
            return ("new", self.org_ref[key])
        if self._existing_orgs is None:
            names = self.s.execute(select(Organisation.id, Organisation.name)).all()
            self._existing_orgs = {_org_key(name): oid for oid, name in names}
        if key[:-1] in self._existing_orgs:
            return ("db", self._existing_orgs[key[:-1]])
        self.new_orgs.append(
            {f: None for f in ORG_FIELDS}
            | {"name": name, "org_type": "Freier Träger", "sozialraum_id": None, "parent": None}
        )
        self.org_ref[key] = len(self.new_orgs) - 1
        self.created_orgs += 1
        self.created_traeger += 1
        return ("new", len(self.new_orgs) - 1)

    def _person(self, row: ParsedRow, org_ref, found) -> None:
        p = row.person
        if found is not None:
            duplicate, decision = found
            if decision.action == SKIP:
                self.skipped += 1
                return
            if decision.action == MERGE:
                ref = ("db", duplicate.existing_id)
                if duplicate.existing_id is None:
                    ref = self.person_ref.get(duplicate.earlier_row)
                if ref is None:  # the earlier row's person was skipped
                    self.skipped += 1
                elif ref[0] == "db":
                    self._merge(Person, PERSON, ref[1], p, PERSON_FIELDS, decision.overwrite)
                    if org_ref is not None:
                        self.extra_affiliations.append((ref[1], org_ref))
                else:
                    _fill_empty(self.new_persons[ref[1]], p, PERSON_FIELDS, decision.overwrite)
                    if org_ref is not None:
                        self.person_org.append((ref[1], org_ref))
                if ref is not None:
                    self.person_ref[row.index] = ref
                    self._merged_row(row, PERSON, ref)
                return
        values = {f: getattr(p, f) for f in PERSON_FIELDS} | {"sozialraum_id": p.sozialraum_id}
        self.new_persons.append(values)
        self.person_ref[row.index] = ("new", len(self.new_persons) - 1)
        if p.consent:
            self.new_consents.append((len(self.new_persons) - 1, p.consent_on))
        if org_ref is not None:
            self.person_org.append((len(self.new_persons) - 1, org_ref))
        self._themes(p.themes, ("person", len(self.new_persons) - 1))
        self.created_persons += 1

    def _themes(self, names: list[str], owner: tuple[str, int]) -> None:
        for name in names:
            self.themes.setdefault(fold(name), []).append((name, owner))

    def _merge(self, model, entity: str, record_id: int, new, fields, overwrite: frozenset[str]) -> None:
        current = self._current(entity, model)[record_id]
        changes = {}
        for f in fields:
            value = getattr(new, f, None)
            if value and (not current[f] or (f in overwrite and current[f] != value)):
                changes[f] = value
        if getattr(new, "sozialraum_id", None) and not current["sozialraum_id"]:
            changes["sozialraum_id"] = new.sozialraum_id
        self._change(entity, record_id, changes)

    def _current(self, entity: str, model) -> dict[int, dict]:
        """The records the duplicates point at, loaded once (one query instead of one per merged row)."""
        if entity not in self._records:
            table = model.__table__
            ids = sorted({d.existing_id for d in self.plan.duplicates if d.kind == entity and d.existing_id})
            records: dict[int, dict] = {}
            for start in range(0, len(ids), 500):
                rows = self.s.execute(select(table).where(table.c.id.in_(ids[start : start + 500]))).mappings()
                records.update({row["id"]: dict(row) for row in rows})
            self._records[entity] = records
        return self._records[entity]

    def _change(self, entity: str, record_id: int, changes: dict) -> None:
        if not changes:
            return
        current = self._records[entity][record_id]
        before = self.before.setdefault((entity, record_id), {})
        for k in changes:
            before.setdefault(k, current[k])  # the state before the import, for undo; not that of an earlier row
        current.update(changes)
        self._dirty[entity].add(record_id)

    def _write_merges(self) -> None:
        """Only the fields a merge changed, audited field by field against the values before the import."""
        for entity, model in ((ORG, Organisation), (PERSON, Person), (OFFER, Angebot)):
            records = self._records.get(entity, {})
            rows, before = [], {}
            for i in sorted(self._dirty[entity]):
                old = self.before[(entity, i)]
                rows.append({"id": i, **{c: records[i][c] for c in old}})
                before[i] = {**old, "uuid": records[i]["uuid"]}
            writes.update(self.s, model.__table__, rows, before=before, now=self.now)

    # -- writing -------------------------------------------------------------------------------
    def finish(self) -> ImportResult:
        with writes.SuspendedIndex(self.s) as index:
            org_ids = self._insert_organisations()
            resolve = lambda ref: ref[1] if ref[0] == "db" else org_ids[ref[1]]  # noqa: E731
            self._fill_parents(resolve)
            self._write_merges()
            person_ids = self._insert_persons()
            self._insert_consents(person_ids)
            affiliation_ids = self._insert_affiliations(person_ids, resolve)
            self._insert_themes(org_ids, person_ids)
            offer_ids = self._insert_offers(resolve)
            # Persons who existed before and got an affiliation: their texts include its organisation now.
            writes.refresh_derived(self.s, "person", {p for p, _ in self.extra_affiliations})
            for table, ids in (("organisation", org_ids), ("person", person_ids)):
                for first, last in id_runs(ids):
                    index.index(table, first=first, last=last)
            self._journal(org_ids, person_ids, affiliation_ids, offer_ids)
        rejected = len(self.plan.rejected_rows)
        merged = sum(self.rows_merged.values())
        in_file = len(self.rows_merged) - merged
        self.batch.created_count = self.created_orgs + self.created_persons + self.created_offers
        self.batch.merged_count = merged + in_file  # every merged row; the journal tells which and into what
        self.batch.skipped_count = self.skipped
        self.batch.rejected_count = rejected
        possible = tuple(
            f"Zeile {self.plan.rows[d.row].line} „{d.new.name}“ und "
            + (f"Zeile {self.plan.rows[d.earlier_row].line}" if d.earlier_row is not None else f"Nr. {d.existing_id}")
            + f": {d.reason}"
            for d in self.plan.duplicates
            if d.possible
            and d.kind == ORG
            and self.row_org.get(d.row, ("db",))[0] == "new"
            and self.row_org.get(d.row) != self.row_org.get(d.earlier_row)
        )
        return ImportResult(
            self.batch.id,
            self.created_orgs,
            self.created_persons,
            merged,
            self.skipped,
            rejected,
            in_file,
            possible,
            self.created_traeger,
            self.created_offers,
            len(self._dirty[OFFER]),
            self.skipped_offers,
        )

    def _fill_parents(self, resolve) -> None:
        for org_id, ref in self.parent_fills:
            parent_id = resolve(ref)
            if self._records[ORG][org_id]["parent_id"] is None and parent_id != org_id:
                self._change(ORG, org_id, {"parent_id": parent_id})

    def _insert(self, table, rows: list[dict], constants: dict | None = None) -> list[int]:
        """Insert through db/writes.py: the search texts are computed here with the themes and organisations the
        import links (reading 30,000 new rows back to compute them took seconds), and the creations are logged once
        per batch, as the journal names every record."""
        return writes.insert(
            self.s,
            table,
            rows,
            constants=constants,
            summary=self._summary(),
            texts_included=True,
            progress=self.progress,
            now=self.now,
        )

    def _summary(self) -> writes.Summary:
        label = f"Import {self.batch.id}: {self.plan.file_name}"
        return writes.Summary(
            "import_batch",
            self.batch.id,
            f"{label} – {len(self.new_orgs)} Organisationen und {len(self.new_persons)} Personen angelegt"
            + (f", {len(self.new_offers)} Angebote" if self.new_offers else ""),
        )

    def _base(self) -> dict:
        return {"version": 1, "created_at": self.now, "updated_at": self.now}

    def _owned_themes(self, kind: str) -> dict[int, list[str]]:
        """Index in new_orgs/new_persons → the theme names this import gives it."""
        owned: dict[int, list[str]] = {}
        for owners in self.themes.values():
            for name, (owner_kind, index) in owners:
                if owner_kind == kind:
                    owned.setdefault(index, []).append(name)
        return owned

    def _insert_organisations(self) -> list[int]:
        """Sort key and search text are computed here: reading 30,000 new rows back to compute them took seconds."""
        themes = self._owned_themes("org")
        ids: list[int | None] = [None] * len(self.new_orgs)
        # Träger first: their ids are needed as parent_id of the organisations they run.
        for with_parent in (False, True):
            group = [i for i, values in enumerate(self.new_orgs) if (values["parent"] is not None) == with_parent]
            rows = []
            for i, uuid in zip(group, new_uuids(len(group)), strict=True):
                values = dict(self.new_orgs[i])
                parent = values.pop("parent")
                values["parent_id"] = None if parent is None else (parent[1] if parent[0] == "db" else ids[parent[1]])
                values.update(uuid=uuid, sort_key=sort_key(values["name"]))
                values["search_text"] = organisation_search_text(values, themes.get(i, []))
                rows.append(values)
            for i, new_id in zip(group, self._insert(Organisation.__table__, rows, self._base()), strict=True):
                ids[i] = new_id
        return ids  # type: ignore[return-value]

    def _insert_offers(self, resolve) -> list[int]:
        """The new offers at their organisation's place (as saved by the offers' service: the address copied, the
        Gemeinde and Sozialraum derived) or their own, with their themes (matched to existing ones)."""
        if not self.new_offers:
            return []
        org_ids = [resolve(ref) for _values, ref, _themes in self.new_offers]
        places = self._organisation_places(org_ids)
        areas: dict[tuple, tuple[int | None, int | None]] = {}
        rows = []
        for (values, _ref, _themes), org_id in zip(self.new_offers, org_ids, strict=True):
            row = dict(values, organisation_id=org_id)
            street, postcode, city, raum_id = places[org_id]
            if row["at_organisation"]:
                row.update(place_street=street, place_postcode=postcode, place_city=city)
            where = (row["place_postcode"], row["place_city"], raum_id)
            if where not in areas:
                areas[where] = areas_of_place(self.s, *where)
            row["gemeinde_id"], row["sozialraum_id"] = areas[where]
            rows.append(row)
        ids = self._insert(Angebot.__table__, rows, self._base())
        theme_ids = self._theme_ids({name for _v, _r, themes in self.new_offers for name in themes})
        links = {
            (offer_id, theme_ids[fold(name)])
            for offer_id, (_v, _r, themes) in zip(ids, self.new_offers, strict=True)
            for name in themes
        }
        if links:
            self._insert(angebot_theme, [{"angebot_id": a, "theme_id": t} for a, t in sorted(links)])
        return ids

    def _organisation_places(self, org_ids: list[int]) -> dict[int, tuple]:
        """Organisation id → (street with number, postcode, city, Sozialraum id) as stored now (merges included)."""
        table = Organisation.__table__
        ids = sorted(set(org_ids))
        places = {}
        for start in range(0, len(ids), 5000):
            query = select(
                table.c.id, table.c.street, table.c.house_number, table.c.postcode, table.c.city, table.c.sozialraum_id
            ).where(table.c.id.in_(ids[start : start + 5000]))
            for org_id, street, number, postcode, city, raum_id in self.s.execute(query):
                places[org_id] = (" ".join(p for p in (street, number) if p) or None, postcode, city, raum_id)
        return places

    def _theme_ids(self, names: set[str]) -> dict[str, int]:
        """Folded name → theme id; an offer's theme is the existing one of that name or a very close one
        ("Frühe Hilfe" for "Frühe Hilfen"), otherwise created."""
        known = {fold(name): tid for tid, name in self.s.execute(select(Theme.id, Theme.name))}
        found: dict[str, int] = {}
        missing: dict[str, str] = {}
        choices = list(known)
        for name in sorted(names, key=fold):
            key = fold(name)
            if key in known:
                found[key] = known[key]
                continue
            close = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=90) if choices else None
            if close is not None:
                found[key] = known[close[0]]
            else:
                missing.setdefault(key, name)
        new_ids = self._insert(
            Theme.__table__, [{"name": name, "uuid": new_uuid(), **self._base()} for name in missing.values()]
        )
        found.update(zip(missing, new_ids, strict=True))
        return found

    def _insert_persons(self) -> list[int]:
        themes = self._owned_themes("person")
        org_names = self._organisation_names()
        rows = []
        for i, (values, uuid) in enumerate(zip(self.new_persons, new_uuids(len(self.new_persons)), strict=True)):
            row = dict(values)
            row["uuid"] = uuid
            row["sort_key"] = person_sort_key(values["last_name"], values["first_name"])
            row["search_text"] = person_search_text(values, org_names.get(i, []), themes.get(i, []))
            rows.append(row)
        return self._insert(Person.__table__, rows, self._base())

    def _insert_consents(self, person_ids: list[int]) -> None:
        """Consents the partner's list records, for the persons this import creates (merged ones keep theirs).
        They go with their person when the import is undone (the database deletes them along)."""
        if not self.new_consents:
            return
        name = self.plan.source or self.plan.file_name
        sources = {dated: imported_consent_source(name, dated) for dated in (True, False)}
        rows = [
            {
                "uuid": uuid,
                "person_id": person_ids[i],
                "purpose": ConsentPurpose.INVITATIONS,
                "given_on": on or self.now.date(),
                "source": sources[on is not None],
            }
            for (i, on), uuid in zip(self.new_consents, new_uuids(len(self.new_consents)), strict=True)
        ]
        self._insert(Consent.__table__, rows, self._base())

    def _organisation_names(self) -> dict[int, list[str]]:
        """Index in new_persons → names of the organisations this import links them with (for the search text)."""
        in_db = sorted({ref[1] for _i, ref in self.person_org if ref[0] == "db"})
        db_names: dict[int, str] = {}
        for start in range(0, len(in_db), 5000):
            ids = in_db[start : start + 5000]
            query = select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids))
            db_names.update((org_id, name) for org_id, name in self.s.execute(query))
        for org_id, record in self._records.get(ORG, {}).items():
            db_names[org_id] = record["name"]  # a merge may have changed it
        names: dict[int, list[str]] = {}
        for index, ref in self.person_org:
            names.setdefault(index, []).append(self.new_orgs[ref[1]]["name"] if ref[0] == "new" else db_names[ref[1]])
        return names

    def _insert_affiliations(self, person_ids: list[int], resolve) -> list[int]:
        links = {(person_ids[i], resolve(ref)) for i, ref in self.person_org}
        links |= {(pid, resolve(ref)) for pid, ref in self.extra_affiliations}
        existing: set[tuple[int, int]] = set()
        extra = sorted({pid for pid, _ in self.extra_affiliations})
        for start in range(0, len(extra), 5000):
            existing.update(
                self.s.execute(
                    select(Affiliation.person_id, Affiliation.organisation_id).where(
                        Affiliation.person_id.in_(extra[start : start + 5000])
                    )
                ).all()
            )
        new_links = sorted(links - existing)
        rows = [
            {"uuid": uuid, "person_id": pid, "organisation_id": oid}
            for (pid, oid), uuid in zip(new_links, new_uuids(len(new_links)), strict=True)
        ]
        return self._insert(Affiliation.__table__, rows, {"is_primary": True} | self._base())

    def _insert_themes(self, org_ids: list[int], person_ids: list[int]) -> None:
        if not self.themes:
            return
        known = {fold(name): tid for tid, name in self.s.execute(select(Theme.id, Theme.name))}
        missing = [(key, owners[0][0]) for key, owners in self.themes.items() if key not in known]
        new_ids = self._insert(
            Theme.__table__, [{"name": name, "uuid": new_uuid(), **self._base()} for _key, name in missing]
        )
        known.update({key: tid for (key, _name), tid in zip(missing, new_ids, strict=True)})
        org_links, person_links = set(), set()
        for key, owners in self.themes.items():
            for _name, (kind, index) in owners:
                if kind == "org":
                    org_links.add((org_ids[index], known[key]))
                else:
                    person_links.add((person_ids[index], known[key]))
        if org_links:
            self._insert(organisation_theme, [{"organisation_id": o, "theme_id": t} for o, t in org_links])
        if person_links:
            self._insert(person_theme, [{"person_id": p, "theme_id": t} for p, t in person_links])

    def _journal(
        self, org_ids: list[int], person_ids: list[int], affiliation_ids: list[int], offer_ids: list[int]
    ) -> None:
        """The undo journal (created records as runs of consecutive ids) and the audit log."""
        changes = [
            {
                "entity": entity,
                "entity_id": first,
                "last_entity_id": last,
                "action": ImportChangeAction.CREATED,
                "before": None,
            }
            for entity, ids in (
                ("organisation", org_ids),
                ("person", person_ids),
                ("affiliation", affiliation_ids),
                (OFFER, offer_ids),
            )
            for first, last in id_runs(ids)
        ]
        # One entry per record rows were merged into: the rows, and for records that existed before the values the
        # merge replaced and the version it left, so that undo can restore them and see later edits.
        new_ids = {ORG: org_ids, PERSON: person_ids, OFFER: offer_ids}
        for (entity, (where, ref)), lines in self.merged_lines.items():
            if where == "new":
                changes.append(
                    {
                        "entity": entity,
                        "entity_id": new_ids[entity][ref],
                        "last_entity_id": None,
                        "action": ImportChangeAction.MERGED_IN_FILE,
                        "before": {"rows": lines},
                    }
                )
                continue
            record = self._records[entity][ref]
            version = record["version"] + (1 if ref in self._dirty[entity] else 0)
            fields = self.before.get((entity, ref), {})
            changes.append(
                {
                    "entity": entity,
                    "entity_id": ref,
                    "last_entity_id": None,
                    "action": ImportChangeAction.MERGED,
                    "before": {"fields": fields, "rows": lines, "version": version},
                }
            )
        for change, uuid in zip(changes, new_uuids(len(changes)), strict=True):
            change.update(batch_id=self.batch.id, uuid=uuid, **self._base())
        self._insert(ImportChange.__table__, changes)
        writes.log_summary(self.s, self._summary(), self.now)  # also when the import created nothing
        # Creations are logged once per batch (the summary of _insert); merges field by field (_write_merges) and
        # once per changed record with the import's name.
        label = f"Import {self.batch.id}: {self.plan.file_name}"
        audit = [
            {
                "entity": e,
                "entity_id": i,
                "action": AuditAction.UPDATE,
                "new_value": label,
                "changed_at": self.now,
                "user_name": self.user,
                "field": None,
                "old_value": None,
            }
            for e, i in sorted(self.before)
        ]
        self._insert(AuditEntry.__table__, audit)


# -- helpers ------------------------------------------------------------------------------------
def _rows(count: int) -> str:
    return f"{count} Zeile" if count == 1 else f"{count} Zeilen"


def _coordinates(lat: str | None, lon: str | None) -> tuple[float | None, float | None]:
    """(latitude, longitude) in degrees from two cells ("51,5412" too), or (None, None) if not a place on earth."""
    if not lat or not lon:
        return None, None
    try:
        latitude, longitude = float((lat or "").replace(",", ".")), float((lon or "").replace(",", "."))
    except ValueError:
        return None, None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None, None
    return latitude, longitude


def _decisions_by_row(
    plan: ImportPlan, decisions: dict[tuple[int, str], Decision], default: Decision
) -> dict[int, dict[str, tuple[Duplicate, Decision]]]:
    by_row: dict[int, dict[str, tuple[Duplicate, Decision]]] = {}
    for d in plan.duplicates:
        for row_index in (d.row, *d.also_rows):
            by_row.setdefault(row_index, {})[d.kind] = (d, decision_for(d, decisions, default))
    return by_row


_NAME_FIELDS = frozenset({"organisation", "last_name", "full_name"})


def _unique_fields(mapping: list[str | None]) -> list[str | None]:
    seen: set[str] = set()
    result = []
    for key in mapping:
        result.append(None if key in seen else key)
        if key:
            seen.add(key)
    return result


@functools.lru_cache(maxsize=200_000)
def _org_key(name: str) -> str:
    """legal_form_free, remembered: the same organisation names recur in every row and every import."""
    return legal_form_free(name)


@functools.lru_cache(maxsize=200_000)
def _person_key(first_name: str | None, last_name: str | None) -> str:
    return person_key(first_name, last_name)


def _phone(row: ParsedRow, notes: list[str], label: str, cell: object) -> str | None:
    """The number of a phone cell, or None with a warning and the text kept in the notes if it is none."""
    number = rules.phone_from_cell(cell) if cell is not None else None
    if not number or is_valid_phone(number):
        return number or None
    row.warnings.append(f"{label} „{number}“ sieht nicht wie eine Telefonnummer aus – in die Bemerkungen übernommen.")
    notes.append(f"{label} laut Liste: {number}")
    return None


def _salutation(text: str | None) -> str | None:
    key = fold(text or "").rstrip(".")
    return {"frau": "Frau", "fr": "Frau", "herr": "Herr", "hr": "Herr", "herrn": "Herr"}.get(key)


def _place_key(postcode: str | None, city: str | None) -> str:
    return postcode or fold(city or "")


@functools.lru_cache(maxsize=65_536)
def _street_key(street: str | None) -> str:
    """ "Kirchstraße", "Kirchstr. 5" and "Kirch-Str." are one street (lists put the number in or beside it)."""
    name = rules.split_street(street)[0] if street else None
    return _NON_ALNUM.sub("", fold(name)).replace("strasse", "str") if name else ""


@functools.lru_cache(maxsize=65_536)
def _city_key(city: str | None) -> str:
    return _NON_ALNUM.sub("", fold(city)) if city else ""


def _agree(a: str, b: str) -> bool:
    """Two keys of a street or village agree unless both are given and differ."""
    return not a or not b or a == b


def _same_facility(org, other) -> bool:
    """Same street and village, as far as both records say (they already share name and postcode)."""
    return _agree(_street_key(org.street), _street_key(other.street)) and _agree(
        _city_key(org.city), _city_key(other.city)
    )


def _differences(existing, new) -> str:
    """ "andere Straße (Kirchstraße / Mühlenweg), anderer Ort (Bilshausen / Rhumspringe)" """
    parts = []
    if not _agree(_street_key(existing.street), _street_key(new.street)):
        parts.append(f"andere Straße ({existing.street} / {new.street})")
    if not _agree(_city_key(existing.city), _city_key(new.city)):
        parts.append(f"anderer Ort ({existing.city} / {new.city})")
    return ", ".join(parts)


@dataclass
class _Facility:
    """One organisation of the file as the duplicate search sees it: its first row and what tells it apart."""

    first_row: int
    street: str
    city: str
    question: Duplicate | None  # the duplicate its rows follow, if any
    org_match: tuple | None  # the certain match in the database, for finding its people

    def agrees(self, street: str, city: str) -> bool:
        return _agree(self.street, street) and _agree(self.city, city)

    def fill(self, street: str, city: str) -> None:
        """A later row may name the street the first row left out; further rows must then agree with it."""
        self.street, self.city = self.street or street, self.city or city


def _same_place(p, candidate) -> bool:
    """True unless both records name a place and the places differ."""
    if p.postcode and candidate.postcode:
        return p.postcode == candidate.postcode
    if p.city and candidate.city:
        return fold(p.city) == fold(candidate.city)
    return True


def organisation_match(a, b) -> str | None:
    """The import's duplicate rule for two organisation records (anything with name, street, postcode, city – a
    row, a database record, a SimpleNamespace of a package's content): the reason they are possibly one, or None.
    Same name without legal form, the same place where both name one, and the same street and village where both
    name them (_same_facility, the list import's rule: two Kitas of one name in two villages of one postcode are
    two)."""
    key = _org_key(a.name or "")
    if not key or key != _org_key(b.name or "") or not _same_place(a, b):
        return None
    if not _same_facility(a, b):
        return None
    return "gleicher Name am selben Ort" if (a.postcode or a.city) and (b.postcode or b.city) else "gleicher Name"


def person_match(a, b, same_organisation: bool) -> str | None:
    """The import's duplicate rule for two persons: the same e-mail address, or the same name in the same
    organisation. A name alone is no evidence (two Thomas Müller)."""
    if a.email and b.email and a.email.lower() == b.email.lower():
        return "gleiche E-Mail-Adresse"
    key = _person_key(a.first_name, a.last_name)
    if key and same_organisation and key == _person_key(b.first_name, b.last_name):
        return "gleicher Name in derselben Organisation"
    return None


def _person_label(p) -> str:
    return " ".join(x for x in (p.title, p.first_name, p.last_name) if x)


def _value(obj, f: str):
    return obj.get(f) if isinstance(obj, dict) else getattr(obj, f, None)


def _shown(value: object) -> str | None:
    """A field's value as text for the side-by-side view (coordinates are numbers)."""
    return value if value is None or isinstance(value, str) else str(value)


def _diffs(existing, new, fields) -> list[FieldDiff]:
    return [
        FieldDiff(f, FIELD_LABELS.get(f, f), _shown(_value(existing, f)), _shown(_value(new, f)))
        for f in fields
        if _value(existing, f) or _value(new, f)
    ]


def _fill_empty(target: dict, new, fields, overwrite: frozenset[str] = frozenset()) -> None:
    for f in fields:
        value = getattr(new, f, None)
        if value and (not target.get(f) or f in overwrite):
            target[f] = value
