"""The outbox of customer notifications and webhooks (ours, revision 0010; not in the client's schema).

A worker records each message it would send as one row, once per job and
kind (the unique ``(job_id, kind)`` makes a retried job record nothing
twice). Nothing leaves the machine: a sender that reads this table and
marks ``sent_at`` is the integration's part, so the messages exist and can
be inspected before any network is involved.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, Identity, Text, UniqueConstraint
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
