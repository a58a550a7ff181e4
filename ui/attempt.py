"""One awaited action of a dialog whose failure is something to show, never something to raise.

A dialog that awaits a service call (sign in, accept an invitation,
create one) is disabled while the call runs and must come back to life
whatever happens. :func:`attempt` turns the refusals the service promises
(each carrying a message for the person) and any unexpected exception
into a :class:`Refused` value, so the code that re-enables the dialog is
the one place that handles every outcome, and nothing escapes into Qt's
event loop to leave the dialog stuck on "Signing in…".
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Refused:
    """What to tell the person, and the service's refusal it came from (``None`` for a bug)."""

    message: str
    refusal: Exception | None


async def attempt[T](
    work: Callable[[], Awaitable[T]], *, expected: tuple[type[Exception], ...], what: str
) -> T | Refused:
    """Await ``work()``; an ``expected`` exception or any other one becomes a :class:`Refused`."""
    try:
        return await work()
    except expected as refusal:
        return Refused(str(refusal), refusal)
    except Exception as failure:
        log.exception("%s failed unexpectedly", what)
        return Refused(f"{what} failed unexpectedly: {failure}", None)
