"""Addresses, login role names and password verifiers: what the database gets instead of a password.

A person's PostgreSQL login role has an opaque name (``rd_u_<hex>``,
migration 0007), so the catalogs every role can read name nobody; the
gatekeeper resolves one address to its login at sign-in
(:func:`login_name_for`). Passwords never travel to the server in plain
text, not even inside a transaction: the client computes the SCRAM
verifier (libpq's ``PQencryptPasswordConn``, no round trip; a SCRAM
verifier does not depend on the role's name) and the SQL functions store
that. The price is that the server cannot judge a password;
:func:`check_new_password` applies the product's rule first.
"""

from __future__ import annotations

import re
import uuid
from typing import Any, Final

import psycopg
from psycopg import sql
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.accounts.errors import InvalidAccountRequest, account_errors
from services.password_policy import assess_password

GATEKEEPER_ROLE: Final = "rd_gatekeeper"

_EMAIL: Final = re.compile(
    r"[a-z0-9!#$%&'*+/=?^_`{|}~.-]+@[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+", re.ASCII
)
_SCRAM_VERIFIER: Final = re.compile(r"SCRAM-SHA-256\$\d+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+")


def plain_address(email: str) -> str:
    """``email`` trimmed and lower-cased as the database matches it, or :class:`InvalidAccountRequest`.

    The same rule as the database's ``rd_is_plain_address`` (migration 0006):
    plain ASCII (NFC by construction), so no two accepted addresses print alike.
    """
    address = email.strip()  # checked as given: normalising or lower-casing turns some non-ASCII into ASCII
    if not address.isascii() or not _EMAIL.fullmatch(address.lower()):
        raise InvalidAccountRequest(
            f'"{email}" is not an email address Ruling Desk accepts: plain ASCII only'
            " (an international domain in its xn-- form), nothing invisible."
        )
    return address.lower()


async def login_name_for(session: AsyncSession, email: str) -> str:
    """The login role to sign in as with ``email`` (``session`` is the gatekeeper's).

    For an address without a login the database answers with a stable decoy
    of the same shape, so this says nothing about whether the address is known.
    """
    result = await session.execute(text("SELECT rd_login_name(:email)"), {"email": plain_address(email)})
    return str(result.scalar_one())


async def login_role_of(session: AsyncSession, user_id: uuid.UUID) -> str | None:
    """The login role of the person ``user_id`` (``session`` is the deployment owner's), if they have one."""
    with account_errors():
        result = await session.execute(text("SELECT rd_login_role_of(:user_id)"), {"user_id": user_id})
    login = result.scalar_one()
    return None if login is None else str(login)


def check_new_password(password: str, email: str) -> None:
    """Refuse a password the product's policy does not accept, with its advice as the message."""
    assessment = assess_password(password, email=email)
    if not assessment.acceptable:
        raise InvalidAccountRequest(assessment.advice)


def password_verifier(
    conn: psycopg.Connection[Any] | psycopg.AsyncConnection[Any], login_role: str, password: str
) -> str:
    """The SCRAM-SHA-256 verifier of ``password`` for ``login_role``, computed here, not on the server."""
    return conn.pgconn.encrypt_password(password.encode(), login_role.encode(), b"scram-sha-256").decode()


async def session_verifier(session: AsyncSession, login_role: str, password: str) -> str:
    """:func:`password_verifier` through the psycopg connection under ``session``."""
    return password_verifier(await _driver_connection(session), login_role, password)


async def new_password_verifier(session: AsyncSession, email: str, password: str) -> str:
    """The verifier of a person's new password, once the policy has accepted it.

    The order is the rule: a refused password never reaches libpq, and the
    database only ever sees the verifier.
    """
    check_new_password(password, email)
    return await session_verifier(session, plain_address(email), password)


async def set_gatekeeper_password(conn: AsyncSession | psycopg.AsyncConnection[Any], password: str) -> None:
    """Let ``rd_gatekeeper`` log in with ``password``; ``conn`` is the deployment owner's, in its transaction.

    The gatekeeper's password is shared by every workstation of a
    deployment; it can only accept invitations and explain failed sign-ins.
    ``ALTER ROLE`` takes no parameters, so the verifier is quoted by
    psycopg after checking it has a verifier's shape.
    """
    check_new_password(password, email="")
    driver = conn if isinstance(conn, psycopg.AsyncConnection) else await _driver_connection(conn)
    verifier = password_verifier(driver, GATEKEEPER_ROLE, password)
    if not _SCRAM_VERIFIER.fullmatch(verifier):
        raise InvalidAccountRequest("libpq did not produce a SCRAM-SHA-256 verifier.")
    statement = sql.SQL("ALTER ROLE {} LOGIN PASSWORD {}").format(
        sql.Identifier(GATEKEEPER_ROLE), sql.Literal(verifier)
    )
    with account_errors():
        await driver.execute(statement)


async def set_own_password(session: AsyncSession, email: str, password: str) -> None:
    """Change the signed-in person's own password (``session`` is theirs); clears any expiry."""
    verifier = await new_password_verifier(session, email, password)
    with account_errors():
        await session.execute(text("SELECT rd_set_own_password(:verifier)"), {"verifier": verifier})


async def _driver_connection(session: AsyncSession) -> psycopg.AsyncConnection[Any]:
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    driver = raw.driver_connection
    if not isinstance(driver, psycopg.AsyncConnection):
        raise TypeError(f"account services need a psycopg async session, not {type(driver).__name__}")
    return driver
