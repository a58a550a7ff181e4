"""Income verification: submissions, reviews and results (spec 002 §3.1).

The ER diagram shows these tables only partially. Beyond every column it
shows, plus ``inserted_at`` / ``updated_at``, we decided:

- ``entry_id`` is NOT NULL (a submission verifies an entry); the document
  source FK is nullable (income can be entered without uploaded documents).
- ``review_eligibility`` is APPROVED / REJECTED / NEEDS_REVIEW on
  submissions (NULL until evaluated) and APPROVED / REJECTED, NOT NULL, on
  results: a result row exists only once decided.
- Reviews: ``status`` PENDING → IN_PROGRESS → COMPLETED, ``type`` INITIAL
  or ESCALATION (CHECKs), ``review_method`` is the ``review_method`` enum.
- ``calculation_id`` points into an external calculation service, so it
  has no FK.
- ``rejected_reasons`` is ``text[]``, NOT NULL, default empty.
- ``income_verification_results.type`` stays free text: the diagram gives
  no values.
"""

from __future__ import annotations

import datetime
import uuid

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Identity, Text, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, Timestamps, uuid_pk
from models.enums import (
    REVIEW_METHOD,
    DecidedEligibility,
    ReviewEligibility,
    ReviewMethod,
    ReviewState,
    VerificationReviewType,
    sql_in,
)


class IncomeVerificationSubmission(Timestamps, Base):
    """A request to verify an entry's income from a document source."""

    __tablename__ = "income_verification_submissions"
    __table_args__ = (CheckConstraint(sql_in("review_eligibility", ReviewEligibility), name="review_eligibility"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("entries.id"), index=True)
    applicant_submission_document_source_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("applicant_submission_document_sources.id"), index=True
    )
    review_eligibility: Mapped[str | None]
    rejection_reason: Mapped[str | None]


class IncomeVerificationReview(Timestamps, Base):
    """One (automated or manual) review of an income submission."""

    __tablename__ = "income_verification_reviews"
    __table_args__ = (
        CheckConstraint(sql_in("status", ReviewState), name="status"),
        CheckConstraint(sql_in("type", VerificationReviewType), name="type"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    income_verification_submission_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("income_verification_submissions.id"), index=True
    )
    reviewer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), index=True)
    calculation_id: Mapped[uuid.UUID | None]
    status: Mapped[str] = mapped_column(server_default=text("'PENDING'"))
    type: Mapped[str] = mapped_column(server_default=text("'INITIAL'"))
    review_method: Mapped[ReviewMethod | None] = mapped_column(REVIEW_METHOD)
    rejection_reason: Mapped[str | None]
    assigned_date: Mapped[datetime.datetime | None]
    completed_date: Mapped[datetime.datetime | None]


class IncomeVerificationResult(Timestamps, Base):
    """The income decision recorded for an applicant submission."""

    __tablename__ = "income_verification_results"
    __table_args__ = (CheckConstraint(sql_in("review_eligibility", DecidedEligibility), name="review_eligibility"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    applicant_submission_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("applicant_submissions.id"), index=True)
    calculation_id: Mapped[uuid.UUID | None]
    review_eligibility: Mapped[str]
    rejected_reasons: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=text("'{}'"))
    type: Mapped[str | None]
