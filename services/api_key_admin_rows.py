"""What the API keys page shows and asks for: plain types the UI may import (no SQLAlchemy).

A key's secret appears in exactly one place, :class:`NewApiKey`, returned
once by the create use case; :class:`ApiKeyRow` (the list) has no field
that could hold it.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from enum import StrEnum


class ApiKeyScope(StrEnum):
    """The spec's three key types (000 section 4)."""

    MASTER = "master"
    COMPANY = "company"
    PROPERTY = "property"


class ApiKeyRole(StrEnum):
    """What a key may do (the ``role`` row its ``role_id`` names)."""

    READ_ONLY = "read_only"
    WRITE = "write"
    ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class ApiKeyFilter:
    """Which keys to list, narrowed on the server (``None``: any)."""

    text: str = ""
    """Part of the description or the public id, any case."""
    active: bool | None = None


@dataclass(frozen=True, slots=True)
class ApiKeyCursor:
    """Where the next page starts: strictly after this ``(created, id)`` in list order (newest first)."""

    inserted_at: datetime.datetime
    id: uuid.UUID


@dataclass(frozen=True, slots=True)
class ApiKeyRow:
    """One key as an administrator tells it apart: public id, purpose, scope, state, last use."""

    api_key_id: uuid.UUID
    public_id: str
    description: str
    scope: ApiKeyScope
    scope_name: str
    """The company's or property's name; empty for a master key."""
    role: str
    is_active: bool
    inserted_at: datetime.datetime
    last_used_at: datetime.datetime | None

    @property
    def cursor(self) -> ApiKeyCursor:
        return ApiKeyCursor(self.inserted_at, self.api_key_id)

    @property
    def shown_prefix(self) -> str:
        """How the secret begins, so a holder can match their key to this row."""
        return f"rdk_{self.public_id}_…"


@dataclass(frozen=True, slots=True)
class ApiKeyPage:
    """One keyset page; ``next_cursor`` is ``None`` on the last one."""

    rows: tuple[ApiKeyRow, ...]
    next_cursor: ApiKeyCursor | None


@dataclass(frozen=True, slots=True)
class NewApiKey:
    """A key just issued, with the secret to show exactly once (it is not stored)."""

    api_key_id: uuid.UUID
    public_id: str
    secret: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class ScopeChoice:
    """A company or property a key can be scoped to."""

    id: uuid.UUID
    name: str
    company_id: uuid.UUID | None = None
