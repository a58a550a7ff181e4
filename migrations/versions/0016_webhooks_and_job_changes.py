"""Webhooks that are sent, and job changes other workstations hear (issue 10).

Two topics, each one file in ``migrations/sql/0016/`` with its reasoning
beside the SQL, undone by its ``undo_<topic>.sql``:

- ``webhooks``: a company's webhook endpoint and signing key
  (``webhook_endpoints``, ours: the client's schema names the worker but
  no table), the staff-admin functions that set and remove it, and what
  the sender records on each ``deliveries`` row (attempts, HTTP status,
  last error).
- ``job_changes``: ``oban_jobs`` inserts, deletes and state changes are
  announced on ``rd_changes`` as ``job:<id>``, like the settings tables
  since revision 0004.

Revision ID: 0016
Revises: 0012
"""

from __future__ import annotations

from typing import Final

from migrations.sql_files import execute_sql_file

revision = "0016"
down_revision = "0014"
branch_labels = None
depends_on = None

TOPICS: Final = ("webhooks", "job_changes")
"""Upgrade order; the downgrade undoes them in reverse."""


def upgrade() -> None:
    for topic in TOPICS:
        execute_sql_file("0016", topic)


def downgrade() -> None:
    for topic in reversed(TOPICS):
        execute_sql_file("0016", f"undo_{topic}")
