"""What the access picker shows and asks for: plain result types, importable by the UI.

No SQLAlchemy here (the UI's import contract is transitive); the reads and
writes that fill these live in :mod:`services.access_grants`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum

from services.people_admin_rows import PersonRow

OWNER_ROLES = ("owner_admin", "owner_viewer")
GRANTED_PROPERTY_ROLES = ("user", "property_manager")
"""Company-side roles that see only the properties granted to them (a company admin sees the whole company)."""


class GrantKind(StrEnum):
    """What a person is granted: properties of their company, or owners (every property an owner owns)."""

    PROPERTY = "property"
    OWNER = "owner"


def grant_kind_of(person: PersonRow) -> GrantKind | None:
    """What may be granted to ``person``, or ``None`` when grants mean nothing for them.

    Review staff see every property and a company admin their whole company,
    so the picker is not offered for them; owner-level people (who belong to no
    company) get owners; a company's users and property managers get that
    company's properties (``rd_check_account_scope``'s rule; the database
    checks it anyway).
    """
    if person.role in OWNER_ROLES:
        return GrantKind.OWNER
    if person.company_id is not None and person.role in GRANTED_PROPERTY_ROLES:
        return GrantKind.PROPERTY
    return None


@dataclass(frozen=True, slots=True)
class GrantCursor:
    """Where the next page starts: strictly after this ``(lower-cased name, id)`` in list order."""

    name: str
    id: uuid.UUID


@dataclass(frozen=True, slots=True)
class GrantChoice:
    """A property or owner as the picker shows it, and whether the person already has it."""

    id: uuid.UUID
    name: str
    address: str | None
    city: str | None
    company: str | None
    """The property's company (``None`` for owners)."""
    granted: bool

    @property
    def cursor(self) -> GrantCursor:
        return GrantCursor(self.name.lower(), self.id)

    @property
    def place(self) -> str:
        return ", ".join(part for part in (self.address, self.city) if part)


@dataclass(frozen=True, slots=True)
class GrantPage:
    """One keyset page; ``next_cursor`` is ``None`` on the last one."""

    rows: tuple[GrantChoice, ...]
    next_cursor: GrantCursor | None
