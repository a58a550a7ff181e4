"""The evidence of one document: the machine check's flags in words, extracted fields, similarity hits, findings.

Rendered as rich text in one read-only browser, because the evidence is
read, not edited, and a reviewer copies from it (amounts, ids) into
notes. Similarity hits are shown only to staff: company roles cannot read
``proof.similarity_check`` (revision 0006), and the case service returns
it empty for them. The stored forensic findings arrive later than the
case (computed on demand when the worker has not yet), so they are a
separate section filled by :meth:`EvidencePanel.show_findings`. The heavy
aids (compare, error levels, the PDF before its last revision, page reuse)
are links here, each with its one-line explanation; a click asks the case
view to open the aid (:attr:`EvidencePanel.aid_requested`).
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any, Final

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QTextBrowser, QWidget

from services.case_view import CaseDocument
from services.forensics.findings import (
    ARITHMETIC_EXPLANATION,
    ELA_EXPLANATION,
    ELA_STANDS_OUT,
    PDF_ANATOMY_EXPLANATION,
    REUSE_EXPLANATION,
    ElaRegion,
    ela_summary,
)
from ui.evidence_words import field_label, flag_words, similarity_words, value_text

AIDS: Final = (
    ("compare", "Compare with another document", "Side by side, blinking, as an onion skin or as a difference."),
    ("ela", "Error levels", ELA_EXPLANATION),
    ("revision", "Before and after the last revision", PDF_ANATOMY_EXPLANATION),
    ("reuse", "Where else these pages were submitted", REUSE_EXPLANATION),
)
"""The aids offered as links: the ``aid:`` name the case view opens, the link's words, the explanation."""


class EvidencePanel(QTextBrowser):
    aid_requested = Signal(str)
    """The name of an aid in :data:`AIDS` the reviewer clicked."""

    def __init__(self, parent: QWidget | None = None, *, show_similarity: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("evidencePanel")
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._on_link)
        self.show_similarity = show_similarity
        self.offered_aids: frozenset[str] = frozenset()
        """Which of :data:`AIDS` this person has (set by the case view when it is given the services)."""
        self._document: CaseDocument | None = None
        self._findings: str = ""

    def show_document(self, document: CaseDocument | None) -> None:
        self._document = document
        self._findings = "<p><i>Looking up the forensic findings…</i></p>" if document is not None else ""
        self._render()

    def show_findings(self, findings: Mapping[str, Any] | None, *, failure: str | None = None) -> None:
        if failure is not None:
            self._findings = f"<p><i>Forensic findings are not available: {escape(failure)}</i></p>"
        else:
            self._findings = findings_html(findings or {})
        self._render()

    def _render(self) -> None:
        document = self._document
        if document is None:
            self.setHtml("<p><i>No document selected.</i></p>")
            return
        parts = [f"<h4>{escape(document.kind.replace('_', ' ').capitalize())} {escape(document.short_id or '')}</h4>"]
        parts.append(f"<p>Machine suggestion: <b>{escape(document.suggested_ruling)}</b>")
        if document.manual_review_recommended:
            parts.append(" — manual review recommended")
        parts.append("</p><h4>Flags</h4>")
        parts.append(_items([flag_words(flag) for flag in document.meta_data_flags], "No flags raised."))
        parts.append("<h4>Extracted fields</h4>")
        parts.append(_fields(document.extracted_meta or {}))
        if self.show_similarity:
            parts.append("<h4>Similar documents</h4>")
            parts.append(_items([similarity_words(hit) for hit in document.similarity_check], "None found."))
        parts.append("<h4>Forensic findings</h4>")
        parts.append(self._findings)
        aids = [(name, words, why) for name, words, why in AIDS if name in self.offered_aids]
        if aids:
            parts.append("<h4>Forensic aids</h4>")
            parts.append(
                "".join(
                    f'<p><a href="aid:{name}">{escape(words)}</a> — <small>{escape(why)}</small></p>'
                    for name, words, why in aids
                )
            )
        self.setHtml("".join(parts))

    def _on_link(self, url: QUrl) -> None:
        if url.scheme() == "aid":
            self.aid_requested.emit(url.path())


def findings_html(findings: Mapping[str, Any]) -> str:
    """Stored findings (:func:`services.forensics.analysis.analyse_document`'s JSON) as rich text."""
    parts: list[str] = []
    if findings.get("unreadable"):
        parts.append(f"<p>The document could not be analysed: {escape(str(findings['unreadable']))}</p>")
    checks = findings.get("arithmetic") or []
    parts.append(f"<p><b>Arithmetic</b> — <small>{escape(ARITHMETIC_EXPLANATION)}</small></p>")
    lines = [
        ("✗ " if check.get("passed") is False else "✓ " if check.get("passed") else "? ")
        + str(check.get("message") or check.get("name"))
        for check in checks
    ]
    parts.append(_items(lines, "No figures to check."))
    pdf = findings.get("pdf")
    if pdf:
        parts.append(f"<p><b>PDF anatomy</b> — <small>{escape(PDF_ANATOMY_EXPLANATION)}</small></p>")
        parts.append(_items(_pdf_lines(pdf), "Nothing notable."))
    ela = findings.get("ela")
    if ela:
        parts.append(f"<p><b>Error-level analysis</b> — <small>{escape(ELA_EXPLANATION)}</small></p>")
        regions = [
            ElaRegion(tuple(region.get("box", (0, 0, 0, 0))), float(region.get("score", 0.0)))  # type: ignore[arg-type]
            for region in ela.get("regions") or ()
        ]
        parts.append(f"<p>{escape(ela_summary(regions, float(ela.get('stands_out', ELA_STANDS_OUT))))}</p>")
    return "".join(parts)


def _pdf_lines(pdf: Mapping[str, Any]) -> list[str]:
    if pdf.get("unreadable"):
        return [f"Could not be read: {pdf['unreadable']}"]
    lines = [
        f"Written by {pdf.get('producer') or 'an unnamed program'}"
        + (f" (created with {pdf['creator']})" if pdf.get("creator") else ""),
        f"Created {pdf.get('created') or 'unknown'}, modified {pdf.get('modified') or 'unknown'}",
    ]
    revisions = int(pdf.get("revisions") or 0)
    if revisions > 1:
        lines.append(f"Edited after it was first saved: {revisions} revisions")
    fonts = {
        font.get("name"): font.get("embedded") for page in pdf.get("pages") or () for font in page.get("fonts") or ()
    }
    if fonts:
        lines.append(
            "Fonts: " + ", ".join(f"{name}{'' if embedded else ' (not embedded)'}" for name, embedded in fonts.items())
        )
    if pdf.get("has_form"):
        lines.append("Has form fields")
    if pdf.get("javascript_actions"):
        lines.append(f"Contains JavaScript ({pdf['javascript_actions']} actions)")
    if pdf.get("broken_xref"):
        lines.append("Its cross-reference table is broken (the file was altered by hand or damaged)")
    return lines


def _items(lines: list[str], empty: str) -> str:
    if not lines:
        return f"<p>{escape(empty)}</p>"
    return "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>"


def _fields(meta: Mapping[str, Any]) -> str:
    if not meta:
        return "<p>Nothing extracted.</p>"
    # Lines, not a table: in a narrow panel a table column wraps labels letter by letter.
    return "".join(
        f"<div>{escape(field_label(str(key)))}: <b>{escape(value_text(value))}</b></div>" for key, value in meta.items()
    )
