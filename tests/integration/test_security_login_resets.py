"""Account takeover: a staff admin cannot silently give someone's login a password of their choosing.

The attack: ``rd_grant_login`` on an active person's id with a password the
admin knows, then signing in as them, with the audit log blaming the
victim. Now an existing login is refused there; ``rd_reset_login`` is the
separate step, leaves a ``logins`` row in the audit log, and the reset
password opens a session in which the database recognises nobody until its
person has chosen their own.
"""

from __future__ import annotations

import psycopg
import pytest

from tests.security_roles import PASSWORD, Person, World, refused, verifier

CHOSEN_BY_ADMIN = "Chosen by the admin 42"
CHOSEN_BY_VICTIM = "Chosen by the victim 42"


def _victim(world: World, name: str) -> Person:
    with world.owner() as owner:
        return world.logins.person(owner, name, "reviewer", team_id=world.team_id)


def _login_events(world: World, person: Person) -> list[tuple[str, str, bool]]:
    with world.owner() as owner:
        rows = owner.execute(
            "SELECT db_role, new_values ->> 'event', (new_values ->> 'must_change')::boolean FROM audit_log"
            " WHERE table_name = 'logins' AND row_id = %s ORDER BY id",
            (str(person.user_id),),
        ).fetchall()
    return [(str(role), str(event), bool(must)) for role, event, must in rows]


def test_grant_login_refuses_a_login_that_exists(world: World) -> None:
    victim = _victim(world, "grant-victim")
    with world.connect("admin") as conn, refused("42710", "separate, audited step"):
        conn.execute("SELECT rd_grant_login(%s, %s)", (victim.user_id, verifier(conn, victim.login, CHOSEN_BY_ADMIN)))
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        world.logins.connect(victim.login, CHOSEN_BY_ADMIN)
    with world.logins.connect(victim.login) as conn:
        assert conn.execute("SELECT rd_current_user_id()").fetchone() == (victim.user_id,)
    assert _login_events(world, victim) == []


def test_a_reset_password_opens_nothing_until_its_person_chooses_their_own(world: World) -> None:
    victim = _victim(world, "reset-victim")
    admin = world.people["admin"]
    with world.connect("admin") as conn:
        conn.execute(
            "SELECT rd_reset_login(%s, %s, true)", (victim.user_id, verifier(conn, victim.login, CHOSEN_BY_ADMIN))
        )
    assert _login_events(world, victim) == [(admin.email, "reset", True)]

    with world.logins.connect(victim.login, CHOSEN_BY_ADMIN) as attacker:
        seen = attacker.execute(
            "SELECT rd_current_user_id(), rd_current_group(), rd_password_change_required(),"
            " (SELECT count(*) FROM entries), (SELECT count(*) FROM users)"
        ).fetchone()
        assert seen == (None, None, True, 0, 0)
        a1 = world.screenings["A1"].entry_id
        updated = attacker.execute("UPDATE entries SET note = 'mine' WHERE id = %s", (a1,))
        assert updated.rowcount == 0
        # The only way forward is the person's own password, which locks the admin out again.
        attacker.execute("SELECT rd_set_own_password(%s)", (verifier(attacker, victim.login, CHOSEN_BY_VICTIM),))
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        world.logins.connect(victim.login, CHOSEN_BY_ADMIN)
    with world.logins.connect(victim.login, CHOSEN_BY_VICTIM) as conn:
        assert conn.execute("SELECT rd_current_user_id(), rd_password_change_required()").fetchone() == (
            victim.user_id,
            False,
        )
    assert _login_events(world, victim) == [
        (admin.email, "reset", True),
        (victim.email, "changed by its person", False),
    ]


@pytest.mark.parametrize(
    ("who", "must_change", "sqlstate", "message"),
    [
        ("admin", False, "42501", "changed by its person"),
        ("company_admin_a", True, "42501", "permission denied for function rd_reset_login"),
        ("qa", True, "42501", "permission denied for function rd_reset_login"),
    ],
)
def test_nobody_but_the_owner_skips_the_forced_change(
    world: World, who: str, must_change: bool, sqlstate: str, message: str
) -> None:
    victim = world.people["company_user_a"]
    with world.connect(who) as conn, refused(sqlstate, message):
        conn.execute(
            "SELECT rd_reset_login(%s, %s, %s)",
            (victim.user_id, verifier(conn, victim.login, CHOSEN_BY_ADMIN), must_change),
        )
    with world.logins.connect(victim.login, PASSWORD):
        pass


def test_the_deployment_owner_resets_without_a_forced_change_but_not_without_a_trace(world: World) -> None:
    """The embedded demo's repair path: a wiped keyring gets a new password that just works."""
    victim = _victim(world, "owner-reset")
    with world.owner() as owner:
        owner.execute(
            "SELECT rd_reset_login(%s, %s, false)", (victim.user_id, verifier(owner, victim.login, CHOSEN_BY_ADMIN))
        )
        owner_role = owner.execute("SELECT session_user").fetchone()
    with world.logins.connect(victim.login, CHOSEN_BY_ADMIN) as conn:
        assert conn.execute("SELECT rd_current_user_id()").fetchone() == (victim.user_id,)
    assert owner_role is not None
    assert _login_events(world, victim) == [(owner_role[0], "reset", False)]
