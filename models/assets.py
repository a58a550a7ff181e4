"""Asset verification: submissions, reviews and results (spec 002 §3.1).

Shaped exactly like income verification: the shared columns live in
``models.verification`` and the decisions behind them in ``models.income``.
Unlike income results, asset results have no ``type`` column in the
diagram, so none is added.
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


class AssetVerificationSubmission(VerificationSubmissionColumns, Base):
    """A request to verify an entry's assets from a document source."""

    __tablename__ = "asset_verification_submissions"


class AssetVerificationReview(VerificationReviewColumns, Base):
    """One (automated or manual) review of an asset submission."""

    __tablename__ = "asset_verification_reviews"

    asset_verification_submission_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("asset_verification_submissions.id"), index=True
    )


class AssetVerificationResult(VerificationResultColumns, Base):
    """The asset decision recorded for an applicant submission."""

    __tablename__ = "asset_verification_results"
