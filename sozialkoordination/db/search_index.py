"""The full-text index of the actors' search texts: any part of a name, place, e-mail or note is found in
milliseconds among 100,000 persons, where a LIKE scan takes up to 90 ms.

- SQLite: FTS5 tables with the trigram tokenizer. They are not part of the ORM models: triggers keep them in step
  with organisation.search_text and person.search_text, whoever writes those (forms, import, undo, demo data);
  bulk work suspends them (db/writes.SuspendedIndex).
- PostgreSQL: GIN indexes of the pg_trgm extension on the search texts themselves, which the server keeps in step
  and uses for `search_text LIKE '%wort%'`. There the migration also gives the sort keys the byte order of SQLite
  ("C" collation): the German order comes from the folded key, not from the server's locale, and prefix searches on
  the key can use its index. (It created `fold()` in SQL as well, for the other tables of the global search; since
  they store their search texts, migration 0007 drops it.)"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, Text, and_, bindparam, func, select, text
from sqlalchemy.dialects.postgresql import ARRAY

INDEXED = ("organisation", "person")


def index_table(table: str) -> str:
    return f"{table}_fts"


def is_index_table(name: str) -> bool:
    """person_fts and its shadow tables (person_fts_data, _idx, _docsize, _config)."""
    return any(name == index_table(t) or name.startswith(index_table(t) + "_") for t in INDEXED)


def include_name(name: str | None, type_: str, _parent_names) -> bool:
    """For Alembic's comparisons: the index tables (SQLite) and trigram indexes (PostgreSQL) are created by
    migration 0004, not by the models."""
    if type_ == "index" and name in {trigram_index(t) for t in INDEXED}:
        return False
    return not (type_ == "table" and name and is_index_table(name))


def trigger_statements(table: str) -> list[str]:
    fts = index_table(table)
    return [
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF search_text ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
        f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
    ]


def matching_ids(table: str, words: list[str], limit: int | None = None) -> Select:
    """The ids of the rows whose search text contains every word, through the trigram index (each word needs three
    letters or more; shorter ones are the caller's LIKE). A word found in few rows costs 1–3 ms at 100,000 persons,
    where a LIKE scan of every search text costs 25 ms for the count and up to 120 ms for a sorted page."""
    fts = index_table(table)
    phrase = " AND ".join('"' + w.replace('"', '""') + '"' for w in words)
    statement = select(text("rowid")).select_from(text(fts)).where(text(f"{fts} MATCH :phrase")).params(phrase=phrase)
    return statement.limit(limit) if limit is not None else statement


def begins_with(column, prefix: str) -> ColumnElement[bool]:
    """column starts with prefix, as a range its index answers (LIKE 'x%' is not indexed for case-insensitive
    LIKE on SQLite). The column holds folded text; U+FFFF sorts after every letter."""
    return and_(column >= prefix, column < prefix + "\uffff")


def has_index(connection) -> bool:
    """Does this (SQLite) database have the full-text index (migration 0004)?"""
    found = connection.execute(
        text("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = :name"),
        {"name": index_table(INDEXED[0])},
    )
    return bool(found.scalar())


def drop_statements(table: str) -> list[str]:
    fts = index_table(table)
    return [f"DROP TRIGGER IF EXISTS {fts}_{event}" for event in ("insert", "delete", "update")] + [
        f"DROP TABLE IF EXISTS {fts}"
    ]


# -- PostgreSQL ----------------------------------------------------------------------------------------------------

# Letters folded to two (services/normalize.fold), in both cases: lower() leaves non-ASCII letters alone when the
# database was created with the C locale, so nothing here may depend on it.
_TWO_LETTERS = (("Ä", "ae"), ("ä", "ae"), ("Ö", "oe"), ("ö", "oe"), ("Ü", "ue"), ("ü", "ue"), ("ß", "ss"), ("ẞ", "ss"))


def fold_function() -> str:
    """fold(text) in SQL, the same result as services.normalize.fold: umlauts as ae/oe/ue/ss, other accents
    dropped (NFKD without the combining marks), lower case. NULL gives '' as in Python. Databases at revisions 0004
    to 0006 have it; 0007 drops it and its downgrade creates it again."""
    folded = "coalesce(value, '')"
    for letter, replacement in _TWO_LETTERS:
        folded = f"replace({folded}, '{letter}', '{replacement}')"
    folded = f"lower(regexp_replace(normalize({folded}, NFKD), '[\\u0300-\\u036f]', '', 'g'))"
    return (
        "CREATE OR REPLACE FUNCTION fold(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE "
        f"AS $$ SELECT {folded} $$"
    )


def trigram_index(table: str) -> str:
    return f"ix_{table}_search_trgm"


def postgresql_create_statements() -> list[str]:
    statements = ["CREATE EXTENSION IF NOT EXISTS pg_trgm", fold_function()]
    for table in INDEXED:
        statements += [
            f'ALTER TABLE {table} ALTER COLUMN sort_key TYPE VARCHAR(300) COLLATE "C"',
            f"CREATE INDEX IF NOT EXISTS {trigram_index(table)} ON {table} USING gin (search_text gin_trgm_ops)",
        ]
    return statements


def postgresql_drop_statements() -> list[str]:
    statements = []
    for table in INDEXED:
        statements += [
            f"DROP INDEX IF EXISTS {trigram_index(table)}",
            f'ALTER TABLE {table} ALTER COLUMN sort_key TYPE VARCHAR(300) COLLATE "default"',
        ]
    return [*statements, "DROP FUNCTION IF EXISTS fold(text)"]  # pg_trgm stays: others may use it


def postgresql_has_index(connection) -> bool:
    found = connection.execute(
        text("SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname IN (:o, :p)"),
        {"o": trigram_index("organisation"), "p": trigram_index("person")},
    )
    return found.scalar() == len(INDEXED)


def bound_by_row_security(connection) -> bool:
    """PostgreSQL: is this login bound by the row-level security of migration 0013 (a coordinator, not the owner of
    the tables or a superuser)? Its searches of persons then go through person_search()."""
    if connection.dialect.name != "postgresql":
        return False
    exists = connection.execute(text("SELECT to_regprocedure('sozk_is_owner()') IS NOT NULL")).scalar()
    return bool(exists) and not connection.execute(text("SELECT sozk_is_owner()")).scalar()


def person_search(words: list[str], limit: int | None = None) -> Select:
    """The ids of the persons whose search text contains every word (three letters or more), for a login bound by
    row-level security: through the trigram index, which the planner may not use under the policies, and only the
    persons the login may see (function sozk_person_search, migration 0013)."""
    patterns = ["%" + w.replace("/", "//").replace("%", "/%").replace("_", "/_") + "%" for w in words]
    found = (
        func.sozk_person_search(bindparam("patterns", patterns, type_=ARRAY(Text)), limit)
        .table_valued("id")
        .render_derived(name="found")
    )
    return select(found.c.id)
