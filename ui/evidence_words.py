"""The machine check's flags and the stored forensic findings, said in words a reviewer reads at a glance.

``meta_data_flags`` are short codes from the upload screening; a reviewer
should not need the screening's manual to know what "copy_move_forgery"
means. Unknown codes are shown as they are, humanised, never dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

FLAG_WORDS: Final[Mapping[str, str]] = {
    "copy_move_forgery": "A region appears to be copied from elsewhere in the same document.",
    "font_manipulation": "Key fields use fonts that differ from the rest of the document.",
    "edited_totals": "Totals do not match the figures they are made of.",
    "jpeg_double_compression": "The image was saved as a JPEG more than once (typical of editing).",
    "metadata_mismatch": "The file's metadata names editing software or dates that do not fit.",
}


def flag_words(flag: str) -> str:
    """What ``flag`` means; an unknown flag humanised (``odd_margin`` → "Odd margin")."""
    return FLAG_WORDS.get(flag) or flag.replace("_", " ").capitalize() + "."


def field_label(key: str) -> str:
    """An ``extracted_meta`` key as a label (``gross_pay`` → "Gross pay")."""
    return key.replace("_", " ").capitalize()


def value_text(value: Any) -> str:
    """An extracted value as shown: amounts with two decimals, lists joined, nothing as a dash."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, list | tuple):
        return ", ".join(value_text(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{field_label(str(key))}: {value_text(item)}" for key, item in value.items())
    return str(value)


def similarity_words(hit: Mapping[str, Any]) -> str:
    """One ``similarity_check`` element: how similar, and to what (the spec's keys, with older ones tolerated)."""
    score = hit.get("similarity_score", hit.get("score"))
    if isinstance(score, int | float):
        percent = score * 100 if score <= 1 else score
        how = f"{percent:.0f} % similar"
    else:
        how = "Similar"
    kind = hit.get("document_kind")
    document = f"the {str(kind).replace('_', ' ').lower()}" if kind else "a document"
    entry = hit.get("entry_short_id")
    if entry:  # named by the case service: what a reviewer reads
        return f"{how} to {document} of entry {entry}."
    target = hit.get("entry") or hit.get("entry_id")
    proof = hit.get("matching_proof_id")
    where = f" to a document of entry {target}" if target else " to another document"
    return how + where + (f" (document {proof})" if proof else "") + "."
