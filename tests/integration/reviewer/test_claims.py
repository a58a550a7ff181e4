"""Claim-next, release, skip, reassign and escalate as review staff, under row-level security.

Each test has a database of its own (claim-next takes the oldest entry of
the whole pool) and signs in as real login roles; rows written and the
audit trail are checked as the owner.
"""

from __future__ import annotations

import asyncio
import datetime
import threading
import uuid
from typing import Any

import psycopg
import pytest

from services import claims
from services.database_urls import with_credentials
from services.errors import Refusal
from services.review_refusals import AlreadyRuled, InvalidRuling, NotYourEntry
from tests.factories import DEFAULT_SUBMITTED_AT, insert_company
from tests.integration.reviewer.conftest import CLAIMERS
from tests.reviewer_desk import Desk, StaffLogins, insert_pool, insert_reviewable
from tests.security_roles import PASSWORD, refused

POOL_SIZE = 2_000


def entry_row(desk: Desk, entry_id: uuid.UUID) -> dict[str, Any]:
    with desk.owner() as owner, owner.cursor(row_factory=psycopg.rows.dict_row) as cursor:
        row = cursor.execute(
            "SELECT review_status, status, review_assigned_to_id, review_assigned_date FROM entries WHERE id = %s",
            (entry_id,),
        ).fetchone()
    assert row is not None
    return row


def audit_trail(desk: Desk, entry_id: uuid.UUID) -> list[tuple[Any, ...]]:
    """``(user_id, reason, review_status, review_assigned_to_id)`` of each audited change of the entry, in order."""
    with desk.owner() as owner:
        return owner.execute(
            "SELECT user_id, reason, new_values ->> 'review_status', new_values ->> 'review_assigned_to_id'"
            " FROM audit_log WHERE table_name = 'entries' AND row_id = %s ORDER BY id",
            (str(entry_id),),
        ).fetchall()


def claim(desk: Desk, who: str) -> uuid.UUID | None:
    async def scenario() -> uuid.UUID | None:
        async with desk.unit_of_work(who) as uow:
            claimed = await claims.claim_next(uow)
            assert claimed.changes.entry_ids == ({claimed.entry_id} if claimed.entry_id else set())
            return claimed.entry_id

    return asyncio.run(scenario())


def act(desk: Desk, who: str, action: str, *args: object) -> None:
    async def scenario() -> None:
        async with desk.unit_of_work(who) as uow:
            await getattr(claims, action)(uow, *args)

    asyncio.run(scenario())


def test_claim_next_takes_the_most_urgent_entry_and_audits_it(desk: Desk) -> None:
    with desk.owner() as owner:
        later = insert_reviewable(owner, short_id="E-LATE", submitted_at=DEFAULT_SUBMITTED_AT)
        urgent = insert_reviewable(
            owner, short_id="E-URGENT", submitted_at=DEFAULT_SUBMITTED_AT - datetime.timedelta(hours=3)
        )
        owner.execute("INSERT INTO entries (short_id, submission_time) VALUES ('E-DRAFT', NULL)")  # not submitted yet

    assert claim(desk, "reviewer1") == urgent.entry_id
    assert claim(desk, "reviewer2") == later.entry_id
    assert claim(desk, "reviewer1") is None  # the pool is empty; a draft entry is never offered

    row = entry_row(desk, urgent.entry_id)
    assert (row["review_status"], row["status"], row["review_assigned_to_id"]) == (
        "IN_REVIEW",
        "in_review",
        desk.user_ids["reviewer1"],
    )
    assert row["review_assigned_date"] is not None
    assert audit_trail(desk, urgent.entry_id) == [
        (desk.user_ids["reviewer1"], "claimed next", "IN_REVIEW", str(desk.user_ids["reviewer1"]))
    ]


def test_release_returns_the_entry_to_the_pool_with_the_reason_in_the_audit_log(desk: Desk) -> None:
    with desk.owner() as owner:
        entry = insert_reviewable(owner, short_id="E-1")
    assert claim(desk, "reviewer1") == entry.entry_id

    with pytest.raises(InvalidRuling, match="reason"):
        act(desk, "reviewer1", "release", entry.entry_id, "   ")
    with pytest.raises(NotYourEntry, match="not assigned to you"):
        act(desk, "reviewer2", "release", entry.entry_id, "not mine to give")
    act(desk, "reviewer1", "release", entry.entry_id, "conflict of interest")

    row = entry_row(desk, entry.entry_id)
    assert (row["review_status"], row["status"], row["review_assigned_to_id"]) == ("UNASSIGNED", "submitted", None)
    assert audit_trail(desk, entry.entry_id)[-1] == (
        desk.user_ids["reviewer1"],
        "released: conflict of interest",
        "UNASSIGNED",
        None,
    )
    assert claim(desk, "reviewer2") == entry.entry_id  # back in the pool for anyone


def test_a_skipped_entry_is_not_offered_to_the_same_reviewer_again(desk: Desk) -> None:
    with desk.owner() as owner:
        first = insert_reviewable(owner, short_id="E-1", submitted_at=DEFAULT_SUBMITTED_AT)
        second = insert_reviewable(
            owner, short_id="E-2", submitted_at=DEFAULT_SUBMITTED_AT + datetime.timedelta(minutes=1)
        )
    assert claim(desk, "reviewer1") == first.entry_id
    act(desk, "reviewer1", "skip", first.entry_id, "documents in a language I do not read")

    assert claim(desk, "reviewer1") == second.entry_id  # the skipped one is passed over…
    assert claim(desk, "reviewer2") == first.entry_id  # …for this reviewer only

    assert audit_trail(desk, first.entry_id)[1][1] == "skipped: documents in a language I do not read"
    with desk.owner() as owner:
        skips = owner.execute("SELECT user_id, entry_id, reason FROM review_skips").fetchall()
    assert skips == [(desk.user_ids["reviewer1"], first.entry_id, "documents in a language I do not read")]
    with desk.connect("reviewer2") as reviewer2:  # a person sees only their own skips
        assert reviewer2.execute("SELECT count(*) FROM review_skips").fetchone() == (0,)


def test_leads_reassign_and_reviewers_may_not(desk: Desk) -> None:
    with desk.owner() as owner:
        entry = insert_reviewable(owner, short_id="E-1")
    assert claim(desk, "reviewer1") == entry.entry_id

    with desk.connect("reviewer2") as reviewer2, refused("42501"):
        reviewer2.execute("SELECT rd_reassign_entry(%s, %s, 'mine now')", (entry.entry_id, desk.user_ids["reviewer2"]))
    with pytest.raises(InvalidRuling, match="active reviewers"):
        act(desk, "senior", "reassign", entry.entry_id, desk.user_ids["admin"], "admins do not rule")

    act(desk, "senior", "reassign", entry.entry_id, desk.user_ids["reviewer2"], "reviewer1 is out sick")
    row = entry_row(desk, entry.entry_id)
    assert (row["review_status"], row["review_assigned_to_id"]) == ("ASSIGNED", desk.user_ids["reviewer2"])
    assert audit_trail(desk, entry.entry_id)[-1] == (
        desk.user_ids["senior"],
        "reassigned: reviewer1 is out sick",
        "ASSIGNED",
        str(desk.user_ids["reviewer2"]),
    )
    with pytest.raises(NotYourEntry):
        act(desk, "reviewer1", "release", entry.entry_id, "it was mine")

    act(desk, "qa", "reassign", entry.entry_id, None, "back to the pool for the night shift")
    assert entry_row(desk, entry.entry_id)["review_status"] == "UNASSIGNED"


def test_escalation_creates_the_qa_review_and_takes_the_entry_off_the_reviewer(desk: Desk) -> None:
    with desk.owner() as owner:
        entry = insert_reviewable(owner, short_id="E-1")
    assert claim(desk, "reviewer1") == entry.entry_id
    escalation_id = uuid.uuid4()

    act(desk, "reviewer1", "escalate", entry.entry_id, "Possible identity theft ring", escalation_id)
    act(desk, "reviewer1", "escalate", entry.entry_id, "Possible identity theft ring", escalation_id)  # a retry

    with desk.owner() as owner:
        reviews = owner.execute(
            "SELECT id, review_type, status, reviewer_id, result_reason FROM fraud_reviews"
            " WHERE fraud_submission_id = %s",
            (entry.fraud_submission_id,),
        ).fetchall()
    assert reviews == [(escalation_id, "ESCALATION", "PENDING", None, "Possible identity theft ring")]
    row = entry_row(desk, entry.entry_id)
    assert (row["review_status"], row["review_assigned_to_id"]) == ("IN_REVIEW", None)
    assert audit_trail(desk, entry.entry_id)[-1][1] == "escalated to QA: Possible identity theft ring"
    assert claim(desk, "reviewer2") is None  # with QA now, not in the pool


def test_only_open_entries_change_hands(desk: Desk) -> None:
    with desk.owner() as owner:
        entry = insert_reviewable(owner, short_id="E-1")
        owner.execute("UPDATE entries SET review_status = 'COMPLETED' WHERE id = %s", (entry.entry_id,))
    with pytest.raises(AlreadyRuled, match="ruled on already"):
        act(desk, "qa", "reassign", entry.entry_id, desk.user_ids["reviewer1"], "second look")
    with pytest.raises(Refusal, match="no entry"):
        act(desk, "qa", "reassign", uuid.uuid4(), desk.user_ids["reviewer1"], "second look")


def test_the_company_side_cannot_claim(desk: Desk, staff: StaffLogins) -> None:
    with desk.owner() as owner:
        login = staff.logins.login(
            owner, staff.logins.email(f"manager-{uuid.uuid4().hex[:6]}"), "rd_app", "rd_property_manager"
        )
        owner.execute(
            "INSERT INTO users (email, role, company_id) VALUES (%s, 'property_manager', %s)",
            (login, insert_company(owner, name="Side Co")),
        )
        insert_pool(owner, 1)
    with psycopg.connect(with_credentials(desk.owner_url, login, PASSWORD), autocommit=True) as manager:
        with refused("42501"):
            manager.execute("SELECT rd_claim_next_entry()")
        assert manager.execute("SELECT count(*) FROM entries WHERE review_status = 'UNASSIGNED'").fetchone() == (0,)


def test_twenty_reviewers_claiming_at_once_never_share_or_lose_an_entry(desk: Desk) -> None:
    with desk.owner() as owner:
        pool = insert_pool(owner, POOL_SIZE)
    claimers = [f"reviewer-{n}" for n in range(CLAIMERS)]
    claimed: dict[str, list[uuid.UUID]] = {who: [] for who in claimers}
    connections = {who: desk.connect(who) for who in claimers}
    start = threading.Barrier(CLAIMERS)
    failures: list[BaseException] = []

    def work(who: str) -> None:
        try:
            start.wait()
            while True:
                row = connections[who].execute("SELECT rd_claim_next_entry()").fetchone()
                assert row is not None
                if row[0] is None:
                    return
                claimed[who].append(row[0])
        except BaseException as failure:  # reported below, on the test's thread
            failures.append(failure)

    threads = [threading.Thread(target=work, args=(who,)) for who in claimers]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
    finally:
        for connection in connections.values():
            connection.close()

    assert failures == []
    everything = [entry_id for entries in claimed.values() for entry_id in entries]
    assert len(everything) == len(set(everything)) == POOL_SIZE  # nobody got an entry twice, none was lost
    assert set(everything) == set(pool)
    assert sum(1 for entries in claimed.values() if entries) > 1  # they really ran side by side
    with desk.owner() as owner:
        holders = dict(
            owner.execute("SELECT id, review_assigned_to_id FROM entries WHERE review_status = 'IN_REVIEW'").fetchall()
        )
    assert holders == {entry_id: desk.user_ids[who] for who, entries in claimed.items() for entry_id in entries}
    for entries in claimed.values():  # each reviewer got them most urgent first
        assert entries == sorted(entries, key=pool.index)
