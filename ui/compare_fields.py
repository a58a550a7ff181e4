"""Field-by-field comparison of two documents' extracted_meta and PDF anatomy: same, different or missing.

Qt-free so it is tested as plain data; the compare view renders the rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from services.forensics.findings import PdfAnatomy


class FieldVerdict(StrEnum):
    SAME = "same"
    DIFFERENT = "different"
    MISSING = "missing"
    """On one side only."""


@dataclass(frozen=True)
class FieldComparison:
    field: str
    left: str | None
    right: str | None
    verdict: FieldVerdict


def compare_fields(left: Mapping[str, object], right: Mapping[str, object]) -> tuple[FieldComparison, ...]:
    """Every field present on either side, differences first, then one-sided ones, then the same, each by name.

    None and "" count as missing.
    """
    rows = []
    for name in sorted(set(left) | set(right)):
        a, b = _text(left.get(name)), _text(right.get(name))
        if a is None or b is None:
            verdict = FieldVerdict.SAME if a == b else FieldVerdict.MISSING
        else:
            verdict = FieldVerdict.SAME if a == b else FieldVerdict.DIFFERENT
        rows.append(FieldComparison(name, a, b, verdict))
    return tuple(sorted(rows, key=lambda row: (_ORDER[row.verdict], row.field)))


_ORDER = {FieldVerdict.DIFFERENT: 0, FieldVerdict.MISSING: 1, FieldVerdict.SAME: 2}


def anatomy_fields(anatomy: PdfAnatomy | None) -> dict[str, object]:
    """The PDF properties worth comparing, flattened to named values (empty for a non-PDF)."""
    if anatomy is None or anatomy.unreadable is not None:
        return {}
    fonts = sorted(
        {f"{font.name}{'' if font.embedded else ' (not embedded)'}" for p in anatomy.pages for font in p.fonts}
    )
    return {
        "pdf.producer": anatomy.producer,
        "pdf.creator": anatomy.creator,
        "pdf.created": anatomy.created,
        "pdf.modified": anatomy.modified,
        "pdf.pages": len(anatomy.pages),
        "pdf.fonts": ", ".join(fonts) or "none",
        "pdf.images": sum(page.images for page in anatomy.pages),
        "pdf.form": anatomy.has_form,
        "pdf.javascript_actions": anatomy.javascript_actions,
        "pdf.broken_xref": anatomy.broken_xref,
        "pdf.revisions": anatomy.revisions,
    }


def _text(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)
