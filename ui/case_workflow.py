"""Claim → inspect → rule → next: the reviewer's loop, driven from the keyboard.

One object owns the loop for a window: it claims (``rd_claim_next_entry``
through :mod:`services.claims`), opens the case into the case area,
applies the single-key rulings to the :class:`~ui.ruling_form.RulingForm`,
and sends the ruling through the outbox (5 s undo window, draft on disk).
Every write publishes its :class:`~services.changes.Changes` on the hub.
Each step catches exactly :class:`~services.errors.Refusal` (which
includes :class:`~services.errors.DatabaseUnavailable`) and says why.

**Never lost.** A ruling the server did not confirm because the
connection broke is re-sent with backoff (:data:`RETRY_DELAYS`) under the
same ``submission_id`` until it lands: exactly once, the draft kept on
disk meanwhile. A refusal (reassigned meanwhile, ruled already) stops the
retry, keeps the draft and the form, and says why. On start,
:meth:`CaseWorkflow.send_drafts` sends what an earlier session left.

**Opening from the queue.** Enter or a double-click opens the chosen
entry (:meth:`CaseWorkflow.open_entry`): one assigned to the reviewer
opens for ruling; one in the pool asks first whether to claim it
(:mod:`ui.claim_question`) or only read it; anyone else's, or a ruled
one, opens read-only. A form already started on another case is set
aside in memory, not dropped, and comes back when that entry is opened
again (rulings sent or waiting are the outbox's, on disk).

**Zero wait, without hoarding.** Claim-next *assigns* an entry, so the
next case cannot be fetched ahead without holding it away from the other
reviewers (and an undone ruling would leave two cases held). So the next
case is claimed and opened the moment a ruling is confirmed, in the same
task and without a key press, and the case area is asked to
``prefetch`` it (decode the first document off the UI thread) as soon as
its data is read, before it is shown.
"""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from collections.abc import Awaitable, Callable, Coroutine, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Final

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from services.case_view import Case
from services.changes import Changes
from services.claimed import Claimed
from services.errors import DatabaseUnavailable, Refusal
from services.review_refusals import InvalidRuling
from services.ruling_outbox import RulingOutbox
from services.ruling_submission import RulingReceipt, RulingSubmission
from ui.case_workflow_area import CaseArea
from ui.claim_question import ClaimAnswer, ask_to_claim
from ui.reason_dialog import ask_reason
from ui.ruling_form import RulingForm
from ui.ruling_panel import RulingPanel

RETRY_DELAYS: Final = (1.0, 2.0, 5.0, 10.0, 30.0)
"""Seconds between re-sends of a ruling while the database is gone; the last repeats until it is back."""

UNASSIGNED: Final = "UNASSIGNED"
COMPLETED: Final = "COMPLETED"
"""``entries.review_status`` values the opening rules look at (``models.enums`` is out of the UI's reach)."""


@dataclass(frozen=True)
class ReviewDesk:
    """The reviewer's use cases, bound by the composition root to the person's unit of work."""

    claim_next: Callable[[], Awaitable[Claimed]]
    claim: Callable[[uuid.UUID], Awaitable[Changes]]
    """Claim the entry chosen in the queue (refused when someone else was first)."""
    open_case: Callable[[uuid.UUID], Awaitable[Case]]
    release: Callable[[uuid.UUID, str], Awaitable[Changes]]
    skip: Callable[[uuid.UUID, str], Awaitable[Changes]]
    escalate: Callable[[uuid.UUID, str, uuid.UUID], Awaitable[Changes]]
    outbox: RulingOutbox[RulingReceipt]
    publish: Callable[[Changes], None]
    """The window's change hub: every write's :class:`Changes` goes there."""
    retry_delays: Sequence[float] = RETRY_DELAYS
    me: uuid.UUID | None = None
    """The signed-in person's ``users.id``: an entry assigned to them opens for ruling."""


class CaseWorkflow(QObject):
    """The loop of one window: the open case, its form, and the ruling on its way."""

    case_opened = Signal(object)
    """The :class:`Case` now open (``None``: no case open)."""
    ruling_landed = Signal(object)
    """A :class:`RulingReceipt`: the server has the ruling."""

    def __init__(
        self,
        review: ReviewDesk,
        area: CaseArea,
        panel: RulingPanel,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._review = review
        self._area = area
        self._panel = panel
        self._publish = review.publish
        self._window = parent
        self._tasks: set[asyncio.Task[Any]] = set()
        self._busy = False
        self.form: RulingForm | None = None
        self.sending: RulingSubmission | None = None
        self.refused: dict[uuid.UUID, RulingSubmission] = {}
        """Drafts the server refused, kept on disk until the reviewer discards them."""
        self.set_aside: dict[uuid.UUID, RulingForm] = {}
        """Forms started on a case and left for another, by entry: they come back when it opens again."""
        self._escalation_id = uuid.uuid4()
        panel.submit_requested.connect(self.submit)
        panel.undo_requested.connect(self.undo)
        panel.discard_requested.connect(self.discard_refused)

    # ------------------------------------------------------------ keys
    def claim_next(self) -> None:
        """Ctrl+N: with a ruling in its undo window, send it now (the next case follows it); else claim."""
        if self.sending is not None:
            self._review.outbox.send_now(self.sending.submission_id)
        else:
            self._start(self.claim_and_open())

    def open_entry(self, entry_id: uuid.UUID) -> None:
        """Enter or a double-click in the queue: open ``entry_id`` to rule, to claim, or to read."""
        self._start(self.open_chosen(entry_id))

    def rule(self, ruling: str) -> None:
        if self.form is not None and self.sending is None:
            self.form.rule_current(ruling)
            self._panel.refresh()

    def move(self, step: int) -> None:
        if self.form is not None and self.sending is None:
            self.form.move(step)
            self._panel.refresh()

    def toggle_reupload(self) -> None:
        if self.form is not None and self.sending is None:
            self.form.toggle_reupload()
            self._panel.refresh()

    def submit(self) -> None:
        if self.form is not None and self.sending is None and not self._busy:
            self._start(self.submit_ruling())

    def undo(self) -> None:
        if self.sending is not None and self._review.outbox.undo(self.sending.submission_id):
            self._panel.show_message("Ruling withdrawn: nothing was sent. Change it and submit again.")

    def discard_refused(self) -> None:
        """Ctrl+Shift+D: forget the drafts the server refused (their reasons were shown)."""
        if not self.refused:
            return
        for submission_id in self.refused:
            self._review.outbox.discard(submission_id)
        self._panel.show_message(f"{len(self.refused)} refused draft(s) discarded.")
        self.refused.clear()
        self._panel.show_refused(0)

    def release(self) -> None:
        self._start(self._hand_back("Release to pool", "Why release this entry?", self._review.release))

    def skip(self) -> None:
        self._start(self._hand_back("Skip", "Why skip this entry?", self._review.skip))

    def escalate(self) -> None:
        self._start(
            self._hand_back(
                "Escalate to QA",
                "Why does QA need to see this entry?",
                lambda entry_id, reason: self._review.escalate(entry_id, reason, self._escalation_id),
            )
        )

    def resume(self) -> None:
        """At sign-in: send what an earlier session left unsent, retrying until the database answers."""
        self._start(self.send_drafts())

    def shutdown(self) -> None:
        """The window closes: stop waiting (drafts stay on disk and are sent at the next start)."""
        for task in list(self._tasks):
            task.cancel()

    # ------------------------------------------------------- use cases
    async def claim_and_open(self) -> Case | None:
        """Claim the most urgent entry of the pool and show it; ``None`` when the pool is empty or it failed."""
        return await self._one_at_a_time(self._claim_and_show)

    async def open_chosen(self, entry_id: uuid.UUID) -> Case | None:
        """Open an entry chosen in the queue; ``None`` when it did not open (cancelled, refused, busy)."""
        if self.form is not None and self.form.case.entry_id == entry_id:
            return self.form.case
        if self.sending is not None:
            self._panel.show_message(
                "Your ruling is on its way: open another entry once it has landed, or undo it (Ctrl+Z).", "error"
            )
            return None
        return await self._one_at_a_time(lambda: self._open_and_show(entry_id))

    async def submit_ruling(self) -> RulingReceipt | None:
        """Hold for the undo window, send (again and again while the database is gone), then open the next case."""
        form = self.form
        if form is None or self.sending is not None:
            return None
        try:
            submission = form.submission()
        except InvalidRuling as invalid:
            self._panel.show_message(invalid.message, "error")
            return None
        self.sending = submission
        countdown = asyncio.ensure_future(self._count_down(self._review.outbox.undo_seconds))
        try:
            receipt = await self._review.outbox.submit(submission)
        except DatabaseUnavailable as gone:
            countdown.cancel()
            receipt = await self._send_until_landed(submission, gone)
        except Refusal as refusal:
            self._refused_draft(submission, refusal)
            receipt = None
        finally:
            countdown.cancel()
            self.sending = None
            self._panel.show_waiting(None)
        if receipt is None:
            return None
        self._publish(receipt.changes)
        self.ruling_landed.emit(receipt)
        ruled = f"Entry ruled {receipt.ruling} (result {receipt.entry_result})."
        if await self.claim_and_open() is not None:
            self._panel.show_message(f"{ruled} Next entry opened.")
        else:  # keep saying why no next case opened
            self._panel.show_message(f"{ruled} {self._panel.message_label.text()}")
        return receipt

    async def send_drafts(self) -> None:
        """Send the rulings an earlier session could not (a crash, an outage), retrying until the server is back."""
        delays = self._delays()
        while True:
            try:
                outcomes = await self._review.outbox.retry_pending()
            except DatabaseUnavailable:
                self._panel.show_message("Unsent rulings are kept; sending them when the database is back.", "error")
                await asyncio.sleep(next(delays))
                continue
            break
        for draft, outcome in outcomes:
            if isinstance(outcome, Refusal):
                self._refused_draft(draft, outcome)
            else:
                self._publish(outcome.changes)
        landed = sum(1 for _, outcome in outcomes if not isinstance(outcome, Refusal))
        if landed:
            self._panel.show_message(f"{landed} ruling(s) kept from before were sent.")
        unreadable = self._review.outbox.unreadable_drafts()
        if unreadable:
            self._panel.show_message(
                f"{len(unreadable)} kept ruling file(s) could not be read and were left untouched"
                f" in {unreadable[0].parent}.",
                "error",
            )

    # ------------------------------------------------------- internals
    async def _send_until_landed(self, submission: RulingSubmission, gone: DatabaseUnavailable) -> RulingReceipt | None:
        delays = self._delays()
        while True:
            delay = next(delays)
            self._panel.show_message(
                f"{gone.message} Your ruling is kept and will be sent again in {delay:.0f} s.", "error"
            )
            await asyncio.sleep(delay)
            try:
                return await self._review.outbox.send(submission)
            except DatabaseUnavailable as again:
                gone = again
            except Refusal as refusal:
                self._refused_draft(submission, refusal)
                return None

    def _refused_draft(self, submission: RulingSubmission, refusal: Refusal) -> None:
        """The server said no: the draft stays on disk until the reviewer discards it, having read why."""
        self.refused[submission.submission_id] = submission
        self._panel.show_refused(len(self.refused))
        self._panel.show_message(
            f"{refusal.message} Your ruling is kept as a draft; discard it with Ctrl+Shift+D once read.", "error"
        )

    def _delays(self) -> Iterator[float]:
        delays = list(self._review.retry_delays)
        yield from delays
        while True:
            yield delays[-1]

    async def _count_down(self, seconds: float) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while (left := deadline - loop.time()) > 0:
            self._panel.show_waiting(left)
            await asyncio.sleep(min(0.25, left))

    async def _hand_back(
        self, title: str, question: str, use_case: Callable[[uuid.UUID, str], Awaitable[Changes]]
    ) -> None:
        if self.form is None or self.sending is not None:
            return
        reason = await ask_reason(self._window, title, question)
        if reason is not None:
            await self.hand_back(use_case, title, reason)

    async def hand_back(
        self, use_case: Callable[[uuid.UUID, str], Awaitable[Changes]], title: str, reason: str
    ) -> None:
        """Give the open entry back through ``use_case`` (release, skip) for ``reason``; its form closes."""
        form = self.form
        if form is None or self.sending is not None:
            return
        try:
            changes = await use_case(form.case.entry_id, reason)
        except Refusal as refusal:
            self._panel.show_message(refusal.message, "error")
            return
        self._publish(changes)
        self._show(None)
        self._panel.show_message(f"{title}: done. Press Ctrl+N for the next entry.")

    async def _one_at_a_time(self, opening: Callable[[], Awaitable[Case | None]]) -> Case | None:
        """Run one opening step at a time (a second key press meanwhile does nothing); a refusal is said, not raised."""
        if self._busy:
            return None
        self._busy = True
        try:
            return await opening()
        except Refusal as refusal:
            self._panel.show_message(refusal.message, "error")
            return None
        finally:
            self._busy = False

    async def _claim_and_show(self) -> Case | None:
        claimed = await self._review.claim_next()
        self._publish(claimed.changes)
        if claimed.entry_id is None:
            self._show(None)
            self._panel.show_message("The pool is empty: nothing left to claim.")
            return None
        case = await self._review.open_case(claimed.entry_id)
        self._area.prefetch(case)
        kept = self._set_aside(case.entry_id)
        self._show(RulingForm(case))
        self._say_kept(kept)
        return case

    async def _open_and_show(self, entry_id: uuid.UUID) -> Case | None:
        """Pool entries ask first (claim, read, or cancel); the reviewer's own opens to rule, others' to read."""
        case = await self._review.open_case(entry_id)
        if case.review_status == UNASSIGNED and case.assigned_to_id is None:
            answer = await ask_to_claim(self._window, case.short_id or "This entry")
            if answer is ClaimAnswer.CANCEL:
                return None
            if answer is ClaimAnswer.CLAIM:
                self._publish(await self._review.claim(entry_id))
                case = await self._review.open_case(entry_id)
        kept = self._set_aside(entry_id)
        if self._is_mine(case):
            self._show(self._form_for(case))
        else:
            self._show_read_only(case)
        self._say_kept(kept)
        return case

    def _is_mine(self, case: Case) -> bool:
        me = self._review.me
        return me is not None and case.assigned_to_id == me and case.review_status != COMPLETED

    def _form_for(self, case: Case) -> RulingForm:
        """The form set aside for ``case`` (on its fresh data), or a new one."""
        kept = self.set_aside.pop(case.entry_id, None)
        return dataclasses.replace(kept, case=case) if kept is not None else RulingForm(case)

    def _set_aside(self, opening: uuid.UUID) -> str | None:
        """Keep the open form if it was started on another case than ``opening``; its entry's name if so."""
        form = self.form
        if form is None or form.case.entry_id == opening or not form.started:
            return None
        self.set_aside[form.case.entry_id] = form
        return form.case.short_id or "the previous entry"

    def _say_kept(self, entry: str | None) -> None:
        """Add to what the panel says that the form on ``entry`` was set aside (nothing when none was)."""
        if entry is not None:
            shown = self._panel.message_label.text()
            kept = f"Your choices on {entry} are kept: open it again from My work to go on."
            self._panel.show_message(f"{shown} {kept}" if shown else kept)

    def _show_read_only(self, case: Case) -> None:
        """Show ``case`` without a form: the ruling keys do nothing, and the panel says why."""
        if case.review_status == COMPLETED:
            why = "it has been ruled on"
        elif case.assigned_to_id is None:
            why = "it is in the pool; open it again and claim it to rule"
        else:
            why = "it is assigned to someone else"
        self._show(None, read_only=(case, why))

    def _show(self, form: RulingForm | None, *, read_only: tuple[Case, str] | None = None) -> None:
        """Show ``form``'s case to rule, or ``read_only``'s case with why it cannot be ruled, or nothing."""
        self.form = form
        self._escalation_id = uuid.uuid4()
        case = form.case if form is not None else read_only[0] if read_only is not None else None
        if case is None:
            self._area.clear()
        else:
            self._area.show_case(case)
        if read_only is not None:
            self._panel.show_read_only(*read_only)
        else:
            self._panel.load(form)
        self.case_opened.emit(case)

    def _start(self, work: Coroutine[Any, Any, object]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
