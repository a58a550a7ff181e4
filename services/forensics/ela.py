"""Error-level analysis: where does JPEG ringing show up that the page's own JPEG grid cannot explain?

A JPEG encoder works on 8 x 8 blocks, and the "ringing" (mosquito noise) it
leaves around an edge stays inside the block that holds the edge. So on a
page saved as JPEG, an 8 x 8 block of the page's grid with no edge in it is
smooth; on a page never saved as JPEG (a PNG export) it is smooth too. A
region pasted from another JPEG, or edited and pushed through a
low-quality clipboard round trip, carries ringing on *its own* grid, which
lands in blocks of the page's grid that hold no edge. That spill survives
the page being saved once more, at any quality.

Why not the textbook re-save-and-diff: measured on the demo corpus it
lights up every bold heading and tinted table bar before any edit, because
those re-save with as much error as a patch (0 of 25 edits found); and a
re-save at one quality is blind to a patch whose grid does not line up with
the page's.

The measure: per 8 x 8 block of the page grid without an edge (no step of
more than ``EDGE`` grey levels inside it or across its border), the mean
of min(|horizontal 2nd difference|, |vertical 2nd difference|) over its
6 x 6 interior. The minimum of the two directions is
zero along straight rules and bars (which are printed, not compressed) and
non-zero for ringing and grain. A region's level is that mean over the
edge-free blocks of a 6 x 3-block window next to some edges; its score is
the level over the page's typical level (the median window, at least
``LEVEL_FLOOR``): "this many times the page's usual level". Scans carry
paper grain in every block: their typical level is above the floor (0.5 to
0.65 on the demo corpus, where digital pages are at 0), the grain varies
from place to place, and a region must score ``ELA_GRAINY_STANDS_OUT``
rather than ``ELA_STANDS_OUT`` to stand out.

The page grid is taken to start at the top-left pixel: where decoders put
it for a JPEG file and for a PDF's page picture taken out at its stored size
(:func:`services.forensics.ela_page.ela_page`). A scan rotated after its
edit, or a copy-move inside a page that was never JPEG-compressed, leaves
nothing for this to find (the demo corpus records those as hard cases).
Blocking: about 0.3 s for a 2550 x 3300 scan; run it off the UI thread.
"""

from __future__ import annotations

import io
from typing import Final

import numpy as np
from PIL import Image

from services.forensics.findings import ELA_GRAINY_STANDS_OUT, ELA_STANDS_OUT, ElaRegion, ElaResult

BLOCK: Final = 8
EDGE: Final = 50.0
"""A step larger than this (grey levels, between neighbours) is printed structure, not compression noise."""
WINDOW: Final = (6, 3)
"""Blocks across and down that one region's score is taken over: 48 x 24 px, about a figure on a 100 dpi page."""
LEVEL_FLOOR: Final = 0.3
"""The typical level is at least this, so a never-compressed page (level ~0) does not turn rounding into scores."""
TOP_REGIONS: Final = 5
_CANDIDATES_PER_REGION: Final = 64


def error_level_analysis(page: Image.Image, *, top: int = TOP_REGIONS) -> ElaResult:
    """The spill map of one page as an overlay, and its ``top`` highest-scoring regions (best first)."""
    grey = np.asarray(page.convert("L"), dtype=np.int16)
    spill, edge_free, structured = _block_maps(grey)
    level, busy = _window_levels(spill, edge_free, structured)
    median = float(np.median(level[busy])) if busy.any() else 0.0
    typical = max(median, LEVEL_FLOOR)
    scores = np.where(busy, level / typical, 0.0)
    return ElaResult(
        overlay_png=_overlay(np.where(edge_free, spill, 0.0) / typical),
        size=page.size,
        regions=_top_regions(scores, top),
        stands_out=ELA_GRAINY_STANDS_OUT if median > LEVEL_FLOOR else ELA_STANDS_OUT,
    )


def _block_maps(grey: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per page-grid block: its interior spill level, whether it is edge-free, whether it holds an edge.

    Integer arithmetic on signed first differences throughout: the second
    differences are differences of those, and a 2550 x 3300 page stays a
    handful of passes over int16 arrays.
    """
    rows, columns = grey.shape[0] // BLOCK, grey.shape[1] // BLOCK
    grey = grey[: rows * BLOCK, : columns * BLOCK]
    across = np.diff(grey, axis=1)  # across[y, x]: pixel x + 1 minus pixel x
    down = np.diff(grey, axis=0)
    structured = _block_steps(np.abs(across), rows, columns, axis=1) | _block_steps(np.abs(down), rows, columns, axis=0)

    ringing = np.zeros(grey.shape, dtype=np.int16)
    np.minimum(
        np.abs(across[1:-1, 1:] - across[1:-1, :-1]),
        np.abs(down[1:, 1:-1] - down[:-1, 1:-1]),
        out=ringing[1:-1, 1:-1],
    )
    interior = ringing.reshape(rows, BLOCK, columns, BLOCK)[:, 1:-1, :, 1:-1]
    spill = interior.sum(axis=(1, 3), dtype=np.int32) / float((BLOCK - 2) ** 2)
    return spill, ~structured, structured


def _block_steps(steps: np.ndarray, rows: int, columns: int, *, axis: int) -> np.ndarray:
    """Which blocks have a step above EDGE inside them or across their border, along ``axis``."""
    padded = np.zeros((rows * BLOCK, columns * BLOCK), dtype=steps.dtype)
    if axis == 1:
        padded[:, 1:] = steps  # padded[y, x]: the step into pixel x from its left
    else:
        padded[1:] = steps
    blocks = padded.reshape(rows, BLOCK, columns, BLOCK).max(axis=(1, 3)) > EDGE
    entering = padded.reshape(rows, BLOCK, columns, BLOCK)
    first = (entering[:, :, :, 0].max(axis=1) if axis == 1 else entering[:, 0, :, :].max(axis=2)) > EDGE
    if axis == 1:
        blocks[:, :-1] |= first[:, 1:]  # the step out across the right border enters the next block
    else:
        blocks[:-1] |= first[1:]
    return blocks


def _window_sums(blocks: np.ndarray) -> np.ndarray:
    """Sums over every WINDOW of blocks, indexed by the window's top-left block."""
    across, down = WINDOW
    total = np.pad(blocks.cumsum(axis=0).cumsum(axis=1), ((1, 0), (1, 0)))
    return total[down:, across:] - total[:-down, across:] - total[down:, :-across] + total[:-down, :-across]


def _window_levels(spill: np.ndarray, edge_free: np.ndarray, structured: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean spill over each window's edge-free blocks, and which windows have enough of both kinds to judge."""
    if spill.shape[0] < WINDOW[1] or spill.shape[1] < WINDOW[0]:
        empty = np.zeros((0, 0))
        return empty, empty.astype(bool)
    free = _window_sums(edge_free.astype(np.float64))
    level = _window_sums(np.where(edge_free, spill, 0.0)) / np.maximum(free, 1.0)
    busy = (free >= 2) & (_window_sums(structured.astype(np.float64)) >= 2)
    return level, busy


def _overlay(relative_spill: np.ndarray) -> bytes:
    """Greyscale PNG, one pixel per block, as bright as its spill: white at ELA_STANDS_OUT times the page's level.

    Block-sized, not page-sized: encoding 8.4 million pixels of a 300 dpi
    scan took longer than the analysis; the viewer scales it up unsmoothed.
    """
    blocks = np.clip(relative_spill * (255.0 / ELA_STANDS_OUT), 0, 255).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(blocks, mode="L").save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()


def _top_regions(scores: np.ndarray, top: int) -> tuple[ElaRegion, ...]:
    """The best windows, best first, as up to ``top`` separate regions.

    A window overlapping an earlier pick grows it when it scores at least
    half as high (one patch spans several windows) and is passed over
    otherwise, so one bright patch cannot take every place in the list.
    """
    across, down = WINDOW
    regions: list[list[int]] = []
    region_scores: list[float] = []
    for flat in np.argsort(scores, axis=None)[::-1][: top * _CANDIDATES_PER_REGION]:
        row, column = divmod(int(flat), scores.shape[1])
        score = float(scores[row, column])
        if score <= 0:
            break
        box = [column * BLOCK, row * BLOCK, (column + across) * BLOCK, (row + down) * BLOCK]
        for index, region in enumerate(regions):
            if box[0] < region[2] and box[2] > region[0] and box[1] < region[3] and box[3] > region[1]:
                if 2 * score >= region_scores[index]:
                    regions[index] = [
                        min(region[0], box[0]),
                        min(region[1], box[1]),
                        max(region[2], box[2]),
                        max(region[3], box[3]),
                    ]
                break
        else:
            regions.append(box)
            region_scores.append(score)
            if len(regions) == top:
                break
    return tuple(
        ElaRegion((box[0], box[1], box[2], box[3]), round(score, 2))
        for box, score in zip(regions, region_scores, strict=True)
    )
