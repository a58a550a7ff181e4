"""Forgeries a reviewer has to catch, done the way forgers actually do them.

Three techniques, each leaving the traces forensic tools and trained eyes
look for:

* **edited figure** — a total is painted over with a background-coloured
  patch that is not quite the paper colour, retyped in a font that is not
  quite the original, and the patch carries JPEG blocking from the image
  editor's clipboard round trip (double compression, visible to
  error-level analysis);
* **pasted region** — a block of the same document is copied over another
  (copy-move): a payroll deposit row over a debit, the gross-pay figure
  over the net-pay box;
* **font mismatch** — the name is retyped, so a stolen stub or statement
  reads as the applicant's; the second place the name appears is often
  forgotten.

The forger edits the file the applicant received: a JPEG (a scan, or the
page image inside a bank's PDF) is decoded, edited and saved once more
(:func:`as_received`), so the page carries the original file's 8 x 8 JPEG
grid and the pasted patch its own. A few forgeries leave error-level
analysis nothing to see, and say so in ``Tampering.ela_blind``: an edit
that was printed and scanned again, or a copy-move inside a page that was
never JPEG-compressed (or moved by whole JPEG blocks).
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from typing import Literal

from PIL import Image, ImageDraw, ImageFont

from .layout import RGB, Box, FieldMark, font, money

TamperKind = Literal["edited_figure", "pasted_region", "font_mismatch"]
TAMPER_KINDS: tuple[TamperKind, ...] = ("edited_figure", "pasted_region", "font_mismatch")


@dataclass(frozen=True)
class Tampering:
    """What was forged: the kind, the pixels touched, and what OCR now reads."""

    kind: TamperKind
    regions: tuple[tuple[int, Box], ...]  # (page index, box) of every changed area
    meta_changes: dict[str, object] = field(default_factory=dict)
    person_name: str | None = None  # the name now printed, for a name swap
    ela_blind: str | None = None  # why no compression trace is left, when none is
    source_quality: int | None = None  # JPEG quality of the file the forger edited (None: a lossless one)


def as_received(pages: list[Image.Image], quality: int | None) -> list[Image.Image]:
    """The pages as decoded from the file the forger opened: a JPEG at ``quality`` (None: a lossless file)."""
    if quality is None:
        return pages
    received = []
    for page in pages:
        buffer = io.BytesIO()
        page.save(buffer, "JPEG", quality=quality)
        buffer.seek(0)
        received.append(Image.open(buffer).convert(page.mode))
    return received


def _colour(image: Image.Image, rgb: RGB) -> int | RGB:
    """``rgb`` as ``image`` stores it (greyscale scans take its luminance)."""
    return round(0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]) if image.mode == "L" else rgb


def _expand(box: Box, by: int, image: Image.Image) -> Box:
    return (
        max(0, box[0] - by),
        max(0, box[1] - by),
        min(image.width, box[2] + by),
        min(image.height, box[3] + by),
    )


def _union(a: Box, b: Box) -> Box:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _off_colour(rgb: RGB, rng: random.Random) -> RGB:
    """A colour a few levels off ``rgb``: what an eyedropper on a scan picks."""
    shift = rng.choice((-5, -4, -3, 2))
    return (
        max(0, min(255, rgb[0] + shift)),
        max(0, min(255, rgb[1] + shift)),
        max(0, min(255, rgb[2] + shift + rng.choice((-2, 0, 2)))),
    )


def _forged_text_mask(text: str, size: int, bold: bool, rng: random.Random) -> Image.Image:
    """Render ``text`` as a greyscale mask in a typeface that is *almost* right.

    The bundled font is the only one we ship, so the mismatch is made the
    way a hurried forger's substitute looks: Pillow's old bitmap font scaled
    up to the same digit height (blocky, monospaced), or the original face
    condensed, or set a size larger with heavier strokes.
    """
    style = rng.choice(("bitmap", "condensed", "heavy"))
    if style == "bitmap":
        return _scaled_bitmap_text(text, size)
    face = font(size + 1)
    left, top, right, bottom = face.getbbox(text)
    mask = Image.new("L", (int(right - left) + 3, int(bottom - top) + 2), 0)
    draw = ImageDraw.Draw(mask)
    draw.text((1 - left, 1 - top), text, font=face, fill=255)
    if bold or style == "heavy":
        draw.text((2 - left, 1 - top), text, font=face, fill=255)
    if style == "heavy" and bold:
        draw.text((1 - left, 2 - top), text, font=face, fill=255)
    if style == "condensed":
        mask = mask.resize((max(1, round(mask.width * 0.86)), mask.height), Image.Resampling.BILINEAR)
    return mask


def _scaled_bitmap_text(text: str, size: int) -> Image.Image:
    """Pillow's bitmap font enlarged: blocky strokes already read as heavy,
    so no fake bold (a doubled 1-px font blurs into a blob when scaled)."""
    bitmap_font = ImageFont.load_default_imagefont()
    left, top, right, bottom = bitmap_font.getbbox(text)
    small = Image.new("L", (int(right - left) + 2, int(bottom - top) + 2), 0)
    ImageDraw.Draw(small).text((1 - left, 1 - top), text, font=bitmap_font, fill=255)
    # Match the inked digit height of the font being imitated (the bitmap
    # font's own bbox is its whole character cell, so measure the ink).
    face_top, face_bottom = font(size).getbbox("0")[1::2]
    digit = Image.new("L", (12, 16), 0)
    ImageDraw.Draw(digit).text((2, 2), "0", font=bitmap_font, fill=255)
    ink = digit.getbbox() or (0, 0, 1, 1)
    scale = (face_bottom - face_top) / max(1, ink[3] - ink[1])
    return small.resize(
        (max(1, round(small.width * scale)), max(1, round(small.height * scale))),
        Image.Resampling.BILINEAR,
    )


def _recompress(image: Image.Image, box: Box, rng: random.Random) -> None:
    """Round-trip ``box`` through a low-quality JPEG, as an editor's paste does."""
    patch = image.crop(box)
    buffer = io.BytesIO()
    patch.save(buffer, "JPEG", quality=rng.randint(38, 62))
    buffer.seek(0)
    image.paste(Image.open(buffer).convert(image.mode), box[:2])


def _retype(image: Image.Image, mark: FieldMark, text: str, rng: random.Random) -> Box:
    """Paint over ``mark`` and type ``text`` in its place; return the patch box."""
    mask = _forged_text_mask(text, mark.size, mark.bold, rng)
    old_left, old_top, old_right, _ = mark.box
    top = old_top + rng.choice((-1, 0, 0, 1))
    if mark.align == "right":
        left = old_right - mask.width + rng.choice((0, 1, 2))
    elif mark.align == "center":
        left = (old_left + old_right - mask.width) // 2
    else:
        left = old_left + rng.choice((-1, 0, 1))
    new_box = (left, top, left + mask.width, top + mask.height)
    patch = _expand(_union(mark.box, new_box), 3, image)
    ImageDraw.Draw(image).rectangle(patch, fill=_colour(image, _off_colour(mark.background, rng)))
    image.paste(_colour(image, _off_colour(mark.ink, rng)), (left, top), mask)
    patch = _expand(patch, 2, image)
    _recompress(image, patch, rng)
    return patch


def edit_figure(
    pages: list[Image.Image],
    marks: list[FieldMark],
    field_name: str,
    new_value: float,
    rng: random.Random,
) -> Tampering:
    """Change every printed ``field_name`` figure to ``new_value``.

    A careless forger misses one of several copies of the figure a third of
    the time, leaving the document disagreeing with itself.
    """
    targets = [mark for mark in marks if mark.name == field_name]
    if len(targets) > 1 and rng.random() < 0.33:
        targets.pop(rng.randrange(len(targets)))
    regions = []
    for mark in targets:
        text = f"${money(new_value)}" if mark.text.startswith("$") else money(new_value)
        regions.append((mark.page, _retype(pages[mark.page], mark, text, rng)))
    return Tampering("edited_figure", tuple(regions), {field_name: round(new_value, 2)})


def swap_name(
    pages: list[Image.Image],
    marks: list[FieldMark],
    field_name: str,
    new_name: str,
    rng: random.Random,
) -> Tampering:
    """Retype the holder/employee name so the document reads as someone else's."""
    targets = [mark for mark in marks if mark.name == field_name]
    if len(targets) > 1 and rng.random() < 0.4:
        targets = targets[:1]
    regions = []
    for mark in targets:
        text = new_name.upper() if mark.text.isupper() else new_name
        regions.append((mark.page, _retype(pages[mark.page], mark, text, rng)))
    return Tampering("font_mismatch", tuple(regions), {field_name: new_name}, person_name=new_name)


def paste_region(
    pages: list[Image.Image],
    page: int,
    source: Box,
    target: Box,
    rng: random.Random,
    *,
    meta_changes: dict[str, object],
    compressed: bool,
) -> Tampering:
    """Copy the ``source`` block over ``target`` on the same page (copy-move).

    The copy is right-aligned on the target and lands a pixel or two off,
    the way a hand-dragged selection does. ``compressed`` says whether the
    page came from a JPEG: only then does the moved block carry a grid
    that no longer lines up with the page's.
    """
    image = pages[page]
    block = image.crop(source)
    x = target[2] - block.width + rng.choice((-1, 0, 1, 2))
    y = target[1] + rng.choice((-1, 0, 1))
    image.paste(block, (x, y))
    region = _expand((x, y, x + block.width, y + block.height), 1, image)
    blind = None
    if not compressed:
        blind = "copy-move inside a page that was never JPEG-compressed: the copy is compressed like its surroundings"
    elif (x - source[0]) % 8 == 0 and (y - source[1]) % 8 == 0:
        blind = "copy-move by whole 8 x 8 blocks: the copy's JPEG grid lines up with the page's"
    return Tampering("pasted_region", ((page, region),), meta_changes, ela_blind=blind)
