"""The people section's service as a staff admin and as a company admin, against the real database.

The list is filtered and paged on the server and shows a company
administrator only their company's people (row-level security, not a
second rule in Python); disabling, re-enabling, a role change, a team
move and a forced password change land in the database and the audit log.
"""

from __future__ import annotations

import asyncio
import uuid

import pytest

from services.accounts import AccountPermissionError, InvalidAccountRequest
from services.changes import ChangeKind
from services.password_policy import assess_password
from services.people_admin import PeopleAdmin, one_time_password
from services.people_admin_rows import PeopleCursor, PeopleFilter
from tests.security_roles import World
from tests.units_of_work import unit_of_work


def _admin_action(world: World, who: str, work):  # type: ignore[no-untyped-def]
    async def scenario():  # type: ignore[no-untyped-def]
        async with unit_of_work(world.sqlalchemy_url(who)) as uow:
            return await work(PeopleAdmin(uow))

    return asyncio.run(scenario())


def _all(world: World, who: str, wanted: PeopleFilter, limit: int) -> list[list[str]]:
    """Every page's addresses, following the cursors."""

    async def pages(admin: PeopleAdmin) -> list[list[str]]:
        found: list[list[str]] = []
        cursor: PeopleCursor | None = None
        while True:
            page = await admin.list_people(wanted, after=cursor, limit=limit)
            found.append([row.email for row in page.rows])
            if page.next_cursor is None:
                return found
            cursor = page.next_cursor

    return _admin_action(world, who, pages)  # type: ignore[no-any-return]


def test_keyset_pages_cover_everyone_once_in_order(world: World) -> None:
    pages = _all(world, "admin", PeopleFilter(), limit=3)
    everyone = [email for page in pages for email in page]
    assert all(len(page) == 3 for page in pages[:-1])
    assert everyone == sorted(everyone, key=str.lower)
    assert len(everyone) == len(set(everyone)) >= len(world.people)


def test_filters_run_on_the_server(world: World) -> None:
    reviewers = _all(world, "admin", PeopleFilter(role="reviewer"), limit=50)[0]
    assert set(reviewers) == {world.people["reviewer1"].email, world.people["reviewer2"].email}
    by_text = _all(world, "admin", PeopleFilter(text="COMPANY-ADMIN"), limit=50)[0]
    assert set(by_text) == {world.people["company_admin_a"].email, world.people["company_admin_b"].email}
    assert _all(world, "admin", PeopleFilter(text="%"), limit=50) == [[]]  # a typed % is literal
    in_a = _all(world, "admin", PeopleFilter(company_id=world.company_a), limit=50)[0]
    assert world.people["company_user_a"].email in in_a and world.people["company_admin_b"].email not in in_a
    assert _all(world, "admin", PeopleFilter(disabled=True), limit=50) == [[]]
    in_team = _all(world, "admin", PeopleFilter(team_id=world.team_id), limit=50)[0]
    staff = ("reviewer1", "reviewer2", "senior", "qa", "admin")
    assert set(in_team) == {world.people[who].email for who in staff}


def test_a_company_admin_sees_and_changes_only_their_company(world: World) -> None:
    seen = _all(world, "company_admin_a", PeopleFilter(), limit=50)[0]
    assert seen and all(
        email in {p.email for p in world.people.values() if p.company_id == world.company_a} for email in seen
    )
    with pytest.raises(AccountPermissionError):
        _admin_action(world, "company_admin_a", lambda admin: admin.disable(world.people["company_admin_b"].user_id))
    with pytest.raises(AccountPermissionError):  # teams are staff business (column grant)
        _admin_action(
            world, "company_admin_a", lambda admin: admin.move_to_team(world.people["manager_a"].user_id, None)
        )


def test_disable_enable_role_and_team_land_audited(world: World) -> None:
    with world.owner() as owner:
        person = world.logins.person(owner, "managed", "reviewer", team_id=world.team_id)
    changes = _admin_action(world, "admin", lambda admin: admin.disable(person.user_id, reason="left"))
    assert changes.touches(ChangeKind.PERSON)
    disabled = _all(world, "admin", PeopleFilter(disabled=True), limit=50)[0]
    assert disabled == [person.email]
    with pytest.raises(InvalidAccountRequest, match="disabled"):
        _admin_action(world, "admin", lambda admin: admin.change_role(person.user_id, "qa"))
    _admin_action(world, "admin", lambda admin: admin.enable(person.user_id, reason="came back"))
    _admin_action(world, "admin", lambda admin: admin.change_role(person.user_id, "senior_reviewer"))
    _admin_action(world, "admin", lambda admin: admin.move_to_team(person.user_id, None))
    with world.owner() as owner:
        row = owner.execute("SELECT role, team_id, is_archived FROM users WHERE id = %s", (person.user_id,)).fetchone()
        reasons = owner.execute(
            "SELECT reason FROM audit_log WHERE table_name = 'users' AND action = 'UPDATE' AND row_id = %s::text"
            " ORDER BY id",
            (str(person.user_id),),
        ).fetchall()
    assert row == ("senior_reviewer", None, False)
    assert [reason for (reason,) in reasons] == ["left", "came back", "settings pane", "settings pane"]


def test_a_forced_password_change_hands_out_a_one_time_password(world: World) -> None:
    with world.owner() as owner:
        person = world.logins.person(owner, "forgetful", "qa", team_id=world.team_id)
    password = _admin_action(world, "admin", lambda admin: admin.force_password_change(person.user_id))
    with world.logins.connect(person.login, password) as conn:
        assert conn.execute("SELECT rd_account_state.rd_my_account_state()").fetchone() == ("password_reset",)
    with pytest.raises(InvalidAccountRequest):
        _admin_action(world, "admin", lambda admin: admin.move_to_team(uuid.uuid4(), None))


def test_one_time_passwords_pass_the_policy() -> None:
    assert all(assess_password(one_time_password(), email="x@example.com").acceptable for _ in range(50))
