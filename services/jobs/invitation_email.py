"""E-mailing an invitation code to the invitee: a stub until mail delivery is designed.

``rd_create_invitation`` (migration 0003) enqueues this job in the same
transaction as the invitation unless ``skip_email_sending`` is set, so an
invitation and its e-mail exist together or not at all. The SQL function
inserts the row itself (it runs for company administrators, who may not
touch ``oban_jobs``), under this worker's name and queue; a test keeps the
two in step.

The arguments carry the one-time code, because sending it is the job's
purpose; that is why only staff administrators and worker nodes may read
``oban_jobs.args``. The stub never logs the code.
"""

from __future__ import annotations

import logging

from oban import Job, worker

from services.jobs.queues import NOTIFICATIONS_QUEUE

logger = logging.getLogger(__name__)


@worker(queue=NOTIFICATIONS_QUEUE, max_attempts=10)
class InvitationEmailWorker:
    """Args: ``invitation_id``, ``email``, ``first_name``, ``last_name``, ``role``, ``token``, ``expires_at``."""

    async def process(self, job: Job) -> None:
        logger.info(
            "invitation %s for %s (%s) would be e-mailed now; delivery is not wired yet",
            job.args["invitation_id"],
            job.args["email"],
            job.args["role"],
        )
