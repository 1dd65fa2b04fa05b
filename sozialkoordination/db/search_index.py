"""The full-text index of the actors' search texts (SQLite FTS5, trigram): any part of a name, place, e-mail
or note is found in milliseconds among 100,000 persons, where a LIKE scan takes up to 90 ms.

The index tables are not part of the ORM models: triggers keep them in step with organisation.search_text and
person.search_text, whoever writes those (forms, import, undo, demo data)."""

from __future__ import annotations

INDEXED = ("organisation", "person")


def index_table(table: str) -> str:
    return f"{table}_fts"


def is_index_table(name: str) -> bool:
    """person_fts and its shadow tables (person_fts_data, _idx, _docsize, _config)."""
    return any(name == index_table(t) or name.startswith(index_table(t) + "_") for t in INDEXED)


def include_name(name: str | None, type_: str, _parent_names) -> bool:
    """For Alembic's comparisons: the index tables are created by migration 0004, not by the models."""
    return not (type_ == "table" and name and is_index_table(name))


def create_statements(table: str) -> list[str]:
    fts = index_table(table)
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5(search_text, content='{table}', content_rowid='id', "
        "tokenize='trigram')",
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF search_text ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
        f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def drop_statements(table: str) -> list[str]:
    fts = index_table(table)
    return [f"DROP TRIGGER IF EXISTS {fts}_{event}" for event in ("insert", "delete", "update")] + [
        f"DROP TABLE IF EXISTS {fts}"
    ]
