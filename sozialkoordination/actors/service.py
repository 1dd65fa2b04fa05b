"""Actors use cases: list, filter, sort and page organisations and persons; create, edit, delete; export."""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Select, and_, case, exists, func, literal, or_, select
from sqlalchemy.orm import Session, aliased, selectinload, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from sozialkoordination.actors.conflicts import (
    FieldDifference,
    LastChange,
    SaveMerge,
    differences,
    last_change,
    merge_edits,
)
from sozialkoordination.actors.dto import ORGANISATION_FIELDS, PERSON_FIELDS, form_columns, form_labels
from sozialkoordination.areas.service import OUTSIDE_LABEL, stadt_goettingen
from sozialkoordination.config import resource_path
from sozialkoordination.consents.service import holds_on, valid_consent
from sozialkoordination.core.enums import ActorKind, ConsentPurpose, MinutesStatus, TaskStatus
from sozialkoordination.core.errors import ConflictError, NotFoundError, ValidationError
from sozialkoordination.core.formatting import german_date
from sozialkoordination.core.letters import Addressee
from sozialkoordination.core.normalize import (
    clean,
    fold,
    is_valid_email,
    is_valid_phone,
    is_valid_postcode,
    is_valid_url,
    normalize_phone,
    normalize_postcode,
    postcode_question,
    sort_key,
    without_leading_marks,
)
from sozialkoordination.core.progress import Progress
from sozialkoordination.db import search_index, writes
from sozialkoordination.db.writes import (
    ORGANISATION_SEARCH_FIELDS,
    PERSON_SEARCH_FIELDS,
    organisation_search_text,
    person_search_text,
    person_sort_key,
    store_organisation_search_texts,
    store_person_search_texts,
)
from sozialkoordination.documents import tables as table_export
from sozialkoordination.documents.columns import ColumnSpec
from sozialkoordination.import_journal.service import ACTOR_IMPORTS
from sozialkoordination.import_journal.service import history as import_history
from sozialkoordination.models import (
    Affiliation,
    Attendance,
    Consent,
    ImportChange,
    Invitation,
    Meeting,
    MinutesVersion,
    Organisation,
    Ortschaft,
    Person,
    Sozialraum,
    Sozialregion,
    Task,
    Theme,
)
from sozialkoordination.models.actor import organisation_theme, person_theme
from sozialkoordination.models.base import utcnow

log = logging.getLogger(__name__)

ORGANISATIONS, PERSONS = ActorKind.ORGANISATION, ActorKind.PERSON  # which list a filter, export or view is about
SALUTATIONS = ("", "Frau", "Herr")


ORGANISATION_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("name", "Name", width=40),
    ColumnSpec("org_type", "Typ", width=18),
    ColumnSpec("address", "Straße und Hausnummer", width=28),
    ColumnSpec("postcode", "PLZ", kind="postcode", width=7),
    ColumnSpec("city", "Ort", width=20),
    ColumnSpec("sozialraum", "Sozialraum", width=22),
    ColumnSpec("sozialregion", "Sozialregion", visible=False, width=26),
    ColumnSpec("phone", "Telefon", kind="phone", width=18),
    ColumnSpec("email", "E-Mail", width=30),
    ColumnSpec("website", "Website", visible=False, width=30),
    ColumnSpec("themes", "Themen", width=30),
    ColumnSpec("person_count", "Personen", kind="int", visible=False, width=9),
    ColumnSpec("updated_on", "Geändert am", kind="date", visible=False, width=12),
)

PERSON_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("last_name", "Nachname", width=20),
    ColumnSpec("first_name", "Vorname", width=16),
    ColumnSpec("salutation", "Anrede", visible=False, width=8),
    ColumnSpec("title", "Titel", visible=False, width=10),
    ColumnSpec("function", "Funktion", width=24),
    ColumnSpec("organisations", "Organisation", width=36),
    ColumnSpec("phone", "Telefon", kind="phone", width=18),
    ColumnSpec("mobile", "Mobil", kind="phone", visible=False, width=18),
    ColumnSpec("email", "E-Mail", width=30),
    ColumnSpec("address", "Straße und Hausnummer", visible=False, width=28),
    ColumnSpec("postcode", "PLZ", kind="postcode", visible=False, width=7),
    ColumnSpec("city", "Ort", visible=False, width=20),
    ColumnSpec("sozialraum", "Sozialraum", width=22),
    ColumnSpec("sozialregion", "Sozialregion", visible=False, width=26),
    ColumnSpec("themes", "Themen", visible=False, width=30),
    ColumnSpec("consents", "Einwilligungen", visible=False, width=30),
    ColumnSpec("updated_on", "Geändert am", kind="date", visible=False, width=12),
)

COLUMNS = {ORGANISATIONS: ORGANISATION_COLUMNS, PERSONS: PERSON_COLUMNS}

# Actors without a Sozialraum, by where they are (ActorFilter.area).
WITHOUT_SOZIALRAUM = "ohne"  # all of them
IN_CITY = "stadt"  # in the Stadt Göttingen: in the Landkreis, in none of its Sozialräume
OUTSIDE = "ausserhalb"  # a postcode of no place of the Landkreis
AREA_LABELS = {WITHOUT_SOZIALRAUM: "ohne Sozialraum", IN_CITY: "Stadt Göttingen", OUTSIDE: OUTSIDE_LABEL}


@dataclass(frozen=True)
class ActorFilter:
    kind: str = ORGANISATIONS
    sozialregion_id: int | None = None
    sozialraum_id: int | None = None
    org_type: str | None = None
    theme: str | None = None
    text: str = ""
    consent: str | None = None  # persons only: just those with a valid consent for this purpose today
    area: str | None = None  # WITHOUT_SOZIALRAUM, IN_CITY or OUTSIDE instead of a Sozialregion or Sozialraum
    # With a Sozialregion (and no Sozialraum): the Stadt Göttingen's actors too. The city is in no region, and its
    # Träger and services work for every region; without this they would vanish from each coordinator's list.
    with_city: bool = False
    import_batch_id: int | None = None  # only the records this import created or merged into


@dataclass(frozen=True)
class SortOrder:
    key: str | None = None
    descending: bool = False


@dataclass(frozen=True)
class ActorRow:
    """One line of the actor list: `values` in the order of COLUMNS[kind]."""

    id: int
    values: tuple


@dataclass
class ConsentData:
    purpose: str
    given_on: date | None = None
    source: str | None = None
    expires_on: date | None = None
    withdrawn_on: date | None = None
    id: int | None = None


@dataclass
class AffiliationData:
    organisation_id: int
    organisation_name: str = ""
    role: str | None = None


@dataclass
class OrganisationData:
    name: str = ""
    org_type: str | None = None
    street: str | None = None
    house_number: str | None = None
    postcode: str | None = None
    city: str | None = None
    sozialraum_id: int | None = None
    parent_id: int | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    notes: str | None = None
    themes: list[str] = field(default_factory=list)
    id: int | None = None
    version: int | None = None


@dataclass
class PersonData:
    last_name: str = ""
    first_name: str | None = None
    salutation: str | None = None
    title: str | None = None
    function: str | None = None
    phone: str | None = None
    mobile: str | None = None
    email: str | None = None
    street: str | None = None
    house_number: str | None = None
    postcode: str | None = None
    city: str | None = None
    sozialraum_id: int | None = None
    notes: str | None = None
    themes: list[str] = field(default_factory=list)
    affiliations: list[AffiliationData] = field(default_factory=list)
    consents: list[ConsentData] = field(default_factory=list)
    id: int | None = None
    version: int | None = None


def _address(street: str | None, number: str | None) -> str:
    return " ".join(p for p in (street, number) if p)


def person_display_name(title: str | None, first: str | None, last: str) -> str:
    return " ".join(p for p in (title, first, last) if p)


class ActorService:
    def __init__(
        self, session_factory: sessionmaker[Session], before_bulk_change: Callable[[str], object] | None = None
    ):
        self._sf = session_factory
        # Called before deleting several records at once (the app makes a backup there).
        self._before_bulk_change = before_bulk_change or (lambda _reason: None)
        self._full_text: bool | None = None  # the SQLite trigram index is there (asked once)
        self._bound: bool | None = None  # a server login under row-level security (asked once)

    # -- catalogues ----------------------------------------------------------------------------
    def organisation_types(self) -> list[str]:
        shipped = [
            line.strip()
            for line in resource_path("reference", "organisationstypen.txt").read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        with self._sf() as s:
            used = s.scalars(select(Organisation.org_type).where(Organisation.org_type.is_not(None)).distinct()).all()
        return shipped + sorted(set(used) - set(shipped), key=fold)

    def themes(self) -> list[str]:
        with self._sf() as s:
            return sorted(s.scalars(select(Theme.name)).all(), key=fold)

    def organisation_choices(self, text: str = "", limit: int = 50) -> list[tuple[int, str]]:
        with self._sf() as s:
            stmt = (  # German order by the folded key, the same on every database
                select(Organisation.id, Organisation.name, Organisation.city)
                .order_by(Organisation.sort_key, Organisation.id)
                .limit(limit)
            )
            for term in fold(text).split():
                stmt = stmt.where(Organisation.search_text.contains(term, autoescape=True))
            return [(i, f"{n} ({c})" if c else n) for i, n, c in s.execute(stmt)]

    def person_choices(self, text: str = "", limit: int = 50) -> list[tuple[int, str]]:
        """(id, "Dr. Anna Schulz (Familienzentrum Regenbogen)") of persons whose search text has every word."""
        with self._sf() as s:
            stmt = select(Person.id, Person.title, Person.first_name, Person.last_name, works_for())
            stmt = stmt.order_by(Person.sort_key).limit(limit)
            for term in fold(text).split():
                stmt = stmt.where(Person.search_text.contains(term, autoescape=True))
            choices = []
            for person_id, title, first, last, org in s.execute(stmt):
                name = person_display_name(title, first, last)
                choices.append((person_id, f"{name} ({org})" if org else name))
            return choices

    # -- lists ---------------------------------------------------------------------------------
    def count(self, flt: ActorFilter) -> int:
        with self._sf() as s:
            model = Organisation if flt.kind == ORGANISATIONS else Person
            words = fold(flt.text).split()
            only_words = words and all(len(w) >= 3 for w in words) and replace(flt, text="") == ActorFilter(flt.kind)
            if only_words and self._uses_full_text():
                # Every record has exactly one row in the index (the triggers and bulk writers keep it so): counting
                # its hits needs no lookup of each hit in the table (6,700 hits: 5 ms → 2 ms).
                hits = search_index.matching_ids(model.__tablename__, words).subquery()
                return s.scalar(select(func.count()).select_from(hits)) or 0
            stmt = self._filtered(select(func.count(model.id)).select_from(model), flt)
            return s.scalar(stmt) or 0

    def rows(
        self,
        flt: ActorFilter,
        order: SortOrder = SortOrder(),
        offset: int = 0,
        limit: int | None = 200,
        keys: list[str] | None = None,
        dense: bool = False,
    ) -> list[ActorRow]:
        """One page of the list. Values are in the order of COLUMNS; with `keys`, only those columns are read and
        the others are None (a list that hides the themes and consents need not read them for every row).

        dense: the caller knows that the filter keeps many rows (thousands). The first page is then read along the
        sort key's index, which meets a hit every few rows, instead of sorting every hit of the full-text index:
        "mue" (6,700 of 100,000 persons) 10 ms → 3 ms. For few hits, or pages further down, sorting is faster."""
        with self._sf() as s:
            stmt = self._list_query(flt, order, keys, dense).offset(offset)
            if limit is not None:
                stmt = stmt.limit(limit)
            result = s.connection().execute(stmt)
            if keys is None:
                return [ActorRow(r[0], tuple(r[1:])) for r in result]
            chosen = set(keys)
            positions = [keys.index(c.key) + 1 if c.key in chosen else None for c in COLUMNS[flt.kind]]
            return [ActorRow(r[0], tuple(None if i is None else r[i] for i in positions)) for r in result]

    def iter_rows(
        self, flt: ActorFilter, order: SortOrder = SortOrder(), chunk: int = 2000, keys: list[str] | None = None
    ) -> Iterator[ActorRow]:
        """All rows of a filtered list, fetched in chunks (for exports); only the columns `keys` if given, in that
        order (the organisations, themes and consents of 100,000 persons cost a second that a list without
        them need not pay)."""
        with self._sf() as s:
            # Plain rows from the connection: ORM row processing would cost a third of an export's time.
            result = s.connection().execute(self._list_query(flt, order, keys).execution_options(yield_per=chunk))
            for r in result:
                yield ActorRow(r[0], tuple(r[1:]))

    def _list_query(
        self, flt: ActorFilter, order: SortOrder, keys: list[str] | None = None, dense: bool = False
    ) -> Select:
        if flt.kind == ORGANISATIONS:
            columns = _organisation_columns()
            base = (
                select(Organisation.id, *_chosen(columns, keys))
                .select_from(Organisation)
                .outerjoin(Sozialraum, Organisation.sozialraum_id == Sozialraum.id)
                .outerjoin(Sozialregion, Sozialraum.sozialregion_id == Sozialregion.id)
            )
            default = [Organisation.sort_key, Organisation.id]
            sort_keys = {"name": Organisation.sort_key}
        else:
            columns = _person_columns(date.today())
            base = (
                select(Person.id, *_chosen(columns, keys))
                .select_from(Person)
                .outerjoin(Sozialraum, Person.sozialraum_id == Sozialraum.id)
                .outerjoin(Sozialregion, Sozialraum.sozialregion_id == Sozialregion.id)
            )
            default = [Person.sort_key, Person.id]
            sort_keys = {"last_name": Person.sort_key}
        stmt = self._filtered(base, flt, joined=True, dense=dense)
        if order.key in columns:
            expr = sort_keys.get(order.key, columns[order.key])
            if expr is columns[order.key] and getattr(expr.type, "python_type", None) is str:
                expr = func.lower(expr)
            nulls_last = expr.is_(None)  # empty values at the end in both directions
            stmt = stmt.order_by(nulls_last, expr.desc() if order.descending else expr.asc())
        return stmt.order_by(*default)

    def _uses_full_text(self) -> bool:
        if self._full_text is None:
            with self._sf() as s:
                connection = s.connection()
                self._full_text = connection.dialect.name == "sqlite" and search_index.has_index(connection)
        return self._full_text

    def _bound_by_row_security(self) -> bool:
        if self._bound is None:
            with self._sf() as s:
                self._bound = search_index.bound_by_row_security(s.connection())
        return self._bound

    def _filtered(self, stmt: Select, flt: ActorFilter, joined: bool = False, dense: bool = False) -> Select:
        model = Organisation if flt.kind == ORGANISATIONS else Person
        if flt.area == WITHOUT_SOZIALRAUM:
            stmt = stmt.where(model.sozialraum_id.is_(None))
        elif flt.area == IN_CITY:
            stmt = stmt.where(_in_city(model))
        elif flt.area == OUTSIDE:
            stmt = stmt.where(_outside(model))
        elif flt.sozialraum_id is not None:
            stmt = stmt.where(model.sozialraum_id == flt.sozialraum_id)
        elif flt.sozialregion_id is not None:
            in_region = model.sozialraum_id.in_(
                select(Sozialraum.id).where(Sozialraum.sozialregion_id == flt.sozialregion_id)
            )
            stmt = stmt.where(or_(in_region, _in_city(model)) if flt.with_city else in_region)
        if flt.import_batch_id is not None:
            stmt = stmt.where(_from_import(model, flt.import_batch_id))
        if flt.org_type:
            if model is Organisation:
                stmt = stmt.where(Organisation.org_type == flt.org_type)
            else:
                works_there = (
                    select(Affiliation.id)
                    .join(Organisation, Affiliation.organisation_id == Organisation.id)
                    .where(Affiliation.person_id == Person.id, Organisation.org_type == flt.org_type)
                )
                stmt = stmt.where(exists(works_there))
        if flt.theme:
            link = organisation_theme if model is Organisation else person_theme
            owner = link.c.organisation_id if model is Organisation else link.c.person_id
            has_theme = (
                select(link.c.theme_id)
                .join(Theme, Theme.id == link.c.theme_id)
                .where(owner == model.id, Theme.name == flt.theme)
            )
            stmt = stmt.where(exists(has_theme))
        words = fold(flt.text).split()
        if words and all(len(w) < 3 for w in words):
            # The first one or two letters typed find the names that begin with them, through the sort key's index,
            # as the global search does: "m" is in nearly every search text, and counting those took 20–30 ms.
            return stmt.where(search_index.begins_with(model.sort_key, without_leading_marks(" ".join(words))))
        server_search = model is Person and self._bound_by_row_security()  # a coordinator on the office server
        indexed = [w for w in words if len(w) >= 3] if self._uses_full_text() or server_search else []
        if indexed and server_search:
            stmt = stmt.where(model.id.in_(search_index.person_search(indexed)))
        elif indexed:
            # id + 0 keeps SQLite from looking the hits up by id and sorting them all (see rows(dense=...)).
            key = model.id + 0 if dense else model.id
            stmt = stmt.where(key.in_(search_index.matching_ids(model.__tablename__, indexed)))
        for term in words:
            if term not in indexed:
                stmt = stmt.where(model.search_text.contains(term, autoescape=True))
        if flt.consent and model is Person:
            stmt = stmt.where(valid_consent(flt.consent, date.today()))
        return stmt

    def import_choices(self) -> list[tuple[int, str]]:
        """The actor imports not undone, newest first, for the list's filter: (batch id, "Import 3 – liste.xlsx
        (07.12.2026)")."""
        return [
            (b.id, f"Import {b.id} – {b.file_name} ({german_date(b.created_at)})")
            for b in import_history(self._sf, ACTOR_IMPORTS)
            if b.undone_at is None
        ]

    # -- organisations -------------------------------------------------------------------------
    def get_organisation(self, organisation_id: int) -> OrganisationData:
        with self._sf() as s:
            org = s.get(Organisation, organisation_id, options=[selectinload(Organisation.themes)])
            if org is None:
                raise NotFoundError("Die Organisation wurde inzwischen gelöscht.")
            return _organisation_data(org)

    def clean_organisation(self, data: OrganisationData) -> OrganisationData:
        """Normalise and validate; raises ValidationError naming every wrong field."""
        data = replace(
            data,
            name=clean(data.name) or "",
            org_type=clean(data.org_type),
            street=clean(data.street),
            house_number=clean(data.house_number),
            postcode=normalize_postcode(data.postcode),
            city=clean(data.city),
            phone=normalize_phone(data.phone),
            email=clean(data.email),
            website=clean(data.website),
            notes=(data.notes or "").strip() or None,
            themes=clean_theme_names(data.themes),
        )
        errors: dict[str, str] = {}
        if not data.name:
            errors["name"] = "Der Name der Organisation fehlt."
        _check_contact(errors, data.email, data.phone, None, data.postcode)
        if data.website and not is_valid_url(data.website):
            errors["website"] = f"„{data.website}“ ist keine gültige Internetadresse (z. B. www.beispiel.de)."
        if errors:
            raise ValidationError(errors)
        return data

    def save_organisation(self, data: OrganisationData) -> int:
        """Create or update. An update over a version someone else saved meanwhile raises ConflictError with that
        version; saving again with its `version` overwrites it consciously."""
        data = self.clean_organisation(data)
        try:
            return self._store_organisation(data)
        except StaleDataError:  # checked below, or (on a server) saved by someone else between check and UPDATE
            raise self._organisation_conflict(data.id) from None

    def _store_organisation(self, data: OrganisationData) -> int:
        with self._sf.begin() as s, s.no_autoflush:  # one INSERT/UPDATE per save, so one version step
            if data.id is None:
                org = Organisation()
                s.add(org)
            else:
                org = s.get(Organisation, data.id, options=[selectinload(Organisation.themes)])
                if org is None:
                    raise NotFoundError(
                        "Die Organisation wurde inzwischen gelöscht; Ihre Änderungen wurden nicht gespeichert."
                    )
                _check_version(org.version, data.version)
                org.updated_at = utcnow()  # every save is a version step, also one that changes only the themes
            if data.parent_id is not None and data.parent_id == data.id:
                raise ValidationError({"parent": "Eine Organisation kann nicht ihr eigener Träger sein."})
            name_changed = org.name != data.name
            for attr in form_columns(ORGANISATION_FIELDS):
                setattr(org, attr, getattr(data, attr))
            org.themes = themes_by_name(s, data.themes)
            org.sort_key = sort_key(org.name)
            values = {f: getattr(org, f) for f in ORGANISATION_SEARCH_FIELDS}
            org.search_text = organisation_search_text(values, [t.name for t in org.themes])
            s.flush()
            if name_changed and data.id is not None:
                persons = select(Person.id).join(Affiliation).where(Affiliation.organisation_id == org.id)
                store_person_search_texts(s, s.scalars(persons).all())
            return org.id

    def _organisation_conflict(self, organisation_id: int) -> ConflictError | NotFoundError:
        with self._sf() as s:
            org = s.get(Organisation, organisation_id, options=[selectinload(Organisation.themes)])
            if org is None:
                return NotFoundError(
                    "Die Organisation wurde inzwischen gelöscht; Ihre Änderungen wurden nicht gespeichert."
                )
            change = last_change(s, "organisation", organisation_id)
            return _conflict(org.name, _organisation_data(org), change)

    def organisation_differences(
        self, mine: OrganisationData, theirs: OrganisationData, base: OrganisationData | None = None
    ) -> list[FieldDifference]:
        """Where the form's input differs from the version saved meanwhile (for the side-by-side view)."""
        mine = _cleaned(self.clean_organisation, mine)
        return differences(mine, theirs, base, ORGANISATION_LABELS, self._organisation_texts(mine, theirs, base))

    def merge_organisation(self, mine: OrganisationData, theirs: OrganisationData, base: OrganisationData) -> SaveMerge:
        """A save met `theirs`, saved by someone else since the form was loaded from `base`: the user's own edits
        laid over it. Only a field both changed differently is a clash; the other person's edits to other fields
        stay (their note survives when the user changed only the phone)."""
        mine = _cleaned(self.clean_organisation, mine)
        return merge_edits(mine, theirs, base, ORGANISATION_LABELS, self._organisation_texts(mine, theirs, base))

    def _organisation_texts(self, *versions: OrganisationData | None) -> dict[str, Callable[[object], str]]:
        with self._sf() as s:
            raeume = _names(s, Sozialraum, [d.sozialraum_id for d in versions if d])
            parents = _names(s, Organisation, [d.parent_id for d in versions if d])
        return {
            "sozialraum_id": lambda i: raeume.get(i, ""),
            "parent_id": lambda i: parents.get(i, ""),
            "themes": _theme_list,
        }

    def delete_organisations(self, ids: list[int]) -> int:
        if not ids:
            return 0
        if len(ids) > 1:
            self._before_bulk_change("vor-loeschung")
        with self._sf.begin() as s:
            persons = s.scalars(select(Person.id).join(Affiliation).where(Affiliation.organisation_id.in_(ids))).all()
            # The organisations a deleted Träger ran lose it, each change audited. The affiliations the database
            # removes along are audited by db/audit.py; the ORM delete also leaves the exchange its tombstones.
            table = Organisation.__table__
            writes.update_where(s, table, table.c.parent_id.in_(ids) & table.c.id.notin_(ids), {"parent_id": None})
            objs = s.scalars(select(Organisation).where(Organisation.id.in_(ids))).all()
            for org in objs:
                s.delete(org)
            s.flush()
            store_person_search_texts(s, persons)  # the database cascade removed their affiliations
            return len(objs)

    # -- persons -------------------------------------------------------------------------------
    def get_person(self, person_id: int) -> PersonData:
        with self._sf() as s:
            p = s.get(Person, person_id, options=_PERSON_LOAD)
            if p is None:
                raise NotFoundError("Die Person wurde inzwischen gelöscht.")
            return _person_data(p)

    def clean_person(self, data: PersonData) -> PersonData:
        data = replace(
            data,
            last_name=clean(data.last_name) or "",
            first_name=clean(data.first_name),
            salutation=clean(data.salutation),
            title=clean(data.title),
            function=clean(data.function),
            phone=normalize_phone(data.phone),
            mobile=normalize_phone(data.mobile),
            email=clean(data.email),
            street=clean(data.street),
            house_number=clean(data.house_number),
            postcode=normalize_postcode(data.postcode),
            city=clean(data.city),
            notes=(data.notes or "").strip() or None,
            themes=clean_theme_names(data.themes),
        )
        errors: dict[str, str] = {}
        if not data.last_name:
            errors["last_name"] = "Der Nachname fehlt."
        if data.salutation and data.salutation not in SALUTATIONS:
            errors["salutation"] = "Die Anrede muss „Frau“, „Herr“ oder leer sein."
        _check_contact(errors, data.email, data.phone, data.mobile, data.postcode)
        seen: set[int] = set()
        for aff in data.affiliations:
            if aff.organisation_id in seen:
                errors["affiliations"] = f"Die Organisation „{aff.organisation_name}“ ist doppelt eingetragen."
            seen.add(aff.organisation_id)
        for consent in data.consents:
            if not clean(consent.purpose):
                errors["consents"] = "Jede Einwilligung braucht einen Zweck (z. B. Einladungen)."
            elif consent.given_on and consent.expires_on and consent.expires_on < consent.given_on:
                errors["consents"] = f"Die Einwilligung „{consent.purpose}“ endet vor ihrem Datum."
        if errors:
            raise ValidationError(errors)
        return data

    def save_person(self, data: PersonData) -> int:
        """Create or update; a conflicting update raises ConflictError as save_organisation does."""
        data = self.clean_person(data)
        try:
            return self._store_person(data)
        except StaleDataError:
            raise self._person_conflict(data.id) from None

    def _store_person(self, data: PersonData) -> int:
        with self._sf.begin() as s, s.no_autoflush:
            if data.id is None:
                person = Person()
                s.add(person)
            else:
                person = s.get(
                    Person,
                    data.id,
                    options=[
                        selectinload(Person.themes),
                        selectinload(Person.consents),
                        selectinload(Person.affiliations),
                    ],
                )
                if person is None:
                    raise NotFoundError(
                        "Die Person wurde inzwischen gelöscht; Ihre Änderungen wurden nicht gespeichert."
                    )
                _check_version(person.version, data.version)
                # Every save is a version step, also one that changes only consents, organisations or themes.
                person.updated_at = utcnow()
            for attr in form_columns(PERSON_FIELDS):
                setattr(person, attr, getattr(data, attr))
            person.themes = themes_by_name(s, data.themes)
            self._sync_affiliations(s, person, data.affiliations)
            self._sync_consents(person, data.consents)
            if person.sozialraum_id is None and person.affiliations:
                # A contact person entered without an own address belongs where their organisation works,
                # so region and Sozialraum filters still find them.
                primary = s.get(Organisation, person.affiliations[0].organisation_id)
                person.sozialraum_id = primary.sozialraum_id if primary else None
            person.sort_key = person_sort_key(person.last_name, person.first_name)
            person.search_text = _person_search_text_of(s, person)
            s.flush()
            return person.id

    def _person_conflict(self, person_id: int) -> ConflictError | NotFoundError:
        with self._sf() as s:
            p = s.get(Person, person_id, options=_PERSON_LOAD)
            if p is None:
                return NotFoundError("Die Person wurde inzwischen gelöscht; Ihre Änderungen wurden nicht gespeichert.")
            related = {"consent": [c.id for c in p.consents], "affiliation": [a.id for a in p.affiliations]}
            change = last_change(s, "person", person_id, related)
            return _conflict(person_display_name(p.title, p.first_name, p.last_name), _person_data(p), change)

    def person_differences(
        self, mine: PersonData, theirs: PersonData, base: PersonData | None = None
    ) -> list[FieldDifference]:
        mine = _cleaned(self.clean_person, mine)
        return differences(mine, theirs, base, PERSON_LABELS, self._person_texts(mine, theirs, base))

    def merge_person(self, mine: PersonData, theirs: PersonData, base: PersonData) -> SaveMerge:
        """As merge_organisation, for a person (organisations and consents count as one field each)."""
        mine = _cleaned(self.clean_person, mine)
        return merge_edits(mine, theirs, base, PERSON_LABELS, self._person_texts(mine, theirs, base))

    def _person_texts(self, *versions: PersonData | None) -> dict[str, Callable[[object], str]]:
        with self._sf() as s:
            raeume = _names(s, Sozialraum, [d.sozialraum_id for d in versions if d])
            orgs = _names(s, Organisation, [a.organisation_id for d in versions if d for a in d.affiliations])

        def affiliations(items: list[AffiliationData]) -> str:
            return "; ".join(
                orgs.get(a.organisation_id, a.organisation_name) + (f" ({a.role})" if a.role else "") for a in items
            )

        return {
            "sozialraum_id": lambda i: raeume.get(i, ""),
            "themes": _theme_list,
            "affiliations": affiliations,
            "consents": _consent_list,
        }

    @staticmethod
    def _sync_affiliations(s: Session, person: Person, wanted: list[AffiliationData]) -> None:
        current = {a.organisation_id: a for a in person.affiliations}
        keep = {a.organisation_id for a in wanted}
        for org_id, aff in list(current.items()):
            if org_id not in keep:
                person.affiliations.remove(aff)
        for i, item in enumerate(wanted):
            if s.get(Organisation, item.organisation_id) is None:
                raise ValidationError(
                    {"affiliations": f"Die Organisation „{item.organisation_name}“ gibt es nicht mehr."}
                )
            aff = current.get(item.organisation_id)
            if aff is None:
                aff = Affiliation(organisation_id=item.organisation_id)
                person.affiliations.append(aff)
            aff.role = clean(item.role)
            aff.is_primary = i == 0

    @staticmethod
    def _sync_consents(person: Person, wanted: list[ConsentData]) -> None:
        current = {c.id: c for c in person.consents}
        keep = {c.id for c in wanted if c.id is not None}
        for cid, consent in list(current.items()):
            if cid not in keep:
                person.consents.remove(consent)
        for item in wanted:
            consent = current.get(item.id) if item.id is not None else None
            if consent is None:
                consent = Consent()
                person.consents.append(consent)
            consent.purpose = clean(item.purpose) or ""
            consent.given_on = item.given_on
            consent.source = clean(item.source)
            consent.expires_on = item.expires_on
            consent.withdrawn_on = item.withdrawn_on

    def deletion_notes(self, ids: list[int], shown: int = 5) -> list[str]:
        """What deleting these persons touches, one German sentence per person with open tasks or approved minutes
        ("Frau Erika Schulz hat 2 offene Aufgaben und steht in 1 genehmigten Protokoll (bleibt dort unverändert).")
        – asked before the deletion; at most `shown` sentences and a last one counting the rest."""
        with self._sf() as s:
            open_tasks = dict(
                s.execute(
                    select(Task.assignee_person_id, func.count(Task.id))
                    .where(Task.assignee_person_id.in_(ids), Task.status != TaskStatus.DONE)
                    .group_by(Task.assignee_person_id)
                ).all()
            )
            approved = select(Meeting.id).where(Meeting.minutes_status == MinutesStatus.APPROVED)
            minutes: dict[int, set[int]] = {}
            for column, meeting in (
                (Invitation.person_id, Invitation.meeting_id),
                (Attendance.person_id, Attendance.meeting_id),
                (Meeting.chair_person_id, Meeting.id),
                (Meeting.minute_taker_person_id, Meeting.id),
                (Task.assignee_person_id, Task.meeting_id),
            ):
                for person_id, meeting_id in s.execute(
                    select(column, meeting).where(column.in_(ids), meeting.in_(approved))
                ).all():
                    minutes.setdefault(person_id, set()).add(meeting_id)
            persons = s.scalars(select(Person).where(Person.id.in_(ids)).order_by(Person.sort_key)).all()
            for person in persons:  # stored Fassungen, also of minutes whose live records have changed since
                named = json.dumps({"first_name": person.first_name, "last_name": person.last_name}, ensure_ascii=False)
                stored = select(MinutesVersion.meeting_id).where(
                    MinutesVersion.content.contains(named[1:-1], autoescape=True)  # as the stored sheet writes it
                )
                minutes.setdefault(person.id, set()).update(s.scalars(stored))
            names = {
                p.id: " ".join(x for x in (p.salutation, p.title, p.first_name, p.last_name) if x) for p in persons
            }
        notes = []
        for person_id, name in names.items():
            tasks, approved_count = open_tasks.get(person_id, 0), len(minutes.get(person_id, ()))
            parts = []
            if tasks:
                parts.append(f"hat {tasks} offene Aufgabe{'n' if tasks > 1 else ''}")
            if approved_count:
                parts.append(
                    f"steht in {approved_count} genehmigten Protokoll{'en' if approved_count > 1 else ''} "
                    "(bleibt dort unverändert)"
                )
            if parts:
                notes.append(f"{name} {' und '.join(parts)}.")
        if len(notes) > shown:
            notes = [*notes[:shown], f"… und {len(notes) - shown} weitere Personen ebenso."]
        return notes

    def delete_persons(self, ids: list[int]) -> int:
        if not ids:
            return 0
        if len(ids) > 1:
            self._before_bulk_change("vor-loeschung")
        with self._sf.begin() as s:
            objs = s.scalars(select(Person).where(Person.id.in_(ids))).all()
            for person in objs:
                s.delete(person)
            return len(objs)

    # -- export --------------------------------------------------------------------------------
    def count_without_consent(self, flt: ActorFilter, purpose: str = ConsentPurpose.PASSING_ON) -> int:
        """How many persons of this list have no valid consent for `purpose` (0 for organisations).
        Asked before exporting contact data, which passes it on to others."""
        if flt.kind != PERSONS:
            return 0
        return self.count(replace(flt, consent=None)) - self.count(replace(flt, consent=purpose))

    def export(
        self,
        flt: ActorFilter,
        order: SortOrder,
        column_keys: list[str],
        path: Path,
        progress: Progress | None = None,
    ) -> int:
        """Write the list as it is shown (filter, sort, visible columns) to .xlsx or .csv; returns the row count."""
        specs = {c.key: c for c in COLUMNS[flt.kind]}
        unknown = [k for k in column_keys if k not in specs]
        if unknown or not column_keys:
            raise ValidationError({"columns": "Bitte wählen Sie mindestens eine bekannte Spalte für den Export."})
        chosen = [specs[k] for k in column_keys]
        total = self.count(flt)
        columns = [table_export.Column(c.label, c.kind, c.width) for c in chosen]
        dates = [i for i, c in enumerate(chosen) if c.kind == "date"]

        def rows() -> Iterator[list]:
            for row in self.iter_rows(flt, order, keys=column_keys):
                values = list(row.values)
                for i in dates:
                    values[i] = _export_value(values[i], "date")
                yield values

        title = "Organisationen" if flt.kind == ORGANISATIONS else "Personen"
        return table_export.write_table(path, columns, rows(), total=total, sheet_name=title, progress=progress)


@functools.cache
def _organisation_columns() -> dict:
    """The SQL of each column of the organisation list, built once (building it cost a millisecond per keystroke)."""
    themes = (
        select(func.aggregate_strings(Theme.name, ", "))
        .join(organisation_theme, organisation_theme.c.theme_id == Theme.id)
        .where(organisation_theme.c.organisation_id == Organisation.id)
        .scalar_subquery()
    )
    persons = select(func.count(Affiliation.id)).where(Affiliation.organisation_id == Organisation.id).scalar_subquery()
    address = func.trim(func.coalesce(Organisation.street, "") + " " + func.coalesce(Organisation.house_number, ""))
    return {
        "name": Organisation.name,
        "org_type": Organisation.org_type,
        "address": func.nullif(address, "").label("address"),
        "postcode": Organisation.postcode,
        "city": Organisation.city,
        "sozialraum": _sozialraum_shown(Organisation),
        "sozialregion": Sozialregion.name.label("sozialregion"),
        "phone": Organisation.phone,
        "email": Organisation.email,
        "website": Organisation.website,
        "themes": themes.label("themes"),
        "person_count": persons.label("person_count"),
        "updated_on": Organisation.updated_at.label("updated_on"),
    }


@functools.lru_cache(maxsize=1)
def _person_columns(today: date) -> dict:
    """The SQL of each column of the person list, built once a day (the consents column holds today's date)."""
    themes = (
        select(func.aggregate_strings(Theme.name, ", "))
        .join(person_theme, person_theme.c.theme_id == Theme.id)
        .where(person_theme.c.person_id == Person.id)
        .scalar_subquery()
    )
    org = aliased(Organisation)
    organisations = (
        select(func.aggregate_strings(org.name, "; "))
        .join(Affiliation, Affiliation.organisation_id == org.id)
        .where(Affiliation.person_id == Person.id)
        .scalar_subquery()
    )
    consents = (  # the purposes with a valid consent today (services/consents.py)
        select(func.aggregate_strings(Consent.purpose, ", "))
        .where(Consent.person_id == Person.id, holds_on(today))
        .scalar_subquery()
    )
    address = func.trim(func.coalesce(Person.street, "") + " " + func.coalesce(Person.house_number, ""))
    return {
        "last_name": Person.last_name,
        "first_name": Person.first_name,
        "salutation": Person.salutation,
        "title": Person.title,
        "function": Person.function,
        "organisations": organisations.label("organisations"),
        "phone": Person.phone,
        "mobile": Person.mobile,
        "email": Person.email,
        "address": func.nullif(address, "").label("address"),
        "postcode": Person.postcode,
        "city": Person.city,
        "sozialraum": _sozialraum_shown(Person),
        "sozialregion": Sozialregion.name.label("sozialregion"),
        "themes": themes.label("themes"),
        "consents": consents.label("consents"),
        "updated_on": Person.updated_at.label("updated_on"),
    }


def _in_city(model):
    """Records without a Sozialraum in the Stadt Göttingen (areas.service.City.holds in SQL); a person without an
    address of their own is where an organisation they work for is, as their Sozialraum would be."""
    return _placed(model, _address_in_city)


def _outside(model):
    """Records without a Sozialraum with a postcode of five digits that no place of the Landkreis has."""
    return _placed(model, _address_outside)


def _placed(model, where):
    if model is Organisation:
        return and_(Organisation.sozialraum_id.is_(None), where(Organisation))
    works_there = (
        select(Affiliation.id)
        .join(_affiliated, Affiliation.organisation_id == _affiliated.id)
        .where(Affiliation.person_id == Person.id, _affiliated.sozialraum_id.is_(None), where(_affiliated))
    )
    no_address = and_(func.coalesce(Person.postcode, "") == "", func.coalesce(Person.city, "") == "")
    return and_(Person.sozialraum_id.is_(None), or_(where(Person), and_(no_address, exists(works_there))))


_affiliated = aliased(Organisation, name="affiliated_organisation")


def _address_in_city(model):
    city = stadt_goettingen()
    no_postcode = func.coalesce(model.postcode, "") == ""
    named = func.lower(func.trim(model.city)).in_({city.name.lower(), fold(city.name)})
    return or_(model.postcode.in_(sorted(city.postcodes)), and_(no_postcode, named))


def _address_outside(model):
    return and_(
        func.length(model.postcode) == 5,
        model.postcode.not_in(select(Ortschaft.postcode).distinct()),
        model.postcode.not_in(sorted(stadt_goettingen().postcodes)),
    )


def _sozialraum_shown(model):
    """The Sozialraum column: its name, or where a record without one is ("Stadt Göttingen", "außerhalb …")."""
    where = case((_in_city(model), literal(stadt_goettingen().label)), (_outside(model), literal(OUTSIDE_LABEL)))
    return func.coalesce(Sozialraum.name, where).label("sozialraum")


def _from_import(model, batch_id: int):
    """Records the import created (a run of ids) or merged into, as its journal keeps them."""
    change = ImportChange.__table__.c
    return exists(
        select(change.id).where(
            change.batch_id == batch_id,
            change.entity == model.__tablename__,
            model.id.between(change.entity_id, func.coalesce(change.last_entity_id, change.entity_id)),
        )
    )


def _chosen(columns: dict, keys: list[str] | None) -> list:
    return list(columns.values()) if keys is None else [columns[k] for k in keys]


def _export_value(value, kind: str):
    if kind == "date" and isinstance(value, datetime):
        return value.date()
    return value


def _check_version(current: int, loaded: int | None) -> None:
    if loaded is not None and current != loaded:
        raise StaleDataError("version")


def _conflict(label: str, current: OrganisationData | PersonData, change: LastChange) -> ConflictError:
    who = f" von {change.user_name}" if change.user_name else ""
    when = f" am {change.changed_at:%d.%m.%Y} um {change.changed_at:%H:%M} Uhr" if change.changed_at else ""
    return ConflictError(
        f"„{label}“ wurde inzwischen an anderer Stelle geändert{who}{when}. Ihre Änderungen sind nicht "
        "gespeichert: Bitte öffnen Sie den Eintrag neu und übertragen Sie Ihre Änderungen.",
        current=current,
        changed_by=change.user_name,
        changed_at=change.changed_at,
    )


_PERSON_LOAD = [
    selectinload(Person.themes),
    selectinload(Person.consents),
    selectinload(Person.affiliations).selectinload(Affiliation.organisation),
]


def _organisation_data(org: Organisation) -> OrganisationData:
    return OrganisationData(
        name=org.name,
        org_type=org.org_type,
        street=org.street,
        house_number=org.house_number,
        postcode=org.postcode,
        city=org.city,
        sozialraum_id=org.sozialraum_id,
        parent_id=org.parent_id,
        phone=org.phone,
        email=org.email,
        website=org.website,
        notes=org.notes,
        themes=[t.name for t in org.themes],
        id=org.id,
        version=org.version,
    )


def _person_data(p: Person) -> PersonData:
    return PersonData(
        last_name=p.last_name,
        first_name=p.first_name,
        salutation=p.salutation,
        title=p.title,
        function=p.function,
        phone=p.phone,
        mobile=p.mobile,
        email=p.email,
        street=p.street,
        house_number=p.house_number,
        postcode=p.postcode,
        city=p.city,
        sozialraum_id=p.sozialraum_id,
        notes=p.notes,
        themes=[t.name for t in p.themes],
        affiliations=[AffiliationData(a.organisation_id, a.organisation.name, a.role) for a in p.affiliations],
        consents=[ConsentData(c.purpose, c.given_on, c.source, c.expires_on, c.withdrawn_on, c.id) for c in p.consents],
        id=p.id,
        version=p.version,
    )


ORGANISATION_LABELS = form_labels(ORGANISATION_FIELDS)
PERSON_LABELS = form_labels(PERSON_FIELDS)


def _cleaned(clean: Callable, data):
    """The input as it would be saved (the form may still hold unnormalised text)."""
    try:
        return clean(data)
    except ValidationError:
        return data


def _names(s: Session, model, ids: list[int | None]) -> dict[int, str]:
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    return dict(s.execute(select(model.id, model.name).where(model.id.in_(wanted))).all())


def _theme_list(themes: list[str]) -> str:
    return ", ".join(sorted(themes, key=fold))


def _consent_list(consents: list[ConsentData]) -> str:
    parts = []
    for c in sorted(consents, key=lambda c: (fold(c.purpose), c.given_on or date.min)):
        details = [f"erteilt {german_date(c.given_on)}" if c.given_on else "", c.source or ""]
        details += [f"bis {german_date(c.expires_on)}" if c.expires_on else ""]
        details += [f"widerrufen {german_date(c.withdrawn_on)}" if c.withdrawn_on else ""]
        shown = ", ".join(d for d in details if d)
        parts.append(f"{c.purpose} ({shown})" if shown else c.purpose)
    return "; ".join(parts)


def _check_contact(
    errors: dict[str, str], email: str | None, phone: str | None, mobile: str | None, postcode: str | None
) -> None:
    if email and not is_valid_email(email):
        errors["email"] = f"„{email}“ ist keine gültige E-Mail-Adresse (Beispiel: name@beispiel.de)."
    if phone and not is_valid_phone(phone):
        errors["phone"] = f"„{phone}“ ist keine gültige Telefonnummer (nur Ziffern, Leerzeichen, + / - ( ))."
    if mobile and not is_valid_phone(mobile):
        errors["mobile"] = f"„{mobile}“ ist keine gültige Mobilnummer."
    if postcode and not is_valid_postcode(postcode):
        question = postcode_question(postcode)
        errors["postcode"] = (
            f"{question} Bitte vollständig eingeben."
            if question
            else f"„{postcode}“ ist keine gültige Postleitzahl (fünf Ziffern)."
        )


def clean_theme_names(names: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        name = clean(name)
        if name and fold(name) not in seen:
            seen[fold(name)] = name
    return list(seen.values())


def themes_by_name(s: Session, names: list[str]) -> list[Theme]:
    """The themes of these names: existing ones by folded name, missing ones created."""
    if not names:
        return []
    existing = {fold(t.name): t for t in s.scalars(select(Theme))}
    result = []
    for name in names:
        theme = existing.get(fold(name))
        if theme is None:
            theme = Theme(name=name)
            s.add(theme)
            existing[fold(name)] = theme
        result.append(theme)
    return result


def works_for():
    """SQL: the name of the organisation a person works for (the primary affiliation first), per Person row."""
    return (
        select(Organisation.name)
        .join(Affiliation, Affiliation.organisation_id == Organisation.id)
        .where(Affiliation.person_id == Person.id)
        .order_by(Affiliation.is_primary.desc(), Affiliation.id)
        .limit(1)
        .scalar_subquery()
    )


def addressees(s: Session, person_ids: list[int]) -> dict[int, Addressee]:
    """Persons with the organisation they are reached at (primary affiliation first): its name, and its address
    and e-mail where the person has none of their own. For letters, invitation lists and member lists."""
    result: dict[int, Addressee] = {}
    ids = list(dict.fromkeys(person_ids))
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        persons = {p.id: p for p in s.scalars(select(Person).where(Person.id.in_(chunk)))}
        orgs: dict[int, Organisation] = {}
        links = s.execute(
            select(Affiliation.person_id, Organisation)
            .join(Organisation, Affiliation.organisation_id == Organisation.id)
            .where(Affiliation.person_id.in_(chunk))
            .order_by(Affiliation.is_primary.desc(), Affiliation.id)
        )
        for person_id, org in links:
            orgs.setdefault(person_id, org)
        for pid, p in persons.items():
            org = orgs.get(pid)
            own_address = bool(p.street or p.postcode or p.city)
            source = p if own_address or org is None else org
            result[pid] = Addressee(
                salutation=p.salutation,
                title=p.title,
                first_name=p.first_name,
                last_name=p.last_name,
                organisation=org.name if org else None,
                street=source.street,
                house_number=source.house_number,
                postcode=source.postcode,
                city=source.city,
                email=p.email or (org.email if org else None),
                phone=p.phone or p.mobile,
                sozialraum_id=p.sozialraum_id or (org.sozialraum_id if org else None),
            )
    return result


def primary_organisations(s: Session, person_ids: Iterable[int] | None = None) -> dict[int, int]:
    """Person id → the organisation they are counted for (the primary affiliation first); of everybody, or only
    of these persons."""
    result: dict[int, int] = {}
    stmt = select(Affiliation.person_id, Affiliation.organisation_id).order_by(
        Affiliation.is_primary.desc(), Affiliation.id
    )
    if person_ids is None:
        chunks: Iterable[list[int] | None] = [None]
    else:
        ids = list(person_ids)
        chunks = [ids[i : i + _CHUNK] for i in range(0, len(ids), _CHUNK)]
    for chunk in chunks:
        for person_id, org_id in s.execute(stmt if chunk is None else stmt.where(Affiliation.person_id.in_(chunk))):
            result.setdefault(person_id, org_id)
    return result


_CHUNK = 5000  # ids per statement: well below SQLite's limit of bound parameters


def _person_search_text_of(s: Session, person: Person) -> str:
    """The search text of a person being saved through the ORM (affiliations may not be flushed yet)."""
    orgs = [org.name for a in person.affiliations if (org := s.get(Organisation, a.organisation_id)) is not None]
    values = {field: getattr(person, field) for field in PERSON_SEARCH_FIELDS}
    return person_search_text(values, orgs, [t.name for t in person.themes])


def refresh_search_texts(session_factory: sessionmaker[Session]) -> None:
    """Recompute every sort key and search text (after bulk inserts such as the demo data)."""
    with session_factory.begin() as s:
        store_organisation_search_texts(s, s.scalars(select(Organisation.id)).all())
        store_person_search_texts(s, s.scalars(select(Person.id)).all())
