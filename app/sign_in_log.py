"""Who signed in, who was refused and who signed out, in the log file: the trail support asks for first.

Lines name the email, the role and the place (a profile's name, never its
URL, which may carry the gatekeeper's password); passwords and invitation
codes are never logged. Refusals are logged with their reason code and
the message the person saw.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from typing import Final

from services.sign_in_outcome import InvitationRefused, SignedIn, SignInRefused

_LOG: Final = logging.getLogger("ruling_desk.sign_in")


async def logged_sign_in(attempt: Awaitable[SignedIn], *, how: str, email: str, where: str) -> SignedIn:
    """Await ``attempt`` (a sign-in ``how``: "password", "demo account", "invitation"), logging its outcome."""
    try:
        signed_in = await attempt
    except (SignInRefused, InvitationRefused) as refused:
        _LOG.warning("sign-in refused: %s on %s by %s: %s (%s)", email, where, how, refused.reason, refused.message)
        raise
    person = signed_in.person
    _LOG.info("signed in: %s as %s on %s by %s", person.email, person.role or "no role", where, how)
    return signed_in


def log_sign_out(login: str | None) -> None:
    """The window closed: the person's session ended."""
    _LOG.info("signed out: %s", login or "unknown")
