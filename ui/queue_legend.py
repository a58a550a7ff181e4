"""What the queue's colours and suggested-ruling values mean: the SLA colours and the words of the legend.

The SLA bands come from :mod:`services.queue_sla` (16 h amber, 22 h red,
24 h breached); their colours reuse the theme's status text colours, which
the contrast test already holds to WCAG AA on every row background, so a
new colour cannot slip in untested. "Breached" is also said in words and
in bold, so colour is never the only signal.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtGui import QColor, QFont

from services.queue_query import SlaState
from ui.theme import current_colours

SLA_LABELS: Final[dict[SlaState, str]] = {
    SlaState.ON_TRACK: "On time",
    SlaState.AMBER: "Amber (16 h+)",
    SlaState.RED: "Red (22 h+)",
    SlaState.BREACHED: "Breached (24 h+)",
}

SLA_LEGEND: Final = (
    "Time left of the 24-hour review deadline, counted from submission.\n"
    "Plain: under 16 hours old. Amber: 16 hours or more. Red: 22 hours or more.\n"
    "Breached (bold): past 24 hours. The pool lists the most urgent first."
)

SUGGESTED_RULING_LEGEND: Final = (
    "The machine checks' suggestion, before any reviewer ruled:\n"
    "Clean: nothing found. Edited: signs the document was altered (amber).\n"
    "Fraud: strong signs of forgery (red). Insufficient: not enough to judge.\n"
    "Pending: checks still running. Not run: no checks yet."
)


def sla_colour(state: SlaState) -> QColor | None:
    """Text colour of an SLA cell on this theme; ``None`` (plain text) while on time."""
    colours = current_colours()
    value = {
        SlaState.AMBER: colours.edited_text,
        SlaState.RED: colours.error_text,
        SlaState.BREACHED: colours.error_text,
    }.get(state)
    return QColor(value) if value is not None else None


def sla_font(state: SlaState) -> QFont | None:
    """Bold once breached, so the state does not rest on colour alone."""
    if state is not SlaState.BREACHED:
        return None
    font = QFont()
    font.setBold(True)
    return font
