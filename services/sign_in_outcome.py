"""What a sign-in or an invitation acceptance can end in, as plain values.

These types live apart from :mod:`services.sign_in` on purpose: that module
talks to PostgreSQL, and the sign-in dialogs must be able to name the
outcome (catch a refusal, show the person's name) without importing
anything that leads to a database driver. Nothing here does I/O. A server
that cannot be reached is no sign-in outcome of its own: it is
:class:`~services.errors.DatabaseUnavailable`, as everywhere else.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import StrEnum

from services.errors import Refusal


class SignInReason(StrEnum):
    """Why the database would not let someone in; each has its own advice for the person."""

    WRONG_CREDENTIALS = "wrong_credentials"
    """The password is wrong, or the address has no login (the two read the same to anyone)."""
    DISABLED = "disabled"
    """The password was right, and the account is disabled: told only to whoever proved the password."""
    PASSWORD_RESET = "password_reset"
    """An administrator reset the password; the person must choose their own before anything opens."""
    NOT_A_PERSON = "not_a_person"


class SignInRefused(Refusal):
    """A sign-in that did not happen, with a message written for the person at the keyboard."""

    def __init__(self, reason: SignInReason, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class InvitationReason(StrEnum):
    """Why an invitation was not accepted: the database's ``RD4xx`` refusals, or an unusable email or password."""

    WRONG_CODE = "wrong_code"
    EXPIRED = "expired"
    REVOKED = "revoked"
    ALREADY_USED = "already_used"
    INVALID_REQUEST = "invalid_request"


class InvitationRefused(Refusal):
    """An invitation that could not be accepted, with a message for the invitee."""

    def __init__(self, reason: InvitationReason, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Person:
    """The ``users`` row of whoever signed in, as read through their own session."""

    user_id: uuid.UUID
    email: str
    first_name: str | None
    last_name: str | None
    role: str | None
    company_id: uuid.UUID | None
    company_name: str | None

    @property
    def display_name(self) -> str:
        """Full name when the row has one; the email otherwise, so a greeting is never blank."""
        name = " ".join(part for part in (self.first_name, self.last_name) if part)
        return name or self.email


@dataclass(frozen=True)
class SignedIn:
    """A person whose password the database accepted, and the URL to open their sessions with.

    ``url`` is the profile's URL with the person's login role and password
    in it: the engine the main window uses is built from it, so every query
    runs as that person under row-level security. It is kept out of
    ``repr`` so a log line or a failing assertion never prints a password.
    """

    person: Person
    url: str = field(repr=False)
