"""The sign-in dialog, offscreen, over the real sign-in service, a real database and a real keyring backend."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import socket
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from keyring.backends.fail import Keyring as FailKeyring
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from app.connection import Connection
from app.credentials import DEMO_PASSWORDS_FILE, NO_KEYRING_MESSAGE, RememberedPasswords
from app.profiles import PROFILES_FILE, ProfileBook, server_profile
from app.settings import Settings
from app.sign_in_flow import WorkstationSignIn, prepare_sign_in, show_sign_in_dialog
from demo.seed.accounts import DemoAccount
from models.enums import RoleName
from services.database_urls import libpq_url
from services.sign_in_outcome import SignedIn, SignInRefused
from tests.conftest import TestServer
from tests.keyring_backends import MemoryKeyring, installed
from tests.login_roles import PASSWORD, create_person, drop_logins, login_of, open_gatekeeper
from tests.ui.conftest import wait_until
from ui.sign_in_dialog import ANOTHER_SERVER, SIGN_IN_TEXT, SIGNING_IN_TEXT, SignInDialog

DOMAIN = "sign-in-dialog.test"
ADA = f"ada@{DOMAIN}"
DISABLED = f"disabled@{DOMAIN}"
EXPIRED = f"expired@{DOMAIN}"
DEMO_ADMIN = DemoAccount(f"admin@{DOMAIN}", "Avery", "Admin", RoleName.ADMIN)
DEMO_REVIEWER = DemoAccount(f"reviewer@{DOMAIN}", "Riley", "Reviewer", RoleName.REVIEWER)


@pytest.fixture(scope="module")
def owner_url(migrated_libpq_url: str) -> Iterator[str]:
    with psycopg.connect(migrated_libpq_url, autocommit=True) as conn:
        create_person(conn, ADA, first_name="Ada", last_name="Lovelace")
        create_person(conn, DISABLED)
        create_person(conn, EXPIRED)
        conn.execute("SELECT rd_disable_user(id) FROM users WHERE email = %s", (DISABLED,))
        conn.execute(f"ALTER ROLE \"{login_of(conn, EXPIRED)}\" VALID UNTIL '2000-01-01'")
        for account in (DEMO_ADMIN, DEMO_REVIEWER):  # seeded rows without a login, as the demo seed leaves them
            conn.execute(
                "INSERT INTO users (email, first_name, last_name, role) VALUES (%s, %s, %s, %s)",
                (account.email, account.first_name, account.last_name, account.role),
            )
    yield migrated_libpq_url
    drop_logins(migrated_libpq_url, DOMAIN)


@pytest.fixture(autouse=True)
def _no_os_keyring(memory_keyring: MemoryKeyring) -> None:
    """Never the OS keyring: every test starts with an empty in-memory one."""


@pytest.fixture
def profiles_path(tmp_path: Path, owner_url: str) -> Path:
    """A profile book holding one saved server: this module's database, through its gatekeeper."""
    path = tmp_path / "profiles.json"
    path.write_text(json.dumps({"servers": [{"name": "Test server", "url": open_gatekeeper(owner_url)}]}))
    return path


class CountingSignIn(WorkstationSignIn):
    """The real service, counting sign-in attempts and holding each one until :attr:`gate` opens."""

    def __init__(self, book: ProfileBook) -> None:
        super().__init__(book=book, passwords=RememberedPasswords())
        self.attempts = 0
        self.gate = asyncio.Event()
        self.gate.set()

    async def sign_in(self, profile: object, email: str, password: str) -> SignedIn:
        self.attempts += 1
        await self.gate.wait()
        return await super().sign_in(profile, email, password)  # type: ignore[arg-type]


def open_dialog(qtbot: QtBot, service: WorkstationSignIn) -> SignInDialog:
    dialog = SignInDialog(service)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    return dialog


def type_credentials(qtbot: QtBot, dialog: SignInDialog, email: str, password: str) -> None:
    dialog.email_edit.clear()
    qtbot.keyClicks(dialog.email_edit, email)
    dialog.password_edit.clear()
    qtbot.keyClicks(dialog.password_edit, password)


def connected_as(signed_in: SignedIn) -> str:
    """The address of the person the signed-in URL connects as (its login role's name says nothing of it)."""
    with psycopg.connect(signed_in.url) as conn:
        row = conn.execute("SELECT session_user, email FROM users WHERE id = rd_current_user_id()").fetchone()
    assert row is not None
    login, email = row
    assert re.fullmatch(r"rd_u_[0-9a-f]{32}", login)
    return str(email)


async def closed(dialog: QDialog) -> None:
    await wait_until(lambda: not dialog.isVisible(), what="the dialog to close")


def test_signing_in_with_enter_closes_the_dialog_as_that_person(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, profiles_path: Path
) -> None:
    dialog = open_dialog(qtbot, CountingSignIn(ProfileBook(profiles_path)))

    async def scenario() -> None:
        assert dialog.profile_combo.currentText() == "Test server"
        assert dialog.focusWidget() is dialog.email_edit
        type_credentials(qtbot, dialog, ADA, PASSWORD)
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
        await closed(dialog)

    qt_loop.run_until_complete(scenario())
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.signed_in is not None
    assert dialog.signed_in.person.display_name == "Ada Lovelace"
    assert connected_as(dialog.signed_in) == ADA


WRONG_CREDENTIALS = "The email or password is not right. Check both and try again."


@pytest.mark.parametrize(
    ("email", "password", "message", "field"),
    [
        (ADA, "not-the-password", WRONG_CREDENTIALS, "password_edit"),
        (
            f"nobody@{DOMAIN}",
            PASSWORD,
            WRONG_CREDENTIALS,
            "password_edit",
        ),
        (DISABLED, PASSWORD, "This account is disabled. Ask an administrator to enable it.", "email_edit"),
        (EXPIRED, PASSWORD, WRONG_CREDENTIALS, "password_edit"),
        ("rd_gatekeeper", "anything", "rd_gatekeeper is a system account, not a person.", "email_edit"),
        ("", PASSWORD, "Enter your email address.", "email_edit"),
        (ADA, "", "Enter your password.", "password_edit"),
    ],
    ids=["wrong-password", "unknown-email", "disabled", "expired", "system-account", "no-email", "no-password"],
)
def test_each_refusal_is_shown_inline_and_the_field_to_fix_gets_the_focus(
    qtbot: QtBot,
    qt_loop: asyncio.AbstractEventLoop,
    profiles_path: Path,
    email: str,
    password: str,
    message: str,
    field: str,
) -> None:
    dialog = open_dialog(qtbot, CountingSignIn(ProfileBook(profiles_path)))

    async def scenario() -> None:
        type_credentials(qtbot, dialog, email, password)
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: dialog.error.isVisible(), what="the refusal")

    qt_loop.run_until_complete(scenario())
    assert dialog.error.text().startswith(message)
    assert dialog.isVisible() and dialog.signed_in is None
    assert dialog.focusWidget() is getattr(dialog, field)
    assert dialog.sign_in_button.isEnabled() and dialog.sign_in_button.text() == SIGN_IN_TEXT
    assert QApplication.activeModalWidget() in (None, dialog)  # no message box popped up


def test_an_unreachable_server_names_where_it_was_looked_for(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    dialog = open_dialog(qtbot, CountingSignIn(ProfileBook(tmp_path / "profiles.json")))

    async def scenario() -> None:
        assert dialog.profile_combo.currentText() == ANOTHER_SERVER  # nothing saved yet
        assert dialog.focusWidget() is dialog.server_url_edit
        qtbot.keyClicks(dialog.server_url_edit, f"postgresql://rd_gatekeeper:x@127.0.0.1:{closed_port}/ruling_desk")
        type_credentials(qtbot, dialog, ADA, PASSWORD)
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
        await wait_until(lambda: dialog.error.isVisible(), what="the refusal")

    qt_loop.run_until_complete(scenario())
    assert dialog.error.text().startswith(f"Cannot reach the database server (127.0.0.1, port {closed_port}):")
    assert dialog.focusWidget() is dialog.server_url_edit


def test_remember_me_keeps_the_password_in_the_keyring_and_fills_it_in_next_time(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, profiles_path: Path, memory_keyring: MemoryKeyring
) -> None:
    first = open_dialog(qtbot, CountingSignIn(ProfileBook(profiles_path)))

    async def remember() -> None:
        type_credentials(qtbot, first, ADA, PASSWORD)
        qtbot.mouseClick(first.remember_check, Qt.MouseButton.LeftButton)
        qtbot.keyClick(first.password_edit, Qt.Key.Key_Return)
        await closed(first)

    qt_loop.run_until_complete(remember())
    assert list(memory_keyring.passwords.values()) == [PASSWORD]
    assert PASSWORD not in profiles_path.read_text()

    second = open_dialog(qtbot, CountingSignIn(ProfileBook(profiles_path)))

    async def recall_then_forget() -> None:
        assert (second.email_edit.text(), second.password_edit.text()) == (ADA, PASSWORD)
        assert second.remember_check.isChecked()
        assert second.focusWidget() is second.password_edit
        qtbot.mouseClick(second.remember_check, Qt.MouseButton.LeftButton)
        qtbot.keyClick(second.password_edit, Qt.Key.Key_Return)
        await closed(second)

    qt_loop.run_until_complete(recall_then_forget())
    assert second.signed_in is not None and connected_as(second.signed_in) == ADA
    assert memory_keyring.passwords == {}


def test_without_a_keyring_the_dialog_says_so_and_still_signs_in(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, profiles_path: Path
) -> None:
    with installed(FailKeyring()):
        dialog = open_dialog(qtbot, CountingSignIn(ProfileBook(profiles_path)))

        async def scenario() -> None:
            type_credentials(qtbot, dialog, ADA, PASSWORD)
            qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
            await closed(dialog)

        assert not dialog.remember_check.isEnabled() and not dialog.remember_check.isChecked()
        assert dialog.keyring_note.isVisible()
        assert dialog.keyring_note.text() == NO_KEYRING_MESSAGE
        qt_loop.run_until_complete(scenario())
    assert dialog.signed_in is not None and dialog.signed_in.person.email == ADA


def test_clicking_twice_or_pressing_enter_during_an_attempt_makes_one_attempt(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, profiles_path: Path
) -> None:
    service = CountingSignIn(ProfileBook(profiles_path))
    service.gate.clear()
    dialog = open_dialog(qtbot, service)

    async def scenario() -> None:
        type_credentials(qtbot, dialog, ADA, PASSWORD)
        qtbot.mouseDClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: service.attempts == 1, what="the attempt to start")
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
        qtbot.keyClick(dialog, Qt.Key.Key_Enter)
        await asyncio.sleep(0.1)
        assert dialog.busy
        assert not dialog.sign_in_button.isEnabled() and dialog.sign_in_button.text() == SIGNING_IN_TEXT
        assert not dialog.email_edit.isEnabled() and not dialog.password_edit.isEnabled()
        service.gate.set()
        await closed(dialog)

    qt_loop.run_until_complete(scenario())
    assert service.attempts == 1
    assert dialog.signed_in is not None


def test_escape_cancels_a_running_attempt_and_signs_nobody_in(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, profiles_path: Path
) -> None:
    service = CountingSignIn(ProfileBook(profiles_path))
    service.gate.clear()
    dialog = open_dialog(qtbot, service)

    async def scenario() -> None:
        type_credentials(qtbot, dialog, ADA, PASSWORD)
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
        await wait_until(lambda: service.attempts == 1, what="the attempt to start")
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        await closed(dialog)
        service.gate.set()
        await asyncio.sleep(0.2)

    qt_loop.run_until_complete(scenario())
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.signed_in is None and not dialog.busy


def test_the_embedded_demo_signs_in_with_one_click_on_a_demo_account(
    qtbot: QtBot,
    qt_loop: asyncio.AbstractEventLoop,
    pg_server: TestServer,
    owner_url: str,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
) -> None:
    settings = Settings(data_dir=tmp_path / "data", database_url=None)
    settings.data_dir.mkdir()
    connection = Connection(url=owner_url, embedded=pg_server.server, started_server=False)

    async def prepare() -> WorkstationSignIn:
        return await prepare_sign_in(
            settings, connection, profiles_path=tmp_path / "profiles.json", demo_accounts=(DEMO_ADMIN, DEMO_REVIEWER)
        )

    async def scenario() -> SignedIn | None:
        signing_in = asyncio.ensure_future(show_sign_in_dialog(await prepare()))
        await wait_until(lambda: visible_sign_in_dialog() is not None, what="the sign-in dialog")
        dialog = visible_sign_in_dialog()
        assert dialog is not None
        assert dialog.profile_combo.currentText() == "Embedded demo (this computer)"
        assert dialog.demo_box.isVisible()
        assert [button.text() for button in dialog.demo_buttons] == ["Avery Admin — Admin", "Riley Reviewer — Reviewer"]
        qtbot.mouseClick(dialog.demo_buttons[1], Qt.MouseButton.LeftButton)
        return await signing_in

    signed_in = qt_loop.run_until_complete(scenario())
    assert signed_in is not None and connected_as(signed_in) == DEMO_REVIEWER.email
    demo_passwords = dict(memory_keyring.passwords)
    assert len(demo_passwords) == 2 and not (settings.data_dir / DEMO_PASSWORDS_FILE).exists()

    # A second start reuses what the first generated, and still signs in.
    again = qt_loop.run_until_complete(prepare())
    assert memory_keyring.passwords == demo_passwords
    assert connected_as(qt_loop.run_until_complete(again.sign_in_demo(DEMO_ADMIN.email))) == DEMO_ADMIN.email


def test_without_a_keyring_demo_passwords_live_in_a_private_file(
    qt_loop: asyncio.AbstractEventLoop, pg_server: TestServer, owner_url: str, tmp_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path / "data", database_url=None)
    settings.data_dir.mkdir()
    connection = Connection(url=owner_url, embedded=pg_server.server, started_server=False)
    with installed(FailKeyring()):
        service = qt_loop.run_until_complete(
            prepare_sign_in(settings, connection, profiles_path=tmp_path / "p.json", demo_accounts=(DEMO_ADMIN,))
        )
        signed_in = qt_loop.run_until_complete(service.sign_in_demo(DEMO_ADMIN.email))
    assert connected_as(signed_in) == DEMO_ADMIN.email
    stored = settings.data_dir / DEMO_PASSWORDS_FILE
    assert list(json.loads(stored.read_text())) == [DEMO_ADMIN.email]
    if sys.platform != "win32":
        assert stat.S_IMODE(stored.stat().st_mode) == 0o600
        assert stat.S_IMODE((settings.data_dir / "gatekeeper-password").stat().st_mode) == 0o600


def test_a_new_server_is_saved_as_a_profile_once_someone_signed_into_it(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, owner_url: str, tmp_path: Path
) -> None:
    gatekeeper_url = open_gatekeeper(owner_url)
    path = tmp_path / "profiles.json"
    dialog = open_dialog(qtbot, CountingSignIn(ProfileBook(path)))

    async def scenario() -> None:
        qtbot.keyClicks(dialog.server_url_edit, gatekeeper_url)
        type_credentials(qtbot, dialog, ADA, PASSWORD)
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
        await closed(dialog)

    qt_loop.run_until_complete(scenario())
    book = ProfileBook(path)
    assert book.servers == (server_profile(gatekeeper_url),)
    assert book.last_profile_key == server_profile(gatekeeper_url).key
    assert book.last_email(server_profile(gatekeeper_url)) == ADA


def visible_sign_in_dialog() -> SignInDialog | None:
    found = [widget for widget in QApplication.topLevelWidgets() if isinstance(widget, SignInDialog)]
    return next((dialog for dialog in found if dialog.isVisible()), None)


def test_the_server_given_with_database_url_is_preselected_and_saved_in_the_data_directory(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, owner_url: str, tmp_path: Path, profiles_path: Path
) -> None:
    """``ruling-desk --database-url URL``: the dialog offers that server first, chosen, beside the saved ones."""
    given = open_gatekeeper(owner_url).replace("postgresql://", "postgresql+psycopg://")
    settings = Settings(data_dir=tmp_path / "data", database_url=given)
    (settings.data_dir / PROFILES_FILE).parent.mkdir()
    (settings.data_dir / PROFILES_FILE).write_text(profiles_path.read_text())  # "Test server": the same database
    connection = Connection(url=given, embedded=None, started_server=False)

    service = qt_loop.run_until_complete(prepare_sign_in(settings, connection))
    dialog = open_dialog(qtbot, service)
    assert dialog.profile_combo.currentText() == "Test server"  # saved under its name, now with the given URL
    assert service.profiles[0].gatekeeper_url == libpq_url(given)

    type_credentials(qtbot, dialog, ADA, PASSWORD)

    async def scenario() -> None:
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
        await closed(dialog)

    qt_loop.run_until_complete(scenario())
    assert dialog.signed_in is not None and connected_as(dialog.signed_in) == ADA
    saved = json.loads((settings.data_dir / PROFILES_FILE).read_text())
    assert [server["url"] for server in saved["servers"]] == [libpq_url(given)]
    assert saved["last_email"] == {service.profiles[0].key: ADA}


def test_sign_ins_and_refusals_are_logged_without_secrets(
    qt_loop: asyncio.AbstractEventLoop, profiles_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    service = WorkstationSignIn(book=ProfileBook(profiles_path), passwords=RememberedPasswords())
    (server,) = service.profiles
    caplog.set_level(logging.INFO, logger="ruling_desk.sign_in")

    with pytest.raises(SignInRefused):
        qt_loop.run_until_complete(service.sign_in(server, ADA, "not-the-password"))
    qt_loop.run_until_complete(service.sign_in(server, ADA, PASSWORD))

    lines = [record.getMessage() for record in caplog.records if record.name == "ruling_desk.sign_in"]
    assert lines[0].startswith(f"sign-in refused: {ADA} on Test server by password: wrong_credentials (")
    assert lines[1] == f"signed in: {ADA} as reviewer on Test server by password"
    assert not any(secret in line for line in lines for secret in ("not-the-password", PASSWORD, "rd_gatekeeper:"))
