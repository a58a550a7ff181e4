"""Setting up people who can sign in, for tests: login roles, the gatekeeper, and cleaning up.

Login roles are cluster-wide and the suite shares one cluster, so every
module uses an e-mail domain of its own and drops the logins of its people
when it is done (:func:`drop_logins`). Login roles have opaque names
(migration 0007): :func:`login_of` finds a person's, as the owner. Everything here runs
as the cluster owner through the migration's own functions, so a test
person is exactly what an administrator would have created.
"""

from __future__ import annotations

import secrets
import uuid

import psycopg

from services.database_urls import with_credentials
from tests.security_roles import verifier

GATEKEEPER = "rd_gatekeeper"
PASSWORD = "correct-horse-battery-staple"


def create_person(
    conn: psycopg.Connection,
    email: str,
    *,
    password: str = PASSWORD,
    role: str = "reviewer",
    first_name: str = "Test",
    last_name: str = "Person",
    company_id: uuid.UUID | None = None,
) -> uuid.UUID:
    """A ``users`` row with its login role, as ``rd_create_user`` makes them."""
    row = conn.execute(
        "SELECT rd_create_user(%s, %s, %s, %s, %s, NULL, '{}', %s)",
        (email, first_name, last_name, role, company_id, verifier(conn, email, password)),
    ).fetchone()
    assert row is not None
    return row[0]


def open_gatekeeper(owner_url: str) -> str:
    """Give ``rd_gatekeeper`` a fresh password and return its URL on the same database."""
    password = secrets.token_urlsafe(16)
    with psycopg.connect(owner_url, autocommit=True) as conn:
        conn.execute(f"ALTER ROLE {GATEKEEPER} LOGIN PASSWORD '{verifier(conn, GATEKEEPER, password)}'")
    return with_credentials(owner_url, GATEKEEPER, password)


def login_of(conn: psycopg.Connection, email: str) -> str:
    """The opaque login role of the person with ``email`` (``conn`` is the owner's)."""
    row = conn.execute(
        "SELECT l.role_name FROM rd_private.login_roles AS l JOIN users AS u ON u.id = l.user_id"
        " WHERE lower(u.email) = lower(%s)",
        (email,),
    ).fetchone()
    assert row is not None, f"{email} has no login"
    return str(row[0])


def drop_logins(owner_url: str, domain: str) -> None:
    """Drop the login role of every person ``…@domain``: whatever a module's tests created, even after a failure."""
    with psycopg.connect(owner_url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT l.role_name FROM rd_private.login_roles AS l JOIN users AS u ON u.id = l.user_id"
            " JOIN pg_roles AS r ON r.rolname = l.role_name WHERE u.email LIKE %s",
            (f"%@{domain}",),
        ).fetchall()
        for (login,) in rows:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s", (login,))
            conn.execute(f'DROP ROLE "{login}"')
