"""What the Teams section shows: plain result types, importable by the UI (no SQLAlchemy)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import cache
from zoneinfo import available_timezones


@dataclass(frozen=True, slots=True)
class TeamRow:
    id: uuid.UUID
    name: str
    timezone: str
    country_id: int
    country_name: str
    manager_id: uuid.UUID | None
    manager_name: str | None
    members: int


@dataclass(frozen=True, slots=True)
class TeamDraft:
    """A team as the administrator typed it, before the database has it."""

    name: str
    timezone: str
    country_id: int
    manager_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class CountryOption:
    id: int
    name: str


@cache
def timezones() -> tuple[str, ...]:
    """The IANA zone names this machine knows, sorted: a team's day starts at midnight in one of them."""
    return tuple(sorted(available_timezones()))
