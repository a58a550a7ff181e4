"""The reviewer's bench paths run in full as a reviewer and leave the database exactly as they found it."""

from __future__ import annotations

import asyncio
import datetime
from typing import Any

import psycopg

from services.review_bench import ReviewerBench, Samples
from tests.factories import DEFAULT_SUBMITTED_AT
from tests.reviewer_desk import Desk, insert_reviewable

SNAPSHOT_TABLES = (
    "fraud_reviews",
    "fraud_document_reviews",
    "fraud_results",
    "ruling_submissions",
    "oban_jobs",
    "audit_log",
)


def snapshot(desk: Desk) -> dict[str, Any]:
    with desk.owner() as owner:
        state: dict[str, Any] = {
            table: owner.execute(f"SELECT count(*) FROM {table}").fetchone() for table in SNAPSHOT_TABLES
        }
        state["entries"] = owner.execute(
            "SELECT id, review_status, review_assigned_to_id, result FROM entries ORDER BY id"
        ).fetchall()
        state["proofs"] = owner.execute("SELECT id, result FROM proof ORDER BY id").fetchall()
    return state


def test_the_bench_times_every_reviewer_path_and_keeps_nothing(desk: Desk) -> None:
    with desk.owner() as owner:
        entry = insert_reviewable(owner, short_id="E-1")
        insert_reviewable(owner, short_id="E-2", submitted_at=DEFAULT_SUBMITTED_AT + datetime.timedelta(hours=1))
    before = snapshot(desk)

    async def scenario() -> tuple[Any, tuple[Samples, Samples], tuple[Samples, Samples]]:
        async with (
            desk.engine("reviewer1") as engine,
            await psycopg.AsyncConnection.connect(desk.urls["reviewer1"], autocommit=True) as floor,
        ):
            bench = ReviewerBench(engine, floor, runs=3)
            claimed = await bench.claim_next()
            assert claimed is not None
            return claimed, await bench.open_case(claimed[0]), await bench.submit_ruling()

    (entry_id, *claim), opened, submitted = asyncio.run(scenario())

    assert entry_id == entry.entry_id  # the most urgent entry, every run: nothing was kept
    for samples in (*claim, *opened, *submitted):
        assert 0 < samples.median_ms <= samples.p95_ms
    assert snapshot(desk) == before
