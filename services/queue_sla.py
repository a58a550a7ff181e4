"""The review deadline of an entry, from its ``submission_time``: time left and a colour band.

The bands and :func:`sla_state` are the case view's (:mod:`services.case_view`:
amber from 16 h, red from 22 h, breached at 24 h, the spec's notification
columns); this module adds what a queue needs of them: the text of the time
left, and each band as a ``submission_time`` range, so the filter the server
applies and the colour the screen shows agree.
"""

from __future__ import annotations

import datetime
from typing import Final

from services.case_view import SLA as DEADLINE
from services.case_view import SLA_AMBER_AFTER as AMBER_AFTER
from services.case_view import SLA_RED_AFTER as RED_AFTER
from services.case_view import SlaState, sla_state

__all__ = ["describe_time_left", "sla_state", "submitted_between", "time_left", "utc_now"]

_BANDS: Final[dict[SlaState, tuple[datetime.timedelta | None, datetime.timedelta | None]]] = {
    SlaState.ON_TRACK: (None, AMBER_AFTER),
    SlaState.AMBER: (AMBER_AFTER, RED_AFTER),
    SlaState.RED: (RED_AFTER, DEADLINE),
    SlaState.BREACHED: (DEADLINE, None),
}
"""Each band as (age from, age before): an entry of that age is in the band."""


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
