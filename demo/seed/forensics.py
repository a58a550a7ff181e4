"""Fingerprints and forensic findings for the seeded proofs, computed once per pool document.

Thousands of proofs share a few hundred pool documents, so each document
is analysed once (in a worker thread) and its rows are joined onto every
proof whose ``file`` is that document, in two set-based statements.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from psycopg import AsyncCursor
from psycopg.types.json import Jsonb

from demo.documents import PooledDocument
from services.document_store import file_url
from services.forensics.analysis import ANALYSER_VERSION, DocumentAnalysis, analyse_document

_FINGERPRINTS = """
INSERT INTO proof_page_fingerprints (proof_id, page, dhash, band_0, band_1, band_2, band_3)
SELECT proof.id, v.page, CAST(v.dhash AS bit(256)), v.band_0, v.band_1, v.band_2, v.band_3
FROM unnest(%(urls)s::text[], %(pages)s::int[], %(hashes)s::text[], %(b0)s::bigint[], %(b1)s::bigint[],
            %(b2)s::bigint[], %(b3)s::bigint[]) AS v(url, page, dhash, band_0, band_1, band_2, band_3)
JOIN proof ON proof.file = v.url
"""

_FINDINGS = """
INSERT INTO proof_forensics (proof_id, analyser_version, findings)
SELECT proof.id, %(version)s, v.findings
FROM unnest(%(urls)s::text[], %(findings)s::jsonb[]) AS v(url, findings)
JOIN proof ON proof.file = v.url
"""


def _analyse_pool(pool: Sequence[PooledDocument]) -> list[tuple[str, DocumentAnalysis]]:
    return [
        (file_url(document.file_path), analyse_document(document.file_path.read_bytes(), document.extracted_meta))
        for document in pool
    ]


async def seed_forensics(cursor: AsyncCursor[Any], pool: Sequence[PooledDocument]) -> None:
    """Fill ``proof_page_fingerprints`` and ``proof_forensics`` for every seeded proof."""
    analyses = await asyncio.to_thread(_analyse_pool, pool)
    pages = [(url, index, page) for url, analysis in analyses for index, page in enumerate(analysis.fingerprints)]
    await cursor.execute(
        _FINGERPRINTS,
        {
            "urls": [url for url, _, _ in pages],
            "pages": [index for _, index, _ in pages],
            "hashes": [page.bits for _, _, page in pages],
            **{f"b{band}": [page.bands[band] for _, _, page in pages] for band in range(4)},
        },
    )
    await cursor.execute(
        _FINDINGS,
        {
            "version": ANALYSER_VERSION,
            "urls": [url for url, _ in analyses],
            "findings": [Jsonb(analysis.findings) for _, analysis in analyses],
        },
    )
