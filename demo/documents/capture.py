"""How a document reached the applicant's upload: the original file, a scan
or phone photo, or a photo that cut part of the page off.

Scans matter to reviewers because they blur the evidence (a slightly
rotated, grainy page hides JPEG traces); partial captures are the classic
INSUFFICIENT case — the figures needed for a ruling are simply not there.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Literal

from PIL import Image, ImageChops

from .layout import Box

Capture = Literal["digital", "scan", "partial"]

_SCANNER_BED = (72, 74, 78)


@dataclass(frozen=True)
class Scan:
    """Scanned pages and the skew of each, so what was printed at a place can be found on the scan."""

    pages: list[Image.Image]
    angles: list[float]  # degrees, counter-clockwise, about the page centre (Pillow's ``rotate``)

    def place(self, page: int, box: Box) -> Box:
        """The box on the scan that holds what ``box`` held on the printed page (rounded outwards)."""
        image, radians = self.pages[page], math.radians(self.angles[page])
        cx, cy = image.width / 2, image.height / 2
        xs, ys = [], []
        for x, y in ((box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3])):
            dx, dy = x - cx, y - cy
            xs.append(cx + math.cos(radians) * dx + math.sin(radians) * dy)
            ys.append(cy - math.sin(radians) * dx + math.cos(radians) * dy)
        return (
            max(0, math.floor(min(xs))),
            max(0, math.floor(min(ys))),
            min(image.width, math.ceil(max(xs))),
            min(image.height, math.ceil(max(ys))),
        )


def scanned(pages: list[Image.Image], rng: random.Random) -> Scan:
    """A flatbed scan or phone capture: slight skew, tinted paper, grain.

    Half the scans are greyscale (the whole document, as office scanners
    default to). The bilinear rotation softens edges the way a scanner's
    optics do, so no separate blur pass is needed.
    """
    greyscale = rng.random() < 0.5
    paper = (rng.randint(242, 250), rng.randint(238, 247), rng.randint(226, 238))
    bed: int | tuple[int, int, int] = _SCANNER_BED[0] if greyscale else _SCANNER_BED
    result, angles = [], []
    for page in pages:
        source = page.convert("L") if greyscale else page
        angle = rng.uniform(-0.9, 0.9)
        skewed = source.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=bed)
        result.append(ImageChops.multiply(skewed, _paper_grain(skewed.mode, skewed.size, paper, rng)))
        angles.append(angle)
    return Scan(result, angles)


def _paper_grain(mode: str, size: tuple[int, int], paper: tuple[int, int, int], rng: random.Random) -> Image.Image:
    """Paper colour times scanner grain, as one image to multiply the page by.

    The grain comes from the seeded generator (Pillow's own noise uses C
    ``rand()``, whose state we do not control, so it would break same-seed,
    same-bytes output) and is drawn at half resolution for speed. It darkens
    a pixel by at most ~5%: visible when zoomed in, never in the way.
    """
    width, height = (size[0] + 1) // 2, (size[1] + 1) // 2
    grain = Image.frombytes("L", (width, height), rng.randbytes(width * height))
    grain = grain.resize(size, Image.Resampling.BILINEAR)
    levels = (sum(paper) // 3,) if mode == "L" else paper
    channels = [grain.point([round((255 - value // 20) * level / 255) for value in range(256)]) for level in levels]
    return channels[0] if mode == "L" else Image.merge("RGB", channels)


def partial_photo(page: Image.Image, rng: random.Random) -> tuple[Image.Image, int]:
    """A photo that misses the lower part of the page; returns (image, cut row).

    The cut row (in page pixels) tells the machine check which printed
    figures are gone.
    """
    cut = round(page.height * rng.uniform(0.36, 0.5))
    return scanned([page.crop((0, 0, page.width, cut))], rng).pages[0], cut
