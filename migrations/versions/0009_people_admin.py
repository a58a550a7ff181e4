"""People administration (issue 10): the way back for a disabled person.

``enabling`` (``migrations/sql/0009/enabling.sql``, reasoning beside the
SQL) adds ``rd_enable_user``: the account half of disabling undone in one
audited, SECURITY DEFINER step, callable by whoever may disable the person.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from migrations.sql_files import execute_sql_file

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    execute_sql_file("0009", "enabling")


def downgrade() -> None:
    execute_sql_file("0009", "undo_enabling")
