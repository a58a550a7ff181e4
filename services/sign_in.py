"""Signing a person in: a PostgreSQL connection as their own login role, or a clear reason why not.

Every person is a LOGIN role with an opaque name (``rd_u_<hex>``, migration
0007) and a SCRAM password, so "signing in" is: ask the gatekeeper (the
profile's own login) which role the address signs in as, one address at a
time (``rd_login_name``; an address without a login gets a stable decoy,
so the answer reveals nothing), then connect as that role. If PostgreSQL
lets the connection in, the password was right. When it does not, the
server's words are no help: they are vague on purpose and translated into
the server's language. So nothing here reads them. libpq's structured
answer tells whether the server took the password before it refused
(``PQconnectionUsedPassword``), and account state is told only to a
connection that proved the password (``rd_my_account_state()``):

- the server never asked for a password (nothing listens, no such host, it
  is starting up) → :class:`~services.errors.DatabaseUnavailable`;
- the gatekeeper itself was refused → the connection profile is wrong
  (also :class:`~services.errors.DatabaseUnavailable`: nobody can sign in
  through it);
- the person's role took a password and refused → the email or password
  is wrong (an unknown address and an expired password read the same);
- connected, and the account is disabled → it says so: a disabled login
  may connect and learn exactly that, and nothing else;
- connected, but an administrator reset the password → the person must
  choose their own first;
- a role that got in but is no person's (or is a superuser) → not a
  person: those never sign in through the dialog, because they would
  bypass row-level security.

Passwords never reach SQL as text: accepting an invitation goes through
:func:`services.accounts.accept_invitation`, which sends a SCRAM verifier
computed by libpq on this machine.

Each call connects for itself (a profile URL is all it is given) through
throw-away engines without a pool, in a :class:`~services.unit_of_work.UnitOfWork`
like every other service: a sign-in is one short gatekeeper connection and
one of the person's, and the engine the person then works with is the
composition root's to build.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Final

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool

from services.accounts import (
    InvalidAccountRequest,
    accept_invitation,
    login_name_for,
    plain_address,
)
from services.connection_loss import driver_failure
from services.database_urls import sqlalchemy_url, with_credentials
from services.driver_errors import driver_reason
from services.errors import DatabaseUnavailable, Refusal
from services.sign_in_outcome import (
    InvitationReason,
    InvitationRefused,
    Person,
    SignedIn,
    SignInReason,
    SignInRefused,
)
from services.unit_of_work import UnitOfWork

CONNECT_TIMEOUT: Final = 5
"""Seconds before a server that does not answer counts as unreachable (libpq's minimum is 2)."""

APPLICATION_NAME: Final = "ruling-desk"

_MESSAGES: Final = {
    SignInReason.WRONG_CREDENTIALS: "The email or password is not right. Check both and try again.",
    SignInReason.DISABLED: "This account is disabled. Ask an administrator to enable it.",
    SignInReason.PASSWORD_RESET: (
        "An administrator reset your password. It opens nothing until you choose your own password;"
        " ask them for the way your deployment does that."
    ),
    SignInReason.NOT_A_PERSON: "{login} is a system account, not a person. Sign in with your own email address.",
}

_ACCOUNT_STATE: Final = "rd_account_state.rd_my_account_state()"
_WHO_AM_I: Final = text(
    f"SELECT current_setting('is_superuser') = 'on', has_function_privilege('{_ACCOUNT_STATE}', 'EXECUTE')"
)
_STATE_QUERY: Final = text(f"SELECT {_ACCOUNT_STATE}")
_STATE_REASONS: Final = {"disabled": SignInReason.DISABLED, "password_reset": SignInReason.PASSWORD_RESET}
_PERSON_QUERY: Final = text(
    """
    SELECT u.id, u.email, u.first_name, u.last_name, u.role, u.company_id, c.name
    FROM users AS u
    LEFT JOIN companies AS c ON c.id = u.company_id
    WHERE u.id = rd_current_user_id()
    """
)


async def sign_in(profile_url: str, email: str, password: str) -> SignedIn:
    """Connect as the person with ``email``; a :class:`~services.errors.Refusal` says why not, in words for them.

    Raises :class:`SignInRefused` for the person's own reasons and
    :class:`~services.errors.DatabaseUnavailable` when the server cannot be
    reached or refuses the profile's gatekeeper.
    """
    try:
        address = plain_address(email)
    except InvalidAccountRequest as not_an_email:
        raise _refused(SignInReason.NOT_A_PERSON, email.strip()) from not_an_email
    login = await _login_name(profile_url, address)
    url = with_credentials(profile_url, login, password)
    try:
        async with _transaction(url) as session:
            person = await _read_person(session, address)
    except DatabaseUnavailable as failure:
        if _refused_after_password(failure):
            raise _refused(SignInReason.WRONG_CREDENTIALS, address) from failure
        raise
    return SignedIn(person=person, url=url)


async def accept_invitation_and_sign_in(profile_url: str, email: str, token: str, password: str) -> SignedIn:
    """Accept the invitation for ``email`` with ``token``, setting ``password``, then sign in with it.

    Raises :class:`InvitationRefused` for a wrong, expired, revoked or used
    code and for an address or password that cannot be used, and
    :class:`~services.errors.DatabaseUnavailable` when the server cannot be reached.
    """
    try:
        async with _transaction(profile_url) as session:
            await accept_invitation(session, email=email, token=token.strip(), password=password)
    except InvalidAccountRequest as invalid:
        raise InvitationRefused(InvitationReason.INVALID_REQUEST, invalid.message) from invalid
    try:
        return await sign_in(profile_url, email, password)
    except SignInRefused as refusal:
        raise SignInRefused(refusal.reason, _account_ready(refusal)) from refusal
    except DatabaseUnavailable as gone:
        raise DatabaseUnavailable(_account_ready(gone)) from gone


async def _login_name(profile_url: str, address: str) -> str:
    """The role ``address`` signs in as, asked through the profile's own (gatekeeper) connection."""
    try:
        async with _transaction(profile_url) as session:
            return await login_name_for(session, address)
    except DatabaseUnavailable as failure:
        if not _refused_after_password(failure):
            raise
        # The profile's own login was refused (its password, or its database): nobody can sign
        # in through it. The server's words, whatever their language, help whoever fixes it.
        raise DatabaseUnavailable(
            "The server refused this connection profile (its gatekeeper login), so nobody can sign in"
            f" through it; ask an administrator to check it. The server said: {driver_reason(failure.__cause__)}."
        ) from failure


def _refused_after_password(failure: DatabaseUnavailable) -> bool:
    """Whether the server took a password and then refused to start the session (libpq's flags, no text).

    ``used_password`` is ``PQconnectionUsedPassword``; a connection that had
    started a session (and was lost later) has a backend pid, one refused
    while logging in has none.
    """
    original = driver_failure(failure.__cause__) if failure.__cause__ is not None else None
    connection = original.pgconn if original is not None else None
    return connection is not None and bool(connection.used_password) and not connection.backend_pid


@asynccontextmanager
async def _transaction(url: str) -> AsyncIterator[AsyncSession]:
    """One transaction on a connection of its own to ``url``, committed when the block succeeds."""
    engine = create_async_engine(
        sqlalchemy_url(url),
        poolclass=NullPool,
        connect_args={"connect_timeout": CONNECT_TIMEOUT, "application_name": APPLICATION_NAME},
    )
    try:
        async with UnitOfWork(async_sessionmaker(engine)).transaction() as session:
            yield session
    finally:
        await engine.dispose()


async def _read_person(session: AsyncSession, address: str) -> Person:
    """The person's ``users`` row, read through their own session (so RLS must let them see it).

    Their account's state comes first: a disabled or reset login connects
    but opens nothing. A superuser would see the row too, and would bypass
    every policy afterwards: a superuser is no person here, whatever its
    name; nor is a role that may not even ask for its account state, or
    that has no account.
    """
    superuser, may_ask = (await session.execute(_WHO_AM_I)).one()
    state = (await session.execute(_STATE_QUERY)).scalar_one() if may_ask and not superuser else None
    if state in _STATE_REASONS:
        raise _refused(_STATE_REASONS[state], address)
    row = (await session.execute(_PERSON_QUERY)).one_or_none() if state == "active" else None
    if row is None:
        raise _refused(SignInReason.NOT_A_PERSON, address)
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


def _account_ready(refusal: Refusal) -> str:
    return f"Your account is ready, but signing in failed: {refusal.message}"


def _uuid(value: object) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
