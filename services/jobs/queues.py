"""Queue names the Python worker nodes own, and how many jobs each runs at once.

Our queues are prefixed ``desk_`` rather than reusing the spec's queue names
(``default``, ``low_priority``, ...). The client's Elixir Oban nodes fetch
from those queues, and a node that fetches a job whose worker it cannot
resolve fails it (an Elixir module name is no Python class, and the other
way round). Disjoint queue names keep both runtimes on one ``oban_jobs``
table without stealing each other's work.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

MAINTENANCE_QUEUE: Final = "desk_maintenance"
"""Clean-up and archival: cheap, never urgent (the spec's ``low_priority``)."""

NOTIFICATIONS_QUEUE: Final = "desk_notifications"
"""Messages about rulings: time-sensitive (the spec's ``high_priority``)."""

FORENSICS_QUEUE: Final = "desk_forensics"
"""Fingerprints and forensic findings of arriving documents: CPU-bound, a few at a time."""

REPORTS_QUEUE: Final = "desk_reports"
"""Analytics reports: seconds of database work each, so a couple at a time."""

WORKER_NODE_QUEUES: Final[Mapping[str, int]] = {
    MAINTENANCE_QUEUE: 1,
    NOTIFICATIONS_QUEUE: 5,
    FORENSICS_QUEUE: 2,
    REPORTS_QUEUE: 2,
}
"""Default concurrency per queue for ``ruling-desk worker``."""
