"""Queue views: company-side queue pages that do not grow with the whole database (issue 8, "Queues").

One topic, ``migrations/sql/0012/keyed_policies.sql`` with its reasoning
beside the SQL, undone by ``undo_keyed_policies.sql``: the company side's
policies on the children of an entry check their parent by key instead of
against the whole visible entry set, so a page's applicant lookup costs a
probe per row. Visibility is unchanged (the security tests and the golden
security catalogue say so).

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

from migrations.sql_files import execute_sql_file

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    execute_sql_file("0012", "keyed_policies")


def downgrade() -> None:
    execute_sql_file("0012", "undo_keyed_policies")
