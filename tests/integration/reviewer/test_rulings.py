"""Opening a case and submitting a ruling as a reviewer, under row-level security.

The submit must write every row of a completed review in one transaction,
exactly once per submission id (a retry after a lost connection included),
and refuse with a clear message when the entry is no longer the
reviewer's. Rows are checked as the owner.
"""

from __future__ import annotations

import asyncio
import datetime
import json
import uuid
from typing import Any

import pytest
from sqlalchemy import event

from app.engine import build_unit_of_work
from services import claims
from services.case import open_case
from services.case_view import Case, SlaState
from services.errors import DatabaseUnavailable
from services.review_refusals import AlreadyRuled, EntryReassigned, InvalidRuling, NoSuchEntry, NotYourEntry
from services.ruling import submit_ruling
from services.ruling_submission import DocumentRuling, FraudType, RulingReason, RulingReceipt, RulingSubmission
from tests.factories import DEFAULT_SUBMITTED_AT
from tests.reviewer_desk import Desk, Reviewable, insert_reviewable
from tests.security_roles import refused

COUNTED_TABLES = ("fraud_reviews", "fraud_document_reviews", "fraud_results", "ruling_submissions", "oban_jobs")


@pytest.fixture
def claimed(desk: Desk) -> Reviewable:
    """An entry with two documents, claimed by reviewer1."""
    with desk.owner() as owner:
        entry = insert_reviewable(owner, short_id="E-1")
    assert run(desk, "reviewer1", claims.claim_next).entry_id == entry.entry_id
    return entry


def run(desk: Desk, who: str, use_case: Any, *args: object) -> Any:
    async def scenario() -> Any:
        async with desk.unit_of_work(who) as uow:
            return await use_case(uow, *args)

    return asyncio.run(scenario())


def submit(desk: Desk, who: str, submission: RulingSubmission) -> RulingReceipt:
    async def scenario() -> RulingReceipt:
        async with desk.unit_of_work(who) as uow:
            return await submit_ruling(uow, submission)

    return asyncio.run(scenario())


def fraud_ruling(entry: Reviewable, **changes: object) -> RulingSubmission:
    fields: dict[str, object] = {
        "entry_id": entry.entry_id,
        "documents": (
            DocumentRuling(entry.proof_ids[0], "CLEAN"),
            DocumentRuling(entry.proof_ids[1], "FRAUD"),
        ),
        "reason": RulingReason.FONT_MANIPULATION,
        "fraud_type": FraudType.DOCUMENT_MANIPULATION,
        "note": "Employer name typed in a different font",
    }
    fields.update(changes)
    return RulingSubmission(**fields)  # type: ignore[arg-type]


def counts(desk: Desk) -> dict[str, int]:
    with desk.owner() as owner:
        return {table: owner.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in COUNTED_TABLES}  # type: ignore[index]


def one(desk: Desk, query: str, *params: object) -> tuple[Any, ...]:
    with desk.owner() as owner:
        row = owner.execute(query, params).fetchone()
    assert row is not None
    return row


def test_open_case_shows_every_field_of_the_case_view(desk: Desk) -> None:
    with desk.owner() as owner:
        earlier = insert_reviewable(
            owner, short_id="E-0", submitted_at=DEFAULT_SUBMITTED_AT - datetime.timedelta(days=30)
        )
        entry = insert_reviewable(owner, short_id="E-1", folder_id=earlier.folder_id)
        owner.execute(
            "UPDATE entries SET review_status = 'COMPLETED', result = 'REJECTED', note = 'Forged paystub'"
            " WHERE id = %s",
            (earlier.entry_id,),
        )
        owner.execute(
            "INSERT INTO fraud_reviews (fraud_submission_id, reviewer_id, result, fraud_type, status, result_reason,"
            " completed_date) VALUES (%s, %s, 2, 'identity_theft', 'COMPLETED', 'Same document as another', %s)",
            (
                earlier.fraud_submission_id,
                desk.user_ids["reviewer2"],
                DEFAULT_SUBMITTED_AT - datetime.timedelta(days=29),
            ),
        )
        owner.execute(
            "UPDATE entries SET has_previously_submitted = true, suggested_ruling = 'EDITED' WHERE id = %s",
            (entry.entry_id,),
        )

    case: Case = run(desk, "reviewer1", open_case, entry.entry_id)

    assert (case.short_id, case.review_status, case.suggested_ruling, case.repeat_applicant) == (
        "E-1",
        "UNASSIGNED",
        "EDITED",
        True,
    )
    assert case.property_name == "E-0 Court" and case.company_name == "E-0 Homes"
    assert case.submitted_at == DEFAULT_SUBMITTED_AT
    assert case.sla_deadline == DEFAULT_SUBMITTED_AT + datetime.timedelta(hours=24)
    assert case.sla(DEFAULT_SUBMITTED_AT + datetime.timedelta(hours=17)) is SlaState.AMBER
    assert case.sla(DEFAULT_SUBMITTED_AT + datetime.timedelta(hours=25)) is SlaState.BREACHED
    assert [(a.name, a.email) for a in case.applicants] == [("Applicant E-1", "E-1@applicant.example")]
    assert [d.proof_id for d in case.documents] == list(entry.proof_ids)
    document = case.documents[0]
    assert (document.kind, document.file_url, document.thumb_url) == (
        "paystub",
        "file:///docs/E-1-0.pdf",
        "file:///thumbs/E-1-0.png",
    )
    assert document.meta_data_flags == ("font_manipulation",)
    assert document.extracted_meta == {"employer": "Acme"}
    assert document.similarity_check == ({"entry": "E-0", "score": 91},)
    assert [(r.entry_short_id, r.ruling, r.fraud_type, r.reason, r.reviewer_name) for r in case.previous_rulings] == [
        ("E-0", "FRAUD", "identity_theft", "Same document as another", "reviewer2 Test")
    ]
    assert [(n.entry_short_id, n.result, n.note) for n in case.folder_entries] == [
        ("E-0", "REJECTED", "Forged paystub")
    ]


def test_a_similarity_hit_names_the_other_document_and_its_entry(desk: Desk) -> None:
    """The spec's hit carries ids only; the case names them, and an id nobody knows is left as it was."""
    with desk.owner() as owner:
        other = insert_reviewable(owner, short_id="E-7")
        entry = insert_reviewable(owner, short_id="E-8")
        hits = [
            {"entry_id": str(other.entry_id), "matching_proof_id": str(other.proof_ids[0]), "similarity_score": 0.93},
            {"entry_id": "gone", "matching_proof_id": "not-a-uuid", "similarity_score": 0.5},
        ]
        owner.execute(
            "UPDATE proof SET similarity_check = ARRAY[%s::jsonb, %s::jsonb] WHERE id = %s",
            (json.dumps(hits[0]), json.dumps(hits[1]), entry.proof_ids[0]),
        )

    case: Case = run(desk, "reviewer1", open_case, entry.entry_id)

    assert case.documents[0].similarity_check == (
        {**hits[0], "entry_short_id": "E-7", "document_kind": "paystub"},
        hits[1],
    )

    with pytest.raises(NoSuchEntry):
        run(desk, "reviewer1", open_case, uuid.uuid4())


def test_submit_writes_every_row_of_the_ruling_in_one_go(desk: Desk, claimed: Reviewable) -> None:
    before = counts(desk)
    ruling = fraud_ruling(claimed)

    receipt = submit(desk, "reviewer1", ruling)

    me = desk.user_ids["reviewer1"]
    assert (receipt.ruling, receipt.entry_result, receipt.first_write) == ("FRAUD", "REJECTED", True)
    assert receipt.changes.entry_ids == {claimed.entry_id}
    after = counts(desk)
    assert {table: after[table] - before[table] for table in COUNTED_TABLES} == {
        "fraud_reviews": 1,
        "fraud_document_reviews": 2,
        "fraud_results": 1,
        "ruling_submissions": 1,
        "oban_jobs": 1,
    }
    review_id, review = one(
        desk,
        "SELECT r.id, row(r.review_type, r.status, t.code, r.fraud_type, r.result_reason, r.reviewer_id,"
        " r.completed_date IS NOT NULL) FROM fraud_reviews AS r JOIN fraud_result_types AS t ON t.id = r.result"
        " WHERE r.fraud_submission_id = %s",
        claimed.fraud_submission_id,
    )
    assert review == (
        "INITIAL",
        "COMPLETED",
        "FRAUD",
        "document_manipulation",
        RulingReason.FONT_MANIPULATION.value,
        str(me),
        "t",
    )
    with desk.owner() as owner:
        documents = owner.execute(
            "SELECT d.document_id, t.code, p.result::text FROM fraud_document_reviews AS d"
            " JOIN fraud_result_types AS t ON t.id = d.result JOIN proof AS p ON p.id = d.document_id"
            " WHERE d.fraud_review_id = %s ORDER BY p.inserted_at",
            (review_id,),
        ).fetchall()
    assert documents == [(claimed.proof_ids[0], "CLEAN", "CLEAN"), (claimed.proof_ids[1], "FRAUD", "FRAUD")]
    assert one(
        desk,
        "SELECT t.code FROM fraud_results AS f JOIN fraud_result_types AS t ON t.id = f.result"
        " WHERE f.applicant_submission_id = %s",
        claimed.applicant_submission_id,
    ) == ("FRAUD",)
    assert one(
        desk,
        "SELECT review_status, status, result, note, reviewer_id, review_date IS NOT NULL FROM entries WHERE id = %s",
        claimed.entry_id,
    ) == ("COMPLETED", "completed", "REJECTED", "Employer name typed in a different font", me, True)
    assert one(
        desk,
        "SELECT dynamic_ruling, status, result, last_entry_id, last_entry_result, last_entry_status,"
        " last_entry_submission_time, review_assigned_to_id, ruling_time IS NOT NULL FROM folders WHERE id = %s",
        claimed.folder_id,
    ) == ("FRAUD", "completed", "REJECTED", claimed.entry_id, "REJECTED", "completed", DEFAULT_SUBMITTED_AT, me, True)
    assert one(desk, "SELECT fraud_review_id, user_id FROM ruling_submissions WHERE id = %s", ruling.submission_id) == (
        review_id,
        me,
    )
    assert one(desk, "SELECT worker, queue, args FROM oban_jobs") == (
        "services.jobs.ruling_notification.RulingNotificationWorker",
        "desk_notifications",
        {"entry_id": str(claimed.entry_id), "ruling": "FRAUD", "result": "REJECTED", "reupload_proof_ids": []},
    )
    with desk.owner() as owner:
        reasons = owner.execute(
            "SELECT DISTINCT reason FROM audit_log"
            " WHERE table_name IN ('folders', 'fraud_reviews', 'fraud_document_reviews', 'fraud_results')"
            " OR new_values ->> 'review_status' = 'COMPLETED'"
        ).fetchall()
    assert reasons == [(f"ruling {ruling.submission_id}: FRAUD",)]  # every row of the ruling says why


def test_the_open_review_of_the_assignee_is_completed_and_an_override_is_audited(
    desk: Desk, claimed: Reviewable
) -> None:
    with desk.owner() as owner:
        open_review = owner.execute(
            "INSERT INTO fraud_reviews (fraud_submission_id, reviewer_id, status)"
            " VALUES (%s, %s, 'IN_PROGRESS') RETURNING id",
            (claimed.fraud_submission_id, desk.user_ids["reviewer1"]),
        ).fetchone()[0]  # type: ignore[index]
        owner.execute(
            "INSERT INTO fraud_document_reviews (fraud_review_id, document_id) VALUES (%s, %s)",
            (open_review, claimed.proof_ids[0]),
        )
    ruling = RulingSubmission(
        entry_id=claimed.entry_id,
        documents=(
            DocumentRuling(claimed.proof_ids[0], "CLEAN"),
            DocumentRuling(claimed.proof_ids[1], "INSUFFICIENT", request_reupload=True),
        ),
        overall_override="CLEAN",
        override_reason="the statement arrived by e-mail",
    )

    receipt = submit(desk, "reviewer1", ruling)

    assert (receipt.ruling, receipt.entry_result) == ("CLEAN", "APPROVED")
    with desk.owner() as owner:
        assert owner.execute(
            "SELECT id, status FROM fraud_reviews WHERE fraud_submission_id = %s", (claimed.fraud_submission_id,)
        ).fetchall() == [(open_review, "COMPLETED")]
        assert owner.execute(
            "SELECT count(*) FROM fraud_document_reviews WHERE fraud_review_id = %s", (open_review,)
        ).fetchone() == (2,)
        assert owner.execute("SELECT args -> 'reupload_proof_ids' FROM oban_jobs").fetchone() == (
            [str(claimed.proof_ids[1])],
        )
        (reason,) = owner.execute(
            "SELECT DISTINCT reason FROM audit_log WHERE table_name = 'entries' AND action = 'UPDATE'"
            " AND new_values ->> 'review_status' = 'COMPLETED'"
        ).fetchone()  # type: ignore[misc]
    overridden = "documents say INSUFFICIENT; overridden: the statement arrived by e-mail"
    assert reason == f"ruling {ruling.submission_id}: CLEAN ({overridden})"


def test_a_retry_of_a_written_ruling_writes_nothing_and_a_second_ruling_is_refused(
    desk: Desk, claimed: Reviewable
) -> None:
    ruling = fraud_ruling(claimed)
    submit(desk, "reviewer1", ruling)
    written = counts(desk)

    retry = submit(desk, "reviewer1", ruling)  # the answer was lost; the workstation sends it again

    assert (retry.first_write, retry.ruling, retry.entry_result) == (False, "FRAUD", "REJECTED")
    assert counts(desk) == written
    with pytest.raises(AlreadyRuled, match="ruled on already"):
        submit(desk, "reviewer1", fraud_ruling(claimed))  # a new id: a double submit
    assert counts(desk) == written


def test_a_ruling_cut_off_by_a_lost_connection_lands_exactly_once_on_retry(desk: Desk, claimed: Reviewable) -> None:
    before = counts(desk)
    ruling = fraud_ruling(claimed)

    async def cut_off_at_commit() -> None:
        async with desk.unit_of_work("reviewer1") as uow:
            engine = uow._session_factory.kw["bind"]

            def kill_the_session(connection: Any) -> None:
                pid = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
                with desk.owner() as owner:
                    owner.execute("SELECT pg_terminate_backend(%s)", (pid,))

            event.listen(engine.sync_engine, "commit", kill_the_session)  # just before COMMIT is sent
            await submit_ruling(build_unit_of_work(engine), ruling)

    with pytest.raises(DatabaseUnavailable):
        asyncio.run(cut_off_at_commit())
    assert counts(desk) == before  # nothing half-written
    assert one(desk, "SELECT review_status FROM entries WHERE id = %s", claimed.entry_id) == ("IN_REVIEW",)

    assert submit(desk, "reviewer1", ruling).first_write is True
    assert submit(desk, "reviewer1", ruling).first_write is False
    after = counts(desk)
    assert after["ruling_submissions"] - before["ruling_submissions"] == 1
    assert after["fraud_reviews"] - before["fraud_reviews"] == 1


def test_a_ruling_on_an_entry_that_changed_hands_is_refused_with_the_reason(desk: Desk, claimed: Reviewable) -> None:
    with pytest.raises(EntryReassigned, match="assigned to someone else"):
        submit(desk, "reviewer2", fraud_ruling(claimed))  # reviewer1's
    run(desk, "senior", claims.reassign, claimed.entry_id, desk.user_ids["reviewer2"], "load balancing")
    with pytest.raises(EntryReassigned, match="assigned to someone else"):
        submit(desk, "reviewer1", fraud_ruling(claimed))  # taken from reviewer1 while they worked
    run(desk, "qa", claims.reassign, claimed.entry_id, None, "back to the pool")
    with pytest.raises(NotYourEntry, match="released"):
        submit(desk, "reviewer2", fraud_ruling(claimed))
    assert run(desk, "reviewer1", claims.claim_next).entry_id == claimed.entry_id
    with pytest.raises(InvalidRuling, match="every document"):
        submit(desk, "reviewer1", fraud_ruling(claimed, documents=(DocumentRuling(claimed.proof_ids[0], "CLEAN"),)))
    assert counts(desk)["ruling_submissions"] == 0


def test_the_database_refuses_a_ruling_on_an_entry_not_assigned_to_the_reviewer(
    desk: Desk, claimed: Reviewable
) -> None:
    with desk.connect("reviewer2") as reviewer2:
        with refused("42501", "row-level security"):
            reviewer2.execute(
                "INSERT INTO fraud_reviews (fraud_submission_id, reviewer_id, status, result)"
                " VALUES (%s, %s, 'COMPLETED', 1)",
                (claimed.fraud_submission_id, desk.user_ids["reviewer2"]),
            )
        with refused("42501", "row-level security"):
            reviewer2.execute(
                "INSERT INTO ruling_submissions (id, entry_id, fraud_review_id, user_id)"
                " VALUES (gen_random_uuid(), %s, gen_random_uuid(), %s)",
                (claimed.entry_id, desk.user_ids["reviewer2"]),
            )
        updated = reviewer2.execute(
            "UPDATE entries SET review_status = 'COMPLETED', result = 'APPROVED' WHERE id = %s", (claimed.entry_id,)
        )
        assert updated.rowcount == 0
    assert one(desk, "SELECT review_status FROM entries WHERE id = %s", claimed.entry_id) == ("IN_REVIEW",)


def test_the_entry_result_aggregates_the_income_and_asset_outcomes_too(desk: Desk, claimed: Reviewable) -> None:
    with desk.owner() as owner:
        owner.execute(
            "INSERT INTO income_verification_submissions (entry_id, review_eligibility) VALUES (%s, 'APPROVED')",
            (claimed.entry_id,),
        )
        owner.execute(
            "INSERT INTO asset_verification_submissions (entry_id, review_eligibility) VALUES (%s, 'REJECTED')",
            (claimed.entry_id,),
        )
    clean = RulingSubmission(
        entry_id=claimed.entry_id, documents=tuple(DocumentRuling(proof, "CLEAN") for proof in claimed.proof_ids)
    )

    receipt = submit(desk, "reviewer1", clean)

    assert (receipt.ruling, receipt.entry_result) == ("CLEAN", "REJECTED")  # the rejected asset check decides
    assert one(desk, "SELECT result FROM entries WHERE id = %s", claimed.entry_id) == ("REJECTED",)
