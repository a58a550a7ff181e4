"""Writing a report's rows to CSV, XLSX and PDF while they stream from the server.

Rows arrive one at a time from a server-side cursor; CSV and XLSX go
straight to files in a temporary directory (XlsxWriter's ``constant_memory``
mode flushes each row), so memory does not grow with the rows. The PDF,
drawn with reportlab (no display needed on a worker node), shows the chart
and the first :data:`PDF_ROW_LIMIT` rows; the spreadsheet holds them all.
"""

from __future__ import annotations

import csv
import datetime
import decimal
from pathlib import Path
from typing import Final

import xlsxwriter
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from services.reports.rows import ChartPoint, ReportChart

PDF_ROW_LIMIT: Final = 200
CHART_POINT_LIMIT: Final = 400
"""A chart with more bars than this is unreadable; the first ones (the largest, or the earliest days) are drawn."""
XLSX_ROW_LIMIT: Final = 1_048_575
"""Excel's sheet holds 1,048,576 rows, one of them the header."""
_CHART_COLOUR: Final = colors.HexColor("#2f6fb0")

Cell = str | int | float | datetime.date | decimal.Decimal | None


def plain(value: Cell) -> str | int | float | None:
    """A cell as CSV/XLSX/PDF write it: days in ISO form, decimals as floats."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


class ReportWriter:
    """Collects a report's rows into its three files; :meth:`add` once per row, then :meth:`finish`."""

    def __init__(self, directory: Path, title: str, header: list[str], by_day: bool) -> None:
        self.title = title
        self.header = header
        self.by_day = by_day
        self.row_count = 0
        self.csv_path = directory / "report.csv"
        self.xlsx_path = directory / "report.xlsx"
        self.pdf_path = directory / "report.pdf"
        self._csv_file = self.csv_path.open("w", newline="", encoding="utf-8")
        self._csv = csv.writer(self._csv_file)
        self._csv.writerow(header)
        self._workbook = xlsxwriter.Workbook(str(self.xlsx_path), {"constant_memory": True})
        self._sheet = self._workbook.add_worksheet(title[:31])
        self._sheet.write_row(0, 0, header, self._workbook.add_format({"bold": True}))
        self._points: list[ChartPoint] = []
        self._pdf_rows: list[list[str]] = []

    def add(self, row: tuple[Cell, ...]) -> None:
        values = [plain(value) for value in row]
        self._csv.writerow(["" if value is None else value for value in values])
        if self.row_count < XLSX_ROW_LIMIT:
            self._sheet.write_row(self.row_count + 1, 0, values)
        if len(self._points) < CHART_POINT_LIMIT:
            self._points.append(ChartPoint(str(values[0]), float(values[1] or 0)))
        if len(self._pdf_rows) < PDF_ROW_LIMIT:
            self._pdf_rows.append(["-" if value is None else str(value) for value in values])
        self.row_count += 1

    @property
    def chart(self) -> ReportChart:
        return ReportChart(title=self.header[1], points=tuple(self._points), by_day=self.by_day)

    def finish(self, subtitle: str) -> None:
        self._csv_file.close()
        self._workbook.close()
        self._write_pdf(subtitle)

    def _write_pdf(self, subtitle: str) -> None:
        styles = getSampleStyleSheet()
        story: list[object] = [Paragraph(self.title, styles["Title"]), Paragraph(subtitle, styles["Normal"])]
        if self.row_count == 0:
            story.append(Paragraph("No entries fall in this range and scope.", styles["Normal"]))
        else:
            story += [Spacer(1, 6 * mm), pdf_chart(self.chart), Spacer(1, 6 * mm), self._table()]
            if self.row_count > PDF_ROW_LIMIT:
                story.append(
                    Paragraph(
                        f"The first {PDF_ROW_LIMIT} of {self.row_count:,} rows; the spreadsheet has all of them.",
                        styles["Italic"],
                    )
                )
        document = SimpleDocTemplate(str(self.pdf_path), pagesize=landscape(A4), title=self.title)
        document.build(story)

    def _table(self) -> Table:
        table = Table([self.header, *self._pdf_rows], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                    ("FONTSIZE", (0, 0), (-1, -1), 8),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                    ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                    ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f0f3f7")]),
                ]
            )
        )
        return table


def pdf_chart(chart: ReportChart) -> Drawing:
    """The chart as a reportlab drawing: a line over days, bars otherwise."""
    width, height = 250 * mm, 80 * mm
    drawing = Drawing(width, height)
    plot = HorizontalLineChart() if chart.by_day else VerticalBarChart()
    plot.x, plot.y, plot.width, plot.height = 15 * mm, 15 * mm, width - 25 * mm, height - 25 * mm
    plot.data = [[point.value for point in chart.points]]
    plot.categoryAxis.categoryNames = [point.label[:18] for point in chart.points]
    plot.categoryAxis.labels.angle = 45 if len(chart.points) > 8 else 0
    plot.categoryAxis.labels.boxAnchor = "ne" if len(chart.points) > 8 else "n"
    plot.categoryAxis.labels.fontSize = 6
    plot.valueAxis.valueMin = 0
    if isinstance(plot, VerticalBarChart):
        plot.bars[0].fillColor = _CHART_COLOUR
    else:
        plot.lines[0].strokeColor = _CHART_COLOUR
    drawing.add(plot)
    return drawing
