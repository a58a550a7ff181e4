"""The invitation form as a newcomer uses it: Enter, the two admins, re-invitations, the limit, the code.

The dialog is driven through its keyboard and buttons over the service's
own result types (loaded by ``services.invitation_choices``, whose
database side ``tests/integration/test_invitation_choices.py`` checks);
what it would send is captured as the draft it hands to ``create``.
"""

from __future__ import annotations

import asyncio
import datetime
import uuid
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog
from pytestqt.qtbot import QtBot

from services.invitation_choices import (
    STAFF_ADMIN_ROLES,
    Choice,
    InvitationChoices,
    PendingInvitation,
    PropertyChoice,
)
from tests.ui.conftest import wait_until
from ui.invitation_create_dialog import (
    COMPANY_ADMIN_TEXT,
    MAX_VALID_DAYS,
    STAFF_ADMIN_TEXT,
    TOO_MANY_DAYS,
    InvitationCreateDialog,
    InvitationDraft,
    IssuedInvitation,
)

HARBOR = Choice(uuid.uuid4(), "Harbor Group")
EXPIRES = datetime.datetime(2031, 3, 18, 9, 30, tzinfo=datetime.UTC)
CHOICES = InvitationChoices(
    roles=STAFF_ADMIN_ROLES,
    companies=(HARBOR,),
    teams=(),
    owners=(),
    properties=(PropertyChoice(uuid.uuid4(), "Harbor View", HARBOR.id),),
    pending=(PendingInvitation("nia@example.com", HARBOR.id, EXPIRES),),
)
TOKEN = "one-time-code-0123456789abcdefghijklmnop"


class Invitations:
    """The dialog's two callables over fixed choices; ``drafts`` records every invitation sent."""

    def __init__(self) -> None:
        self.drafts: list[InvitationDraft] = []

    async def load_choices(self) -> InvitationChoices:
        return CHOICES

    async def create(self, draft: InvitationDraft) -> IssuedInvitation:
        self.drafts.append(draft)
        return IssuedInvitation(draft.email, TOKEN, EXPIRES)


@pytest.fixture
def invitations() -> Invitations:
    return Invitations()


@pytest.fixture
def dialog(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, invitations: Invitations
) -> Iterator[InvitationCreateDialog]:
    dialog = InvitationCreateDialog(invitations.load_choices, invitations.create)
    qtbot.addWidget(dialog)

    async def opened() -> None:
        dialog.show()
        await wait_until(lambda: dialog.role_combo.count() > 0, what="the form's choices")

    qt_loop.run_until_complete(opened())
    yield dialog
    dialog.done(QDialog.DialogCode.Rejected)


def on_loop(qt_loop: asyncio.AbstractEventLoop, action: Callable[[], object], until: Callable[[], object]) -> None:
    """Do ``action`` (which may start the dialog's async work) on the loop, then wait for ``until``."""

    async def scenario() -> None:
        action()
        await wait_until(until, what="the dialog to finish its work")

    qt_loop.run_until_complete(scenario())


def choose(combo: QComboBox, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, f"{text!r} is not offered"
    combo.setCurrentIndex(index)


def fill_in(qtbot: QtBot, dialog: InvitationCreateDialog, email: str, role: str) -> None:
    qtbot.keyClicks(dialog.email_edit, email)
    choose(dialog.role_combo, role)


def test_enter_in_the_form_creates_the_invitation(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, dialog: InvitationCreateDialog, invitations: Invitations
) -> None:
    fill_in(qtbot, dialog, "ada@example.com", "Reviewer")
    on_loop(qt_loop, lambda: qtbot.keyClick(dialog.email_edit, Qt.Key.Key_Return), dialog.token_page.isVisible)
    assert [draft.email for draft in invitations.drafts] == ["ada@example.com"]
    assert dialog.copy_button.isDefault() and not dialog.create_button.isDefault()


def test_admin_is_two_choices_and_a_staff_admin_has_no_company(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, dialog: InvitationCreateDialog, invitations: Invitations
) -> None:
    offered = [dialog.role_combo.itemText(index) for index in range(dialog.role_combo.count())]
    assert STAFF_ADMIN_TEXT in offered and COMPANY_ADMIN_TEXT in offered and "Admin" not in offered

    dialog.company_combo.setCurrentIndex(dialog.company_combo.findText(HARBOR.name))
    fill_in(qtbot, dialog, "staff@example.com", STAFF_ADMIN_TEXT)
    assert dialog.company_combo.currentData() is None and not dialog.company_combo.isEnabled()

    choose(dialog.role_combo, COMPANY_ADMIN_TEXT)  # the only company is picked for a company admin
    assert dialog.company_combo.isEnabled() and dialog.company_combo.currentData() == HARBOR.id
    dialog.company_combo.setCurrentIndex(0)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "Choose the company of the company admin."
    assert dialog.focusWidget() is dialog.company_combo and invitations.drafts == []

    dialog.company_combo.setCurrentIndex(1)
    assert dialog.error.isHidden()  # fixed: the message goes
    on_loop(
        qt_loop, lambda: qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton), dialog.token_page.isVisible
    )
    assert [(draft.role, draft.company_id) for draft in invitations.drafts] == [("admin", HARBOR.id)]


def test_a_pending_invitation_is_named_before_it_is_withdrawn(qtbot: QtBot, dialog: InvitationCreateDialog) -> None:
    fill_in(qtbot, dialog, "Nia@Example.com", "Property manager")
    assert dialog.company_combo.currentData() == HARBOR.id
    assert dialog.pending_notice.isVisible()
    assert dialog.pending_notice.text().startswith("Nia@Example.com already has an unused invitation, valid until ")
    assert "withdraws it" in dialog.pending_notice.text()

    qtbot.keyClicks(dialog.email_edit, "x")  # another address: no invitation to withdraw
    assert dialog.pending_notice.isHidden()


def test_valid_for_keeps_what_was_typed_and_refuses_beyond_the_limit(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, dialog: InvitationCreateDialog, invitations: Invitations
) -> None:
    fill_in(qtbot, dialog, "ada@example.com", "Reviewer")
    dialog.valid_days_spin.lineEdit().selectAll()
    qtbot.keyClicks(dialog.valid_days_spin, "45")
    assert dialog.valid_days_spin.value() == 45
    assert dialog.error.text() == TOO_MANY_DAYS and dialog.error.isVisible()
    qtbot.keyClick(dialog.email_edit, Qt.Key.Key_Return)
    assert invitations.drafts == [] and dialog.form_page.isVisible()

    qtbot.keyClick(dialog.valid_days_spin, Qt.Key.Key_Backspace)
    assert dialog.valid_days_spin.value() == 4 and dialog.error.isHidden()
    on_loop(qt_loop, lambda: qtbot.keyClick(dialog.valid_days_spin, Qt.Key.Key_Return), dialog.token_page.isVisible)
    assert [draft.valid_for for draft in invitations.drafts] == [datetime.timedelta(days=4)]
    assert MAX_VALID_DAYS == 30


def test_a_message_goes_once_its_field_is_fixed(qtbot: QtBot, dialog: InvitationCreateDialog) -> None:
    qtbot.keyClicks(dialog.email_edit, "ada@")
    qtbot.keyClick(dialog.email_edit, Qt.Key.Key_Return)
    assert dialog.error.text() == "Enter the invitee's email address (name@example.com)."
    qtbot.keyClicks(dialog.email_edit, "example")
    assert dialog.error.isVisible()  # not fixed yet
    qtbot.keyClicks(dialog.email_edit, ".com")
    assert dialog.error.isHidden()

    qtbot.keyClick(dialog.email_edit, Qt.Key.Key_Return)
    assert dialog.error.text() == "Choose the role the invitee will have."
    qtbot.keyClicks(dialog.first_name_edit, "Ada")
    assert dialog.error.isVisible()  # another field: the role is still missing
    choose(dialog.role_combo, "Reviewer")
    assert dialog.error.isHidden()


def open_code_page(qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, dialog: InvitationCreateDialog) -> None:
    fill_in(qtbot, dialog, "ada@example.com", "Reviewer")
    on_loop(qt_loop, lambda: qtbot.keyClick(dialog.email_edit, Qt.Key.Key_Return), dialog.token_page.isVisible)


def test_escape_on_the_code_page_asks_before_the_code_is_lost(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, dialog: InvitationCreateDialog
) -> None:
    open_code_page(qtbot, qt_loop, dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    prompt = dialog.discard_prompt
    assert prompt is not None and prompt.isVisible() and dialog.isVisible()
    assert prompt.text() == "Close without copying the invitation code?"

    qtbot.keyClick(prompt, Qt.Key.Key_Escape)  # "Back to the code"
    assert dialog.isVisible() and dialog.token_edit.text() == TOKEN and dialog.discard_prompt is None

    dialog.close()  # the window's close button asks too
    prompt = dialog.discard_prompt
    assert prompt is not None and dialog.isVisible()
    discard = next(button for button in prompt.buttons() if button.text() == "Close without the code")
    qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.token_edit.text() == ""


def test_once_copied_the_code_page_closes_without_asking(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, dialog: InvitationCreateDialog
) -> None:
    open_code_page(qtbot, qt_loop, dialog)
    qtbot.mouseClick(dialog.done_button, Qt.MouseButton.LeftButton)
    assert dialog.discard_prompt is not None and dialog.isVisible()  # Done before Copy asks as well
    qtbot.keyClick(dialog.discard_prompt, Qt.Key.Key_Escape)

    qtbot.keyClick(dialog.copy_button, Qt.Key.Key_Return)  # Enter on the code page copies
    assert dialog.copy_button.text() == "Copied"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.discard_prompt is None and not dialog.isVisible()
