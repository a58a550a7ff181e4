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

from services.queue_query import QueueCount, QueueQuery

type SortValue = datetime.datetime | str
"""What a queue is ordered by: a time (submission, ruling) or a text (short id, suggested ruling)."""


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
    sort_value: SortValue | None = None
    """The value of the column the rows are ordered by, when that is not ``submitted_at``."""

    @property
    def sort_key(self) -> tuple[SortValue, uuid.UUID]:
        """The row's place in its queue's order: the sort column's value (submission by default), then the id."""
        return (self.submitted_at if self.sort_value is None else self.sort_value, self.entry_id)


@dataclass(frozen=True, slots=True)
class QueueCursor:
    """Where the next page starts: strictly after this ``(sort value, id)`` in the queue's order."""

    sort_value: SortValue
    entry_id: uuid.UUID

    @classmethod
    def after_row(cls, row: QueueRow) -> QueueCursor:
        sort_value, entry_id = row.sort_key
        return cls(sort_value=sort_value, entry_id=entry_id)

    @property
    def sort_key(self) -> tuple[SortValue, uuid.UUID]:
        return (self.sort_value, self.entry_id)


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


class QueueViewSources(Protocol):
    """The queues area's views for one person; :class:`services.queue_search.QueueViews` answers."""

    def source_for(self, query: QueueQuery) -> QueueSource:
        """The rows of one view, filtered and ordered as ``query`` says."""
        ...

    async def count(self, query: QueueQuery) -> QueueCount:
        """How many rows the view holds (capped: see :class:`QueueCount`)."""
        ...
