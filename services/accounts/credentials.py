"""Login role names and password verifiers: what the database gets instead of a password.

A person's PostgreSQL login role is their lower-cased e-mail address, so
``psql "user=<email>"`` works. Passwords never travel to the server in
plain text, not even inside a transaction: the client computes the SCRAM
verifier (libpq's ``PQencryptPasswordConn``, no round trip) and the SQL
functions store that. The price is that the server cannot judge a
password; :func:`check_new_password` applies the product's rule first.
"""

from __future__ import annotations

import re
from typing import Any, Final

import psycopg
from psycopg import sql
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.accounts.errors import InvalidAccountRequest, account_errors
from services.password_policy import assess_password

MAX_LOGIN_BYTES: Final = 63
"""PostgreSQL's identifier limit (NAMEDATALEN - 1); longer names would be silently truncated."""

GATEKEEPER_ROLE: Final = "rd_gatekeeper"

_EMAIL: Final = re.compile(
    r"[a-z0-9!#$%&'*+/=?^_`{|}~.-]+@[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+", re.ASCII
)
_SCRAM_VERIFIER: Final = re.compile(r"SCRAM-SHA-256\$\d+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+")


def login_role_for(email: str) -> str:
    """The login role of the person with ``email``, or :class:`InvalidAccountRequest` if it cannot be one.

    The same rule as the database's ``rd_is_plain_address`` (migration 0006):
    plain ASCII (NFC by construction), so no two accepted addresses print alike.
    """
    address = email.strip()  # checked as given: normalising or lower-casing turns some non-ASCII into ASCII
    login = address.lower()
    if not address.isascii() or not _EMAIL.fullmatch(login):
        raise InvalidAccountRequest(
            f'"{email}" is not an email address Ruling Desk accepts: plain ASCII only'
            " (an international domain in its xn-- form), nothing invisible."
        )
    if len(login.encode()) > MAX_LOGIN_BYTES:
        raise InvalidAccountRequest(
            f"Email addresses longer than {MAX_LOGIN_BYTES} bytes cannot be database login names."
        )
    if login.startswith("pg_"):
        raise InvalidAccountRequest('Email addresses starting with "pg_" cannot be database login names.')
    return login


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
    return await session_verifier(session, login_role_for(email), password)


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
