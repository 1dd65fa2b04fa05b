"""Reading a test database the same way on SQLite and PostgreSQL: whole content, single queries."""

from sqlalchemy import Engine, MetaData, select, text


def dump(engine: Engine) -> list[tuple]:
    """Every row of every table (with the table's name, in key order): for before/after comparisons and for
    checking that a value is gone from the whole database."""
    metadata = MetaData()
    metadata.reflect(engine)
    rows: list[tuple] = []
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            if table.name == "sqlite_sequence" or table.name.endswith(("_fts_data", "_fts_idx", "_fts_docsize")):
                continue  # SQLite's own bookkeeping; the FTS shadow tables are checked through FTS5 itself
            order = list(table.primary_key.columns) or list(table.columns)
            rows += [(table.name, *row) for row in conn.execute(select(table).order_by(*order))]
    return rows


def query(engine: Engine, statement: str, **params) -> list[tuple]:
    """A plain SQL statement with :named parameters (both databases); returns its rows."""
    with engine.begin() as conn:
        result = conn.execute(text(statement), params)
        return [tuple(row) for row in result] if result.returns_rows else []
