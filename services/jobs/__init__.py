"""Background jobs on the spec's Oban tables, through the ``oban`` package.

The workstation creates jobs inside its own transactions through the
named, database-checked functions of :mod:`services.jobs.named_jobs`
(worker nodes and the owner may also use :func:`enqueue_in_transaction`
with an ``oban`` from :func:`build_client`); ``ruling-desk worker`` runs
the queues with :func:`run_worker_node`. Workers live one per module next to this file.
"""

from services.jobs.connection import job_connection
from services.jobs.document_forensics import DocumentForensicsWorker
from services.jobs.enqueue import TransactionalConnection, enqueue_in_transaction
from services.jobs.named_jobs import enqueue_ruling_notification, enqueue_session_cleanup
from services.jobs.nodes import build_client, run_worker_node
from services.jobs.queues import (
    FORENSICS_QUEUE,
    MAINTENANCE_QUEUE,
    NOTIFICATIONS_QUEUE,
    REPORTS_QUEUE,
    WORKER_NODE_QUEUES,
)
from services.jobs.report_generation import ReportGenerationWorker, WeeklyCompanySummaryWorker
from services.jobs.ruling_notification import RulingNotificationWorker
from services.jobs.session_cleanup import SessionCleanupWorker
from services.jobs.webhook_delivery import WebhookDeliveryWorker

__all__ = [
    "FORENSICS_QUEUE",
    "MAINTENANCE_QUEUE",
    "NOTIFICATIONS_QUEUE",
    "REPORTS_QUEUE",
    "WORKER_NODE_QUEUES",
    "DocumentForensicsWorker",
    "ReportGenerationWorker",
    "RulingNotificationWorker",
    "SessionCleanupWorker",
    "TransactionalConnection",
    "WebhookDeliveryWorker",
    "WeeklyCompanySummaryWorker",
    "build_client",
    "enqueue_in_transaction",
    "enqueue_ruling_notification",
    "enqueue_session_cleanup",
    "job_connection",
    "run_worker_node",
]
