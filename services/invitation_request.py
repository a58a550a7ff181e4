"""One invitation to create, every name resolved to an id: what the invitation form and the CSV import both produce.

A plain type (no SQLAlchemy), so the workstation's dialogs can build it;
:func:`services.accounts.create_requested_invitation` passes it to
``rd_create_invitation``.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class InvitationRequest:
    email: str
    first_name: str | None
    last_name: str | None
    role: str
    """The product role (``users.role``): ``admin`` for staff and company admins alike."""
    company_id: uuid.UUID | None
    team_id: uuid.UUID | None
    owner_id: uuid.UUID | None
    property_ids: tuple[uuid.UUID, ...]
    valid_for: datetime.timedelta
    skip_email_sending: bool
    """No e-mail job: the administrator hands the code out (the spec's bulk-import case)."""
