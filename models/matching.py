"""Possible duplicate entries with a similarity score (spec 000 §1).

Indexes are the spec's "Recommended Indexes": ``entry_id``,
``matching_entry_id``, ``match_percentage``, ``inserted_at`` and
``(entry_id, match_percentage)``. Beyond the spec: the score is limited to
0..100, an entry never matches itself, and each ordered pair is stored
once (a recomputed score updates the row), which also lets the similarity
job upsert. Matches go with either entry (``ON DELETE CASCADE``).
"""

from __future__ import annotations

import uuid

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Identity, Index, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, Timestamps


class MatchingEntry(Timestamps, Base):
    """Entry ``entry_id`` resembles the earlier entry ``matching_entry_id`` by ``match_percentage``."""

    __tablename__ = "matching_entries"
    __table_args__ = (
        CheckConstraint("match_percentage BETWEEN 0 AND 100", name="match_percentage_range"),
        CheckConstraint("entry_id <> matching_entry_id", name="not_self"),
        UniqueConstraint("entry_id", "matching_entry_id"),
        Index("ix_matching_entries_entry_id_match_percentage", "entry_id", "match_percentage"),
        Index("ix_matching_entries_inserted_at", "inserted_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), index=True)
    matching_entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), index=True)
    match_percentage: Mapped[int] = mapped_column(Integer, index=True)
