"""What the reviewer queue hands a view: rows, the keyset cursor, pages, and the source's calls.

Kept apart from :mod:`services.queue` so that the UI can import these
result types without importing anything that reaches SQLAlchemy or the
driver (the import contract on ``ui`` is transitive). For the same reason
the status fields are typed ``str``: the service fills them with
:class:`models.enums.ReviewStatus` / ``SuggestedRuling`` members (``StrEnum``,
equal to their database labels), but ``models.enums`` imports SQLAlchemy.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class QueueRow:
    """One line of the queue, exactly what the table shows (plus the id to open it)."""

    entry_id: uuid.UUID
    short_id: str | None
    applicant_name: str | None
    property_name: str | None
    submitted_at: datetime.datetime
    """Naive UTC, as stored."""
    review_status: str
    """A ``ReviewStatus`` value."""
    suggested_ruling: str
    """A ``SuggestedRuling`` value."""
    assigned_to: str | None = None
    """Who has the entry (the team view's "Assigned to" column); ``None`` where a view does not show it."""
    ruling: str | None = None
    """The entry's result, in the completed view."""

    @property
    def sort_key(self) -> tuple[datetime.datetime, uuid.UUID]:
        """The queue's order: oldest submission first, the id breaking ties."""
        return (self.submitted_at, self.entry_id)


@dataclass(frozen=True, slots=True)
class QueueCursor:
    """Where the next page starts: strictly after this ``(submission_time, id)``."""

    submitted_at: datetime.datetime
    entry_id: uuid.UUID

    @classmethod
    def after_row(cls, row: QueueRow) -> QueueCursor:
        return cls(submitted_at=row.submitted_at, entry_id=row.entry_id)

    @property
    def sort_key(self) -> tuple[datetime.datetime, uuid.UUID]:
        return (self.submitted_at, self.entry_id)


@dataclass(frozen=True, slots=True)
class QueuePage:
    """A page of rows and the cursor of the next page, ``None`` when this was the last."""

    rows: tuple[QueueRow, ...]
    next_cursor: QueueCursor | None


class QueueSource(Protocol):
    """The calls a queue view makes; :class:`services.queue.ReviewerQueue` answers them.

    Failures a person should read arrive as :class:`services.errors.DatabaseUnavailable`.
    """

    async def load_page(self, after: QueueCursor | None, limit: int) -> QueuePage:
        """The ``limit`` rows after ``after`` (``None``: from the start), in queue order."""
        ...

    async def rows_for(self, entry_ids: Collection[uuid.UUID]) -> tuple[QueueRow, ...]:
        """The rows of those entries that are in the queue now and visible to the person."""
        ...

    async def count(self) -> int:
        """How many entries the whole queue holds (for the status bar)."""
        ...
