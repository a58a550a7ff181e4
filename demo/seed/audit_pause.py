"""Pausing the audit and change-notification triggers for the length of the seeding transaction.

Demo rows are nobody's change to audit or to announce to open workstations
(a million ``NOTIFY`` payloads would be queued until commit), and at 100,000 entries the audit
triggers would queue some 600,000 AFTER-trigger events and write as many
audit rows, doubling the seed's time. ``ALTER TABLE … DISABLE TRIGGER`` is
only open to the tables' owner (the seeding role), takes a lock that keeps
every other session out of those tables until commit, and is transactional:
the triggers are enabled again before the transaction ends, and a failed
seed rolls the pause back with everything else. No session but the seed
ever sees an unaudited table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psycopg import AsyncCursor, sql

PAUSED_FUNCTIONS = ("rd_audit_row", "rd_notify_change", "rd_notify_access_change")
"""Trigger functions whose triggers a seed pauses: the audit log and the live-update ``NOTIFY``."""


@dataclass(frozen=True)
class AuditTrigger:
    table: str
    name: str


async def pause_audit_triggers(cursor: AsyncCursor[Any], tables: list[str]) -> list[AuditTrigger]:
    """Disable the audit triggers on ``tables``; returns them for :func:`resume_audit_triggers`."""
    await cursor.execute(
        """
        SELECT c.relname, t.tgname
        FROM pg_trigger AS t
        JOIN pg_class AS c ON c.oid = t.tgrelid
        JOIN pg_proc AS p ON p.oid = t.tgfoid
        WHERE NOT t.tgisinternal AND p.proname = ANY (%s) AND c.relname = ANY (%s) AND pg_table_is_visible(c.oid)
        ORDER BY c.relname, t.tgname
        """,
        (list(PAUSED_FUNCTIONS), tables),
    )
    triggers = [AuditTrigger(table, name) for table, name in await cursor.fetchall()]
    await _switch(cursor, triggers, "DISABLE")
    return triggers


async def resume_audit_triggers(cursor: AsyncCursor[Any], triggers: list[AuditTrigger]) -> None:
    await _switch(cursor, triggers, "ENABLE")


async def _switch(cursor: AsyncCursor[Any], triggers: list[AuditTrigger], action: str) -> None:
    for trigger in triggers:
        await cursor.execute(
            sql.SQL("ALTER TABLE {} {} TRIGGER {}").format(
                sql.Identifier(trigger.table), sql.SQL(action), sql.Identifier(trigger.name)
            )
        )
