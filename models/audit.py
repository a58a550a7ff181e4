"""The append-only audit log that database triggers write (migration 0003).

Who changed what, and when: every change to review state (entries'
review columns, fraud reviews, document reviews, fraud results, folder
rulings), to people and their grants (users, team, users_properties,
users_owners) and to onboarding and programmatic access (invitations,
invitations_properties, api_keys) lands here as one row, written by the
SECURITY DEFINER trigger function ``rd_audit_row()``. Nothing in Python
inserts into this table; it is mapped so the audit timeline can select
from it and so Alembic's autogenerate keeps the migration honest.

Decisions:

- ``db_role`` is PostgreSQL's ``session_user`` (the person's login role,
  which neither ``SET ROLE`` nor a SECURITY DEFINER function changes) and
  ``user_id`` the matching ``users`` row. ``user_id`` has **no foreign key**:
  a log row must outlive the user it names, and a cascade or a blocked
  ``DELETE FROM users`` would contradict "append-only".
- ``old_values`` / ``new_values`` are whole rows as JSONB (``NULL`` for the
  side that does not exist); secret-derived columns (``api_keys.key``,
  ``invitations.token_hash``) are masked before they are written.
  ``changed_columns`` lists what an UPDATE changed, ``updated_at`` aside.
- ``reason`` comes from the transaction-local setting ``rd.audit_reason``
  that the service layer sets (``services.accounts.set_audit_reason``).
- ``action`` is ``INSERT``, ``UPDATE``, ``DELETE`` or ``TRUNCATE`` (one row
  per statement, ``row_id`` NULL); application roles cannot truncate, so a
  ``TRUNCATE`` row always names the owner who did it.
- The id is ``GENERATED ALWAYS``: nobody chooses log ids.
- Indexes serve the three readers: one record's history
  ``(table_name, row_id, occurred_at)``, one person's actions
  ``(user_id, occurred_at)``, and the log by time (``occurred_at``).
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, Identity, Index, Text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from models.base import UTC_NOW, Base

AUDIT_ACTIONS = ("INSERT", "UPDATE", "DELETE", "TRUNCATE")


class AuditLogEntry(Base):
    """One recorded change: who (database role and user), what (table, row, old → new), when, why."""

    __tablename__ = "audit_log"
    __table_args__ = (
        CheckConstraint(f"action IN ({', '.join(repr(action) for action in AUDIT_ACTIONS)})", name="action"),
        Index("ix_audit_log_table_name_row_id_occurred_at", "table_name", "row_id", "occurred_at"),
        Index("ix_audit_log_user_id_occurred_at", "user_id", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    occurred_at: Mapped[datetime.datetime] = mapped_column(server_default=UTC_NOW, index=True)
    db_role: Mapped[str] = mapped_column(Text)
    user_id: Mapped[uuid.UUID | None]
    action: Mapped[str] = mapped_column(Text)
    table_name: Mapped[str] = mapped_column(Text)
    row_id: Mapped[str | None] = mapped_column(Text)
    old_values: Mapped[dict[str, Any] | None]
    new_values: Mapped[dict[str, Any] | None]
    changed_columns: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    reason: Mapped[str | None] = mapped_column(Text)
    transaction_id: Mapped[int] = mapped_column(BigInteger)
