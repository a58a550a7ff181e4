"""Forensic aids stored per document, and reviewers' decisions on duplicate matches (not in the client's spec).

- ``proof_page_fingerprints``: one 256-bit difference hash per page of a
  proof, keyed by ``(proof_id, page)``. The hash is stored twice: whole,
  as ``bit(256)`` for ``bit_count(a # b)``, and as four 64-bit bands
  (``band_0`` … ``band_3``, each a btree index). Two hashes at most
  :data:`services.forensics.fingerprints.SAME_DOCUMENT_DISTANCE` (3) bits
  apart share at least one whole band (pigeonhole), so a search reads four
  index lookups and counts bits only on those candidates instead of
  scanning a million rows.
- ``proof_forensics``: the latest forensic findings of a proof (ELA top
  regions, PDF anatomy, arithmetic checks) as one JSON document, with the
  version of the analysers that wrote it so a newer worker recomputes.
- ``match_decisions``: a reviewer's "same applicant / duplicate" or
  "different applicant" on one ``matching_entries`` row. A table of its own
  rather than columns on ``matching_entries``: that table is the client's
  contract and the similarity job upserts it (a recomputed score must not
  wipe a person's decision), and reviewers get INSERT/UPDATE here without
  any write on the worker's table. One decision per match; changes are
  kept by the audit log.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Integer, Text, text
from sqlalchemy.dialects.postgresql import BIT, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from models.base import UTC_NOW, Base, Timestamps, uuid_pk

MATCH_DECISIONS = ("duplicate", "different_applicant")


class ProofPageFingerprint(Base):
    """The difference hash of one page of one proof."""

    __tablename__ = "proof_page_fingerprints"
    __table_args__ = (CheckConstraint("page >= 0", name="page_not_negative"),)

    proof_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("proof.id", ondelete="CASCADE"), primary_key=True)
    page: Mapped[int] = mapped_column(Integer, primary_key=True)
    dhash: Mapped[str] = mapped_column(BIT(256))
    band_0: Mapped[int] = mapped_column(BigInteger, index=True)
    band_1: Mapped[int] = mapped_column(BigInteger, index=True)
    band_2: Mapped[int] = mapped_column(BigInteger, index=True)
    band_3: Mapped[int] = mapped_column(BigInteger, index=True)
    inserted_at: Mapped[datetime.datetime] = mapped_column(server_default=UTC_NOW)


class ProofForensics(Base):
    """The forensic findings of one proof, as the evidence panel shows them."""

    __tablename__ = "proof_forensics"

    proof_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("proof.id", ondelete="CASCADE"), primary_key=True)
    analyser_version: Mapped[int] = mapped_column(Integer)
    findings: Mapped[dict[str, Any]] = mapped_column(JSONB)
    computed_at: Mapped[datetime.datetime] = mapped_column(server_default=UTC_NOW)


class MatchDecision(Timestamps, Base):
    """A reviewer's decision on one duplicate match, shown on both entries."""

    __tablename__ = "match_decisions"
    __table_args__ = (CheckConstraint("decision IN ('duplicate', 'different_applicant')", name="decision"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    matching_entry_id: Mapped[int] = mapped_column(ForeignKey("matching_entries.id", ondelete="CASCADE"), unique=True)
    decision: Mapped[str] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id"), index=True, server_default=text("rd_current_user_id()")
    )
