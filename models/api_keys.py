"""API keys for programmatic access (spec 000 §4).

``key`` holds only a hash of the secret (the secret is shown once, at
creation); the spec's "Unique index on key" makes a presented key's hash a
single index lookup. Other indexes: ``company_id``, ``is_active`` (spec),
``property_id`` and ``role_id`` (FKs).

Scope (our CHECK ``scope``, from the spec's three key types): a *master*
key is unscoped (no company, no property); any other key is scoped to a
company and/or a property. ``master`` and ``is_active`` stay nullable with
their documented defaults; NULL ``master`` counts as false.

Ours (revision 0010): ``public_id`` names a key without its secret (the
secret embeds it); ``last_used_at`` is set when an integration's key verifies.
"""

from __future__ import annotations

import datetime
import uuid

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, Timestamps, uuid_pk

KEY_SCOPE = (
    "(coalesce(master, false) AND company_id IS NULL AND property_id IS NULL)"
    " OR (NOT coalesce(master, false) AND (company_id IS NOT NULL OR property_id IS NOT NULL))"
)


class ApiKey(Timestamps, Base):
    """A hashed API key with its scope (master, company or property) and role."""

    __tablename__ = "api_keys"
    __table_args__ = (CheckConstraint(KEY_SCOPE, name="scope"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    description: Mapped[str | None]
    key: Mapped[str | None] = mapped_column(unique=True, index=True)
    master: Mapped[bool | None] = mapped_column(server_default=text("false"))
    role_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("role.id"), index=True)
    company_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("companies.id"), index=True)
    is_active: Mapped[bool | None] = mapped_column(server_default=text("true"), index=True)
    property_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("properties.id"), index=True)
    public_id: Mapped[str] = mapped_column(
        unique=True, server_default=text("substr(md5((gen_random_uuid())::text), 1, 8)")
    )
    last_used_at: Mapped[datetime.datetime | None]
