"""Invitations end to end through the SQL functions: create as an admin, accept as the gatekeeper.

The code is shown once and stored only as its hash; accepting creates the
person, their login role, their grants, and consumes the invitation. A
wrong, expired, withdrawn or reused code is refused with its own SQLSTATE
and message; company administrators invite only into their own company.
"""

from __future__ import annotations

import datetime
import hashlib
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from oban.worker import worker_name

from services.jobs import NOTIFICATIONS_QUEUE
from services.jobs.invitation_email import InvitationEmailWorker
from tests.security_roles import PASSWORD, World, gatekeeper_enabled, refused, verifier

CREATE = (
    "SELECT invitation_id, token, expires_at"
    " FROM rd_create_invitation(%s, 'Ivy', 'Invitee', %s, %s, NULL, %s, %s, %s, %s)"
)
ACCEPT = "SELECT rd_accept_invitation(%s, %s, %s)"


@pytest.fixture(scope="module")
def gatekeeper(world: World) -> Iterator[psycopg.Connection]:
    with world.owner() as owner, gatekeeper_enabled(owner) as role, world.logins.connect(role) as conn:
        yield conn


def invite(
    conn: psycopg.Connection,
    email: str,
    role: str,
    company_id: uuid.UUID | None,
    *,
    owner_id: uuid.UUID | None = None,
    property_ids: tuple[uuid.UUID, ...] = (),
    skip_email_sending: bool = True,
    valid_for: str = "7 days",
) -> tuple[uuid.UUID, str, datetime.datetime]:
    row = conn.execute(
        CREATE, (email, role, company_id, owner_id, list(property_ids), skip_email_sending, valid_for)
    ).fetchone()
    assert row is not None
    return row


def accept(world: World, gatekeeper: psycopg.Connection, email: str, token: str) -> tuple[uuid.UUID, str]:
    """Accept as the gatekeeper: the new person's id and their (opaque) login role."""
    row = gatekeeper.execute(ACCEPT, (email, token, verifier(gatekeeper, email.lower()))).fetchone()
    assert row is not None
    return row[0], world.logins.login_of(row[0])


def test_the_invitation_round_trip(world: World, gatekeeper: psycopg.Connection) -> None:
    a1 = world.screenings["A1"]
    email = world.logins.email("invited-manager")
    with world.connect("company_admin_a") as conn:
        invitation_id, token, expires_at = invite(
            conn, email, "property_manager", world.company_a, property_ids=(a1.property_id,), skip_email_sending=False
        )
    with world.owner() as owner:
        stored = owner.execute(
            "SELECT token_hash, invited_by_id, accepted_at, company_short_id FROM invitations WHERE id = %s",
            (invitation_id,),
        ).fetchone()
        job = owner.execute(
            "SELECT queue, worker, args ->> 'token', args ->> 'email' FROM oban_jobs"
            " WHERE args ->> 'invitation_id' = %s",
            (str(invitation_id),),
        ).fetchone()
    assert stored == (hashlib.sha256(token.encode()).hexdigest(), world.people["company_admin_a"].user_id, None, "C-A")
    assert job == (NOTIFICATIONS_QUEUE, worker_name(InvitationEmailWorker), token, email)
    assert (
        datetime.timedelta(days=6, hours=23)
        < expires_at - datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
        <= datetime.timedelta(days=7)
    )

    user_id, login = accept(world, gatekeeper, email.upper(), token)

    with world.logins.connect(login) as person:
        me = person.execute("SELECT id, role, company_id FROM users WHERE id = rd_current_user_id()").fetchone()
        seen = person.execute("SELECT short_id FROM entries").fetchall()
    assert me == (user_id, "property_manager", world.company_a)
    assert seen == [("E-A1",)]
    with world.owner() as owner:
        consumed = owner.execute(
            "SELECT accepted_at IS NOT NULL, accepted_user_id FROM invitations WHERE id = %s", (invitation_id,)
        ).fetchone()
    assert consumed == (True, user_id)
    with refused("RD409", "already been used; sign in with your password"):
        gatekeeper.execute(ACCEPT, (email, token, verifier(gatekeeper, email)))


def test_an_owner_invitation_grants_the_owners_properties(world: World, gatekeeper: psycopg.Connection) -> None:
    email = world.logins.email("invited-owner")
    with world.connect("admin") as conn:
        _, token, _ = invite(conn, email, "owner_viewer", None, owner_id=world.owner_id)
    _, login = accept(world, gatekeeper, email, token)
    with world.logins.connect(login) as person:
        seen = sorted(person.execute("SELECT short_id FROM entries").fetchall())
    assert seen == [("E-A2",), ("E-B1",)]


def test_skipping_the_email_enqueues_no_job(world: World) -> None:
    with world.connect("admin") as conn:
        invitation_id, _, _ = invite(conn, world.logins.email("no-mail"), "qa", None, skip_email_sending=True)
    with world.owner() as owner:
        jobs = owner.execute(
            "SELECT count(*) FROM oban_jobs WHERE args ->> 'invitation_id' = %s", (str(invitation_id),)
        ).fetchone()
    assert jobs == (0,)


def test_wrong_codes_and_wrong_addresses_look_the_same(world: World, gatekeeper: psycopg.Connection) -> None:
    email = world.logins.email("careful")
    with world.connect("admin") as conn:
        _, token, _ = invite(conn, email, "reviewer", None)
    for attempt_email, attempt_token in ((email, "0" * 64), (world.logins.email("someone-else"), token), (email, "")):
        with refused("RD401", "This invitation code is not valid for that email address."):
            gatekeeper.execute(ACCEPT, (attempt_email, attempt_token, verifier(gatekeeper, attempt_email)))


def test_an_expired_code_is_refused(world: World, gatekeeper: psycopg.Connection) -> None:
    email = world.logins.email("late")
    with world.connect("admin") as conn:
        invitation_id, token, _ = invite(conn, email, "reviewer", None, valid_for="1 minute")
    with world.owner() as owner:
        owner.execute("UPDATE invitations SET expires_at = '2025-01-06 09:00' WHERE id = %s", (invitation_id,))
    with refused("RD410", "expired on 2025-01-06 09:00:00 UTC; ask your administrator for a new one."):
        gatekeeper.execute(ACCEPT, (email, token, verifier(gatekeeper, email)))


def test_a_withdrawn_code_is_refused(world: World, gatekeeper: psycopg.Connection) -> None:
    email = world.logins.email("withdrawn")
    with world.connect("company_admin_b") as conn:
        invitation_id, token, _ = invite(conn, email, "user", world.company_b)
        conn.execute("SELECT rd_revoke_invitation(%s)", (invitation_id,))
    with refused("RD403", "withdrawn by an administrator"):
        gatekeeper.execute(ACCEPT, (email, token, verifier(gatekeeper, email)))


def test_a_new_invitation_supersedes_the_pending_one(world: World, gatekeeper: psycopg.Connection) -> None:
    email = world.logins.email("reinvited")
    with world.connect("company_admin_a") as conn:
        _, first_token, _ = invite(conn, email, "user", world.company_a)
        _, second_token, _ = invite(conn, email, "user", world.company_a)
    with refused("RD403"):
        gatekeeper.execute(ACCEPT, (email, first_token, verifier(gatekeeper, email)))
    accept(world, gatekeeper, email, second_token)


def test_a_password_instead_of_a_verifier_is_refused_and_the_code_stays_usable(
    world: World, gatekeeper: psycopg.Connection
) -> None:
    email = world.logins.email("careless")
    with world.connect("admin") as conn:
        _, token, _ = invite(conn, email, "qa", None)
    with refused("22023", "SCRAM-SHA-256 verifier"):
        gatekeeper.execute(ACCEPT, (email, token, PASSWORD))
    accept(world, gatekeeper, email, token)


@pytest.mark.parametrize(
    ("role", "company", "owner", "sqlstate", "message"),
    [
        ("user", "B", False, "42501", "own company"),
        ("admin", None, False, "42501", "own company"),
        ("owner_admin", "A", True, "42501", "roles admin, user and property_manager"),
        ("reviewer", "A", False, "42501", "roles admin, user and property_manager"),
    ],
)
def test_a_company_admin_invites_only_into_their_company(
    world: World, role: str, company: str | None, owner: bool, sqlstate: str, message: str
) -> None:
    company_id = {"A": world.company_a, "B": world.company_b, None: None}[company]
    with world.connect("company_admin_a") as conn, refused(sqlstate, message):
        invite(conn, world.logins.email("forged-invite"), role, company_id, owner_id=world.owner_id if owner else None)


def test_a_company_admin_cannot_withdraw_another_companys_invitation(world: World) -> None:
    with world.connect("company_admin_b") as conn:
        invitation_id, _, _ = invite(conn, world.logins.email("b-invitee"), "user", world.company_b)
    with world.connect("company_admin_a") as conn, refused("42501", "own company"):
        conn.execute("SELECT rd_revoke_invitation(%s)", (invitation_id,))


@pytest.mark.parametrize(
    ("email", "role", "valid_for", "sqlstate", "message"),
    [
        ("existing", "qa", "7 days", "23505", "already exists"),
        ("too-long", "qa", "31 days", "22023", "between a minute and 30 days"),
        ("no-owner", "owner_admin", "7 days", "22023", "needs an owner"),
        ("staff-in-company", "reviewer", "7 days", "22023", "belongs to no company"),
    ],
)
def test_malformed_invitations_are_refused(
    world: World, email: str, role: str, valid_for: str, sqlstate: str, message: str
) -> None:
    address = world.people["qa"].email if email == "existing" else world.logins.email(email)
    company_id = world.company_a if email == "staff-in-company" else None
    with world.connect("admin") as conn, refused(sqlstate, message):
        invite(conn, address, role, company_id, valid_for=valid_for)


def test_invitation_codes_in_job_arguments_are_for_admins_and_workers_only(world: World) -> None:
    with world.connect("admin") as conn:
        invite(conn, world.logins.email("mailed"), "qa", None, skip_email_sending=False)
        assert conn.execute("SELECT count(args ->> 'token') FROM oban_jobs").fetchone() != (0,)
    with world.connect("reviewer1") as conn:
        assert conn.execute("SELECT count(*) FROM oban_jobs WHERE worker LIKE '%Invitation%'").fetchone() != (0,)
        with refused("42501", "permission denied"):
            conn.execute("SELECT args FROM oban_jobs")
    with world.connect("company_admin_a") as conn, refused("42501", "permission denied"):
        conn.execute("SELECT id FROM oban_jobs")
