"""``services.accounts`` over real sessions: clear errors, passwords kept client-side, one transaction.

The SQL functions themselves are attacked with plain psycopg in the other
``test_security_*`` modules; these tests check what the service layer adds:
the password policy before any verifier is computed, refusals turned into
typed errors with the database's message, the invitation refusals as
:class:`InvitationRefused` reasons, and the audit reason in the same
transaction as the change.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.pool import NullPool

from services import accounts
from services.sign_in import sign_in
from services.sign_in_outcome import SignInReason, SignInRefused
from tests.security_roles import PASSWORD, World

NEW_PASSWORD = "Service layer password 4"


@asynccontextmanager
async def transaction_as(
    owner_url: str, login: str | None = None, password: str = PASSWORD
) -> AsyncIterator[AsyncSession]:
    """A session in a committed-on-success transaction as ``login`` (the owner when ``None``)."""
    url = make_url(owner_url)
    if login is not None:
        url = url.set(username=login, password=password)
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with AsyncSession(engine) as session, session.begin():
            yield session
    finally:
        await engine.dispose()


@pytest.mark.asyncio
async def test_create_user_and_change_role_with_a_reason(world: World, migrated_url: str) -> None:
    email = world.logins.email("Service-Made")
    async with transaction_as(migrated_url, world.login("admin")) as session:
        user_id = await accounts.create_user(session, email=email, role="reviewer", password=NEW_PASSWORD)
        await accounts.set_audit_reason(session, "promoted after calibration")
        await accounts.change_user_role(session, user_id, "senior_reviewer")
    login = world.logins.login_of(user_id)
    assert login.startswith("rd_u_") and "service-made" not in login
    with world.logins.connect(login, NEW_PASSWORD) as conn:
        assert conn.execute("SELECT rd_current_group()").fetchone() == ("rd_senior_reviewer",)
    with world.owner() as owner:
        reason = owner.execute(
            "SELECT reason FROM audit_log WHERE table_name = 'users' AND row_id = %s AND action = 'UPDATE'",
            (str(user_id),),
        ).fetchone()
    assert reason == ("promoted after calibration",)


@pytest.mark.asyncio
async def test_refusals_become_typed_errors_with_the_databases_message(world: World, migrated_url: str) -> None:
    async with transaction_as(migrated_url, world.login("company_admin_a")) as session:
        with pytest.raises(accounts.InvalidAccountRequest, match="at least 12 characters"):
            await accounts.create_user(session, email=world.logins.email("weak"), role="user", password="short")
        with pytest.raises(accounts.InvalidAccountRequest, match='Unknown role "root"'):
            await accounts.create_user(session, email=world.logins.email("root"), role="root", password=NEW_PASSWORD)
        with pytest.raises(accounts.InvalidAccountRequest, match="not an email address Ruling Desk accepts"):
            await accounts.create_user(session, email="ada\u200b@test.example", role="user", password=NEW_PASSWORD)
        with pytest.raises(accounts.AccountPermissionError, match="own company"):
            await accounts.create_user(
                session,
                email=world.logins.email("elsewhere"),
                role="user",
                password=NEW_PASSWORD,
                company_id=world.company_b,
            )
    async with transaction_as(migrated_url, world.login("admin")) as session:
        with pytest.raises(accounts.AccountConflictError, match="already exists"):
            await accounts.create_user(session, email=world.people["qa"].email, role="qa", password=NEW_PASSWORD)


@pytest.mark.asyncio
async def test_invitation_refusals_carry_a_reason(world: World, migrated_url: str) -> None:
    email = world.logins.email("service-invitee")
    async with transaction_as(migrated_url, world.login("company_admin_a")) as session:
        issued = await accounts.create_invitation(
            session, email=email, role="user", company_id=world.company_a, skip_email_sending=True
        )
        withdrawn = await accounts.create_invitation(
            session, email=world.logins.email("withdrawn"), role="user", company_id=world.company_a
        )
        await accounts.revoke_invitation(session, withdrawn.invitation_id)
    assert issued.token not in repr(issued)
    assert issued.expires_at - datetime.datetime.now(datetime.UTC).replace(tzinfo=None) > datetime.timedelta(days=6)

    async with gatekeeper_password_set_by_the_service(migrated_url):
        user_id = await _accept(migrated_url, email, issued.token)
        world.logins.adopt(email)
        attempts = [
            (email, issued.token, accounts.InvitationReason.ALREADY_USED),
            (email, "not-the-code", accounts.InvitationReason.WRONG_CODE),
            (world.logins.email("withdrawn"), withdrawn.token, accounts.InvitationReason.REVOKED),
        ]
        for attempt_email, token, reason in attempts:
            with pytest.raises(accounts.InvitationRefused) as refusal:
                await _accept(migrated_url, attempt_email, token)
            assert refusal.value.reason is reason
    assert isinstance(user_id, uuid.UUID)


@asynccontextmanager
async def gatekeeper_password_set_by_the_service(owner_url: str) -> AsyncIterator[None]:
    """The gatekeeper logs in with :data:`NEW_PASSWORD` for the block, as a deployment's owner would set it."""
    async with transaction_as(owner_url) as session:
        await accounts.set_gatekeeper_password(session, NEW_PASSWORD)
    try:
        yield
    finally:
        async with transaction_as(owner_url) as session:
            await session.execute(text("ALTER ROLE rd_gatekeeper NOLOGIN PASSWORD NULL"))


async def _accept(owner_url: str, email: str, token: str) -> uuid.UUID:
    async with transaction_as(owner_url, accounts.GATEKEEPER_ROLE, NEW_PASSWORD) as session:
        return await accounts.accept_invitation(session, email=email, token=token, password=NEW_PASSWORD)


@pytest.mark.asyncio
async def test_api_keys_through_the_services(world: World, migrated_url: str) -> None:
    async with transaction_as(migrated_url, world.login("admin")) as session:
        with pytest.raises(accounts.InvalidAccountRequest, match="master key has no company"):
            await accounts.issue_api_key(session, description="x", master=True, company_id=world.company_a)
        issued = await accounts.issue_api_key(session, description="Dashboards", company_id=world.company_b)
    assert issued.secret not in repr(issued)
    async with transaction_as(migrated_url, world.worker) as session:
        verified = await accounts.verify_api_key(session, issued.secret)
    assert verified == accounts.VerifiedApiKey(issued.api_key_id, False, world.company_b, None, None)
    async with transaction_as(migrated_url, world.login("admin")) as session:
        await accounts.revoke_api_key(session, issued.api_key_id)
    async with transaction_as(migrated_url, world.worker) as session:
        assert await accounts.verify_api_key(session, issued.secret) is None


@pytest.mark.asyncio
async def test_disable_and_grant_login_through_the_services(world: World, migrated_url: str) -> None:
    email = world.logins.email("seeded-demo")
    with world.owner() as owner:
        owner.execute("INSERT INTO users (email, role) VALUES (%s, 'qa')", (email,))
    async with transaction_as(migrated_url, world.login("admin")) as session:
        user_id = await accounts.find_user_id(session, email.upper())
        assert user_id is not None
        login = await accounts.grant_login(session, user_id, NEW_PASSWORD)
        world.logins.adopt(login)
        await accounts.disable_user(session, user_id)
    async with transaction_as(migrated_url) as session:
        archived = (
            await session.execute(text("SELECT is_archived FROM users WHERE id = :id"), {"id": user_id})
        ).scalar()
    assert (login, archived) == (world.logins.login_of(user_id), True)


@pytest.mark.asyncio
async def test_the_gatekeeper_password_can_be_set_on_a_plain_psycopg_connection(world: World) -> None:
    async with await psycopg.AsyncConnection.connect(world.logins.owner_url) as owner:
        with pytest.raises(accounts.InvalidAccountRequest, match="at least 12 characters"):
            await accounts.set_gatekeeper_password(owner, "short")
        await accounts.set_gatekeeper_password(owner, NEW_PASSWORD)
        await owner.commit()
    try:
        with world.logins.connect(accounts.GATEKEEPER_ROLE, NEW_PASSWORD) as gatekeeper:
            assert gatekeeper.execute("SELECT session_user").fetchone() == (accounts.GATEKEEPER_ROLE,)
    finally:
        with world.owner() as owner_again:
            owner_again.execute("ALTER ROLE rd_gatekeeper NOLOGIN PASSWORD NULL")


@pytest.mark.asyncio
async def test_a_reset_login_is_refused_at_sign_in_until_its_person_chooses(world: World, migrated_url: str) -> None:
    victim = world.people["owner_viewer"]
    async with transaction_as(migrated_url, world.login("admin")) as session:
        with pytest.raises(accounts.AccountConflictError, match="separate, audited step"):
            await accounts.grant_login(session, victim.user_id, NEW_PASSWORD)
    async with transaction_as(migrated_url, world.login("admin")) as session:
        with pytest.raises(accounts.AccountPermissionError, match="changed by its person"):
            await accounts.reset_login(session, victim.user_id, NEW_PASSWORD, must_change=False)
    async with transaction_as(migrated_url, world.login("admin")) as session:
        assert await accounts.reset_login(session, victim.user_id, NEW_PASSWORD) == victim.login
    profile_url = world.logins.owner_url  # the owner may resolve addresses as the gatekeeper does
    refusal = await _sign_in_refusal(profile_url, victim.email, NEW_PASSWORD)
    assert refusal.reason is SignInReason.PASSWORD_RESET
    assert "reset your password" in refusal.message
    async with transaction_as(migrated_url, victim.login, NEW_PASSWORD) as session:
        await accounts.set_own_password(session, victim.email, PASSWORD)
    assert (await sign_in(profile_url, victim.email, PASSWORD)).person.user_id == victim.user_id


async def _sign_in_refusal(profile_url: str, email: str, password: str) -> SignInRefused:
    with pytest.raises(SignInRefused) as refused:
        await sign_in(profile_url, email, password)
    return refused.value
