"""The queue model without any widget: paging and live-change rules hard to provoke through a real database.

The source here is an in-memory queue whose pages arrive only when the
test releases them, so the test decides the interleaving: a reload while a
page is in flight, two fetch requests at once, a failure in the middle, a
change announced while a page is on its way. What the database returns is
covered by the service and window tests.
"""

from __future__ import annotations

import asyncio
import datetime
import uuid
from collections.abc import Collection
from dataclasses import dataclass, field

from PySide6.QtCore import QModelIndex

from services.changes import ChangeKind, Changes
from services.errors import DatabaseUnavailable
from services.queue_rows import QueueCursor, QueuePage, QueueRow
from tests.ui.conftest import wait_until
from ui.queue_model import QueueColumn, QueueTableModel

ROOT = QModelIndex()


def row(n: int, status: str = "UNASSIGNED") -> QueueRow:
    return QueueRow(
        entry_id=uuid.UUID(int=n),
        short_id=f"E-{n:07d}",
        applicant_name=f"Applicant {n}",
        property_name="Maple Court",
        submitted_at=datetime.datetime(2025, 1, 1) + datetime.timedelta(minutes=n),
        review_status=status,
        suggested_ruling="NOT_RUN",
    )


@dataclass
class GatedQueue:
    """``size`` rows, paged by position; each request waits until the test opens the gate."""

    size: int
    gate: asyncio.Event = field(default_factory=asyncio.Event)
    requests: list[QueueCursor | None] = field(default_factory=list)
    failing: bool = False
    statuses: dict[int, str] = field(default_factory=dict)
    """Rows whose review status changed since the test began (``COMPLETED`` leaves the queue)."""
    reread: list[set[uuid.UUID]] = field(default_factory=list)

    def current(self, numbers: range | list[int]) -> list[QueueRow]:
        return [row(n, self.statuses.get(n, "UNASSIGNED")) for n in numbers if self.statuses.get(n) != "COMPLETED"]

    async def load_page(self, after: QueueCursor | None, limit: int) -> QueuePage:
        self.requests.append(after)
        await self.gate.wait()
        if self.failing:
            raise DatabaseUnavailable(
                "The database is not answering: connection failed: server closed the connection unexpectedly"
            )
        start = 0 if after is None else int(after.entry_id) + 1
        rows = tuple(self.current(range(start, self.size))[:limit])
        more = bool(rows) and rows[-1].entry_id.int < self.current(range(self.size))[-1].entry_id.int
        return QueuePage(rows=rows, next_cursor=QueueCursor.after_row(rows[-1]) if more else None)

    async def rows_for(self, entry_ids: Collection[uuid.UUID]) -> tuple[QueueRow, ...]:
        self.reread.append(set(entry_ids))
        await self.gate.wait()
        if self.failing:
            raise DatabaseUnavailable("The database is not answering: terminating connection")
        return tuple(self.current(sorted(entry_id.int for entry_id in entry_ids if entry_id.int < self.size)))

    async def count(self) -> int:
        return self.size


async def whole_queue(size: int) -> tuple[GatedQueue, QueueTableModel]:
    """A model that has loaded all of an open-gated queue of ``size`` rows in one page."""
    source = GatedQueue(size=size)
    source.gate.set()
    model = QueueTableModel(source, page_size=size + 5)
    model.reload()
    await wait_until(lambda: model.rowCount() == size and model.exhausted, what="the queue")
    return source, model


def short_ids(model: QueueTableModel) -> list[str]:
    return [model.index(r, QueueColumn.SHORT_ID).data() for r in range(model.rowCount())]


def test_only_one_page_loads_at_a_time(qt_loop: asyncio.AbstractEventLoop) -> None:
    async def scenario() -> None:
        source = GatedQueue(size=10)
        model = QueueTableModel(source, page_size=4)
        model.reload()
        assert not model.canFetchMore(ROOT)
        model.fetchMore(ROOT)  # the view asking again while the first page is on its way
        await asyncio.sleep(0.05)
        assert source.requests == [None]

        source.gate.set()
        await wait_until(lambda: model.rowCount() == 4, what="the first page")
        assert model.canFetchMore(ROOT)
        model.fetchMore(ROOT)
        model.fetchMore(ROOT)
        await wait_until(lambda: model.rowCount() == 8, what="the second page")
        assert len(source.requests) == 2
        model.fetchMore(ROOT)
        await wait_until(lambda: model.exhausted, what="the last page")
        assert short_ids(model) == [f"E-{n:07d}" for n in range(10)]
        assert not model.canFetchMore(ROOT)

    qt_loop.run_until_complete(scenario())


def test_reload_wins_over_a_page_still_in_flight(qt_loop: asyncio.AbstractEventLoop) -> None:
    async def scenario() -> None:
        slow = GatedQueue(size=10)
        model = QueueTableModel(slow, page_size=4)
        pages: list[int] = []
        model.page_loaded.connect(pages.append)
        model.reload()
        await asyncio.sleep(0.05)
        model.reload()  # the reviewer pressed F5 before the first page arrived
        slow.gate.set()
        await wait_until(lambda: model.rowCount() > 0 and not model.loading, what="the reloaded page")
        await asyncio.sleep(0.05)

        assert pages == [4]  # the first request's page never landed
        assert short_ids(model) == [f"E-{n:07d}" for n in range(4)]

    qt_loop.run_until_complete(scenario())


def test_failure_stops_paging_and_retry_continues_where_it_stopped(qt_loop: asyncio.AbstractEventLoop) -> None:
    async def scenario() -> None:
        source = GatedQueue(size=6)
        source.gate.set()
        model = QueueTableModel(source, page_size=3)
        failures: list[str] = []
        model.load_failed.connect(failures.append)
        model.reload()
        await wait_until(lambda: model.rowCount() == 3, what="the first page")

        source.failing = True
        model.fetchMore(ROOT)
        await wait_until(lambda: model.error is not None, what="the failure")
        assert failures == [
            "The database is not answering: connection failed: server closed the connection unexpectedly"
        ]
        assert not model.canFetchMore(ROOT)
        assert model.rowCount() == 3

        source.failing = False
        model.retry()
        await wait_until(lambda: model.exhausted, what="the retried page")
        assert model.error is None
        assert short_ids(model) == [f"E-{n:07d}" for n in range(6)]
        assert source.requests[-1] == QueueCursor.after_row(row(2))

    qt_loop.run_until_complete(scenario())


def test_a_bug_in_the_source_is_a_message_not_a_crash(qt_loop: asyncio.AbstractEventLoop) -> None:
    class BrokenQueue(GatedQueue):
        async def load_page(self, after: QueueCursor | None, limit: int) -> QueuePage:
            raise KeyError("suggested_ruling")

    async def scenario() -> None:
        model = QueueTableModel(BrokenQueue(size=1), page_size=3)
        model.reload()
        await wait_until(lambda: model.error is not None, what="the failure")
        assert model.error == "Unexpected error while loading the queue (KeyError); see the log."

    qt_loop.run_until_complete(scenario())


def test_a_change_announced_while_a_page_loads_is_read_after_it(qt_loop: asyncio.AbstractEventLoop) -> None:
    async def scenario() -> None:
        source = GatedQueue(size=10)
        model = QueueTableModel(source, page_size=4)
        resets: list[None] = []
        model.modelReset.connect(lambda: resets.append(None))
        model.reload()
        source.statuses[2] = "ASSIGNED"
        model.apply_changes(Changes.entries(uuid.UUID(int=2)))
        await asyncio.sleep(0.05)
        assert source.reread == []  # the page in flight may already carry the change

        source.gate.set()
        await wait_until(lambda: source.reread and not model.loading, what="the re-read")
        source.statuses[1] = "COMPLETED"
        model.apply_changes(Changes.entries(uuid.UUID(int=1), uuid.UUID(int=9)))
        await wait_until(lambda: model.rowCount() == 3, what="the ruled entry to leave")

        assert source.reread == [{uuid.UUID(int=2)}, {uuid.UUID(int=1), uuid.UUID(int=9)}]
        assert short_ids(model) == ["E-0000000", "E-0000002", "E-0000003"]  # 9 waits for its page
        assert model.index(1, QueueColumn.REVIEW_STATUS).data() == "Assigned"
        assert len(resets) == 1  # the first load only: changes never reset the model

    qt_loop.run_until_complete(scenario())


def test_a_failed_re_read_says_so_and_retry_refreshes(qt_loop: asyncio.AbstractEventLoop) -> None:
    async def scenario() -> None:
        source, model = await whole_queue(size=5)

        source.failing = True
        source.statuses[0] = "IN_REVIEW"
        model.apply_changes(Changes.entries(uuid.UUID(int=0)))
        await wait_until(lambda: model.error is not None, what="the failure")
        assert model.error == "The database is not answering: terminating connection"
        assert model.rowCount() == 5

        source.failing = False
        requests = len(source.requests)
        model.retry()
        await wait_until(lambda: model.error is None and not model.loading, what="the refresh")
        assert source.requests[requests:] == [None]  # from the start: the lost change may be anywhere
        assert model.index(0, QueueColumn.REVIEW_STATUS).data() == "In review"

    qt_loop.run_until_complete(scenario())


def test_a_resync_refreshes_and_other_kinds_are_ignored(qt_loop: asyncio.AbstractEventLoop) -> None:
    async def scenario() -> None:
        source, model = await whole_queue(size=3)
        requests = len(source.requests)

        model.apply_changes(Changes.of(ChangeKind.PERSON))
        await asyncio.sleep(0.05)
        assert len(source.requests) == requests
        assert source.reread == []

        source.statuses[1] = "COMPLETED"
        model.apply_changes(Changes(resync=True))
        await wait_until(lambda: model.rowCount() == 2, what="the resync")
        assert source.requests[requests:] == [None]

    qt_loop.run_until_complete(scenario())


def test_an_access_change_refreshes_the_whole_queue(qt_loop: asyncio.AbstractEventLoop) -> None:
    """A grant or revoke changes which entries a company-side person sees at all: no id list can say which."""

    async def scenario() -> None:
        source, model = await whole_queue(size=3)
        requests = len(source.requests)
        source.statuses[1] = "COMPLETED"
        model.apply_changes(Changes.of(ChangeKind.ACCESS))
        await wait_until(lambda: model.rowCount() == 2, what="the refresh")
        assert source.requests[requests:] == [None]

    qt_loop.run_until_complete(scenario())
