"""The reviewer queue: open entries, oldest submission first, one keyset page at a time.

The queue is the table a reviewer scrolls through all day, over a table
that grows past a million entries, so the read is shaped for that:

- **Only the shown columns** are selected; no ORM entities are loaded, so
  there is nothing to lazy-load.
- **Keyset paging** on ``(submission_time, id)``: a page starts strictly
  after the last row of the previous one. ``OFFSET`` would re-read every
  skipped row and shift under concurrent inserts; a keyset does neither,
  and ``id`` breaks ties between equal submission times, so no row is
  shown twice or skipped.
- **One ordered index range per status.** ``ix_entries_review_queue`` is
  ``(review_status, submission_time, id)``. An ``IN (…)`` over several
  statuses cannot be read from it in ``(submission_time, id)`` order, so
  PostgreSQL would sort every open entry to return the first page.
  Instead each status contributes its own ``LIMIT``-ed index range
  (``UNION ALL``) and only those few rows are merged. The applicant name,
  folder and property are then looked up for the page's rows alone.
- **The company side reads from its folders.** Someone granted a few
  properties sees a sliver of every status range; their page starts from
  the visible folders instead (:mod:`services.queue_scope`), so it costs
  what they may see, not what the database holds.
- **Entries without a ``submission_time``** are not in the queue: nothing
  has been submitted to review yet, and SLA order is undefined for them.
  They join the queue when the applicant submits.

Timestamps come back as naive ``datetime`` values meaning UTC (see
``models.base``); the UI converts them to local time for display. The
result types live in :mod:`services.queue_rows`, which the UI may import.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Collection
from typing import Final, cast

from sqlalchemy import ColumnElement, Select, Subquery, Table, func, select, true, tuple_, union_all
from sqlalchemy.sql.selectable import LateralFromClause

from models.applicants import Applicant
from models.entries import Entry
from models.enums import ReviewStatus, SuggestedRuling
from models.folders import Folder
from models.organizations import Property
from services.queue_rows import QueueCursor, QueuePage, QueueRow
from services.queue_scope import QueueScope, per_visible_folder
from services.unit_of_work import UnitOfWork

# The tables, not the mapped classes: selecting Core columns skips the ORM
# entirely (no identity map, no mapper configuration, nothing to lazy-load).
_entries: Final = cast(Table, Entry.__table__)
_folders: Final = cast(Table, Folder.__table__)
_properties: Final = cast(Table, Property.__table__)
_applicants: Final = cast(Table, Applicant.__table__)

OPEN_STATUSES: Final[tuple[ReviewStatus, ...]] = (
    ReviewStatus.UNASSIGNED,
    ReviewStatus.ASSIGNED,
    ReviewStatus.IN_REVIEW,
)
"""Every status a reviewer still has work in; ``COMPLETED`` entries leave the queue."""

DEFAULT_PAGE_SIZE: Final = 200


async def load_queue_page(
    uow: UnitOfWork,
    *,
    after: QueueCursor | None,
    limit: int = DEFAULT_PAGE_SIZE,
    statuses: Collection[ReviewStatus] = OPEN_STATUSES,
    scope: QueueScope = QueueScope.QUEUE_ORDER,
) -> QueuePage:
    """The ``limit`` open entries submitted after ``after`` (from the start if ``None``), oldest first."""
    if limit < 1:
        raise ValueError(f"limit must be positive, not {limit}")
    if not statuses:
        return QueuePage(rows=(), next_cursor=None)
    # One row more than asked tells whether another page exists, without a
    # second round trip that would come back empty.
    statement = page_statement(sorted(set(statuses)), after, limit + 1, scope)
    async with uow.transaction() as session:
        fetched = [_queue_row(*values) for values in await session.execute(statement)]
    rows = tuple(fetched[:limit])
    next_cursor = QueueCursor.after_row(rows[-1]) if len(fetched) > limit else None
    return QueuePage(rows=rows, next_cursor=next_cursor)


async def count_queue(uow: UnitOfWork, statuses: Collection[ReviewStatus] = OPEN_STATUSES) -> int:
    """How many entries the queue holds in total (an index-only count, for the status bar)."""
    if not statuses:
        return 0
    statement = (
        select(func.count())
        .select_from(_entries)
        .where(_entries.c.review_status.in_(sorted(set(statuses))), _entries.c.submission_time.is_not(None))
    )
    async with uow.transaction() as session:
        return int((await session.execute(statement)).scalar_one())


async def load_queue_rows(
    uow: UnitOfWork, entry_ids: Collection[uuid.UUID], statuses: Collection[ReviewStatus] = OPEN_STATUSES
) -> tuple[QueueRow, ...]:
    """The queue rows of ``entry_ids`` that are in the queue now, in queue order.

    What a live update re-reads: the ids come from a notification, which
    anyone may send and which row-level security does not filter, so the
    read runs as the signed-in person like every other; an id that is not
    (or no longer) in their queue simply has no row.
    """
    if not entry_ids or not statuses:
        return ()
    chosen = (
        select(*_PAGE_COLUMNS)
        .where(
            _entries.c.id.in_(sorted(set(entry_ids))),
            _entries.c.review_status.in_(sorted(set(statuses))),
            _entries.c.submission_time.is_not(None),
        )
        .subquery("chosen_entries")
    )
    async with uow.transaction() as session:
        return tuple(_queue_row(*values) for values in await session.execute(rows_statement(chosen)))


class ReviewerQueue:
    """The queue bound to a unit of work and a set of statuses: what a queue view is handed.

    The composition root builds one and gives it to the window, which then
    pages through it without knowing about engines or sessions.
    """

    def __init__(
        self,
        uow: UnitOfWork,
        statuses: Collection[ReviewStatus] = OPEN_STATUSES,
        scope: QueueScope = QueueScope.QUEUE_ORDER,
    ) -> None:
        self._uow = uow
        self._statuses = tuple(statuses)
        self._scope = scope

    async def load_page(self, after: QueueCursor | None, limit: int) -> QueuePage:
        return await load_queue_page(self._uow, after=after, limit=limit, statuses=self._statuses, scope=self._scope)

    async def rows_for(self, entry_ids: Collection[uuid.UUID]) -> tuple[QueueRow, ...]:
        return await load_queue_rows(self._uow, entry_ids, self._statuses)

    async def count(self) -> int:
        return await count_queue(self._uow, self._statuses)


# --------------------------------------------------------------------- query
def page_statement(
    statuses: list[ReviewStatus], after: QueueCursor | None, limit: int, scope: QueueScope = QueueScope.QUEUE_ORDER
) -> Select[tuple]:
    """The exact statement a queue page runs; public so ``bench`` can time it raw as the floor."""
    if scope is QueueScope.VISIBLE_FOLDERS:
        ordered = _entries_range(_entries.c.review_status.in_(statuses), after, limit)
        order = ("submission_time", "id")
        page = per_visible_folder(
            ordered, _entries.c.folder_id, order, descending=False, limit=limit, name="page_entries"
        )
        return rows_statement(page)
    return rows_statement(_page_entries(statuses, after, limit))


def rows_statement(page: Subquery) -> Select[tuple]:
    """Queue rows for the entries of ``page`` (a subquery of ``_PAGE_COLUMNS``), in queue order.

    The applicant name, folder and property are looked up for those few
    entries alone.
    """
    first_applicant = first_applicant_of(page.c.id)
    return (
        select(
            page.c.id,
            page.c.short_id,
            first_applicant.c.name,
            func.coalesce(_folders.c.property_name, _properties.c.name),
            page.c.submission_time,
            page.c.review_status,
            page.c.suggested_ruling,
        )
        .select_from(page)
        .outerjoin(_folders, _folders.c.id == page.c.folder_id)
        .outerjoin(_properties, _properties.c.id == _folders.c.property_id)
        .outerjoin(first_applicant, true())
        .order_by(page.c.submission_time, page.c.id)
    )


def _page_entries(statuses: list[ReviewStatus], after: QueueCursor | None, limit: int) -> Subquery:
    """The page's entries with the columns shown: per status an index range, merged, limited.

    The ranges carry every entry column the page needs, so there is no join
    back to ``entries``: under row-level security such a join is planned
    against the whole visible set rather than the page's few rows.
    """
    ranges = [_entries_range(_entries.c.review_status == status, after, limit) for status in statuses]
    if len(ranges) == 1:
        return ranges[0].subquery("page_entries")
    merged = union_all(*ranges).subquery("open_ranges")
    return select(merged).order_by(merged.c.submission_time, merged.c.id).limit(limit).subquery("page_entries")


_PAGE_COLUMNS: Final = (
    _entries.c.id,
    _entries.c.submission_time,
    _entries.c.short_id,
    _entries.c.review_status,
    _entries.c.suggested_ruling,
    _entries.c.folder_id,
)


def _entries_range(statuses: ColumnElement[bool], after: QueueCursor | None, limit: int) -> Select[tuple]:
    """The entries of ``statuses`` after the cursor in queue order: one index range per folder or status."""
    statement = select(*_PAGE_COLUMNS).where(statuses, _entries.c.submission_time.is_not(None))
    if after is not None:
        # A row comparison is what lets PostgreSQL start the index scan at
        # the cursor instead of filtering from the beginning.
        statement = statement.where(
            tuple_(_entries.c.submission_time, _entries.c.id) > (after.sort_value, after.entry_id)
        )
    return statement.order_by(_entries.c.submission_time, _entries.c.id).limit(limit)


def first_applicant_of(entry_id: ColumnElement[uuid.UUID]) -> LateralFromClause:
    """The name of the entry's first applicant (by insertion), as a ``LATERAL`` to join ``ON true``."""
    return (
        select(applicant_name().label("name"))
        .where(_applicants.c.entry_id == entry_id)
        .order_by(_applicants.c.inserted_at, _applicants.c.id)
        .limit(1)
        .lateral("first_applicant")
    )


def applicant_name() -> ColumnElement[str | None]:
    """``full_name``, or first and last name joined, whichever the applicant row has.

    The database's ``rd_applicant_name`` (revision 0013), which the planner
    inlines: one definition for the queue's column, its search and the open
    entries' search index (revision 0018).
    """
    return func.rd_applicant_name(_applicants.c.full_name, _applicants.c.first_name, _applicants.c.last_name)


def _queue_row(
    entry_id: uuid.UUID,
    short_id: str | None,
    applicant_name: str | None,
    property_name: str | None,
    submitted_at: datetime.datetime,
    review_status: str,
    suggested_ruling: str,
) -> QueueRow:
    return QueueRow(
        entry_id=entry_id,
        short_id=short_id,
        applicant_name=applicant_name,
        property_name=property_name,
        submitted_at=submitted_at,
        review_status=ReviewStatus(review_status),
        suggested_ruling=SuggestedRuling(suggested_ruling),
    )
