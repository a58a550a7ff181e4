"""Saying why: the reason the audit log records next to this transaction's changes.

The audit triggers (migration 0003) read the transaction-local setting
``rd.audit_reason`` for every row they write, so a service that knows why
it changes something sets the reason first, in the same transaction, and
every audited change it makes carries it.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession


async def set_audit_reason(session: AsyncSession, reason: str) -> None:
    """Record ``reason`` with the audited changes of ``session``'s current transaction (until it ends)."""
    await session.execute(text("SELECT set_config('rd.audit_reason', :reason, true)"), {"reason": reason})
