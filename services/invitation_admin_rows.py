"""What the Invitations section shows: plain result types, importable by the UI (no SQLAlchemy)."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class InvitationCursor:
    """Where the next page starts: strictly after this ``(created_at, id)``, newest first."""

    created_at: datetime.datetime
    id: uuid.UUID


@dataclass(frozen=True, slots=True)
class PendingInvitationRow:
    """An invitation nobody accepted or withdrew yet (it may have expired). Times are naive UTC."""

    id: uuid.UUID
    email: str
    role: str | None
    company_name: str | None
    invited_by: str | None
    created_at: datetime.datetime
    expires_at: datetime.datetime | None
    handed_out: bool = False
    """No e-mail: the administrator hands the code out (``skip_email_sending``)."""

    def expired(self, now: datetime.datetime) -> bool:
        return self.expires_at is not None and self.expires_at <= now

    @property
    def cursor(self) -> InvitationCursor:
        return InvitationCursor(self.created_at, self.id)


@dataclass(frozen=True, slots=True)
class InvitationPage:
    rows: tuple[PendingInvitationRow, ...]
    next_cursor: InvitationCursor | None


@dataclass(frozen=True, slots=True)
class ReissuedCode:
    """A fresh code for an invitation: shown once, its predecessor withdrawn."""

    invitation_id: uuid.UUID
    email: str
    token: str = field(repr=False)
    expires_at: datetime.datetime
