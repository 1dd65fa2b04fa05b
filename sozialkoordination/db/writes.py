"""The one place that writes rows without the ORM: bulk insert, update and delete, each with its audit entries and
the derived fields (uuid, version, time stamps, sort_key, search_text), so no caller can forget them.

Everything else writes through the ORM, whose events (db/audit.py, models/searchable.py, db/tombstones.py) do the
same for single records. tests/unit/architecture/test_write_path.py keeps it so.

Rules every function here follows:
- a record inserted gets one audit entry 'insert' (or one `Summary` entry for a whole bulk insert, whose journal
  names every record – the partner-list import);
- an updated field gets one entry 'update' with old and new value (`redact=True`: without the values, for the
  erasure of a person, whose data must not survive in the log);
- a deleted record gets 'delete', and so does every row the database deletes along (ON DELETE CASCADE), and every
  reference it clears (SET NULL) gets 'update' – read before the DELETE, while they can still be found;
- organisations, persons and the searchable records (models/searchable.py) get their sort key and search text
  computed again whenever a field they are made of changes, also through a link (themes, affiliations, an
  organisation's name in its persons' texts);
- the logs and bookkeeping tables themselves (audit.NOT_AUDITED_TABLES) are written without audit entries.
"""

from __future__ import annotations

import logging
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Table, bindparam, func, select
from sqlalchemy.orm import Session

from sozialkoordination.core.enums import AuditAction
from sozialkoordination.core.normalize import folded_text, sort_key
from sozialkoordination.core.progress import Progress, check
from sozialkoordination.db import audit
from sozialkoordination.db.search_index import INDEXED, has_index, index_table, trigger_statements
from sozialkoordination.models import Affiliation, AuditEntry, Organisation, Person, Theme
from sozialkoordination.models.actor import organisation_theme, person_theme
from sozialkoordination.models.base import new_uuids, utcnow
from sozialkoordination.models.searchable import Searchable

log = logging.getLogger(__name__)

_CHUNK = 5000  # ids per statement: well below SQLite's limit of bound parameters
_ROWS_PER_STATEMENT = 10_000
_SUSPENDED = "_search_index_suspended"
_SUMMARIES = "_audit_summaries_written"
_DEFERRED = "_derived_fields_deferred"


@dataclass(frozen=True)
class Summary:
    """One audit entry for a whole bulk insert, instead of one per record (an import journals each record)."""

    entity: str
    entity_id: int
    text: str  # written once per session, however many tables the bulk insert fills


# -- derived fields --------------------------------------------------------------------------------------------------
ORGANISATION_SEARCH_FIELDS = ("name", "org_type", "street", "postcode", "city", "email", "phone", "website", "notes")
PERSON_SEARCH_FIELDS = (
    "title",
    "first_name",
    "last_name",
    "function",
    "email",
    "phone",
    "mobile",
    "street",
    "postcode",
    "city",
    "notes",
)


def organisation_search_text(values: Mapping, themes: list[str]) -> str:
    """`values`: a mapping (dict or database row) with the ORGANISATION_SEARCH_FIELDS."""
    return folded_text([values.get(f) for f in ORGANISATION_SEARCH_FIELDS] + themes)


def person_sort_key(last_name: str, first_name: str | None) -> str:
    return sort_key(f"{last_name} {first_name or ''}".strip())


def person_search_text(values: Mapping, organisations: list[str], themes: list[str]) -> str:
    return folded_text([values.get(field) for field in PERSON_SEARCH_FIELDS] + organisations + themes)


def _searchable() -> dict[str, type[Searchable]]:
    return {model.__tablename__: model for model in Searchable.__subclasses__()}


def _source_fields(table_name: str) -> frozenset[str]:
    """The columns a record's derived fields are made of."""
    if table_name == "organisation":
        return frozenset(ORGANISATION_SEARCH_FIELDS)
    if table_name == "person":
        return frozenset(PERSON_SEARCH_FIELDS)
    model = _searchable().get(table_name)
    return frozenset(model.SEARCH_FIELDS) if model is not None else frozenset()


def _with_derived(table: Table, row: dict) -> dict:
    """The row with the derived fields it lacks (a row's own fields only; links are added by refresh_derived)."""
    name = table.name
    if name == "organisation":
        row.setdefault("sort_key", sort_key(row.get("name")))
        if "search_text" not in row:
            row["search_text"] = organisation_search_text(row, [])
    elif name == "person":
        row.setdefault("sort_key", person_sort_key(row.get("last_name") or "", row.get("first_name")))
        if "search_text" not in row:
            row["search_text"] = person_search_text(row, [], [])
    elif (model := _searchable().get(name)) is not None and "search_text" not in row:
        row["search_text"] = model.search_text_of(row)
    return row


def _grouped(s: Session, statement) -> dict[int, list[str]]:
    """(owner id, name) rows → names per owner."""
    grouped: dict[int, list[str]] = {}
    for owner_id, name in s.execute(statement):
        grouped.setdefault(owner_id, []).append(name)
    return grouped


def _store_derived(s: Session, table: Table, rows: list[dict]) -> None:
    """Write sort keys and search texts with a plain UPDATE: they are not edits of the record, so the
    optimistic-lock version stays as it is and nobody editing it meanwhile gets a false conflict."""
    if not rows:
        return
    index: SuspendedIndex | None = s.info.get(_SUSPENDED)
    ids = [row["rid"] for row in rows]
    if index is not None and table.name in INDEXED:
        index.unindex(table.name, ids)
    columns = {c: bindparam(c) for c in rows[0] if c != "rid"}
    s.execute(table.update().where(table.c.id == bindparam("rid")).values(columns), rows)
    if index is not None and table.name in INDEXED:
        index.index(table.name, ids)


def store_organisation_search_texts(s: Session, organisation_ids: Iterable[int]) -> None:
    """Recompute sort key and search text of these organisations."""
    table = Organisation.__table__
    organisation_ids = sorted(set(organisation_ids))
    for start in range(0, len(organisation_ids), _CHUNK):
        ids = organisation_ids[start : start + _CHUNK]
        link = organisation_theme.c
        themes = _grouped(
            s,
            select(link.organisation_id, Theme.name)
            .join(Theme, Theme.id == link.theme_id)
            .where(link.organisation_id.in_(ids)),
        )
        rows = [
            {
                "rid": o["id"],
                "sort_key": sort_key(o["name"]),
                "search_text": organisation_search_text(o, themes.get(o["id"], [])),
            }
            for o in s.execute(select(table).where(table.c.id.in_(ids))).mappings()
        ]
        _store_derived(s, table, rows)


def store_person_search_texts(s: Session, person_ids: Iterable[int]) -> None:
    """Recompute sort key and search text of these persons (their organisations' names included)."""
    table = Person.__table__
    person_ids = sorted(set(person_ids))
    for start in range(0, len(person_ids), _CHUNK):
        ids = person_ids[start : start + _CHUNK]
        names = _grouped(
            s,
            select(Affiliation.person_id, Organisation.name)
            .join(Organisation, Affiliation.organisation_id == Organisation.id)
            .where(Affiliation.person_id.in_(ids)),
        )
        link = person_theme.c
        themes = _grouped(
            s, select(link.person_id, Theme.name).join(Theme, Theme.id == link.theme_id).where(link.person_id.in_(ids))
        )
        rows = [
            {
                "rid": p["id"],
                "sort_key": person_sort_key(p["last_name"], p["first_name"]),
                "search_text": person_search_text(p, names.get(p["id"], []), themes.get(p["id"], [])),
            }
            for p in s.execute(select(table).where(table.c.id.in_(ids))).mappings()
        ]
        _store_derived(s, table, rows)


def store_search_texts(s: Session, model: type[Searchable], ids: Iterable[int]) -> None:
    """Compute the search texts of these searchable records (meetings, tasks, networks …) again."""
    table = model.__table__
    fields = [table.c[f] for f in model.SEARCH_FIELDS]
    ids = sorted(set(ids))
    for start in range(0, len(ids), _CHUNK):
        rows = s.execute(select(table.c.id, *fields).where(table.c.id.in_(ids[start : start + _CHUNK]))).mappings()
        _store_derived(s, table, [{"rid": row["id"], "search_text": model.search_text_of(row)} for row in rows])


def refresh_derived(s: Session, table_name: str, ids: Iterable[int]) -> None:
    """Sort keys and search texts of these records computed again from what is stored now (inside `deferred`: when
    it ends)."""
    ids = list(ids)
    if not ids:
        return
    waiting: dict[str, set[int]] | None = s.info.get(_DEFERRED)
    if waiting is not None:
        waiting.setdefault(table_name, set()).update(ids)
        return
    if table_name == "organisation":
        store_organisation_search_texts(s, ids)
    elif table_name == "person":
        store_person_search_texts(s, ids)
    elif (model := _searchable().get(table_name)) is not None:
        store_search_texts(s, model, ids)


@contextmanager
def deferred(s: Session) -> Iterator[None]:
    """Many small writes (a Datenpaket, record by record): their derived fields are computed once, in bulk, when
    the block ends – organisations first, as persons' texts hold their names. An exception leaves them to the
    rollback."""
    if s.info.get(_DEFERRED) is not None:
        yield
        return
    waiting: dict[str, set[int]] = {}
    s.info[_DEFERRED] = waiting
    try:
        yield
    finally:
        s.info.pop(_DEFERRED, None)
    for table_name in sorted(waiting, key=lambda name: name == "person"):
        refresh_derived(s, table_name, sorted(waiting[table_name]))


def _persons_of_organisations(s: Session, organisation_ids: list[int]) -> set[int]:
    persons: set[int] = set()
    for start in range(0, len(organisation_ids), _CHUNK):
        chunk = organisation_ids[start : start + _CHUNK]
        persons.update(s.scalars(select(Affiliation.person_id).where(Affiliation.organisation_id.in_(chunk))))
    return persons


# Link tables whose rows are part of their owner's search text: table → owner table and column.
_LINKS = {"organisation_theme": ("organisation", "organisation_id"), "person_theme": ("person", "person_id")}


def _refresh_links(s: Session, table: Table, rows: Iterable[Mapping]) -> None:
    """After links changed: the owners whose search text includes them."""
    if table.name in _LINKS:
        owner, column = _LINKS[table.name]
        refresh_derived(s, owner, {row[column] for row in rows})
    elif table.name == "affiliation":
        refresh_derived(s, "person", {row["person_id"] for row in rows if row.get("person_id") is not None})


# -- insert ----------------------------------------------------------------------------------------------------------
def insert(
    s: Session,
    table: Table,
    rows: list[dict],
    *,
    constants: dict | None = None,
    summary: Summary | None = None,
    texts_included: bool = False,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> list[int]:
    """Insert the rows (each also with the `constants`) and return their new ids in order.

    Missing uuid, version and time stamps are filled in, and so are sort key and search text from the row's own
    fields. Rows of link tables (themes, affiliations) refresh their owners' texts, unless `texts_included` says
    the caller computed them with the links already (the import does, reading 30,000 rows back took seconds).
    Audited: one 'insert' entry per record, or the one `summary` entry."""
    if not rows:
        return []
    now = now or utcnow()
    constants = dict(constants or {})
    first = rows[0]
    derived = [c for c in ("sort_key", "search_text") if c in table.c]
    for column in table.columns:
        name = column.name
        # Derived fields are computed below: their column default ("") must not overwrite them as a constant.
        if name == "id" or name in first or name in constants or name in derived:
            continue
        if name in ("created_at", "updated_at"):
            constants[name] = now
        elif name == "version":
            constants[name] = 1
        elif name == "uuid":
            rows = [row | {"uuid": uuid} for row, uuid in zip(rows, new_uuids(len(rows)), strict=True)]
        elif column.default is not None and column.default.is_scalar:
            constants[name] = column.default.arg
    if derived and not all(c in first for c in derived):  # an import computes them itself: no copies of its rows
        rows = [_with_derived(table, dict(row)) for row in rows]
    ids = _insert_rows(s, table, rows, constants, progress)
    if table.name not in audit.NOT_AUDITED_TABLES and "id" in table.c:
        if summary is not None:
            log_summary(s, summary, now)
        else:
            _log(
                s,
                [
                    {
                        "changed_at": now,
                        "entity": table.name,
                        "entity_id": ident,
                        "entity_uuid": row.get("uuid"),
                        "action": AuditAction.INSERT,
                    }
                    for ident, row in zip(ids, rows, strict=True)
                ],
            )
    if not texts_included:
        _refresh_links(s, table, [row | constants for row in rows])
    return ids


def log_summary(s: Session, summary: Summary, now: datetime | None = None, action: str = AuditAction.INSERT) -> None:
    """The summary entry of a bulk insert (or delete), once per session however many tables and calls it takes."""
    written = s.info.setdefault(_SUMMARIES, set())
    if (summary, action) not in written:
        written.add((summary, action))
        entry = {
            "changed_at": now or utcnow(),
            "entity": summary.entity,
            "entity_id": summary.entity_id,
            "action": action,
            "new_value": summary.text,
        }
        audit.write(s, [entry])


_AUDIT_COLUMNS = ("entity", "entity_id", "entity_uuid", "action", "field", "old_value", "new_value")


def _log(s: Session, entries: list[dict], now: datetime | None = None) -> None:
    """Audit entries of a bulk write, through the fast insert below (an import's merges make 30,000)."""
    if not entries:
        return
    rows = [{column: entry.get(column) for column in _AUDIT_COLUMNS} for entry in entries]
    constants = {"changed_at": now or utcnow(), "user_name": s.info.get("user_name")}
    _insert_rows(s, AuditEntry.__table__, rows, constants, None)


def _insert_rows(s: Session, table: Table, rows: list[dict], constants: dict, progress: Progress | None) -> list[int]:
    with_id = "id" in table.c
    given_ids = with_id and "id" in rows[0]
    if s.get_bind().dialect.name != "sqlite":
        rows = [row | constants for row in rows] if constants else rows
        if not with_id or given_ids:
            s.execute(table.insert(), rows)
            return [row["id"] for row in rows] if given_ids else []
        ids: list[int] = []
        for start in range(0, len(rows), _ROWS_PER_STATEMENT):
            check(progress, start, len(rows), "Datensätze werden gespeichert …")
            statement = table.insert().returning(table.c.id, sort_by_parameter_order=True)
            ids.extend(s.execute(statement, rows[start : start + _ROWS_PER_STATEMENT]).scalars().all())
        return ids
    # SQLite runs INSERT … RETURNING row by row, and SQLAlchemy's parameter handling costs as much as SQLite's work
    # here: the ids are assigned beforehand (the transaction holds the write lock once it wrote; a concurrent writer
    # makes the insert fail, never collide) and the rows go to the driver as tuples. The constants (version, time
    # stamps) are converted once, not per row.
    ids = []
    if given_ids:
        ids = [row["id"] for row in rows]
    elif with_id:
        first_id = (s.scalar(select(func.max(table.c.id))) or 0) + 1
        ids = list(range(first_id, first_id + len(rows)))
    connection = s.connection()
    columns = [c for c in rows[0] if c != "id"]
    convert = [(k, _bind_processor(table.c[c].type, connection.dialect)) for k, c in enumerate(columns)]
    convert = [(k, f) for k, f in convert if f is not None]
    fixed = tuple(_bound(table.c[c].type, connection.dialect, value) for c, value in constants.items())
    cells = operator.itemgetter(*columns) if len(columns) > 1 else lambda row: (row[columns[0]],)
    quote = connection.dialect.identifier_preparer.quote
    names = (["id"] if with_id else []) + columns + list(constants)
    statement = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in names)}) VALUES ({', '.join('?' * len(names))})"
    )
    for start in range(0, len(rows), _ROWS_PER_STATEMENT):
        check(progress, start, len(rows), "Datensätze werden gespeichert …")
        chunk = rows[start : start + _ROWS_PER_STATEMENT]
        if convert:
            values = []
            for row in chunk:
                record = list(cells(row))
                for k, f in convert:
                    if record[k] is not None:
                        record[k] = f(record[k])
                values.append((*record, *fixed))
        else:
            values = [(*cells(row), *fixed) for row in chunk]
        if with_id:
            values = [(new_id, *record) for new_id, record in zip(ids[start:], values, strict=False)]
        connection.exec_driver_sql(statement, values)
    return ids


def _bound(type_, dialect, value: object) -> object:
    """One value as SQLAlchemy would hand it to the driver for a column of this type."""
    process = type_.dialect_impl(dialect).bind_processor(dialect)
    return value if value is None or process is None else process(value)


def _bind_processor(type_, dialect) -> Callable | None:
    """How SQLAlchemy would convert a value of this column type for the driver (dates to text on SQLite).

    Remembered per value where it can be: an import stamps the same time on 200,000 rows."""
    process = type_.dialect_impl(dialect).bind_processor(dialect)
    if process is None:
        return None
    done: dict = {}

    def convert(value):
        try:
            return done[value]
        except KeyError:
            done[value] = process(value)
            return done[value]
        except TypeError:  # not hashable (JSON)
            return process(value)

    return convert


# -- update ----------------------------------------------------------------------------------------------------------
def update(
    s: Session,
    table: Table,
    rows: list[dict],
    *,
    key: tuple[str, ...] = ("id",),
    before: Mapping[int, Mapping] | None = None,
    redact: bool = False,
    new_version: bool = True,
    now: datetime | None = None,
) -> int:
    """Change records: each row holds the `key` columns and the new values. Returns how many rows were changed.

    Audited field by field against `before` (id → the stored values, when the caller has read them already) or
    what is stored; a record's version goes up by one and updated_at is now (`new_version=False` for values that
    are no edit of the record). Derived fields follow. Bookkeeping tables may use other keys than the id."""
    if not rows:
        return 0
    now = now or utcnow()
    audited = table.name not in audit.NOT_AUDITED_TABLES
    if audited and key != ("id",):
        raise ValueError(f"{table.name}: audited records are changed by id")
    changed_columns = sorted({c for row in rows for c in row if c not in key})
    if audited:
        stored = dict(before) if before is not None else {}
        missing = [row["id"] for row in rows if row["id"] not in stored]
        if missing:
            stored.update(_read(s, table, missing, changed_columns))
        entries = []
        for row in rows:
            old = stored.get(row["id"])
            if old is None:
                continue  # not there (any more): nothing changes
            for column, value in row.items():
                if column in key or column in audit.IGNORED_COLUMNS or old.get(column) == value:
                    continue
                entries.append(
                    {
                        "changed_at": now,
                        "entity": table.name,
                        "entity_id": row["id"],
                        "entity_uuid": old.get("uuid"),
                        "action": AuditAction.UPDATE,
                        "field": column,
                        "old_value": None if redact else audit.value_text(old.get(column)),
                        "new_value": None if redact else audit.value_text(value),
                    }
                )
        _log(s, entries, now)
    extra: dict[str, object] = {}
    if new_version and "version" in table.c:
        extra["version"] = table.c.version + 1
    if new_version and "updated_at" in table.c:
        extra["updated_at"] = now
    count = 0
    by_columns: dict[tuple[str, ...], list[dict]] = {}
    for row in rows:
        by_columns.setdefault(tuple(sorted(row)), []).append(row)
    for columns, group in by_columns.items():
        where = [table.c[k] == bindparam(f"k_{k}") for k in key]
        values = {c: bindparam(f"v_{c}") for c in columns if c not in key}
        params = [
            {**{f"k_{k}": row[k] for k in key}, **{f"v_{c}": row[c] for c in columns if c not in key}} for row in group
        ]
        result = s.connection().execute(table.update().where(*where).values({**values, **extra}), params)
        count += result.rowcount if result.rowcount is not None and result.rowcount >= 0 else len(group)
    if key == ("id",):
        _after_change(s, table, rows, changed_columns)
    return count


def update_where(s: Session, table: Table, where: ColumnElement[bool], values: dict, *, redact: bool = False) -> int:
    """Change every record the condition selects to these values (read first, so each change is audited)."""
    if table.name in audit.NOT_AUDITED_TABLES:
        return s.execute(table.update().where(where).values(values)).rowcount
    ids = list(s.scalars(select(table.c.id).where(where)))
    return update(s, table, [{"id": ident, **values} for ident in ids], redact=redact)


def _read(s: Session, table: Table, ids: list[int], columns: list[str]) -> dict[int, dict]:
    wanted = [table.c.id] + [table.c[c] for c in {*columns, "uuid"} if c in table.c and c != "id"]
    found: dict[int, dict] = {}
    for start in range(0, len(ids), _CHUNK):
        for row in s.execute(select(*wanted).where(table.c.id.in_(ids[start : start + _CHUNK]))).mappings():
            found[row["id"]] = dict(row)
    return found


def _after_change(s: Session, table: Table, rows: list[dict], columns: list[str]) -> None:
    """Derived fields of the changed records and of those whose texts include them (only where a source changed:
    an import merging 10,000 records changes the name of few)."""
    if "id" not in table.c:
        return
    sources = _source_fields(table.name)
    refresh_derived(s, table.name, [row["id"] for row in rows if sources.intersection(row)])
    if table.name == "organisation" and "name" in columns:
        renamed = [row["id"] for row in rows if "name" in row]
        refresh_derived(s, "person", _persons_of_organisations(s, renamed))
    if table.name == "affiliation" and {"person_id", "organisation_id"} & set(columns):
        moved = [row["id"] for row in rows if {"person_id", "organisation_id"}.intersection(row)]
        persons = {row["person_id"] for row in rows if "person_id" in row}
        for start in range(0, len(moved), _CHUNK):
            chunk = moved[start : start + _CHUNK]
            persons.update(s.scalars(select(Affiliation.person_id).where(Affiliation.id.in_(chunk))))
        refresh_derived(s, "person", persons)


# -- delete ----------------------------------------------------------------------------------------------------------
def delete(s: Session, table: Table, where: ColumnElement[bool], *, summary: Summary | None = None) -> int:
    """Delete the rows the condition selects. Audited: 'delete' for each record (or the one `summary` entry) and,
    read before the DELETE, for everything the database deletes or clears along. Persons who lose an affiliation
    (also by cascade) get their search texts again. Returns how many rows of `table` were deleted."""
    now = utcnow()
    audited = table.name not in audit.NOT_AUDITED_TABLES
    if "id" not in table.c or not audited:
        rows = [dict(r) for r in s.execute(select(table).where(where)).mappings()] if table.name in _LINKS else []
        count = s.execute(table.delete().where(where)).rowcount
        _refresh_links(s, table, rows)
        return count
    uuid = table.c.uuid if "uuid" in table.c else table.c.id
    found = s.execute(select(table.c.id, uuid).where(where)).all()
    if not found:
        return 0
    ids = [ident for ident, _uuid in found]
    connection = s.connection()
    entries = audit.cascade_entries(connection, table.name, ids)
    persons = _persons_losing_affiliations(s, table.name, ids, entries)
    own: list[dict] = []
    if summary is not None:
        log_summary(s, summary, now, AuditAction.DELETE)
    else:
        own = [
            {
                "entity": table.name,
                "entity_id": ident,
                "action": AuditAction.DELETE,
                "entity_uuid": value if "uuid" in table.c else None,
            }
            for ident, value in found
        ]
    _log(s, own + entries, now)
    count = 0
    for start in range(0, len(ids), _CHUNK):
        count += s.execute(table.delete().where(table.c.id.in_(ids[start : start + _CHUNK]))).rowcount
    refresh_derived(s, "person", persons - (set(ids) if table.name == "person" else set()))
    return count


def _persons_losing_affiliations(s: Session, table_name: str, ids: list[int], entries: list[dict]) -> set[int]:
    gone = [e["entity_id"] for e in entries if e["entity"] == "affiliation" and e["action"] == AuditAction.DELETE]
    if table_name == "affiliation":
        gone += ids
    persons: set[int] = set()
    for start in range(0, len(gone), _CHUNK):
        chunk = gone[start : start + _CHUNK]
        persons.update(s.scalars(select(Affiliation.person_id).where(Affiliation.id.in_(chunk))))
    removed = {e["entity_id"] for e in entries if e["entity"] == "person" and e["action"] == AuditAction.DELETE}
    return persons - removed


# -- the search index during bulk work -------------------------------------------------------------------------------
class SuspendedIndex:
    """Bulk work without the full-text index's per-row triggers (5 s for 86,000 inserted persons, against 0.5 s in
    bulk). Inside one SQLite transaction the triggers are dropped and re-created on leaving; a rollback restores
    them as well. Meanwhile every search text written here keeps the index right itself (`_store_derived`); rows
    inserted are added with index() by the caller, who knows their ids."""

    def __init__(self, s: Session):
        self.s = s
        self.connection = s.connection()
        self.active = self.connection.dialect.name == "sqlite" and has_index(self.connection)

    def __enter__(self) -> SuspendedIndex:
        if self.active:
            for table in INDEXED:
                for event in ("insert", "delete", "update"):
                    self.connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {index_table(table)}_{event}")
            self.s.info[_SUSPENDED] = self
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.s.info.pop(_SUSPENDED, None)
        if self.active and exc_type is None:
            for table in INDEXED:
                for statement in trigger_statements(table):
                    self.connection.exec_driver_sql(statement)

    def index(self, table: str, ids: list[int] | None = None, first: int | None = None, last: int | None = None):
        """Add these rows (by id list or id range) to the index, with their current search texts."""
        self._apply(table, "rowid, search_text", "id, search_text", ids, first, last)

    def unindex(self, table: str, ids: list[int] | None = None, first: int | None = None, last: int | None = None):
        """Remove these rows from the index; call it while they still hold the search text that was indexed."""
        fts = index_table(table)
        self._apply(table, f"{fts}, rowid, search_text", "'delete', id, search_text", ids, first, last)

    def _apply(self, table, columns, values, ids, first, last) -> None:
        if not self.active:
            return
        fts = index_table(table)
        statement = f"INSERT INTO {fts}({columns}) SELECT {values} FROM {table} WHERE "
        if ids is None:
            self.connection.exec_driver_sql(statement + "id BETWEEN ? AND ?", (first, last))
            return
        ids = list(ids)
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            self.connection.exec_driver_sql(statement + f"id IN ({','.join('?' * len(chunk))})", tuple(chunk))


def leave_no_trace(engine) -> None:
    """After an erasure: merge the search index (old segments would still hold the words) and empty the
    write-ahead log, so the erased data is nowhere in the file any more."""
    if engine.dialect.name != "sqlite":
        return
    with engine.begin() as connection:
        if has_index(connection):
            for table in INDEXED:
                fts = index_table(table)
                connection.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
