"""What the people section shows and asks for: plain result types, importable by the UI.

No SQLAlchemy here (the UI's import contract is transitive); the reads and
writes that fill these live in :mod:`services.people_admin`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PeopleFilter:
    """Which people to list; every field narrows the list, on the server (``None``: any)."""

    text: str = ""
    """Part of the address, first or last name, any case."""
    role: str | None = None
    team_id: uuid.UUID | None = None
    company_id: uuid.UUID | None = None
    disabled: bool | None = None


@dataclass(frozen=True, slots=True)
class PeopleCursor:
    """Where the next page starts: strictly after this ``(address, id)`` in list order."""

    email: str
    id: uuid.UUID


@dataclass(frozen=True, slots=True)
class PersonRow:
    """One person as the list shows them."""

    id: uuid.UUID
    email: str
    first_name: str | None
    last_name: str | None
    role: str | None
    company_id: uuid.UUID | None
    company_name: str | None
    team_id: uuid.UUID | None
    team_name: str | None
    disabled: bool

    @property
    def display_name(self) -> str:
        name = " ".join(part for part in (self.first_name, self.last_name) if part)
        return name or self.email

    @property
    def cursor(self) -> PeopleCursor:
        return PeopleCursor(self.email.lower(), self.id)


@dataclass(frozen=True, slots=True)
class PeoplePage:
    """One keyset page; ``next_cursor`` is ``None`` on the last one."""

    rows: tuple[PersonRow, ...]
    next_cursor: PeopleCursor | None


@dataclass(frozen=True, slots=True)
class Option:
    """A team or company to filter by or move someone to."""

    id: uuid.UUID
    name: str
