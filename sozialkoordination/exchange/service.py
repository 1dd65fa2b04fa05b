"""Datenpaket: exchanging changes between offline laptops and the Geschäftsstelle, merged by UUID.

Design
------
*What travels.* The records of the tables in `models.exchange.EXCHANGED_TABLES` (actors, networks, meetings,
participation, budgets, volunteering), each as {table, uuid, clock, data}. `data` is the record's content without
local bookkeeping (id, version, updated_at, derived search columns); references are UUIDs, Sozialregionen travel
by code and Sozialräume by ARS (the seeded areas have different UUIDs on every laptop), projects by code and
themes by name (created on import when missing). Deletions travel as {table, uuid, clock} – no content, so a
DSGVO erasure leaves no personal data in a package. The file is JSON, compressed and sealed with a password
(`io/exchange_package.py`, the same AES-GCM + scrypt container as the sealed copies).

*Telling changes apart: version vectors on content.* Every exchanged record has a row in `exchange_record` with
the fingerprint (hash of `data`) and a clock {site id: count}. Before every export and import the database is
compared with these rows (`_sweep`): a record whose content no longer matches its fingerprint was changed here,
and the own site's count goes up; a record that is gone was deleted here (also by the database's cascades or
a bulk delete), and becomes a tombstone with a raised count. Version numbers of the records are not used: they
collide between laptops. Records seen for the first time start with the empty clock, so databases that started
as copies of each other agree on their untouched records.

*Per field.* Besides the record's clock each field has one (`exchange_record.fields`: a keyed hash of the value,
so the sweep sees which fields a change touched, and the field's clock). This is the simplest design that
knows the common base per field without storing old values: a field whose clock here is newer than the package's
is kept, an older one is taken, and only a field changed on both sides is a conflict – edits to different fields
of one record both survive. A decided field counts a new change here, so the decision wins everywhere.

*First contact.* An empty clock means "unchanged since the bookkeeping began" only if both sides began from the
same bookkeeping. Each state lists its origins (the site that first noted it, and every partner it was merged
with); two states without a common origin – file copies of a database that never exchanged – have no known base,
so every differing field with an empty clock is a conflict the user sees, never "already known". A backup
(`SecurityService.write_backup`) notes the state first, so laptops set up from a backup share the base and merge.

*Site identity.* The site id lives in the database; its place (installation id outside the database + file
path, or server and database name) is stored beside it. A database found at another place, or restored from a
backup, is a copy and gets a new id – two databases counting under one id would overwrite each other silently.

*Import.* For each incoming item with clock `theirs` and the local clock `mine`:
same content → the clocks are merged; theirs ≤ mine → already known (nothing happens); mine ≤ theirs →
taken (new, updated, deleted); otherwise both sides changed it since they last agreed → a conflict. A conflict
is never decided silently: the caller passes a decision per record ("mein"/"dein") or for all, else nothing is
written and `ConflictsPending` lists the conflicts side by side. "Meine behalten" raises the own count, so the
kept version wins at the partner's next import; "Aus dem Paket übernehmen" takes the package's content.
Importing the same package again finds everything known and changes nothing. Everything of one import is one
transaction: a wrong password, a changed file or an error leaves the database as it was.

*Counting.* A change counts at least the time in milliseconds (`_bump`), so the counts keep growing even after
an older backup was restored here; otherwise a new change could repeat a count the partner has already seen.

*Twins.* A person's affiliation with an organisation, a Sozialraum's budget for a year and a person's volunteering
profile are unique by their content, not only by UUID. If two laptops create one independently, the import joins
them: one record under the smaller UUID (the same choice everywhere), a tombstone for the other; different
content is a conflict ("hier und im Paket neu angelegt").

*Duplicates.* Two laptops that imported the same partner list hold one facility under two UUIDs. New
organisations and persons of a package that match a record here by the list import's rules
(`actor_import.organisation_match` / `person_match`) are listed as `PossibleDuplicate`s, never merged silently.
`merge_duplicate` merges one into the record here and keeps its UUID in `exchange_alias`: the sweep sends no
deletion for it (the partner's original stays), and a later package naming it updates the merged record with
the fields the partner changed since (the alias keeps its own exchange state to tell them apart).

*History.* Every record a package adds or changes gets its audit entries (field, before, after), stamped
"NAME (Datenpaket von SENDER)"; deletions and erasures are recorded as everywhere else.

*Partners.* `exchange_partner` holds each partner by name (and the site id of their database once a package
came from them); `exchange_known` holds per partner and record the clock the partner is known to have (sent
to them or received from them). An export carries exactly the records whose clock the partner does not know
yet, within the chosen scope, and all tombstones they do not know yet. A package names the recipient as the
sender calls them; the recipient keeps that name and sends it back, so each side recognises the other under the
name it chose, even before the first package came from there.

*Scope.* `region` limits the records to that Sozialregion: records whose Sozialraum or Sozialregion lies in it,
their parts (TOPs, invitations, memberships, consents …), and everything those refer to, so every reference
resolves on arrival. `without_volunteers` leaves out the volunteering profiles, availabilities, placements and
the persons who have a volunteering profile, and every record that refers to those.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from time import time as wall_time
from types import SimpleNamespace

from sqlalchemy import Table, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from sozialkoordination.actor_import.service import organisation_match, person_match
from sozialkoordination.actors.service import (
    ORGANISATION_LABELS,
    PERSON_LABELS,
    store_organisation_search_texts,
    store_person_search_texts,
)
from sozialkoordination.coordinator_profile.service import Profile
from sozialkoordination.core.enums import AuditAction, ProjectKind, SozialraumKind
from sozialkoordination.core.errors import DomainError, ValidationError
from sozialkoordination.core.formatting import numerus
from sozialkoordination.core.normalize import clean, fold, legal_form_free, person_key
from sozialkoordination.core.passwords import check_password
from sozialkoordination.core.progress import Progress, check
from sozialkoordination.db import server_roles, writes
from sozialkoordination.exchange.package import FORMAT, VERSION, read_package, write_package
from sozialkoordination.history.service import FIELDS, RECORDS
from sozialkoordination.models import (
    Affiliation,
    AuditEntry,
    Base,
    Organisation,
    Person,
    Project,
    Setting,
    Sozialraum,
    Sozialregion,
    Theme,
)
from sozialkoordination.models.actor import organisation_theme, person_theme
from sozialkoordination.models.base import new_uuid, utcnow
from sozialkoordination.models.exchange import (
    EXCHANGED_TABLES,
    ExchangeAlias,
    ExchangeKnown,
    ExchangePartner,
    ExchangeRecord,
)
from sozialkoordination.models.offer import angebot_theme
from sozialkoordination.models.participation import activity_partner
from sozialkoordination.models.volunteering import offer_theme, volunteer_interest
from sozialkoordination.privacy.service import erase_in_session, leave_no_trace
from sozialkoordination.search.service import SEARCHED, store_search_texts

log = logging.getLogger(__name__)

SITE_KEY = "exchange.site_id"
PLACE_KEY = "exchange.site_place"  # where this database lives; another place means a copy (or a restore)
HASH_KEY = "exchange.field_hash_key"  # key of the field hashes: a short value's hash cannot be looked up
RESTORED = "wiederhergestellt"  # the place a restored database gets: it is re-keyed at its next exchange
DELETED = "geloescht"
KEEP_MINE, TAKE_THEIRS = "mein", "dein"
_SKIPPED_COLUMNS = {"id", "uuid", "version", "updated_at", "sort_key", "search_text"}
_KEYED = {"sozialregion": "code", "sozialraum": "ars", "gemeinde": "ags", "project": "code"}
# Many-to-many lists that belong to a record's content: (field, association table, own column, other column,
# other table); themes travel by name, partners of a participation activity by UUID.
_LISTS = {
    "organisation": [("themes", organisation_theme, "organisation_id", "theme_id", "theme")],
    "person": [("themes", person_theme, "person_id", "theme_id", "theme")],
    "volunteer": [("interests", volunteer_interest, "volunteer_id", "theme_id", "theme")],
    "offer": [("themes", offer_theme, "offer_id", "theme_id", "theme")],
    "angebot": [("themes", angebot_theme, "angebot_id", "theme_id", "theme")],
    "participation_activity": [("partners", activity_partner, "activity_id", "organisation_id", "organisation")],
}
# Parts that go along with their whole when the whole is shared (the TOPs of a meeting, a person's consents).
_PART_OF = {
    "affiliation": ("organisation_id",),
    "consent": ("person_id",),
    "network_membership": ("network_id",),
    "relationship": ("source_organisation_id", "source_person_id", "target_organisation_id", "target_person_id"),
    "agenda_item": ("meeting_id",),
    "decision": ("agenda_item_id",),
    "invitation": ("meeting_id",),
    "attendance": ("meeting_id",),
    "task": ("meeting_id", "proposal_id"),
    "budget_application": ("budget_id",),
    "proposal": ("activity_id",),
    "milestone": ("proposal_id",),
    "volunteer": ("person_id",),
    "volunteer_availability": ("volunteer_id",),
    "placement": ("volunteer_id", "offer_id"),
}
_VOLUNTEERING = ("volunteer", "volunteer_availability", "placement")
# Tables with a unique key besides the UUID: two laptops may create "the same" record independently (a person's
# affiliation with an organisation, the budget of a Sozialraum for a year, a person's volunteering profile).
# Such twins become one record under the smaller of the two UUIDs, everywhere alike.
_NATURAL_KEYS = {
    "affiliation": ("person_id", "organisation_id"),
    "sozialraum_budget": ("sozialraum_id", "year"),
    "volunteer": ("person_id",),
}


class ExchangeError(DomainError):
    """The exchange cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class ConflictField:
    label: str
    mine: str
    theirs: str
    field: str = ""  # the column: decisions for one field are keyed "UUID:field"


@dataclass(frozen=True)
class Conflict:
    """A record changed here and in the package since the two last agreed; shown side by side."""

    table: str
    uuid: str
    title: str  # "Person „Erika Schulz“"
    situation: str  # "auf beiden Seiten geändert", "hier gelöscht, im Paket geändert" …
    fields: tuple[ConflictField, ...]
    per_field: bool = False  # both sides hold the record: each field is decided on its own ("UUID:field")

    def undecided(self, decisions: dict[str, str], default: str | None = None) -> bool:
        """True while a decision is missing: for the record, or (per field) for one of its clashing fields."""
        if default is not None or decisions.get(self.uuid) is not None:
            return False
        if not self.per_field:
            return True
        return any(decisions.get(f"{self.uuid}:{f.field}") is None for f in self.fields)


class ConflictsPending(ExchangeError):
    """The package holds conflicts nobody has decided on yet; nothing was written."""

    def __init__(self, conflicts: list[Conflict]):
        self.conflicts = conflicts
        names = "; ".join(c.title for c in conflicts[:5]) + (" …" if len(conflicts) > 5 else "")
        super().__init__(
            f"Das Datenpaket enthält {len(conflicts)} Konflikt(e) – Einträge, die hier und beim Partner seit dem "
            f"letzten Austausch geändert wurden: {names}. Nichts wurde eingelesen. Bitte entscheiden Sie in der "
            "Oberfläche je Eintrag oder mit --bei-konflikt mein|dein für alle."
        )


@dataclass(frozen=True)
class PossibleDuplicate:
    """A record new from the package that looks like one here by the import's duplicate rules (both laptops
    imported the same partner list): offered for merge, never merged silently."""

    table: str  # "organisation" or "person"
    uuid: str  # the record from the package
    target_uuid: str  # the record here it matches
    title: str  # Organisation „Kita Pusteblume“ (from the package)
    target_title: str  # … here
    reason: str  # "gleicher Name am selben Ort", "gleiche E-Mail-Adresse" …

    def line(self) -> str:
        return f"{self.title} aus dem Paket = {self.target_title} hier ({self.reason})"


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    partner: str
    records: int
    deletions: int

    def line(self) -> str:
        return (
            f"Datenpaket für {self.partner} geschrieben: {self.records} Einträge, {self.deletions} Löschungen "
            f"({self.path})."
        )


@dataclass
class ImportSummary:
    sender: str
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    kept_mine: int = 0
    took_theirs: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False
    duplicates: list[PossibleDuplicate] = field(default_factory=list)  # still open: both records are here
    merged: list[PossibleDuplicate] = field(default_factory=list)  # merged in this import

    def line(self) -> str:
        text = (
            f"Datenpaket von {self.sender} eingelesen: {self.created} neu, {self.updated} aktualisiert, "
            f"{self.deleted} gelöscht, " + numerus(len(self.conflicts), "{0} Konflikt", "{0} Konflikte")
        )
        if self.conflicts:
            text += f" (meine behalten: {self.kept_mine}, aus dem Paket übernommen: {self.took_theirs})"
        if self.duplicates:
            text += numerus(len(self.duplicates), ", {0} mögliche Dublette", ", {0} mögliche Dubletten")
        if self.merged:
            text += numerus(len(self.merged), ", {0} Dublette zusammengeführt", ", {0} Dubletten zusammengeführt")
        return text + "."


@dataclass(frozen=True)
class PartnerInfo:
    id: int
    name: str
    last_export_at: datetime | None
    last_import_at: datetime | None


# -- clocks and content ------------------------------------------------------------------------------------------
def _clock(text: str | None) -> dict[str, int]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _leq(a: dict[str, int], b: dict[str, int]) -> bool:
    return all(count <= b.get(site, 0) for site, count in a.items())


def _merge(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    return {site: max(a.get(site, 0), b.get(site, 0)) for site in a.keys() | b.keys()}


def _bump(clock: dict[str, int], site: str) -> dict[str, int]:
    """Count a change made here. The count is at least the time in milliseconds, so it keeps growing even after
    an older backup of this database was restored (a plain counter would repeat numbers the partners have seen
    with other content, and they would take the new change for an old one)."""
    return {**clock, site: max(clock.get(site, 0) + 1, int(wall_time() * 1000))}


def _dump(clock: dict[str, int]) -> str:
    return json.dumps(clock, sort_keys=True, separators=(",", ":"))


def _field_states(text: str | None) -> dict[str, list] | None:
    """{field: [hash, clock]} as stored in exchange_record.fields; None for a row from before field clocks."""
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _field_hash(value: object, key: bytes) -> str:
    canonical = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.blake2b(canonical.encode("utf-8"), key=key, digest_size=8).hexdigest()


def _dump_fields(data: dict, clocks: dict[str, dict[str, int]], key: bytes) -> str:
    states = {f: [_field_hash(v, key), clocks.get(f) or {}] for f, v in data.items()}
    return json.dumps(states, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _field_clocks(state, data: dict | None = None) -> dict[str, dict[str, int]]:
    """The version vector of every field of a local record; a field without one has the record's clock."""
    record = _clock(state.clock) if state is not None else {}
    stored = _field_states(state.fields) if state is not None else None
    names = set(data or {}) | set(stored or {})
    if stored is None:
        return {f: dict(record) for f in names}
    return {f: dict(stored[f][1]) if f in stored else {} for f in names}


def _origin(text: str | None) -> set[str]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return set()
    return {str(v) for v in value} if isinstance(value, list) else set()


def _dump_origin(origin: set[str]) -> str:
    return json.dumps(sorted(origin), separators=(",", ":"))


def _hash_key(s: Session) -> bytes:
    stored = s.get(Setting, HASH_KEY)
    if stored is None or not stored.value:
        stored = Setting(key=HASH_KEY, value=secrets.token_hex(16))
        s.merge(stored)
        s.flush()
    return bytes.fromhex(stored.value)


def fingerprint(data: dict) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:40]


def _encode(value: object, column) -> object:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.{getattr(column.type, 'scale', None) or 2}f}"
    return value


def _decode(value: object, column) -> object:
    if value is None:
        return None
    try:
        kind = column.type.python_type
    except NotImplementedError:
        return value
    try:
        if kind is datetime:
            return datetime.fromisoformat(value)
        if kind is date:
            return date.fromisoformat(value)
        if kind is time:
            return time.fromisoformat(value)
        if kind is Decimal:
            return Decimal(str(value))
        if kind is bool:
            return bool(value)
        if kind is int:
            return int(value)
        if kind is float:
            return float(value)
    except (TypeError, ValueError):
        raise ExchangeError(f"Das Datenpaket enthält einen ungültigen Wert ({column.name}).") from None
    return value


def _tables() -> dict[str, Table]:
    return {name: Base.metadata.tables[name] for name in EXCHANGED_TABLES}


def _references(table: Table) -> dict[str, tuple[str, bool]]:
    """column → (referenced table, nullable) for the references that travel."""
    found = {}
    for column in table.columns:
        for fk in column.foreign_keys:
            target = fk.column.table.name
            if target in EXCHANGED_TABLES or target in _KEYED:
                found[column.name] = (target, bool(column.nullable))
    return found


class _Snapshot:
    """All exchanged records of the database as content dicts, with the maps between ids, UUIDs and keys."""

    def __init__(self, s: Session, progress: Progress | None = None):
        self.tables = _tables()
        self.rows: dict[str, dict[int, dict]] = {}
        self.uuid_of: dict[str, dict[int, str]] = {}
        self.id_of: dict[str, dict[str, int]] = {}
        self.key_of: dict[str, dict[int, str]] = {}
        self.key_id: dict[str, dict[str, int]] = {}
        for name, key in _KEYED.items():
            table = Base.metadata.tables[name]
            pairs = s.execute(select(table.c.id, table.c[key])).all()
            self.key_of[name] = {i: k for i, k in pairs}
            self.key_id[name] = {k: i for i, k in pairs}
        self.theme_name = dict(s.execute(select(Theme.id, Theme.name)).all())
        for i, (name, table) in enumerate(self.tables.items()):
            check(progress, i, len(self.tables) * 2, "Daten werden gelesen …")
            rows = {r["id"]: dict(r) for r in s.execute(select(table)).mappings()}
            self.rows[name] = rows
            self.uuid_of[name] = {i: r["uuid"] for i, r in rows.items()}
            self.id_of[name] = {r["uuid"]: i for i, r in rows.items()}
        self.lists: dict[str, dict[str, dict[int, list]]] = {}
        for name, specs in _LISTS.items():
            for fname, assoc, own, other, _other_table in specs:
                by_owner: dict[int, list] = {}
                for owner, target in s.execute(select(assoc.c[own], assoc.c[other])).all():
                    by_owner.setdefault(owner, []).append(target)
                self.lists.setdefault(name, {})[fname] = by_owner
        self.contents: dict[str, dict[str, dict]] = {}
        for i, name in enumerate(self.tables):
            check(progress, len(self.tables) + i, len(self.tables) * 2, "Änderungen werden ermittelt …")
            self.contents[name] = {r["uuid"]: self.content(name, r) for r in self.rows[name].values()}

    def ref(self, target: str, ident: int | None) -> str | None:
        if ident is None:
            return None
        if target in _KEYED:
            return self.key_of[target].get(ident)
        return self.uuid_of[target].get(ident)

    def content(self, name: str, row: dict) -> dict:
        table = self.tables[name]
        refs = _references(table)
        data = {}
        for column in table.columns:
            if column.name in _SKIPPED_COLUMNS:
                continue
            if column.foreign_keys and column.name not in refs:
                continue  # a local link (import batch) that means nothing elsewhere
            value = row[column.name]
            data[column.name] = self.ref(refs[column.name][0], value) if column.name in refs else _encode(value, column)
        for fname, _assoc, _own, _other, other_table in _LISTS.get(name, []):
            targets = self.lists[name][fname].get(row["id"], [])
            if other_table == "theme":
                data[fname] = sorted(self.theme_name[t] for t in targets)
            else:
                data[fname] = sorted(self.uuid_of[other_table][t] for t in targets)
        return data


def _title(name: str, data: dict | None) -> str:
    label = RECORDS.get(name, name)
    text = _short(name, data)
    return f"{label} „{text}“" if text else label


def _short(name: str, data: dict | None) -> str:
    if not data:
        return ""
    if name == "person":
        text = " ".join(x for x in (data.get("title"), data.get("first_name"), data.get("last_name")) if x)
    elif name == "meeting":
        day = data.get("meeting_date") or ""
        text = f"{'.'.join(reversed(day.split('-')))} {data.get('title') or ''}".strip()
    else:
        text = next((str(data[k]) for k in ("name", "title", "purpose", "description", "text") if data.get(k)), "")
    return text[:57] + " …" if len(text) > 60 else text


class ExchangeService:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        profile: Callable[[], Profile] | None = None,
        place: str | None = None,
    ):
        """`profile`: the coordinator's name and region (per workstation on a server), for the sender's name and
        the audit entries of what a package changes. `place`: where this database lives (config.database_place);
        a database found elsewhere than last time is a copy and gets a site id of its own."""
        self._sf = session_factory
        self._profile = profile or (lambda: Profile(None, None))
        self._place = place

    def record_state(self) -> None:
        """Note the current content as the exchange's known state (before a copy of the database is made): the
        copy and this database then tell their later edits apart field by field instead of meeting them as
        differences of unknown origin."""
        with self._sf.begin() as s:
            _sweep(s, _Snapshot(s), _site_id(s, self._place))

    def site_id(self) -> str:
        with self._sf.begin() as s:
            return _site_id(s, self._place)

    # -- partners ------------------------------------------------------------------------------------------------
    def partners(self) -> list[PartnerInfo]:
        with self._sf() as s:
            rows = s.scalars(select(ExchangePartner).order_by(ExchangePartner.name))
            return [PartnerInfo(p.id, p.name, p.last_export_at, p.last_import_at) for p in rows]

    def content(self) -> dict[str, dict[str, dict]]:
        """The exchanged content of this database by table and UUID, as a package carries it (for checks)."""
        with self._sf() as s:
            return _Snapshot(s).contents

    # -- export --------------------------------------------------------------------------------------------------
    def export_package(
        self,
        partner: str,
        path: Path,
        password: str,
        region: str | None = None,
        without_volunteers: bool = False,
        progress: Progress | None = None,
        everything: bool = False,
    ) -> ExportSummary:
        """Write the changes the partner does not have yet into a sealed Datenpaket at `path`; with `everything`
        all records of the scope and all deletions (when a package got lost on the way)."""
        partner = clean(partner) or ""
        if not partner:
            raise ValidationError({"partner": "Bitte geben Sie an, für wen das Datenpaket ist."})
        check_password(password)
        path = Path(path)
        with self._sf.begin() as s:
            site = _site_id(s, self._place)
            snap = _Snapshot(s, progress)
            states = _sweep(s, snap, site)
            region_row = _find_region(s, region) if region else None
            raeume: set[int] = set()
            if region_row is not None:
                raeume = set(s.scalars(select(Sozialraum.id).where(Sozialraum.sozialregion_id == region_row.id)))
            scope = _scope(snap, region_row, raeume, without_volunteers)
            target = s.scalar(select(ExchangePartner).where(ExchangePartner.name == partner))
            if target is None:
                target = ExchangePartner(name=partner)
                s.add(target)
                s.flush()
            known = _known(s, target.id)
            has = {} if everything else known
            records, deletions = [], []
            for name in EXCHANGED_TABLES:
                for uuid in sorted(scope[name]):
                    state = states[(name, uuid)]
                    clock = _clock(state.clock)
                    if (name, uuid) in has and _leq(clock, has[(name, uuid)]):
                        continue
                    fields = {f: c for f, c in _field_clocks(state).items() if c}
                    records.append(
                        {
                            "table": name,
                            "uuid": uuid,
                            "clock": clock,
                            "fields": fields,
                            "origin": sorted(_origin(state.origin)),
                            "data": snap.contents[name][uuid],
                        }
                    )
            for (name, uuid), state in sorted(states.items()):
                if state.fingerprint != DELETED:
                    continue
                clock = _clock(state.clock)
                if (name, uuid) in has and _leq(clock, has[(name, uuid)]):
                    continue
                deletions.append({"table": name, "uuid": uuid, "clock": clock})
            check(progress, 1, 2, "Datenpaket wird verschlüsselt …")
            package = {
                "format": FORMAT,
                "version": VERSION,
                "package_id": new_uuid(),
                "sender_id": site,
                "sender_name": self._sender_name(s, site),
                "recipient": partner,
                "sender_known_as": target.called_by_them,
                "created_at": utcnow().isoformat(timespec="seconds"),
                "scope": {"region": region_row.code if region_row else None, "ohne_ehrenamt": without_volunteers},
                "areas": _areas(s),
                "projects": _projects(s),
                "records": records,
                "deletions": deletions,
            }
            write_package(path, package, password)
            _remember(s, target.id, [(i["table"], i["uuid"], i["clock"]) for i in records + deletions], known)
            target.last_export_at = utcnow()
        if progress is not None:  # written and recorded: a late Cancel changes nothing any more
            progress.report(2, 2, "Fertig")
        return ExportSummary(path, partner, len(records), len(deletions))

    def _sender_name(self, s: Session, site: str) -> str:
        profile = self._profile()
        region = s.get(Sozialregion, profile.sozialregion_id) if profile.sozialregion_id is not None else None
        who = profile.user_name or f"Datenbank {site[:8]}"
        return f"{who} ({region.name})" if region else who

    # -- import --------------------------------------------------------------------------------------------------
    def read(self, path: Path, password: str, progress: Progress | None = None) -> ImportSummary:
        """What importing the package would do, with its conflicts; the database is not changed."""
        return self.import_package(path, password, dry_run=True, progress=progress)

    def import_package(
        self,
        path: Path,
        password: str,
        decisions: dict[str, str] | None = None,
        on_conflict: str | None = None,
        dry_run: bool = False,
        progress: Progress | None = None,
        merge_duplicates: bool = False,
    ) -> ImportSummary:
        """Merge a Datenpaket into this database, all or nothing.

        New organisations and persons that match records here by the import's duplicate rules are listed in
        `duplicates` (both are kept); with `merge_duplicates` each is merged into the record here (see
        merge_duplicate) in the same transaction and listed in `merged`.

        `decisions` maps the UUID of a conflicting record – or "UUID:field" for one clashing field of a record both
        sides hold (Conflict.per_field) – to "mein" or "dein"; `on_conflict` decides the others.
        Undecided conflicts raise ConflictsPending (nothing written). `dry_run` only reports."""
        if on_conflict not in (None, KEEP_MINE, TAKE_THEIRS):
            raise ValidationError({"conflict": "Bei Konflikten bitte „mein“ oder „dein“ wählen."})
        decisions = dict(decisions or {})
        check(progress, 0, 4, "Datenpaket wird entschlüsselt …")
        package = read_package(Path(path), password)
        sender = str(package.get("sender_name") or "unbekannt")
        summary = ImportSummary(sender=sender, dry_run=dry_run)
        erased = False
        with self._sf() as s:
            try:
                s.begin()
                site = _site_id(s, self._place)
                if package["sender_id"] == site:
                    raise ExchangeError(
                        "Dieses Datenpaket wurde aus dieser Datenbank selbst geschrieben. Bitte lesen Sie es beim "
                        "Partner ein, für den es bestimmt ist."
                    )
                user = self._profile().user_name
                s.info["user_name"] = f"{user or 'Datenpaket'} (Datenpaket von {sender})"
                check(progress, 1, 4, "Daten werden verglichen …")
                snap = _Snapshot(s)
                states = _sweep(s, snap, site)
                merger = _Merger(s, snap, states, site, package, summary)
                merger.classify()
                # The order the user sees: by name, not by the package's order of records (which follows uuids).
                summary.conflicts.sort(key=lambda c: c.title)
                summary.duplicates.sort(key=lambda d: (d.title, d.target_title))
                if summary.conflicts:
                    undecided = [c for c in summary.conflicts if c.undecided(decisions, on_conflict)]
                    if undecided and not dry_run:
                        raise ConflictsPending(undecided)
                if dry_run:
                    s.rollback()
                    return summary
                merger.decide(decisions, on_conflict)
                check(progress, 2, 4, "Daten werden übernommen …")
                partner = _partner_for(s, package["sender_id"], sender, package.get("sender_known_as"))
                if isinstance(package.get("recipient"), str):
                    partner.called_by_them = package["recipient"][:200]
                try:
                    merger.apply(progress)
                except IntegrityError as exc:
                    log.warning("Datenpaket passt nicht: %s", exc)
                    raise ExchangeError(
                        "Das Datenpaket passt nicht zu dieser Datenbank: ein Eintrag ist hier unter anderer Kennung "
                        "doppelt vorhanden. Nichts wurde eingelesen. Bitte tauschen Sie zuerst die übrigen Pakete "
                        "aus und lesen Sie dieses dann noch einmal ein."
                    ) from None
                erased = merger.erased
                if merge_duplicates:
                    for duplicate in summary.duplicates:
                        _merge_records(s, duplicate.table, duplicate.uuid, duplicate.target_uuid)
                    summary.merged, summary.duplicates = summary.duplicates, []
                _remember(s, partner.id, merger.received, _known(s, partner.id))
                partner.last_import_at = utcnow()
                s.commit()
            except BaseException:
                s.rollback()
                raise
        if erased:
            leave_no_trace(self._sf.kw["bind"])
        if progress is not None:
            progress.report(4, 4, "Fertig")
        return summary

    def merge_duplicate(self, table: str, uuid: str, target_uuid: str) -> str:
        """Merge the record `uuid` (a duplicate a package brought) into `target_uuid`: the record here keeps its
        values, its empty fields take the duplicate's, everything that referred to the duplicate (affiliations,
        memberships, tasks …) refers to it. The duplicate's UUID stays mapped to it (exchange_alias), so a later
        package that edits the duplicate updates the merged record; the merge is in the change history."""
        with self._sf.begin() as s:
            s.info["user_name"] = self._profile().user_name
            _sweep(s, _Snapshot(s), _site_id(s, self._place))  # changes so far are counted before one record goes
            return _merge_records(s, table, uuid, target_uuid)


# -- merging duplicates ------------------------------------------------------------------------------------------
_MERGED_MODELS = {"organisation": (Organisation, ORGANISATION_LABELS), "person": (Person, PERSON_LABELS)}


def _aliases(s: Session) -> dict[tuple[str, str], str]:
    rows = s.execute(select(ExchangeAlias.table_name, ExchangeAlias.uuid, ExchangeAlias.target_uuid))
    return {(t, u): target for t, u, target in rows}


def _merge_records(s: Session, table: str, uuid: str, target_uuid: str) -> str:
    if table not in _MERGED_MODELS:
        raise ExchangeError("Zusammenführen geht nur bei Organisationen und Personen.")
    model, labels = _MERGED_MODELS[table]
    gone = s.scalar(select(model).where(model.uuid == uuid))
    keep = s.scalar(select(model).where(model.uuid == target_uuid))
    if gone is None or keep is None or gone is keep:
        raise ExchangeError("Die beiden Einträge gibt es so nicht mehr; bitte lesen Sie die Liste neu ein.")
    before = _record_title(table, gone)
    for name in labels:
        column = model.__table__.c.get(name)
        if column is None or name == "parent_id" and gone.parent_id == keep.id:
            continue
        if getattr(keep, name) in (None, "") and getattr(gone, name) not in (None, ""):
            setattr(keep, name, getattr(gone, name))
    keep.themes = list({t.id: t for t in [*keep.themes, *gone.themes]}.values())
    # everything that referred to the duplicate refers to the record that stays (one affiliation per pair)
    for mapper in Base.registry.mappers:
        local = mapper.local_table
        for column in local.columns:
            if not any(fk.column.table.name == table for fk in column.foreign_keys):
                continue
            for obj in s.scalars(select(mapper.class_).where(column == gone.id)).all():
                if obj is keep:  # the duplicate was the other's Träger
                    setattr(obj, column.name, None)
                    continue
                if local.name == "affiliation":
                    other = "organisation_id" if column.name == "person_id" else "person_id"
                    clash = select(Affiliation.uuid).where(
                        column == keep.id, Affiliation.__table__.c[other] == getattr(obj, other)
                    )
                    twin = s.scalar(clash)
                    if twin is not None:  # the same affiliation twice: one goes, its UUID leads to the other
                        _alias(s, "affiliation", obj.uuid, twin)
                        s.delete(obj)
                        continue
                setattr(obj, column.name, keep.id)
    if table == "organisation":
        partner_of = select(activity_partner.c.activity_id).where
        partners = set(s.scalars(partner_of(activity_partner.c.organisation_id == keep.id)))
        for activity in s.scalars(partner_of(activity_partner.c.organisation_id == gone.id)).all():
            if activity not in partners:
                writes.insert(s, activity_partner, [{"activity_id": activity, "organisation_id": keep.id}])
    s.flush()
    s.delete(gone)
    s.flush()
    _alias(s, table, uuid, target_uuid)
    s.add(
        AuditEntry(
            user_name=s.info.get("user_name"),
            entity=table,
            entity_id=keep.id,
            entity_uuid=keep.uuid,
            action=AuditAction.UPDATE,
            field="zusammengeführt",
            old_value=f"{before} ({uuid})",
            new_value=_record_title(table, keep),
        )
    )
    if table == "organisation":
        store_organisation_search_texts(s, [keep.id])
        persons = s.scalars(select(Affiliation.person_id).where(Affiliation.organisation_id == keep.id))
        store_person_search_texts(s, sorted(set(persons)))
    else:
        store_person_search_texts(s, [keep.id])
    s.flush()
    return f"{before} wurde mit {_record_title(table, keep)} zusammengeführt."


def _alias(s: Session, table: str, uuid: str, target_uuid: str) -> None:
    """`uuid` is merged into `target_uuid`: no deletion of it is sent (its partners still hold it), and packages
    that name it reach the target; earlier aliases of `uuid` now lead there too."""
    alias = ExchangeAlias.__table__
    earlier = (alias.c.table_name == table) & (alias.c.target_uuid == uuid)
    writes.update_where(s, alias, earlier, {"target_uuid": target_uuid})
    writes.insert(s, alias, [{"table_name": table, "uuid": uuid, "target_uuid": target_uuid, "merged_at": utcnow()}])


def _record_title(table: str, record) -> str:
    if table == "person":
        return _title(table, {"title": record.title, "first_name": record.first_name, "last_name": record.last_name})
    return _title(table, {"name": record.name})


# -- helpers on a session ----------------------------------------------------------------------------------------
def _site_id(s: Session, place: str | None = None) -> str:
    """This database's id in the exchange; made once and kept with the data – but a database found at another
    `place` (another file path or installation, see config.database_place) or marked as restored is a copy: it gets
    an id of its own. Two databases with one id would count their changes under the same name and overwrite each
    other silently. Its changes so far keep their counts under the old id, which is correct: they were made there.
    A database from before this check adopts the place it is found at."""
    stored = s.get(Setting, SITE_KEY)
    where = s.get(Setting, PLACE_KEY)
    if stored is None or not stored.value:
        stored = s.merge(Setting(key=SITE_KEY, value=new_uuid()))
    elif place is not None and where is not None and where.value and where.value != place:
        log.info("Datenbank an neuem Ort oder wiederhergestellt: neue Kennung für den Austausch")
        stored.value = new_uuid()
    if place is not None and (where is None or where.value != place):
        s.merge(Setting(key=PLACE_KEY, value=place))
    s.flush()
    return stored.value


def mark_restored(s: Session) -> None:
    """A database put back from a backup: its next exchange gives it a new id (its old one may have counted
    changes since the backup that this file does not hold)."""
    s.merge(Setting(key=PLACE_KEY, value=RESTORED))


def _find_region(s: Session, name_or_code: str) -> Sozialregion:
    wanted = fold(name_or_code.strip())
    regions = list(s.scalars(select(Sozialregion).order_by(Sozialregion.position)))
    for region in regions:
        if wanted in (fold(region.code), fold(region.name)) or fold(region.name).startswith(wanted):
            return region
    names = ", ".join(r.name for r in regions)
    raise ExchangeError(f"Sozialregion „{name_or_code}“ gibt es nicht. Vorhanden sind: {names}.")


def _areas(s: Session) -> dict:
    regions = {r.id: r for r in s.scalars(select(Sozialregion))}
    return {
        "sozialregion": {r.code: {"name": r.name, "position": r.position} for r in regions.values()},
        "sozialraum": {
            r.ars: {
                "name": r.name,
                "kind": r.kind,
                "sozialregion": regions[r.sozialregion_id].code if r.sozialregion_id in regions else None,
            }
            for r in s.scalars(select(Sozialraum))
        },
    }


def _projects(s: Session) -> dict:
    return {
        p.code: {
            "name": p.name,
            "kind": p.kind,
            "description": p.description,
            "starts_on": p.starts_on.isoformat() if p.starts_on else None,
            "ends_on": p.ends_on.isoformat() if p.ends_on else None,
        }
        for p in s.scalars(select(Project))
    }


def _known(s: Session, partner_id: int) -> dict[tuple[str, str], dict[str, int]]:
    rows = s.execute(
        select(ExchangeKnown.table_name, ExchangeKnown.uuid, ExchangeKnown.clock).where(
            ExchangeKnown.partner_id == partner_id
        )
    )
    return {(t, u): _clock(c) for t, u, c in rows}


def _remember(
    s: Session,
    partner_id: int,
    items: Iterable[tuple[str, str, dict[str, int]]],
    known: dict[tuple[str, str], dict[str, int]],
) -> None:
    """The partner now has (at least) these clocks."""
    table = ExchangeKnown.__table__
    new, changed = [], []
    for name, uuid, clock in items:
        before = known.get((name, uuid))
        if before is None:
            new.append({"partner_id": partner_id, "table_name": name, "uuid": uuid, "clock": _dump(clock)})
            known[(name, uuid)] = clock
        elif not _leq(clock, before):
            merged = _merge(before, clock)
            changed.append({"partner_id": partner_id, "table_name": name, "uuid": uuid, "clock": _dump(merged)})
            known[(name, uuid)] = merged
    writes.insert(s, table, new)
    writes.update(s, table, changed, key=("partner_id", "table_name", "uuid"))


def _partner_for(s: Session, site: str, sender: str, known_as: object = None) -> ExchangePartner:
    """The partner a package came from: by their database's id; the first time by the name we gave them when we
    wrote them a package (the sender tells it), or by their own name."""
    partner = s.scalar(select(ExchangePartner).where(ExchangePartner.site_id == site))
    if partner is not None:
        return partner
    for name in (known_as, sender):
        if not isinstance(name, str) or not name:
            continue
        partner = s.scalar(select(ExchangePartner).where(ExchangePartner.name == name))
        if partner is not None and partner.site_id is None:
            partner.site_id = site
            return partner
    name, n = sender, 2
    while s.scalar(select(ExchangePartner.id).where(ExchangePartner.name == name)) is not None:
        name, n = f"{sender} ({n})", n + 1
    partner = ExchangePartner(name=name, site_id=site)
    s.add(partner)
    s.flush()
    return partner


def _sweep(s: Session, snap: _Snapshot, site: str) -> dict[tuple[str, str], ExchangeRecord]:
    """Bring the exchange clocks up to date with the database: count every change and deletion made here."""
    if not server_roles.sees_every_region(s.connection()):
        # The persons of other Sozialregionen would look deleted to this login, and the package would delete them.
        raise ExchangeError(
            "Ein Datenpaket gleicht den Stand aller Sozialregionen ab. Ihre Anmeldung am gemeinsamen Server sieht nur "
            "die Personen Ihrer Sozialregion; Datenpakete tauscht hier die Geschäftsstelle aus. Es wurde nichts "
            "verändert."
        )
    table = ExchangeRecord.__table__
    states = {(r.table_name, r.uuid): r for r in s.execute(select(table)).all()}
    key = _hash_key(s)
    new, changed = [], []
    now = utcnow()
    for name in EXCHANGED_TABLES:
        for uuid, data in snap.contents[name].items():
            fp = fingerprint(data)
            state = states.get((name, uuid))
            if state is None:
                new.append(
                    {
                        "table_name": name,
                        "uuid": uuid,
                        "fingerprint": fp,
                        "clock": "{}",
                        "deleted_at": None,
                        "fields": _dump_fields(data, {}, key),
                        "origin": _dump_origin({site}),
                    }
                )
                continue
            if state.fingerprint == fp and state.fields is not None and state.origin:
                continue
            clock = _clock(state.clock)
            fields = _field_clocks(state, data)
            if state.fingerprint != fp:  # changed here: the fields whose hash differs count one change
                stored = _field_states(state.fields) or {}
                clock = _bump(clock, site)
                for f, value in data.items():
                    if f not in stored or stored[f][0] != _field_hash(value, key):
                        fields[f] = {**fields.get(f, {}), site: clock[site]}
            changed.append(
                {
                    "i": state.id,
                    "f": fp,
                    "c": _dump(clock),
                    "d": None,
                    "x": _dump_fields(data, fields, key),
                    "o": state.origin or _dump_origin({site}),
                }
            )
    aliases = _aliases(s)  # merged into another record: no deletion to send, packages naming it reach the other
    for (name, uuid), state in states.items():
        if (name, uuid) in aliases:
            continue
        if name in snap.contents and uuid not in snap.contents[name] and state.fingerprint != DELETED:
            clock = _clock(state.clock)
            clock = _bump(clock, site)
            changed.append(
                {
                    "i": state.id,
                    "f": DELETED,
                    "c": _dump(clock),
                    "d": state.deleted_at or now,
                    "x": None,
                    "o": state.origin or _dump_origin({site}),
                }
            )
    writes.insert(s, table, new)
    names = {"i": "id", "f": "fingerprint", "c": "clock", "d": "deleted_at", "x": "fields", "o": "origin"}
    writes.update(s, table, [{names[k]: v for k, v in row.items()} for row in changed])
    return {(r.table_name, r.uuid): r for r in s.scalars(select(ExchangeRecord))}


def _scope(
    snap: _Snapshot, region: Sozialregion | None, raeume: set[int], without_volunteers: bool
) -> dict[str, set[str]]:
    """The UUIDs per table that may be shared, closed under references (every reference resolves)."""
    refs = {name: _references(table) for name, table in snap.tables.items()}
    if region is None:
        scope = {name: set(snap.id_of[name]) for name in EXCHANGED_TABLES}
    else:
        scope = {name: set() for name in EXCHANGED_TABLES}
        for name in EXCHANGED_TABLES:
            for row in snap.rows[name].values():
                if row.get("sozialraum_id") in raeume or row.get("sozialregion_id") == region.id:
                    scope[name].add(row["uuid"])
        _close(snap, scope, refs)
    if without_volunteers:
        excluded = {name: set() for name in EXCHANGED_TABLES}
        for name in _VOLUNTEERING:
            excluded[name] = set(snap.id_of[name])
        volunteer_persons = {r["person_id"] for r in snap.rows["volunteer"].values()}
        excluded["person"] = {snap.uuid_of["person"][p] for p in volunteer_persons if p in snap.uuid_of["person"]}
        grew = True
        while grew:  # whatever refers to something left out stays here too
            grew = False
            for name in EXCHANGED_TABLES:
                for row in snap.rows[name].values():
                    if row["uuid"] in excluded[name]:
                        continue
                    for column, (target, _nullable) in refs[name].items():
                        if target in excluded and snap.ref(target, row[column]) in excluded[target]:
                            excluded[name].add(row["uuid"])
                            grew = True
                            break
        scope = {name: scope[name] - excluded[name] for name in EXCHANGED_TABLES}
    return scope


def _close(snap: _Snapshot, scope: dict[str, set[str]], refs: dict) -> None:
    """Add the parts of what is shared and everything it refers to, until nothing more is added."""
    grew = True
    while grew:
        grew = False
        for name in EXCHANGED_TABLES:
            for row in snap.rows[name].values():
                inside = row["uuid"] in scope[name]
                if not inside:
                    for column in _PART_OF.get(name, ()):
                        target = refs[name][column][0]
                        if snap.ref(target, row[column]) in scope[target]:
                            scope[name].add(row["uuid"])
                            inside = grew = True
                            break
                if not inside:
                    continue
                for column, (target, _nullable) in refs[name].items():
                    if target in _KEYED:
                        continue
                    uuid = snap.ref(target, row[column])
                    if uuid is not None and uuid not in scope[target]:
                        scope[target].add(uuid)
                        grew = True
                for fname, _assoc, _own, _other, other_table in _LISTS.get(name, []):
                    if other_table == "theme":
                        continue
                    for target_id in snap.lists[name][fname].get(row["id"], []):
                        uuid = snap.uuid_of[other_table][target_id]
                        if uuid not in scope[other_table]:
                            scope[other_table].add(uuid)
                            grew = True


@dataclass
class _Item:
    table: str
    uuid: str
    clock: dict[str, int]
    data: dict | None  # None: a deletion
    action: str = ""  # create|update|delete|merge|skip|conflict|remember|twin
    decision: str | None = None
    twin: str | None = None  # the UUID of the local record with the same unique key
    first: bool = False  # a deletion that must happen before the new records come in (a superseded twin)
    fields: dict[str, dict[str, int]] | None = None  # the package's field clocks (None: a package without them)
    incoming: dict | None = None  # the package's content; `data` becomes the merged content to write
    plan: dict[str, str] = field(default_factory=dict)  # per field, when both sides hold the record: see _plan
    origin: set[str] = field(default_factory=set)  # the package's origin of this record's state
    alias: str | None = None  # the UUID of the record here this one was merged into (a duplicate)

    def their_clock(self, name: str) -> dict[str, int]:
        if self.fields is None:
            return dict(self.clock)
        return dict(self.fields.get(name) or {})


class _Merger:
    """Classifies the package's items against this database, then applies them in one transaction."""

    def __init__(self, s: Session, snap: _Snapshot, states, site: str, package: dict, summary: ImportSummary):
        self.s, self.snap, self.states, self.site = s, snap, states, site
        self.package, self.summary = package, summary
        self.items: list[_Item] = []
        self.received: list[tuple[str, str, dict[str, int]]] = []
        self.erased = False
        for raw in package["records"]:
            self._add(raw, raw["data"])
        for raw in package["deletions"]:
            self._add(raw, None)
        self.incoming = {(i.table, i.uuid) for i in self.items}
        self.incoming_records = {(i.table, i.uuid) for i in self.items if i.data is not None}
        for (name, uuid), target in _aliases(s).items():  # merged duplicates: their UUIDs lead to the merged record
            if target in snap.id_of.get(name, {}):
                snap.id_of[name].setdefault(uuid, snap.id_of[name][target])
                for item in self.items:
                    if item.table == name and item.uuid == uuid:
                        item.alias = target

    def _add(self, raw: dict, data: dict | None) -> None:
        if raw["table"] not in EXCHANGED_TABLES:
            raise ExchangeError("Das Datenpaket enthält unbekannte Daten. Bitte aktualisieren Sie die Anwendung.")
        fields = raw.get("fields")
        fields = (
            {str(f): dict(c) for f, c in fields.items() if isinstance(c, dict)} if isinstance(fields, dict) else None
        )
        origin = {str(o) for o in raw.get("origin") or [] if isinstance(o, str)}
        self.items.append(
            _Item(raw["table"], raw["uuid"], dict(raw["clock"]), data, fields=fields, incoming=data, origin=origin)
        )

    def classify(self) -> None:
        for item in self.items:
            if item.alias:
                self._follow_alias(item)
                continue
            state = self.states.get((item.table, item.uuid))
            theirs = DELETED if item.data is None else fingerprint(item.data)
            mine = _clock(state.clock) if state is not None else {}
            if state is None:
                item.action = "remember" if item.data is None else "create"
            elif state.fingerprint == theirs:
                item.action = "merge"
            elif state.fingerprint == DELETED or item.data is None:  # deleted on one side: decided per record
                if _leq(item.clock, mine):
                    item.action = "skip"
                elif _leq(mine, item.clock):
                    item.action = "delete" if item.data is None else "create"
                else:
                    item.action = "conflict"
                    self.summary.conflicts.append(self._conflict(item, state))
            elif _leq(item.clock, mine) and item.clock != mine and item.origin & _origin(state.origin):
                item.action = "skip"  # the package's version is older than ours in every respect
            else:
                self._plan(item, state)
        self._find_twins()
        for item in self.items:
            if item.action == "create":
                self.summary.created += 1
            elif item.action == "update" or (item.action == "conflict" and item.plan):
                self.summary.updated += 1
            elif item.action == "delete":
                self.summary.deleted += 1
            elif item.action in ("merge", "skip", "remember", "twin", "keep", "alias"):
                self.summary.unchanged += 1
        self._find_duplicates()

    def _follow_alias(self, item: _Item) -> None:
        """A package names a record merged here into another one: the fields the partner changed since we last saw
        it are taken into the merged record; the others stay as here. A deletion there keeps the merged record."""
        target = self.snap.contents[item.table][item.alias]
        if item.data is None:
            item.action = "skip"
            self.summary.warnings.append(
                f"{_title(item.table, target)} wurde beim Partner gelöscht; hier ist es eine zusammengeführte "
                "Dublette und bleibt erhalten."
            )
            return
        state = self.states.get((item.table, item.uuid))
        known = _field_clocks(state, item.data) if state is not None else {}
        merged = dict(target)
        for name, value in item.data.items():
            if name in merged and merged[name] != value and not _leq(item.their_clock(name), known.get(name, {})):
                merged[name] = value
        item.data = merged
        item.action = "update" if merged != target else "alias"

    def _find_duplicates(self) -> None:
        """New organisations and persons of the package that match records here by the import's duplicate rules."""
        contents = self.snap.contents
        new = {name: [i for i in self.items if i.table == name and i.action == "create"] for name in _MERGED_MODELS}
        by_name: dict[str, list[str]] = {}
        for uuid, data in contents["organisation"].items():
            if ("organisation", uuid) not in self.incoming:
                by_name.setdefault(legal_form_free(data.get("name") or ""), []).append(uuid)
        matched: dict[str, str] = {}  # organisation UUID from the package → the one here
        for item in new["organisation"]:
            theirs = SimpleNamespace(**item.data)
            for uuid in by_name.get(legal_form_free(item.data.get("name") or ""), []):
                reason = organisation_match(theirs, SimpleNamespace(**contents["organisation"][uuid]))
                if reason:
                    matched[item.uuid] = uuid
                    self._offer(item, uuid, reason)
                    break
        if not new["person"]:
            return
        works_for: dict[str, set[str]] = {}
        for data in contents["affiliation"].values():
            works_for.setdefault(data["person_id"], set()).add(data["organisation_id"])
        for item in self.items:
            if item.table == "affiliation" and item.data is not None:
                org = item.data["organisation_id"]
                works_for.setdefault(item.data["person_id"], set()).add(matched.get(org, org))
        candidates: dict[str, list[str]] = {}
        for uuid, data in contents["person"].items():
            if ("person", uuid) in self.incoming:
                continue
            candidates.setdefault(person_key(data.get("first_name"), data.get("last_name")), []).append(uuid)
            if data.get("email"):
                candidates.setdefault("@" + data["email"].lower(), []).append(uuid)
        for item in new["person"]:
            theirs = SimpleNamespace(**item.data)
            keys = [person_key(theirs.first_name, theirs.last_name)]
            keys += ["@" + theirs.email.lower()] if theirs.email else []
            for uuid in dict.fromkeys(u for k in keys for u in candidates.get(k, [])):
                shared = bool(works_for.get(item.uuid, set()) & works_for.get(uuid, set()))
                reason = person_match(theirs, SimpleNamespace(**contents["person"][uuid]), shared)
                if reason:
                    self._offer(item, uuid, reason)
                    break

    def _offer(self, item: _Item, target: str, reason: str) -> None:
        here = self.snap.contents[item.table][target]
        self.summary.duplicates.append(
            PossibleDuplicate(
                item.table, item.uuid, target, _title(item.table, item.data), _title(item.table, here), reason
            )
        )

    def _plan(self, item: _Item, state: ExchangeRecord) -> None:
        """Both sides hold the record with different content: merged field by field. A field equal on both sides
        is "same"; one whose clock here is newer than the package's is "keep", the other way round "take"; a
        field changed on both sides since they last agreed is a "conflict" the user decides.

        Without a common origin (databases that started as copies before any exchange bookkeeping, meeting for
        the first time) an empty field clock says nothing – the field may have been edited before the counting
        began – so a differing field with an empty clock on either side is a conflict too, never "already known"."""
        mine = self.snap.contents[item.table][item.uuid]
        clocks = _field_clocks(state, mine)
        common = bool(item.origin & _origin(state.origin))
        for name, theirs in item.data.items():
            if name not in mine:
                continue
            if mine[name] == theirs:
                item.plan[name] = "same"
                continue
            a, b = clocks.get(name, {}), item.their_clock(name)
            if not common and (not a or not b):
                item.plan[name] = "conflict"
            elif _leq(b, a) and a != b:
                item.plan[name] = "keep"
            elif _leq(a, b) and a != b:
                item.plan[name] = "take"
            else:
                item.plan[name] = "conflict"
        conflicting = [f for f, how in item.plan.items() if how == "conflict"]
        if conflicting:
            item.action = "conflict"
            self.summary.conflicts.append(self._conflict(item, state, conflicting))
        elif "take" in item.plan.values():
            item.action = "update"
        else:
            item.action = "keep"

    def _find_twins(self) -> None:
        deleting = {(i.table, i.uuid): i for i in self.items if i.action == "delete"}
        for name, columns in _NATURAL_KEYS.items():
            local = {tuple(data.get(c) for c in columns): uuid for uuid, data in self.snap.contents[name].items()}
            for item in self.items:
                if item.table != name or item.action != "create":
                    continue
                twin = local.get(tuple(item.data.get(c) for c in columns))
                if twin is None or twin == item.uuid:
                    continue
                if (name, twin) in self.incoming and (name, twin) not in deleting:
                    continue  # the twin itself changes in this package as well: left to the database's check
                if (name, twin) in deleting:  # the sender has already merged the two: ours goes, theirs comes
                    deleting[(name, twin)].first = True
                    continue
                item.twin = twin
                mine = {k: v for k, v in self.snap.contents[name][twin].items() if k != "created_at"}
                if mine == {k: v for k, v in item.data.items() if k != "created_at"}:
                    item.action = "twin"
                else:
                    item.action = "conflict"
                    self.summary.conflicts.append(self._conflict(item, None))

    def decide(self, decisions: dict[str, str], default: str | None) -> None:
        for item in self.items:
            if item.action == "conflict" and item.plan:
                for name, how in item.plan.items():
                    if how != "conflict":
                        continue
                    chosen = decisions.get(f"{item.uuid}:{name}") or decisions.get(item.uuid) or default
                    if chosen not in (KEEP_MINE, TAKE_THEIRS):
                        raise ValidationError({"conflict": "Bei Konflikten bitte „mein“ oder „dein“ wählen."})
                    item.plan[name] = "keep!" if chosen == KEEP_MINE else "take!"
                    if chosen == KEEP_MINE:
                        self.summary.kept_mine += 1
                    else:
                        self.summary.took_theirs += 1
                item.decision = "fields"
            if item.plan:  # what is written: our content with the fields taken from the package
                merged = dict(self.snap.contents[item.table][item.uuid])
                for name, how in item.plan.items():
                    if how.startswith("take"):
                        merged[name] = item.incoming[name]
                item.data = merged
            if item.action != "conflict" or item.plan:
                continue
            item.decision = decisions.get(item.uuid) or default
            if item.decision not in (KEEP_MINE, TAKE_THEIRS):
                raise ValidationError({"conflict": "Bei Konflikten bitte „mein“ oder „dein“ wählen."})
            if item.decision == KEEP_MINE:
                self.summary.kept_mine += 1
            else:
                self.summary.took_theirs += 1
        # A part kept here keeps its whole: deleting the meeting would take the kept TOP with it.
        kept = [i for i in self.items if i.action == "conflict" and i.decision == KEEP_MINE and self._exists(i)]
        deleting = {(i.table, i.uuid): i for i in self.items if i.action == "delete"}
        while kept:
            item = kept.pop()
            row = self.snap.rows[item.table][self.snap.id_of[item.table][item.uuid]]
            for column, (target, nullable) in _references(self.snap.tables[item.table]).items():
                owner = self.snap.ref(target, row[column])
                if not nullable and (target, owner) in deleting:
                    whole = deleting.pop((target, owner))
                    whole.action, whole.decision = "conflict", KEEP_MINE
                    self.summary.deleted -= 1
                    self.summary.kept_mine += 1
                    state = self.states[(target, owner)]
                    self.summary.conflicts.append(self._conflict(whole, state))
                    kept.append(whole)

    def _exists(self, item: _Item) -> bool:
        return item.uuid in self.snap.id_of[item.table]

    # -- showing a conflict ----------------------------------------------------------------------------------
    def _conflict(self, item: _Item, state: ExchangeRecord | None, only: list[str] | None = None) -> Conflict:
        mine = self.snap.contents[item.table].get(item.twin or item.uuid)
        theirs = item.data
        if item.twin:
            situation = "hier und im Paket neu angelegt"
        elif mine is None and theirs is None:
            situation = "auf beiden Seiten gelöscht"
        elif mine is None:
            situation = "hier gelöscht, im Paket geändert"
        elif theirs is None:
            situation = "hier geändert, im Paket gelöscht"
        else:
            situation = "hier und im Paket geändert"
        rows = []
        keys = only if only is not None else [k for k in (mine or theirs or {}) if k != "created_at"]
        for key in keys:
            a = (mine or {}).get(key) if mine is not None else None
            b = (theirs or {}).get(key) if theirs is not None else None
            if mine is not None and theirs is not None and a == b:
                continue
            if (mine is None or theirs is None) and a in (None, "", []) and b in (None, "", []):
                continue  # a deleted side: only what the other side holds
            rows.append(
                ConflictField(
                    FIELDS.get(key, key),
                    "(gelöscht)" if mine is None else self._show(item.table, key, a),
                    "(gelöscht)" if theirs is None else self._show(item.table, key, b),
                    key,
                )
            )
        per_field = only is not None and not item.twin
        return Conflict(item.table, item.uuid, _title(item.table, mine or theirs), situation, tuple(rows), per_field)

    def _show(self, table: str, key: str, value: object) -> str:
        if value is None or value == "" or value == []:
            return "–"
        if isinstance(value, bool):
            return "ja" if value else "nein"
        if isinstance(value, list):
            if key == "partners":
                return ", ".join(self._label("organisation", v) for v in value)
            return ", ".join(str(v) for v in value)
        target = _references(self.snap.tables[table]).get(key, (None,))[0]
        if target == "sozialraum":
            return self.package.get("areas", {}).get("sozialraum", {}).get(value, {}).get("name") or str(value)
        if target == "sozialregion":
            return self.package.get("areas", {}).get("sozialregion", {}).get(value, {}).get("name") or str(value)
        if target in EXCHANGED_TABLES:
            return self._label(target, value)
        if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
            return ".".join(reversed(value.split("-")))
        return str(value)

    def _label(self, table: str, uuid: object) -> str:
        data = self.snap.contents[table].get(uuid)
        if data is None:
            data = next((i.data for i in self.items if i.table == table and i.uuid == uuid), None)
        return _short(table, data) or RECORDS.get(table, table) if data else "(unbekannt)"

    # -- applying --------------------------------------------------------------------------------------------
    def apply(self, progress: Progress | None) -> None:
        # record by record, but the sort keys and search texts of all of them in bulk at the end
        with writes.deferred(self.s):
            skipped = self._apply(progress)
        self._record_states(skipped)

    def _apply(self, progress: Progress | None) -> set[tuple[str, str]]:
        s, snap = self.s, self.snap
        self._ensure_reference_data()
        upserts = [
            i
            for i in self.items
            if i.action in ("create", "update")
            or (i.action == "conflict" and i.decision == TAKE_THEIRS and i.data)
            or (i.action == "conflict" and i.plan and any(how.startswith("take") for how in i.plan.values()))
        ]
        upserts = [i for i in upserts if not i.twin]
        deletions = [
            i
            for i in self.items
            if i.action == "delete" or (i.action == "conflict" and i.decision == TAKE_THEIRS and i.data is None)
        ]
        for item in [i for i in deletions if i.first]:
            self._delete(item)
        deletions = [i for i in deletions if not i.first]
        for item in self.items:
            if item.twin and item.action in ("twin", "conflict"):
                self._join_twins(item)
        order = {name: n for n, name in enumerate(EXCHANGED_TABLES)}
        upserts.sort(key=lambda i: order[i.table])
        pending: list[tuple[_Item, int, str, str]] = []  # (item, id, column, uuid) resolved after all inserts
        skipped: set[tuple[str, str]] = set()
        touched: dict[str, set[int]] = {}
        done = 0
        for name in EXCHANGED_TABLES:
            group = [i for i in upserts if i.table == name]
            if not group:
                continue
            table = snap.tables[name]
            fresh: list[tuple[_Item, dict, list]] = []
            for item in group:
                done += 1
                if done % 250 == 0:
                    check(progress, done, len(upserts), "Daten werden übernommen …")
                values, missing, later = self._values(item)
                if missing is not None and not missing[1]:
                    skipped.add((item.table, item.uuid))
                    self.summary.warnings.append(
                        f"{_title(item.table, item.data)} wurde nicht übernommen: "
                        f"{RECORDS.get(missing[0], missing[0])} fehlt hier (gelöscht)."
                    )
                    continue
                if missing is not None:
                    self.summary.warnings.append(
                        f"{_title(item.table, item.data)}: ein Verweis auf {RECORDS.get(missing[0], missing[0])} "
                        "fehlt hier und bleibt leer."
                    )
                ident = snap.id_of[name].get(item.uuid)
                if ident is None:
                    fresh.append((item, values, later))
                    continue
                before = snap.rows[name].get(ident)
                changed = writes.update(s, table, [{"id": ident, **values}], before={ident: before} if before else None)
                if not changed:  # gone with a whole deleted just before (a superseded twin)
                    writes.insert(s, table, [{"id": ident, "uuid": item.uuid, **values}])
                touched.setdefault(name, set()).add(ident)
                self._set_lists(item, ident)
                pending.extend((item, ident, column, uuid) for column, uuid in later)
            self._insert(table, fresh, pending, touched)
        for item, ident, column, uuid in pending:
            target = _references(snap.tables[item.table])[column][0]
            resolved = snap.id_of[target].get(uuid)
            if resolved is not None:
                # completes the write above: audited, but no version step of its own
                writes.update(s, snap.tables[item.table], [{"id": ident, column: resolved}], new_version=False)
        deletions.sort(key=lambda i: -order[i.table])
        for item in deletions:
            self._delete(item)
        s.flush()
        self._search_texts(touched)
        return skipped

    def _insert(self, table: Table, fresh: list[tuple[_Item, dict, list]], pending: list, touched: dict) -> None:
        """New records of one table in one statement (and their theme and partner lists in one more each)."""
        if not fresh:
            return
        s, snap, name = self.s, self.snap, table.name
        by_columns: dict[frozenset, list[dict]] = {}
        for item, values, _later in fresh:
            by_columns.setdefault(frozenset(values), []).append({"uuid": item.uuid, "version": 1, **values})
        for rows in by_columns.values():
            writes.insert(s, table, rows)  # audited: one entry per record, as for records made in a form
        uuids = [item.uuid for item, _values, _later in fresh]
        for start in range(0, len(uuids), 500):
            chunk = uuids[start : start + 500]
            for ident, uuid in s.execute(select(table.c.id, table.c.uuid).where(table.c.uuid.in_(chunk))):
                snap.id_of[name][uuid] = ident
                snap.uuid_of[name][ident] = uuid
        theme_ids = {theme: i for i, theme in snap.theme_name.items()}
        lists: dict[str, list[dict]] = {}
        for item, _values, later in fresh:
            ident = snap.id_of[name][item.uuid]
            touched.setdefault(name, set()).add(ident)
            pending.extend((item, ident, column, uuid) for column, uuid in later)
            for fname, _assoc, own, other, other_table in _LISTS.get(name, []):
                if other_table == "theme":
                    targets = {theme_ids[str(n)] for n in item.data.get(fname) or [] if str(n) in theme_ids}
                else:
                    targets = {
                        snap.id_of[other_table][u] for u in item.data.get(fname) or [] if u in snap.id_of[other_table]
                    }
                lists.setdefault(fname, []).extend({own: ident, other: t} for t in sorted(targets))
        for fname, assoc, _own, _other, _other_table in _LISTS.get(name, []):
            writes.insert(s, assoc, lists.get(fname, []))

    def _join_twins(self, item: _Item) -> None:
        """One record from two: the local row keeps its id, takes the smaller UUID and the chosen content."""
        snap, table = self.snap, self.snap.tables[item.table]
        ident = snap.id_of[item.table][item.twin]
        survivor = min(item.uuid, item.twin)
        values = {"uuid": survivor}
        if item.action == "twin" or item.decision == TAKE_THEIRS:
            found, missing, _later = self._values(item)
            if missing is None:
                values.update(found)
                self._set_lists(item, ident)
        writes.update(self.s, table, [{"id": ident, **values}], new_version=False)
        # both UUIDs lead to the row while this package is read (its parts may refer to either)
        snap.id_of[item.table][item.uuid] = snap.id_of[item.table][item.twin] = ident
        snap.uuid_of[item.table][ident] = survivor
        self.summary.warnings.append(
            f"{_title(item.table, item.data)} war hier und im Paket neu angelegt; beide sind jetzt ein Eintrag."
        )

    def _ensure_reference_data(self) -> None:
        """Areas, projects and themes the package refers to and this database lacks are created."""
        s, snap = self.s, self.snap
        areas = self.package.get("areas") or {}
        for code, info in (areas.get("sozialregion") or {}).items():
            if code not in snap.key_id["sozialregion"]:
                region = Sozialregion(code=code, name=str(info.get("name") or code), position=info.get("position") or 0)
                s.add(region)
                s.flush()
                snap.key_id["sozialregion"][code], snap.key_of["sozialregion"][region.id] = region.id, code
        for ars, info in (areas.get("sozialraum") or {}).items():
            if ars not in snap.key_id["sozialraum"]:
                raum = Sozialraum(
                    ars=ars,
                    name=str(info.get("name") or ars),
                    kind=str(info.get("kind") or SozialraumKind.EINHEITSGEMEINDE),
                    sozialregion_id=snap.key_id["sozialregion"].get(info.get("sozialregion")),
                )
                s.add(raum)
                s.flush()
                snap.key_id["sozialraum"][ars], snap.key_of["sozialraum"][raum.id] = raum.id, ars
        for code, info in (self.package.get("projects") or {}).items():
            if code not in snap.key_id["project"]:
                project = Project(
                    code=code,
                    name=str(info.get("name") or code),
                    kind=str(info.get("kind") or ProjectKind.TEILPROJEKT),
                    description=info.get("description"),
                    starts_on=date.fromisoformat(info["starts_on"]) if info.get("starts_on") else None,
                    ends_on=date.fromisoformat(info["ends_on"]) if info.get("ends_on") else None,
                )
                s.add(project)
                s.flush()
                snap.key_id["project"][code], snap.key_of["project"][project.id] = project.id, code
        names = {str(n) for i in self.items if i.data for f in ("themes", "interests") for n in i.data.get(f) or []}
        theme_ids = {name: ident for ident, name in snap.theme_name.items()}
        for name in sorted(names - theme_ids.keys()):
            theme = Theme(name=name)
            s.add(theme)
            s.flush()
            snap.theme_name[theme.id] = name

    def _values(self, item: _Item) -> tuple[dict, tuple[str, bool] | None, list[tuple[str, str]]]:
        """Column values for the database, the first reference that cannot be resolved (table, nullable) and the
        references to records of the same table, set once all are in (a Träger, the previous meeting)."""
        table = self.snap.tables[item.table]
        refs = _references(table)
        values, missing, later = {}, None, []
        for column in table.columns:
            if column.name in _SKIPPED_COLUMNS or (column.foreign_keys and column.name not in refs):
                continue
            if column.name not in item.data:
                continue
            value = item.data[column.name]
            if column.name not in refs:
                values[column.name] = _decode(value, column)
                continue
            target, nullable = refs[column.name]
            values[column.name] = None
            if value is None:
                continue
            known = self.snap.key_id[target] if target in _KEYED else self.snap.id_of[target]
            if value in known:
                values[column.name] = known[value]
            elif target == item.table and (target, value) in self.incoming_records:
                later.append((column.name, value))
            elif missing is None or not nullable:
                missing = (target, nullable)
        return values, missing, later

    def _set_lists(self, item: _Item, ident: int) -> None:
        theme_ids = {name: i for i, name in self.snap.theme_name.items()}
        for fname, assoc, own, other, other_table in _LISTS.get(item.table, []):
            if fname not in item.data:
                continue
            writes.delete(self.s, assoc, assoc.c[own] == ident)
            if other_table == "theme":
                targets = [theme_ids[str(n)] for n in item.data[fname] if str(n) in theme_ids]
            else:
                targets = [
                    self.snap.id_of[other_table][u] for u in item.data[fname] if u in self.snap.id_of[other_table]
                ]
            writes.insert(self.s, assoc, [{own: ident, other: t} for t in sorted(set(targets))])

    def _delete(self, item: _Item) -> None:
        ident = self.snap.id_of[item.table].get(item.uuid)
        if ident is None:
            return
        model = next(m.class_ for m in Base.registry.mappers if m.local_table.name == item.table)
        record = self.s.get(model, ident)
        if record is None:  # already gone with its whole (database cascade)
            return
        if isinstance(record, Person):
            erase_in_session(self.s, record, "Löschung aus einem Datenpaket (Art. 17 DSGVO)")
            self.erased = True
        else:
            self.s.delete(record)
            self.s.flush()

    def _search_texts(self, touched: dict[str, set[int]]) -> None:
        s = self.s
        organisations = sorted(touched.get("organisation", set()))
        persons = set(touched.get("person", set()))
        if "affiliation" in touched or organisations:
            ids = sorted(touched.get("affiliation", set()))
            if ids:
                persons |= set(s.scalars(select(Affiliation.person_id).where(Affiliation.id.in_(ids))))
            if organisations:
                persons |= set(
                    s.scalars(select(Affiliation.person_id).where(Affiliation.organisation_id.in_(organisations)))
                )
        if organisations:
            store_organisation_search_texts(s, organisations)
        if persons:
            store_person_search_texts(s, sorted(persons))
        for model in SEARCHED:
            if touched.get(model.__tablename__):
                store_search_texts(s, model, touched[model.__tablename__])

    def _record_states(self, skipped: set[tuple[str, str]]) -> None:
        """New clocks, fingerprints and field states for everything the package touched; what the partner now has.

        A field takes the merge of both clocks; a field decided in a conflict counts a new change here (whichever
        side was chosen), so the decision outranks both versions everywhere and nobody is asked again. Whatever we
        hold differently from the package (a field kept, a reference resolved otherwise) counts a change here as
        well, so it travels back to the partner."""
        s = self.s
        after = _Snapshot(s)
        key = _hash_key(s)
        table = ExchangeRecord.__table__
        now = utcnow()
        present = {
            (t, u): (f, c, x, o)
            for t, u, f, c, x, o in s.execute(
                select(
                    table.c.table_name, table.c.uuid, table.c.fingerprint, table.c.clock, table.c.fields, table.c.origin
                )
            )
        }
        new: dict[tuple[str, str], dict] = {}
        changed: dict[tuple[str, str], dict] = {}

        def store(
            name: str, uuid: str, data: dict | None, clock: dict[str, int], fields: dict | None = None, origin=()
        ) -> None:
            fp, text = fingerprint(data) if data is not None else DELETED, _dump(clock)
            states = _dump_fields(data, fields or {}, key) if data is not None else None
            known = self.states.get((name, uuid))
            source = _dump_origin((_origin(known.origin) if known is not None else set()) | set(origin) | {self.site})
            values = {"f": fp, "c": text, "d": None if data is not None else now, "x": states, "o": source}
            if (name, uuid) in new:
                new[(name, uuid)].update(
                    fingerprint=fp, clock=text, deleted_at=values["d"], fields=states, origin=source
                )
            elif (name, uuid) not in present:
                new[(name, uuid)] = {
                    "table_name": name,
                    "uuid": uuid,
                    "fingerprint": fp,
                    "clock": text,
                    "deleted_at": values["d"],
                    "fields": states,
                    "origin": source,
                }
            elif present[(name, uuid)] != (fp, text, states, source):
                changed[(name, uuid)] = {
                    "table_name": name,
                    "uuid": uuid,
                    "fingerprint": fp,
                    "clock": text,
                    "deleted_at": values["d"],
                    "fields": states,
                    "origin": source,
                }

        for item in self.items:
            key_ = (item.table, item.uuid)
            self.received.append((item.table, item.uuid, item.clock))
            if key_ in skipped or item.action == "skip":
                continue
            state = self.states.get(key_)
            clock = _merge(_clock(state.clock) if state is not None else {}, item.clock)
            if item.alias:  # what the partner holds of the merged duplicate, to see their next edits; the merged
                # record's own state counts the taken fields as a change here at the next sweep, so they travel on
                store(
                    item.table,
                    item.uuid,
                    item.incoming,
                    clock,
                    {f: item.their_clock(f) for f in item.incoming},
                    item.origin,
                )
                continue
            if item.twin and item.action in ("twin", "conflict"):
                # one record under the smaller UUID; the other becomes a tombstone that outranks every copy of it
                twin_state = self.states.get((item.table, item.twin))
                clock = _bump(_merge(clock, _clock(twin_state.clock) if twin_state is not None else {}), self.site)
                survivor, loser = sorted((item.uuid, item.twin))
                data = after.contents[item.table].get(survivor)
                store(item.table, survivor, data, clock, {f: clock for f in data or {}}, item.origin)
                store(item.table, loser, None, clock, None, item.origin)
                continue
            data = after.contents[item.table].get(item.uuid)
            if data is None:
                if item.action == "conflict":
                    clock = _bump(clock, self.site)
                store(item.table, item.uuid, None, clock, None, item.origin)
                continue
            if item.plan:  # both sides held it: field by field
                mine = _field_clocks(state, data)
                fields = {f: _merge(mine.get(f, {}), item.their_clock(f)) for f in data}
                decided = [f for f, how in item.plan.items() if how.endswith("!")]
            elif item.action == "merge":
                mine = _field_clocks(state, data)
                fields = {f: _merge(mine.get(f, {}), item.their_clock(f)) for f in data}
                decided = []
            elif item.action == "conflict" and item.decision == KEEP_MINE:  # kept here against a deletion there
                fields, decided = _field_clocks(state, data), list(data)
            else:  # new here, or taken whole
                fields = {f: item.their_clock(f) for f in data}
                decided = list(data) if item.action == "conflict" else []
            # fields that differ from what we meant to write (a reference that does not resolve here) count as ours
            wanted = item.data or {}
            decided += [f for f in data if f in wanted and data[f] != wanted[f] and f not in decided]
            if item.incoming is not None and data != item.incoming and _leq(clock, item.clock):
                decided += [f for f in data if data[f] != item.incoming.get(f) and f not in decided]
            if decided:
                clock = _bump(clock, self.site)
                for f in decided:
                    fields[f] = {**fields.get(f, {}), self.site: clock[self.site]}
            store(item.table, item.uuid, data, clock, fields, item.origin)
        writes.insert(s, table, list(new.values()))
        writes.update(s, table, list(changed.values()), key=("table_name", "uuid"))
