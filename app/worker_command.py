"""``ruling-desk worker``: run a job node on the shared ``oban_jobs`` tables until stopped.

Several nodes on several machines coordinate through PostgreSQL alone, so
this command needs nothing but a database URL. It stops cleanly on Ctrl-C
(and SIGTERM where the platform has it), letting running jobs finish.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator

from psycopg_pool import AsyncConnectionPool

from app.async_runner import run_async
from app.connection import Connection, open_connection
from app.settings import Settings
from services.database_urls import libpq_url
from services.jobs import run_worker_node

log = logging.getLogger(__name__)


async def _serve(url: str, node: str, seconds: float | None) -> None:
    stop = asyncio.Event()
    if sys.platform != "win32":
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
    async with (
        AsyncConnectionPool(libpq_url(url), min_size=1, max_size=10, open=False) as pool,
        run_worker_node(pool, node=node),
    ):
        print(f"worker node {node} running; Ctrl-C stops it", flush=True)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=seconds)
    print(f"worker node {node} stopped", flush=True)


@contextlib.asynccontextmanager
async def demo_job_node(settings: Settings, connection: Connection) -> AsyncIterator[None]:
    """For the embedded demo only: a job node on the workstation's own loop while its windows are open.

    In-process rather than a child ``ruling-desk worker``: the demo's jobs
    are short and I/O-bound (notifications, clean-up) or already run in a
    thread (forensics), so they do not stall the window; there is no second
    process to start, find, or leave behind when the workstation dies, and
    the node stops with the embedded server it belongs to. A central
    deployment runs ``ruling-desk worker`` on its own machines instead, so
    nothing runs here then.
    """
    if not settings.embedded:
        yield
        return
    node = f"{socket.gethostname()}-{os.getpid()}-desk"
    async with (
        AsyncConnectionPool(libpq_url(connection.url), min_size=1, max_size=4, open=False) as pool,
        run_worker_node(pool, node=node),
    ):
        log.info("embedded demo job node %s running", node)
        yield
    log.info("embedded demo job node %s stopped", node)


def run_worker(settings: Settings, *, node: str | None, seconds: float | None) -> int:
    """Serve jobs until interrupted, or for ``seconds`` (smoke tests and scheduled runs)."""
    connection = open_connection(settings)
    try:
        run_async(_serve(connection.url, node or f"{socket.gethostname()}-{os.getpid()}", seconds))
        return 0
    finally:
        connection.close()
