"""API keys an admin can manage, and job control through the database's checks (issue 10).

Two topics, each one file in ``migrations/sql/0010/`` with its reasoning
beside the SQL, undone by its ``undo_<topic>.sql``:

- ``api_keys``: a short public id (also inside new secrets, after the
  recognisable ``rdk_`` prefix) and the last use, which verification now
  records; reactivating and deleting a key; the audit ignores a last-use update.
- ``jobs``: retry, cancel and delete as audited staff-admin functions
  instead of direct table writes; admins see the nodes; a trigger notifies
  the prefixed ``public.oban_insert`` channel the nodes listen on, so jobs
  inserted inside the database run at once.
- ``deliveries``: the outbox where workers record customer notifications
  and webhooks, once per job and kind (no network).

Functions this revision replaces get their previous definition back on
downgrade (``restore_functions.sql``, verbatim copies).

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

from typing import Final

from migrations.sql_files import execute_sql_file

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

TOPICS: Final = ("api_keys", "jobs", "deliveries")
"""Upgrade order; the downgrade undoes them in reverse."""


def upgrade() -> None:
    for topic in TOPICS:
        execute_sql_file("0010", topic)


def downgrade() -> None:
    execute_sql_file("0010", "restore_functions")
    for topic in reversed(TOPICS):
        execute_sql_file("0010", f"undo_{topic}")
