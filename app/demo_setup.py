"""Bringing the embedded database to the state the workstation needs before a window opens.

On the embedded server every start migrates to the newest schema, and the
first start also seeds a few hundred demo entries with generated documents,
so a person who just typed ``uv run ruling-desk`` has a realistic queue to
work. A central server is left exactly as it is: its schema belongs to
whoever runs ``ruling-desk db upgrade`` with the owner's URL, and a
workstation's configured URL is the gatekeeper's, which may not migrate
anything. Nor is a central server ever seeded implicitly.
"""

from __future__ import annotations

import migrations
from app.connection import Connection
from app.demo_defaults import DEFAULT_ENTRIES
from app.settings import Settings
from services.database_urls import sqlalchemy_url


def prepare_database(connection: Connection, settings: Settings, *, entries: int = DEFAULT_ENTRIES) -> None:
    """On the embedded server: migrate to head and seed ``entries`` demo entries if it is empty."""
    if not settings.embedded:
        return
    migrations.upgrade(sqlalchemy_url(connection.url), "head")
    from app.seed_command import seed_if_empty

    seed_if_empty(connection.url, settings.documents_dir, entries=entries)
