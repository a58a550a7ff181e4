"""The schema's closed vocabularies, as ``StrEnum``s, and the four PostgreSQL enum types.

Two kinds of vocabulary live here:

- **PostgreSQL enum types** (``suggested_ruling``, ``proof_type``,
  ``proof_result``, ``review_method``) for the columns the spec shows as
  ``USER-DEFINED`` / ``enum``. Their labels are the team's decision (the
  spec says its enum values are "representative, not complete").
- **Text columns guarded by CHECK constraints** (``entries.review_status``,
  ``fraud_reviews.status`` …). The spec types them ``varchar(255)``, so they
  stay ``varchar`` and the allowed values are enforced by CHECK constraints
  built from these enums; adding a value is then a constraint swap, not an
  ``ALTER TYPE``.

Every ``StrEnum`` member equals its database label, so members can be
passed straight to queries and compared with values read back.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy.dialects.postgresql import ENUM


class SuggestedRuling(StrEnum):
    """ML/AI suggestion on an entry or a proof; ``NOT_RUN`` until the analysis ran."""

    NOT_RUN = "NOT_RUN"
    PENDING = "PENDING"
    CLEAN = "CLEAN"
    EDITED = "EDITED"
    FRAUD = "FRAUD"
    INSUFFICIENT = "INSUFFICIENT"


class ProofType(StrEnum):
    """Kind of uploaded document."""

    PAYSTUB = "paystub"
    BANK_STATEMENT = "bank_statement"
    TAX_FORM = "tax_form"
    OFFER_LETTER = "offer_letter"
    UTILITY_BILL = "utility_bill"
    OTHER = "other"


class ProofResult(StrEnum):
    """Ruling on one document; ``PENDING`` until a reviewer (or automation) decided."""

    PENDING = "PENDING"
    CLEAN = "CLEAN"
    FRAUD = "FRAUD"
    EDITED = "EDITED"
    INSUFFICIENT = "INSUFFICIENT"


class ReviewMethod(StrEnum):
    """How an income/asset review was done."""

    AUTOMATED = "AUTOMATED"
    MANUAL = "MANUAL"


class ReviewStatus(StrEnum):
    """``entries.review_status``: the reviewer queue's workflow."""

    UNASSIGNED = "UNASSIGNED"
    ASSIGNED = "ASSIGNED"
    IN_REVIEW = "IN_REVIEW"
    COMPLETED = "COMPLETED"


class EntryResult(StrEnum):
    """``entries.result``: the aggregated final result (spec 002, "Result Aggregation Logic")."""

    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    NEEDS_REVIEW = "NEEDS_REVIEW"


class DynamicRuling(StrEnum):
    """``folders.dynamic_ruling``: the folder's current ruling, following its latest entry."""

    PENDING = "PENDING"
    CLEAN = "CLEAN"
    EDITED = "EDITED"
    FRAUD = "FRAUD"
    INSUFFICIENT = "INSUFFICIENT"


class ReviewState(StrEnum):
    """``status`` of fraud, income and asset reviews."""

    PENDING = "PENDING"
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"


class FraudReviewType(StrEnum):
    """``fraud_reviews.review_type``: first look, escalation to a senior, or QA re-review."""

    INITIAL = "INITIAL"
    ESCALATION = "ESCALATION"
    QA = "QA"


class VerificationReviewType(StrEnum):
    """``type`` of income and asset reviews (the spec shows no QA step for them)."""

    INITIAL = "INITIAL"
    ESCALATION = "ESCALATION"


class ReviewEligibility(StrEnum):
    """``review_eligibility`` on income/asset submissions; NEEDS_REVIEW routes to a reviewer."""

    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    NEEDS_REVIEW = "NEEDS_REVIEW"


class DecidedEligibility(StrEnum):
    """``review_eligibility`` on income/asset *results*: only decided outcomes are recorded."""

    APPROVED = "APPROVED"
    REJECTED = "REJECTED"


class FraudResultCode(StrEnum):
    """``fraud_result_types.code``; migration 0001 seeds them with ids 1..4 in this order."""

    CLEAN = "CLEAN"
    FRAUD = "FRAUD"
    EDITED = "EDITED"
    INSUFFICIENT = "INSUFFICIENT"


class DocumentSourceType(StrEnum):
    """``applicant_submission_document_sources.source_type``: where documents came from."""

    MANUAL_UPLOAD = "manual_upload"
    YARDI = "yardi"
    EMAIL = "email"
    API = "api"


class IdVerificationStatus(StrEnum):
    """``id_verifications.status``."""

    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    APPROVED = "approved"
    REJECTED = "rejected"


class RentVerificationStatus(StrEnum):
    """``rent_verifications.status``."""

    PENDING = "pending"
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"


class AnalyticsReportStatus(StrEnum):
    """``analytics_reports.status`` (our addition): lifecycle of a report a worker node generates."""

    PENDING = "pending"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"


class RoleName(StrEnum):
    """Names seeded into ``role`` by migration 0001; also the product roles invitations assign."""

    ADMIN = "admin"
    REVIEWER = "reviewer"
    SENIOR_REVIEWER = "senior_reviewer"
    QA = "qa"
    PROPERTY_MANAGER = "property_manager"
    OWNER_ADMIN = "owner_admin"
    OWNER_VIEWER = "owner_viewer"
    USER = "user"


def _pg_enum(enum_class: type[StrEnum], name: str) -> ENUM:
    # create_type=False: the types are created (and dropped) by migration
    # 0001 with explicit DDL, never implicitly by a table's CREATE.
    return ENUM(
        enum_class,
        name=name,
        values_callable=lambda members: [member.value for member in members],
        create_type=False,
    )


SUGGESTED_RULING = _pg_enum(SuggestedRuling, "suggested_ruling")
PROOF_TYPE = _pg_enum(ProofType, "proof_type")
PROOF_RESULT = _pg_enum(ProofResult, "proof_result")
REVIEW_METHOD = _pg_enum(ReviewMethod, "review_method")


def sql_in(column: str, enum_class: type[StrEnum]) -> str:
    """SQL text ``column IN ('A', 'B', …)`` for a CHECK constraint built from ``enum_class``."""
    labels = ", ".join(f"'{member.value}'" for member in enum_class)
    return f"{column} IN ({labels})"
