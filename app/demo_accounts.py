"""First-run sign-in set-up of the embedded demo: the gatekeeper's password and the demo accounts' logins.

The seed writes the demo people (``admin@``, ``qa@``, ``reviewer1@``,
``reviewer2@``, ``pm@rulingdesk.demo``) as ``users`` rows only. Here, as the
cluster owner, each gets a PostgreSQL login (an opaque name, migration 0007) with a random password
(``rd_grant_login``; after a wiped keyring, ``rd_reset_login``), kept in
the keyring or, without one, in a private file in the data directory
(:class:`app.credentials.DemoPasswords`), so the sign-in dialog's demo
list signs in with one click and no one ever types or sees these passwords.

The gatekeeper (``rd_gatekeeper``, the role the workstation uses before
anyone signed in) gets a random password too, kept like the owner's: a
0600 file in the data directory.

Every run goes through the same steps and changes only what is missing,
so it is idempotent, repairs a keyring that was wiped (a new password is
generated and granted), and a file lock keeps two windows starting at once
from generating two different passwords for one account.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from filelock import FileLock
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from app.async_runner import run_async
from app.credentials import DemoPasswords
from app.engine import build_engine, build_unit_of_work
from demo.seed.accounts import DEMO_ACCOUNTS, DemoAccount
from services.accounts import (
    GATEKEEPER_ROLE,
    find_user_id,
    grant_login,
    login_role_of,
    plain_address,
    reset_login,
    set_gatekeeper_password,
)
from services.database_urls import with_credentials
from services.private_files import write_private_file

GATEKEEPER_PASSWORD_FILE: Final = "gatekeeper-password"
_LOCK_FILE: Final = "demo-accounts.lock"
_PASSWORD_BYTES: Final = 24


@dataclass(frozen=True)
class DemoLogin:
    """A demo account that can sign in, as the demo list shows it."""

    email: str
    display_name: str
    role: str
    """The role as the list names it (:func:`ui.role_labels.role_label`), ``company_admin`` for a company's admin."""


@dataclass(frozen=True)
class EmbeddedSignIn:
    """What signing into the embedded server needs: the gatekeeper's URL and the demo accounts ready.

    ``demo_passwords`` are the passwords just read or generated, so a demo
    sign-in never has to go back to the keyring (which may block) from the
    UI thread; kept out of ``repr``.
    """

    gatekeeper_url: str
    demo_logins: tuple[DemoLogin, ...]
    demo_passwords: dict[str, str] = field(repr=False)


def provision_embedded_sign_in(
    owner_url: str, data_dir: Path, passwords: DemoPasswords, *, accounts: Sequence[DemoAccount] = DEMO_ACCOUNTS
) -> EmbeddedSignIn:
    """Make sure the gatekeeper and every seeded demo account can log in.

    Blocking by design, to be run in an executor: it waits for the file
    lock, may wait for the keyring (which can ask to be unlocked), and runs
    its database work on an event loop of its own thread.

    ``accounts`` is the seed's fixed list; tests pass their own so their
    login roles (which are cluster-wide) never collide with another module's.
    """
    with FileLock(str(data_dir / _LOCK_FILE), timeout=60):
        gatekeeper_password = _gatekeeper_password(data_dir)
        provisioned = run_async(_provision(owner_url, gatekeeper_password, passwords, accounts))
    return EmbeddedSignIn(
        gatekeeper_url=with_credentials(owner_url, GATEKEEPER_ROLE, gatekeeper_password),
        demo_logins=tuple(login for login, _ in provisioned),
        demo_passwords={login.email: password for login, password in provisioned},
    )


async def _provision(
    owner_url: str, gatekeeper_password: str, passwords: DemoPasswords, accounts: Sequence[DemoAccount]
) -> list[tuple[DemoLogin, str]]:
    engine = build_engine(owner_url, pool_size=1)
    try:
        async with build_unit_of_work(engine).transaction() as session:
            await set_gatekeeper_password(session, gatekeeper_password)
            provisioned = [await _provision_account(session, account, passwords) for account in accounts]
    finally:
        await engine.dispose()
    return [login for login in provisioned if login is not None]


async def _provision_account(
    session: AsyncSession, account: DemoAccount, passwords: DemoPasswords
) -> tuple[DemoLogin, str] | None:
    """Give one seeded account its login and return its password; ``None`` when there is no active row for it."""
    email = plain_address(account.email)
    user_id = await find_user_id(session, email, active_only=True)
    if user_id is None:
        return None
    password = passwords.get(email)
    fresh = password is None
    if password is None:
        password = secrets.token_urlsafe(_PASSWORD_BYTES)
        passwords.put(email, password)  # stored before it is granted: a crash in between loses nothing
    # A login an administrator disabled stays disabled; only a missing or forgotten one is (re)granted.
    login = await login_role_of(session, user_id)
    role_exists = (
        login is not None
        and (await session.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :login"), {"login": login})).first()
        is not None
    )
    if not role_exists:
        await grant_login(session, user_id, password)
    elif fresh:
        # The owner's audited reset, without a forced change: nobody ever types a demo password.
        await reset_login(session, user_id, password, must_change=False)
    name = f"{account.first_name} {account.last_name}"
    return DemoLogin(email=email, display_name=name, role=account.shown_role or account.role), password


def _gatekeeper_password(data_dir: Path) -> str:
    path = data_dir / GATEKEEPER_PASSWORD_FILE
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    password = secrets.token_urlsafe(_PASSWORD_BYTES)
    write_private_file(path, password)
    return password
