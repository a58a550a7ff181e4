"""What the database knows about the names and addresses in an invitations file, as the importing administrator.

Only what the file names is read (``= ANY`` of its lower-cased names), so a
file of ten rows costs the same against ten properties as against ten
thousand. Everything is read through the administrator's own session:
row-level security decides which companies, teams, owners, properties,
people and invitations exist for them. A company administrator sees only
their company, so another company's name reads as unknown, and an
address with an account in another company is not seen here; the
database refuses it when the import runs, and the import then writes
nothing.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from sqlalchemy import TextClause, text
from sqlalchemy.ext.asyncio import AsyncSession

from services.accounts.errors import AccountPermissionError

_GROUP: Final = text(
    "SELECT rd_current_group(), c.id, coalesce(c.name, c.short_id, c.id::text) FROM (SELECT rd_current_company_id()"
    " AS id) AS own LEFT JOIN companies AS c ON c.id = own.id"
)
_IMPORTERS: Final = (None, "rd_admin", "rd_company_admin")
"""Staff and company administrators, and the deployment owner (no group): who may create invitations."""
_COMPANIES: Final = text(
    "SELECT id, coalesce(name, short_id, id::text), lower(name), lower(short_id) FROM companies"
    " WHERE lower(name) = ANY(CAST(:names AS text[])) OR lower(short_id) = ANY(CAST(:names AS text[]))"
)
_PROPERTIES: Final = text(
    "SELECT id, coalesce(name, short_id, id::text), lower(name), lower(short_id), company_id FROM properties"
    " WHERE lower(name) = ANY(CAST(:names AS text[])) OR lower(short_id) = ANY(CAST(:names AS text[]))"
)
_TEAMS: Final = text("SELECT id, name, lower(name), NULL FROM team WHERE lower(name) = ANY(CAST(:names AS text[]))")
_OWNERS: Final = text("SELECT id, name, lower(name), NULL FROM owners WHERE lower(name) = ANY(CAST(:names AS text[]))")
_ACCOUNTS: Final = text(
    "SELECT lower(btrim(email)) FROM users WHERE lower(btrim(email)) = ANY(CAST(:emails AS text[]))"
    " AND is_archived IS NOT TRUE"
)
_PENDING: Final = text(
    "SELECT lower(btrim(email)), max(expires_at) FROM invitations WHERE lower(btrim(email)) = ANY(CAST(:emails AS"
    " text[])) AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > (now() AT TIME ZONE 'utc') GROUP BY 1"
)


@dataclass(frozen=True, slots=True)
class Named:
    """A company, team, owner or property found by a name or short id the file used."""

    id: uuid.UUID
    label: str
    keys: frozenset[str]
    """The lower-cased name and short id it answers to."""
    company_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class KnownNames:
    group: str | None
    """The importer's group role (``rd_company_admin``…); ``None`` for the deployment owner."""
    own_company: Named | None
    """A company administrator's company."""
    companies: tuple[Named, ...]
    teams: tuple[Named, ...]
    owners: tuple[Named, ...]
    properties: tuple[Named, ...]
    accounts: frozenset[str]
    """Lower-cased addresses with an active account."""
    pending: dict[str, datetime.datetime]
    """Lower-cased address → when its latest unused, unexpired invitation expires (naive UTC)."""

    @property
    def company_admin(self) -> bool:
        return self.group == "rd_company_admin"


def matching(found: Iterable[Named], written: str) -> list[Named]:
    key = written.strip().lower()
    return [named for named in found if key in named.keys]


async def read_known_names(
    session: AsyncSession,
    *,
    emails: set[str],
    companies: set[str],
    teams: set[str],
    owners: set[str],
    properties: set[str],
) -> KnownNames:
    """What ``session``'s person may see of the given (lower-cased) addresses and names."""
    group, own_id, own_label = (await session.execute(_GROUP)).one()
    if group not in _IMPORTERS:
        raise AccountPermissionError("Only administrators can invite people.")
    own_company = Named(own_id, own_label, frozenset()) if group == "rd_company_admin" and own_id else None
    return KnownNames(
        group=group,
        own_company=own_company,
        companies=await _named(session, _COMPANIES, companies),
        teams=await _named(session, _TEAMS, teams),
        owners=await _named(session, _OWNERS, owners),
        properties=await _named(session, _PROPERTIES, properties),
        accounts=frozenset((await session.scalars(_ACCOUNTS, {"emails": sorted(emails)})).all()),
        pending={email: expires for email, expires in await session.execute(_PENDING, {"emails": sorted(emails)})},
    )


async def _named(session: AsyncSession, query: TextClause, names: set[str]) -> tuple[Named, ...]:
    if not names:
        return ()
    rows = await session.execute(query, {"names": sorted(names)})
    return tuple(
        Named(row[0], row[1], frozenset(key for key in row[2:4] if key), row[4] if len(row) > 4 else None)
        for row in rows
    )
