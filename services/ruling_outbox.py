"""Sending a ruling: kept as a draft first, held for a short undo window, then sent until confirmed.

The undo is on this side of the wire: after "submit" the ruling waits
:data:`UNDO_SECONDS` before it is sent, and :meth:`RulingOutbox.undo`
during that time withdraws it (the reviewer keeps it in the dialog to
edit), and :meth:`RulingOutbox.send_now` ends the wait early. Nothing
reached the database, so there is nothing to reverse there, and the next
reviewer never sees a ruling that is about to be taken back. Once sent,
a ruling stands; correcting it is QA's re-review.

Never lost: the draft is on disk from the moment of "submit"
(:mod:`services.ruling_drafts`) and removed only after the server
confirmed. If the database is unreachable the draft stays and
:class:`~services.errors.DatabaseUnavailable` reaches the caller, which
retries later (:meth:`RulingOutbox.retry_pending` after a restart). A
refusal (reassigned meanwhile, ruled already) also keeps the draft: the
reviewer reads why and discards it themselves.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from services.errors import DatabaseUnavailable, Refusal
from services.ruling_drafts import RulingDrafts
from services.ruling_submission import RulingSubmission

UNDO_SECONDS: Final = 5.0
"""How long a submitted ruling can still be withdrawn before it is sent."""


@dataclass
class _Hold:
    """A ruling in its undo window: ``decided`` ends the wait early, ``undone`` says which way."""

    decided: asyncio.Event = field(default_factory=asyncio.Event)
    undone: bool = False


class RulingOutbox[Receipt]:
    """Holds, sends and forgets rulings; ``send`` writes one (e.g. ``submit_ruling`` bound to a unit of work)."""

    def __init__(
        self,
        drafts: RulingDrafts,
        send: Callable[[RulingSubmission], Awaitable[Receipt]],
        *,
        undo_seconds: float = UNDO_SECONDS,
    ) -> None:
        self._drafts = drafts
        self._send = send
        self._undo_seconds = undo_seconds
        self._held: dict[uuid.UUID, _Hold] = {}

    @property
    def undo_seconds(self) -> float:
        """How long :meth:`submit` holds a ruling before sending it (the countdown the reviewer sees)."""
        return self._undo_seconds

    async def submit(self, submission: RulingSubmission) -> Receipt | None:
        """Keep, hold for the undo window, then send; ``None`` if it was undone meanwhile."""
        submission.check()
        self._drafts.save(submission)
        hold = _Hold()
        self._held[submission.submission_id] = hold
        try:
            await asyncio.wait_for(hold.decided.wait(), self._undo_seconds)
        except TimeoutError:
            pass
        finally:
            del self._held[submission.submission_id]
        if hold.undone:
            return None
        return await self.send(submission)

    def undo(self, submission_id: uuid.UUID) -> bool:
        """Withdraw a ruling still in its undo window (False: too late, it was sent or is being sent)."""
        hold = self._held.get(submission_id)
        if hold is None:
            return False
        hold.undone = True
        hold.decided.set()
        self._drafts.confirmed(submission_id)
        return True

    def send_now(self, submission_id: uuid.UUID) -> bool:
        """End a ruling's undo window early (the reviewer moved on); False if it is not waiting."""
        hold = self._held.get(submission_id)
        if hold is None:
            return False
        hold.decided.set()
        return True

    async def send(self, submission: RulingSubmission) -> Receipt:
        """Send now; the draft is forgotten only when the server confirmed."""
        receipt = await self._send(submission)
        self._drafts.confirmed(submission.submission_id)
        return receipt

    def unreadable_drafts(self) -> tuple[Path, ...]:
        """Draft files that cannot be read back: kept, and shown to the reviewer, never deleted here."""
        return self._drafts.pending().unreadable

    def discard(self, submission_id: uuid.UUID) -> None:
        """The reviewer gave up a draft the server refused."""
        self._drafts.confirmed(submission_id)

    async def retry_pending(self) -> list[tuple[RulingSubmission, Receipt | Refusal]]:
        """Send every draft left from before (a crash, an outage), each with what the server said.

        A refused draft stays for the reviewer to read and discard; the
        others are still sent. :class:`DatabaseUnavailable` stops the round
        (the server is still gone) and propagates, every draft kept.
        """
        outcomes: list[tuple[RulingSubmission, Receipt | Refusal]] = []
        for draft in self._drafts.pending().drafts:
            try:
                outcomes.append((draft, await self.send(draft)))
            except DatabaseUnavailable:
                raise
            except Refusal as refusal:
                outcomes.append((draft, refusal))
        return outcomes
