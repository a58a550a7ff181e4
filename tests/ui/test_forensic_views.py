"""The ELA overlay and the before/after-revision view, on a seeded forgery and its genuine twin."""

from __future__ import annotations

import asyncio
import io

import numpy as np
import pytest
from PIL import Image
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from app.forensic_screenshots import forgery_and_twin, revised_pdf
from demo.documents.pool import RenderedDocument
from services.forensics.findings import ELA_EXPLANATION
from tests.ui.pixels import rgb_pixels
from ui.compare_canvas import CompareMode
from ui.forensic_overlay import ElaOverlayView
from ui.forensic_revision import NO_REVISION, RevisionView


@pytest.fixture(scope="module")
def forgery() -> tuple[RenderedDocument, RenderedDocument]:
    return forgery_and_twin()


def test_the_ela_overlay_toggles_over_the_page_with_its_explanation(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, forgery: tuple[RenderedDocument, RenderedDocument]
) -> None:
    forged, _genuine = forgery
    view = ElaOverlayView()
    qtbot.addWidget(view)
    assert view.explanation.text() == ELA_EXPLANATION
    qt_loop.run_until_complete(view.analyse(forged.pages[0]))
    plain = view.canvas.picture().copy()
    assert view.result is not None and view.toggle.isEnabled()
    view.toggle.setChecked(True)
    overlaid = view.canvas.picture()
    assert overlaid.size() == plain.size()
    # Darkened by the overlay: paper (near white) becomes the error map's dark grey.
    assert rgb_pixels(overlaid).mean() < rgb_pixels(plain).mean() - 60
    view.toggle.setChecked(False)
    assert view.canvas.picture() == plain


def test_an_edited_pdf_shows_its_page_before_the_last_revision(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, forgery: tuple[RenderedDocument, RenderedDocument]
) -> None:
    forged, genuine = forgery
    assert forged.tampering is not None
    view = RevisionView()
    qtbot.addWidget(view)
    anatomy = qt_loop.run_until_complete(view.show_pdf(revised_pdf(genuine.pages[0], forged.pages[0])))
    assert anatomy.revisions == 2 and "saved 2 times" in view.status.text()
    view.compare.set_mode(CompareMode.DIFFERENCE)
    difference = rgb_pixels(view.compare.canvas.picture()).max(axis=2).astype(float)
    scale = difference.shape[1] / genuine.pages[0].width  # rendered at the decoder's DPI, not the page's
    inside = np.zeros(difference.shape, bool)
    for _page, (left, top, right, bottom) in forged.tampering.regions:
        inside[round(top * scale) : round(bottom * scale), round(left * scale) : round(right * scale)] = True
    assert difference[inside].max() > 80  # the retyped figure
    assert np.percentile(difference[~inside], 99.9) < 40  # elsewhere only JPEG noise of the two encodings

    broken = qt_loop.run_until_complete(view.show_pdf(b"not a pdf"))
    assert broken.unreadable is not None and view.status.text() == broken.unreadable


def test_a_pdf_saved_once_says_there_is_no_earlier_version(qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (100, 100), "white").save(buffer, "PDF")
    view = RevisionView()
    qtbot.addWidget(view)
    qt_loop.run_until_complete(view.show_pdf(buffer.getvalue()))
    assert view.status.text() == NO_REVISION
    assert view.compare.canvas.picture() == QImage()
