"""Analytics reports (issue 10): request function, entry scope, three output files, live progress.

One topic, ``migrations/sql/0011/reports.sql``, with its reasoning beside
the SQL, and the entry scope ``rd_report_entries`` in ``report_entries.sql``
(revision 0017 replays it on its way down); ``undo_reports.sql`` restores
revision 0006's blob policies.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

from migrations.sql_files import execute_sql_file

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    execute_sql_file("0011", "reports")
    execute_sql_file("0011", "report_entries")


def downgrade() -> None:
    execute_sql_file("0011", "undo_reports")
