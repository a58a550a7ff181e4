"""Announcing a completed ruling to the customer: recorded in the ``deliveries`` outbox.

The workstation enqueues this job in the same transaction as the ruling
through the database's ``rd_enqueue_ruling_notification`` (see
:func:`services.jobs.enqueue_ruling_notification`), which reads what it
announces from the completed entry, so the announcement exists exactly
when the ruling does and says only what the database holds. Processing
records the customer notification and the webhook event as two outbox rows
(:mod:`models.deliveries`), once per job however often it is retried;
sending them over a network is the integration's part.
"""

from __future__ import annotations

import logging
from typing import Final

from oban import Job, worker
from psycopg.types.json import Jsonb

from services.jobs.connection import job_connection
from services.jobs.queues import NOTIFICATIONS_QUEUE

logger = logging.getLogger(__name__)

_RECORD: Final = (
    "INSERT INTO deliveries (job_id, kind, entry_id, payload)"
    " VALUES (%(job_id)s, %(kind)s, %(entry_id)s, %(payload)s) ON CONFLICT (job_id, kind) DO NOTHING"
)


@worker(queue=NOTIFICATIONS_QUEUE, max_attempts=10)
class RulingNotificationWorker:
    """Args: ``entry_id``, ``ruling``, ``result`` and ``reupload_proof_ids`` of the completed entry."""

    async def process(self, job: Job) -> None:
        event = {"event": "entry.ruled", **job.args}
        async with job_connection() as conn:
            for kind in ("notification", "webhook"):
                await conn.execute(
                    _RECORD, {"job_id": job.id, "kind": kind, "entry_id": job.args["entry_id"], "payload": Jsonb(event)}
                )
        logger.info("ruling on entry %s recorded for delivery", job.args["entry_id"])
