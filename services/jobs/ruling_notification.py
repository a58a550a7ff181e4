"""Announcing a completed ruling to the customer: a stub until delivery is designed.

The workstation enqueues this job in the same transaction as the ruling
through the database's ``rd_enqueue_ruling_notification`` (see
:func:`services.jobs.enqueue_ruling_notification`), which reads what it
announces from the completed entry, so the announcement exists exactly
when the ruling does and says only what the database holds. Webhook delivery (the spec's
``DeliverWebhookWorker``) stays with the client's Elixir nodes for now, so
processing only records that the ruling was announced and succeeds.
"""

from __future__ import annotations

import logging

from oban import Job, worker

from services.jobs.queues import NOTIFICATIONS_QUEUE

logger = logging.getLogger(__name__)


@worker(queue=NOTIFICATIONS_QUEUE, max_attempts=10)
class RulingNotificationWorker:
    """Args: ``entry_id``, ``ruling``, ``result`` and ``reupload_proof_ids`` of the completed entry."""

    async def process(self, job: Job) -> None:
        logger.info("ruling on entry %s completed; customer delivery is not wired yet", job.args["entry_id"])
