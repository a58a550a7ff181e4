"""The two writes that store an analysis, as driver-level SQL both writers share.

The workstation writes through its SQLAlchemy session
(``exec_driver_sql``), a worker node through plain psycopg; both speak
psycopg's ``%(name)s`` parameters, so the statements exist once.
Fingerprints already stored are kept (a page's hash never changes);
findings are replaced (a newer analyser's win).
"""

from __future__ import annotations

import uuid
from typing import Any, Final

from psycopg.types.json import Jsonb

from services.forensics.analysis import ANALYSER_VERSION, DocumentAnalysis

INSERT_FINGERPRINT: Final = """
INSERT INTO proof_page_fingerprints (proof_id, page, dhash, band_0, band_1, band_2, band_3)
VALUES (%(proof_id)s, %(page)s, CAST(%(dhash)s AS bit(256)), %(band_0)s, %(band_1)s, %(band_2)s, %(band_3)s)
ON CONFLICT (proof_id, page) DO NOTHING
"""

UPSERT_FINDINGS: Final = """
INSERT INTO proof_forensics (proof_id, analyser_version, findings)
VALUES (%(proof_id)s, %(analyser_version)s, %(findings)s)
ON CONFLICT (proof_id) DO UPDATE
SET analyser_version = excluded.analyser_version, findings = excluded.findings,
    computed_at = (now() AT TIME ZONE 'utc')
"""


def fingerprint_rows(proof_id: uuid.UUID, analysis: DocumentAnalysis) -> list[dict[str, Any]]:
    """Parameters of :data:`INSERT_FINGERPRINT`, one per page."""
    return [
        {"proof_id": proof_id, "page": index, "dhash": page.bits}
        | {f"band_{band}": value for band, value in enumerate(page.bands)}
        for index, page in enumerate(analysis.fingerprints)
    ]


def findings_row(proof_id: uuid.UUID, analysis: DocumentAnalysis) -> dict[str, Any]:
    """Parameters of :data:`UPSERT_FINDINGS`."""
    return {"proof_id": proof_id, "analyser_version": ANALYSER_VERSION, "findings": Jsonb(analysis.findings)}
