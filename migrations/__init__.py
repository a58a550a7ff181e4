"""Alembic environment and revisions, with a small programmatic API.

The CLI (``ruling-desk db …``), the embedded-server bootstrap and the tests
migrate through these functions instead of an ``alembic.ini``: the script
location is this package's directory, so they work from any working
directory and from an installed wheel. URLs are SQLAlchemy URLs for the
sync psycopg 3 driver, e.g. ``postgresql+psycopg://user:pw@/db?host=/socket/dir``.

:func:`include_object` and :data:`AUTOGENERATE_OPTIONS` are shared by
``env.py`` and the test that proves the models and the migrated database
agree, so both compare exactly the same things.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

import models
import services  # noqa: F401  # first, so revision 0002 can import oban without erlpack

SCRIPT_LOCATION: Final = Path(__file__).resolve().parent


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Alembic hook: leave out tables that exist on purpose without a model.

    Those are the ``oban`` package's own coordination tables
    (``models.jobs.OBAN_INTERNAL_TABLES``), which its installer creates and
    may reshape between versions.
    """
    internal_tables = models.jobs.OBAN_INTERNAL_TABLES
    return not (type_ == "table" and name in internal_tables)


AUTOGENERATE_OPTIONS: Final[dict[str, Any]] = {
    "target_metadata": models.Base.metadata,
    "compare_type": True,
    "compare_server_default": True,
    "include_object": include_object,
}
"""Options for ``context.configure`` / ``MigrationContext.configure`` when comparing schemas."""


def alembic_config(url: str) -> Config:
    """An Alembic ``Config`` for the database at ``url``, without any ini file."""
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    config.set_main_option("path_separator", "os")
    # Config values go through configparser interpolation: escape '%' (URL-encoded passwords).
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database at ``url`` up to ``revision``."""
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    """Migrate the database at ``url`` down to ``revision`` (``"base"`` removes everything)."""
    command.downgrade(alembic_config(url), revision)


def current(url: str) -> str | None:
    """The revision the database at ``url`` is at, or ``None`` if it was never migrated."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
