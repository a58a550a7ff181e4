"""What the forensic aids found, as plain values the evidence panel and compare view render.

Nothing here imports numpy, SQLAlchemy or Qt: the UI imports these types
at start-up, and the heavy imports belong to the modules that compute them.
Every result carries ``explanation``: one plain sentence a reviewer reads
next to it, written for a person who has never heard of the technique.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

Box = tuple[int, int, int, int]
"""(left, top, right, bottom) in page pixels."""

ELA_EXPLANATION: Final = (
    "Error-level analysis shows JPEG compression noise that does not fit the page's own 8 x 8 JPEG grid: "
    "an area pasted from another picture, or edited and saved again, brings its own and lights up."
)
PDF_ANATOMY_EXPLANATION: Final = (
    "How the PDF file was built: the program that wrote it, when, its fonts and images, "
    "and whether it was edited after it was first saved."
)
ARITHMETIC_EXPLANATION: Final = (
    "The document's own figures are added up again: totals that do not add up were often typed over."
)
REUSE_EXPLANATION: Final = (
    "Each page has a visual fingerprint; the same page submitted with other entries has the same fingerprint."
)


ELA_STANDS_OUT: Final = 3.0
"""An ELA region scoring at least this stands out on a page whose blank paper is smooth (a digital document).

Measured on the demo corpus: clean digital pages score at most 2.5
(figures in tests/unit/test_forensics_accuracy.py)."""
ELA_GRAINY_STANDS_OUT: Final = 7.5
"""The same on a grainy page (a scan or a photo), whose paper grain varies from place to place as much as
a pasted patch's noise does: clean scans score up to 7.1 on the demo corpus."""


@dataclass(frozen=True)
class ElaRegion:
    """One area ELA scored high, with its score relative to the page's typical level."""

    box: Box
    score: float


@dataclass(frozen=True)
class ElaResult:
    """An overlay and the top-scoring areas of a page of ``size``, best first.

    ``overlay_png`` has one pixel per 8 x 8 block of the page (bright = more
    compression noise than the page's own JPEG grid explains); draw it
    scaled to ``size`` without smoothing.
    """

    overlay_png: bytes
    size: tuple[int, int]
    regions: tuple[ElaRegion, ...]
    stands_out: float = ELA_STANDS_OUT
    """The score from which a region stands out on this page (higher on a grainy one)."""
    explanation: str = ELA_EXPLANATION

    @property
    def standing_out(self) -> tuple[ElaRegion, ...]:
        return tuple(region for region in self.regions if region.score >= self.stands_out)


def ela_summary(regions: Sequence[ElaRegion], stands_out: float = ELA_STANDS_OUT) -> str:
    """One sentence on what ELA found: the areas that stand out, or that none does."""
    standing = [region for region in regions if region.score >= stands_out]
    if not standing:
        best = max((region.score for region in regions), default=0.0)
        return f"No area stands out: the strongest is {best:.1f}x the page's usual level ({stands_out:g}x would)."
    places = "; ".join(f"{region.score:.1f}x the page's usual level at {region.box}" for region in standing)
    return f"{len(standing)} {'area stands' if len(standing) == 1 else 'areas stand'} out: {places}."


@dataclass(frozen=True)
class PdfFont:
    name: str
    embedded: bool


@dataclass(frozen=True)
class PdfPageAnatomy:
    page: int
    fonts: tuple[PdfFont, ...]
    images: int


@dataclass(frozen=True)
class PdfAnatomy:
    """The structure of one PDF; ``unreadable`` says why the rest is empty when it could not be opened."""

    producer: str | None = None
    creator: str | None = None
    created: datetime.datetime | None = None
    modified: datetime.datetime | None = None
    pages: tuple[PdfPageAnatomy, ...] = ()
    has_form: bool = False
    javascript_actions: int = 0
    broken_xref: bool = False
    revisions: int = 0
    before_last_revision: bytes | None = None
    """The file cut at the end of the revision before the last, for a before/after view (None: one revision)."""
    unreadable: str | None = None
    explanation: str = PDF_ANATOMY_EXPLANATION

    @property
    def edited_after_creation(self) -> bool:
        return self.revisions > 1 or (
            self.created is not None and self.modified is not None and self.modified > self.created
        )


@dataclass(frozen=True)
class ArithmeticCheck:
    """One sum re-done; ``passed`` None when the fields it needs were not readable."""

    name: str
    passed: bool | None
    message: str
    fields: tuple[str, ...] = ()
    explanation: str = ARITHMETIC_EXPLANATION


@dataclass(frozen=True)
class ReusedPage:
    """A page of another proof whose fingerprint matches, with who submitted it (as far as the viewer sees)."""

    proof_id: uuid.UUID
    page: int
    distance: int
    entry_id: uuid.UUID
    entry_short_id: str | None
    applicant_name: str | None
    property_name: str | None
    explanation: str = REUSE_EXPLANATION
