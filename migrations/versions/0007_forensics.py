"""Forensics: page fingerprints, stored findings, and reviewers' decisions on duplicate matches.

The tables are described in :mod:`models.forensics`; who may read and
write them, and the audit and ``NOTIFY`` triggers live in
``migrations/sql/0007/``. Staff read everything; the company side reads a
fingerprint, finding or decision only through a proof or match it can
already see (the parent's own policy applies inside the sub-select), and
learns about other companies' documents nothing at all.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from migrations.sql_files import execute_sql_file

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_UTC_NOW = sa.text("(now() AT TIME ZONE 'utc')")


def upgrade() -> None:
    op.create_table(
        "proof_page_fingerprints",
        sa.Column("proof_id", sa.Uuid(), nullable=False),
        sa.Column("page", sa.Integer(), nullable=False),
        sa.Column("dhash", postgresql.BIT(256), nullable=False),
        *(sa.Column(f"band_{index}", sa.BigInteger(), nullable=False) for index in range(4)),
        sa.Column("inserted_at", postgresql.TIMESTAMP(timezone=False), server_default=_UTC_NOW, nullable=False),
        sa.CheckConstraint("page >= 0", name=op.f("ck_proof_page_fingerprints_page_not_negative")),
        sa.PrimaryKeyConstraint("proof_id", "page", name=op.f("pk_proof_page_fingerprints")),
        _cascade_to_proof("proof_page_fingerprints"),
    )
    for index in range(4):
        op.create_index(op.f(f"ix_proof_page_fingerprints_band_{index}"), "proof_page_fingerprints", [f"band_{index}"])
    op.create_table(
        "proof_forensics",
        sa.Column("proof_id", sa.Uuid(), nullable=False),
        sa.Column("analyser_version", sa.Integer(), nullable=False),
        sa.Column("findings", postgresql.JSONB(), nullable=False),
        sa.Column("computed_at", postgresql.TIMESTAMP(timezone=False), server_default=_UTC_NOW, nullable=False),
        sa.PrimaryKeyConstraint("proof_id", name=op.f("pk_proof_forensics")),
        _cascade_to_proof("proof_forensics"),
    )
    op.create_table(
        "match_decisions",
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("matching_entry_id", sa.BigInteger(), nullable=False),
        sa.Column("decision", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("decided_by_id", sa.Uuid(), server_default=sa.text("rd_current_user_id()"), nullable=False),
        sa.Column("inserted_at", postgresql.TIMESTAMP(timezone=False), server_default=_UTC_NOW, nullable=False),
        sa.Column("updated_at", postgresql.TIMESTAMP(timezone=False), server_default=_UTC_NOW, nullable=False),
        sa.CheckConstraint(
            "decision IN ('duplicate', 'different_applicant')", name=op.f("ck_match_decisions_decision")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_decisions")),
        sa.UniqueConstraint("matching_entry_id", name=op.f("uq_match_decisions_matching_entry_id")),
        sa.ForeignKeyConstraint(
            ["matching_entry_id"],
            ["matching_entries.id"],
            name=op.f("fk_match_decisions_matching_entry_id_matching_entries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"], name=op.f("fk_match_decisions_decided_by_id_users")),
    )
    op.create_index(op.f("ix_match_decisions_decided_by_id"), "match_decisions", ["decided_by_id"])
    execute_sql_file(revision, "security")


def _cascade_to_proof(table: str) -> sa.ForeignKeyConstraint:
    """Findings go with their proof."""
    return sa.ForeignKeyConstraint(
        ["proof_id"], ["proof.id"], name=op.f(f"fk_{table}_proof_id_proof"), ondelete="CASCADE"
    )


def downgrade() -> None:
    execute_sql_file(revision, "downgrade")
    op.drop_table("match_decisions")
    op.drop_table("proof_forensics")
    op.drop_table("proof_page_fingerprints")
