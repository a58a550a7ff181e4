"""Bringing a database to the state the workstation needs before a window opens.

Every start migrates to the newest schema. On the embedded server, the
first start also seeds a few hundred demo entries with generated documents,
so a person who just typed ``uv run ruling-desk`` has a realistic queue to
work. A central server is never seeded implicitly: that is ``ruling-desk
seed``'s job, asked for explicitly.
"""

from __future__ import annotations

import migrations
from app.connection import Connection
from app.database_urls import sqlalchemy_url
from app.settings import Settings

FIRST_RUN_ENTRIES = 300


def prepare_database(connection: Connection, settings: Settings) -> None:
    """Migrate to head; on the embedded server, seed demo data if it is empty."""
    migrations.upgrade(sqlalchemy_url(connection.url), "head")
    if settings.embedded:
        from app.seed_command import seed_if_empty

        seed_if_empty(connection.url, settings.documents_dir, entries=FIRST_RUN_ENTRIES)
