"""Search everywhere: actors, networks, meetings, tasks, volunteers, offers and participation, as you type.

Organisations and persons are found through the trigram index of their search texts (db/search_index.py: FTS5
on SQLite, pg_trgm on PostgreSQL); words shorter than three letters, which a trigram index cannot look up, filter
those hits further. The other kinds are smaller tables (up to some ten thousand rows) whose stored search texts
(models/searchable.py, folded like the actors') are scanned with a plain LIKE.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import ColumnElement, Select, and_, bindparam, func, literal, literal_column, or_, select
from sqlalchemy.orm import Session, sessionmaker

from sozialkoordination.actors.service import person_display_name, works_for
from sozialkoordination.core.formatting import german_date
from sozialkoordination.core.normalize import fold, without_leading_marks
from sozialkoordination.db import writes
from sozialkoordination.db.search_index import begins_with, bound_by_row_security, matching_ids, person_search
from sozialkoordination.models import (
    Angebot,
    Meeting,
    Network,
    Offer,
    Organisation,
    ParticipationActivity,
    Person,
    Task,
    Volunteer,
)
from sozialkoordination.models.searchable import Searchable

CANDIDATES = 200  # index hits per kind that are sorted for display; more means the user should type more
_ESCAPE = "/"  # escapes % and _ in LIKE patterns
_CHUNK = 5000  # records per statement when search texts are stored again
# The records with a stored search text of their own (models/searchable.py).
SEARCHED: tuple[type[Searchable], ...] = tuple(Searchable.__subclasses__())

# kind → heading shown above its group, in this order
KINDS = {
    "organisation": "Organisationen",
    "person": "Personen",
    "network": "Netzwerke",
    "meeting": "Sitzungen",
    "task": "Aufgaben",
    "volunteer": "Ehrenamtliche",
    "offer": "Engagementangebote",
    "angebot": "Angebote",
    "participation": "Bürgerbeteiligung",
}


@dataclass(frozen=True)
class SearchHit:
    kind: str
    id: int
    title: str
    detail: str


class SearchService:
    def __init__(self, session_factory: sessionmaker[Session]):
        self._sf = session_factory
        self._bound: bool | None = None  # a server login under row-level security (asked once)

    def _bound_by_row_security(self, s: Session) -> bool:
        if self._bound is None:
            self._bound = bound_by_row_security(s.connection())
        return self._bound

    def search(self, query: str, limit: int = 6) -> list[SearchHit]:
        """Hits grouped by kind (in the order of KINDS), at most `limit` per kind; every word must match."""
        words = fold(query).split()
        if not words or all(len(w) < 2 for w in words):
            return []
        hits: list[SearchHit] = []
        with self._sf() as s:
            hits += self._organisations(s, words, limit)
            hits += self._persons(s, words, limit)
            # Plain rows through the connection: the ORM's result handling cost 0.4 ms for the six statements.
            connection, parameters = s.connection(), _like_parameters(words)
            for kind, statement in _small_tables(len(words), limit, connection.dialect.name):
                rows = connection.execute(statement, parameters)
                hits += [SearchHit(kind, row[0], row[1], _detail(row[2:])) for row in rows]
        return hits

    # -- actors --------------------------------------------------------------------------------
    def _matching_ids(self, s: Session, table: str, words: list[str]) -> object:
        """A WHERE clause on the table's search text.

        - Words of three letters or more go to the trigram index. Only its first CANDIDATES hits are taken: a
          word such as ".example" is in nearly every row, and sorting 100,000 hits costs 50 ms per keystroke.
        - If every word is shorter (the first letters typed), the sort key is searched by prefix through its
          index ("mu" → Müller, Mundt …): a LIKE scan for two letters that match nothing takes 30 ms.
        - Short words next to long ones filter the index hits with LIKE."""
        model = Organisation if table == "organisation" else Person
        long_words = [w for w in words if len(w) >= 3]
        short = [model.search_text.contains(w, autoescape=True) for w in words if len(w) < 3]
        if not long_words:
            return begins_with(model.sort_key, without_leading_marks(" ".join(words)))
        dialect = s.get_bind().dialect.name
        if dialect != "sqlite":
            # PostgreSQL: the trigram index (pg_trgm GIN) answers LIKE '%wort%' on the search text itself. The hits
            # are a MATERIALIZED CTE so they are found first: as a plain subquery the planner walked the sort key
            # index and tested every row against them (230 ms for "kita sonnen" at 20,000 organisations, not 2).
            hits = [model.search_text.contains(w, autoescape=True) for w in long_words]
            if dialect != "postgresql":
                return and_(*short, *hits)
            if model is Person and self._bound_by_row_security(s):  # a coordinator: the index through a function
                candidates = person_search(long_words, CANDIDATES)
            else:
                candidates = select(model.id).where(*hits).limit(CANDIDATES)
            found = candidates.cte(f"{table}_hits").prefix_with("MATERIALIZED")
            return and_(model.id.in_(select(found.c.id)), *short)
        return and_(model.id.in_(matching_ids(table, long_words, CANDIDATES)), *short)

    def _organisations(self, s: Session, words: list[str], limit: int) -> list[SearchHit]:
        stmt = (
            select(Organisation.id, Organisation.name, Organisation.org_type, Organisation.city)
            .where(self._matching_ids(s, "organisation", words))
            .order_by(Organisation.sort_key)
            .limit(limit)
        )
        return [SearchHit("organisation", i, name, _detail((kind, city))) for i, name, kind, city in s.execute(stmt)]

    def _persons(self, s: Session, words: list[str], limit: int) -> list[SearchHit]:
        stmt = (
            select(Person.id, Person.title, Person.first_name, Person.last_name, works_for(), Person.city)
            .where(self._matching_ids(s, "person", words))
            .order_by(Person.sort_key)
            .limit(limit)
        )
        hits = []
        for person_id, title, first, last, organisation, city in s.execute(stmt):
            name = person_display_name(title, first, last)
            hits.append(SearchHit("person", person_id, name, organisation or city or ""))
        return hits


# -- the smaller tables --------------------------------------------------------------------------------------------
@lru_cache(maxsize=32)
def _small_tables(words: int, limit: int, dialect: str) -> tuple[tuple[str, Select], ...]:
    """The queries of the smaller tables for this many words, which they take as parameters word0, word1 …: built
    once, so that a keystroke only runs them (building and keying six statements anew cost 1 ms of a keystroke's 5)."""

    def contains(column, i: int) -> ColumnElement:
        return column.like(bindparam(f"word{i}"), escape=_ESCAPE)

    def matching(model: type[Searchable]) -> ColumnElement:
        return and_(*[contains(model.search_text, i) for i in range(words)])

    # SQLite reads the meetings in table order and sorts the hits (0.8 ms for 5,000) instead of walking the date
    # index, which for a word found in few meetings fetches every row in date order (1.9 ms): with the unary +,
    # the sort key is an expression that no index provides.
    newest_first = Meeting.meeting_date.desc()
    if dialect == "sqlite":
        newest_first = literal_column("+meeting.meeting_date").desc()
    # A volunteer is also found by the person's name: the sort key holds it folded ("nachname vorname"), and a word
    # has no spaces, so it is part of the name exactly when it is part of the key. Every volunteer has a person, so
    # the outer join finds the same rows; it makes SQLite go through the volunteers and look up their persons (an
    # outer join is never reordered), where an inner join walked all 100,000 persons in the order of their sort key
    # to find the few volunteers among them (5 ms).
    volunteer_name = func.coalesce(Person.first_name, "") + " " + Person.last_name
    volunteer_matching = and_(
        *[or_(contains(Volunteer.search_text, i), contains(Person.sort_key, i)) for i in range(words)]
    )
    activity = ParticipationActivity
    return (
        (
            "network",
            select(Network.id, Network.name, Network.network_type, literal(None))
            .where(matching(Network))
            .order_by(Network.name)
            .limit(limit),
        ),
        (
            "meeting",
            select(Meeting.id, Meeting.title, Meeting.meeting_type, Meeting.meeting_date)
            .where(matching(Meeting))
            .order_by(newest_first)
            .limit(limit),
        ),
        (
            "task",
            select(Task.id, Task.description, Task.status, Task.due_on)
            .where(matching(Task))
            .order_by(Task.status, Task.due_on)
            .limit(limit),
        ),
        (
            "volunteer",
            select(Volunteer.id, volunteer_name, Volunteer.role, Volunteer.ortschaft)
            .outerjoin(Person, Volunteer.person_id == Person.id)
            .where(volunteer_matching)
            .order_by(Person.sort_key)
            .limit(limit),
        ),
        (
            "offer",
            select(Offer.id, Offer.title, Offer.place, Offer.status)
            .where(matching(Offer))
            .order_by(Offer.title)
            .limit(limit),
        ),
        (
            "angebot",
            select(Angebot.id, Angebot.name, Angebot.kind, Angebot.place_city)
            .where(matching(Angebot))
            .order_by(Angebot.name)
            .limit(limit),
        ),
        (
            "participation",
            select(activity.id, activity.title, activity.format, activity.ortschaft)
            .where(matching(activity))
            .order_by(activity.title)
            .limit(limit),
        ),
    )


def _like_parameters(words: list[str]) -> dict[str, str]:
    """'%word%' for each word, its own % and _ escaped as contains(…, autoescape=True) does."""
    escaped = (w.replace(_ESCAPE, _ESCAPE * 2).replace("%", _ESCAPE + "%").replace("_", _ESCAPE + "_") for w in words)
    return {f"word{i}": f"%{w}%" for i, w in enumerate(escaped)}


store_search_texts = writes.store_search_texts  # kept where the Datenpaket import looks for it


def _detail(values) -> str:
    parts = []
    for value in values:
        if value is None or value == "":
            continue
        parts.append(german_date(value) if hasattr(value, "strftime") else str(value))
    return " · ".join(parts)
