"""Disabling is airtight: at commit every way back in closes; a rolled-back disabling changes nothing.

Attacked as the person being disabled, with plain psycopg: a session they
opened while the disabling transaction was still in flight, and a pending
invitation for their address accepted through the gatekeeper afterwards.
"""

from __future__ import annotations

import time
import uuid

import psycopg
from psycopg import sql

from tests.security_roles import PASSWORD, Person, World, gatekeeper_enabled, refused, verifier

INVITE = (
    "SELECT invitation_id, token FROM rd_create_invitation(%s, 'Ivy', 'Invitee', 'reviewer', NULL, NULL, NULL,"
    " '{}', true, '7 days')"
)


def _reviewer(world: World, name: str) -> Person:
    with world.owner() as owner:
        return world.logins.person(owner, name, "reviewer", team_id=world.team_id)


def _groups_and_login(world: World, login: str) -> tuple[set[str], bool]:
    with world.owner() as owner:
        groups = owner.execute(
            "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid"
            " JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = %s",
            (login,),
        ).fetchall()
        can_login = owner.execute("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", (login,)).fetchone()
    assert can_login is not None
    return {name for (name,) in groups}, bool(can_login[0])


def _ended(session: psycopg.Connection) -> bool:
    """Whether the server ended ``session`` (termination signals arrive asynchronously)."""
    try:
        for _ in range(100):
            session.execute("SELECT 1")
            time.sleep(0.02)
    except psycopg.OperationalError:
        return True
    return False


def test_a_rolled_back_disabling_ends_no_session(world: World) -> None:
    person = _reviewer(world, "stays")
    with world.logins.connect(person.login) as session:
        with psycopg.connect(world.logins.url(world.login("admin"))) as admin:
            admin.execute("SELECT rd_disable_user(%s)", (person.user_id,))
            admin.rollback()
        assert not _ended(session)
        assert session.execute("SELECT count(*) FROM entries").fetchone() == (4,)
    assert _groups_and_login(world, person.login) == ({"rd_app", "rd_reviewer"}, True)


def test_a_session_opened_during_the_disabling_is_ended_at_commit(world: World) -> None:
    person = _reviewer(world, "leaves")
    with psycopg.connect(world.logins.url(world.login("admin"))) as admin:
        admin.execute("SELECT rd_disable_user(%s)", (person.user_id,))
        # The disabling is in flight: the person can still get in.
        late = world.logins.connect(person.login)
        assert late.execute("SELECT count(*) FROM entries").fetchone() == (4,)
        admin.commit()
    with late:
        assert _ended(late)
    # It may log in, to learn it is disabled and nothing else (test_security_disabled_state).
    assert _groups_and_login(world, person.login) == ({"rd_disabled"}, True)
    with world.logins.connect(person.login) as again, refused("42501", "permission denied"):
        again.execute("SELECT count(*) FROM entries")


def test_a_session_that_outlives_the_disabling_can_do_nothing(world: World) -> None:
    """Group membership is read from the latest catalog: even a session the termination missed is powerless."""
    person = _reviewer(world, "lingers")
    with world.logins.connect(person.login) as session:
        with world.owner() as owner, owner.transaction():
            # What the trigger would do, minus ending the session: as if the termination had missed it.
            owner.execute("ALTER TABLE users DISABLE TRIGGER close_archived_login")
            owner.execute("UPDATE users SET is_archived = true WHERE id = %s", (person.user_id,))
            owner.execute("ALTER TABLE users ENABLE TRIGGER close_archived_login")
            owner.execute(sql.SQL("REVOKE rd_app, rd_reviewer FROM {}").format(sql.Identifier(person.login)))
        with refused("42501", "permission denied"):
            session.execute("SELECT count(*) FROM entries")
        with refused("42501", "permission denied"):
            session.execute("SELECT rd_current_user_id()")


def test_a_pending_invitation_cannot_bring_a_disabled_person_back(world: World) -> None:
    email = world.logins.email("returner")
    with world.connect("admin") as admin:
        row = admin.execute(INVITE, (email,)).fetchone()
        assert row is not None
        _, token = row
        created = admin.execute(
            "SELECT rd_create_user(%s, 'Re', 'Turner', 'reviewer', NULL, NULL, '{}', %s)",
            (email, verifier(admin, email)),
        ).fetchone()
        assert created is not None
        login = world.logins.login_of(created[0])
        admin.execute("SELECT rd_disable_user(%s)", (created[0],))
    with world.owner() as owner, gatekeeper_enabled(owner) as role, world.logins.connect(role) as gatekeeper:
        with refused("RD403", "withdrawn"):
            gatekeeper.execute("SELECT rd_accept_invitation(%s, %s, %s)", (email, token, verifier(gatekeeper, email)))
        # The way back is an administrator's new invitation.
        with world.connect("admin") as admin:
            fresh = admin.execute(INVITE, (email,)).fetchone()
        assert fresh is not None
        user_id = gatekeeper.execute(
            "SELECT rd_accept_invitation(%s, %s, %s)", (email, fresh[1], verifier(gatekeeper, email))
        ).fetchone()
    assert user_id == (created[0],)
    assert _groups_and_login(world, login) == ({"rd_app", "rd_reviewer"}, True)
    with world.logins.connect(login, PASSWORD) as conn:
        assert conn.execute("SELECT rd_current_user_id()").fetchone() == (uuid.UUID(str(created[0])),)
