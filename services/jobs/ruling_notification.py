"""Announcing a completed ruling to the customer: a stub until delivery is designed.

The workstation enqueues this job in the same transaction as the ruling
(see :func:`services.jobs.enqueue_ruling_notification`), so the announcement
exists exactly when the ruling does. Webhook delivery (the spec's
``DeliverWebhookWorker``) stays with the client's Elixir nodes for now, so
processing only records that the ruling was announced and succeeds.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable

from oban import Job, worker

from services.jobs.queues import NOTIFICATIONS_QUEUE

logger = logging.getLogger(__name__)


@worker(queue=NOTIFICATIONS_QUEUE, max_attempts=10)
class RulingNotificationWorker:
    """Args: ``{"entry_id": "<uuid>"}``, the entry whose ruling was completed."""

    async def process(self, job: Job) -> None:
        logger.info("ruling on entry %s completed; customer delivery is not wired yet", job.args["entry_id"])


def ruling_notification(
    entry_id: uuid.UUID, *, ruling: str, result: str, reupload_proof_ids: Iterable[uuid.UUID] = ()
) -> Job:
    """The job announcing one completed ruling and which documents the applicant must upload again."""
    args = {
        "entry_id": str(entry_id),
        "ruling": ruling,
        "result": result,
        "reupload_proof_ids": [str(proof_id) for proof_id in reupload_proof_ids],
    }
    # ``new`` is added by the @worker decorator at run time, so type checkers do not see it.
    job: Job = RulingNotificationWorker.new(args)  # type: ignore[attr-defined]
    return job
