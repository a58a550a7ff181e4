"""A finished report's chart, drawn with QPainter in the theme's colours.

QtCharts is not in ``pyside6-essentials``, and a report's chart is one
series: bars per property, reviewer, company or document type, or a line
over days. Drawing that directly keeps the app free of another charting
dependency and follows the light/dark palette the moment it changes.
"""

from __future__ import annotations

import math
from typing import Final

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from services.reports.rows import ReportChart
from ui.theme import current_colours

_MARGIN: Final = 12
_AXIS_LABEL_ROOM: Final = 44
"""Pixels under the plot for category labels (drawn at 45° when they would collide)."""
_TICKS: Final = 4
_BAR_MAX_WIDTH: Final = 72
"""A lone bar as wide as the chart reads as a block, not a figure."""


def nice_step(value: float) -> float:
    """The smallest "round" number (1, 2, 2.5 or 5 times a power of ten) at or above ``value``."""
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    return next(step * magnitude for step in (1, 2, 2.5, 5, 10) if value <= step * magnitude)


class ReportChartView(QWidget):
    """Shows one :class:`ReportChart`, or a short sentence when there is nothing to draw."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportChart")
        self.setMinimumHeight(200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._chart: ReportChart | None = None
        self._empty_text = "Pick a finished report to see its chart."

    def sizeHint(self) -> QSize:
        return QSize(480, 240)

    @property
    def chart(self) -> ReportChart | None:
        return self._chart

    def show_chart(self, chart: ReportChart | None, empty_text: str) -> None:
        self._chart = chart
        self._empty_text = empty_text
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        text_colour = palette.color(QPalette.ColorRole.Text)
        painter.setPen(text_colour)
        chart = self._chart
        if chart is None or not chart.points:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._empty_text)
            return
        metrics = QFontMetrics(self.font())
        top = _MARGIN + metrics.height() + 4
        painter.drawText(QRectF(_MARGIN, _MARGIN, self.width() - 2 * _MARGIN, metrics.height()), chart.title)
        step = nice_step(max(point.value for point in chart.points) / _TICKS)
        ceiling = step * _TICKS
        left = _MARGIN + metrics.horizontalAdvance(f"{ceiling:,.0f}") + 6
        plot = QRectF(left, top, self.width() - left - _MARGIN, self.height() - top - _AXIS_LABEL_ROOM)
        if plot.width() < 20 or plot.height() < 20:
            return
        self._draw_axis(painter, plot, step, palette.color(QPalette.ColorRole.Mid), text_colour)
        accent = QColor(current_colours().accent)
        slot = plot.width() / len(chart.points)
        tops = [
            QPointF(plot.left() + slot * (index + 0.5), plot.bottom() - plot.height() * point.value / ceiling)
            for index, point in enumerate(chart.points)
        ]
        if chart.by_day:
            painter.setPen(QPen(accent, 2))
            painter.drawPolyline(QPolygonF(tops))
            painter.setBrush(accent)
            for point in tops:
                painter.drawEllipse(point, 3, 3)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(accent)
            width = min(slot * 0.7, _BAR_MAX_WIDTH)
            for point in tops:
                painter.drawRect(QRectF(point.x() - width / 2, point.y(), width, plot.bottom() - point.y()))
        self._draw_labels(painter, plot, slot, metrics, text_colour)

    def _draw_axis(self, painter: QPainter, plot: QRectF, step: float, grid: QColor, text: QColor) -> None:
        decimals = 0 if step == int(step) else 1
        for tick in range(_TICKS + 1):
            y = plot.bottom() - plot.height() * tick / _TICKS
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text)
            label = f"{step * tick:,.{decimals}f}"
            painter.drawText(
                QRectF(0, y - 8, plot.left() - 4, 16),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )

    def _draw_labels(self, painter: QPainter, plot: QRectF, slot: float, metrics: QFontMetrics, text: QColor) -> None:
        assert self._chart is not None
        points = self._chart.points
        widest = max(metrics.horizontalAdvance(point.label) for point in points)
        every = max(1, int((metrics.height() + 2) / slot) + 1) if widest > slot else 1
        painter.setPen(text)
        for index, point in enumerate(points):
            if index % every:
                continue
            x = plot.left() + slot * (index + 0.5)
            label = metrics.elidedText(point.label, Qt.TextElideMode.ElideRight, _AXIS_LABEL_ROOM * 2)
            painter.save()
            painter.translate(x, plot.bottom() + 4)
            if widest > slot:
                painter.rotate(30)
                painter.drawText(QPointF(0, metrics.ascent()), label)
            else:
                painter.drawText(QPointF(-metrics.horizontalAdvance(label) / 2, metrics.ascent()), label)
            painter.restore()
