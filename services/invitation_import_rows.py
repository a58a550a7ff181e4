"""What a CSV import of invitations shows: the checked rows before, the codes after. Plain types (no SQLAlchemy).

The codes are the import's only output that cannot be had again (only
their hashes are stored), so :func:`codes_csv` writes them as a file the
administrator hands out from: one row per invitee, in the file's order.
"""

from __future__ import annotations

import csv
import datetime
import io
import uuid
from dataclasses import dataclass, field

from services.invitation_request import InvitationRequest


@dataclass(frozen=True, slots=True)
class PreviewRow:
    """One row of the file as it will be imported, or what is wrong with it."""

    line: int
    """The file's line the row starts on (the header is usually line 1)."""
    email: str
    name: str
    role: str
    """As the file's vocabulary says it, after reading: ``company_admin``, ``staff_admin``, ``reviewer``…"""
    company: str
    team: str
    owner: str
    properties: tuple[str, ...]
    valid_days: str
    problems: tuple[str, ...]
    request: InvitationRequest | None = field(default=None, repr=False)
    """What will be created; ``None`` exactly when there are problems."""

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """Every row checked, nothing written. ``problem`` is a reason the whole file cannot be read."""

    rows: tuple[PreviewRow, ...]
    problem: str | None = None
    own_company: str | None = None
    """For a company administrator: the one company they import into (the ``company`` column may stay empty)."""

    @property
    def bad_rows(self) -> tuple[PreviewRow, ...]:
        return tuple(row for row in self.rows if not row.ok)

    @property
    def ready(self) -> bool:
        """Importable: the file was read, has rows, and every row is right."""
        return self.problem is None and bool(self.rows) and not self.bad_rows


@dataclass(frozen=True, slots=True)
class ImportedCode:
    """A created invitation's one-time code, shown (and saved) only now."""

    line: int
    invitation_id: uuid.UUID
    email: str
    name: str
    role: str
    token: str = field(repr=False)
    expires_at: datetime.datetime
    """Timezone-aware (UTC)."""


def codes_csv(codes: tuple[ImportedCode, ...]) -> str:
    """The codes as CSV text (UTF-8 when saved; RFC 4180 quoting), for the administrator to hand out."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(("email", "name", "role", "code", "expires_utc"))
    for code in codes:
        expires = code.expires_at.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M")
        writer.writerow((code.email, code.name, code.role, code.token, expires))
    return out.getvalue()
