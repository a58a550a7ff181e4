"""Decode uploaded document bytes into page images for the viewer, safely.

Applicants upload whatever their phone or bank produced, and fraudsters
upload whatever they like: truncated files, corrupt PDFs, password-locked
statements, and images whose header claims billions of pixels so that
decoding them exhausts memory (decompression bombs). Every such case ends
in one exception, :class:`DocumentUnreadable`, whose message can be shown
to the reviewer as it is.

Images are decoded with Pillow (only the formats uploads actually use),
PDFs rasterised with pypdfium2. Both check sizes *before* allocating
pixels, and PDF pages are rendered at a resolution that fits a pixel
budget instead of at whatever size a page claims.

All functions here are **blocking** (CPU-bound decoding): the UI calls them
through ``loop.run_in_executor`` so the event loop keeps running.
PDFium is not thread-safe, so every PDFium call is serialised behind
:data:`PDFIUM_LOCK`; other code that uses pypdfium2 must take it too.
"""

from __future__ import annotations

import io
import math
import re
import struct
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageOps, UnidentifiedImageError

PDFIUM_LOCK = threading.Lock()

PDF_MEDIA_TYPE = "application/pdf"

# Formats applicants' documents come in; restricting Pillow to these keeps
# its rarer, less-fuzzed decoders out of reach of uploaded bytes.
_IMAGE_FORMATS = ("PNG", "JPEG", "TIFF", "WEBP", "GIF", "BMP")

_POINTS_PER_INCH = 72.0


@dataclass(frozen=True)
class DecodeLimits:
    """How much a single document may cost to open.

    The defaults fit a reviewer workstation: a phone photo (12 to 50 MP) opens,
    a 200-page statement shows its first pages, and nothing can make one
    decode allocate more than a few hundred megabytes.
    """

    max_input_bytes: int = 64 * 1024 * 1024
    max_image_pixels: int = 60_000_000  # per image or frame, as stored
    max_pages: int = 20  # pages decoded per call; ask again with first_page for more
    pdf_dpi: float = 144.0  # render resolution for ordinary pages
    max_page_pixels: int = 16_000_000  # a rendered PDF page is scaled down to fit
    max_total_pixels: int = 80_000_000  # all pages of one call together
    max_page_inches: float = 200.0  # PDF allows 200 in; beyond is a malformed file


DEFAULT_LIMITS = DecodeLimits()


class DocumentUnreadable(Exception):
    """The document cannot be shown; ``str(error)`` says why, for the reviewer."""


@dataclass(frozen=True)
class DecodedDocument:
    """Page images (RGB) of one document, maybe only a window of its pages."""

    media_type: str
    pages: tuple[Image.Image, ...]
    page_count: int  # pages (or frames) in the file
    first_page: int  # index of ``pages[0]`` in the file

    @property
    def has_more_pages(self) -> bool:
        """True when the file has pages after the ones decoded."""
        return self.first_page + len(self.pages) < self.page_count


@dataclass(frozen=True)
class RgbaFrame:
    """Raw 8-bit RGBA pixels, row-major, ready for a toolkit image."""

    width: int
    height: int
    data: bytes

    @property
    def bytes_per_line(self) -> int:
        return self.width * 4


def rgba_frame(image: Image.Image) -> RgbaFrame:
    """The pixels of ``image`` as RGBA bytes (e.g. for ``QImage.Format_RGBA8888``)."""
    rgba = image if image.mode == "RGBA" else image.convert("RGBA")
    return RgbaFrame(rgba.width, rgba.height, rgba.tobytes())


def sniff_media_type(content: bytes) -> str | None:
    """What the bytes are, judged by their signature, not the file name."""
    if b"%PDF-" in content[:1024]:  # readers accept junk before the header
        return PDF_MEDIA_TYPE
    for signature, media_type in (
        (b"\x89PNG\r\n\x1a\n", "image/png"),
        (b"\xff\xd8\xff", "image/jpeg"),
        (b"II*\x00", "image/tiff"),
        (b"MM\x00*", "image/tiff"),
        (b"GIF87a", "image/gif"),
        (b"GIF89a", "image/gif"),
        (b"BM", "image/bmp"),
    ):
        if content.startswith(signature):
            return media_type
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    return None


def decode_document(
    content: bytes,
    media_type: str | None = None,
    *,
    first_page: int = 0,
    limits: DecodeLimits = DEFAULT_LIMITS,
) -> DecodedDocument:
    """Decode a stored document into page images. Blocking.

    The bytes decide the format; ``media_type`` (what the store or the
    upload claimed) only matters when it says PDF and the bytes are not one.
    """
    _check_input(content, limits)
    sniffed = sniff_media_type(content)
    if sniffed == PDF_MEDIA_TYPE:
        return rasterize_pdf(content, first_page=first_page, limits=limits)
    if media_type == PDF_MEDIA_TYPE:
        raise DocumentUnreadable("The file is not a valid PDF.")
    return decode_image(content, first_page=first_page, limits=limits)


def _check_input(content: bytes, limits: DecodeLimits) -> None:
    if not content:
        raise DocumentUnreadable("The file is empty.")
    if len(content) > limits.max_input_bytes:
        raise DocumentUnreadable(
            f"The file is too large to open safely ({len(content) / 1_048_576:.0f} MB; "
            f"the limit is {limits.max_input_bytes / 1_048_576:.0f} MB)."
        )


def _too_many_pixels(width: int, height: int) -> DocumentUnreadable:
    return DocumentUnreadable(f"Image is too large to open safely ({width * height / 1_000_000:,.0f} megapixels).")


def _bomb_message(error: Exception) -> str:
    """Pillow's bomb guard fires inside ``Image.open``, before we see the
    size; its message carries the pixel count, so reuse that."""
    match = re.search(r"\((\d+) pixels\)", str(error))
    if match is None:
        return "Image is too large to open safely."
    return f"Image is too large to open safely ({int(match.group(1)) / 1_000_000:,.0f} megapixels)."


# Exceptions Pillow's decoders raise on malformed input (besides the
# decompression-bomb ones): fuzzing has found each of these.
_PILLOW_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error, zlib.error, IndexError)


def decode_image(content: bytes, *, first_page: int = 0, limits: DecodeLimits = DEFAULT_LIMITS) -> DecodedDocument:
    """Decode PNG/JPEG/TIFF/WebP/GIF/BMP bytes; each frame is a page. Blocking.

    The pixel limit is checked on the header's dimensions before any pixel
    data is decoded. Pillow's own bomb guard is kept as a second line:
    :class:`PIL.Image.DecompressionBombError` is caught, and so is
    :class:`PIL.Image.DecompressionBombWarning` when a warnings filter turns
    it into an error (as the test suite does).
    """
    _check_input(content, limits)
    try:
        image = Image.open(io.BytesIO(content), formats=_IMAGE_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise DocumentUnreadable(_bomb_message(error)) from error
    except UnidentifiedImageError as error:
        if sniff_media_type(content) is not None:  # an image signature, then garbage
            raise DocumentUnreadable("The image file is damaged and cannot be decoded.") from error
        raise DocumentUnreadable("The file is not an image or PDF that can be displayed.") from error
    except _PILLOW_DECODE_ERRORS as error:
        raise DocumentUnreadable("The image file is damaged and cannot be decoded.") from error

    with image:
        page_count = getattr(image, "n_frames", 1)
        if not 0 <= first_page < page_count:
            raise DocumentUnreadable(f"The image has no page {first_page + 1}.")
        pages: list[Image.Image] = []
        budget = limits.max_total_pixels
        for index in range(first_page, min(page_count, first_page + limits.max_pages)):
            try:
                image.seek(index)
                width, height = image.size
                if width <= 0 or height <= 0:
                    raise DocumentUnreadable("The image has no pixels.")
                if width * height > limits.max_image_pixels:
                    raise _too_many_pixels(width, height)
                if pages and width * height > budget:
                    break  # the rest can be opened with a later first_page
                budget -= width * height
                pages.append(_viewable(image, oriented=index == 0))
            except (Image.DecompressionBombError, Image.DecompressionBombWarning):
                raise _too_many_pixels(*image.size) from None
            except _PILLOW_DECODE_ERRORS as error:
                if "truncated" in str(error):
                    raise DocumentUnreadable(
                        "The image file is incomplete (it appears to have been cut off)."
                    ) from error
                raise DocumentUnreadable("The image file is damaged and cannot be decoded.") from error
    media_type = Image.MIME.get(image.format or "", "image/unknown")
    return DecodedDocument(media_type, tuple(pages), page_count, first_page)


def _viewable(frame: Image.Image, *, oriented: bool) -> Image.Image:
    """The frame as an RGB image the way a person would see it.

    Phone photos are stored sideways with an EXIF orientation; transparent
    screenshots are shown on white paper, not black; 16-bit greyscale scans
    are reduced to 8 bits instead of being clipped to white.
    """
    frame.load()
    if oriented:
        frame = ImageOps.exif_transpose(frame)
    if frame.mode.startswith("I;16"):
        frame = frame.convert("I").point(lambda value: value / 256).convert("L")
    if frame.mode in ("RGBA", "LA", "PA") or (frame.mode == "P" and "transparency" in frame.info):
        rgba = frame.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, rgba).convert("RGB")
    return frame.convert("RGB")


def rasterize_pdf(content: bytes, *, first_page: int = 0, limits: DecodeLimits = DEFAULT_LIMITS) -> DecodedDocument:
    """Render PDF pages to RGB images with PDFium. Blocking; serialised.

    Pages are rendered at ``limits.pdf_dpi`` unless that would exceed the
    per-page pixel budget, in which case the page is rendered smaller: a
    page claiming to be 200 inches wide still opens, just not at 144 dpi.
    """
    _check_input(content, limits)
    with _opened_pdf(content, first_page) as (pdf, page_count):
        pages: list[Image.Image] = []
        budget = limits.max_total_pixels
        for index in range(first_page, min(page_count, first_page + limits.max_pages)):
            rendered = _render_page(pdf, index, limits, budget if pages else None)
            if rendered is None:
                break  # over the budget: the rest can be opened with a later first_page
            budget -= rendered.width * rendered.height
            pages.append(rendered)
    return DecodedDocument(PDF_MEDIA_TYPE, tuple(pages), page_count, first_page)


@contextmanager
def _opened_pdf(content: bytes, first_page: int) -> Iterator[tuple[pdfium.PdfDocument, int]]:
    """The open document and its page count, under :data:`PDFIUM_LOCK`; refused when ``first_page`` is not in it."""
    with PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(content)
        except pdfium.PdfiumError as error:
            raise DocumentUnreadable(_pdf_open_message(error)) from error
        try:
            page_count = len(pdf)
            if page_count == 0:
                raise DocumentUnreadable("The PDF has no pages.")
            if not 0 <= first_page < page_count:
                raise DocumentUnreadable(f"The PDF has no page {first_page + 1}.")
            yield pdf, page_count
        finally:
            pdf.close()


def _pdf_open_message(error: pdfium.PdfiumError) -> str:
    if error.err_code == pdfium_c.FPDF_ERR_PASSWORD:
        return "The PDF is password-protected; ask the applicant for an unprotected copy."
    if error.err_code == pdfium_c.FPDF_ERR_SECURITY:
        return "The PDF uses an encryption scheme that cannot be opened."
    return "The file is not a valid PDF."


def _render_page(pdf: pdfium.PdfDocument, index: int, limits: DecodeLimits, budget: int | None) -> Image.Image | None:
    """Render page ``index``; None when it would not fit the remaining ``budget``."""
    with _opened_page(pdf, index) as page:
        scale = _page_scale(page, index, limits, budget)
        if scale is None:
            return None
        bitmap = _rendered(page, index, scale)
        try:
            # convert() copies: the PIL view shares the bitmap's buffer.
            return bitmap.to_pil().convert("RGB")
        finally:
            bitmap.close()


@dataclass(frozen=True)
class BgrxPage:
    """One rendered PDF page as 32-bit BGRx rows: ``QImage.Format_RGB32`` on little-endian machines, as is."""

    width: int
    height: int
    stride: int
    data: bytes
    page_count: int


def render_pdf_page_bgrx(content: bytes, index: int = 0, *, limits: DecodeLimits = DEFAULT_LIMITS) -> BgrxPage:
    """Render one PDF page in PDFium's native BGRx layout. Blocking; serialised.

    The viewer's fast path: one copy out of PDFium's bitmap (which must be
    freed under the lock) and none after it, where the RGB path converts
    and copies three times. Same guards and messages as :func:`rasterize_pdf`.
    """
    _check_input(content, limits)
    with _opened_pdf(content, index) as (pdf, page_count), _opened_page(pdf, index) as page:
        scale = _page_scale(page, index, limits, None)
        assert scale is not None  # no budget, no refusal
        bitmap = _rendered(page, index, scale, prefer_bgrx=True)
        try:
            return BgrxPage(bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer), page_count)
        finally:
            bitmap.close()


@contextmanager
def _opened_page(pdf: pdfium.PdfDocument, index: int) -> Iterator[pdfium.PdfPage]:
    try:
        page = pdf[index]
    except pdfium.PdfiumError as error:
        raise DocumentUnreadable(f"Page {index + 1} of the PDF is damaged and cannot be shown.") from error
    try:
        yield page
    finally:
        page.close()


def _page_scale(page: pdfium.PdfPage, index: int, limits: DecodeLimits, budget: int | None) -> float | None:
    """The render scale for ``limits.pdf_dpi`` within the pixel budgets; None when over ``budget``."""
    width_pt, height_pt = page.get_size()
    if not (math.isfinite(width_pt) and math.isfinite(height_pt) and width_pt > 0 and height_pt > 0):
        raise DocumentUnreadable(f"Page {index + 1} of the PDF has no valid size.")
    max_points = limits.max_page_inches * _POINTS_PER_INCH
    if width_pt > max_points or height_pt > max_points:
        raise DocumentUnreadable(
            f"Page {index + 1} of the PDF is too large to open safely "
            f"({width_pt / _POINTS_PER_INCH:,.0f} x {height_pt / _POINTS_PER_INCH:,.0f} inches)."
        )
    scale = limits.pdf_dpi / _POINTS_PER_INCH
    pixels = width_pt * height_pt * scale * scale
    if pixels > limits.max_page_pixels:
        scale *= math.sqrt(limits.max_page_pixels / pixels)
        pixels = limits.max_page_pixels
    if budget is not None and pixels > budget:
        return None
    return scale


def _rendered(page: pdfium.PdfPage, index: int, scale: float, **options: bool) -> pdfium.PdfBitmap:
    try:
        return page.render(scale=scale, **options)
    except pdfium.PdfiumError as error:
        raise DocumentUnreadable(f"Page {index + 1} of the PDF is damaged and cannot be shown.") from error
