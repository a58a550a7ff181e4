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


STAFF_ROLES = ("reviewer", "senior_reviewer", "qa", "admin")
COMPANY_ROLES = ("admin", "user", "property_manager")


def assignable_roles(person: PersonRow) -> tuple[str, ...]:
    """Roles ``person`` can be given without changing company (``rd_check_account_scope``'s rule).

    A company's person stays on the company side and review staff stay
    staff; owner-level roles move through a new invitation, since they
    change which owners the person sees. The database checks it anyway.
    """
    return COMPANY_ROLES if person.company_id is not None else STAFF_ROLES
