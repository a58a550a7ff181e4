"""Accepting an invitation: email, the one-time code, and a new password typed twice.

The invitee proves they hold the code an administrator gave them and
chooses their password in the same step; the service then creates their
account and signs them in, so the dialog ends with a signed-in person
(:attr:`InvitationAcceptDialog.signed_in`), not with "now go and sign in".

While the person types, the dialog says how strong the password is (by
:func:`services.password_policy.assess_password`, the rule the service
applies too) and whether the two copies match; the accept button is
enabled only when everything is filled in and acceptable. An expired,
revoked, already used or wrong code is refused inline, with the message
the database gave; so is a server that cannot be reached.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import Final

from PySide6.QtGui import QFontDatabase, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from services.errors import Refusal
from services.password_policy import PasswordStrength, assess_password
from services.sign_in_outcome import SignedIn
from ui.attempt import Refused, attempt
from ui.inline_error import InlineError
from ui.latest_task import LatestTask

ACCEPT_TEXT: Final = "Accept and sign in"
ACCEPTING_TEXT: Final = "Accepting…"
FIELD_WIDTH: Final = 320

AcceptInvitation = Callable[[str, str, str], Awaitable[SignedIn]]
"""``(email, token, new_password)`` → the signed-in invitee; raises a :class:`~services.errors.Refusal` if not."""

_STRENGTH_WORDS: Final = {
    PasswordStrength.UNACCEPTABLE: "Too weak",
    PasswordStrength.WEAK: "Weak",
    PasswordStrength.FAIR: "Fair",
    PasswordStrength.STRONG: "Strong",
}
_STRENGTH_COLOURS: Final = {
    PasswordStrength.UNACCEPTABLE: "#b3261e",
    PasswordStrength.WEAK: "#c76b00",
    PasswordStrength.FAIR: "#7c8a00",
    PasswordStrength.STRONG: "#1b7a3a",
}
_MATCH_COLOUR: Final = _STRENGTH_COLOURS[PasswordStrength.STRONG]
_MISMATCH_COLOUR: Final = _STRENGTH_COLOURS[PasswordStrength.UNACCEPTABLE]


class InvitationAcceptDialog(QDialog):
    """Email + code + new password (twice); the result is :attr:`signed_in` once accepted."""

    def __init__(self, accept: AcceptInvitation, *, email: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._accept = accept
        self._signed_in: SignedIn | None = None
        self._attempt: LatestTask[SignedIn | Refused] = LatestTask("accept invitation")

        self.setWindowTitle("Accept an invitation — Ruling Desk")

        heading = QLabel("Accept your invitation", self)
        heading_font = heading.font()
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.3)
        heading_font.setBold(True)
        heading.setFont(heading_font)
        intro = QLabel(
            "Enter the email address you were invited with and the invitation code you were given, "
            "then choose your password.",
            self,
        )
        intro.setWordWrap(True)

        self.email_edit = QLineEdit(email, self)
        self.email_edit.setMinimumWidth(FIELD_WIDTH)
        self.email_edit.setPlaceholderText("you@example.com")
        self.token_edit = QLineEdit(self)
        self.token_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.token_edit.setPlaceholderText("the code from your administrator")
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_edit = QLineEdit(self)
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)

        self.strength_bar = QProgressBar(self)
        self.strength_bar.setRange(0, max(PasswordStrength))
        self.strength_bar.setTextVisible(False)
        self.strength_bar.setFixedHeight(6)
        self.strength_label = QLabel(self)  # one line: a wrapped label's height is guessed, badly
        self.match_label = QLabel(self)

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.addRow("&Email:", self.email_edit)
        self.form.addRow("Invitation &code:", self.token_edit)
        self.form.addRow("&New password:", self.password_edit)
        self.form.addRow("", self.strength_bar)
        self.form.addRow("", self.strength_label)
        self.form.addRow("&Repeat password:", self.repeat_edit)
        self.form.addRow("", self.match_label)

        self.error = InlineError(self)
        self.buttons = QDialogButtonBox(self)
        self.accept_button = self.buttons.addButton(ACCEPT_TEXT, QDialogButtonBox.ButtonRole.AcceptRole)
        self.accept_button.setDefault(True)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAutoDefault(False)

        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)  # feedback and errors grow the dialog
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addSpacing(4)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self._inputs: tuple[QWidget, ...] = (self.email_edit, self.token_edit, self.password_edit, self.repeat_edit)
        for edit in self._inputs:
            edit.textChanged.connect(self._on_form_edited)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self._on_form_edited()

    # ------------------------------------------------------------ public
    @property
    def signed_in(self) -> SignedIn | None:
        return self._signed_in

    @property
    def busy(self) -> bool:
        return self._attempt.running

    # ------------------------------------------------------ Qt overrides
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        (self.token_edit if self.email_edit.text() else self.email_edit).setFocus()

    def reject(self) -> None:
        self._attempt.cancel()
        super().reject()

    # ---------------------------------------------------------- handlers
    def _on_form_edited(self) -> None:
        password = self.password_edit.text()
        assessment = assess_password(password, email=self.email_edit.text().strip())
        colour = _STRENGTH_COLOURS[assessment.strength]
        self.strength_bar.setValue(assessment.strength)
        self.strength_bar.setStyleSheet(f"QProgressBar::chunk {{ background: {colour}; }}")
        if password:
            self.strength_label.setText(f"<b>{_STRENGTH_WORDS[assessment.strength]}.</b> {assessment.advice}")
            self.strength_label.setStyleSheet(f"color: {colour};")
        else:
            self.strength_label.setText(assessment.advice)
            self.strength_label.setStyleSheet("color: palette(placeholder-text);")
        matches = password == self.repeat_edit.text()
        self.match_label.setText("Passwords match." if matches else "Passwords don't match.")
        self.match_label.setStyleSheet(f"color: {_MATCH_COLOUR if matches else _MISMATCH_COLOUR};")
        self.form.setRowVisible(self.match_label, bool(self.repeat_edit.text()))
        ready = bool(self.email_edit.text().strip() and self.token_edit.text().strip())
        self.accept_button.setEnabled(ready and assessment.acceptable and matches and not self.busy)

    def _on_buttons_accepted(self) -> None:
        if self.busy or not self.accept_button.isEnabled():
            return
        self.error.clear_error()
        work = partial(
            self._accept, self.email_edit.text().strip(), self.token_edit.text().strip(), self.password_edit.text()
        )
        outcome = attempt(work, expected=(Refusal,), what="Accepting the invitation")
        self._attempt.start(outcome, self._on_attempt_done)
        self._show_busy(True)

    def _on_attempt_done(self, outcome: SignedIn | Refused) -> None:
        self._show_busy(False)
        if isinstance(outcome, Refused):
            self.error.show_error(outcome.message)
            self.token_edit.setFocus()
            self.token_edit.selectAll()
            return
        self._signed_in = outcome
        self.accept()

    # --------------------------------------------------------- internals
    def _show_busy(self, busy: bool) -> None:
        """Call after the attempt started or finished: the accept button follows :attr:`busy`."""
        for edit in self._inputs:
            edit.setEnabled(not busy)
        self.accept_button.setText(ACCEPTING_TEXT if busy else ACCEPT_TEXT)
        self._on_form_edited()
