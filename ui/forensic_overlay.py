"""Error-level analysis over a page: the reviewer toggles the overlay and reads what it means.

The ELA itself (:func:`services.forensics.ela.error_level_analysis`, about
0.3 s on a full scan) runs in the executor; the page stays usable while it
does. The page is dimmed and the block map screened over it: bright blocks
hold compression noise the page's own JPEG grid does not explain. Areas
that stand out are boxed thick, in the accent colour, with their score
beside them, so the eye lands there first; the other top areas get a thin
dashed box, for completeness, not alarm.
"""

from __future__ import annotations

import asyncio

from PIL import Image
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from services.forensics.ela import BLOCK, error_level_analysis
from services.forensics.findings import ELA_EXPLANATION, ElaResult, ela_summary
from ui.compare_canvas import CompareCanvas
from ui.compare_pages import qimage_of
from ui.theme import current_colours


def ela_picture(page: QImage, result: ElaResult) -> QImage:
    """``page`` dimmed, the ELA block map screened over it unsmoothed, and the top regions boxed."""
    overlay = QImage.fromData(result.overlay_png)
    picture = page.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    scale_x = picture.width() / max(1, result.size[0])
    scale_y = picture.height() / max(1, result.size[1])
    accent = QColor(current_colours().accent)
    painter = QPainter(picture)
    try:
        painter.fillRect(picture.rect(), QColor(0, 0, 0, 170))
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Screen)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        blocks = QRect(0, 0, round(overlay.width() * BLOCK * scale_x), round(overlay.height() * BLOCK * scale_y))
        painter.drawImage(blocks, overlay)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        label_font = QFont(painter.font())
        label_font.setPixelSize(max(14, round(22 * scale_y)))
        label_font.setBold(True)
        painter.setFont(label_font)
        for region in result.regions:
            left, top, right, bottom = region.box
            box = QRect(
                round(left * scale_x),
                round(top * scale_y),
                round((right - left) * scale_x),
                round((bottom - top) * scale_y),
            )
            if region.score >= result.stands_out:
                painter.setPen(QPen(accent, max(4, round(5 * scale_x))))
                painter.drawRect(box.adjusted(-5, -5, 5, 5))
                _label(painter, box, f"{region.score:.1f}x", accent)
            else:
                painter.setPen(QPen(QColor(255, 255, 255, 150), 1, Qt.PenStyle.DashLine))
                painter.drawRect(box)
    finally:
        painter.end()
    return picture


def _label(painter: QPainter, box: QRect, text: str, colour: QColor) -> None:
    """``text`` in white on a ``colour`` tab sitting on the top-left corner of ``box``."""
    metrics = painter.fontMetrics()
    tab = QRect(
        box.left() - 5, box.top() - 5 - metrics.height() - 6, metrics.horizontalAdvance(text) + 12, metrics.height() + 6
    )
    painter.fillRect(tab, colour)
    painter.setPen(QColor("white"))
    painter.drawText(tab, Qt.AlignmentFlag.AlignCenter, text)


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
        self.summary.setText(ela_summary(result.regions, result.stands_out))
        self._redraw()

    def _redraw(self) -> None:
        if self._result is not None and self.toggle.isChecked():
            self.canvas.show_picture(ela_picture(self._page, self._result))
        else:
            self.canvas.show_picture(self._page)
