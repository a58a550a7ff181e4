"""Computing a document's fingerprints and forensic findings as it arrives (the spec's similarity check).

Intake (or the workstation) enqueues ``{"proof_id": "<uuid>"}`` when a
proof is stored; a worker node reads the proof, fetches its bytes
(``file://`` from shared storage, ``db://`` from ``document_blobs``),
analyses it in a thread and stores the result in one transaction. A proof
that no longer exists is nothing to do; an unreadable document is stored
as a finding saying so, so it is not retried forever.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Any

from oban import Job, worker
from psycopg import AsyncConnection

from services.document_store import FileDocumentStore, blob_id_from_url
from services.forensics.analysis import analyse_document
from services.forensics.storage import INSERT_FINGERPRINT, UPSERT_FINDINGS, findings_row, fingerprint_rows
from services.jobs.connection import job_connection
from services.jobs.queues import FORENSICS_QUEUE

logger = logging.getLogger(__name__)


@worker(queue=FORENSICS_QUEUE, max_attempts=5)
class DocumentForensicsWorker:
    """Args: ``{"proof_id": "<uuid>"}``."""

    async def process(self, job: Job) -> None:
        proof_id = uuid.UUID(job.args["proof_id"])
        async with job_connection() as conn:
            row = await (
                await conn.execute("SELECT file, extracted_meta FROM proof WHERE id = %s", (proof_id,))
            ).fetchone()
            if row is None:
                logger.info("proof %s is gone; nothing to analyse", proof_id)
                return
            content = await _document_bytes(conn, row[0])
        analysis = await asyncio.to_thread(analyse_document, content, row[1])
        async with job_connection() as conn, conn.transaction():
            rows = fingerprint_rows(proof_id, analysis)
            if rows:
                async with conn.cursor() as cursor:
                    await cursor.executemany(INSERT_FINGERPRINT, rows)
            await conn.execute(UPSERT_FINDINGS, findings_row(proof_id, analysis))


async def _document_bytes(conn: AsyncConnection[Any], url: str) -> bytes:
    if url.lower().startswith("db:"):
        blob = await (
            await conn.execute("SELECT content FROM document_blobs WHERE id = %s", (blob_id_from_url(url),))
        ).fetchone()
        return bytes(blob[0]) if blob else b""
    return (await FileDocumentStore().fetch(url)).content
