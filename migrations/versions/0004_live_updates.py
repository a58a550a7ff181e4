"""Live updates: triggers announce changed ids on the ``rd_changes`` channel.

Workstations listen on one dedicated connection (``services.change_listener``)
and re-read the announced rows through row-level security, so an open queue
shows another reviewer's claim or ruling without a refresh. The payload is
``<kind>:<uuid>`` and never more: ``NOTIFY`` reaches every listener whatever
the policies say. The SQL lives in ``migrations/sql/0004/``.

Bulk loads that own the tables (the demo seed) pause these triggers with
the audit ones, in the same transaction.
"""

from __future__ import annotations

from migrations.sql_files import execute_sql_file

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    execute_sql_file(revision, "notify_changes")


def downgrade() -> None:
    execute_sql_file(revision, "drop_notify_changes")
