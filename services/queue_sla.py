"""The review deadline of an entry, from its ``submission_time``: time left and a colour band.

The spec's notification columns mark the points (``sixteen_hours_notification_sent_at``,
``twenty_two_hours_notification_sent_at``); the deadline is 24 hours after
submission. One place computes the band, so the filter the server applies
(:func:`submitted_between`) and the colour the screen shows agree.
"""

from __future__ import annotations

import datetime
from typing import Final

from services.queue_query import SlaState

AMBER_AFTER: Final = datetime.timedelta(hours=16)
RED_AFTER: Final = datetime.timedelta(hours=22)
DEADLINE: Final = datetime.timedelta(hours=24)

_BANDS: Final[dict[SlaState, tuple[datetime.timedelta | None, datetime.timedelta | None]]] = {
    SlaState.ON_TIME: (None, AMBER_AFTER),
    SlaState.AMBER: (AMBER_AFTER, RED_AFTER),
    SlaState.RED: (RED_AFTER, DEADLINE),
    SlaState.BREACHED: (DEADLINE, None),
}
"""Each band as (age from, age before): an entry of that age is in the band."""


def sla_state(submitted_at: datetime.datetime, now: datetime.datetime) -> SlaState:
    """The band an entry submitted at ``submitted_at`` (naive UTC) is in at ``now`` (naive UTC)."""
    age = now - submitted_at
    if age >= DEADLINE:
        return SlaState.BREACHED
    if age >= RED_AFTER:
        return SlaState.RED
    if age >= AMBER_AFTER:
        return SlaState.AMBER
    return SlaState.ON_TIME


def time_left(submitted_at: datetime.datetime, now: datetime.datetime) -> datetime.timedelta:
    """Until the deadline; negative once breached."""
    return submitted_at + DEADLINE - now


def describe_time_left(submitted_at: datetime.datetime, now: datetime.datetime) -> str:
    """ "5 h 12 min left", or "breached 3 h ago": the SLA column's text."""
    left = time_left(submitted_at, now)
    minutes = int(abs(left).total_seconds() // 60)
    text = f"{minutes // 60} h {minutes % 60:02d} min"
    return f"{text} left" if left > datetime.timedelta(0) else f"breached {text} ago"


def submitted_between(
    state: SlaState, now: datetime.datetime
) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    """The ``submission_time`` range ``(after, at_or_before)`` of a band at ``now``; ``None`` is open.

    An entry is in the band when ``after < submission_time <= at_or_before``.
    """
    youngest, oldest = _BANDS[state]
    at_or_before = None if youngest is None else now - youngest
    after = None if oldest is None else now - oldest
    return after, at_or_before


def utc_now() -> datetime.datetime:
    """Now as the database stores times: naive UTC."""
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
