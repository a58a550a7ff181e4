"""The sign-in dialog: where a person proves who they are before the workstation shows anything.

What it offers:

- a connection profile: the embedded demo on this computer, a saved
  central server, or "Another server…" with a URL field;
- email and password, "remember my password" when the computer has a
  keyring (and a plain sentence saying it can't, when it has none);
- with the embedded demo, its demo accounts: one click signs in;
- "I have an invitation code…", which opens the invitation dialog.

Behaviour a reviewer relies on: Enter signs in, Esc cancels (a running
attempt too), the focus starts in the email field, or in the password
field when the email is remembered. While an attempt runs, the form is
disabled, so a double click or a second Enter cannot start another one.
A refusal (wrong password, disabled account, expired password,
unreachable server, a system account) is shown inside the dialog and the
focus goes to the field to fix.

The dialog never talks to a database: everything it needs is asked of a
:class:`SignInService` the composition root hands it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from functools import partial
from typing import Any, Final, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from services.errors import DatabaseUnavailable, Refusal
from services.sign_in_outcome import SignedIn, SignInReason, SignInRefused
from ui.attempt import Refused, attempt
from ui.inline_error import InlineError
from ui.invitation_accept_dialog import InvitationAcceptDialog
from ui.latest_task import LatestTask
from ui.role_labels import role_label

ANOTHER_SERVER: Final = "Another server…"
SIGN_IN_TEXT: Final = "Sign in"
SIGNING_IN_TEXT: Final = "Signing in…"
SERVER_URL_PLACEHOLDER: Final = "postgresql://rd_gatekeeper:…@host/ruling_desk"
FIELD_WIDTH: Final = 360
"""Wide enough for a server URL and a long email without scrolling."""


class ProfileOption(Protocol):
    """A connection profile as the dialog lists it (:class:`app.profiles.Profile`)."""

    @property
    def key(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def embedded(self) -> bool: ...


class DemoAccountOption(Protocol):
    """A demo account of the embedded server, signed into with one click."""

    @property
    def email(self) -> str: ...
    @property
    def display_name(self) -> str: ...
    @property
    def role(self) -> str: ...


class SignInService[P: ProfileOption](Protocol):
    """What the dialog asks of the composition root; the app's implementation reaches the database.

    ``sign_in``, ``sign_in_demo`` and ``accept_invitation`` raise a
    :class:`~services.errors.Refusal` (``SignInRefused``, ``InvitationRefused``,
    ``DatabaseUnavailable``) with a message meant for the person; anything
    else they raise is a bug, shown as such.
    """

    @property
    def profiles(self) -> Sequence[P]: ...
    @property
    def last_profile_key(self) -> str | None: ...
    @property
    def demo_accounts(self) -> Sequence[DemoAccountOption]:
        """Offered with the embedded profile; empty when there is none."""
        ...

    @property
    def keyring_problem(self) -> str | None:
        """``None`` when passwords can be remembered, otherwise the sentence saying why not."""
        ...

    def server_profile(self, url: str) -> P:
        """A profile for a typed server URL; ``ValueError`` with a readable message if it is not one."""
        ...

    def last_email(self, profile: P) -> str | None: ...
    def remembered_password(self, profile: P, email: str) -> str | None: ...
    def record_sign_in(self, profile: P, email: str, password: str | None) -> None:
        """Keep the profile and email for next time; the password only if given (else forget it)."""
        ...

    async def sign_in(self, profile: P, email: str, password: str) -> SignedIn: ...
    async def sign_in_demo(self, email: str) -> SignedIn: ...
    async def accept_invitation(self, profile: P, email: str, token: str, password: str) -> SignedIn: ...


class SignInDialog(QDialog):
    """Email, password and profile; the result is :attr:`signed_in` once the dialog is accepted."""

    def __init__(self, service: SignInService[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._signed_in: SignedIn | None = None
        self._attempt: LatestTask[SignedIn | Refused] = LatestTask("sign-in")
        self._invitation_dialog: InvitationAcceptDialog | None = None

        self.setWindowTitle("Sign in — Ruling Desk")

        title = QLabel("Sign in to Ruling Desk", self)
        title_font = title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.3)
        title_font.setBold(True)
        title.setFont(title_font)

        self.profile_combo = QComboBox(self)
        for profile in service.profiles:
            self.profile_combo.addItem(profile.name, profile)
        self.profile_combo.addItem(ANOTHER_SERVER, None)
        self.server_url_edit = QLineEdit(self)
        self.server_url_edit.setPlaceholderText(SERVER_URL_PLACEHOLDER)
        self.server_url_label = QLabel("Server &URL:", self)
        self.server_url_label.setBuddy(self.server_url_edit)
        self.server_url_edit.setMinimumWidth(FIELD_WIDTH)
        self.server_url_edit.setToolTip(
            "The gatekeeper URL your administrator gave you. It holds no personal password."
        )
        self.email_edit = QLineEdit(self)
        self.email_edit.setPlaceholderText("you@example.com")
        self.email_edit.setMinimumWidth(FIELD_WIDTH)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Connection:", self.profile_combo)
        form.addRow(self.server_url_label, self.server_url_edit)
        form.addRow("&Email:", self.email_edit)
        form.addRow("&Password:", self.password_edit)

        self.remember_check = QCheckBox("&Remember my password on this computer", self)
        self.keyring_note = QLabel(self)
        self.keyring_note.setObjectName("keyringNote")
        self.keyring_note.setWordWrap(True)
        self.keyring_note.setStyleSheet("#keyringNote { color: palette(placeholder-text); }")
        problem = service.keyring_problem
        self.remember_check.setEnabled(problem is None)
        self.keyring_note.setText(problem or "")
        self.keyring_note.setVisible(problem is not None)

        self.error = InlineError(self)

        self.invitation_button = QPushButton("I have an &invitation code…", self)
        self.invitation_button.setAutoDefault(False)
        self.buttons = QDialogButtonBox(self)
        self.sign_in_button = self.buttons.addButton(SIGN_IN_TEXT, QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_in_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAutoDefault(False)
        button_row = QHBoxLayout()
        button_row.addWidget(self.invitation_button)
        button_row.addStretch(1)
        button_row.addWidget(self.buttons)

        self.demo_box = QGroupBox("Demo accounts", self)
        demo_note = QLabel("Passwords were generated for this computer. One click signs in.", self.demo_box)
        demo_note.setWordWrap(True)
        demo_grid = QGridLayout(self.demo_box)
        demo_grid.addWidget(demo_note, 0, 0, 1, 2)
        self.demo_buttons: list[QPushButton] = []
        for position, account in enumerate(service.demo_accounts):
            button = QPushButton(f"{account.display_name} — {role_label(account.role)}", self.demo_box)
            button.setObjectName(f"demo:{account.email}")
            button.setToolTip(f"Sign in as {account.email}")
            button.setAutoDefault(False)
            button.clicked.connect(partial(self._on_demo_clicked, account.email))
            demo_grid.addWidget(button, 1 + position // 2, position % 2)
            self.demo_buttons.append(button)

        layout = QVBoxLayout(self)
        # The dialog is always exactly as tall as what it shows: an error or
        # the demo list appearing grows it instead of squeezing the fields.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        layout.addWidget(title)
        layout.addSpacing(4)
        layout.addLayout(form)
        layout.addWidget(self.remember_check)
        layout.addWidget(self.keyring_note)
        layout.addWidget(self.error)
        layout.addWidget(self.demo_box)
        layout.addSpacing(4)
        layout.addLayout(button_row)

        self._inputs: tuple[QWidget, ...] = (
            self.profile_combo,
            self.server_url_edit,
            self.email_edit,
            self.password_edit,
            self.invitation_button,
            self.sign_in_button,
            *self.demo_buttons,
        )

        self.profile_combo.currentIndexChanged.connect(self._on_profile_combo_changed)
        self.email_edit.editingFinished.connect(self._on_email_edit_finished)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.invitation_button.clicked.connect(self._on_invitation_clicked)

        self._select_profile(service.last_profile_key)

    # ------------------------------------------------------------ public
    @property
    def signed_in(self) -> SignedIn | None:
        """Who signed in, once the dialog was accepted; ``None`` while open or after cancelling."""
        return self._signed_in

    @property
    def busy(self) -> bool:
        return self._attempt.running

    # ------------------------------------------------------ Qt overrides
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._focus_first_empty_field()

    def reject(self) -> None:
        """Esc or Cancel: stop a running attempt too, so no late success signs anyone in."""
        self._attempt.cancel()
        self._show_busy(False)
        super().reject()

    # ---------------------------------------------------------- handlers
    def _on_profile_combo_changed(self, index: int) -> None:
        profile = self._selected_profile()
        another_server = profile is None
        self.server_url_label.setVisible(another_server)
        self.server_url_edit.setVisible(another_server)
        self.demo_box.setVisible(profile is not None and profile.embedded and bool(self.demo_buttons))
        self.error.clear_error()
        email = self._service.last_email(profile) if profile is not None else None
        self.email_edit.setText(email or "")
        password = self._remembered_password()
        self.password_edit.setText(password or "")
        self.remember_check.setChecked(password is not None)
        if self.isVisible():
            self._focus_first_empty_field()

    def _on_email_edit_finished(self) -> None:
        """A typed email whose password is remembered fills the password in, as a remembered email does."""
        password = None if self.password_edit.text() else self._remembered_password()
        if password is not None:
            self.password_edit.setText(password)
            self.remember_check.setChecked(True)

    def _on_buttons_accepted(self) -> None:
        if self.busy:
            return
        self.error.clear_error()
        try:
            profile = self._chosen_profile()
        except ValueError as invalid:
            self._refuse(str(invalid), self.server_url_edit)
            return
        email = self.email_edit.text().strip()
        password = self.password_edit.text()
        if not email:
            self._refuse("Enter your email address.", self.email_edit)
            return
        if not password:
            self._refuse("Enter your password.", self.password_edit)
            return
        remembered = password if self.remember_check.isChecked() else None
        self._start(
            partial(self._service.sign_in, profile, email, password),
            partial(self._service.record_sign_in, profile, email, remembered),
        )

    def _on_demo_clicked(self, email: str) -> None:
        if self.busy:
            return
        self.error.clear_error()
        self.email_edit.setText(email)
        self.password_edit.clear()
        self._start(partial(self._service.sign_in_demo, email), None)

    def _on_invitation_clicked(self) -> None:
        self.error.clear_error()
        try:
            profile = self._chosen_profile()
        except ValueError as invalid:
            self._refuse(str(invalid), self.server_url_edit)
            return
        dialog = InvitationAcceptDialog(
            partial(self._service.accept_invitation, profile), email=self.email_edit.text().strip(), parent=self
        )
        dialog.finished.connect(partial(self._on_invitation_dialog_finished, profile))
        self._invitation_dialog = dialog
        dialog.open()

    def _on_invitation_dialog_finished(self, profile: ProfileOption, result: int) -> None:
        """An accepted invitation signs its invitee in: this dialog is done too."""
        dialog, self._invitation_dialog = self._invitation_dialog, None
        if dialog is None:
            return
        dialog.deleteLater()
        if dialog.signed_in is not None:
            self._service.record_sign_in(profile, dialog.signed_in.person.email, None)
            self._finish(dialog.signed_in)

    def _on_attempt_done(self, after_success: Callable[[], None] | None, outcome: SignedIn | Refused) -> None:
        self._show_busy(False)
        if isinstance(outcome, Refused):
            self._refuse(outcome.message, self._field_to_fix(outcome.refusal))
            return
        if after_success is not None:
            after_success()
        self._finish(outcome)

    # --------------------------------------------------------- internals
    def _start(self, work: Callable[[], Awaitable[SignedIn]], after_success: Callable[[], None] | None) -> None:
        self._show_busy(True)
        outcome = attempt(work, expected=(Refusal,), what="Signing in")
        self._attempt.start(outcome, partial(self._on_attempt_done, after_success))

    def _finish(self, signed_in: SignedIn) -> None:
        self._signed_in = signed_in
        self.accept()

    def _refuse(self, message: str, field: QWidget) -> None:
        self.error.show_error(message)
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(field, QLineEdit):
            field.selectAll()

    def _show_busy(self, busy: bool) -> None:
        for widget in self._inputs:
            widget.setEnabled(not busy)
        self.remember_check.setEnabled(not busy and self._service.keyring_problem is None)
        self.sign_in_button.setText(SIGNING_IN_TEXT if busy else SIGN_IN_TEXT)

    def _field_to_fix(self, refusal: Exception | None) -> QWidget:
        if isinstance(refusal, DatabaseUnavailable):
            return self.server_url_edit if self._selected_profile() is None else self.profile_combo
        if isinstance(refusal, SignInRefused) and refusal.reason is SignInReason.WRONG_CREDENTIALS:
            return self.password_edit
        return self.email_edit

    def _select_profile(self, key: str | None) -> None:
        keys = [profile.key for profile in self._service.profiles]
        self.profile_combo.setCurrentIndex(keys.index(key) if key in keys else 0)
        self._on_profile_combo_changed(self.profile_combo.currentIndex())

    def _selected_profile(self) -> ProfileOption | None:
        return self.profile_combo.currentData()

    def _chosen_profile(self) -> ProfileOption:
        """The selected profile, or one for the typed server URL (``ValueError`` if it is not one)."""
        profile = self._selected_profile()
        if profile is not None:
            return profile
        url = self.server_url_edit.text().strip()
        if not url:
            raise ValueError("Enter the server URL your administrator gave you.")
        return self._service.server_profile(url)

    def _remembered_password(self) -> str | None:
        profile = self._selected_profile()
        email = self.email_edit.text().strip()
        return self._service.remembered_password(profile, email) if profile is not None and email else None

    def _focus_first_empty_field(self) -> None:
        if self._selected_profile() is None and not self.server_url_edit.text():
            self.server_url_edit.setFocus()
        elif self.email_edit.text():
            self.password_edit.setFocus()
            self.password_edit.selectAll()
        else:
            self.email_edit.setFocus()
