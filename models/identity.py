"""Identity verification sessions with an external provider (spec 002 §3.2).

The ER diagram shows this table only partially. Beyond every column it
shows, plus ``updated_at``, we decided:

- ``applicant_detail_id`` ("Links to applicant_details") is a real FK; it
  is how an entry reaches its identity verification (applicant →
  applicant_details ← id_verifications).
- ``property_id`` / ``company_id`` are nullable FKs: a session is opened
  for a property, and a company-level flow has no property.
- ``status`` is NOT NULL, default ``pending``, limited by CHECK to pending,
  in_progress, completed, approved, rejected. ``score`` stays text (HIGH /
  MEDIUM / LOW or a provider's number).
- The ``text`` columns keep the diagram's ``text`` type.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, Timestamps, uuid_pk
from models.enums import IdVerificationStatus, sql_in


class IdVerification(Timestamps, Base):
    """One identity check (ID scan, face match, liveness) run by Incode or Persona."""

    __tablename__ = "id_verifications"
    __table_args__ = (CheckConstraint(sql_in("status", IdVerificationStatus), name="status"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    property_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("properties.id"), index=True)
    company_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("companies.id"), index=True)
    applicant_detail_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("applicant_details.id"), index=True)
    first_name: Mapped[str | None] = mapped_column(Text)
    last_name: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text, server_default=text("'pending'"))
    score: Mapped[str | None] = mapped_column(Text)
    score_reason: Mapped[str | None] = mapped_column(Text)
    provider: Mapped[str | None] = mapped_column(Text)
    provider_session_info: Mapped[dict[str, Any] | None]
    provider_results: Mapped[dict[str, Any] | None]
    # ``metadata`` is reserved by SQLAlchemy's declarative classes.
    metadata_: Mapped[dict[str, Any] | None] = mapped_column("metadata")
    results_provided_at: Mapped[datetime.datetime | None]
