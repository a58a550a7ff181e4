"""``ruling-desk worker`` runs real jobs from the shared table and stops on request."""

from __future__ import annotations

import json
import signal
import time

import psycopg

from tests.cli import start_cli


def test_worker_node_runs_a_queued_job_and_stops_on_sigterm(migrated_libpq_url: str) -> None:
    with psycopg.connect(migrated_libpq_url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO unauthenticated_session (token, ip_address, application, property, inserted_at)"
            " VALUES (gen_random_uuid(), '203.0.113.9', '{}', '{}', (now() at time zone 'utc') - interval '3 days')"
        )
        job_id = conn.execute(
            "INSERT INTO oban_jobs (queue, worker, args) VALUES ('desk_maintenance', %s, %s) RETURNING id",
            ("services.jobs.session_cleanup.SessionCleanupWorker", json.dumps({})),
        ).fetchone()[0]
    worker = start_cli("worker", "--database-url", migrated_libpq_url, "--node", "test-node")
    try:
        deadline = time.monotonic() + 30
        state = None
        while time.monotonic() < deadline:
            with psycopg.connect(migrated_libpq_url) as conn:
                state = conn.execute("SELECT state::text FROM oban_jobs WHERE id = %s", (job_id,)).fetchone()[0]
            if state == "completed":
                break
            time.sleep(0.2)
        assert state == "completed"
        with psycopg.connect(migrated_libpq_url) as conn:
            assert conn.execute("SELECT count(*) FROM unauthenticated_session").fetchone() == (0,)
    finally:
        worker.send_signal(signal.SIGTERM)
        out, err = worker.communicate(timeout=30)
    assert worker.returncode == 0, err
    assert "worker node test-node running" in out
    assert "worker node test-node stopped" in out
