"""Row-level security, write side: who may rule on which entry.

Reviewers rule only on entries assigned to them (or claim an unassigned
one for themselves), senior reviewers may also escalate, QA writes QA and
escalation reviews anywhere and reassigns; nobody else writes review state.
Each test works in a transaction it rolls back, so the world stays as
:mod:`tests.security_roles` built it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest

from tests.security_roles import World, refused

RLS_VIOLATION = ("42501", "violates row-level security policy")
PERMISSION_DENIED = ("42501", "permission denied")


@contextmanager
def acting_as(world: World, who: str) -> Iterator[psycopg.Connection]:
    """A connection as ``who`` inside a transaction that is rolled back at the end."""
    with world.connect(who) as conn, conn.transaction(force_rollback=True):
        yield conn


@contextmanager
def refused_statement(conn: psycopg.Connection, refusal: tuple[str, str]) -> Iterator[None]:
    """Expect one statement to be refused, without losing the surrounding transaction (a savepoint)."""
    with refused(*refusal), conn.transaction():
        yield


def updated(conn: psycopg.Connection, statement: str, *params: object) -> int:
    return conn.execute(statement, params).rowcount


def new_fraud_review(conn: psycopg.Connection, submission_id: uuid.UUID, reviewer_id: uuid.UUID, kind: str) -> None:
    conn.execute(
        "INSERT INTO fraud_reviews (fraud_submission_id, reviewer_id, review_type) VALUES (%s, %s, %s)",
        (submission_id, reviewer_id, kind),
    )


def test_a_reviewer_rules_on_an_assigned_entry_in_one_transaction(world: World) -> None:
    a1, me = world.screenings["A1"], world.people["reviewer1"].user_id
    with acting_as(world, "reviewer1") as conn:
        review_id = conn.execute(
            "INSERT INTO fraud_reviews (fraud_submission_id, reviewer_id, result, status, completed_date)"
            " VALUES (%s, %s, 1, 'COMPLETED', now()) RETURNING id",
            (a1.fraud_submission_id, me),
        ).fetchone()
        assert review_id is not None
        conn.execute(
            "INSERT INTO fraud_document_reviews (fraud_review_id, document_id, result) VALUES (%s, %s, 1)",
            (review_id[0], a1.proof_id),
        )
        conn.execute(
            "INSERT INTO fraud_results (applicant_submission_id, result) VALUES (%s, 1)", (a1.applicant_submission_id,)
        )
        assert updated(conn, "UPDATE proof SET result = 'CLEAN' WHERE id = %s", a1.proof_id) == 1
        assert (
            updated(
                conn,
                "UPDATE entries SET review_status = 'COMPLETED', result = 'APPROVED', reviewer_id = %s,"
                " review_date = now() WHERE id = %s",
                me,
                a1.entry_id,
            )
            == 1
        )
        assert (
            updated(
                conn,
                "UPDATE folders SET dynamic_ruling = 'CLEAN', last_entry_id = %s, ruling_time = now() WHERE id = %s",
                a1.entry_id,
                a1.folder_id,
            )
            == 1
        )


def test_a_reviewer_cannot_touch_an_entry_assigned_to_someone_else(world: World) -> None:
    a2 = world.screenings["A2"]
    with acting_as(world, "reviewer1") as conn:
        assert updated(conn, "UPDATE entries SET review_status = 'COMPLETED' WHERE id = %s", a2.entry_id) == 0
        assert updated(conn, "UPDATE folders SET dynamic_ruling = 'FRAUD' WHERE id = %s", a2.folder_id) == 0
        assert updated(conn, "UPDATE proof SET result = 'FRAUD' WHERE id = %s", a2.proof_id) == 0
        assert updated(conn, "UPDATE fraud_reviews SET status = 'COMPLETED' WHERE id = %s", a2.fraud_review_id) == 0
    with world.owner() as owner:
        status = owner.execute("SELECT review_status FROM entries WHERE id = %s", (a2.entry_id,)).fetchone()
    assert status == ("ASSIGNED",)


def test_a_reviewer_cannot_write_reviews_or_results_for_someone_elses_entry(world: World) -> None:
    a1, a2 = world.screenings["A1"], world.screenings["A2"]
    me, other = world.people["reviewer1"].user_id, world.people["reviewer2"].user_id
    with acting_as(world, "reviewer1") as conn:
        with refused_statement(conn, RLS_VIOLATION):
            new_fraud_review(conn, a2.fraud_submission_id, me, "INITIAL")
        with refused_statement(conn, RLS_VIOLATION):  # in someone else's name, on my own entry
            new_fraud_review(conn, a1.fraud_submission_id, other, "INITIAL")
        with refused_statement(conn, RLS_VIOLATION):  # a type reviewers do not write
            new_fraud_review(conn, a1.fraud_submission_id, me, "QA")
        with refused_statement(conn, RLS_VIOLATION):  # someone else's review
            conn.execute(
                "INSERT INTO fraud_document_reviews (fraud_review_id, document_id) VALUES (%s, %s)",
                (a2.fraud_review_id, a2.proof_id),
            )
        with refused_statement(conn, RLS_VIOLATION):  # my review, a document of another entry
            conn.execute(
                "INSERT INTO fraud_document_reviews (fraud_review_id, document_id) VALUES (%s, %s)",
                (a1.fraud_review_id, a2.proof_id),
            )
        with refused_statement(conn, RLS_VIOLATION):
            conn.execute(
                "INSERT INTO fraud_results (applicant_submission_id, result) VALUES (%s, 2)",
                (a2.applicant_submission_id,),
            )


def test_a_reviewer_claims_an_unassigned_entry_only_for_themselves(world: World) -> None:
    b1 = world.screenings["B1"]
    me, other = world.people["reviewer1"].user_id, world.people["reviewer2"].user_id
    with acting_as(world, "reviewer1") as conn:
        with refused_statement(conn, RLS_VIOLATION):
            conn.execute(
                "UPDATE entries SET review_assigned_to_id = %s, review_status = 'ASSIGNED' WHERE id = %s",
                (other, b1.entry_id),
            )
        claimed = conn.execute(
            "UPDATE entries SET review_assigned_to_id = %s, review_status = 'ASSIGNED'"
            " WHERE id = (SELECT id FROM entries WHERE review_status = 'UNASSIGNED'"
            "             ORDER BY submission_time, id LIMIT 1 FOR UPDATE SKIP LOCKED)"
            " RETURNING id",
            (me,),
        ).fetchall()
        assert claimed == [(b1.entry_id,)]
        with refused_statement(conn, RLS_VIOLATION):  # handing it on is QA's job
            conn.execute("UPDATE entries SET review_assigned_to_id = %s WHERE id = %s", (other, b1.entry_id))


def test_locking_for_update_skips_what_a_reviewer_may_not_change(world: World) -> None:
    with acting_as(world, "reviewer1") as conn:
        locked = conn.execute("SELECT short_id FROM entries WHERE review_status = 'ASSIGNED' FOR UPDATE").fetchall()
        readable = conn.execute("SELECT short_id FROM entries WHERE review_status = 'ASSIGNED'").fetchall()
    assert locked == [("E-A1",)]
    assert sorted(readable) == [("E-A1",), ("E-A2",), ("E-B2",)]


def test_a_reviewer_changes_only_review_columns(world: World) -> None:
    a1 = world.screenings["A1"]
    with acting_as(world, "reviewer1") as conn:
        for assignment in ("suggested_ruling = 'FRAUD'", "folder_id = NULL", "submission_time = now()"):
            with refused_statement(conn, PERMISSION_DENIED):
                conn.execute(f"UPDATE entries SET {assignment} WHERE id = %s", (a1.entry_id,))
        with refused_statement(conn, PERMISSION_DENIED):
            conn.execute("UPDATE fraud_reviews SET review_type = 'QA' WHERE id = %s", (a1.fraud_review_id,))
        with refused_statement(conn, PERMISSION_DENIED):
            conn.execute("DELETE FROM fraud_reviews WHERE id = %s", (a1.fraud_review_id,))


def test_a_senior_reviewer_escalates_on_their_own_entry_only(world: World) -> None:
    b2, a1 = world.screenings["B2"], world.screenings["A1"]
    me = world.people["senior"].user_id
    with acting_as(world, "senior") as conn:
        new_fraud_review(conn, b2.fraud_submission_id, me, "ESCALATION")
        new_fraud_review(conn, b2.fraud_submission_id, me, "INITIAL")
        with refused_statement(conn, RLS_VIOLATION):
            new_fraud_review(conn, b2.fraud_submission_id, me, "QA")
        with refused_statement(conn, RLS_VIOLATION):
            new_fraud_review(conn, a1.fraud_submission_id, me, "ESCALATION")


def test_qa_writes_qa_and_escalation_reviews_anywhere_and_reassigns(world: World) -> None:
    a2, b1 = world.screenings["A2"], world.screenings["B1"]
    me, reviewer1 = world.people["qa"].user_id, world.people["reviewer1"].user_id
    with acting_as(world, "qa") as conn:
        new_fraud_review(conn, a2.fraud_submission_id, me, "QA")
        new_fraud_review(conn, b1.fraud_submission_id, me, "ESCALATION")
        with refused_statement(conn, RLS_VIOLATION):
            new_fraud_review(conn, a2.fraud_submission_id, me, "INITIAL")
        with refused_statement(conn, RLS_VIOLATION):
            new_fraud_review(conn, a2.fraud_submission_id, reviewer1, "QA")
        assert (
            updated(
                conn,
                "UPDATE entries SET review_assigned_to_id = %s, review_status = 'ASSIGNED' WHERE id = %s",
                reviewer1,
                a2.entry_id,
            )
            == 1
        )
        assert updated(conn, "UPDATE folders SET dynamic_ruling = 'FRAUD' WHERE id = %s", b1.folder_id) == 1


@pytest.mark.parametrize("who", ["admin", "company_admin_a", "company_user_a", "manager_a", "owner_admin"])
def test_admins_and_the_company_side_write_no_review_state(world: World, who: str) -> None:
    a1, me = world.screenings["A1"], world.people[who].user_id
    with acting_as(world, who) as conn:
        with refused_statement(conn, PERMISSION_DENIED):
            conn.execute("UPDATE entries SET review_status = 'COMPLETED' WHERE id = %s", (a1.entry_id,))
        with refused_statement(conn, PERMISSION_DENIED):
            new_fraud_review(conn, a1.fraud_submission_id, me, "QA")
        with refused_statement(conn, PERMISSION_DENIED):
            conn.execute("UPDATE folders SET dynamic_ruling = 'FRAUD' WHERE id = %s", (a1.folder_id,))


def test_a_worker_node_writes_sla_columns_but_no_rulings(world: World) -> None:
    a1 = world.screenings["A1"]
    with acting_as(world, "worker") as conn:
        assert (
            updated(conn, "UPDATE entries SET sixteen_hours_notification_sent_at = now() WHERE id = %s", a1.entry_id)
            == 1
        )
        with refused_statement(conn, PERMISSION_DENIED):
            conn.execute("UPDATE entries SET review_status = 'COMPLETED' WHERE id = %s", (a1.entry_id,))
        with refused_statement(conn, PERMISSION_DENIED):
            conn.execute(
                "INSERT INTO fraud_results (applicant_submission_id, result) VALUES (%s, 2)",
                (a1.applicant_submission_id,),
            )
