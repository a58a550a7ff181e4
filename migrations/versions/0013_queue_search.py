"""Queue search by trigram, and company-side queue pages from the visible folders (issue 8, "Performance").

One topic, ``migrations/sql/0013/queue_search.sql`` with its reasoning
beside the SQL, undone by ``undo_queue_search.sql``: pg_trgm (in a schema of
its own) with GIN indexes on the applicant's name and email and the entry's
short id, ``rd_entries_matching`` to use them under row-level security, and
``ix_entries_folder_queue`` so a company-side page reads only the folders the
person may see. The trigram indexes and ``rd_entries_matching`` have files
of their own (``trigram_indexes.sql``, ``entries_matching.sql``), which
revision 0018 replays on its way down.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

from migrations.sql_files import execute_sql_file

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    execute_sql_file("0013", "queue_search")
    execute_sql_file("0013", "trigram_indexes")
    execute_sql_file("0013", "entries_matching")


def downgrade() -> None:
    execute_sql_file("0013", "undo_queue_search")
