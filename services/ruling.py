"""Submitting a ruling: one transaction that writes every row a completed fraud review touches.

Row-level security is the guarantee (a reviewer writes only on entries
assigned to them); the checks here come first so the reviewer reads *why*
(reassigned meanwhile, ruled already, not yours) instead of "0 rows".

Exactly once: the workstation generates ``submission_id`` when the
reviewer starts the ruling and sends the same id on every retry. The
first thing the transaction does is look for that id in
``ruling_submissions``; the last thing it writes is that row. A retry of a
submit that committed (the connection broke before the answer came back)
therefore finds it and writes nothing; a retry of one that did not commit
writes it; two racing retries serialise on the entry's row lock and the
primary key.

What is written (the seed's shape for a completed entry): the fraud review
(the reviewer's own open INITIAL review completed, or a new one),
``fraud_document_reviews`` per proof, ``proof.result``, a ``fraud_results``
row per applicant submission, the entry's status, result and review
fields, the folder's ruling and ``last_entry_*`` (when this entry is the
folder's latest), the ``ruling_submissions`` row, and the customer
notification job, all committed or rolled back together.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any, Final, cast

from sqlalchemy import ScalarSelect, Table, bindparam, case, func, insert, literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models.applicants import Applicant, ApplicantSubmission
from models.assets import AssetVerificationSubmission
from models.entries import Entry
from models.enums import FraudReviewType, ProofResult, ReviewState, ReviewStatus
from models.folders import Folder
from models.fraud import FraudDocumentReview, FraudResult, FraudResultType, FraudReview, FraudSubmission
from models.income import IncomeVerificationSubmission
from models.proofs import Proof
from models.review_workflow import RulingSubmission
from services import rulings
from services.changes import Changes
from services.jobs import enqueue_ruling_notification
from services.review_failures import review_refusals
from services.review_refusals import AlreadyRuled, EntryReassigned, InvalidRuling, NoSuchEntry, NotYourEntry
from services.ruling_submission import RulingReceipt
from services.ruling_submission import RulingSubmission as Submission
from services.unit_of_work import UnitOfWork

_entries: Final = cast(Table, Entry.__table__)
_folders: Final = cast(Table, Folder.__table__)
_proofs: Final = cast(Table, Proof.__table__)
_applicants: Final = cast(Table, Applicant.__table__)
_applicant_submissions: Final = cast(Table, ApplicantSubmission.__table__)
_fraud_submissions: Final = cast(Table, FraudSubmission.__table__)
_reviews: Final = cast(Table, FraudReview.__table__)
_document_reviews: Final = cast(Table, FraudDocumentReview.__table__)
_results: Final = cast(Table, FraudResult.__table__)
_result_types: Final = cast(Table, FraudResultType.__table__)
_submitted: Final = cast(Table, RulingSubmission.__table__)
_income: Final = cast(Table, IncomeVerificationSubmission.__table__)
_assets: Final = cast(Table, AssetVerificationSubmission.__table__)

_NOW: Final = func.timezone("utc", func.now())
"""The transaction's start as naive UTC: every timestamp of one ruling is the same instant."""
AUDIT_REASON_SETTING: Final = "rd.audit_reason"

COMPLETED_STATUS: Final = "completed"
"""``entries.status`` / ``folders.status`` of a ruled entry (the applicant-facing word, as the seed writes it)."""


@dataclass(frozen=True, slots=True)
class _EntryFacts:
    already_written: bool
    me: uuid.UUID | None
    review_status: str
    assignee: uuid.UUID | None
    folder_id: uuid.UUID | None
    submitted_at: datetime.datetime | None
    fraud_submission_id: uuid.UUID | None
    proof_ids: frozenset[uuid.UUID]
    other_legs: tuple[str | None, ...]
    """The entry's latest income and asset eligibility (None: not run)."""
    result_ids: dict[str, int]
    """``fraud_result_types`` code → id."""


async def submit_ruling(uow: UnitOfWork, submission: Submission) -> RulingReceipt:
    """Write ``submission`` exactly once, or refuse with a message for the reviewer."""
    submission.check()
    with review_refusals():
        async with uow.transaction() as session:
            return await write_ruling(session, submission)


async def write_ruling(session: AsyncSession, submission: Submission) -> RulingReceipt:
    """The submit inside the caller's transaction (about ten statements, whatever the number of documents)."""
    entry_id = submission.entry_id
    ruling = submission.overall_ruling
    facts = await _entry_facts(session, submission)
    if facts.already_written:
        return await _receipt_of_earlier_write(session, submission)
    _refuse_unless_mine(facts)
    ruled = {document.proof_id for document in submission.documents}
    if ruled != facts.proof_ids:
        raise InvalidRuling("Rule on every document of the entry, and on nothing else.")
    if facts.fraud_submission_id is None:
        raise InvalidRuling("This entry has no documents submitted for fraud review.")
    me = cast(uuid.UUID, facts.me)
    legs = [rulings.decision_leg(leg) for leg in facts.other_legs if leg is not None]
    entry_result = rulings.aggregate_entry_result([rulings.fraud_leg(ruling), *legs])

    # The entry first: its conditional update is the guard against a reassignment that raced this submit.
    claimed = await session.execute(
        update(_entries)
        .where(
            _entries.c.id == entry_id,
            _entries.c.review_assigned_to_id == me,
            _entries.c.review_status != ReviewStatus.COMPLETED.value,
        )
        .values(
            status=COMPLETED_STATUS,
            result=entry_result,
            note=submission.note,
            review_status=ReviewStatus.COMPLETED.value,
            review_date=_NOW,
            reviewer_id=me,
        )
        .returning(_entries.c.review_assigned_date)
    )
    guarded = claimed.first()
    if guarded is None:
        # Someone changed the entry since we looked: a racing retry of this very
        # submit (then it is written), a second submit, or a reassignment.
        again = await _entry_facts(session, submission)
        if again.already_written:
            return await _receipt_of_earlier_write(session, submission)
        _refuse_unless_mine(again)
        raise EntryReassigned("This entry was reassigned while you worked on it; your ruling was not saved.")
    review_id, review_is_new = await _complete_review(session, facts, me, submission)
    await _rule_documents(session, facts, review_id, submission, review_is_new=review_is_new)
    await session.execute(
        insert(_results).from_select(
            ["applicant_submission_id", "result"],
            select(_applicant_submissions.c.id, literal(facts.result_ids[ruling]))
            .join(_applicants, _applicants.c.id == _applicant_submissions.c.applicant_id)
            .where(_applicants.c.entry_id == entry_id),
        )
    )
    await _update_folder(session, facts, entry_id, me, guarded[0], ruling, entry_result)
    await session.execute(
        insert(_submitted).values(id=submission.submission_id, entry_id=entry_id, fraud_review_id=review_id, user_id=me)
    )
    await enqueue_ruling_notification(session, entry_id, submission.reupload_proof_ids)
    return RulingReceipt(submission.submission_id, entry_id, ruling, entry_result, True, Changes.entries(entry_id))


async def _entry_facts(session: AsyncSession, submission: Submission) -> _EntryFacts:
    """Everything the submit decides on, in one round trip; it also records why, for the audit trigger."""
    entry_id = submission.entry_id

    def latest(table: Table, column: str) -> ScalarSelect[Any]:
        return (
            select(table.c[column])
            .where(table.c.entry_id == entry_id)
            .order_by(table.c.inserted_at.desc(), table.c.id.desc())
            .limit(1)
            .scalar_subquery()
        )

    row = (
        await session.execute(
            select(
                select(literal(True)).where(_submitted.c.id == submission.submission_id).exists(),
                func.rd_current_user_id(),
                _entries.c.review_status,
                _entries.c.review_assigned_to_id,
                _entries.c.folder_id,
                _entries.c.submission_time,
                latest(_fraud_submissions, "id"),
                select(func.array_agg(_proofs.c.id)).where(_proofs.c.entry_id == entry_id).scalar_subquery(),
                latest(_income, "review_eligibility"),
                latest(_assets, "review_eligibility"),
                select(func.jsonb_object_agg(_result_types.c.code, _result_types.c.id)).scalar_subquery(),
                func.set_config(AUDIT_REASON_SETTING, _audit_reason(submission), True),
            ).where(_entries.c.id == entry_id)
        )
    ).one_or_none()
    if row is None:
        raise NoSuchEntry("This entry does not exist or is not visible to you.")
    return _EntryFacts(
        already_written=bool(row[0]),
        me=row[1],
        review_status=row[2],
        assignee=row[3],
        folder_id=row[4],
        submitted_at=row[5],
        fraud_submission_id=row[6],
        proof_ids=frozenset(row[7] or ()),
        other_legs=(row[8], row[9]),
        result_ids=row[10],
    )


def _refuse_unless_mine(facts: _EntryFacts) -> None:
    if facts.review_status == ReviewStatus.COMPLETED.value:
        raise AlreadyRuled("This entry has been ruled on already; your ruling was not saved.")
    if facts.me is None or facts.assignee is None:
        raise NotYourEntry("This entry is not assigned to you (it may have been released); claim it first.")
    if facts.assignee != facts.me:
        raise EntryReassigned("This entry is assigned to someone else now; your ruling was not saved.")


async def _receipt_of_earlier_write(session: AsyncSession, submission: Submission) -> RulingReceipt:
    row = (
        await session.execute(
            select(_result_types.c.code, _entries.c.result)
            .select_from(_submitted)
            .join(_reviews, _reviews.c.id == _submitted.c.fraud_review_id)
            .join(_result_types, _result_types.c.id == _reviews.c.result)
            .join(_entries, _entries.c.id == _submitted.c.entry_id)
            .where(_submitted.c.id == submission.submission_id)
        )
    ).one()
    return RulingReceipt(
        submission.submission_id, submission.entry_id, row[0], row[1], False, Changes.entries(submission.entry_id)
    )


def _audit_reason(submission: Submission) -> str:
    reason = f"ruling {submission.submission_id}: {submission.overall_ruling}"
    if submission.overall_ruling != submission.derived_ruling:
        reason += f" (documents say {submission.derived_ruling}; overridden: {submission.override_reason})"
    return reason


async def _complete_review(
    session: AsyncSession, facts: _EntryFacts, me: uuid.UUID, submission: Submission
) -> tuple[uuid.UUID, bool]:
    """Complete my open INITIAL review of the entry, or add a completed one; its id, and whether it is new."""
    ruling = submission.overall_ruling
    values = {
        "result": facts.result_ids[ruling],
        "fraud_type": submission.fraud_type.value if submission.fraud_type else None,
        "status": ReviewState.COMPLETED.value,
        "result_reason": submission.reason.value if submission.reason else None,
        "completed_date": _NOW,
    }
    my_open_review = (
        select(_reviews.c.id)
        .where(
            _reviews.c.fraud_submission_id == facts.fraud_submission_id,
            _reviews.c.reviewer_id == me,
            _reviews.c.review_type == FraudReviewType.INITIAL.value,
            _reviews.c.status.in_((ReviewState.PENDING.value, ReviewState.IN_PROGRESS.value)),
        )
        .order_by(_reviews.c.inserted_at.desc())
        .limit(1)
        .scalar_subquery()
    )
    completed = await session.execute(
        update(_reviews).where(_reviews.c.id == my_open_review).values(**values).returning(_reviews.c.id)
    )
    review_id = completed.scalar_one_or_none()
    if review_id is not None:
        return review_id, False
    review_id = uuid.uuid4()  # chosen here, not by the server, so the statements that follow are fixed
    await session.execute(
        insert(_reviews).values(
            id=review_id,
            fraud_submission_id=facts.fraud_submission_id,
            reviewer_id=me,
            review_type=FraudReviewType.INITIAL.value,
            assigned_date=_NOW,
            **values,
        )
    )
    return review_id, True


async def _rule_documents(
    session: AsyncSession, facts: _EntryFacts, review_id: uuid.UUID, submission: Submission, *, review_is_new: bool
) -> None:
    """Each proof's result, and the review's document rows (the open review's own rows updated)."""
    documents = submission.documents
    await session.execute(
        update(_proofs).where(_proofs.c.id == bindparam("proof")).values(result=bindparam("ruling")),
        [{"proof": d.proof_id, "ruling": ProofResult(d.ruling)} for d in documents],
    )
    result_of = {d.proof_id: facts.result_ids[d.ruling] for d in documents}
    already: set[uuid.UUID] = set()
    if not review_is_new:
        updated = await session.execute(
            update(_document_reviews)
            .where(
                _document_reviews.c.fraud_review_id == review_id,
                _document_reviews.c.document_id.in_(list(result_of)),
            )
            .values(result=case(result_of, value=_document_reviews.c.document_id))
            .returning(_document_reviews.c.document_id)
        )
        already = set(updated.scalars())
    missing = [
        {"fraud_review_id": review_id, "document_id": proof_id, "result": result}
        for proof_id, result in result_of.items()
        if proof_id not in already
    ]
    if missing:
        await session.execute(insert(_document_reviews), missing)


async def _update_folder(
    session: AsyncSession,
    facts: _EntryFacts,
    entry_id: uuid.UUID,
    me: uuid.UUID,
    assigned_at: datetime.datetime | None,
    ruling: str,
    entry_result: str,
) -> None:
    """The folder follows its latest entry: only when no later entry of the folder was submitted."""
    if facts.folder_id is None:
        return
    latest = [
        _folders.c.last_entry_id.is_(None),
        _folders.c.last_entry_id == entry_id,
        _folders.c.last_entry_submission_time.is_(None),
    ]
    if facts.submitted_at is not None:
        latest.append(_folders.c.last_entry_submission_time <= facts.submitted_at)
    await session.execute(
        update(_folders)
        .where(_folders.c.id == facts.folder_id, or_(*latest))
        .values(
            status=COMPLETED_STATUS,
            result=entry_result,
            dynamic_ruling=ruling,
            ruling_time=_NOW,
            last_entry_id=entry_id,
            last_entry_submission_time=facts.submitted_at,
            last_entry_result=entry_result,
            last_entry_status=COMPLETED_STATUS,
            review_assigned_to_id=me,
            review_assigned_date=assigned_at,
        )
    )
