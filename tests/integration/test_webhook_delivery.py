"""Webhooks leave the machine: signed POSTs to a real local HTTP server, retried, recorded.

A worker node logged in as ``rd_worker`` runs the jobs; the receiving end
is ``http.server`` in a thread, scripted per test (answer 200, 500 then
200, or too slowly). Every test checks both what the server received and
what the ``deliveries`` row and the job say afterwards.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from services.jobs import NOTIFICATIONS_QUEUE, build_client, enqueue_ruling_notification
from services.jobs import webhook_delivery as delivery_module
from services.jobs.nodes import run_worker_node
from services.jobs.webhook_post import SIGNATURE_HEADER, TIMESTAMP_HEADER
from tests.security_roles import World, refused

WAIT_SECONDS = 15.0


@dataclass
class Receiver:
    """What the local endpoint answers (one scripted step per request, the last one repeats) and got."""

    answers: list[tuple[int, float]] = field(default_factory=lambda: [(200, 0.0)])
    """(HTTP status, seconds to wait before answering) per request."""
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    url: str = ""

    def next_answer(self) -> tuple[int, float]:
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    script = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            script.received.append((dict(self.headers.items()), body))
            status, delay = script.next_answer()
            time.sleep(delay)
            try:
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()
            except OSError:  # the sender gave up waiting and closed the connection
                pass

        def log_message(self, *_: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    script.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/ruling-desk"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield script
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def _no_leftover_jobs(world: World) -> None:
    with world.owner() as owner:
        owner.execute("TRUNCATE oban_jobs")


def set_endpoint(world: World, url: str, *, new_key: bool = False) -> str | None:
    """Point company A's webhooks at ``url`` as the staff admin; the signing key if one was issued."""
    with world.connect("admin") as admin:
        row = admin.execute("SELECT rd_set_webhook_endpoint(%s, %s, %s)", (world.company_a, url, new_key)).fetchone()
    assert row is not None
    return row[0]


def record_delivery(world: World) -> int:
    """A webhook row about company A's entry A2, as the ruling notification records it."""
    with world.owner() as owner:
        row = owner.execute(
            "INSERT INTO deliveries (job_id, kind, entry_id, payload)"
            " VALUES ((SELECT coalesce(max(job_id), 0) + 1 FROM deliveries), 'webhook', %s, %s) RETURNING id",
            (world.screenings["A2"].entry_id, Jsonb({"event": "entry.ruled", "entry_id": "A2", "ruling": "CLEAN"})),
        ).fetchone()
    assert row is not None
    return int(row[0])


def delivery(world: World, delivery_id: int) -> dict[str, Any]:
    with world.owner() as owner, owner.cursor(row_factory=dict_row) as cur:
        row = cur.execute("SELECT * FROM deliveries WHERE id = %s", (delivery_id,)).fetchone()
    assert row is not None
    return row


def job(world: World, job_id: int | None) -> dict[str, Any]:
    with world.owner() as owner, owner.cursor(row_factory=dict_row) as cur:
        row = cur.execute("SELECT * FROM oban_jobs WHERE id = %s", (job_id,)).fetchone()
    assert row is not None
    return row


async def until_state(world: World, job_id: int | None, state: str) -> dict[str, Any]:
    row: dict[str, Any] = {}
    try:
        async with asyncio.timeout(WAIT_SECONDS):
            while (row := job(world, job_id))["state"] != state:
                await asyncio.sleep(0.05)
    except TimeoutError:
        pytest.fail(f"job {job_id} never reached {state!r}; last seen {row.get('state')!r}")
    return row


@asynccontextmanager
async def worker_node(world: World) -> AsyncIterator[None]:
    async with (
        world.pool("worker") as pool,
        run_worker_node(
            pool, node="webhook-test", queues={NOTIFICATIONS_QUEUE: 2}, leadership=False, stager_interval=0.05
        ),
    ):
        yield


async def enqueue_delivery(world: World, delivery_id: int) -> int:
    async with world.pool("worker") as pool:
        queued = await build_client(pool).enqueue(delivery_module.delivery_job(delivery_id))
    assert queued.id is not None
    return queued.id


def assert_signed(headers: dict[str, str], body: bytes, key: str) -> None:
    """The receiver's check, written out independently of the sender's code."""
    timestamp = headers[TIMESTAMP_HEADER]
    assert abs(int(timestamp) - time.time()) < 60
    expected = hmac.new(key.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    assert headers[SIGNATURE_HEADER] == f"sha256={expected}"
    assert headers["Content-Type"] == "application/json"


@pytest.mark.asyncio
async def test_a_ruling_on_a_company_with_an_endpoint_is_posted_signed_and_recorded(
    world: World, receiver: Receiver
) -> None:
    key = set_endpoint(world, receiver.url, new_key=True)
    assert key is not None and key.startswith("whk_")
    a1 = world.screenings["A1"]
    async with world.pool("reviewer1") as reviewer_pool, reviewer_pool.connection() as conn, conn.transaction():
        await conn.execute("UPDATE entries SET review_status = 'COMPLETED' WHERE id = %s", (a1.entry_id,))
        notification_job = await enqueue_ruling_notification(conn, a1.entry_id)
    async with worker_node(world):
        await until_state(world, notification_job, "completed")
        with world.owner() as owner:
            row = owner.execute(
                "SELECT d.id, j.id FROM deliveries AS d"
                " JOIN oban_jobs AS j ON (j.args ->> 'delivery_id')::bigint = d.id"
                " WHERE d.job_id = %s AND d.kind = 'webhook'",
                (notification_job,),
            ).fetchone()
        assert row is not None, "the webhook's sending was not enqueued"
        delivery_id, delivery_job = row
        sent_job = await until_state(world, delivery_job, "completed")

    [(headers, body)] = receiver.received
    assert_signed(headers, body, key)
    sent = json.loads(body)
    assert sent["delivery_id"] == delivery_id
    assert (sent["event"], sent["entry_id"]) == ("entry.ruled", str(a1.entry_id))
    recorded = delivery(world, delivery_id)
    assert (recorded["attempts"], recorded["response_status"], recorded["last_error"]) == (1, 200, None)
    assert recorded["sent_at"] is not None
    assert sent_job["queue"] == NOTIFICATIONS_QUEUE and sent_job["attempt"] == 1


@pytest.mark.asyncio
async def test_a_500_is_recorded_and_retried_after_the_spec_backoff_until_it_arrives(
    world: World, receiver: Receiver
) -> None:
    key = set_endpoint(world, receiver.url, new_key=True)
    assert key is not None
    receiver.answers = [(500, 0.0), (204, 0.0)]
    delivery_id = record_delivery(world)
    job_id = await enqueue_delivery(world, delivery_id)
    async with worker_node(world):
        failed = await until_state(world, job_id, "retryable")
        after_failure = delivery(world, delivery_id)
        with world.owner() as owner:  # skip the 15 s of backoff
            owner.execute("UPDATE oban_jobs SET scheduled_at = timezone('UTC', now()) WHERE id = %s", (job_id,))
        done = await until_state(world, job_id, "completed")

    assert (after_failure["attempts"], after_failure["response_status"]) == (1, 500)
    assert after_failure["last_error"] == "the endpoint answered HTTP 500 Internal Server Error"
    assert after_failure["sent_at"] is None
    [error] = failed["errors"]
    assert "HTTP 500" in error["error"]
    backoff = failed["scheduled_at"] - failed["attempted_at"]
    assert timedelta(seconds=14) < backoff < timedelta(seconds=17)
    assert failed["max_attempts"] == 20
    sent = delivery(world, delivery_id)
    assert (sent["attempts"], sent["response_status"], sent["last_error"]) == (2, 204, None)
    assert sent["sent_at"] is not None and done["attempt"] == 2
    assert len(receiver.received) == 2
    first, second = (body for _, body in receiver.received)
    assert first == second  # the same message, signed again at its own time
    for headers, body in receiver.received:
        assert_signed(headers, body, key)


@pytest.mark.asyncio
async def test_an_endpoint_that_does_not_answer_in_time_is_a_recorded_failure(
    world: World, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(delivery_module, "POST_TIMEOUT_SECONDS", 0.5)
    set_endpoint(world, receiver.url)
    receiver.answers = [(200, 3.0)]
    delivery_id = record_delivery(world)
    job_id = await enqueue_delivery(world, delivery_id)
    started = time.monotonic()
    async with worker_node(world):
        failed = await until_state(world, job_id, "retryable")
    assert time.monotonic() - started < 3.0

    recorded = delivery(world, delivery_id)
    assert (recorded["attempts"], recorded["response_status"], recorded["sent_at"]) == (1, None, None)
    assert recorded["last_error"] == "the endpoint did not answer within 0.5 s"
    assert "did not answer" in failed["errors"][0]["error"]


@pytest.mark.asyncio
async def test_an_unreachable_url_is_a_recorded_failure_and_a_malformed_one_is_refused(world: World) -> None:
    with world.connect("admin") as admin:
        for malformed in ("ftp://example.com/hook", "not a url", "http:///no-host", "https://exa mple.com/"):
            with refused("23514", "ck_webhook_endpoints_url"):
                admin.execute("SELECT rd_set_webhook_endpoint(%s, %s, false)", (world.company_a, malformed))
    set_endpoint(world, "http://127.0.0.1:9/nobody-listens")  # the discard port: closed here
    delivery_id = record_delivery(world)
    job_id = await enqueue_delivery(world, delivery_id)
    async with worker_node(world):
        failed = await until_state(world, job_id, "retryable")

    recorded = delivery(world, delivery_id)
    assert recorded["attempts"] == 1 and recorded["sent_at"] is None
    assert recorded["last_error"].startswith("cannot reach the endpoint: ")
    assert "cannot reach the endpoint" in failed["errors"][0]["error"]


@pytest.mark.asyncio
async def test_a_removed_endpoint_cancels_the_sending_with_its_reason(world: World, receiver: Receiver) -> None:
    set_endpoint(world, receiver.url)
    delivery_id = record_delivery(world)
    with world.connect("admin") as admin:
        assert admin.execute("SELECT rd_remove_webhook_endpoint(%s)", (world.company_a,)).fetchone() == (True,)
    job_id = await enqueue_delivery(world, delivery_id)
    async with worker_node(world):
        cancelled = await until_state(world, job_id, "cancelled")

    assert receiver.received == []
    assert delivery(world, delivery_id)["last_error"] == "the company has no webhook endpoint any more"
    assert "no webhook endpoint" in cancelled["errors"][0]["error"]


def test_only_staff_admins_set_endpoints_and_nobody_but_worker_nodes_reads_the_key(world: World) -> None:
    key = set_endpoint(world, "https://hooks.example.com/ruling-desk", new_key=True)
    assert set_endpoint(world, "https://hooks.example.com/v2") is None  # the key is shown once only
    for who in ("reviewer1", "qa", "company_admin_a"):
        with world.connect(who) as person, refused("42501"):
            person.execute("SELECT rd_set_webhook_endpoint(%s, 'https://evil.example.com/', true)", (world.company_a,))
    with world.connect("admin") as admin:
        assert admin.execute(
            "SELECT url FROM webhook_endpoints WHERE company_id = %s", (world.company_a,)
        ).fetchone() == ("https://hooks.example.com/v2",)
        with refused("42501", "permission denied for table webhook_endpoints"):
            admin.execute("SELECT key FROM webhook_endpoints")
    with world.connect("reviewer1") as reviewer, refused("42501", "permission denied for table webhook_endpoints"):
        reviewer.execute("SELECT url FROM webhook_endpoints")
    with world.connect("worker") as worker:
        assert worker.execute(
            "SELECT key FROM webhook_endpoints WHERE company_id = %s", (world.company_a,)
        ).fetchone() == (key,)
    with world.owner() as owner:  # the audit log has the change, with the key masked
        logged = owner.execute(
            "SELECT new_values ->> 'key' FROM audit_log WHERE table_name = 'webhook_endpoints' ORDER BY id DESC LIMIT 1"
        ).fetchone()
    assert logged == ("***",)
