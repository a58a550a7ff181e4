"""Job-control signals the database vouches for: sent through ``rd_send_job_signal``, checked before acting.

``oban`` nodes obey pause, resume, start, stop, scale and kill signals that
arrive by ``NOTIFY`` on ``public.oban_signal``, and PostgreSQL lets every
role that can connect send any ``NOTIFY`` it likes (the gatekeeper, whose
password every workstation carries, included). So our notifier changes two
things on that channel only (migration 0006, ``jobs.sql``):

- sending goes through ``rd_send_job_signal``, which checks who is sending
  and what, records the signal in the audit log and notifies with that
  record's id;
- a received signal is acted on only when ``rd_job_signal_is_vouched``
  finds that record with the same payload, recent, and this node has not
  acted on it before (anyone can ``LISTEN`` too, and replay what they saw).

Everything else (``insert``, ``leader``, ``gossip``) only makes a node ask
the database something, so it passes through untouched. Installed through
``oban``'s ``notifier.build`` extension point, before any ``Oban`` is built.
"""

from __future__ import annotations

import json
import logging
from collections import deque
from typing import Any, Final

from oban._extensions import put_ext
from oban._notifier import PostgresNotifier, decode_payload
from oban._query import Query
from psycopg import Notify
from psycopg.types.json import Jsonb

logger = logging.getLogger(__name__)

SIGNAL_CHANNEL: Final = "signal"
_REMEMBERED_SIGNALS: Final = 1024
"""How many acted-on signal ids a node remembers to refuse replays (the database vouches for 5 minutes)."""


class VouchedSignalNotifier(PostgresNotifier):
    """oban's PostgreSQL notifier, with signals sent and received only as the database vouches for them."""

    def __init__(self, *, query: Query, **options: Any) -> None:
        super().__init__(query=query, **options)
        self._signal_query = query
        self._acted_on: deque[int] = deque(maxlen=_REMEMBERED_SIGNALS)

    async def notify(self, channel: str, payloads: dict[str, Any] | list[dict[str, Any]]) -> None:
        if channel != SIGNAL_CHANNEL:
            await super().notify(channel, payloads)
            return
        async with self._signal_query._pool.connection() as conn:
            for payload in [payloads] if isinstance(payloads, dict) else payloads:
                await conn.execute("SELECT rd_send_job_signal(%s)", (Jsonb(payload),))

    async def _dispatch(self, notify: Notify) -> None:
        if self._from_full_channel(notify.channel) != SIGNAL_CHANNEL:
            await super()._dispatch(notify)
            return
        signal = await self._vouched(notify.payload)
        if signal is None:
            logger.warning("ignored a job signal the database does not vouch for: %.200s", notify.payload)
            return
        # oban hands the payload to start/stop/scale as keyword arguments: without our signal_id.
        await super()._dispatch(notify._replace(payload=json.dumps(signal)))

    async def _vouched(self, raw_payload: str) -> dict[str, Any] | None:
        """The signal without its ``signal_id`` if the database sent it and this node has not acted on it yet."""
        try:
            signal = decode_payload(raw_payload)
            signal_id = signal.pop("signal_id")
        except (ValueError, KeyError, OSError, AttributeError):
            return None
        if not isinstance(signal_id, int) or signal_id in self._acted_on:
            return None
        async with self._signal_query._pool.connection() as conn:
            row = await (
                await conn.execute("SELECT rd_job_signal_is_vouched(%s, %s)", (signal_id, Jsonb(signal)))
            ).fetchone()
        if row is None or row[0] is not True:
            return None
        self._acted_on.append(signal_id)
        return signal


def _build(spec: dict[str, Any], query: Query) -> VouchedSignalNotifier:
    options = {key: value for key, value in spec.items() if key != "type"}
    return VouchedSignalNotifier(query=query, **options)


def install_vouched_signals() -> None:
    """Make every ``Oban`` built from now on in this process use :class:`VouchedSignalNotifier`."""
    put_ext("notifier.build", _build)
