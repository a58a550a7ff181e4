"""``ruling-desk worker``: run a job node on the shared ``oban_jobs`` tables until stopped.

Several nodes on several machines coordinate through PostgreSQL alone, so
this command needs nothing but a database URL. It stops cleanly on Ctrl-C
(and SIGTERM where the platform has it), letting running jobs finish.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import sys

from psycopg_pool import AsyncConnectionPool

from app.async_runner import run_async
from app.connection import open_connection
from app.settings import Settings
from services.database_urls import libpq_url
from services.jobs import run_worker_node


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


def run_worker(settings: Settings, *, node: str | None, seconds: float | None) -> int:
    """Serve jobs until interrupted, or for ``seconds`` (smoke tests and scheduled runs)."""
    connection = open_connection(settings)
    try:
        run_async(_serve(connection.url, node or f"{socket.gethostname()}-{os.getpid()}", seconds))
        return 0
    finally:
        connection.close()
