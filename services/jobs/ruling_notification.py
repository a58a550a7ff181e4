"""Announcing a completed ruling to the customer: recorded in the ``deliveries`` outbox, webhooks sent.

The workstation enqueues this job in the same transaction as the ruling
through the database's ``rd_enqueue_ruling_notification`` (see
:func:`services.jobs.enqueue_ruling_notification`), which reads what it
announces from the completed entry, so the announcement exists exactly
when the ruling does and says only what the database holds. Processing
records the customer notification and the webhook event as two outbox rows
(:mod:`models.deliveries`), once per job however often it is retried. When
the entry's company has a webhook endpoint, the same transaction enqueues
:class:`~services.jobs.webhook_delivery.WebhookDeliveryWorker` for the
webhook row: sending retries on its own schedule, apart from recording.
Sending the notification (e-mail) is the mail integration's part.
"""

from __future__ import annotations

import logging
from typing import Any, Final

from oban import Job, Oban, worker
from psycopg import AsyncConnection
from psycopg.types.json import Jsonb

from services.jobs.connection import job_connection
from services.jobs.enqueue import enqueue_in_transaction
from services.jobs.nodes import WORKER_NODE_NAME
from services.jobs.queues import NOTIFICATIONS_QUEUE
from services.jobs.webhook_delivery import delivery_job, webhook_sql

logger = logging.getLogger(__name__)

_RECORD: Final = (
    "INSERT INTO deliveries (job_id, kind, entry_id, payload)"
    " VALUES (%(job_id)s, %(kind)s, %(entry_id)s, %(payload)s) ON CONFLICT (job_id, kind) DO NOTHING RETURNING id"
)


@worker(queue=NOTIFICATIONS_QUEUE, max_attempts=10)
class RulingNotificationWorker:
    """Args: ``entry_id``, ``ruling``, ``result`` and ``reupload_proof_ids`` of the completed entry."""

    async def process(self, job: Job) -> None:
        event = {"event": "entry.ruled", **job.args}
        async with job_connection() as conn:
            for kind in ("notification", "webhook"):
                parameters = {"job_id": job.id, "kind": kind, "entry_id": job.args["entry_id"], "payload": Jsonb(event)}
                recorded = await (await conn.execute(_RECORD, parameters)).fetchone()
                if kind == "webhook" and recorded is not None:
                    await _send_when_configured(conn, int(recorded[0]))
        logger.info("ruling on entry %s recorded for delivery", job.args["entry_id"])


async def _send_when_configured(conn: AsyncConnection[Any], delivery_id: int) -> None:
    """Enqueue the sending of ``delivery_id`` if its company has a webhook endpoint."""
    target = await (await conn.execute(webhook_sql("target"), {"delivery_id": delivery_id})).fetchone()
    if target is not None and target[2] is not None:
        node = Oban.get_instance(WORKER_NODE_NAME)
        await enqueue_in_transaction(node, delivery_job(delivery_id), conn)
