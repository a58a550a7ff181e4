"""The forensic aids measured on the demo pool, whose forgeries are known (ground truth).

Floors asserted here are the figures measured on the 120-document pool
(seed 7) when the aids were written; a change that makes an aid worse on
the corpus fails. ELA is not held to a floor: see its test below for why.
"""

from __future__ import annotations

import io
import itertools

import pytest
from PIL import Image

from services.document_decode import decode_document
from services.forensics.arithmetic import check_document
from services.forensics.ela import error_level_analysis
from services.forensics.fingerprints import SAME_DOCUMENT_DISTANCE, fingerprint_page
from services.forensics.pdf_anatomy import pdf_anatomy
from tests.forensic_corpus import CorpusDocument, demo_corpus, with_incremental_update

FIGURE_FIELDS = {"net_pay", "gross_pay", "closing_balance"}


@pytest.fixture(scope="module")
def corpus() -> list[CorpusDocument]:
    return demo_corpus()


def test_arithmetic_flags_every_edited_figure_and_no_genuine_document(corpus: list[CorpusDocument]) -> None:
    flagged = {
        index for index, d in enumerate(corpus) if any(c.passed is False for c in check_document(d.rendered.meta))
    }
    tampered = {index for index, d in enumerate(corpus) if d.rendered.tampering is not None}
    figures = {
        index
        for index in tampered
        if set(corpus[index].rendered.tampering.meta_changes) & FIGURE_FIELDS  # type: ignore[union-attr]
    }
    assert figures and flagged <= tampered  # precision 1.0: no genuine document fails a sum
    assert figures <= flagged  # recall 1.0 on edited figures (names and pasted rows change no sum)


def test_every_reused_page_is_found_and_different_documents_never_match(corpus: list[CorpusDocument]) -> None:
    fingerprints = [fingerprint_page(decode_document(d.content).pages[0]) for d in corpus]
    closest_different = min(a.distance(b) for a, b in itertools.combinations(fingerprints, 2))
    assert closest_different > SAME_DOCUMENT_DISTANCE  # 4 when measured: same templates, other values
    # The seed's reuse is the same file in several proofs: decoded again, it hashes the same.
    for document, fingerprint in zip(corpus, fingerprints, strict=True):
        assert fingerprint.distance(fingerprint_page(decode_document(document.content).pages[0])) == 0


SAME_PAGE_RECALL_FLOOR = 0.88
"""Share of re-saved and rescaled copies found within SAME_DOCUMENT_DISTANCE; measured 650 / 720 = 0.903."""


def _copies(page: Image.Image) -> list[Image.Image]:
    """The page as a phone app or a scanner driver would pass it on: re-saved as JPEG, or rescaled."""
    copies: list[Image.Image] = []
    for quality in (85, 70, 50):
        buffer = io.BytesIO()
        page.convert("RGB").save(buffer, "JPEG", quality=quality)
        copies.append(Image.open(buffer))
    for scale in (0.5, 0.75, 1.25):
        copies.append(page.resize((round(page.width * scale), round(page.height * scale)), Image.Resampling.BILINEAR))
    return copies


def test_a_resaved_or_rescaled_page_is_still_found_as_the_same_page(corpus: list[CorpusDocument]) -> None:
    distances = []
    for document in corpus:
        page = decode_document(document.content).pages[0]
        original = fingerprint_page(page)
        distances += [original.distance(fingerprint_page(copy)) for copy in _copies(page)]
    found = sum(distance <= SAME_DOCUMENT_DISTANCE for distance in distances) / len(distances)
    assert found >= SAME_PAGE_RECALL_FLOOR, f"only {found:.1%} of the copies are within {SAME_DOCUMENT_DISTANCE} bits"
    assert max(distances) <= 6  # measured: 6; without the margin it was 25


def test_the_revision_detector_flags_appended_revisions_and_no_single_save(corpus: list[CorpusDocument]) -> None:
    pdfs = [d.content for d in corpus if d.extension == "pdf"]
    assert pdfs and all(pdf_anatomy(pdf).revisions == 1 for pdf in pdfs)
    for pdf in pdfs:
        edited = pdf_anatomy(with_incremental_update(pdf))
        assert edited.revisions == 2 and edited.producer == "PDF-XChange Editor 10.2"
        assert edited.before_last_revision is not None
        assert edited.before_last_revision.rstrip(b"\r\n") == pdf.rstrip(b"\r\n")


def test_ela_regions_lie_on_the_page_and_the_overlay_matches_it(corpus: list[CorpusDocument]) -> None:
    """Shape only: no accuracy floor is claimed for ELA on this corpus, and why.

    Measured on the pool's 25 seeded edits on page 1 (12 edited figures, 7 name swaps, 6 pasted
    regions; 9 PNG, 11 PDF, 5 JPEG; 16 digital, 9 scans), the top five ELA blocks touch the seeded
    box for none. Why: the forger's low-quality JPEG round trip is of a small crop, so its 8 x 8
    grid is aligned to the patch, not the page; the patch is mostly a flat off-colour fill, and flat
    tinted areas of the genuine page (table header bars) re-save with as much error; PDFs and JPEGs
    then re-encode the whole page at quality 88-94, overwriting most of the patch's history; and a
    scan rotates the page after the edit, which destroys any grid. Two variants tried (error on flat
    pixels only; 8 x 8 grid-phase blockiness against the page's own grid) also found 0 and 1-3 of 25
    with false hits on genuine pages. The overlay still shows a digitally edited patch as a
    uniformly lit box a reviewer sees (self-test's ela-overlay screenshot); the ranking does not."""
    page = decode_document(corpus[0].content).pages[0]
    result = error_level_analysis(page)
    overlay = Image.open(io.BytesIO(result.overlay_png))
    assert overlay.size == page.size == result.size
    assert 1 <= len(result.regions) <= 5
    for region in result.regions:
        left, top, right, bottom = region.box
        assert 0 <= left < right <= page.width and 0 <= top < bottom <= page.height
