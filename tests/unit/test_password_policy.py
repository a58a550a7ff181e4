"""Which new passwords are accepted, and the verdict the invitation dialog shows while typing."""

from __future__ import annotations

import pytest

from services.password_policy import MIN_LENGTH, PasswordStrength, assess_password


@pytest.mark.parametrize(
    ("password", "strength", "advice"),
    [
        ("", PasswordStrength.UNACCEPTABLE, f"Use at least {MIN_LENGTH} characters ({MIN_LENGTH} more)."),
        ("short-pass", PasswordStrength.UNACCEPTABLE, "Use at least 12 characters (2 more)."),
        ("xx-ada.lovelace-xx", PasswordStrength.UNACCEPTABLE, "Don't build the password from your email."),
        ("abababababab", PasswordStrength.UNACCEPTABLE, "Use more than a few different characters."),
        ("Password1234!", PasswordStrength.UNACCEPTABLE, "Too common: every guessing list starts with it."),
        ("lighthouseoak", PasswordStrength.WEAK, "Use 16 characters (3 more), or mix capitals, digits and symbols."),
        ("lighthouse-oak", PasswordStrength.WEAK, "Use 16 characters (2 more), or mix capitals, digits and symbols."),
        ("lighthouses on the bay", PasswordStrength.FAIR, "Longer or more varied is stronger."),
        ("Lighthouse-42x", PasswordStrength.FAIR, "Longer or more varied is stronger."),
        ("Harbor-view-lighthouse-7", PasswordStrength.STRONG, "Hard to guess."),
    ],
)
def test_a_password_is_judged_by_length_variety_and_the_email(
    password: str, strength: PasswordStrength, advice: str
) -> None:
    assessment = assess_password(password, email="Ada.Lovelace@example.com")
    assert (assessment.strength, assessment.advice) == (strength, advice)


@pytest.mark.parametrize(
    ("strength", "accepted"),
    [
        (PasswordStrength.UNACCEPTABLE, False),
        (PasswordStrength.WEAK, False),
        (PasswordStrength.FAIR, True),
        (PasswordStrength.STRONG, True),
    ],
)
def test_what_the_meter_calls_weak_is_refused(strength: PasswordStrength, accepted: bool) -> None:
    examples = {
        PasswordStrength.UNACCEPTABLE: "short-pass",
        PasswordStrength.WEAK: "lighthouseoak",
        PasswordStrength.FAIR: "Lighthouse-42x",
        PasswordStrength.STRONG: "Harbor-view-lighthouse-7",
    }
    assessment = assess_password(examples[strength], email="ada@example.com")
    assert assessment.strength is strength and assessment.acceptable is accepted


def test_a_short_local_part_does_not_forbid_every_password_containing_it() -> None:
    assert assess_password("Harbor-view-lighthouse-7", email="al@example.com").acceptable
