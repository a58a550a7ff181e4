"""The invitee's password meter and the accept button follow the one policy: "Weak" is refused."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from services.password_policy import assess_password
from services.sign_in_outcome import SignedIn
from ui.invitation_accept_dialog import InvitationAcceptDialog


async def never_called(email: str, token: str, password: str) -> SignedIn:
    raise AssertionError("the dialog must not send a refused password")


@pytest.mark.parametrize(
    ("password", "verdict", "enabled"),
    [
        ("short-pass", "Too weak", False),
        ("lighthouseoak", "Weak", False),
        ("Lighthouse-42x", "Fair", True),
        ("Harbor-view-lighthouse-7", "Strong", True),
    ],
)
def test_the_meter_and_the_accept_button_use_the_same_rule(
    qtbot: QtBot, password: str, verdict: str, enabled: bool
) -> None:
    dialog = InvitationAcceptDialog(never_called, email="ada@example.com")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.token_edit, "some-invitation-code")
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.keyClicks(dialog.repeat_edit, password)
    advice = assess_password(password, email="ada@example.com").advice
    assert dialog.strength_label.text() == f"<b>{verdict}.</b> {advice}"
    assert dialog.accept_button.isEnabled() is enabled
