"""The document pool, prepared for handing out one proof at a time.

A few hundred generated documents stand in for every upload in the demo
(see :mod:`demo.documents.pool`). Handing them out must cost next
to nothing per proof, so everything that depends only on the document
(its ``file://`` URLs, its flags as an array literal, its OCR result as
JSON) is prepared once here.

Names in ``extracted_meta``: the OCR fields that carry the person's name
(the values equal to the document's ``person_name``) are replaced by the
name of the applicant who uploaded it, because that is what the document
would say if it were theirs. The exception is a document reused from
another applicant: it keeps the *first* applicant's name, and that
mismatch with the uploader is the fraud signal a reviewer should spot.

Which documents an honest applicant uploads: genuine ones, preferring
those the machine check passed (a genuine document the check flagged, or
a partial photo it could not read, turns up a quarter as often), so that
false positives stay the exception they are in a real queue.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Final

from demo.documents import PooledDocument
from services.document_store import file_url

from .bulk_copy import text_array

_NAME_PLACEHOLDER: Final = "@@person-name@@"
_NAME_PLACEHOLDER_JSON: Final = json.dumps(_NAME_PLACEHOLDER)
_PAY_PERIODS_PER_YEAR: Final = {"weekly": 52, "bi-weekly": 26, "semi-monthly": 24}
_FLAGGED_GENUINE_WEIGHT: Final = 0.25


@dataclass(frozen=True)
class ShelfDocument:
    """One pool document with everything a proof row needs, precomputed."""

    index: int
    kind: str
    tampered: bool
    suggested_ruling: str
    flags: tuple[str, ...]
    flags_literal: str
    file_url: str
    thumb_url: str
    has_text: bool
    employer: str | None
    monthly_gross: float | None
    meta_template: str = field(repr=False)

    def extracted_meta(self, name_on_document: str) -> str:
        """The OCR result as JSON text, reading ``name_on_document`` wherever the document names its person."""
        return self.meta_template.replace(_NAME_PLACEHOLDER_JSON, json.dumps(name_on_document))


@dataclass(frozen=True)
class _Shelf:
    documents: tuple[ShelfDocument, ...]
    cumulative_weights: tuple[float, ...]

    def draw(self, rng: random.Random) -> ShelfDocument:
        return rng.choices(self.documents, cum_weights=self.cumulative_weights)[0]


class DocumentShelf:
    """Draws pool documents by kind, genuine or tampered."""

    def __init__(self, pool: Sequence[PooledDocument]) -> None:
        if not pool:
            raise ValueError("the document pool is empty")
        self.documents = tuple(_prepare(index, document) for index, document in enumerate(pool))
        self.kinds = tuple(sorted({document.kind for document in self.documents}))
        self._shelves: dict[tuple[str, bool], _Shelf] = {}
        for kind in self.kinds:
            genuine = [d for d in self.documents if d.kind == kind and not d.tampered]
            tampered = [d for d in self.documents if d.kind == kind and d.tampered]
            genuine_weights = [1.0 if d.suggested_ruling == "CLEAN" else _FLAGGED_GENUINE_WEIGHT for d in genuine]
            # A kind without one or the other falls back to what exists, so tiny pools still work.
            self._shelves[(kind, False)] = _shelf(genuine or tampered, genuine_weights or [1.0] * len(tampered))
            self._shelves[(kind, True)] = _shelf(tampered or genuine, [1.0] * len(tampered or genuine))

    def draw(self, rng: random.Random, kind: str, *, tampered: bool) -> ShelfDocument:
        """A document of ``kind`` for a proof; tampered with if asked (and the pool has one)."""
        return self._shelves[(kind, tampered)].draw(rng)


def _shelf(documents: list[ShelfDocument], weights: list[float]) -> _Shelf:
    return _Shelf(tuple(documents), tuple(accumulate(weights)))


def _prepare(index: int, document: PooledDocument) -> ShelfDocument:
    meta = {
        key: _NAME_PLACEHOLDER if value == document.person_name else value
        for key, value in document.extracted_meta.items()
    }
    return ShelfDocument(
        index=index,
        kind=document.kind,
        tampered=document.tampered,
        suggested_ruling=document.suggested_ruling,
        flags=document.meta_data_flags,
        flags_literal=text_array(document.meta_data_flags),
        file_url=file_url(document.file_path),
        thumb_url=file_url(document.thumb_path),
        # Born-digital PDFs carry a text layer; photos and scans need OCR.
        has_text=document.media_type == "application/pdf",
        employer=_text_or_none(document.extracted_meta.get("employer")),
        monthly_gross=_monthly_gross(document.extracted_meta),
        meta_template=json.dumps(meta),
    )


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _monthly_gross(meta: dict[str, object]) -> float | None:
    """A paystub's gross pay per month (what an applicant states as income), if it was readable."""
    gross, frequency = meta.get("gross_pay"), meta.get("pay_frequency")
    if not isinstance(gross, int | float) or frequency not in _PAY_PERIODS_PER_YEAR:
        return None
    return gross * _PAY_PERIODS_PER_YEAR[str(frequency)] / 12
