"""Every write goes through the ORM or db/writes.py (STYLE.md, Layering 6): no module writes rows past them.

The rule, checked on the syntax tree of every module of the package (db/writes.py, db/audit.py and the Alembic
migrations excepted):
1. No `insert`, `update` or `delete` imported from SQLAlchemy (`from sqlalchemy import update`, also from a dialect
   such as `sqlalchemy.dialects.sqlite`), and none called on a SQLAlchemy module alias (`sa.update(...)`).
2. No Core method call `.insert()`, `.update()` or `.delete()` *without arguments* – that is how Table.insert(),
   Table.update() and Query.delete() are called. The same names with arguments are something else and allowed:
   `session.delete(obj)` (ORM, its events write audit and tombstones), `dict.update(x)`, `set.update(x)`,
   `list.insert(i, x)`.
3. No `exec_driver_sql` at all, no legacy `Session.query` (its bulk update()/delete() skip the ORM events) and no
   `bulk_insert_mappings`/`bulk_update_mappings`/`bulk_save_objects`.
4. No SQL text that writes rows: a string literal starting with INSERT INTO, UPDATE … SET, DELETE FROM or REPLACE
   INTO (also as the start of an f-string). Reading SQL through text() and PRAGMAs stay allowed."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import sozialkoordination

PACKAGE = Path(sozialkoordination.__file__).resolve().parent
ALLOWED = {"db/writes.py", "db/audit.py"}
ALLOWED_FOLDERS = ("db/migrations/",)
CORE_NAMES = {"insert", "update", "delete"}
BANNED_ATTRIBUTES = {"exec_driver_sql", "query", "bulk_insert_mappings", "bulk_update_mappings", "bulk_save_objects"}
WRITING_SQL = re.compile(r"^\s*(insert\s+into|update\s+\S+\s+set\b|delete\s+from|replace\s+into)\b", re.I | re.S)


def violations(source: str) -> list[str]:
    """What in this module's source breaks the rule, as 'line: what'."""
    tree = ast.parse(source)
    core_aliases: set[str] = set()
    module_aliases: set[str] = set()
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "sqlalchemy":
            for alias in node.names:
                if alias.name in CORE_NAMES:
                    core_aliases.add(alias.asname or alias.name)
                    found.append(f"{node.lineno}: imports {alias.name} from {node.module}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "sqlalchemy":
                    module_aliases.add((alias.asname or alias.name).split(".")[0])
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in core_aliases:
                found.append(f"{node.lineno}: {func.id}(…) of SQLAlchemy Core")
            elif isinstance(func, ast.Attribute) and func.attr in CORE_NAMES:
                on_module = isinstance(func.value, ast.Name) and func.value.id in module_aliases
                if on_module or (not node.args and not node.keywords):
                    found.append(f"{node.lineno}: .{func.attr}() of SQLAlchemy Core")
        if isinstance(node, ast.Attribute) and node.attr in BANNED_ATTRIBUTES:
            found.append(f"{node.lineno}: .{node.attr}")
        text = None
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
            text = str(node.values[0].value)
        if text is not None and WRITING_SQL.match(text):
            found.append(f"{node.lineno}: SQL that writes rows: {text[:40]!r}")
    return sorted(set(found), key=lambda v: int(v.split(":")[0]))


def modules() -> list[Path]:
    result = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        if name in ALLOWED or name.startswith(ALLOWED_FOLDERS):
            continue
        result.append(path)
    return result


def test_no_module_writes_rows_past_the_orm_and_db_writes():
    found = {
        path.relative_to(PACKAGE).as_posix(): problems
        for path in modules()
        if (problems := violations(path.read_text(encoding="utf-8")))
    }
    assert found == {}, "Rows written past the ORM and db/writes.py (use sozialkoordination.db.writes):\n" + "\n".join(
        f"  {name} {problem}" for name, problems in found.items() for problem in problems
    )


def test_the_allowed_places_exist_and_the_scan_covers_the_features():
    for name in ALLOWED:
        assert (PACKAGE / name).is_file()
    scanned = {path.relative_to(PACKAGE).as_posix() for path in modules()}
    assert {"actor_import/service.py", "exchange/service.py", "actors/service.py", "privacy/service.py"} <= scanned
    assert "db/writes.py" not in scanned and not any(name.startswith("db/migrations/") for name in scanned)


@pytest.mark.parametrize(
    "source",
    [
        "from sqlalchemy import update\ns.execute(update(Person).values(x=1))",
        "from sqlalchemy import delete as remove\ns.execute(remove(Person))",
        "from sqlalchemy.dialects.sqlite import insert\ns.execute(insert(t).on_conflict_do_nothing())",
        "import sqlalchemy as sa\ns.execute(sa.update(t).values(a=1))",
        "s.execute(table.update().where(table.c.id == 1).values(a=1))",
        "s.execute(Person.__table__.insert(), rows)",
        "s.query(Person).filter(Person.id == 1).delete()",
        "connection.exec_driver_sql('SELECT 1')",
        "s.bulk_insert_mappings(Person, rows)",
        "s.execute(text('DELETE FROM person WHERE id = 1'))",
        "s.execute(text('update person set notes = null'))",
        "s.execute(text(f'INSERT INTO {table} (a) VALUES (1)'))",
    ],
)
def test_the_rule_catches_each_way_past_the_write_path(source):
    assert violations(source)


@pytest.mark.parametrize(
    "source",
    [
        "s.delete(person)",  # ORM: the audit and tombstone events see it
        "values.update(name='x')",
        "found.update(ids)",
        "lines.insert(0, header)",
        "self._networks.delete(self._data.id)",  # a service method
        "count = delete(ids)",  # a callback, not SQLAlchemy's delete
        "s.execute(select(Person).where(Person.id == 1))",
        "connection.execute(text('PRAGMA foreign_keys=ON'))",
        "label = 'Update der Liste'",
        "writes.update(s, table, rows)",  # the write path itself
    ],
)
def test_the_rule_leaves_orm_writes_and_other_methods_alone(source):
    assert violations(source) == []
