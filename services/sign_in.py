"""Signing a person in: a PostgreSQL connection as their own login role, or a clear reason why not.

Every person is a LOGIN role named by their lower-cased email, with a
SCRAM password, so "signing in" is simply connecting as that role: if
PostgreSQL lets the connection in, the password was right. What PostgreSQL
says when it does not is deliberately vague (a wrong password, an unknown
role and an expired password all read "password authentication failed"),
and so is this module: account state is told only to whoever proved the
password (nobody else, not the gatekeeper either, may learn that an
address is disabled):

- "not permitted to log in" → the account is disabled (NOLOGIN); PostgreSQL
  says so only after the password was right;
- an authentication failure → a wrong email or password;
- connected, but an administrator reset the password → the person must
  choose their own first (``rd_password_change_required``);
- no server at all, or one that does not answer within
  :data:`CONNECT_TIMEOUT` seconds → unreachable;
- a role that got in but has no ``users`` row, or is a superuser (the
  cluster owner, the gatekeeper) → not a person: those never sign in
  through the dialog, because they would bypass row-level security.

Passwords never reach SQL as text: accepting an invitation goes through
:func:`services.accounts.accept_invitation`, which sends a SCRAM verifier
computed by libpq on this machine.

Each call connects for itself (a profile URL is all it is given) through a
throw-away engine without a pool: a sign-in is one connection, and the
engine the person then works with is the composition root's to build.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Final

from psycopg.conninfo import conninfo_to_dict
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, ProgrammingError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, create_async_engine
from sqlalchemy.pool import NullPool

from services.accounts import (
    InvalidAccountRequest,
    accept_invitation,
    login_role_for,
)
from services.database_urls import sqlalchemy_url, with_credentials
from services.driver_errors import first_line
from services.sign_in_outcome import (
    InvitationReason,
    InvitationRefused,
    Person,
    SignedIn,
    SignInReason,
    SignInRefused,
)

CONNECT_TIMEOUT: Final = 5
"""Seconds before a server that does not answer counts as unreachable (libpq's minimum is 2)."""

APPLICATION_NAME: Final = "ruling-desk"

_INSUFFICIENT_PRIVILEGE: Final = "42501"
_ERRNO: Final = re.compile(r"\[Errno -?\d+\] ")
"""Python's prefix on resolver errors: noise to the person reading the message."""


_MESSAGES: Final = {
    SignInReason.WRONG_CREDENTIALS: "The email or password is not right. Check both and try again.",
    SignInReason.DISABLED: "This account is disabled. Ask an administrator to enable it.",
    SignInReason.NOT_A_PERSON: "{login} is a system account, not a person. Sign in with your own email address.",
}

_PASSWORD_RESET: Final = (
    "An administrator reset your password. It opens nothing until you choose your own password;"
    " ask them for the way your deployment does that."
)

_PERSON_QUERY: Final = text(
    """
    SELECT u.id, u.email, u.first_name, u.last_name, u.role, u.company_id, c.name
    FROM users AS u
    LEFT JOIN companies AS c ON c.id = u.company_id
    WHERE u.id = rd_current_user_id()
    """
)


async def sign_in(profile_url: str, email: str, password: str) -> SignedIn:
    """Connect as the person with ``email``; :class:`SignInRefused` says why not, in words for them."""
    try:
        login = login_role_for(email)
    except InvalidAccountRequest as not_an_email:
        raise _refused(SignInReason.NOT_A_PERSON, email.strip()) from not_an_email
    url = with_credentials(profile_url, login, password)
    async with _connected(url, diagnose=_SignInDiagnosis(profile_url, login)) as connection:
        person = await _read_person(connection, login)
    return SignedIn(person=person, url=url)


async def accept_invitation_and_sign_in(profile_url: str, email: str, token: str, password: str) -> SignedIn:
    """Accept the invitation for ``email`` with ``token``, setting ``password``, then sign in with it.

    Raises :class:`InvitationRefused` for a wrong, expired, revoked or used
    code and for an address or password that cannot be used, and
    :class:`SignInRefused` when the server cannot be reached.
    """
    try:
        async with _gatekeeper_session(profile_url) as session:
            await accept_invitation(session, email=email, token=token.strip(), password=password)
    except InvalidAccountRequest as invalid:
        raise InvitationRefused(InvitationReason.INVALID_REQUEST, invalid.message) from invalid
    try:
        return await sign_in(profile_url, email, password)
    except SignInRefused as refusal:
        raise SignInRefused(
            refusal.reason, f"Your account is ready, but signing in failed: {refusal.message}"
        ) from refusal


class _SignInDiagnosis:
    """Why the person's own connection was refused, as far as PostgreSQL tells it."""

    def __init__(self, profile_url: str, login: str) -> None:
        self._profile_url = profile_url
        self._login = login

    async def refusal(self, failure: DBAPIError) -> SignInRefused:
        message = str(failure.orig)
        if "is not permitted to log in" in message:
            return _refused(SignInReason.DISABLED, self._login)
        if "password authentication failed" not in message:
            return _unreachable(self._profile_url, failure)
        return _refused(SignInReason.WRONG_CREDENTIALS, self._login)


@asynccontextmanager
async def _connected(url: str, *, diagnose: _SignInDiagnosis | None = None) -> AsyncIterator[AsyncConnection]:
    """One connection to ``url``; a refused or failed connect becomes :class:`SignInRefused`.

    Without ``diagnose`` (the gatekeeper's own connection) every connect
    failure means the server could not be reached as configured.
    """
    engine = create_async_engine(
        sqlalchemy_url(url),
        poolclass=NullPool,
        connect_args={"connect_timeout": CONNECT_TIMEOUT, "application_name": APPLICATION_NAME},
    )
    try:
        try:
            connection = await engine.connect()
        except (OperationalError, InterfaceError) as failure:
            refusal = await diagnose.refusal(failure) if diagnose is not None else _unreachable(url, failure)
            raise refusal from failure
        try:
            yield connection
        finally:
            await connection.close()
    finally:
        await engine.dispose()


@asynccontextmanager
async def _gatekeeper_session(profile_url: str) -> AsyncIterator[AsyncSession]:
    """A transaction as the profile's own role (the gatekeeper), committed when the block succeeds."""
    async with _connected(profile_url) as connection, AsyncSession(bind=connection) as session, session.begin():
        yield session


async def _read_person(connection: AsyncConnection, login: str) -> Person:
    """The person's ``users`` row, read through their own session (so RLS must let them see it).

    A superuser would see it too, and would bypass every policy afterwards:
    a superuser is no person here, whatever its name.
    """
    try:
        superuser = (await connection.execute(text("SELECT current_setting('is_superuser')"))).scalar_one()
        row = None if superuser == "on" else (await connection.execute(_PERSON_QUERY)).one_or_none()
        if row is None and superuser != "on" and await _must_choose_password(connection):
            raise SignInRefused(SignInReason.EXPIRED, _PASSWORD_RESET)
    except ProgrammingError as failure:
        if getattr(failure.orig, "sqlstate", None) != _INSUFFICIENT_PRIVILEGE:
            raise
        row = None  # e.g. the gatekeeper, which may not even call rd_current_user_id(): not a person
    if row is None:
        raise _refused(SignInReason.NOT_A_PERSON, login)
    user_id, email, first_name, last_name, role, company_id, company_name = row
    return Person(
        user_id=_uuid(user_id),
        email=str(email).lower(),
        first_name=first_name,
        last_name=last_name,
        role=role,
        company_id=company_id,
        company_name=company_name,
    )


def _refused(reason: SignInReason, login: str) -> SignInRefused:
    return SignInRefused(reason, _MESSAGES[reason].format(login=login))


def _unreachable(url: str, failure: DBAPIError) -> SignInRefused:
    return SignInRefused(
        SignInReason.UNREACHABLE,
        f"Cannot reach the database server ({_server_location(url)}): {_driver_reason(failure)}. "
        "Check the connection profile and that the server is running.",
    )


def _driver_reason(failure: DBAPIError) -> str:
    """libpq's reason without its preamble: ``Connection refused``, not three clauses of context."""
    line = first_line(failure)
    reason = line.rpartition("failed: ")[2] if "failed: " in line else line
    return _ERRNO.sub("", reason).removeprefix("FATAL:").strip().rstrip(".")


def _server_location(url: str) -> str:
    parts: dict[str, Any] = conninfo_to_dict(url)
    return f"{parts.get('host') or 'localhost'}, port {parts.get('port') or 5432}"


async def _must_choose_password(connection: AsyncConnection) -> bool:
    """Whether an administrator reset this login: the database recognises nobody on it until its person chose."""
    return bool((await connection.execute(text("SELECT rd_password_change_required()"))).scalar_one())


def _uuid(value: object) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
