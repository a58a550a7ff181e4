"""Which new passwords a person may choose, and how strong one looks while they type.

One rule, used by everything that sets a password: the invitation
dialog's meter and its accept button, the account services behind the
dialogs and the password change (:func:`services.accounts.credentials.check_new_password`),
and ``ruling-desk users create`` / ``users gatekeeper``. A password is
accepted when the meter says "Fair" or "Strong"; "Weak" and "Too weak"
are refused with the same sentence the meter shows.

The rule: at least 12 characters; not built from the email's local part;
more than a few distinct characters; not one of the handful of words
every guessing list starts with; and either 16 characters or more, or a
mix of three kinds (lower case, capitals, digits, symbols). Length counts
for more than symbols (NIST SP 800-63B), so a long passphrase of plain
words passes.

The database only ever receives a SCRAM verifier, never the password, so
it cannot apply any of this: it can only refuse anything that is not a
SCRAM-SHA-256 verifier (``rd_check_verifier``). The rule therefore runs
on the client, before the verifier is computed.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from enum import IntEnum
from typing import Final

MIN_LENGTH: Final = 12
"""Long enough that guessing is slow even without rules about symbols (NIST SP 800-63B)."""

LONG_LENGTH: Final = 16
"""From here on length alone makes a password acceptable."""

MIN_KINDS: Final = 3
"""Below :data:`LONG_LENGTH`, this many kinds of character (lower, upper, digit, symbol) are needed."""

_CHARACTER_CLASSES: Final = (string.ascii_lowercase, string.ascii_uppercase, string.digits)
_COMMON_WORDS: Final = frozenset(
    {"password", "passwort", "qwerty", "qwertyuiop", "letmein", "welcome", "iloveyou", "admin", "changeme"}
    | {"rulingdesk", "secret", "abcdef", "abcdefgh", "monkey", "dragon", "football", "baseball", "sunshine"}
)
"""Compared with the password's letters alone: "Password123!" is "password" with a suffix."""


class PasswordStrength(IntEnum):
    """Ordered verdicts; ``FAIR`` and above are accepted (:attr:`PasswordAssessment.acceptable`)."""

    UNACCEPTABLE = 0
    WEAK = 1
    FAIR = 2
    STRONG = 3


ACCEPTED_FROM: Final = PasswordStrength.FAIR


@dataclass(frozen=True)
class PasswordAssessment:
    strength: PasswordStrength
    advice: str
    """One short sentence (it fits on one line beside the verdict): why it is refused, or how to do better."""

    @property
    def acceptable(self) -> bool:
        return self.strength >= ACCEPTED_FROM


def assess_password(password: str, *, email: str = "") -> PasswordAssessment:
    """Judge a candidate password for the person with ``email``."""
    if len(password) < MIN_LENGTH:
        missing = MIN_LENGTH - len(password)
        return PasswordAssessment(
            PasswordStrength.UNACCEPTABLE,
            f"Use at least {MIN_LENGTH} characters ({missing} more).",
        )
    local_part = email.split("@", 1)[0].casefold()
    if len(local_part) >= 3 and local_part in password.casefold():
        return PasswordAssessment(PasswordStrength.UNACCEPTABLE, "Don't build the password from your email.")
    if len(set(password)) <= 3:
        return PasswordAssessment(PasswordStrength.UNACCEPTABLE, "Use more than a few different characters.")
    if "".join(filter(str.isalpha, password)).casefold() in _COMMON_WORDS:
        return PasswordAssessment(PasswordStrength.UNACCEPTABLE, "Too common: every guessing list starts with it.")
    kinds = sum(any(char in characters for char in password) for characters in _CHARACTER_CLASSES)
    kinds += any(not char.isascii() or char in string.punctuation + " " for char in password)
    if len(password) >= LONG_LENGTH and kinds >= MIN_KINDS:
        return PasswordAssessment(PasswordStrength.STRONG, "Hard to guess.")
    if len(password) >= LONG_LENGTH or kinds >= MIN_KINDS:
        return PasswordAssessment(PasswordStrength.FAIR, "Longer or more varied is stronger.")
    missing = LONG_LENGTH - len(password)
    return PasswordAssessment(
        PasswordStrength.WEAK,
        f"Use {LONG_LENGTH} characters ({missing} more), or mix capitals, digits and symbols.",
    )
