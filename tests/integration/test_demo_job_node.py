"""The embedded demo runs its jobs with no extra command; a central deployment leaves that to its workers.

Two worker nodes against one database share a batch of jobs and run each
exactly once (oban's locking, proven here on our tables and roles).
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg_pool import AsyncConnectionPool

from app.connection import Connection
from app.settings import Settings
from app.worker_command import demo_job_node
from services.jobs import MAINTENANCE_QUEUE, run_worker_node


def _cleanup_job(owner_url: str) -> int:
    with psycopg.connect(owner_url, autocommit=True) as owner:
        row = owner.execute("SELECT rd_enqueue_session_cleanup()").fetchone()
    assert row is not None
    return int(row[0])


def _state(owner_url: str, job_id: int) -> str:
    with psycopg.connect(owner_url) as owner:
        row = owner.execute("SELECT state::text FROM oban_jobs WHERE id = %s", (job_id,)).fetchone()
    assert row is not None
    return str(row[0])


async def _until(predicate: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


@pytest.mark.asyncio
async def test_the_embedded_demo_runs_its_jobs_and_a_central_workstation_does_not(
    migrated_libpq_url: str, tmp_path: Path
) -> None:
    connection = Connection(url=migrated_libpq_url, embedded=None, started_server=False)
    central = Settings(data_dir=tmp_path, database_url=migrated_libpq_url)
    waiting = _cleanup_job(migrated_libpq_url)
    async with demo_job_node(central, connection):
        await asyncio.sleep(1.5)
        assert _state(migrated_libpq_url, waiting) == "available"
    async with demo_job_node(Settings(data_dir=tmp_path, database_url=None), connection):
        await _until(lambda: _state(migrated_libpq_url, waiting) == "completed", 10, "the demo's node")
        with psycopg.connect(migrated_libpq_url) as owner:
            nodes = owner.execute("SELECT node FROM oban_producers").fetchall()
        assert any(node.endswith("-desk") for (node,) in nodes)


@pytest.mark.asyncio
async def test_two_nodes_share_a_batch_and_run_each_job_once(migrated_libpq_url: str) -> None:
    with psycopg.connect(migrated_libpq_url, autocommit=True) as owner:
        owner.execute("CREATE TABLE IF NOT EXISTS job_runs_probe (job_id bigint, node text)")
        owner.execute("TRUNCATE job_runs_probe")
        owner.execute(
            "CREATE OR REPLACE FUNCTION probe_record_run() RETURNS trigger LANGUAGE plpgsql AS $$"
            " BEGIN INSERT INTO job_runs_probe VALUES (NEW.id, NEW.attempted_by[1]); RETURN NEW; END $$"
        )
        owner.execute(
            "CREATE OR REPLACE TRIGGER probe_run AFTER UPDATE OF state ON oban_jobs FOR EACH ROW"
            " WHEN (NEW.state = 'executing' AND OLD.state <> 'executing') EXECUTE FUNCTION probe_record_run()"
        )
    batch = [_cleanup_job(migrated_libpq_url) for _ in range(40)]
    pools = [AsyncConnectionPool(migrated_libpq_url, min_size=1, max_size=4, open=False) for _ in range(2)]
    try:
        for pool in pools:
            await pool.open(wait=True, timeout=10)
        async with (
            run_worker_node(pools[0], node="node-a", queues={MAINTENANCE_QUEUE: 3}, leadership=False),
            run_worker_node(pools[1], node="node-b", queues={MAINTENANCE_QUEUE: 3}, leadership=False),
        ):
            await _until(lambda: all(_state(migrated_libpq_url, job) == "completed" for job in batch), 60, "the batch")
    finally:
        for pool in pools:
            await pool.close()
    with psycopg.connect(migrated_libpq_url, autocommit=True) as owner:
        runs = owner.execute(
            "SELECT job_id, count(*), min(node) FROM job_runs_probe WHERE job_id = ANY(%s) GROUP BY job_id", (batch,)
        ).fetchall()
        owner.execute("DROP TRIGGER probe_run ON oban_jobs")
        owner.execute("DROP FUNCTION probe_record_run()")
        owner.execute("DROP TABLE job_runs_probe")
    assert sorted(job for job, _, _ in runs) == sorted(batch)
    assert {count for _, count, _ in runs} == {1}
    assert {node for _, _, node in runs} == {"node-a", "node-b"}  # both took part
