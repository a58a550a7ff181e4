"""Fetching and decoding document pages for the viewer and thumbnails, off the UI thread, cached.

Bytes come from an injected :class:`DocumentSource` (the app wraps
:class:`services.document_store.DocumentResolver`, whose failures are
:class:`~services.errors.Refusal`s with a message for the reviewer).
Decoding goes through :func:`services.document_decode.decode_document`,
which already refuses corrupt, encrypted, truncated and oversized files
with a readable reason (PDF pages through its BGRx fast path, wrapped by
the ``QImage`` without a copy), on ONE worker thread: PDFium is not thread-safe,
and one worker also keeps a fast-flipping reviewer from queueing a dozen
renders in parallel on a two-core laptop. The page is turned into a
``QImage`` in that worker too, so the UI thread only paints.

Rendered pages and fetched bytes are kept in byte-bounded LRU caches, so
flipping back to a page, or a prefetched next case, shows at once.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Final, Protocol

from PySide6.QtGui import QImage

from services.document_decode import (
    PDF_MEDIA_TYPE,
    DecodeLimits,
    DocumentUnreadable,
    decode_document,
    render_pdf_page_bgrx,
    sniff_media_type,
)
from services.errors import Refusal
from ui.page_cache import ByteBudgetCache

PAGE_CACHE_BYTES: Final = 256 * 1024 * 1024
"""Rendered pages kept in memory: about forty 144 dpi letter pages."""
CONTENT_CACHE_BYTES: Final = 96 * 1024 * 1024
"""Fetched document bytes kept, so the next page of a PDF does not fetch it again."""
_ONE_PAGE: Final = DecodeLimits(max_pages=1)


class StoredBytes(Protocol):
    @property
    def content(self) -> bytes: ...

    @property
    def media_type(self) -> str: ...


class DocumentSource(Protocol):
    """Where documents come from: raises :class:`~services.errors.Refusal` with the reason when it cannot."""

    async def fetch(self, url: str) -> StoredBytes: ...


@dataclass(frozen=True, slots=True)
class RenderedPage:
    """One page ready to paint, and how many pages its document has."""

    image: QImage
    page_count: int
    pixels: bytes | None = None
    """The buffer ``image`` paints from when it wraps PDFium's pixels without a copy; kept alive with it."""


@dataclass(frozen=True, slots=True)
class Unviewable:
    """Why a document cannot be shown, in words for the reviewer."""

    reason: str


type PageOutcome = RenderedPage | Unviewable


class DocumentPages:
    """Pages of documents by URL and page index, decoded on one worker thread and cached."""

    def __init__(
        self,
        source: DocumentSource,
        *,
        page_budget: int = PAGE_CACHE_BYTES,
        content_budget: int = CONTENT_CACHE_BYTES,
    ) -> None:
        self._source = source
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="document-decode")
        self._pages: ByteBudgetCache[tuple[str, int], PageOutcome] = ByteBudgetCache(page_budget, _outcome_size)
        self._inflight: dict[tuple[str, int], asyncio.Task[PageOutcome]] = {}
        self._contents: ByteBudgetCache[str, StoredBytes] = ByteBudgetCache(
            content_budget, lambda stored: len(stored.content)
        )

    @property
    def cached_bytes(self) -> int:
        return self._pages.used

    def cached(self, url: str, index: int) -> PageOutcome | None:
        """The page if it is already decoded (the viewer paints it without a round trip)."""
        return self._pages.get((url, index))

    async def page(self, url: str, index: int = 0) -> PageOutcome:
        """Page ``index`` of the document at ``url``, or why it cannot be shown. Never raises for bad files."""
        key = (url, index)
        found = self._pages.get(key)
        if found is not None:
            return found
        running = self._inflight.get(key)
        if running is None:  # the thumbnail and the viewer often want the same first page at once
            running = asyncio.get_running_loop().create_task(self._load(url, index), name="document page")
            self._inflight[key] = running
            running.add_done_callback(lambda _task: self._inflight.pop(key, None))
        # shield: a superseded viewer request must not cancel a decode the prefetch still waits on
        return await asyncio.shield(running)

    async def _load(self, url: str, index: int) -> PageOutcome:
        key = (url, index)
        try:
            stored = await self.content(url)
        except Refusal as refusal:
            return Unviewable(refusal.message)  # not cached: the store or network may come back
        loop = asyncio.get_running_loop()
        outcome = await loop.run_in_executor(self._worker, render_page, stored.content, stored.media_type, index)
        self._pages.put(key, outcome)
        return outcome

    def close(self) -> None:
        """Stop the worker; a decode already running finishes on its own."""
        self._worker.shutdown(wait=False, cancel_futures=True)

    async def content(self, url: str) -> StoredBytes:
        """The document's bytes, from the cache when the viewer fetched them already; raises :class:`Refusal`."""
        found = self._contents.get(url)
        if found is None:
            found = await self._source.fetch(url)
            self._contents.put(url, found)
        return found


def _outcome_size(outcome: PageOutcome) -> int:
    return outcome.image.sizeInBytes() if isinstance(outcome, RenderedPage) else 64


def render_page(content: bytes, media_type: str, index: int) -> PageOutcome:
    """Decode one page into a QImage. Blocking: runs on the decode worker (and bare, as the bench's floor)."""
    try:
        if sniff_media_type(content) == PDF_MEDIA_TYPE:
            bgrx = render_pdf_page_bgrx(content, index)
            # Format_RGB32 is BGRx in memory on the little-endian machines we ship for: no conversion, no copy.
            image = QImage(bgrx.data, bgrx.width, bgrx.height, bgrx.stride, QImage.Format.Format_RGB32)
            return RenderedPage(image, bgrx.page_count, bgrx.data)
        decoded = decode_document(content, media_type, first_page=index, limits=_ONE_PAGE)
    except DocumentUnreadable as error:
        return Unviewable(str(error))
    page = decoded.pages[0]
    data = page.tobytes("raw", "RGB")
    # QImage does not own Python bytes: copy() makes an image that owns its pixels.
    image = QImage(data, page.width, page.height, page.width * 3, QImage.Format.Format_RGB888).copy()
    return RenderedPage(image, decoded.page_count)
