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

import uuid

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base
from models.verification import (
    VerificationResultColumns,
    VerificationReviewColumns,
    VerificationSubmissionColumns,
)


class IncomeVerificationSubmission(VerificationSubmissionColumns, Base):
    """A request to verify an entry's income from a document source."""

    __tablename__ = "income_verification_submissions"


class IncomeVerificationReview(VerificationReviewColumns, Base):
    """One (automated or manual) review of an income submission."""

    __tablename__ = "income_verification_reviews"

    income_verification_submission_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("income_verification_submissions.id"), index=True
    )


class IncomeVerificationResult(VerificationResultColumns, Base):
    """The income decision recorded for an applicant submission."""

    __tablename__ = "income_verification_results"
    type: Mapped[str | None]
