"""Guest upload sessions of applicants who have no account (spec 000 §5).

Indexes are the spec's: unique ``token``, ``applicant_detail_id`` and
``inserted_at`` (expiry clean-up). Beyond the spec: ``token`` defaults to
``gen_random_uuid()`` (it must be unguessable, so the database makes it),
and the table gets ``updated_at`` like every other table, so that a
session's last activity is known and the ``set_updated_at`` trigger applies.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ForeignKey, Index, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from models.base import NEW_UUID, Base, Timestamps, uuid_pk


class UnauthenticatedSession(Timestamps, Base):
    """Form data and uploaded documents of a guest applicant, until they become an entry."""

    __tablename__ = "unauthenticated_session"
    __table_args__ = (Index("ix_unauthenticated_session_inserted_at", "inserted_at"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    token: Mapped[uuid.UUID] = mapped_column(server_default=NEW_UUID, unique=True, index=True)
    ip_address: Mapped[str]
    application: Mapped[dict[str, Any]]
    property: Mapped[dict[str, Any]]
    proofs: Mapped[list[dict[str, Any]]] = mapped_column(ARRAY(JSONB), server_default=text("'{}'"))
    external: Mapped[bool | None] = mapped_column(server_default=text("false"))
    applicant_detail_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("applicant_details.id"), index=True)
    identity_id: Mapped[uuid.UUID | None]
