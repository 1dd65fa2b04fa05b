"""Further databases beside a test's own one, on the same kind of server (SQLite files or a server database)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from sozialkoordination.app import open_context


@pytest.fixture
def databases(db_url, tmp_path):
    """open_more(name) → an opened AppContext on a fresh database of its own; all closed (and dropped) after."""
    opened, created = [], []
    url = make_url(db_url)

    def admin_engine():
        return create_engine(url, isolation_level="AUTOCOMMIT")

    def open_more(name: str):
        if url.get_backend_name() == "sqlite":
            other = str(url.set(database=str(tmp_path / f"{name}.sqlite")))
        else:
            other_name = f"{url.database}_{name}".replace("-", "_")
            admin = admin_engine()
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{other_name}"'))
                conn.execute(text(f'CREATE DATABASE "{other_name}"'))
            admin.dispose()
            created.append(other_name)
            other = url.set(database=other_name).render_as_string(hide_password=False)
        ctx = open_context(other)
        opened.append(ctx)
        return ctx

    yield open_more
    for ctx in opened:
        ctx.close()
    if created:
        admin = admin_engine()
        with admin.connect() as conn:
            for name in created:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()
