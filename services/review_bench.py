"""Timing the reviewer's hot paths against their floor, for ``ruling-desk bench``.

Each path runs through the service layer exactly as the workstation runs
it, and its **floor** is the very same SQL, recorded from the service's
own cursor and replayed through one bare psycopg connection: the ratio is
what our layers (SQLAlchemy, result objects, checks) cost on top of what
PostgreSQL needs. Both run signed in as the same person, so row-level
security is in every plan of both.

Nothing a bench does stays: every timed transaction is rolled back, so
claim-next claims the same entry run after run and a submit never
completes a real case (commit time is thus not in either figure). A
submit is timed after an untimed claim of the entry it rules on, in the
same transaction, as the reviewer's "submit" follows their claim.
"""

from __future__ import annotations

import statistics
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from typing import Any

import psycopg
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from services import claims
from services.case import open_case, read_case
from services.ruling import write_ruling
from services.ruling_submission import DocumentRuling, RulingSubmission
from services.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class PathFigure:
    """One hot path's figures, in the shape ``bench --json`` prints."""

    path: str
    role: str
    entries: int
    median_ms: float
    p95_ms: float
    floor_median_ms: float

    @property
    def ratio(self) -> float:
        return self.median_ms / self.floor_median_ms if self.floor_median_ms else float("inf")


@dataclass(frozen=True, slots=True)
class Samples:
    median_ms: float
    p95_ms: float


async def sample(action: Callable[[], Awaitable[object]], runs: int) -> Samples:
    """Median and 95th percentile of ``runs`` timings of ``action``, after one warm-up run."""

    async def whole() -> float:
        started = time.perf_counter()
        await action()
        return (time.perf_counter() - started) * 1000

    return await sample_timed(whole, runs)


async def sample_timed(action: Callable[[], Awaitable[float]], runs: int) -> Samples:
    """Like :func:`sample` for an ``action`` that returns the milliseconds of its own timed part."""
    await action()  # warm caches and plans once; the figure is the steady state
    timings = [await action() for _ in range(runs)]
    p95 = statistics.quantiles(timings, n=20, method="inclusive")[18] if len(timings) > 1 else timings[0]
    return Samples(statistics.median(timings), p95)


class RolledBackUnitOfWork(UnitOfWork):
    """Transactions that always roll back: a use case runs in full and leaves nothing behind."""

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        async with self._session_factory() as session, session.begin() as transaction:
            yield session
            await transaction.rollback()


type Statement = tuple[str, Any, bool]
"""SQL, its driver parameters, and whether it was sent as an ``executemany``."""


@contextmanager
def recorded_statements(engine: AsyncEngine) -> Iterator[list[Statement]]:
    """Every statement (and its driver parameters) the engine sends while the block runs."""
    statements: list[Statement] = []

    def record(_conn: object, _cursor: object, statement: str, parameters: Any, _context: object, many: bool) -> None:
        statements.append((statement, parameters, many))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


async def replay(conn: psycopg.AsyncConnection[Any], statements: list[Statement]) -> None:
    """Send recorded statements through a bare cursor, reading every row, as the floor does."""
    async with conn.cursor() as cursor:
        for statement, parameters, many in statements:
            if many:
                await cursor.executemany(statement, parameters)
                continue
            await cursor.execute(statement, parameters or None)
            if cursor.description is not None:
                await cursor.fetchall()


class ReviewerBench:
    """The reviewer's paths for one signed-in person: ``engine`` and ``floor`` connect as them."""

    def __init__(self, engine: AsyncEngine, floor: psycopg.AsyncConnection[Any], *, runs: int) -> None:
        self._engine = engine
        self._sessions = async_sessionmaker(engine, expire_on_commit=False)
        self._uow = RolledBackUnitOfWork(self._sessions)
        self._floor = floor
        self._runs = runs

    @property
    def uow(self) -> UnitOfWork:
        return self._uow

    @property
    def runs(self) -> int:
        return self._runs

    async def claim_next(self) -> tuple[uuid.UUID, Samples, Samples] | None:
        """The entry claim-next claims (run after run: nothing is kept), and the figures; ``None`` if none."""
        with recorded_statements(self._engine) as statements:
            entry_id = (await claims.claim_next(self._uow)).entry_id
        if entry_id is None:
            return None
        service = await sample(lambda: claims.claim_next(self._uow), self._runs)
        return entry_id, service, await sample(lambda: self._replayed(statements), self._runs)

    async def open_case(self, entry_id: uuid.UUID) -> tuple[Samples, Samples]:
        with recorded_statements(self._engine) as statements:
            await open_case(self._uow, entry_id)
        service = await sample(lambda: open_case(self._uow, entry_id), self._runs)
        return service, await sample(lambda: self._replayed(statements), self._runs)

    async def submit_ruling(self) -> tuple[Samples, Samples]:
        """A submit (every document CLEAN) after an untimed claim; call after :meth:`claim_next` found one."""
        recorded: list[list[Statement]] = []
        if await self._submit_once(recorded) is None:
            raise LookupError("the unassigned pool is empty")
        claim_statements, submit_statements = recorded
        service = await sample_timed(lambda: self._timed_submit(), self._runs)
        floor = await sample_timed(lambda: self._replayed_submit(claim_statements, submit_statements), self._runs)
        return service, floor

    async def _timed_submit(self) -> float:
        elapsed = await self._submit_once([])
        if elapsed is None:
            raise LookupError("the unassigned pool is empty")
        return elapsed

    async def _replayed(self, statements: list[Statement]) -> None:
        async with self._floor.transaction(force_rollback=True):
            await replay(self._floor, statements)

    async def _submit_once(self, record_into: list[list[Statement]]) -> float | None:
        async with self._sessions() as session, session.begin() as transaction:
            with recorded_statements(self._engine) as claim_statements:
                entry_id = await claims.claim_in(session)
            if entry_id is None:
                return None
            case = await read_case(session, entry_id)
            submission = RulingSubmission(
                entry_id=entry_id,
                documents=tuple(DocumentRuling(document.proof_id, "CLEAN") for document in case.documents),
                submission_id=uuid.UUID(int=0),
            )
            with recorded_statements(self._engine) as submit_statements:
                started = time.perf_counter()
                await write_ruling(session, submission)
                elapsed = (time.perf_counter() - started) * 1000
            await transaction.rollback()
        record_into += [claim_statements, submit_statements]
        return elapsed

    async def _replayed_submit(self, claim_statements: list[Statement], submit_statements: list[Statement]) -> float:
        async with self._floor.transaction(force_rollback=True):
            await replay(self._floor, claim_statements)
            started = time.perf_counter()
            await replay(self._floor, submit_statements)  # the notification job's function call included
            return (time.perf_counter() - started) * 1000
