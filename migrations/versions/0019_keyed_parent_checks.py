"""Company-side visibility as a keyed probe of the parent per row (issue 8, "Performance": the company admin).

One topic, ``migrations/sql/0019/keyed_parent_checks.sql``, with its
reasoning beside the SQL. Going down, ``undo_keyed_parent_checks.sql``
restores the policies of revisions 0003 and 0007 and revision 0012's
``keyed_policies.sql`` is replayed for its six.

Revision ID: 0019
Revises: 0018
"""

from __future__ import annotations

from migrations.sql_files import execute_sql_file

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    execute_sql_file("0019", "keyed_parent_checks")


def downgrade() -> None:
    execute_sql_file("0019", "undo_keyed_parent_checks")
    execute_sql_file("0012", "keyed_policies")
