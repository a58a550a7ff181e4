"""Everything the forensic aids compute from one document's bytes, in one blocking call.

The worker job and the workstation's on-demand path both call
:func:`analyse_document` (off the event loop), so a document gets the same
findings whoever computed them. Findings are stored as JSON; the ELA
overlay is not (it is recomputed when a reviewer opens it, in well under a
second), only its top regions.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Final

from services.document_decode import DecodeLimits, DocumentUnreadable, decode_document, sniff_media_type
from services.forensics.arithmetic import check_document
from services.forensics.ela import error_level_analysis
from services.forensics.ela_page import ela_page
from services.forensics.fingerprints import PageFingerprint, fingerprint_page
from services.forensics.pdf_anatomy import pdf_anatomy

ANALYSER_VERSION: Final = 3
"""Bump when a finding's computation changes, so stored findings are recomputed.

2: fingerprints with a margin; 3: ELA reads compression noise off the page's JPEG grid, on a PDF's stored picture.
"""

_LIMITS: Final = DecodeLimits(max_pages=20)


@dataclass(frozen=True)
class DocumentAnalysis:
    """Page fingerprints and the JSON findings of one document."""

    fingerprints: tuple[PageFingerprint, ...]
    findings: dict[str, Any]


def analyse_document(content: bytes, extracted_meta: dict[str, Any] | None) -> DocumentAnalysis:
    """Fingerprint every page (up to 20), ELA the first as stored, PDF anatomy, and the sums in ``extracted_meta``.

    Blocking. An unreadable document yields no fingerprints and a finding
    that says why, never an exception.
    """
    findings: dict[str, Any] = {
        "arithmetic": [dataclasses.asdict(check) for check in check_document(extracted_meta or {})]
    }
    if sniff_media_type(content) == "application/pdf":
        anatomy = pdf_anatomy(content)
        findings["pdf"] = {
            key: value.isoformat() if hasattr(value, "isoformat") else value
            for key, value in dataclasses.asdict(anatomy).items()
            if key != "before_last_revision"
        }
    try:
        decoded = decode_document(content, limits=_LIMITS)
    except DocumentUnreadable as error:
        findings["unreadable"] = str(error)
        return DocumentAnalysis((), findings)
    ela = error_level_analysis(ela_page(content, limits=_LIMITS))
    findings["ela"] = {"stands_out": ela.stands_out, "regions": [dataclasses.asdict(region) for region in ela.regions]}
    return DocumentAnalysis(tuple(fingerprint_page(page) for page in decoded.pages), findings)
