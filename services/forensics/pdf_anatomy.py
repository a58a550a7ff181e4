"""PDF anatomy: who wrote the file, when, with which fonts and images, and whether it was edited later.

Library choice: pypdfium2, already our renderer, reads metadata, fonts
(and whether each is embedded), images, forms and JavaScript through
PDFium's API, and renders the "before" file for the compare view; pikepdf
would add a second PDF engine (qpdf) for nothing we lack. Revisions are
counted from the bytes, not PDFium's ``FPDF_GetTrailerEnds``: that returns
nothing for files whose final ``%%EOF`` has no line break (every PDF
Pillow writes). An incremental update appends objects, a new xref and a new
``startxref … %%EOF``; so each ``startxref <offset> %%EOF`` section ends one
revision, and the file up to the end of the second-to-last is exactly the
document as it was before the last save. The xref is "broken" when the
final ``startxref`` does not point at an ``xref`` table or an xref stream
object (readers then rebuild it, silently, which hides edits).

Blocking; takes :data:`services.document_decode.PDFIUM_LOCK` like every
other PDFium use.
"""

from __future__ import annotations

import ctypes
import datetime
import re
from typing import Final

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from services.document_decode import PDFIUM_LOCK
from services.forensics.findings import PdfAnatomy, PdfFont, PdfPageAnatomy

MAX_PAGES: Final = 50
"""Pages whose fonts and images are listed; a longer file is summarised by its first pages."""

_REVISION_END: Final = re.compile(rb"startxref\s+(\d+)\s+%%EOF[\r\n]*")
_XREF_AT: Final = re.compile(rb"\s*(xref|\d+\s+\d+\s+obj)")
_PDF_DATE: Final = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?")


def pdf_anatomy(content: bytes) -> PdfAnatomy:
    """The anatomy of a PDF; a corrupt or encrypted file gives ``unreadable`` with the reason, never an exception."""
    if b"%PDF-" not in content[:1024]:
        return PdfAnatomy(unreadable="The file is not a PDF.")
    revision_ends = [match for match in _REVISION_END.finditer(content)]
    broken = not revision_ends or not _XREF_AT.match(content, int(revision_ends[-1].group(1)))
    before = content[: revision_ends[-2].end()] if len(revision_ends) > 1 else None
    with PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(content)
        except pdfium.PdfiumError as error:
            return PdfAnatomy(unreadable=_open_failure(error), revisions=len(revision_ends), broken_xref=broken)
        try:
            metadata = pdf.get_metadata_dict()
            pages = tuple(_page(pdf, index) for index in range(min(len(pdf), MAX_PAGES)))
            has_form = pdfium_c.FPDF_GetFormType(pdf.raw) != pdfium_c.FORMTYPE_NONE
            javascript = max(0, pdfium_c.FPDFDoc_GetJavaScriptActionCount(pdf.raw))
        except pdfium.PdfiumError:
            return PdfAnatomy(unreadable="The PDF is damaged and its structure cannot be read.", broken_xref=broken)
        finally:
            pdf.close()
    return PdfAnatomy(
        producer=metadata.get("Producer") or None,
        creator=metadata.get("Creator") or None,
        created=_pdf_date(metadata.get("CreationDate")),
        modified=_pdf_date(metadata.get("ModDate")),
        pages=pages,
        has_form=has_form,
        javascript_actions=javascript,
        broken_xref=broken,
        revisions=len(revision_ends),
        before_last_revision=before,
    )


def _open_failure(error: pdfium.PdfiumError) -> str:
    if error.err_code == pdfium_c.FPDF_ERR_PASSWORD:
        return "The PDF is password-protected, so its structure cannot be read."
    if error.err_code == pdfium_c.FPDF_ERR_SECURITY:
        return "The PDF uses an encryption scheme that cannot be opened."
    return "The file is damaged and cannot be opened as a PDF."


def _page(pdf: pdfium.PdfDocument, index: int) -> PdfPageAnatomy:
    page = pdf[index]
    try:
        fonts: dict[str, bool] = {}
        images = 0
        for item in page.get_objects(max_depth=4):
            if item.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                images += 1
            elif item.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
                font = pdfium_c.FPDFTextObj_GetFont(item.raw)
                if font:
                    fonts[_font_name(font)] = bool(pdfium_c.FPDFFont_GetIsEmbedded(font))
        return PdfPageAnatomy(index, tuple(PdfFont(name, embedded) for name, embedded in sorted(fonts.items())), images)
    finally:
        page.close()


def _font_name(font: pdfium_c.FPDF_FONT) -> str:
    length = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
    if length <= 0:
        return "(unnamed font)"
    buffer = ctypes.create_string_buffer(length)
    pdfium_c.FPDFFont_GetBaseFontName(font, buffer, length)
    return buffer.value.decode("utf-8", "replace") or "(unnamed font)"


def _pdf_date(value: str | None) -> datetime.datetime | None:
    """A PDF date string (``D:YYYYMMDDHHmmSS…``) as naive local time of the file, or None."""
    match = _PDF_DATE.match(value or "")
    if match is None:
        return None
    year, month, day, hour, minute, second = (
        int(part) if part else default for part, default in zip(match.groups(), (0, 1, 1, 0, 0, 0), strict=True)
    )
    try:
        return datetime.datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
