"""What the About box says about the database, as a plain value the UI may import (no SQLAlchemy here)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ServerFacts:
    server_version: str
    """PostgreSQL's ``server_version``, e.g. ``17.2``."""
    database: str
    signed_in_as: str
    """The database role the window's queries run as (the person's login role)."""
