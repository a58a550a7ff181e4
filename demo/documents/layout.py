"""Page canvas, fonts and number formatting shared by the document renderers.

Only Pillow's bundled font (Aileron, via ``ImageFont.load_default(size=…)``)
is used, so the documents render identically on every reviewer's machine
and in CI, with no system font lookup. The canvas records where each value
a machine check would read (net pay, closing balance, holder name…) was
printed, so the tampering step can repaint exactly those pixels.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from PIL import Image, ImageDraw, ImageFont

# US Letter at 100 dpi: big enough to read every figure when zoomed in,
# small enough that a pool of hundreds of documents renders in seconds.
PAGE_DPI = 100
PAGE_SIZE = (850, 1100)
MARGIN = 56

PAPER = (255, 255, 255)
INK = (30, 30, 34)
MUTED = (98, 100, 108)
RULE = (196, 199, 206)
BAND = (240, 242, 245)

Align = Literal["left", "right", "center"]
Box = tuple[int, int, int, int]
RGB = tuple[int, int, int]


@lru_cache(maxsize=64)
def font(size: int) -> ImageFont.FreeTypeFont:
    """Pillow's bundled Aileron at ``size`` px (cached: loading parses the font)."""
    loaded = ImageFont.load_default(size=size)
    if not isinstance(loaded, ImageFont.FreeTypeFont):  # Pillow built without FreeType
        raise RuntimeError("Pillow needs FreeType support to render demo documents")
    return loaded


def money(value: float) -> str:
    """``1234.5`` → ``1,234.50`` — the style every statement prints amounts in."""
    return f"{value:,.2f}"


def dollars(value: float) -> str:
    """``1234.5`` → ``$1,234.50``; negative values keep the sign before the $."""
    return f"-${-value:,.2f}" if value < 0 else f"${value:,.2f}"


def tint(rgb: RGB, amount: float) -> RGB:
    """Mix ``rgb`` towards white by ``amount`` (0 = unchanged, 1 = white)."""
    return (
        round(rgb[0] + (255 - rgb[0]) * amount),
        round(rgb[1] + (255 - rgb[1]) * amount),
        round(rgb[2] + (255 - rgb[2]) * amount),
    )


@dataclass(frozen=True)
class FieldMark:
    """Where one machine-readable value was printed on a page.

    ``box`` is the inked bounding box; ``align`` says which edge of it the
    layout anchors (a right-aligned amount grows leftwards), so a forger's
    replacement lands where a typist would put it.
    """

    name: str
    page: int
    text: str
    align: Align
    size: int
    bold: bool
    ink: RGB
    background: RGB
    box: Box


class PageCanvas:
    """One page image plus the field marks drawn on it."""

    def __init__(self, page: int, marks: list[FieldMark]) -> None:
        self.page = page
        self.image = Image.new("RGB", PAGE_SIZE, PAPER)
        self.draw = ImageDraw.Draw(self.image)
        self._marks = marks

    @property
    def width(self) -> int:
        return PAGE_SIZE[0]

    @property
    def height(self) -> int:
        return PAGE_SIZE[1]

    def text(
        self,
        x: int,
        y: int,
        text: str,
        *,
        size: int = 13,
        ink: RGB = INK,
        bold: bool = False,
        align: Align = "left",
        field: str | None = None,
        background: RGB = PAPER,
    ) -> Box:
        """Draw ``text`` with its top-``align`` corner at (x, y); return its box.

        ``field`` names the value for the machine check and the tampering
        step; ``background`` is the colour under it (needed to paint over it).
        """
        box = draw_text(self.image, x, y, text, size=size, ink=ink, bold=bold, align=align)
        if field is not None:
            self._marks.append(FieldMark(field, self.page, text, align, size, bold, ink, background, box))
        return box

    def mark(self, name: str, box: Box, text: str) -> None:
        """Record a region (say, a whole transaction row) as a named field."""
        self._marks.append(FieldMark(name, self.page, text, "left", 0, False, INK, PAPER, box))

    def rule(self, y: int, x0: int = MARGIN, x1: int | None = None, *, colour: RGB = RULE, width: int = 1) -> None:
        """A horizontal line, the table separator of every printed statement."""
        self.draw.line((x0, y, PAGE_SIZE[0] - MARGIN if x1 is None else x1, y), fill=colour, width=width)

    def rect(self, box: Box, *, fill: RGB | None = None, outline: RGB | None = None, width: int = 1) -> None:
        self.draw.rectangle(box, fill=fill, outline=outline, width=width)


@dataclass(frozen=True)
class _Glyph:
    """One character's coverage mask and where it sits relative to the pen."""

    mask: Image.Image | None  # None for blanks
    left: int  # mask's left edge relative to the pen position
    top: int  # mask's top edge relative to the baseline (negative: above it)
    width: int
    height: int
    advance: float


@lru_cache(maxsize=4096)
def _glyph(char: str, size: int) -> _Glyph:
    face = font(size)
    advance = face.getlength(char)
    if char == " ":
        # Aileron's hinted space is 2-3 px at body sizes, which runs words
        # together; statement typefaces set a wider word space.
        advance += max(1.0, size / 10)
    left, top, right, bottom = (int(edge) for edge in face.getbbox(char, anchor="ls"))
    if right <= left or bottom <= top:
        return _Glyph(None, 0, 0, 0, 0, advance)
    mask = Image.new("L", (right - left, bottom - top), 0)
    ImageDraw.Draw(mask).text((-left, -top), char, font=face, fill=255, anchor="ls")
    return _Glyph(mask, left, top, right - left, bottom - top, advance)


@lru_cache(maxsize=64)
def _ascent(size: int) -> int:
    return font(size).getmetrics()[0]


def text_width(text: str, size: int) -> float:
    """Width of ``text`` as :func:`draw_text` sets it."""
    return sum(_glyph(char, size).advance for char in text)


# Fake bold thickens each glyph by a pixel; spacing them a little wider
# keeps bold capitals from touching.
_BOLD_TRACKING = 0.6


def draw_text(
    image: Image.Image,
    x: int,
    y: int,
    text: str,
    *,
    size: int,
    ink: RGB,
    bold: bool = False,
    align: Align = "left",
) -> Box:
    """Set text in the documents' house style and return its inked box.

    Glyphs are rasterised once per size and stamped from a cache: a pool
    prints hundreds of thousands of characters, and asking FreeType for
    each string again made text the bulk of the pool's build time. The
    bundled font has no bold face; a second stamp one pixel to the right
    thickens the strokes the way statement printers fake bold.
    """
    glyphs = [_glyph(char, size) for char in text]
    step = _BOLD_TRACKING if bold else 0.0
    width = sum(glyph.advance for glyph in glyphs) + step * len(glyphs)
    pen = float(x) - (width if align == "right" else width / 2 if align == "center" else 0.0)
    baseline = y + _ascent(size)
    # Stamping goes straight to the core image: Image.paste's per-call
    # checks cost more than the copy itself at glyph size.
    core = image.im
    first_x = last_x = None
    for glyph in glyphs:
        if glyph.mask is not None:
            gx, gy = int(pen + 0.5) + glyph.left, baseline + glyph.top
            core.paste(ink, (gx, gy, gx + glyph.width, gy + glyph.height), glyph.mask.im)
            if bold:
                core.paste(ink, (gx + 1, gy, gx + glyph.width + 1, gy + glyph.height), glyph.mask.im)
            if first_x is None:
                first_x = gx
            last_x = gx + glyph.width + (1 if bold else 0)
        pen += glyph.advance + step
    if first_x is None or last_x is None:  # nothing inked (blank text)
        return (x, y, x, y)
    inked = [glyph for glyph in glyphs if glyph.mask is not None]
    top = baseline + min(glyph.top for glyph in inked)
    bottom = baseline + max(glyph.top + glyph.height for glyph in inked)
    return (first_x, top, last_x, bottom)


def fit_text(text: str, size: int, max_width: int) -> str:
    """Shorten ``text`` with an ellipsis so it fits ``max_width`` px."""
    if text_width(text, size) <= max_width:
        return text
    while text and text_width(text + "…", size) > max_width:
        text = text[:-1]
    return text.rstrip() + "…"
