"""``ruling-desk bench``'s forensic path: error-level analysis of a 300 dpi scan, as the workstation runs it.

The page is the demo generator's first forged scan, enlarged to US Letter
at 300 dpi (2550 x 3300) and stored as a quality-85 JPEG, the size of a
real flatbed scan. The timed path is what a reviewer waits for when the
overlay is switched on: decode the stored bytes for ELA and analyse them,
in the executor, awaited from the event loop. Its floor is decoding the
same bytes to greyscale on the calling thread, which no analysis of the
page can skip. Needs no database.
"""

from __future__ import annotations

import asyncio
import io
from typing import Final

from PIL import Image

from demo.documents.pool import plan_pool, render_document
from services.forensics.ela import error_level_analysis
from services.forensics.ela_page import ela_page
from services.review_bench import PathFigure, sample

SCAN_SIZE: Final = (2550, 3300)
POOL_SEED: Final = 7
POOL_SIZE: Final = 120


def scan_jpeg() -> bytes:
    """A forged demo scan at 300 dpi, stored as JPEG."""
    forged = (render_document(plan) for plan in plan_pool(POOL_SEED, POOL_SIZE) if plan.tampered)
    scan = next(document for document in forged if document.capture == "scan")
    page = scan.pages[0].convert("RGB").resize(SCAN_SIZE, Image.Resampling.BILINEAR)
    buffer = io.BytesIO()
    page.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _analyse(content: bytes) -> None:
    error_level_analysis(ela_page(content))


async def ela_figures(entries: int, runs: int) -> list[PathFigure]:
    """ELA of a 2550 x 3300 scan off the event loop, against decoding it."""
    content = await asyncio.to_thread(scan_jpeg)
    loop = asyncio.get_running_loop()
    service = await sample(lambda: loop.run_in_executor(None, _analyse, content), runs)

    async def bare_decode() -> None:
        Image.open(io.BytesIO(content)).convert("L")

    floor = await sample(bare_decode, runs)
    return [PathFigure("ela_300dpi_scan", "workstation", entries, service.median_ms, service.p95_ms, floor.median_ms)]
