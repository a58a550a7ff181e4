"""The fraud-review trail of one entry: reviews, per-document rulings, results.

What the demo records for each review status (ARCHITECTURE, "Review
workflow"; spec 002 §2.1):

- UNASSIGNED: only the ``fraud_submissions`` row (written by the caller).
- ASSIGNED: an INITIAL review, PENDING, on the assignee.
- IN_REVIEW: an INITIAL review, IN_PROGRESS, on the assignee.
- COMPLETED: an INITIAL review, COMPLETED, with one
  ``fraud_document_reviews`` row per proof. About a third of unclear
  first rulings (EDITED, INSUFFICIENT; fewer FRAUD and CLEAN ones) are
  escalated: a senior reviewer's ESCALATION review then decides. Six in a
  hundred entries older than two days were sampled by QA afterwards; a
  QA review that disagrees overturns the ruling.

Every ruling that decides or overturns writes a ``fraud_results`` row
("latest row wins"), and the entry, its proofs and its folder follow the
latest ruling. The entry's ``reviewer_id`` / ``review_date`` stay with the
review that decided it (INITIAL or ESCALATION); a QA overturn changes
the ruling and its time, not who reviewed the case.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Final

from models.enums import FraudReviewType, ReviewState, ReviewStatus

from . import rulings
from .bulk_copy import CopyBatch
from .identifiers import RowIds
from .organizations import Staff
from .rows import FraudDocumentReviewRow, FraudResultRow, FraudReviewRow
from .timeline import ReviewProgress

_ESCALATION_ODDS: Final = {rulings.CLEAN: 0.02, rulings.INSUFFICIENT: 0.3, rulings.EDITED: 0.35, rulings.FRAUD: 0.15}
QA_SAMPLE_SHARE: Final = 0.06
QA_MINIMUM_AGE: Final = timedelta(days=2)


@dataclass(frozen=True)
class ReviewedProof:
    """What a reviewer looks at on one proof."""

    proof_id: str
    nature: str  # rulings.truth(...)
    suggested_ruling: str
    flags: tuple[str, ...]


@dataclass(frozen=True)
class Decision:
    """Where an entry's review stands, for the entry, proof and folder rows."""

    assignee: str | None
    assigned_at: datetime | None
    reviewer: str | None
    decided_at: datetime | None
    ruling: str | None
    ruling_time: datetime | None
    proof_results: tuple[str, ...] | None
    reason: str | None


_NOT_PICKED_UP: Final = Decision(
    assignee=None,
    assigned_at=None,
    reviewer=None,
    decided_at=None,
    ruling=None,
    ruling_time=None,
    proof_results=None,
    reason=None,
)


@dataclass(frozen=True)
class _Pass:
    """One review pass: who, when, and the per-document rulings."""

    review_type: FraudReviewType
    reviewer: str
    assigned_at: datetime
    completed_at: datetime
    document_rulings: tuple[str, ...]
    ruling: str
    reason: str


class ReviewWriter:
    """Adds the fraud-review rows of entries to a batch."""

    def __init__(
        self, batch: CopyBatch, *, seed: int, now: datetime, staff: Staff, result_type_ids: dict[str, int]
    ) -> None:
        self._batch = batch
        self._now = now
        self._staff = staff
        self._result_ids = result_type_ids
        self._review_ids = RowIds(seed, "fraud_reviews")
        self._document_review_ids = RowIds(seed, "fraud_document_reviews")
        self._reviews = 0
        self._document_reviews = 0

    def review(
        self,
        rng: random.Random,
        progress: ReviewProgress,
        *,
        fraud_submission_id: str,
        applicant_submission_id: str,
        proofs: list[ReviewedProof],
        documents_missing: bool,
        source_type: str,
    ) -> Decision:
        """Write the review trail for an entry whose review got as far as ``progress``."""
        status = progress.review_status
        if status is ReviewStatus.UNASSIGNED:
            return _NOT_PICKED_UP
        if status is not ReviewStatus.COMPLETED:
            assert progress.assigned_at is not None
            assignee = self._staff.assignee(rng)
            state = ReviewState.PENDING if status is ReviewStatus.ASSIGNED else ReviewState.IN_PROGRESS
            touched = progress.assigned_at + (self._now - progress.assigned_at) * rng.random()
            self._add_open_review(fraud_submission_id, assignee, state, progress.assigned_at, touched)
            return replace(_NOT_PICKED_UP, assignee=assignee, assigned_at=progress.assigned_at)

        assert progress.assigned_at is not None and progress.decided_at is not None
        passes = self._completed_passes(rng, progress.assigned_at, progress.decided_at, proofs, documents_missing)
        deciding = next(p for p in reversed(passes) if p.review_type is not FraudReviewType.QA)
        latest = deciding
        for review_pass in passes:
            self._add_completed(fraud_submission_id, review_pass, proofs, source_type)
            overturned = review_pass.review_type is FraudReviewType.QA and review_pass.ruling != latest.ruling
            if review_pass is deciding or overturned:
                latest = review_pass
                self._batch.add(
                    FraudResultRow(
                        applicant_submission_id,
                        self._result_ids[review_pass.ruling],
                        review_pass.completed_at,
                        review_pass.completed_at,
                    )
                )
        return Decision(
            assignee=deciding.reviewer,
            assigned_at=deciding.assigned_at,
            reviewer=deciding.reviewer,
            decided_at=deciding.completed_at,
            ruling=latest.ruling,
            ruling_time=latest.completed_at,
            proof_results=latest.document_rulings,
            reason=latest.reason,
        )

    def _completed_passes(
        self,
        rng: random.Random,
        assigned_at: datetime,
        decided_at: datetime,
        proofs: list[ReviewedProof],
        documents_missing: bool,
    ) -> list[_Pass]:
        reviewer = self._staff.past_reviewer(rng)
        first = self._pass(rng, FraudReviewType.INITIAL, reviewer, assigned_at, decided_at, proofs, documents_missing)
        passes = [first]
        if rng.random() < _ESCALATION_ODDS[first.ruling]:
            handed_over = assigned_at + (decided_at - assigned_at) * rng.uniform(0.3, 0.6)
            escalated_at = handed_over + (decided_at - handed_over) * rng.uniform(0.1, 0.5)
            passes = [
                replace(first, completed_at=handed_over),
                self._pass(
                    rng,
                    FraudReviewType.ESCALATION,
                    self._staff.senior(rng),
                    escalated_at,
                    decided_at,
                    proofs,
                    documents_missing,
                ),
            ]
        if self._now - decided_at > QA_MINIMUM_AGE and rng.random() < QA_SAMPLE_SHARE:
            sampled_at = decided_at + timedelta(hours=rng.uniform(2, 36))
            sample_done = sampled_at + timedelta(minutes=rng.uniform(10, 180))
            passes.append(
                self._pass(
                    rng, FraudReviewType.QA, self._staff.qa(rng), sampled_at, sample_done, proofs, documents_missing
                )
            )
        return passes

    def _pass(
        self,
        rng: random.Random,
        review_type: FraudReviewType,
        reviewer: str,
        assigned_at: datetime,
        completed_at: datetime,
        proofs: list[ReviewedProof],
        documents_missing: bool,
    ) -> _Pass:
        careful = review_type is not FraudReviewType.INITIAL
        document_rulings = tuple(
            rulings.rule_document(rng, proof.nature, proof.suggested_ruling, careful=careful) for proof in proofs
        )
        ruling = rulings.overall_ruling(document_rulings, documents_missing=documents_missing)
        flags = [flag for proof in proofs for flag in proof.flags]
        reason = rulings.reason(ruling, flags, documents_missing=documents_missing)
        return _Pass(review_type, reviewer, assigned_at, completed_at, document_rulings, ruling, reason)

    def _add_completed(
        self, fraud_submission_id: str, review_pass: _Pass, proofs: list[ReviewedProof], source_type: str
    ) -> None:
        natures = [proof.nature for proof in proofs]
        review_id = self._review_ids(self._reviews)
        self._reviews += 1
        self._batch.add(
            FraudReviewRow(
                id=review_id,
                fraud_submission_id=fraud_submission_id,
                reviewer_id=review_pass.reviewer,
                result=self._result_ids[review_pass.ruling],
                fraud_type=rulings.fraud_type(review_pass.ruling, natures),
                status=ReviewState.COMPLETED.value,
                review_type=review_pass.review_type.value,
                result_reason=review_pass.reason,
                assigned_date=review_pass.assigned_at,
                completed_date=review_pass.completed_at,
                inserted_at=review_pass.assigned_at,
                updated_at=review_pass.completed_at,
            )
        )
        for proof, ruling in zip(proofs, review_pass.document_rulings, strict=True):
            self._batch.add(
                FraudDocumentReviewRow(
                    id=self._document_review_ids(self._document_reviews),
                    fraud_review_id=review_id,
                    document_id=proof.proof_id,
                    result=self._result_ids[ruling],
                    source_type=source_type,
                    inserted_at=review_pass.completed_at,
                    updated_at=review_pass.completed_at,
                )
            )
            self._document_reviews += 1

    def _add_open_review(
        self,
        fraud_submission_id: str,
        reviewer: str,
        state: ReviewState,
        assigned_at: datetime,
        touched_at: datetime,
    ) -> None:
        self._batch.add(
            FraudReviewRow(
                id=self._review_ids(self._reviews),
                fraud_submission_id=fraud_submission_id,
                reviewer_id=reviewer,
                result=None,
                fraud_type=None,
                status=state.value,
                review_type=FraudReviewType.INITIAL.value,
                result_reason=None,
                assigned_date=assigned_at,
                completed_date=None,
                inserted_at=assigned_at,
                updated_at=touched_at,
            )
        )
        self._reviews += 1
