"""Screenshots of the compare view and the forensic aids for ``ruling-desk self-test --screenshots``.

They use a forgery from the demo generator and its genuine twin (the same
document drawn without the forger's edit), so the difference mode has a
known answer: black everywhere except the retyped figure. The before/after
view gets a PDF of the genuine page whose appended revision swaps in the
forged page, as a PDF editor's "save" would.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Final

from PIL import Image
from PySide6.QtWidgets import QWidget

from demo.documents.pool import RenderedDocument, plan_pool, render_document
from demo.documents.revisions import with_page_image_replaced
from ui.compare_canvas import CompareMode
from ui.compare_pages import qimage_of
from ui.compare_view import CompareView
from ui.forensic_overlay import ElaOverlayView
from ui.forensic_revision import RevisionView

POOL_SEED: Final = 7
POOL_SIZE: Final = 120
SIZE: Final = (1440, 900)


def forgery_and_twin(extension: str = "png") -> tuple[RenderedDocument, RenderedDocument]:
    """The demo pool's first digitally edited figure in ``extension``, and its genuine twin."""
    for plan in plan_pool(POOL_SEED, POOL_SIZE):
        if plan.tampered and plan.extension == extension:
            forged = render_document(plan)
            if forged.capture == "digital" and forged.tampering and forged.tampering.kind == "edited_figure":
                return forged, render_document(plan, forge=False)
    raise LookupError(f"the demo pool has no digitally edited {extension} figure")


def revised_pdf(genuine: Image.Image, forged: Image.Image) -> bytes:
    """A PDF of ``genuine`` whose last revision replaced the page with ``forged``."""
    buffer = io.BytesIO()
    genuine.convert("RGB").save(buffer, "PDF", resolution=100.0, quality=92)
    return with_page_image_replaced(buffer.getvalue(), forged)


async def forensic_screenshots(directory: Path, suffix: str) -> list[Path]:
    """Save compare (blink, onion, difference), ELA and before/after-revision screenshots; return the paths."""
    forged, genuine = forgery_and_twin()
    saved = []
    compare = CompareView()
    compare.resize(*SIZE)
    compare.set_documents(
        [qimage_of(genuine.pages[0])],
        [qimage_of(forged.pages[0])],
        left_label="Genuine paystub",
        right_label="Submitted paystub",
        left_fields=genuine.meta,
        right_fields=forged.meta,
    )
    compare.show()
    compare.canvas.fit()
    for mode in (CompareMode.BLINK, CompareMode.ONION, CompareMode.DIFFERENCE):
        compare.set_mode(mode)
        saved.append(_save(compare, directory / f"compare-{mode.name.lower()}-{suffix}.png"))
    compare.close()

    ela = ElaOverlayView()
    ela.resize(*SIZE)
    ela.show()
    await ela.analyse(forged.pages[0])
    ela.toggle.setChecked(True)
    ela.canvas.fit()
    saved.append(_save(ela, directory / f"ela-overlay-{suffix}.png"))
    ela.close()

    revision = RevisionView()
    revision.resize(*SIZE)
    revision.show()
    await revision.show_pdf(revised_pdf(genuine.pages[0], forged.pages[0]))
    revision.compare.canvas.fit()
    saved.append(_save(revision, directory / f"pdf-before-after-revision-{suffix}.png"))
    revision.close()
    for widget in (compare, ela, revision):
        widget.deleteLater()
    return saved


def _save(widget: QWidget, path: Path) -> Path:
    if not widget.grab().save(str(path)):
        raise OSError(f"could not save a screenshot to {path}")
    return path
