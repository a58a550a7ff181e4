"""What the forensic aids found, as plain values the evidence panel and compare view render.

Nothing here imports numpy, SQLAlchemy or Qt: the UI imports these types
at start-up, and the heavy imports belong to the modules that compute them.
Every result carries ``explanation``: one plain sentence a reviewer reads
next to it, written for a person who has never heard of the technique.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Final

Box = tuple[int, int, int, int]
"""(left, top, right, bottom) in page pixels."""

ELA_EXPLANATION: Final = (
    "Error-level analysis re-saves the page as a JPEG and shows how much each area changes: "
    "an area pasted or edited in an image editor often changes differently from the rest."
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


@dataclass(frozen=True)
class ElaRegion:
    """One area ELA scored high, with its score relative to the page's typical level."""

    box: Box
    score: float


@dataclass(frozen=True)
class ElaResult:
    """An overlay (PNG bytes, page size, bright = changed more) and the top-scoring areas, best first."""

    overlay_png: bytes
    size: tuple[int, int]
    regions: tuple[ElaRegion, ...]
    quality: int
    explanation: str = ELA_EXPLANATION


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
