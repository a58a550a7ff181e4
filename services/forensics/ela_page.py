"""The pixels error-level analysis must look at: the image as it was stored, never a resampled rendering.

ELA reads the 8 x 8 block grid a JPEG encoder left in the pixels. A PDF
page rendered at the viewer's 144 dpi resamples a 100 dpi page image by
1.44, which smears that grid beyond recognition; so for a PDF whose page is
a JPEG picture (a scan, or a bank's image-only statement) that JPEG is
taken out of the file as it is stored and decoded like any uploaded JPEG.
Pages drawn from text and vectors, or from lossless pictures, carry no
JPEG grid to read and are analysed as rendered. Images are analysed as
decoded.
"""

from __future__ import annotations

from typing import Final

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from services.document_decode import (
    DEFAULT_LIMITS,
    PDF_MEDIA_TYPE,
    PDFIUM_LOCK,
    DecodeLimits,
    DocumentUnreadable,
    decode_document,
    sniff_media_type,
)

PAGE_COVERAGE: Final = 0.8
"""An image covering at least this share of the page is the page (a scan), not a logo on it."""


def ela_page(content: bytes, index: int = 0, *, limits: DecodeLimits = DEFAULT_LIMITS) -> Image.Image:
    """Page ``index`` of a document for ELA: a PDF page's own picture at its stored size, else the decoded page.

    Raises :class:`DocumentUnreadable` as :func:`decode_document` does.
    """
    if sniff_media_type(content) == PDF_MEDIA_TYPE:
        stored = _page_jpeg(content, index, limits)
        if stored is not None:
            try:
                return decode_document(stored, limits=limits).pages[0]
            except DocumentUnreadable:
                pass  # a picture PDFium draws but Pillow cannot read: the rendering is all there is
    return decode_document(content, first_page=index, limits=limits).pages[0]


def _page_jpeg(content: bytes, index: int, limits: DecodeLimits) -> bytes | None:
    """The page's JPEG picture, as stored, when it covers the page (the largest if several do)."""
    with PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(content)
        except pdfium.PdfiumError as error:
            raise DocumentUnreadable("The file is not a valid PDF.") from error
        try:
            if not 0 <= index < len(pdf):
                raise DocumentUnreadable(f"The PDF has no page {index + 1}.")
            page = pdf[index]
            try:
                page_area = page.get_width() * page.get_height()
                best: pdfium.PdfImage | None = None
                best_pixels = 0
                for picture in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=1):
                    left, bottom, right, top = picture.get_bounds()
                    width, height = picture.get_px_size()
                    pixels = width * height
                    covers = (right - left) * (top - bottom) >= PAGE_COVERAGE * page_area
                    jpeg = picture.get_filters() == ["DCTDecode"]
                    if covers and jpeg and best_pixels < pixels <= limits.max_page_pixels:
                        best, best_pixels = picture, pixels
                if best is None:
                    return None
                return bytes(best.get_data(decode_simple=False))
            finally:
                page.close()
        finally:
            pdf.close()
