"""Applicants, their prefilled details and their submission events (spec 001 §1-3).

``applicants.identity_id`` and ``applicant_submissions.identity_id`` stay
plain ``uuid`` columns without FK: the spec calls them an identity
verification *session* id that "may" link to ``id_verifications``, and
sessions are created at the provider before (or without) our row.
``id_verifications`` are reached through ``applicant_detail_id`` instead.
"""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, Timestamps, uuid_pk

if TYPE_CHECKING:
    from models.entries import Entry
    from models.proofs import ApplicantSubmissionDocumentSource


class ApplicantDetail(Timestamps, Base):
    """Application data prefilled by an integration (Yardi, another PMS), kept as JSON."""

    __tablename__ = "applicant_details"

    id: Mapped[uuid.UUID] = uuid_pk()
    prefilled_application_data: Mapped[dict[str, Any] | None]


class Applicant(Timestamps, Base):
    """The person being screened on an entry; name as ``full_name`` or split parts."""

    __tablename__ = "applicants"

    id: Mapped[uuid.UUID] = uuid_pk()
    full_name: Mapped[str | None]
    first_name: Mapped[str | None]
    middle_initial: Mapped[str | None]
    last_name: Mapped[str | None]
    email: Mapped[str | None]
    phone: Mapped[str | None]
    notification: Mapped[bool] = mapped_column(server_default=text("false"))
    entry_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("entries.id"), index=True)
    applicant_detail_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("applicant_details.id"), index=True)
    identity_id: Mapped[uuid.UUID | None]

    entry: Mapped[Entry | None] = relationship(back_populates="applicants", lazy="raise")
    submissions: Mapped[list[ApplicantSubmission]] = relationship(back_populates="applicant", lazy="raise")


class ApplicantSubmission(Timestamps, Base):
    """One upload / verification event by an applicant; results of every workflow hang off it."""

    __tablename__ = "applicant_submissions"

    id: Mapped[uuid.UUID] = uuid_pk()
    applicant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("applicants.id"), index=True)
    submitted_time: Mapped[datetime.datetime]
    identity_id: Mapped[uuid.UUID | None]
    should_notify_applicant: Mapped[bool] = mapped_column(server_default=text("true"))

    applicant: Mapped[Applicant] = relationship(back_populates="submissions", lazy="raise")
    document_sources: Mapped[list[ApplicantSubmissionDocumentSource]] = relationship(
        back_populates="applicant_submission", lazy="raise"
    )
