"""Building ``oban`` instances: an enqueue-only client for the workstation, and worker nodes.

The caller (the composition root in ``app/``, or a test) owns the psycopg
``AsyncConnectionPool`` and passes it in; nothing here opens a pool or
reads configuration. The pool's ``conninfo`` must be a libpq string or URI:
a started ``oban`` opens one extra dedicated connection from it for
``LISTEN``. Every instance sends and obeys job-control signals only as the
database vouches for them (:mod:`services.jobs.signals`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any, Final

from oban import Oban
from psycopg_pool import AsyncConnectionPool

from services.jobs.connection import bind_job_pool
from services.jobs.queues import WORKER_NODE_QUEUES
from services.jobs.signals import install_vouched_signals

CLIENT_NAME: Final = "ruling_desk_client"
WORKER_NODE_NAME: Final = "ruling_desk_worker"

RESCUE_AFTER_SECONDS: Final = 3600.0
"""How long a job may sit in ``executing`` before a leader puts it back.

``oban``'s own default is five minutes, and its rescue query is not limited
to our queues: it would also re-run the Elixir nodes' long ML and report
jobs. An hour is Elixir Oban's default for the same sweep.
"""


def build_client(pool: AsyncConnectionPool[Any]) -> Oban:
    """An ``oban`` for the workstation: it enqueues, cancels and retries jobs, and runs none.

    Deliberately never started. Enqueueing and the job-management calls go
    straight through ``pool``; starting it would only add a ``LISTEN``
    connection and a once-a-second staging poll per workstation for queues
    it does not run.
    """
    install_vouched_signals()
    return Oban(pool=pool, name=CLIENT_NAME, leadership=False)


@asynccontextmanager
async def run_worker_node(
    pool: AsyncConnectionPool[Any],
    *,
    node: str | None = None,
    queues: Mapping[str, int] = WORKER_NODE_QUEUES,
    leadership: bool = True,
    stager_interval: float = 1.0,
) -> AsyncIterator[Oban]:
    """Run a worker node for the duration of the block, then stop it gracefully.

    ``node`` must be unique per running process (``oban`` defaults to
    hostname and pid). ``leadership`` lets this node take part in electing
    the one node that runs cron schedules, prunes finished jobs and rescues
    stuck ones; tests turn it off so that no cron job appears mid-test.
    ``stager_interval`` is how often retryable and scheduled jobs that are
    due are made available again.

    Jobs started by the node see ``pool`` through
    :func:`services.jobs.connection.job_connection`.
    """
    install_vouched_signals()
    oban = Oban(
        pool=pool,
        name=WORKER_NODE_NAME,
        node=node,
        queues=dict(queues),
        leadership=leadership,
        lifeline={"rescue_after": RESCUE_AFTER_SECONDS},
        stager={"interval": stager_interval},
    )
    with bind_job_pool(pool):
        await oban.start()
        try:
            yield oban
        finally:
            await oban.stop()
