"""What the automated document check would have said about each document.

Real checks are good but not perfect, and the demo has to show both
failure modes a reviewer is there for: forgeries the machine missed
(no flags, suggested CLEAN) and genuine documents it flagged anyway (a
lone weak flag). Flags use the spec's vocabulary.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .capture import Capture
from .tampering import Tampering

FLAG_ORDER = (
    "copy_move_forgery",
    "font_manipulation",
    "edited_totals",
    "jpeg_double_compression",
    "metadata_mismatch",
)

# Forgeries that pass the machine check unflagged.
MISSED_FORGERY_RATE = 0.1
# Genuine, digitally produced documents that still get a flag.
FALSE_POSITIVE_RATE = 0.08


@dataclass(frozen=True)
class MachineVerdict:
    flags: tuple[str, ...]
    suggested_ruling: str  # 'CLEAN' | 'EDITED' | 'FRAUD' | 'INSUFFICIENT'
    ocr_confidence: float


def _ordered(flags: set[str]) -> tuple[str, ...]:
    return tuple(flag for flag in FLAG_ORDER if flag in flags)


def check_document(
    rng: random.Random,
    *,
    tampering: Tampering | None,
    media_type: str,
    capture: Capture,
    edited_metadata: bool,
) -> MachineVerdict:
    """Simulate the machine check's flags, suggestion and OCR confidence.

    ``edited_metadata`` says the file's producer/dates betray an editor,
    which the check notices most of the time.
    """
    confidence = {
        "digital": rng.uniform(0.94, 0.99),
        "scan": rng.uniform(0.8, 0.93),
        "partial": rng.uniform(0.52, 0.74),
    }[capture]
    confidence = round(confidence, 3)
    if capture == "partial":
        return MachineVerdict((), "INSUFFICIENT", confidence)
    if tampering is not None:
        return _check_forgery(rng, tampering, media_type, capture, confidence, edited_metadata)

    flags: set[str] = set()
    if capture == "scan" and media_type == "image/jpeg" and rng.random() < 0.2:
        flags.add("jpeg_double_compression")
    elif capture == "digital" and rng.random() < FALSE_POSITIVE_RATE:
        candidates = ["metadata_mismatch", "font_manipulation"]
        if media_type == "image/jpeg":
            candidates.append("jpeg_double_compression")
        flags.add(rng.choice(candidates))
    if capture == "scan" and rng.random() < 0.15:
        return MachineVerdict(_ordered(flags), "INSUFFICIENT", confidence)
    suggestion = "EDITED" if flags and rng.random() < 0.5 else "CLEAN"
    return MachineVerdict(_ordered(flags), suggestion, confidence)


def _check_forgery(
    rng: random.Random,
    tampering: Tampering,
    media_type: str,
    capture: Capture,
    confidence: float,
    edited_metadata: bool,
) -> MachineVerdict:
    if rng.random() < MISSED_FORGERY_RATE:
        return MachineVerdict((), "CLEAN", confidence)
    flags: set[str] = set()
    if tampering.kind == "edited_figure":
        primary = "edited_totals"
        if rng.random() < (0.4 if media_type == "application/pdf" or capture == "scan" else 0.75):
            flags.add("jpeg_double_compression")
        if rng.random() < 0.5:
            flags.add("font_manipulation")
        suggestion = "EDITED" if rng.random() < 0.8 else "FRAUD"
    elif tampering.kind == "pasted_region":
        primary = "copy_move_forgery"
        if rng.random() < 0.4:
            flags.add("edited_totals")
        suggestion = "FRAUD" if rng.random() < 0.6 else "EDITED"
    else:
        primary = "font_manipulation"
        suggestion = "FRAUD" if rng.random() < 0.85 else "EDITED"
    if rng.random() < 0.88:
        flags.add(primary)
    if rng.random() < (0.8 if edited_metadata else 0.1):
        flags.add("metadata_mismatch")
    if not flags:
        flags.add(primary)
    return MachineVerdict(_ordered(flags), suggestion, confidence)
