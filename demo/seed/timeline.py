"""When demo entries were submitted and how far their review got, relative to the real "now".

Everything in the demo is deterministic for (seed, entries) except this
anchor: submission times are offsets from the moment seeding runs, so
the queues look live (fresh arrivals, SLA clocks ticking) whenever the
demo is seeded.

Decisions (the spec only names the 16 h / 22 h notification columns):

- The newest tenth of the entries (at least 60) arrived in the last 30
  hours and form the live queue; older ones are spread evenly over the
  180 days before that and are all completed.
- Submission time grows with the entry's index, so an entry that matches
  an *earlier* index (a duplicate, a resubmission) really is later.
- In the live window arrivals are denser towards "now", and an entry is
  the likelier completed the older it is (up to 85 %). Entries younger
  than ten minutes are still being analysed (``suggested_ruling``
  PENDING) and nobody has picked them up.
- The SLA columns record the notification that went out when an entry was
  still open 16 (22) hours after submission: set on open entries older
  than that, and on completed ones whose review took longer.
- Review turnaround is log-normal around six hours, so about 8 % of
  completed reviews missed the 16-hour mark and 3 % the 22-hour one.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from models.enums import ReviewStatus

HISTORY: Final = timedelta(days=180)
LIVE_WINDOW: Final = timedelta(hours=30)
YOUNGEST: Final = timedelta(minutes=2)
ANALYSIS_TIME: Final = timedelta(minutes=10)
FIRST_SLA_WARNING: Final = timedelta(hours=16)
FINAL_SLA_WARNING: Final = timedelta(hours=22)

LIVE_SHARE: Final = 0.10
LIVE_MINIMUM: Final = 60
_MEDIAN_TURNAROUND_HOURS: Final = 6.0
_TURNAROUND_SIGMA: Final = 0.7


@dataclass(frozen=True)
class ReviewProgress:
    """How far one entry's review got by "now"."""

    review_status: ReviewStatus
    analysis_pending: bool
    assigned_at: datetime | None
    decided_at: datetime | None
    sixteen_hours_warning_at: datetime | None
    twenty_two_hours_warning_at: datetime | None


class Timeline:
    """Submission times and review progress for ``entries`` entries ending at ``now``."""

    def __init__(self, now: datetime, entries: int) -> None:
        self.now = now
        self.live = min(entries, max(LIVE_MINIMUM, round(entries * LIVE_SHARE)))
        self._history = entries - self.live
        self._history_start = now - HISTORY
        self._history_span = HISTORY - LIVE_WINDOW

    def submitted_at(self, index: int, rng: random.Random) -> datetime:
        """Entry ``index``'s submission time; increasing with ``index``."""
        jitter = rng.random()
        if index < self._history:
            return self._history_start + self._history_span * ((index + jitter) / self._history)
        position = (index - self._history + jitter) / self.live  # 0 = oldest live entry, 1 = now
        return self.now - YOUNGEST - (LIVE_WINDOW - YOUNGEST) * (1 - position) ** 1.6

    def progress(self, submitted_at: datetime, rng: random.Random) -> ReviewProgress:
        """Where the review of an entry submitted at ``submitted_at`` stands now."""
        age = self.now - submitted_at
        if age < ANALYSIS_TIME:
            return ReviewProgress(ReviewStatus.UNASSIGNED, True, None, None, None, None)
        if age > LIVE_WINDOW or rng.random() < min(0.85, age / LIVE_WINDOW):
            turnaround = min(_turnaround(rng), age * rng.uniform(0.5, 0.95))
            assigned_at = submitted_at + turnaround * rng.uniform(0.05, 0.5)
            return ReviewProgress(
                ReviewStatus.COMPLETED,
                False,
                assigned_at,
                submitted_at + turnaround,
                *_warnings(submitted_at, turnaround),
            )
        status = _open_status(rng, age)
        picked_up_at = None if status is ReviewStatus.UNASSIGNED else submitted_at + age * rng.uniform(0.1, 0.9)
        return ReviewProgress(status, False, picked_up_at, None, *_warnings(submitted_at, age))


def _turnaround(rng: random.Random) -> timedelta:
    hours = rng.lognormvariate(math.log(_MEDIAN_TURNAROUND_HOURS), _TURNAROUND_SIGMA)
    return timedelta(hours=min(max(hours, 0.3), 72.0))


def _open_status(rng: random.Random, age: timedelta) -> ReviewStatus:
    """Fresh entries mostly wait for a reviewer; older open ones have usually been picked up."""
    roll = rng.random()
    unassigned, assigned = (0.5, 0.8) if age < timedelta(hours=8) else (0.3, 0.65)
    if roll < unassigned:
        return ReviewStatus.UNASSIGNED
    return ReviewStatus.ASSIGNED if roll < assigned else ReviewStatus.IN_REVIEW


def _warnings(submitted_at: datetime, open_for: timedelta) -> tuple[datetime | None, datetime | None]:
    return (
        submitted_at + FIRST_SLA_WARNING if open_for > FIRST_SLA_WARNING else None,
        submitted_at + FINAL_SLA_WARNING if open_for > FINAL_SLA_WARNING else None,
    )
