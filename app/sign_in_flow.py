"""Signing in between "the database is ready" and "the main window shows work".

:func:`run_sign_in` is what the GUI awaits: it provisions the embedded
demo's logins (first run), builds the sign-in dialog with the connection
profiles, the demo list and the keyring, and returns who signed in, or
``None`` when the person cancelled. :func:`sign_in_demo_account` does the
same without a dialog, for the headless self-test.

:class:`WorkstationSignIn` is the dialog's :class:`~ui.sign_in_dialog.SignInService`:
it resolves a profile to its gatekeeper URL, reads and writes remembered
passwords and the profile book, and calls :mod:`services.sign_in`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtWidgets import QWidget

from app.connection import Connection
from app.credentials import DemoPasswords, RememberedPasswords
from app.demo_accounts import DemoLogin, EmbeddedSignIn, provision_embedded_sign_in
from app.profiles import Profile, ProfileBook, command_line_profile, embedded_profile, profiles_file, server_profile
from app.settings import Settings
from app.sign_in_log import logged_sign_in
from demo.seed.accounts import ADMIN_EMAIL, DEMO_ACCOUNTS, DemoAccount
from services import sign_in as sign_in_service
from services.errors import DatabaseUnavailable
from services.sign_in_outcome import SignedIn, SignInReason, SignInRefused
from ui.sign_in_dialog import SignInDialog


@dataclass(frozen=True)
class EmbeddedDemo:
    """The embedded server as a place to sign in: its profile, gatekeeper and demo accounts' passwords."""

    profile: Profile
    sign_in: EmbeddedSignIn


class WorkstationSignIn:
    """Everything the sign-in dialog may ask for, over real profiles, keyring and database."""

    def __init__(self, *, book: ProfileBook, passwords: RememberedPasswords, demo: EmbeddedDemo | None = None) -> None:
        self._book = book
        self._passwords = passwords
        self._demo = demo

    # -------------------------------------------------- what the dialog lists
    @property
    def profiles(self) -> Sequence[Profile]:
        return (self._demo.profile, *self._book.servers) if self._demo is not None else self._book.servers

    @property
    def last_profile_key(self) -> str | None:
        return self._book.last_profile_key

    @property
    def demo_accounts(self) -> Sequence[DemoLogin]:
        return self._demo.sign_in.demo_logins if self._demo is not None else ()

    @property
    def keyring_problem(self) -> str | None:
        return self._passwords.unavailable_reason

    def server_profile(self, url: str) -> Profile:
        return server_profile(url)

    # --------------------------------------------------------- remembering
    def last_email(self, profile: Profile) -> str | None:
        return self._book.last_email(profile)

    def remembered_password(self, profile: Profile, email: str) -> str | None:
        return self._passwords.recall(profile.key, email)

    def record_sign_in(self, profile: Profile, email: str, password: str | None) -> None:
        self._book.record_sign_in(profile, email)
        if password is None:
            self._passwords.forget(profile.key, email)
        else:
            self._passwords.remember(profile.key, email, password)

    # ----------------------------------------------------------- signing in
    async def sign_in(self, profile: Profile, email: str, password: str) -> SignedIn:
        attempt = sign_in_service.sign_in(self._gatekeeper_url(profile), email, password)
        return await logged_sign_in(attempt, how="password", email=email, where=profile.name)

    async def sign_in_demo(self, email: str) -> SignedIn:
        password = self._demo.sign_in.demo_passwords.get(email) if self._demo is not None else None
        if self._demo is None or password is None:
            raise SignInRefused(
                SignInReason.WRONG_CREDENTIALS,
                f"No generated password is stored for {email} on this computer; restart Ruling Desk to recreate it.",
            )
        return await self.sign_in(self._demo.profile, email, password)

    async def accept_invitation(self, profile: Profile, email: str, token: str, password: str) -> SignedIn:
        attempt = sign_in_service.accept_invitation_and_sign_in(self._gatekeeper_url(profile), email, token, password)
        return await logged_sign_in(attempt, how="invitation", email=email, where=profile.name)

    def _gatekeeper_url(self, profile: Profile) -> str:
        if profile.gatekeeper_url is not None:
            return profile.gatekeeper_url
        if self._demo is None:
            raise DatabaseUnavailable("The embedded demo database is not running in this window.")
        return self._demo.sign_in.gatekeeper_url


async def prepare_sign_in(
    settings: Settings,
    connection: Connection,
    *,
    profiles_path: Path | None = None,
    demo_accounts: Sequence[DemoAccount] = DEMO_ACCOUNTS,
) -> WorkstationSignIn:
    """The sign-in service for this process; on the embedded server, its demo logins are provisioned first.

    ``profiles_path`` defaults to the data directory's and
    ``demo_accounts`` to the seed's; tests pass their own. A server given
    with ``--database-url`` is listed first and preselected.
    """
    book = ProfileBook(profiles_path or profiles_file(settings))
    if (given := command_line_profile(settings)) is not None:
        book.offer(given)
    passwords = RememberedPasswords()
    if connection.embedded is None:
        return WorkstationSignIn(book=book, passwords=passwords)
    profile = embedded_profile(settings)
    demo_passwords = DemoPasswords(settings.data_dir, profile.key)
    provision = partial(
        provision_embedded_sign_in, connection.url, settings.data_dir, demo_passwords, accounts=demo_accounts
    )
    embedded_sign_in = await asyncio.get_running_loop().run_in_executor(None, provision)
    return WorkstationSignIn(book=book, passwords=passwords, demo=EmbeddedDemo(profile, embedded_sign_in))


async def run_sign_in(
    settings: Settings, connection: Connection, parent: QWidget | None = None, *, profiles_path: Path | None = None
) -> SignedIn | None:
    """Show the sign-in dialog until someone signed in (returned) or the person cancelled (``None``)."""
    service = await prepare_sign_in(settings, connection, profiles_path=profiles_path)
    return await show_sign_in_dialog(service, parent)


async def show_sign_in_dialog(service: WorkstationSignIn, parent: QWidget | None = None) -> SignedIn | None:
    """Open the dialog without a nested event loop (``exec`` would stall qasync) and await its close."""
    dialog = SignInDialog(service, parent)
    closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def on_dialog_finished(result: int) -> None:
        if not closed.done():
            closed.set_result(None)

    dialog.finished.connect(on_dialog_finished)
    dialog.open()
    dialog.raise_()
    dialog.activateWindow()
    try:
        await closed
        return dialog.signed_in
    finally:
        dialog.finished.disconnect(on_dialog_finished)
        dialog.close()
        dialog.deleteLater()


async def sign_in_demo_account(settings: Settings, connection: Connection, email: str = ADMIN_EMAIL) -> SignedIn:
    """Sign in as a demo account without a dialog (the self-test); raises a :class:`~services.errors.Refusal`."""
    service = await prepare_sign_in(settings, connection)
    return await service.sign_in_demo(email)
