"""The outbox of customer notifications and webhooks (ours, revision 0010; not in the client's schema).

A worker records each message it would send as one row, once per job and
kind (the unique ``(job_id, kind)`` makes a retried job record nothing
twice). A webhook row is then POSTed to the company's endpoint by
:class:`services.jobs.webhook_delivery.WebhookDeliveryWorker` (revision
0016), which records each try here; customer notifications (e-mail) are
recorded only, their sending is the mail integration's part.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, Identity, Text, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from models.base import UTC_NOW, Base


class Delivery(Base):
    """One message for the customer (``notification``) or their systems (``webhook``)."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("job_id", "kind"),
        CheckConstraint("kind IN ('notification', 'webhook')", name="kind"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    job_id: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(Text)
    entry_id: Mapped[uuid.UUID | None]
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB)
    recorded_at: Mapped[datetime.datetime] = mapped_column(server_default=UTC_NOW)
    sent_at: Mapped[datetime.datetime | None]
    attempts: Mapped[int] = mapped_column(server_default=text("0"))
    """How often the sender tried (revision 0016); notifications are not sent yet and stay at 0."""
    last_attempt_at: Mapped[datetime.datetime | None]
    response_status: Mapped[int | None]
    """The HTTP status of the last try that got an answer."""
    last_error: Mapped[str | None] = mapped_column(Text)
    """Why the last try failed, for the person who reads the job's errors next to it."""
