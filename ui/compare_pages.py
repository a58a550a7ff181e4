"""Document pages as QImages for the compare and forensic views, decoded off the UI thread.

Decoding (Pillow, PDFium) is CPU-bound, so it runs in the loop's default
executor; :mod:`services.document_decode` serialises PDFium behind its
lock, so two views decoding at once cannot crash it.
"""

from __future__ import annotations

import asyncio

from PIL import Image
from PySide6.QtGui import QImage

from services.document_decode import DecodedDocument, decode_document, rgba_frame


def qimage_of(page: Image.Image) -> QImage:
    """``page`` as a QImage that owns its pixels (the Pillow image may be freed afterwards)."""
    frame = rgba_frame(page)
    image = QImage(frame.data, frame.width, frame.height, frame.bytes_per_line, QImage.Format.Format_RGBA8888)
    return image.copy()


async def decode_off_thread(content: bytes) -> DecodedDocument:
    """:func:`decode_document` in the executor; raises ``DocumentUnreadable`` with a message for the reviewer."""
    return await asyncio.get_running_loop().run_in_executor(None, decode_document, content)


async def pages_off_thread(content: bytes) -> tuple[QImage, ...]:
    """Every decoded page of ``content`` as QImages, converted in the executor too."""

    def convert() -> tuple[QImage, ...]:
        return tuple(qimage_of(page) for page in decode_document(content).pages)

    return await asyncio.get_running_loop().run_in_executor(None, convert)
