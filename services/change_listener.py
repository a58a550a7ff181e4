"""Changes other workstations made, heard from the database: one ``LISTEN`` connection that survives.

Migration 0004's triggers ``NOTIFY rd_changes, '<kind>:<uuid>'`` when an
entry's review state or assignment changes (and on people, teams,
invitations and API keys; revision 0016 adds ``job:<bigint id>`` for jobs). :class:`ChangeListener` turns those into
:class:`~services.changes.Changes` for the workstation's one changes
signal. The shape follows oban-py's notifier (``oban/_notifier.py``):

- **One dedicated autocommit psycopg connection** beside the SQLAlchemy
  pool: a pooled connection would be handed to queries and lose its
  ``LISTEN``, and a notification only arrives between transactions.
- **A heartbeat.** ``notifies()`` waits at most ``heartbeat`` seconds, then
  a ``SELECT 1`` proves the connection still works; a terminated backend
  fails at once, a silently dead network at the next beat.
- **Reconnect with capped, jittered backoff**, for as long as it runs, and
  after every reconnect a ``Changes(resync=True)``: notifications sent
  while the connection was down are lost for good, so views reload.
- **Bursts collapse.** Notifications arriving within ``burst`` seconds of
  the first are delivered as one :class:`Changes`: a claim that touches
  fifty entries repaints once.
- **Payloads are untrusted.** Anyone who can connect may ``NOTIFY`` any
  channel, and ``NOTIFY`` ignores row-level security; a payload is only
  ever parsed into a kind and a UUID, never acted on (views re-read the ids
  as the person), and anything else is logged and dropped.

The listener calls ``deliver`` on the event loop's thread (in the app,
qasync's loop on the Qt thread: Windows needs qasync's selector loop for
psycopg, which ``app.qt_loop`` builds).
"""

from __future__ import annotations

import asyncio
import logging
import random
import uuid
from collections.abc import Callable
from typing import Any, Final

import psycopg

from services.changes import ChangeKind, Changes
from services.driver_errors import first_line

log = logging.getLogger(__name__)

CHANNEL: Final = "rd_changes"
"""The channel migration 0004's triggers notify on."""

APPLICATION_NAME: Final = "ruling-desk change listener"
"""How the listener's session shows in ``pg_stat_activity``."""

_LOST: Final = (psycopg.OperationalError, psycopg.InterfaceError, OSError, TimeoutError)
"""What a lost or unreachable server raises; anything else is a bug and ends the listener loudly."""


def parse_payload(payload: str) -> Changes | None:
    """The change a ``<kind>:<uuid>`` (``job:<digits>``) payload announces, or ``None`` for anything else."""
    kind_text, separator, id_text = payload.partition(":")
    if not separator:
        return None
    try:
        kind = ChangeKind(kind_text)
        if kind is ChangeKind.ENTRY:
            return Changes.entries(uuid.UUID(id_text))
        if kind is ChangeKind.JOB:
            if not (id_text.isascii() and id_text.isdigit()):  # job ids are bigint (revision 0016's oban_jobs triggers)
                return None
        else:
            uuid.UUID(id_text)
    except ValueError:
        return None
    return Changes.of(kind)


def backoff_delay(attempt: int, *, first: float = 0.5, cap: float = 30.0) -> float:
    """Seconds to wait before reconnect ``attempt`` (1, 2, …): doubling from ``first`` up to ``cap``.

    Jittered down by up to half, so workstations cut off together by a
    server restart do not all come back in the same instant.
    """
    ceiling = min(cap, first * 2 ** min(attempt - 1, 32))
    return ceiling * random.uniform(0.5, 1.0)


class ChangeListener:
    """Listens on :data:`CHANNEL` as one person and hands what it hears to ``deliver``."""

    def __init__(
        self,
        url: str,
        deliver: Callable[[Changes], None],
        *,
        heartbeat: float = 20.0,
        burst: float = 0.05,
        connect_timeout: float = 10.0,
        max_backoff: float = 30.0,
    ) -> None:
        """``url`` is a libpq URI (the signed-in person's own: the connection reads nothing)."""
        self._url = url
        self._deliver = deliver
        self._heartbeat = heartbeat
        self._burst = burst
        self._connect_timeout = connect_timeout
        self._max_backoff = max_backoff
        self._task: asyncio.Task[None] | None = None
        self._listening = asyncio.Event()
        self._missed = False
        self._failures = 0
        self._pending = Changes()
        self._flush: asyncio.TimerHandle | None = None
        self.reconnects = 0
        """How many times the listener has listened again after losing or failing to get its connection."""

    @property
    def listening(self) -> bool:
        """Whether a ``LISTEN`` is in place right now."""
        return self._listening.is_set()

    async def start(self, *, wait: float = 5.0) -> bool:
        """Start listening in the background; True if listening within ``wait`` seconds.

        If not, the listener keeps trying and resyncs once it gets through,
        so the caller can go on either way.
        """
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run(), name="change listener")
        return await self.wait_listening(wait)

    async def wait_listening(self, timeout: float) -> bool:
        try:
            await asyncio.wait_for(self._listening.wait(), timeout)
        except TimeoutError:
            return False
        return True

    async def stop(self) -> None:
        """Stop listening and close the connection; nothing is delivered afterwards (safe to repeat)."""
        task, self._task = self._task, None
        if self._flush is not None:
            self._flush.cancel()
            self._flush = None
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    # -------------------------------------------------------- internals
    async def _run(self) -> None:
        try:
            await self._keep_listening()
        except Exception:
            log.exception("the change listener stopped; views update only on refresh")
            raise

    async def _keep_listening(self) -> None:
        while True:
            try:
                connection = await asyncio.wait_for(
                    psycopg.AsyncConnection.connect(
                        self._url,
                        autocommit=True,
                        connect_timeout=max(1, round(self._connect_timeout)),
                        application_name=APPLICATION_NAME,
                    ),
                    self._connect_timeout,
                )
            except _LOST as failure:
                await self._wait_before_retry(f"cannot connect ({first_line(failure)})")
                continue
            reason = "stopped listening"
            try:
                await self._listen(connection)
            except _LOST as failure:
                reason = f"lost its connection ({first_line(failure)})"
            finally:
                self._listening.clear()
                await connection.close()
            await self._wait_before_retry(reason)

    async def _wait_before_retry(self, reason: str) -> None:
        self._missed = True
        self._failures += 1
        delay = backoff_delay(self._failures, cap=self._max_backoff)
        log.warning("change listener %s; trying again in %.1f s", reason, delay)
        await asyncio.sleep(delay)

    async def _listen(self, connection: psycopg.AsyncConnection[Any]) -> None:
        await connection.execute(f"LISTEN {CHANNEL}")
        self._listening.set()
        self._failures = 0
        if self._missed:
            self._missed = False
            self.reconnects += 1
            log.info("change listener is listening again; views resync")
            self._collect(Changes(resync=True))
        while True:
            async for notification in connection.notifies(timeout=self._heartbeat):
                change = parse_payload(notification.payload)
                if change is None:
                    log.warning("dropped a malformed change notification: %.80r", notification.payload)
                else:
                    self._collect(change)
            await asyncio.wait_for(connection.execute("SELECT 1"), self._connect_timeout)

    def _collect(self, change: Changes) -> None:
        """Add ``change`` to what the current burst delivers, starting the burst if none is open."""
        self._pending = self._pending | change
        if self._flush is None:
            self._flush = asyncio.get_running_loop().call_later(self._burst, self._deliver_pending)

    def _deliver_pending(self) -> None:
        self._flush = None
        pending, self._pending = self._pending, Changes()
        try:
            self._deliver(pending)
        except Exception:  # a view's bug must not stop the listening
            log.exception("delivering %r failed", pending)
