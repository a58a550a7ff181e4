"""An invitation from end to end through the real dialogs: created by an admin, accepted by the invitee.

The administrator signs in through the sign-in dialog, creates the
invitation in the invitation dialog (running as them, under row-level
security), reads the one-time code off the screen, and the invitee enters
it through "I have an invitation code…" and chooses a password. What must
then exist in the database is checked with plain SQL as the owner.
"""

from __future__ import annotations

import asyncio
import datetime
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import psycopg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QDialog
from pytestqt.qtbot import QtBot

from app.credentials import RememberedPasswords
from app.engine import build_engine, build_unit_of_work
from app.invitation_flow import invitation_dialog
from app.profiles import ProfileBook, server_profile
from app.sign_in_flow import WorkstationSignIn
from services.sign_in_outcome import SignedIn
from tests.keyring_backends import MemoryKeyring
from tests.login_roles import PASSWORD, create_person, drop_logins, login_of, open_gatekeeper
from tests.ui.conftest import wait_until
from ui.invitation_accept_dialog import InvitationAcceptDialog
from ui.invitation_create_dialog import NOT_SHOWN_AGAIN
from ui.sign_in_dialog import SignInDialog

DOMAIN = "invitation-round-trip.test"
ADMIN = f"boss@{DOMAIN}"
INVITEE = f"nia@{DOMAIN}"
NEW_PASSWORD = "Harbor-view-lighthouse-7"


@dataclass(frozen=True)
class Organisation:
    owner_url: str
    company_id: uuid.UUID
    property_ids: tuple[uuid.UUID, ...]
    other_company_property_id: uuid.UUID


@pytest.fixture(scope="module")
def organisation(migrated_libpq_url: str) -> Iterator[Organisation]:
    with psycopg.connect(migrated_libpq_url, autocommit=True) as conn:
        create_person(conn, ADMIN, role="admin", first_name="Bea", last_name="Boss")

        def company(name: str) -> uuid.UUID:
            row = conn.execute("INSERT INTO companies (name) VALUES (%s) RETURNING id", (name,)).fetchone()
            assert row is not None
            return row[0]

        def property_of(company_id: uuid.UUID, name: str) -> uuid.UUID:
            row = conn.execute(
                "INSERT INTO properties (name, company_id) VALUES (%s, %s) RETURNING id", (name, company_id)
            ).fetchone()
            assert row is not None
            return row[0]

        harbor = company("Harbor Group")
        properties = tuple(property_of(harbor, name) for name in ("Harbor View", "Harbor Lofts", "Harbor Yard"))
        elsewhere = property_of(company("Oakline Residential"), "Oak Terrace")
    yield Organisation(migrated_libpq_url, harbor, properties, elsewhere)
    drop_logins(migrated_libpq_url, DOMAIN)


@pytest.fixture(autouse=True)
def _no_os_keyring(memory_keyring: MemoryKeyring) -> None:
    """Never the OS keyring: every test starts with an empty in-memory one."""


@pytest.fixture
def service(organisation: Organisation, tmp_path: Path) -> WorkstationSignIn:
    book = ProfileBook(tmp_path / "profiles.json")
    book.record_sign_in(server_profile(open_gatekeeper(organisation.owner_url), "Test server"), ADMIN)
    return WorkstationSignIn(book=book, passwords=RememberedPasswords())


def open_sign_in(qtbot: QtBot, service: WorkstationSignIn) -> SignInDialog:
    dialog = SignInDialog(service)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


async def sign_in(qtbot: QtBot, service: WorkstationSignIn, email: str, password: str) -> SignedIn:
    dialog = open_sign_in(qtbot, service)
    dialog.email_edit.setText(email)
    dialog.password_edit.clear()
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    await wait_until(lambda: not dialog.isVisible(), what="the sign-in dialog to close")
    assert dialog.signed_in is not None, dialog.error.text()
    return dialog.signed_in


async def create_invitation_as(qtbot: QtBot, signed_in: SignedIn, organisation: Organisation) -> str:
    """Fill in and submit the invitation dialog as ``signed_in``; return the code it showed once."""
    engine = build_engine(signed_in.url, pool_size=1)
    try:
        dialog = invitation_dialog(build_unit_of_work(engine))
        qtbot.addWidget(dialog)
        dialog.show()
        await wait_until(lambda: dialog.role_combo.count() > 0, what="the form's choices")
        assert dialog.role_combo.currentIndex() == -1  # no role is preselected
        qtbot.keyClicks(dialog.email_edit, INVITEE)
        qtbot.keyClicks(dialog.first_name_edit, "Nia")
        qtbot.keyClicks(dialog.last_name_edit, "Newcomer")
        dialog.role_combo.setCurrentIndex(dialog.role_combo.findText("Property manager"))
        dialog.company_combo.setCurrentIndex(index_of(dialog.company_combo, organisation.company_id))
        shown = [
            dialog.property_list.item(row)
            for row in range(dialog.property_list.count())
            if not dialog.property_list.item(row).isHidden()
        ]
        assert sorted(item.text() for item in shown) == ["Harbor Lofts", "Harbor View", "Harbor Yard"]
        for item in shown[:2]:
            item.setCheckState(Qt.CheckState.Checked)
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: dialog.token_page.isVisible(), what="the one-time code")

        token = dialog.token_edit.text()
        assert len(token) >= 32 and dialog.token_edit.isReadOnly()
        assert dialog.token_heading.text() == f"Invitation created for {INVITEE}"
        assert dialog.expiry_label.text().startswith("Valid until ")
        assert dialog.expiry_label.text().endswith("(in 7 days).")
        assert NOT_SHOWN_AGAIN in dialog.warning_label.text() and dialog.warning_label.isVisible()
        assert not dialog.form_page.isVisible()
        qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
        assert QGuiApplication.clipboard().text() == token
        qtbot.mouseClick(dialog.done_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Accepted
        assert dialog.token_edit.text() == ""  # shown once: gone from the screen with the dialog
        return token
    finally:
        await engine.dispose()


def index_of(combo: QComboBox, data: object) -> int:
    """Like ``findData``, by equality: Qt compares Python objects such as UUIDs by identity."""
    return next(index for index in range(combo.count()) if combo.itemData(index) == data)


def test_an_invitation_from_the_admin_to_a_signed_in_invitee(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, organisation: Organisation, service: WorkstationSignIn
) -> None:
    async def scenario() -> tuple[str, SignedIn, SignedIn]:
        admin = await sign_in(qtbot, service, ADMIN, PASSWORD)
        token = await create_invitation_as(qtbot, admin, organisation)

        sign_in_dialog = open_sign_in(qtbot, service)
        sign_in_dialog.email_edit.setText(INVITEE)
        qtbot.mouseClick(sign_in_dialog.invitation_button, Qt.MouseButton.LeftButton)
        accept = sign_in_dialog.findChild(InvitationAcceptDialog)
        assert accept is not None and accept.isVisible()
        assert accept.email_edit.text() == INVITEE and accept.focusWidget() is accept.token_edit
        qtbot.keyClicks(accept.token_edit, token)
        qtbot.keyClicks(accept.password_edit, NEW_PASSWORD)
        qtbot.keyClicks(accept.repeat_edit, NEW_PASSWORD[:-1])
        assert accept.match_label.text() == "Passwords don't match."
        assert not accept.accept_button.isEnabled()
        qtbot.keyClicks(accept.repeat_edit, NEW_PASSWORD[-1])
        assert accept.match_label.text() == "Passwords match."
        assert accept.strength_label.text().startswith("<b>Strong.</b>")
        qtbot.keyClick(accept.repeat_edit, Qt.Key.Key_Return)
        await wait_until(lambda: not sign_in_dialog.isVisible(), what="the invitee to be signed in")
        # Released with deleteLater, i.e. on a later turn of the event loop than the one that hid it.
        await wait_until(
            lambda: sign_in_dialog.findChild(InvitationAcceptDialog) is None, what="the accept dialog to be released"
        )
        assert sign_in_dialog.signed_in is not None
        again = await sign_in(qtbot, service, INVITEE, NEW_PASSWORD)
        return token, sign_in_dialog.signed_in, again

    token, invitee, again = qt_loop.run_until_complete(scenario())

    assert invitee.person.email == INVITEE and invitee.person.display_name == "Nia Newcomer"
    assert again.person.user_id == invitee.person.user_id
    with psycopg.connect(organisation.owner_url) as conn:
        user = conn.execute("SELECT role, company_id FROM users WHERE id = %s", (invitee.person.user_id,)).fetchone()
        login = conn.execute(
            "SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", (login_of(conn, INVITEE),)
        ).fetchone()
        granted = conn.execute(
            "SELECT property_id FROM users_properties WHERE user_id = %s", (invitee.person.user_id,)
        ).fetchall()
        invited = conn.execute(
            "SELECT ip.property_id, i.accepted_at IS NOT NULL, i.accepted_user_id FROM invitations_properties ip"
            " JOIN invitations i ON i.id = ip.invitation_id WHERE lower(i.email) = %s",
            (INVITEE,),
        ).fetchall()
    assert user == ("property_manager", organisation.company_id)
    assert login == (True,)
    assert len(granted) == 2 and {row[0] for row in granted} <= set(organisation.property_ids)
    assert {row[0] for row in granted} == {row[0] for row in invited}
    assert {(row[1], row[2]) for row in invited} == {(True, invitee.person.user_id)}

    # The same code a second time: refused in the dialog, in words.
    reused = qt_loop.run_until_complete(refusal_of(qtbot, service, INVITEE, token))
    assert reused == "This invitation has already been used; sign in with your password."


def invite_as_owner(organisation: Organisation, email: str) -> tuple[uuid.UUID, str]:
    with psycopg.connect(organisation.owner_url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT invitation_id, token FROM rd_create_invitation(%s, NULL, NULL, 'property_manager', %s,"
            " NULL, NULL, %s, true, '7 days')",
            (email, organisation.company_id, [organisation.property_ids[0]]),
        ).fetchone()
    assert row is not None
    return row[0], row[1]


async def refusal_of(qtbot: QtBot, service: WorkstationSignIn, email: str, token: str) -> str:
    """Accept ``token`` for ``email`` through the dialog; return the inline refusal it shows."""
    profile = service.profiles[0]
    dialog = InvitationAcceptDialog(partial(service.accept_invitation, profile), email=email)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.token_edit, token)
    qtbot.keyClicks(dialog.password_edit, NEW_PASSWORD)
    qtbot.keyClicks(dialog.repeat_edit, NEW_PASSWORD)
    qtbot.keyClick(dialog.repeat_edit, Qt.Key.Key_Return)
    await wait_until(lambda: dialog.error.isVisible(), what="the refusal")
    assert dialog.isVisible() and dialog.signed_in is None and dialog.accept_button.isEnabled()
    assert dialog.focusWidget() is dialog.token_edit
    return dialog.error.text()


def test_expired_and_revoked_codes_are_refused_in_the_dialog(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, organisation: Organisation, service: WorkstationSignIn
) -> None:
    expired_email, revoked_email = f"late@{DOMAIN}", f"withdrawn@{DOMAIN}"
    expired_id, expired_token = invite_as_owner(organisation, expired_email)
    revoked_id, revoked_token = invite_as_owner(organisation, revoked_email)
    with psycopg.connect(organisation.owner_url, autocommit=True) as conn:
        conn.execute(
            "UPDATE invitations SET expires_at = %s WHERE id = %s", (datetime.datetime(2025, 3, 2, 9, 30), expired_id)
        )
        conn.execute("SELECT rd_revoke_invitation(%s)", (revoked_id,))

    expired = qt_loop.run_until_complete(refusal_of(qtbot, service, expired_email, expired_token))
    revoked = qt_loop.run_until_complete(refusal_of(qtbot, service, revoked_email, revoked_token))
    wrong = qt_loop.run_until_complete(refusal_of(qtbot, service, revoked_email, expired_token))

    assert expired == "This invitation expired on 2025-03-02 09:30:00 UTC; ask your administrator for a new one."
    assert revoked == "This invitation was withdrawn by an administrator."
    assert wrong == "This invitation code is not valid for that email address."
