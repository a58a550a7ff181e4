"""Sending a recorded webhook to the company's endpoint (the spec's ``DeliverWebhookWorker``).

:class:`~services.jobs.ruling_notification.RulingNotificationWorker`
records the webhook in the ``deliveries`` outbox and, when the entry's
company has an endpoint (``webhook_endpoints``, revision 0016), enqueues
this job with the delivery's id in the same transaction. Each try:

- reads the delivery and the endpoint as they are now (a changed URL or a
  new key applies to the next try; a removed endpoint gives up with a
  recorded reason and cancels the job);
- POSTs the payload signed (:mod:`services.jobs.webhook_post`), with a
  :data:`POST_TIMEOUT_SECONDS` timeout;
- records the try on the delivery row in its own transaction (attempts,
  when, HTTP status, error, and ``sent_at`` on a 2xx), so a failure is
  recorded even though the job then fails;
- fails the job on any non-2xx answer or no answer, and oban retries it
  after the spec's backoff (15 s, 1 min, 5 min, ... 24 h) up to
  :data:`MAX_ATTEMPTS` attempts, the last error also in the job's errors.

A delivery already sent is not sent again, so a job retried after a
success it could not record (a lost connection) posts at most once more.
Receivers should de-duplicate on ``delivery_id`` in the body anyway.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any, Final

from oban import Cancel, Job, worker
from oban.worker import worker_name

from services.jobs.connection import job_connection
from services.jobs.queues import NOTIFICATIONS_QUEUE
from services.jobs.webhook_post import PostOutcome, post_signed

logger = logging.getLogger(__name__)

POST_TIMEOUT_SECONDS: Final = 10.0
MAX_ATTEMPTS: Final = 20
"""The spec's ``max_attempts = 20`` for retried jobs."""

BACKOFF_SECONDS: Final[Sequence[int]] = (15, 60, 300, 900, 3600, 14400, 43200, 86400)
"""Seconds before retry n (the spec's "15s, 1m, 5m, 15m, 1h, 4h, 12h, 24h..."); then daily."""


class WebhookNotDelivered(Exception):
    """The endpoint did not take the webhook this time; oban records this and retries."""


@cache
def webhook_sql(name: str) -> str:
    """``services/jobs/webhook_<name>.sql``, read once."""
    return resources.files("services.jobs").joinpath(f"webhook_{name}.sql").read_text(encoding="utf-8")


@worker(queue=NOTIFICATIONS_QUEUE, max_attempts=MAX_ATTEMPTS)
class WebhookDeliveryWorker:
    """Args: ``delivery_id``, a ``deliveries`` row of kind ``webhook``."""

    async def process(self, job: Job) -> Cancel | None:
        delivery_id = int(job.args["delivery_id"])
        async with job_connection() as conn:
            row = await (await conn.execute(webhook_sql("target"), {"delivery_id": delivery_id})).fetchone()
        if row is None:
            return Cancel(f"there is no webhook delivery {delivery_id}")
        payload, sent_at, url, key = row
        if sent_at is not None:
            logger.info("webhook delivery %s was already sent at %s", delivery_id, sent_at)
            return None
        if url is None:
            reason = "the company has no webhook endpoint any more"
            await _record(delivery_id, PostOutcome(None, reason))
            return Cancel(reason)
        body = json.dumps({"delivery_id": delivery_id, **payload}, separators=(",", ":"), sort_keys=True).encode()
        outcome = await post_signed(url, key, body, timestamp=int(time.time()), timeout=POST_TIMEOUT_SECONDS)
        await _record(delivery_id, outcome)
        if outcome.error is not None:
            raise WebhookNotDelivered(outcome.error)
        logger.info("webhook delivery %s sent (HTTP %s)", delivery_id, outcome.status)
        return None

    def backoff(self, job: Job) -> int:
        """Seconds before the next try after attempt ``job.attempt`` failed."""
        return BACKOFF_SECONDS[min(job.attempt, len(BACKOFF_SECONDS)) - 1]


def delivery_job(delivery_id: int) -> Job:
    """The job that sends ``delivery_id`` (what ``WebhookDeliveryWorker.new`` builds, typed)."""
    return Job(
        worker=worker_name(WebhookDeliveryWorker),
        queue=NOTIFICATIONS_QUEUE,
        max_attempts=MAX_ATTEMPTS,
        args={"delivery_id": delivery_id},
    )


async def _record(delivery_id: int, outcome: PostOutcome) -> None:
    parameters: dict[str, Any] = {"delivery_id": delivery_id, "status": outcome.status, "error": outcome.error}
    async with job_connection() as conn:
        await conn.execute(webhook_sql("record_try"), parameters)
