"""Deleting applicants' unauthenticated sessions once they are past use.

The spec says sessions "expire after N hours/days" and a clean-up job
deletes them. We fix N at 48 hours: an invitation link is used the day it
is opened, and two days leave room for an applicant who comes back the next
evening to finish uploading. Sessions already converted into an entry
(``applicant_detail_id`` set) are deleted too: the entry holds everything
they carried. The temporary uploads in S3 that the spec also mentions
are not touched: this worker has no access to that storage.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Final

from oban import Job, worker

from services.jobs.connection import job_connection
from services.jobs.queues import MAINTENANCE_QUEUE

logger = logging.getLogger(__name__)

SESSION_MAX_AGE: Final = timedelta(hours=48)

_DELETE_EXPIRED_SESSIONS: Final = """
DELETE FROM unauthenticated_session
WHERE inserted_at < timezone('UTC', now()) - %(max_age)s
"""


@worker(queue=MAINTENANCE_QUEUE, max_attempts=3, cron="@hourly")
class SessionCleanupWorker:
    """Hourly: delete ``unauthenticated_session`` rows older than :data:`SESSION_MAX_AGE`."""

    async def process(self, job: Job) -> None:
        async with job_connection() as conn:
            deleted = await conn.execute(_DELETE_EXPIRED_SESSIONS, {"max_age": SESSION_MAX_AGE})
        logger.info("session clean-up deleted %d expired unauthenticated sessions", deleted.rowcount)
