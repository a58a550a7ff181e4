"""Re-enabling (revision 0009): ``rd_enable_user`` undoes exactly the account half of disabling, audited.

Arranged with plain SQL as the owner, attacked and checked with plain
psycopg as each role: the disabled person signs in again with their own
password and works; a reviewer and another company's administrator are
refused with the exact SQLSTATE; enabling an active account is refused.
"""

from __future__ import annotations

import uuid

from tests.security_roles import Person, World, refused


def _groups(world: World, login: str) -> tuple[set[str], int]:
    with world.owner() as owner:
        groups = owner.execute(
            "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid"
            " JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = %s",
            (login,),
        ).fetchall()
        limit = owner.execute("SELECT rolconnlimit FROM pg_roles WHERE rolname = %s", (login,)).fetchone()
    assert limit is not None
    return {name for (name,) in groups}, int(limit[0])


def _disabled(world: World, name: str, role: str, *, company: bool = False) -> Person:
    company_id = world.company_a if company else None
    team_id = None if company_id else world.team_id
    with world.owner() as owner:
        person = world.logins.person(owner, name, role, team_id=team_id, company_id=company_id)
    with world.connect("admin") as admin:
        admin.execute("SELECT rd_disable_user(%s)", (person.user_id,))
    return person


def test_enabling_gives_back_the_login_groups_and_limit_and_is_audited(world: World) -> None:
    person = _disabled(world, "comes-back", "senior_reviewer")
    assert _groups(world, person.login) == ({"rd_disabled"}, 1)
    with world.connect("admin") as admin, admin.transaction():
        admin.execute("SELECT set_config('rd.audit_reason', 'back from leave', true)")
        admin.execute("SELECT rd_enable_user(%s)", (person.user_id,))
    assert _groups(world, person.login) == ({"rd_app", "rd_senior_reviewer"}, 16)
    with world.logins.connect(person.login) as conn:
        assert conn.execute("SELECT rd_current_user_id()").fetchone() == (uuid.UUID(str(person.user_id)),)
        assert conn.execute("SELECT count(*) FROM entries").fetchone() == (4,)
    with world.owner() as owner:
        audit = owner.execute(
            "SELECT old_values->>'is_archived', new_values->>'is_archived', reason, user_id FROM audit_log"
            " WHERE table_name = 'users' AND row_id = %s::text ORDER BY id DESC LIMIT 1",
            (str(person.user_id),),
        ).fetchone()
    assert audit == ("true", "false", "back from leave", world.people["admin"].user_id)


def test_a_company_admin_enables_only_their_own_company(world: World) -> None:
    person = _disabled(world, "tenant-side", "user", company=True)
    with world.connect("company_admin_b") as other, refused("42501"):
        other.execute("SELECT rd_enable_user(%s)", (person.user_id,))
    with world.connect("company_admin_a") as own:
        own.execute("SELECT rd_enable_user(%s)", (person.user_id,))
    assert _groups(world, person.login) == ({"rd_app", "rd_company_user"}, 16)


def test_reviewers_cannot_enable_and_an_active_account_is_not_enabled_twice(world: World) -> None:
    person = _disabled(world, "stays-out", "reviewer")
    with world.connect("reviewer1") as reviewer, refused("42501", "permission denied for function rd_enable_user"):
        reviewer.execute("SELECT rd_enable_user(%s)", (person.user_id,))
    assert _groups(world, person.login) == ({"rd_disabled"}, 1)
    with world.connect("admin") as admin, refused("22023", "is not disabled"):
        admin.execute("SELECT rd_enable_user(%s)", (world.people["reviewer2"].user_id,))
