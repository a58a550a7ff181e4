"""Where a company's systems receive webhooks, and the key that signs them (ours, revision 0016).

The client's schema names a ``DeliverWebhookWorker`` but no table for its
endpoints, so this one is ours: one endpoint per company, an http(s) URL,
and the signing key the sender uses for an HMAC-SHA256 of each body. The
key is kept as it is (an HMAC needs it, unlike an API key's hash), so only
worker nodes may read it; administrators see it once, when
``rd_set_webhook_endpoint`` issues it. It is called ``key`` so the audit
trigger masks it like ``api_keys.key``.
"""

from __future__ import annotations

import datetime
import uuid

from sqlalchemy import CheckConstraint, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import UTC_NOW, Base, uuid_pk

WEBHOOK_URL = r"url ~ '^https?://[^/\s?#]+[^\s]*$'"
"""An absolute http(s) URL with a host and no whitespace."""


class WebhookEndpoint(Base):
    """A company's webhook URL and signing key."""

    __tablename__ = "webhook_endpoints"
    __table_args__ = (CheckConstraint(WEBHOOK_URL, name="url"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    company_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), unique=True)
    url: Mapped[str] = mapped_column(Text)
    key: Mapped[str] = mapped_column(Text)
    inserted_at: Mapped[datetime.datetime] = mapped_column(server_default=UTC_NOW)
    updated_at: Mapped[datetime.datetime] = mapped_column(server_default=UTC_NOW)
