"""The queues area's views as one parameterised, keyset-paged, server-side query.

A view (:class:`services.queue_query.QueueViewKind`), its filters, the
search box and the clicked header all become clauses of one statement;
nothing is filtered or sorted on the client, so a million-entry pool
scrolls as fast as a small one. How:

- **Keyset on the sort key and the id.** The next page starts strictly
  after the last row's ``(sort value, id)``; both go in the same direction
  so one row comparison seeds the index scan.
- **Only the shown columns**: the page's entries are chosen first, then
  the applicant name, property and assignee are looked up for those rows
  alone (as :func:`services.queue.rows_statement` does for the live queue).
- **The source is a parameter** (:class:`QueueSourceTable`): the income
  and asset review queues reuse every clause with their own table.
- **The search box reads the open entries' trigram index** (revision
  0018) in the views of open work, for three letters or more; the company
  side's pages start from the visible folders (:mod:`services.queue_scope`).
- **Counts are capped**: a view's count reads at most
  :data:`COUNT_CAP` + 1 rows, so re-counting on every change stays cheap
  however large the pool grows; a capped count is labelled "N+".

Row-level security stays the guarantee: every read runs as the signed-in
person, so the views only ever narrow what the database already allows.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Final, cast

from sqlalchemy import (
    ColumnElement,
    Select,
    Table,
    Text,
    exists,
    false,
    func,
    literal,
    or_,
    select,
    true,
    tuple_,
)
from sqlalchemy import cast as sql_cast

from models.applicants import Applicant
from models.entries import Entry
from models.enums import ReviewStatus, SuggestedRuling
from models.folders import Folder
from models.matching import MatchingEntry
from models.organizations import Property
from models.proofs import Proof
from models.users import User
from services.queue import applicant_name, first_applicant_of
from services.queue_query import (
    STRONG_MATCH_PERCENT,
    QueueCount,
    QueueFilters,
    QueueQuery,
    QueueViewKind,
    SortColumn,
)
from services.queue_rows import QueueCursor, QueuePage, QueueRow
from services.queue_scope import QueueScope, per_visible_folder
from services.queue_sla import submitted_between, utc_now
from services.unit_of_work import UnitOfWork

COUNT_CAP: Final = 10_000
"""A view counts up to this many rows exactly and says "10,000+" beyond."""

_OPEN_ASSIGNED: Final = (ReviewStatus.ASSIGNED, ReviewStatus.IN_REVIEW)
_OPEN_VIEWS: Final = frozenset({QueueViewKind.MY_WORK, QueueViewKind.POOL, QueueViewKind.TEAM})
"""The views that show open entries only, whose search reads the open entries' own index (revision 0018)."""

TRIGRAM: Final = 3
"""A search of open work this long or longer is looked up in a trigram index (``rd_open_entries_matching``, 0018).

A shorter one has no three-letter piece to look up; it matches so many
entries that reading the queue in order and testing each row fills a page
soonest.
"""


@dataclass(frozen=True)
class QueueSourceTable:
    """Where a queue's rows come from: the table and the columns every view and filter needs."""

    table: Table
    folder_column: str = "folder_id"
    submitted_column: str = "submission_time"
    status_column: str = "review_status"
    assignee_column: str = "review_assigned_to_id"
    reviewer_column: str = "reviewer_id"
    reviewed_column: str = "review_date"

    def column(self, name: str) -> ColumnElement[Any]:
        return cast(ColumnElement[Any], self.table.c[name])


ENTRY_QUEUE: Final = QueueSourceTable(cast(Table, Entry.__table__))
"""The fraud review queue: ``entries``."""

_folders: Final = cast(Table, Folder.__table__)
_properties: Final = cast(Table, Property.__table__)
_applicants: Final = cast(Table, Applicant.__table__)
_users: Final = cast(Table, User.__table__)
_proofs: Final = cast(Table, Proof.__table__)
_matches: Final = cast(Table, MatchingEntry.__table__)


async def search_queue(
    uow: UnitOfWork,
    query: QueueQuery,
    *,
    after: QueueCursor | None = None,
    limit: int = 200,
    now: datetime.datetime | None = None,
    source: QueueSourceTable = ENTRY_QUEUE,
    scope: QueueScope = QueueScope.QUEUE_ORDER,
) -> QueuePage:
    """One page of a view: ``limit`` rows after ``after`` in the query's order, filtered on the server."""
    if limit < 1:
        raise ValueError(f"limit must be positive, not {limit}")
    statement = search_statement(source, query, after, limit + 1, now or utc_now(), scope=scope)
    async with uow.transaction() as session:
        fetched = (await session.execute(statement)).all()
    rows = tuple(_row(values) for values in fetched[:limit])
    next_cursor = QueueCursor.after_row(rows[-1]) if len(fetched) > limit else None
    return QueuePage(rows=rows, next_cursor=next_cursor)


async def load_view_rows(
    uow: UnitOfWork,
    query: QueueQuery,
    entry_ids: Collection[uuid.UUID],
    *,
    source: QueueSourceTable = ENTRY_QUEUE,
    scope: QueueScope = QueueScope.QUEUE_ORDER,
) -> tuple[QueueRow, ...]:
    """The rows of ``entry_ids`` that are in the view now, in its order: what a live change re-reads."""
    if not entry_ids:
        return ()
    statement = search_statement(source, query, None, None, utc_now(), entry_ids, scope)
    async with uow.transaction() as session:
        return tuple(_row(values) for values in await session.execute(statement))


class ViewQueue:
    """One view with its filters and order, bound to a unit of work: a :class:`QueueSource` for the table."""

    def __init__(
        self,
        uow: UnitOfWork,
        query: QueueQuery,
        source: QueueSourceTable = ENTRY_QUEUE,
        scope: QueueScope = QueueScope.QUEUE_ORDER,
    ) -> None:
        self._uow = uow
        self.query = query
        self._source = source
        self._scope = scope

    async def load_page(self, after: QueueCursor | None, limit: int) -> QueuePage:
        return await search_queue(
            self._uow, self.query, after=after, limit=limit, source=self._source, scope=self._scope
        )

    async def rows_for(self, entry_ids: Collection[uuid.UUID]) -> tuple[QueueRow, ...]:
        return await load_view_rows(self._uow, self.query, entry_ids, source=self._source, scope=self._scope)

    async def count(self) -> int:
        return (await count_view(self._uow, self.query, source=self._source)).total


class QueueViews:
    """Every view of one person's queues area: what the composition root hands the queues panel."""

    def __init__(
        self, uow: UnitOfWork, source: QueueSourceTable = ENTRY_QUEUE, scope: QueueScope = QueueScope.QUEUE_ORDER
    ) -> None:
        self._uow = uow
        self._source = source
        self._scope = scope

    def source_for(self, query: QueueQuery) -> ViewQueue:
        return ViewQueue(self._uow, query, self._source, self._scope)

    async def count(self, query: QueueQuery) -> QueueCount:
        return await count_view(self._uow, query, source=self._source)


async def count_view(
    uow: UnitOfWork,
    query: QueueQuery,
    *,
    now: datetime.datetime | None = None,
    source: QueueSourceTable = ENTRY_QUEUE,
    cap: int = COUNT_CAP,
) -> QueueCount:
    """How many rows the view (with its filters) holds, counting no further than ``cap``."""
    chosen = (
        select(literal(1))
        .select_from(source.table)
        .where(*_clauses(source, query, now or utc_now(), QueueScope.QUEUE_ORDER))
        .limit(cap + 1)
        .subquery("counted")
    )
    async with uow.transaction() as session:
        total = int((await session.execute(select(func.count()).select_from(chosen))).scalar_one())
    return QueueCount(total=min(total, cap), capped=total > cap)


# --------------------------------------------------------------------- query
def search_statement(
    source: QueueSourceTable,
    query: QueueQuery,
    after: QueueCursor | None,
    limit: int | None,
    now: datetime.datetime,
    entry_ids: Collection[uuid.UUID] = (),
    scope: QueueScope = QueueScope.QUEUE_ORDER,
) -> Select[Any]:
    """The exact statement a page runs (or, given ``entry_ids``, the re-read of those); public for ``bench``."""
    table = source.table
    key = _sort_column(source, query.order.column)
    entry_id = table.c.id
    where = list(_clauses(source, query, now, scope))
    if entry_ids:
        where.append(entry_id.in_(sorted(set(entry_ids))))
    if after is not None:
        cursor = (after.sort_value, after.entry_id)
        where.append(tuple_(key, entry_id) < cursor if query.order.descending else tuple_(key, entry_id) > cursor)
    ordering = (key.desc(), entry_id.desc()) if query.order.descending else (key.asc(), entry_id.asc())
    chosen = (
        select(
            entry_id.label("id"),
            key.label("sort_value"),
            table.c.short_id,
            table.c.folder_id,
            source.column(source.submitted_column).label("submitted_at"),
            source.column(source.status_column).label("review_status"),
            table.c.suggested_ruling,
            source.column(source.assignee_column).label("assignee_id"),
            table.c.result,
        )
        .where(*where)
        .order_by(*ordering)
        .limit(limit)
    )
    if scope is QueueScope.VISIBLE_FOLDERS:
        folder = source.column(source.folder_column)
        order = ("sort_value", "id")
        page = per_visible_folder(chosen, folder, order, descending=query.order.descending, limit=limit, name="page")
    else:
        page = chosen.subquery("page")
    first_applicant = first_applicant_of(page.c.id)
    assignee_name = func.coalesce(
        func.nullif(func.concat_ws(" ", _users.c.first_name, _users.c.last_name), ""), _users.c.email
    )
    page_order = (page.c.sort_value, page.c.id)
    return (
        select(
            page.c.id,
            page.c.sort_value,
            page.c.short_id,
            first_applicant.c.name.label("applicant_name"),
            func.coalesce(_folders.c.property_name, _properties.c.name).label("property_name"),
            page.c.submitted_at,
            page.c.review_status,
            page.c.suggested_ruling,
            assignee_name.label("assigned_to"),
            page.c.result,
        )
        .select_from(page)
        .outerjoin(_folders, _folders.c.id == page.c.folder_id)
        .outerjoin(_properties, _properties.c.id == _folders.c.property_id)
        .outerjoin(_users, _users.c.id == page.c.assignee_id)
        .outerjoin(first_applicant, true())
        .order_by(*(column.desc() if query.order.descending else column.asc() for column in page_order))
    )


def _clauses(
    source: QueueSourceTable, query: QueueQuery, now: datetime.datetime, scope: QueueScope
) -> list[ColumnElement[bool]]:
    submitted = source.column(source.submitted_column)
    return [
        submitted.is_not(None),
        *_view_clauses(source, query.view),
        *_filter_clauses(source, query.filters, now),
        *_search_clauses(source, query.filters.search_text, scope, query.view),
    ]


def _view_clauses(source: QueueSourceTable, view: QueueViewKind) -> list[ColumnElement[bool]]:
    status = source.column(source.status_column)
    me = func.rd_current_user_id()
    match view:
        case QueueViewKind.MY_WORK:
            return [status.in_(_OPEN_ASSIGNED), source.column(source.assignee_column) == select(me).scalar_subquery()]
        case QueueViewKind.POOL:
            return [status == ReviewStatus.UNASSIGNED]
        case QueueViewKind.TEAM:
            return [status.in_(_OPEN_ASSIGNED)]
        case QueueViewKind.COMPLETED:
            return [
                status == ReviewStatus.COMPLETED,
                source.column(source.reviewer_column) == select(me).scalar_subquery(),
            ]


def _filter_clauses(
    source: QueueSourceTable, filters: QueueFilters, now: datetime.datetime
) -> list[ColumnElement[bool]]:
    table = source.table
    entry_id = table.c.id
    clauses: list[ColumnElement[bool]] = []
    folder = source.column(source.folder_column)
    if filters.property_id is not None:
        clauses.append(folder.in_(select(_folders.c.id).where(_folders.c.property_id == filters.property_id)))
    if filters.company_id is not None:
        clauses.append(folder.in_(select(_folders.c.id).where(_folders.c.company_id == filters.company_id)))
    if filters.suggested_ruling is not None:
        try:
            clauses.append(table.c.suggested_ruling == SuggestedRuling(filters.suggested_ruling))
        except ValueError:
            clauses.append(false())
    if filters.repeat_applicant is not None:
        clauses.append(table.c.has_previously_submitted.is_(filters.repeat_applicant))
    if filters.strong_match:
        clauses.append(
            exists().where(_matches.c.entry_id == entry_id, _matches.c.match_percentage >= STRONG_MATCH_PERCENT)
        )
    if filters.document_type is not None:
        clauses.append(exists().where(_proofs.c.entry_id == entry_id, _proofs.c.type == filters.document_type))
    if filters.sla_state is not None:
        after, at_or_before = submitted_between(filters.sla_state, now)
        submitted = source.column(source.submitted_column)
        if after is not None:
            clauses.append(submitted > after)
        if at_or_before is not None:
            clauses.append(submitted <= at_or_before)
    return clauses


def _search_clauses(
    source: QueueSourceTable, text: str, scope: QueueScope, view: QueueViewKind
) -> list[ColumnElement[bool]]:
    """The search box: part of the applicant's name or email, or of the short id, in any case.

    In queue order, a search of :data:`TRIGRAM` letters or more in a view of
    open work takes its entries from the open entries' own trigram index
    (through ``rd_open_entries_matching``: under row-level security the caller's
    own ``ILIKE`` could not use it), which a common surname's thousands of
    completed entries do not slow down. Everywhere else every row the view
    reads is tested: from the visible folders (what the person may see is
    few rows already) and in Recently completed, which is one person's own
    rulings (3,500 for the demo reviewer at 1,000,000 entries): a common
    surname fills a page from its first few hundred, where looking it up
    among every entry of all time read ~30,000 matches.
    """
    if not text:
        return []
    entry_id = source.table.c.id
    pattern = "%" + _escape_like(text) + "%"
    if scope is QueueScope.QUEUE_ORDER and view in _OPEN_VIEWS and len(text) >= TRIGRAM:
        return [entry_id.in_(select(func.rd_open_entries_matching(pattern)))]
    return [
        or_(
            source.table.c.short_id.ilike(pattern, escape="\\"),
            exists().where(
                _applicants.c.entry_id == entry_id,
                or_(
                    applicant_name().ilike(pattern, escape="\\"),
                    _applicants.c.email.ilike(pattern, escape="\\"),
                ),
            ),
        )
    ]


def _sort_column(source: QueueSourceTable, column: SortColumn) -> ColumnElement[Any]:
    table = source.table
    match column:
        case SortColumn.SUBMITTED:
            return source.column(source.submitted_column)
        case SortColumn.SHORT_ID:
            return cast(ColumnElement[Any], func.coalesce(table.c.short_id, ""))
        case SortColumn.SUGGESTED_RULING:
            return cast(ColumnElement[Any], sql_cast(table.c.suggested_ruling, Text))
        case SortColumn.REVIEWED:
            epoch = datetime.datetime(1970, 1, 1)
            return cast(ColumnElement[Any], func.coalesce(source.column(source.reviewed_column), epoch))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _row(values: Any) -> QueueRow:
    return QueueRow(
        entry_id=values.id,
        short_id=values.short_id,
        applicant_name=values.applicant_name,
        property_name=values.property_name,
        submitted_at=values.submitted_at,
        review_status=ReviewStatus(values.review_status),
        suggested_ruling=SuggestedRuling(values.suggested_ruling),
        assigned_to=values.assigned_to,
        ruling=values.result,
        sort_value=values.sort_value,
    )
