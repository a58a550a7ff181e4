"""Migrations and models tell the same story, and the whole chain goes up, down and up again.

- Alembic's autogenerate, configured exactly like ``migrations/env.py``,
  finds no difference between ``models.Base.metadata`` and a database
  migrated to head (and does find one when the database drifts, so an
  empty answer means something).
- ``upgrade head`` → ``downgrade base`` leaves no table, type, function or
  sequence behind → ``upgrade head`` works again, and on the way every
  ``.sql`` file under ``migrations/sql/`` is run (none is forgotten).
- The offline script (``alembic upgrade --sql``, for a DBA to review and
  run) builds the same database, security included.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from importlib.resources.abc import Traversable
from io import StringIO

import psycopg
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.orm import configure_mappers
from sqlalchemy.pool import NullPool

import migrations
import models
from migrations import sql_files
from services.database_urls import libpq_url
from tests.integration.test_security_catalogue import GOLDEN, security_catalogue


@contextmanager
def connect(url: str) -> Iterator[Connection]:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


def schema_differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts=migrations.AUTOGENERATE_OPTIONS)
    return list(compare_metadata(context, models.Base.metadata))


def leftover_objects(connection: Connection) -> dict[str, list[str]]:
    """Everything in schema ``public`` except Alembic's own version table."""
    relations = connection.execute(
        text(
            "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace"
            " AND relname NOT IN ('alembic_version', 'alembic_version_pkc') ORDER BY relname"
        )
    ).scalars()
    types = connection.execute(
        text(
            "SELECT typname FROM pg_type t WHERE typnamespace = 'public'::regnamespace"
            " AND (typtype IN ('e', 'd', 'r', 'm')"
            "      OR EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind = 'c'))"
            " ORDER BY typname"
        )
    ).scalars()
    functions = connection.execute(
        text("SELECT proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace ORDER BY proname")
    ).scalars()
    return {"relations": list(relations), "types": list(types), "functions": list(functions)}


def head_revision() -> str:
    head = ScriptDirectory.from_config(migrations.alembic_config("postgresql+psycopg://")).get_current_head()
    assert head is not None
    return head


def test_mappers_configure() -> None:
    """Every relationship resolves (a typo in a ``relationship()`` would otherwise surface at first query)."""
    configure_mappers()


def test_models_match_the_migrated_database(fresh_database: Callable[[], str]) -> None:
    url = fresh_database()
    migrations.upgrade(url)

    with connect(url) as connection:
        assert schema_differences(connection) == []

        # The comparison is live: drift made inside this (rolled back) transaction is reported.
        connection.execute(text("DROP INDEX ix_entries_review_queue"))
        connection.execute(text("ALTER TABLE entries ALTER COLUMN note SET NOT NULL"))
        drift = schema_differences(connection)
        connection.rollback()
    assert len(drift) == 2, drift


def shipped_sql_files() -> set[tuple[str, str]]:
    """``(revision, name)`` of every ``.sql`` file the installed ``migrations`` package holds."""

    def walk(folder: Traversable, prefix: str) -> Iterator[str]:
        for item in folder.iterdir():
            if item.is_dir():
                yield from walk(item, f"{prefix}{item.name}/")
            elif item.name.endswith(".sql"):
                yield prefix + item.name.removesuffix(".sql")

    root = resources.files("migrations").joinpath("sql")
    return {(revision.name, name) for revision in root.iterdir() if revision.is_dir() for name in walk(revision, "")}


def test_upgrade_downgrade_upgrade_round_trip(
    fresh_database: Callable[[], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run: set[tuple[str, str]] = set()
    read = sql_files.sql_text

    def recording(revision: str, name: str) -> str:
        run.add((revision, name))
        return read(revision, name)

    monkeypatch.setattr(sql_files, "sql_text", recording)
    url = fresh_database()
    with connect(url) as connection:
        nothing = leftover_objects(connection)
    assert nothing == {"relations": [], "types": [], "functions": []}

    migrations.upgrade(url)
    assert migrations.current(url) == head_revision()

    migrations.downgrade(url, "base")
    assert migrations.current(url) is None
    with connect(url) as connection:
        assert leftover_objects(connection) == nothing

    migrations.upgrade(url)
    assert migrations.current(url) == head_revision()
    with connect(url) as connection:
        assert schema_differences(connection) == []
    assert run == shipped_sql_files()
    assert ("0003", "policies/rulings") in run  # files in sub-folders count too


def test_offline_script_builds_the_same_database(fresh_database: Callable[[], str]) -> None:
    url = fresh_database()
    config = migrations.alembic_config(url)
    config.output_buffer = script = StringIO()
    command.upgrade(config, "head", sql=True)

    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        conn.execute(script.getvalue().encode())  # no parameters: sent as written, many statements

    assert migrations.current(url) == head_revision()
    with connect(url) as connection:
        assert schema_differences(connection) == []
    assert security_catalogue(libpq_url(url)) == GOLDEN.read_text(encoding="utf-8")
