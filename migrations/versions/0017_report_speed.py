"""Reports fast at 1,000,000 entries (issue 10): an inlinable entry scope and the indexes its ranges use.

One topic, ``migrations/sql/0017/report_speed.sql``, with its reasoning
beside the SQL; ``undo_report_speed.sql`` drops the indexes and revision
0011's ``report_entries.sql`` is replayed to restore its function.

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

from migrations.sql_files import execute_sql_file

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    execute_sql_file("0017", "report_speed")


def downgrade() -> None:
    execute_sql_file("0017", "undo_report_speed")
    execute_sql_file("0011", "report_entries")
