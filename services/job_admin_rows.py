"""What the jobs page shows: plain types the UI may import (no SQLAlchemy).

Shaped after Oban Web: counts by queue and state, a keyset-paged list
(newest first, by id), one job's detail with every error and its
traceback, and the nodes with the leader.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class JobState(StrEnum):
    """oban's job states, in the order a job usually passes through them."""

    SCHEDULED = "scheduled"
    AVAILABLE = "available"
    EXECUTING = "executing"
    RETRYABLE = "retryable"
    COMPLETED = "completed"
    DISCARDED = "discarded"
    CANCELLED = "cancelled"
    SUSPENDED = "suspended"


@dataclass(frozen=True, slots=True)
class JobCount:
    queue: str
    state: JobState
    count: int


@dataclass(frozen=True, slots=True)
class JobFilter:
    """Narrow the list; ``None`` or empty means any."""

    queue: str | None = None
    state: JobState | None = None
    worker: str = ""
    """A piece of the worker's name, case-insensitive."""
    entry_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class JobRow:
    id: int
    queue: str
    worker: str
    state: JobState
    attempt: int
    max_attempts: int
    inserted_at: datetime.datetime
    scheduled_at: datetime.datetime
    attempted_at: datetime.datetime | None
    entry_id: uuid.UUID | None
    """The entry the job belongs to (``args.entry_id``), when it names one."""

    @property
    def short_worker(self) -> str:
        """The worker's class name: the module path is the same for all of ours."""
        return self.worker.rsplit(".", 1)[-1]


@dataclass(frozen=True, slots=True)
class JobPage:
    rows: tuple[JobRow, ...]
    next_before_id: int | None
    """Pass as ``before_id`` for the next (older) page; ``None`` on the last page."""


@dataclass(frozen=True, slots=True)
class JobError:
    attempt: int
    at: str
    error: str
    """The message and traceback as the node recorded them."""


@dataclass(frozen=True, slots=True)
class JobDetail:
    row: JobRow
    args: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    errors: tuple[JobError, ...] = ()
    completed_at: datetime.datetime | None = None
    cancelled_at: datetime.datetime | None = None
    discarded_at: datetime.datetime | None = None


@dataclass(frozen=True, slots=True)
class QueueNode:
    """One node running one queue (an ``oban_producers`` row)."""

    node: str
    queue: str
    paused: bool
    limit: int | None
    started_at: datetime.datetime | None
    leader: bool


@dataclass(frozen=True, slots=True)
class JobOverview:
    counts: tuple[JobCount, ...]
    nodes: tuple[QueueNode, ...]
    leaders: tuple[str, ...]
    """Leading nodes: oban-py's (``oban_leaders``) and the Elixir nodes' (``oban_peers``)."""

    def count(self, queue: str, state: JobState) -> int:
        return next((c.count for c in self.counts if c.queue == queue and c.state is state), 0)

    @property
    def queues(self) -> tuple[str, ...]:
        return tuple(sorted({c.queue for c in self.counts} | {n.queue for n in self.nodes}))
