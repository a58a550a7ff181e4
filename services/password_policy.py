"""Which new passwords a person may choose, and how strong one looks while they type.

The database only ever receives a SCRAM verifier, never the password, so
it cannot check length or reuse of the email: this rule has to be applied
before the verifier is computed, and the dialogs show its verdict live.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from enum import IntEnum
from typing import Final

MIN_LENGTH: Final = 12
"""Long enough that guessing is slow even without rules about symbols (NIST SP 800-63B)."""

_LONG: Final = 16
_CHARACTER_CLASSES: Final = (string.ascii_lowercase, string.ascii_uppercase, string.digits)


class PasswordStrength(IntEnum):
    """Ordered verdicts; only ``WEAK`` and above may be chosen."""

    UNACCEPTABLE = 0
    WEAK = 1
    FAIR = 2
    STRONG = 3


@dataclass(frozen=True)
class PasswordAssessment:
    strength: PasswordStrength
    advice: str
    """One short sentence (it fits on one line beside the verdict): why it is refused, or how to do better."""

    @property
    def acceptable(self) -> bool:
        return self.strength >= PasswordStrength.WEAK


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
    classes = sum(any(char in characters for char in password) for characters in _CHARACTER_CLASSES)
    classes += any(not char.isascii() or char in string.punctuation + " " for char in password)
    if len(password) >= _LONG and classes >= 3:
        return PasswordAssessment(PasswordStrength.STRONG, "Hard to guess.")
    if len(password) >= _LONG or classes >= 3:
        return PasswordAssessment(PasswordStrength.FAIR, "Longer or more varied is stronger.")
    return PasswordAssessment(PasswordStrength.WEAK, "Add length, digits or symbols.")
