"""Alembic environment: sync psycopg 3 engine, target metadata ``models.Base.metadata``.

Runs on a connection handed over in ``config.attributes["connection"]``
(callers that already hold one, e.g. inside a test transaction), or on a
short-lived engine built from the ``sqlalchemy.url`` main option (see
:func:`migrations.alembic_config`). Offline mode (``--sql``) renders the
DDL for the same URL's dialect.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool

from migrations import AUTOGENERATE_OPTIONS

config = context.config


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        **AUTOGENERATE_OPTIONS,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_on(connection: Connection) -> None:
    context.configure(connection=connection, **AUTOGENERATE_OPTIONS)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_migrations_on(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("No database: set the 'sqlalchemy.url' option or pass config.attributes['connection'].")
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            run_migrations_on(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
