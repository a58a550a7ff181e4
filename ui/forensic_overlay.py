"""Error-level analysis over a page: the reviewer toggles the overlay and reads what it means.

The ELA itself (:func:`services.forensics.ela.error_level_analysis`, about
0.2 s on a full scan) runs in the executor; the page stays usable while it
does. Bright areas changed more on re-saving; the top-scoring areas are
outlined so the eye lands on them.
"""

from __future__ import annotations

import asyncio

from PIL import Image
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from services.forensics.ela import error_level_analysis
from services.forensics.findings import ELA_EXPLANATION, ElaResult
from ui.compare_canvas import CompareCanvas
from ui.compare_pages import qimage_of
from ui.theme import current_colours


def ela_picture(page: QImage, result: ElaResult) -> QImage:
    """``page`` with the ELA error map screened over it and the top regions outlined."""
    overlay = QImage.fromData(result.overlay_png)
    picture = page.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(picture)
    try:
        painter.fillRect(picture.rect(), QColor(0, 0, 0, 170))
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Screen)
        painter.drawImage(0, 0, overlay)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        painter.setPen(QPen(QColor(current_colours().accent), 3))
        for region in result.regions:
            left, top, right, bottom = region.box
            painter.drawRect(QRect(left, top, right - left, bottom - top))
    finally:
        painter.end()
    return picture


class ElaOverlayView(QWidget):
    """One page with an "Error-level analysis" toggle and the aid's one-line explanation."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._page = QImage()
        self._result: ElaResult | None = None
        self.toggle = QCheckBox("Error-level analysis")
        self.toggle.setEnabled(False)
        self.toggle.toggled.connect(lambda _on: self._redraw())
        self.explanation = QLabel(ELA_EXPLANATION)
        self.explanation.setWordWrap(True)
        self.summary = QLabel()
        self.canvas = CompareCanvas()
        layout = QVBoxLayout(self)
        layout.addWidget(self.toggle)
        layout.addWidget(self.explanation)
        layout.addWidget(self.summary)
        layout.addWidget(self.canvas, 1)

    @property
    def result(self) -> ElaResult | None:
        return self._result

    async def analyse(self, page: Image.Image) -> None:
        """Show ``page`` at once, run ELA off the UI thread, then enable the overlay."""
        self._page = qimage_of(page)
        self._result = None
        self.toggle.setEnabled(False)
        self.summary.setText("Analysing…")
        self._redraw()
        result = await asyncio.get_running_loop().run_in_executor(None, error_level_analysis, page)
        self._result = result
        self.toggle.setEnabled(True)
        best = result.regions[0].score if result.regions else 0.0
        self.summary.setText(
            f"Outlined: the {len(result.regions)} areas that changed most "
            f"(the strongest {best:.1f}x the page's usual level)."
        )
        self._redraw()

    def _redraw(self) -> None:
        if self._result is not None and self.toggle.isChecked():
            self.canvas.show_picture(ela_picture(self._page, self._result))
        else:
            self.canvas.show_picture(self._page)
