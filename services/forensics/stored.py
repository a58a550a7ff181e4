"""Stored forensic findings, and computing them on the workstation when the worker has not yet.

The worker job (``services.jobs.document_forensics``) fills
``proof_page_fingerprints`` and ``proof_forensics`` as documents arrive;
when a reviewer opens a proof first, :func:`ensure_forensics` computes the
same thing off the event loop and stores it (staff may insert what is
missing), so the next reviewer does not pay again.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.forensics import ProofForensics
from models.proofs import Proof
from services.document_store import DocumentResolver, DocumentStoreError
from services.errors import Refusal
from services.forensics.analysis import ANALYSER_VERSION, DocumentAnalysis, analyse_document
from services.forensics.storage import INSERT_FINGERPRINT, UPSERT_FINDINGS, findings_row, fingerprint_rows
from services.unit_of_work import UnitOfWork


async def store_analysis(session: AsyncSession, proof_id: uuid.UUID, analysis: DocumentAnalysis) -> None:
    """Store the fingerprints and findings of ``proof_id`` in the session's transaction."""
    connection = await session.connection()
    rows = fingerprint_rows(proof_id, analysis)
    if rows:
        await connection.exec_driver_sql(INSERT_FINGERPRINT, rows)
    await connection.exec_driver_sql(UPSERT_FINDINGS, findings_row(proof_id, analysis))


async def ensure_forensics(uow: UnitOfWork, resolver: DocumentResolver, proof_id: uuid.UUID) -> dict[str, Any]:
    """The proof's findings, computed and stored first when missing or from an older analyser."""
    async with uow.transaction() as session:
        stored = (
            await session.execute(
                select(ProofForensics.findings).where(
                    ProofForensics.proof_id == proof_id, ProofForensics.analyser_version >= ANALYSER_VERSION
                )
            )
        ).scalar_one_or_none()
        if stored is not None:
            return stored
        proof = (
            await session.execute(select(Proof.file, Proof.extracted_meta).where(Proof.id == proof_id))
        ).one_or_none()
    if proof is None:
        raise Refusal("This document does not exist or is not yours to see.")
    try:
        document = await resolver.fetch(proof.file)
    except DocumentStoreError as error:
        raise Refusal(str(error)) from error
    analysis = await asyncio.to_thread(analyse_document, document.content, proof.extracted_meta)
    async with uow.transaction() as session:
        await store_analysis(session, proof_id, analysis)
    return analysis.findings
