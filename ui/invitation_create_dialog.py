"""An administrator invites someone: who, in which role, for which company, team, owner and properties.

The dialog has two pages. The form collects the invitation; once the
service has created it, the second page shows the one-time code with its
expiry, a Copy button and the plain warning that the code will not be
shown again: only a hash of it is stored, so nobody can look it up later,
and closing the dialog wipes it from the widgets. The administrator hands
the code to the invitee, who enters it in "I have an invitation code…" on
the sign-in dialog.

The dialog is handed two async callables: one loading what can be
picked (roles, companies, teams, owners, properties, as the signed-in
administrator is allowed to see them), one creating the invitation. The
value types below are this dialog's own; the composition root adapts the
service's rows to them.
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
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.attempt import Refused, attempt
from ui.inline_error import InlineError
from ui.latest_task import LatestTask
from ui.role_labels import role_label

CREATE_TEXT: Final = "Create invitation"
CREATING_TEXT: Final = "Creating…"
NOT_SHOWN_AGAIN: Final = "This code will not be shown again."
DEFAULT_VALID_DAYS: Final = 7
MAX_VALID_DAYS: Final = 30
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


class InvitationChoices(Protocol):
    """Everything the form offers, as the administrator may see it."""

    @property
    def roles(self) -> Sequence[str]: ...
    @property
    def companies(self) -> Sequence[Choice]: ...
    @property
    def teams(self) -> Sequence[Choice]: ...
    @property
    def owners(self) -> Sequence[Choice]: ...
    @property
    def properties(self) -> Sequence[PropertyChoice]: ...


@dataclass(frozen=True)
class InvitationDraft:
    """What the administrator filled in; the composition root passes it to the service."""

    email: str
    first_name: str | None
    last_name: str | None
    role: str
    company_id: uuid.UUID | None
    team_id: uuid.UUID | None
    owner_id: uuid.UUID | None
    property_ids: tuple[uuid.UUID, ...]
    valid_for: datetime.timedelta
    send_email: bool
    """Also e-mail the code (a job for the worker nodes); it is shown here either way."""


@dataclass(frozen=True)
class IssuedInvitation:
    """The created invitation's one-time code; ``expires_at`` is timezone-aware."""

    email: str
    token: str
    expires_at: datetime.datetime


class InvitationNotCreated(Exception):
    """The service refused the invitation; the message is shown in the form as it is."""


LoadChoices = Callable[[], Awaitable[InvitationChoices]]
"""Raises ``ConnectionError`` (one line) when the database cannot be reached."""
CreateInvitation = Callable[[InvitationDraft], Awaitable[IssuedInvitation]]
"""Raises :class:`InvitationNotCreated` for a refusal, ``ConnectionError`` when the database is gone."""


class InvitationCreateDialog(QDialog):
    """The invitation form, then the one-time code page."""

    def __init__(self, load_choices: LoadChoices, create: CreateInvitation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._load_choices = load_choices
        self._create = create
        self._loading: LatestTask[InvitationChoices | Refused] = LatestTask("invitation choices")
        self._creating: LatestTask[IssuedInvitation | Refused] = LatestTask("create invitation")
        self._issued: IssuedInvitation | None = None

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
        self.done_button.clicked.connect(self.accept)
        self.company_combo.currentIndexChanged.connect(self._on_company_combo_changed)
        self.property_filter.textChanged.connect(self._on_property_filter_changed)

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
            outcome = attempt(self._load_choices, expected=(ConnectionError,), what="Loading the form")
            self._loading.start(outcome, self._on_choices_loaded)

    def done(self, result: int) -> None:
        """However the dialog closes, stop its work and take the code off the screen."""
        self._loading.cancel()
        self._creating.cancel()
        self.token_edit.clear()
        super().done(result)

    # ---------------------------------------------------------- handlers
    def _on_choices_loaded(self, outcome: InvitationChoices | Refused) -> None:
        self.status_label.clear()
        if isinstance(outcome, Refused):
            self.error.show_error(outcome.message)
            return
        for role in outcome.roles:
            self.role_combo.addItem(role_label(role), role)
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

    def _on_company_combo_changed(self) -> None:
        """Properties of other companies disappear and lose their tick: an invitation never mixes companies."""
        company_id = self.company_combo.currentData()
        for item in self._property_items():
            if company_id is not None and item.data(_PROPERTY_COMPANY_ROLE) != company_id:
                item.setCheckState(Qt.CheckState.Unchecked)
        self._show_matching_properties()

    def _on_property_filter_changed(self) -> None:
        self._show_matching_properties()

    def _on_form_buttons_accepted(self) -> None:
        if self.busy:
            return
        self.error.clear_error()
        email = self.email_edit.text().strip()
        if not _EMAIL_SHAPE.match(email):
            self._refuse("Enter the invitee's email address (name@example.com).", self.email_edit)
            return
        if self.role_combo.currentData() is None:
            self._refuse("Choose the role the invitee will have.", self.role_combo)
            return
        draft = InvitationDraft(
            email=email,
            first_name=self.first_name_edit.text().strip() or None,
            last_name=self.last_name_edit.text().strip() or None,
            role=self.role_combo.currentData(),
            company_id=self.company_combo.currentData(),
            team_id=self.team_combo.currentData(),
            owner_id=self.owner_combo.currentData(),
            property_ids=self._checked_property_ids(),
            valid_for=datetime.timedelta(days=self.valid_days_spin.value()),
            send_email=self.send_email_check.isChecked(),
        )
        outcome = attempt(
            lambda: self._create(draft),
            expected=(InvitationNotCreated, ConnectionError),
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
        self.copy_button.setText("Copied")

    # --------------------------------------------------------- internals
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
        self.valid_days_spin = QSpinBox(page)
        self.valid_days_spin.setRange(1, MAX_VALID_DAYS)
        self.valid_days_spin.setValue(DEFAULT_VALID_DAYS)
        self.valid_days_spin.setSuffix(" days")
        self.send_email_check = QCheckBox("Also e&mail the code to the invitee", page)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Email:", self.email_edit)
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
        self.copy_button = QPushButton("&Copy", page)
        self.copy_button.setDefault(True)
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

    def _refuse(self, message: str, field: QWidget) -> None:
        self.error.show_error(message)
        field.setFocus()


def describe_expiry(expires_at: datetime.datetime, *, now: datetime.datetime | None = None) -> str:
    """ "Valid until Tuesday 18 March 2025 at 09:30 (in 7 days)." in the computer's time zone."""
    now = now or datetime.datetime.now(datetime.UTC)
    local = expires_at.astimezone()
    hours = max(1, round((expires_at - now).total_seconds() / 3600))
    left = f"in {hours} hour{'s' if hours != 1 else ''}" if hours < 24 else _days(round(hours / 24))
    # %-d is not portable (Windows); the day number is formatted by hand.
    return f"Valid until {local:%A} {local.day} {local:%B %Y at %H:%M} ({left})."


def _days(days: int) -> str:
    return f"in {days} day{'s' if days != 1 else ''}"
