"""Rent verification requests and their event log (spec 002 §3.2).

The ER diagram shows these tables only partially. Beyond every column it
shows, plus ``updated_at``, we decided:

- ``rent_verifications.applicant_id`` and ``provider`` are NOT NULL (a
  request checks one applicant with one provider); ``property_id`` is a
  nullable FK.
- ``status`` is NOT NULL, default ``pending``, limited by CHECK to pending,
  processing, completed, failed.
- ``rent_verification_events`` is an append-only log: ``event_type`` is
  NOT NULL, and events go with their verification (``ON DELETE CASCADE``).
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, Timestamps, uuid_pk
from models.enums import RentVerificationStatus, sql_in


class RentVerification(Timestamps, Base):
    """A rental-history check of an applicant with RentTrack, Experian RentBureau, …"""

    __tablename__ = "rent_verifications"
    __table_args__ = (CheckConstraint(sql_in("status", RentVerificationStatus), name="status"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    applicant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("applicants.id"), index=True)
    property_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("properties.id"), index=True)
    provider: Mapped[str]
    external_id: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(server_default=text("'pending'"))
    report_url: Mapped[str | None] = mapped_column(Text)
    request_payload: Mapped[dict[str, Any] | None]
    provider_data: Mapped[dict[str, Any] | None]

    events: Mapped[list[RentVerificationEvent]] = relationship(
        back_populates="rent_verification", cascade="all, delete-orphan", lazy="raise"
    )


class RentVerificationEvent(Timestamps, Base):
    """Something that happened to a rent verification (request sent, webhook received, …)."""

    __tablename__ = "rent_verification_events"

    id: Mapped[uuid.UUID] = uuid_pk()
    rent_verification_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("rent_verifications.id", ondelete="CASCADE"), index=True
    )
    event_type: Mapped[str] = mapped_column(Text)
    event_data: Mapped[dict[str, Any] | None]

    rent_verification: Mapped[RentVerification] = relationship(back_populates="events", lazy="raise")
