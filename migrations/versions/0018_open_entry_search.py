"""Search over open entries from an index of their own (issue 8, "Performance": queue_search at 1,000,000).

One topic, ``migrations/sql/0018/open_entry_search.sql``, with its
reasoning beside the SQL. Going down, ``undo_open_entry_search.sql`` drops
what it made, and revision 0013's ``trigram_indexes.sql`` and
``entries_matching.sql`` put its indexes and lookup back as they were.

Revision ID: 0018
Revises: 0017
"""

from __future__ import annotations

from migrations.sql_files import execute_sql_file

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    execute_sql_file("0018", "open_entry_search")


def downgrade() -> None:
    execute_sql_file("0018", "undo_open_entry_search")
    execute_sql_file("0013", "trigram_indexes")
    execute_sql_file("0013", "entries_matching")
