"""People administration (issue 10): granting and revoking property and owner access.

``access_grants`` (``migrations/sql/0014/access_grants.sql``, reasoning
beside the SQL) adds ``rd_grant_properties``, ``rd_revoke_properties``,
``rd_grant_owners`` and ``rd_revoke_owners``: audited SECURITY DEFINER steps
with the account functions' rules, so a company administrator manages their
own company's grants and nothing else, and triggers that announce
``access:<user id>`` on the live changes channel.

Revision ID: 0014
Revises: 0012
"""

from __future__ import annotations

from migrations.sql_files import execute_sql_file

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    execute_sql_file("0014", "access_grants")


def downgrade() -> None:
    execute_sql_file("0014", "undo_access_grants")
