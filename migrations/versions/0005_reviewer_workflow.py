"""The reviewer's day: claim-next, release, skip, reassign, escalate, and exactly-once rulings.

What the database guarantees for every client (the workstation, the
client's own systems) lives here as SQL functions; the SQL is in
``migrations/sql/0005/`` (``functions.sql``, ``security.sql``, and
``downgrade.sql`` to undo them).

- ``rd_claim_next_entry()``: the most urgent unassigned entry (oldest
  ``submission_time``, then id) that the caller has not skipped in the
  last eight hours, locked ``FOR UPDATE SKIP LOCKED`` and assigned to the
  caller in one statement, ``review_status`` IN_REVIEW (claim-next claims
  *and opens*; ASSIGNED is for an entry a lead handed to someone who has
  not opened it yet). Returns the entry id, NULL when the pool is empty.
  It reads ``ix_entries_review_queue`` (``review_status, submission_time,
  id``) from the start of the UNASSIGNED range, so its cost does not grow
  with the table.
- ``rd_release_entry``, ``rd_skip_entry``: the assignee hands an open
  entry back to the pool with a reason; a skip also records itself in
  ``review_skips``. ``rd_reassign_entry``: senior reviewers, QA and staff
  admins hand an open entry to another reviewer (ASSIGNED) or back to the
  pool. ``rd_escalate_entry``: the assignee sends an entry to QA with a
  reason; it creates the PENDING ``ESCALATION`` review QA works, and the
  entry leaves the reviewer (IN_REVIEW, nobody assigned, so claim-next
  never offers it again). Each sets ``rd.audit_reason`` so the reason
  lands in the ``audit_log`` rows its changes write.
- These functions are SECURITY DEFINER (row-level security lets reviewers
  only *take* entries, not hand them back, and lets only QA write
  escalations), check the caller from ``session_user`` themselves and
  refuse with SQLSTATE ``42501`` (not allowed / not yours), ``P0002`` (no
  such entry, or nothing to review), ``22023`` (a reason is required, not a
  reviewer) and ``RD409`` (the entry was ruled already).
- The folders' reviewer UPDATE policy of 0003 (a folder holding an entry
  assigned to me) is restated through ``rd_holds_my_entry(id)``: the same
  rule, but checked for the one folder a ruling updates instead of
  hashing every entry ever assigned to the reviewer (11 ms at 100,000
  entries, growing with the table).
- ``ruling_submissions`` and ``review_skips`` (see
  :mod:`models.review_workflow`): RLS shows each person their own rows;
  ruling staff insert their own submissions for entries they may rule on.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from migrations.sql_files import execute_sql_file

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_UTC_NOW = sa.text("(now() AT TIME ZONE 'utc')")


def upgrade() -> None:
    uuid = postgresql.UUID(as_uuid=True)
    op.create_table(
        "ruling_submissions",
        sa.Column("id", uuid, nullable=False),
        sa.Column("entry_id", uuid, nullable=False),
        sa.Column("fraud_review_id", uuid, nullable=False),
        sa.Column("user_id", uuid, nullable=False),
        sa.Column("inserted_at", sa.TIMESTAMP(timezone=False), server_default=_UTC_NOW, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ruling_submissions")),
        sa.ForeignKeyConstraint(["entry_id"], ["entries.id"], name=op.f("fk_ruling_submissions_entry_id_entries")),
        sa.ForeignKeyConstraint(
            ["fraud_review_id"], ["fraud_reviews.id"], name=op.f("fk_ruling_submissions_fraud_review_id_fraud_reviews")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_ruling_submissions_user_id_users")),
    )
    for column in ("entry_id", "fraud_review_id", "user_id"):
        op.create_index(op.f(f"ix_ruling_submissions_{column}"), "ruling_submissions", [column])
    op.create_table(
        "review_skips",
        sa.Column("user_id", uuid, nullable=False),
        sa.Column("entry_id", uuid, nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("skipped_at", sa.TIMESTAMP(timezone=False), server_default=_UTC_NOW, nullable=False),
        sa.PrimaryKeyConstraint("user_id", "entry_id", name=op.f("pk_review_skips")),
        sa.ForeignKeyConstraint(["entry_id"], ["entries.id"], name=op.f("fk_review_skips_entry_id_entries")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_review_skips_user_id_users")),
    )
    op.create_index(op.f("ix_review_skips_entry_id"), "review_skips", ["entry_id"])
    execute_sql_file("0005", "functions")
    execute_sql_file("0005", "security")


def downgrade() -> None:
    execute_sql_file("0005", "downgrade")
    op.drop_table("review_skips")
    op.drop_table("ruling_submissions")
