"""An administrator invites someone: who, in which role, for which company, team, owner and properties.

The dialog has two pages. The form collects the invitation; once the
service has created it, the second page shows the one-time code with its
expiry, a Copy button and the plain warning that the code will not be
shown again: only a hash of it is stored, so nobody can look it up later,
and closing the dialog wipes it from the widgets. The administrator hands
the code to the invitee, who enters it in "I have an invitation code…" on
the sign-in dialog.

The dialog is handed two async callables: one loading what can be
picked (roles, companies, teams, owners, properties and the pending
invitations, as the signed-in administrator is allowed to see them), one
creating the invitation. The value types below are this dialog's own; the
composition root adapts the service's rows to them. What the form fills in
is the service's plain :class:`~services.invitation_request.InvitationRequest`,
the same request a CSV import produces.

What a newcomer to the form trips over is handled where they trip:
Enter submits; "Admin" is offered as two roles (staff admin, without a
company, and company admin, of one) because the database tells them apart
only by the company; a pending invitation that this one would withdraw is
named before submitting; a "Valid for" beyond the limit is shown as
typed and refused in words rather than cut to its first digit; a message
goes away as soon as the field it is about is fixed; and the one-time
code is not closed away (Esc, the window's close button, Done) before it
was copied without asking first.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Final, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from services.errors import Refusal
from services.invitation_request import InvitationRequest
from ui.attempt import Refused, attempt
from ui.inline_error import InlineError
from ui.latest_task import LatestTask
from ui.role_labels import role_label

CREATE_TEXT: Final = "Create invitation"
CREATING_TEXT: Final = "Creating…"
NOT_SHOWN_AGAIN: Final = "This code will not be shown again."
DEFAULT_VALID_DAYS: Final = 7
MAX_VALID_DAYS: Final = 30
"""The database's limit (``rd_create_invitation``)."""
_TYPEABLE_DAYS: Final = 999
"""The spin box takes any three digits, so "45" stays 45 and is refused in words, not cut to "4"."""
STAFF_ADMIN_TEXT: Final = "Staff admin (Ruling Desk, no company)"
COMPANY_ADMIN_TEXT: Final = "Company admin (of the company chosen below)"
TOO_MANY_DAYS: Final = f"An invitation is valid for at most {MAX_VALID_DAYS} days."
FORM_WIDTH: Final = 520
TOKEN_PAGE_WIDTH: Final = 500
_NONE: Final = "— None —"
_EMAIL_SHAPE: Final = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PROPERTY_ID_ROLE: Final = Qt.ItemDataRole.UserRole + 1
_PROPERTY_COMPANY_ROLE: Final = Qt.ItemDataRole.UserRole + 2


class Choice(Protocol):
    """A company, team or owner to pick."""

    @property
    def id(self) -> uuid.UUID: ...
    @property
    def name(self) -> str: ...


class PropertyChoice(Choice, Protocol):
    @property
    def company_id(self) -> uuid.UUID | None: ...


class RoleChoice(Protocol):
    """A product role as offered; ``admin`` comes twice, as staff admin and as company admin."""

    @property
    def role(self) -> str: ...
    @property
    def needs_company(self) -> bool: ...
    @property
    def forbids_company(self) -> bool: ...
    @property
    def staff_admin(self) -> bool: ...
    @property
    def company_admin(self) -> bool: ...


class PendingInvitation(Protocol):
    """An unused invitation that a new one for the same address and company withdraws."""

    @property
    def expires_at(self) -> datetime.datetime: ...


class InvitationChoices(Protocol):
    """Everything the form offers, as the administrator may see it."""

    @property
    def roles(self) -> Sequence[RoleChoice]: ...
    @property
    def companies(self) -> Sequence[Choice]: ...
    @property
    def teams(self) -> Sequence[Choice]: ...
    @property
    def owners(self) -> Sequence[Choice]: ...
    @property
    def properties(self) -> Sequence[PropertyChoice]: ...
    def pending_for(self, email: str, company_id: uuid.UUID | None) -> PendingInvitation | None: ...


InvitationDraft = InvitationRequest
"""What the administrator filled in; the composition root passes it to the service."""


@dataclass(frozen=True)
class IssuedInvitation:
    """The created invitation's one-time code; ``expires_at`` is timezone-aware."""

    email: str
    token: str
    expires_at: datetime.datetime


LoadChoices = Callable[[], Awaitable[InvitationChoices]]
"""Raises a :class:`~services.errors.Refusal` (``DatabaseUnavailable``) when the form cannot be filled."""
CreateInvitation = Callable[[InvitationDraft], Awaitable[IssuedInvitation]]
"""Raises a :class:`~services.errors.Refusal`, shown in the form as it is, when no invitation was created."""


class InvitationCreateDialog(QDialog):
    """The invitation form, then the one-time code page."""

    def __init__(self, load_choices: LoadChoices, create: CreateInvitation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._load_choices = load_choices
        self._create = create
        self._loading: LatestTask[InvitationChoices | Refused] = LatestTask("invitation choices")
        self._creating: LatestTask[IssuedInvitation | Refused] = LatestTask("create invitation")
        self._issued: IssuedInvitation | None = None
        self._choices: InvitationChoices | None = None
        self._code_copied = False
        self._shown_problem: str | None = None
        """The form check whose message is shown (``None``: a refusal from the service, or nothing)."""
        self.discard_prompt: QMessageBox | None = None

        self.setWindowTitle("Invite someone — Ruling Desk")
        self.setMinimumWidth(FORM_WIDTH)

        # Two pages in one layout rather than a stack: a stack is as tall as
        # its tallest page, and the short code page would float in empty space.
        self.form_page = self._build_form_page()
        self.token_page = self._build_token_page()
        self.token_page.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.form_page)
        layout.addWidget(self.token_page)

        self.form_buttons.accepted.connect(self._on_form_buttons_accepted)
        self.form_buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self._on_copy_clicked)
        self.done_button.clicked.connect(self._on_done_clicked)
        self.role_combo.currentIndexChanged.connect(self._on_role_combo_changed)
        self.company_combo.currentIndexChanged.connect(self._on_company_combo_changed)
        self.property_filter.textChanged.connect(self._on_property_filter_changed)
        self.valid_days_spin.valueChanged.connect(self._on_valid_days_changed)
        for edit in (self.email_edit, self.first_name_edit, self.last_name_edit):
            edit.textChanged.connect(self._on_form_changed)
        for combo in (self.role_combo, self.company_combo, self.team_combo, self.owner_combo):
            combo.currentIndexChanged.connect(self._on_form_changed)
        self.property_list.itemChanged.connect(self._on_form_changed)
        self.valid_days_spin.valueChanged.connect(self._on_form_changed)
        self.email_edit.textChanged.connect(self._show_pending_notice)
        self.company_combo.currentIndexChanged.connect(self._show_pending_notice)
        self.role_combo.currentIndexChanged.connect(self._show_pending_notice)

    # ------------------------------------------------------------ public
    @property
    def issued(self) -> IssuedInvitation | None:
        """The invitation created by this dialog, if any (its code is no longer on screen once closed)."""
        return self._issued

    @property
    def busy(self) -> bool:
        return self._loading.running or self._creating.running

    # ------------------------------------------------------ Qt overrides
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.role_combo.count() == 0 and not self._loading.running:
            self._set_form_enabled(False)
            self.status_label.setText("Loading companies, teams and properties…")
            outcome = attempt(self._load_choices, expected=(Refusal,), what="Loading the form")
            self._loading.start(outcome, self._on_choices_loaded)

    def reject(self) -> None:
        """Esc and the window's close button: on the code page, ask first unless the code was copied."""
        if self._code_at_risk():
            self._ask_before_discarding(QDialog.DialogCode.Rejected)
            return
        super().reject()

    def done(self, result: int) -> None:
        """However the dialog closes, stop its work and take the code off the screen."""
        self._loading.cancel()
        self._creating.cancel()
        self.token_edit.clear()
        if self.discard_prompt is not None:
            self.discard_prompt.close()
        super().done(result)

    # ---------------------------------------------------------- handlers
    def _on_choices_loaded(self, outcome: InvitationChoices | Refused) -> None:
        self.status_label.clear()
        if isinstance(outcome, Refused):
            self.error.show_error(outcome.message)
            return
        self._choices = outcome
        for role in outcome.roles:
            self.role_combo.addItem(_role_text(role), role)
        self.role_combo.setCurrentIndex(-1)
        for combo, choices in (
            (self.company_combo, outcome.companies),
            (self.team_combo, outcome.teams),
            (self.owner_combo, outcome.owners),
        ):
            combo.addItem(_NONE, None)
            for choice in choices:
                combo.addItem(choice.name, choice.id)
        for choice in outcome.properties:
            item = QListWidgetItem(choice.name, self.property_list)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(_PROPERTY_ID_ROLE, choice.id)
            item.setData(_PROPERTY_COMPANY_ROLE, choice.company_id)
        self._set_form_enabled(True)
        self.email_edit.setFocus()

    def _on_role_combo_changed(self) -> None:
        """Staff roles belong to no company: the company box empties and locks; a lone company is preselected."""
        role: RoleChoice | None = self.role_combo.currentData()
        forbids = role is not None and role.forbids_company
        if forbids:
            self.company_combo.setCurrentIndex(0)
        elif role is not None and role.needs_company and self.company_combo.count() == 2:
            self.company_combo.setCurrentIndex(1)  # "None" and the administrator's one company: that one
        self.company_combo.setEnabled(not forbids and self._choices is not None)
        self.company_combo.setToolTip("Review staff and staff admins belong to no company." if forbids else "")

    def _on_company_combo_changed(self) -> None:
        """Properties of other companies disappear and lose their tick: an invitation never mixes companies."""
        company_id = self.company_combo.currentData()
        for item in self._property_items():
            if company_id is not None and item.data(_PROPERTY_COMPANY_ROLE) != company_id:
                item.setCheckState(Qt.CheckState.Unchecked)
        self._show_matching_properties()

    def _on_property_filter_changed(self) -> None:
        self._show_matching_properties()

    def _on_valid_days_changed(self) -> None:
        """Say at once that the number typed is beyond the limit, rather than on submitting."""
        if self.valid_days_spin.value() > MAX_VALID_DAYS:
            self._show_problem((TOO_MANY_DAYS, self.valid_days_spin), focus=False)

    def _on_form_changed(self) -> None:
        """A message about the form goes as soon as what it named is fixed; a refusal goes at the first edit."""
        if self.error.isHidden():
            return
        if self._shown_problem not in (message for message, _field in self._form_problems()):
            self._shown_problem = None
            self.error.clear_error()

    def _on_form_buttons_accepted(self) -> None:
        if self.busy:
            return
        problems = self._form_problems()
        if problems:
            self._show_problem(problems[0])
            return
        self._shown_problem = None
        self.error.clear_error()
        role: RoleChoice = self.role_combo.currentData()
        draft = InvitationDraft(
            email=self.email_edit.text().strip(),
            first_name=self.first_name_edit.text().strip() or None,
            last_name=self.last_name_edit.text().strip() or None,
            role=role.role,
            company_id=self.company_combo.currentData(),
            team_id=self.team_combo.currentData(),
            owner_id=self.owner_combo.currentData(),
            property_ids=self._checked_property_ids(),
            valid_for=datetime.timedelta(days=self.valid_days_spin.value()),
            skip_email_sending=not self.send_email_check.isChecked(),
        )
        outcome = attempt(
            lambda: self._create(draft),
            expected=(Refusal,),
            what="Creating the invitation",
        )
        self._creating.start(outcome, self._on_created)
        self._set_form_enabled(False)
        self.create_button.setText(CREATING_TEXT)

    def _on_created(self, outcome: IssuedInvitation | Refused) -> None:
        self.create_button.setText(CREATE_TEXT)
        self._set_form_enabled(True)
        if isinstance(outcome, Refused):
            self._refuse(outcome.message, self.email_edit)
            return
        self._issued = outcome
        self._show_token(outcome)

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.token_edit.text())
        self._code_copied = True
        self.copy_button.setText("Copied")

    def _on_done_clicked(self) -> None:
        if self._code_at_risk():
            self._ask_before_discarding(QDialog.DialogCode.Accepted)
            return
        self.accept()

    def _on_discard_prompt_finished(self, closing: QDialog.DialogCode, discard: QAbstractButton) -> None:
        prompt, self.discard_prompt = self.discard_prompt, None
        if prompt is not None:
            prompt.deleteLater()
            if prompt.clickedButton() is discard:
                self.done(closing)
                return
        self.copy_button.setFocus()

    # --------------------------------------------------------- internals
    def _form_problems(self) -> list[tuple[str, QWidget]]:
        """What to fix before the form can be sent, in the form's order, each with the field to fix it in."""
        problems: list[tuple[str, QWidget]] = []
        if not _EMAIL_SHAPE.match(self.email_edit.text().strip()):
            problems.append(("Enter the invitee's email address (name@example.com).", self.email_edit))
        role: RoleChoice | None = self.role_combo.currentData()
        if role is None:
            problems.append(("Choose the role the invitee will have.", self.role_combo))
        elif role.needs_company and self.company_combo.currentData() is None:
            what = "company admin" if role.company_admin else role_label(role.role).lower()
            problems.append((f"Choose the company of the {what}.", self.company_combo))
        if self.valid_days_spin.value() > MAX_VALID_DAYS:
            problems.append((TOO_MANY_DAYS, self.valid_days_spin))
        return problems

    def _show_problem(self, problem: tuple[str, QWidget], *, focus: bool = True) -> None:
        message, field = problem
        self._shown_problem = message
        self.error.show_error(message)
        if focus:
            field.setFocus()

    def _show_pending_notice(self) -> None:
        """Name the unused invitation that creating this one would withdraw (the database does so silently)."""
        email = self.email_edit.text().strip()
        pending = (
            self._choices.pending_for(email, self.company_combo.currentData())
            if self._choices is not None and _EMAIL_SHAPE.match(email)
            else None
        )
        if pending is None:
            self.pending_notice.hide()
            self.pending_notice.clear()
            return
        self.pending_notice.setText(
            f"{email} already has an unused invitation, valid until {_local_moment(pending.expires_at)}. "
            "Creating this one withdraws it: its code will stop working."
        )
        self.pending_notice.show()

    def _code_at_risk(self) -> bool:
        """The one-time code is on screen and was never copied: closing now would lose it for good."""
        return self.token_page.isVisible() and bool(self.token_edit.text()) and not self._code_copied

    def _ask_before_discarding(self, closing: QDialog.DialogCode) -> None:
        """A window-modal question (``open``, not ``exec``: no nested loop under qasync)."""
        if self.discard_prompt is not None:
            return
        prompt = QMessageBox(
            QMessageBox.Icon.Warning,
            "Close without the code? — Ruling Desk",
            "Close without copying the invitation code?",
            QMessageBox.StandardButton.NoButton,
            self,
        )
        prompt.setInformativeText(
            "It cannot be shown again: the invitation would have to be created anew, which withdraws this one."
        )
        discard = prompt.addButton("Close without the code", QMessageBox.ButtonRole.DestructiveRole)
        back = prompt.addButton("Back to the code", QMessageBox.ButtonRole.RejectRole)
        prompt.setDefaultButton(back)
        prompt.setEscapeButton(back)
        prompt.finished.connect(lambda _result: self._on_discard_prompt_finished(closing, discard))
        self.discard_prompt = prompt
        prompt.open()

    def _checked_property_ids(self) -> tuple[uuid.UUID, ...]:
        """The ticked properties, including those the text filter currently hides."""
        return tuple(
            item.data(_PROPERTY_ID_ROLE)
            for item in self._property_items()
            if item.checkState() == Qt.CheckState.Checked
        )

    def _property_items(self) -> list[QListWidgetItem]:
        return [self.property_list.item(row) for row in range(self.property_list.count())]

    def _build_form_page(self) -> QWidget:
        page = QWidget(self)
        self.email_edit = QLineEdit(page)
        self.email_edit.setPlaceholderText("name@example.com")
        self.first_name_edit = QLineEdit(page)
        self.first_name_edit.setPlaceholderText("First name")
        self.last_name_edit = QLineEdit(page)
        self.last_name_edit.setPlaceholderText("Last name")
        names = QHBoxLayout()
        names.addWidget(self.first_name_edit)
        names.addWidget(self.last_name_edit)
        names_label = QLabel("&Name:", page)
        names_label.setBuddy(self.first_name_edit)
        self.role_combo = QComboBox(page)
        self.role_combo.setPlaceholderText("Choose a role…")  # no default: a slip must not make an admin
        self.company_combo = QComboBox(page)
        self.team_combo = QComboBox(page)
        self.owner_combo = QComboBox(page)
        self.property_filter = QLineEdit(page)
        self.property_filter.setPlaceholderText("Filter properties")
        self.property_filter.setClearButtonEnabled(True)
        self.property_list = QListWidget(page)
        self.property_list.setMinimumHeight(140)
        self.pending_notice = QLabel(page)
        self.pending_notice.setObjectName("pendingNotice")
        self.pending_notice.setWordWrap(True)
        self.pending_notice.hide()
        self.valid_days_spin = QSpinBox(page)
        self.valid_days_spin.setRange(1, _TYPEABLE_DAYS)
        self.valid_days_spin.setToolTip(f"1 to {MAX_VALID_DAYS} days")
        self.valid_days_spin.setValue(DEFAULT_VALID_DAYS)
        self.valid_days_spin.setSuffix(" days")
        self.send_email_check = QCheckBox("Also e&mail the code to the invitee", page)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Email:", self.email_edit)
        form.addRow("", self.pending_notice)
        form.addRow(names_label, names)
        form.addRow("&Role:", self.role_combo)
        form.addRow("&Company:", self.company_combo)
        form.addRow("&Team:", self.team_combo)
        form.addRow("&Owner:", self.owner_combo)
        form.addRow("&Properties:", self.property_filter)
        form.addRow("", self.property_list)
        form.addRow("&Valid for:", self.valid_days_spin)
        form.addRow("", self.send_email_check)

        self.status_label = QLabel(page)
        self.error = InlineError(page)
        self.form_buttons = QDialogButtonBox(page)
        self.create_button = self.form_buttons.addButton(CREATE_TEXT, QDialogButtonBox.ButtonRole.AcceptRole)
        self.create_button.setDefault(True)
        self.form_buttons.addButton(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)

        intro = QLabel(
            "The invitee gets a one-time code to sign in with, and chooses their password when they use it.", page
        )
        intro.setWordWrap(True)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addSpacing(4)
        layout.addLayout(form)
        layout.addWidget(self.status_label)
        layout.addWidget(self.error)
        layout.addWidget(self.form_buttons)
        self._form_inputs: tuple[QWidget, ...] = (
            self.email_edit,
            self.first_name_edit,
            self.last_name_edit,
            self.role_combo,
            self.company_combo,
            self.team_combo,
            self.owner_combo,
            self.property_filter,
            self.property_list,
            self.valid_days_spin,
            self.send_email_check,
            self.create_button,
        )
        return page

    def _build_token_page(self) -> QWidget:
        page = QWidget(self)
        self.token_heading = QLabel(page)
        heading_font = self.token_heading.font()
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.2)
        heading_font.setBold(True)
        self.token_heading.setFont(heading_font)
        self.token_heading.setWordWrap(True)
        instructions = QLabel(
            "Give this invitation code to the invitee. They enter it with their email under "
            "“I have an invitation code…” when signing in, and choose their password.",
            page,
        )
        instructions.setWordWrap(True)
        self.token_edit = QLineEdit(page)
        self.token_edit.setObjectName("invitationToken")
        self.token_edit.setReadOnly(True)
        token_font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        token_font.setPointSizeF(token_font.pointSizeF() * 1.25)
        self.token_edit.setFont(token_font)
        # Default only once its page shows (_show_token): a hidden default button swallows Enter on the form.
        self.copy_button = QPushButton("&Copy", page)
        self.copy_button.setAutoDefault(False)
        token_row = QHBoxLayout()
        token_row.addWidget(self.token_edit, 1)
        token_row.addWidget(self.copy_button)
        self.expiry_label = QLabel(page)
        self.expiry_label.setWordWrap(True)
        self.warning_label = QLabel(f"<b>{NOT_SHOWN_AGAIN}</b> Copy it now: only a fingerprint of it is stored.", page)
        self.warning_label.setObjectName("notShownAgain")
        self.warning_label.setWordWrap(True)
        self.done_button = QPushButton("&Done", page)
        self.done_button.setAutoDefault(False)
        done_row = QHBoxLayout()
        done_row.addStretch(1)
        done_row.addWidget(self.done_button)

        page.setMinimumWidth(TOKEN_PAGE_WIDTH)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.token_heading)
        layout.addWidget(instructions)
        layout.addSpacing(6)
        layout.addLayout(token_row)
        layout.addWidget(self.expiry_label)
        layout.addWidget(self.warning_label)
        layout.addSpacing(6)
        layout.addLayout(done_row)
        return page

    def _show_token(self, issued: IssuedInvitation) -> None:
        self.token_heading.setText(f"Invitation created for {issued.email}")
        self.token_edit.setText(issued.token)
        self.token_edit.setMinimumWidth(self.token_edit.fontMetrics().horizontalAdvance(issued.token) + 24)
        self.expiry_label.setText(describe_expiry(issued.expires_at))
        self.form_page.hide()
        self.token_page.show()
        # The code page has nothing to stretch: fit it exactly, wrapped text included.
        self.layout().setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        self.copy_button.setDefault(True)
        self.copy_button.setFocus()
        self.token_edit.selectAll()

    def _show_matching_properties(self) -> None:
        company_id = self.company_combo.currentData()
        needle = self.property_filter.text().strip().casefold()
        for item in self._property_items():
            of_company = company_id is None or item.data(_PROPERTY_COMPANY_ROLE) == company_id
            item.setHidden(not of_company or needle not in item.text().casefold())

    def _set_form_enabled(self, enabled: bool) -> None:
        for widget in self._form_inputs:
            widget.setEnabled(enabled)
        if enabled:
            self._on_role_combo_changed()  # re-locks the company box of a staff role

    def _refuse(self, message: str, field: QWidget) -> None:
        self._shown_problem = None
        self.error.show_error(message)
        field.setFocus()


def _role_text(role: RoleChoice) -> str:
    """The role list's wording: the two kinds of admin say which they are."""
    if role.staff_admin:
        return STAFF_ADMIN_TEXT
    if role.company_admin:
        return COMPANY_ADMIN_TEXT
    return role_label(role.role)


def describe_expiry(expires_at: datetime.datetime, *, now: datetime.datetime | None = None) -> str:
    """ "Valid until Tuesday 18 March 2025 at 09:30 (in 7 days)." in the computer's time zone."""
    now = now or datetime.datetime.now(datetime.UTC)
    hours = max(1, round((expires_at - now).total_seconds() / 3600))
    left = f"in {hours} hour{'s' if hours != 1 else ''}" if hours < 24 else _days(round(hours / 24))
    return f"Valid until {_local_moment(expires_at)} ({left})."


def _local_moment(moment: datetime.datetime) -> str:
    """ "Tuesday 18 March 2025 at 09:30" in the computer's time zone."""
    local = moment.astimezone()
    # %-d is not portable (Windows); the day number is formatted by hand.
    return f"{local:%A} {local.day} {local:%B %Y at %H:%M}"


def _days(days: int) -> str:
    return f"in {days} day{'s' if days != 1 else ''}"
