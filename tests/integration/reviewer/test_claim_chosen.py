"""Claiming an entry chosen in the queue, the reassign picker's list, and the company side's grant question.

Each runs under the real login's row-level security; rows and the audit
trail are read back as the owner.
"""

from __future__ import annotations

import asyncio
import uuid

import pytest

from app.engine import build_engine, build_unit_of_work
from services import claims
from services.database_urls import with_credentials
from services.queue_access import has_access_grants
from services.review_refusals import EntryTaken
from services.reviewer_directory import reviewers
from tests.factories import insert_company, insert_property
from tests.integration.reviewer.test_claims import audit_trail, entry_row
from tests.reviewer_desk import Desk, StaffLogins, insert_reviewable
from tests.security_roles import PASSWORD


def test_a_chosen_pool_entry_is_claimed_once_and_audited(desk: Desk) -> None:
    with desk.owner() as owner:
        entry = insert_reviewable(owner, short_id="E-1")

    async def scenario() -> None:
        async with desk.unit_of_work("reviewer1") as uow:
            changes = await claims.claim(uow, entry.entry_id)
            assert changes.entry_ids == {entry.entry_id}
        async with desk.unit_of_work("reviewer2") as uow:
            with pytest.raises(EntryTaken, match="claimed this entry first"):
                await claims.claim(uow, entry.entry_id)

    asyncio.run(scenario())
    row = entry_row(desk, entry.entry_id)
    assert (row["review_status"], row["status"], row["review_assigned_to_id"]) == (
        "IN_REVIEW",
        "in_review",
        desk.user_ids["reviewer1"],
    )
    assert row["review_assigned_date"] is not None
    assert audit_trail(desk, entry.entry_id)[-1] == (
        desk.user_ids["reviewer1"],
        "claimed from the queue",
        "IN_REVIEW",
        str(desk.user_ids["reviewer1"]),
    )


def test_the_picker_lists_active_reviewers_and_searches_on_the_server(desk: Desk) -> None:
    with desk.owner() as owner:
        owner.execute("UPDATE users SET is_archived = true WHERE id = %s", (desk.user_ids["reviewer-0"],))

    async def scenario() -> tuple[set[uuid.UUID], list[uuid.UUID]]:
        async with desk.unit_of_work("senior") as uow:
            everyone = {choice.user_id for choice in await reviewers(uow, limit=500)}
            found = [choice.user_id for choice in await reviewers(uow, "REVIEWER2")]
        return everyone, found

    everyone, found = asyncio.run(scenario())
    assert {desk.user_ids[who] for who in ("reviewer1", "reviewer2", "senior", "qa", "reviewer-1")} <= everyone
    assert desk.user_ids["admin"] not in everyone  # the database refuses admins as assignees
    assert desk.user_ids["reviewer-0"] not in everyone  # disabled
    assert found == [desk.user_ids["reviewer2"]]


def test_a_property_manager_without_grants_is_told_apart_from_one_with(desk: Desk, staff: StaffLogins) -> None:
    with desk.owner() as owner:
        company_id = insert_company(owner, name="Side Co")
        login = staff.logins.login(owner, f"rd_u_{uuid.uuid4().hex}", "rd_app", "rd_property_manager")
        row = owner.execute(
            "INSERT INTO users (email, role, company_id) VALUES ('pat@side.example', 'property_manager', %s)"
            " RETURNING id",
            (company_id,),
        ).fetchone()
        assert row is not None
        manager_id = row[0]
        owner.execute("INSERT INTO rd_private.login_roles (user_id, role_name) VALUES (%s, %s)", (manager_id, login))
        other = owner.execute(
            "INSERT INTO users (email, role, company_id) VALUES ('other@side.example', 'property_manager', %s)"
            " RETURNING id",
            (company_id,),
        ).fetchone()
        assert other is not None
        property_id = insert_property(owner, company_id, name="Side Court")
        owner.execute("INSERT INTO users_properties (user_id, property_id) VALUES (%s, %s)", (other[0], property_id))

    async def granted() -> bool:
        engine = build_engine(with_credentials(desk.owner_url, login, PASSWORD))
        try:
            return await has_access_grants(build_unit_of_work(engine))
        finally:
            await engine.dispose()

    assert asyncio.run(granted()) is False  # someone else's grant does not count
    with desk.owner() as owner:
        owner.execute("INSERT INTO users_properties (user_id, property_id) VALUES (%s, %s)", (manager_id, property_id))
    assert asyncio.run(granted()) is True
