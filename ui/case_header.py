"""The case header: who applied, where, when, how urgent, what the machine suggests, and the folder's history.

Every value comes from :class:`services.case_view.Case`; the SLA words and
colour follow the queue's rules (amber from 16 h, red from 22 h,
"breached" after 24 h) through :func:`services.case_view.sla_state`, and
are refreshed every minute while the case stays open.
"""

from __future__ import annotations

import datetime
from html import escape
from typing import Final

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFormLayout, QLabel, QTextBrowser, QWidget

from services.case_view import SLA, Case, SlaState
from ui.theme import current_colours

_TIME_FORMAT: Final = "%Y-%m-%d %H:%M UTC"


def utc_now() -> datetime.datetime:
    """Naive UTC, as the database stores times."""
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)


def time_text(moment: datetime.datetime | None) -> str:
    return moment.strftime(_TIME_FORMAT) if moment is not None else "—"


def _duration(delta: datetime.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def sla_text(case: Case, now: datetime.datetime) -> tuple[str, SlaState | None]:
    """("7 h 12 min left" or "breached 2 h 05 min ago", state); no state once ruled or without a submission time."""
    if case.review_status == "COMPLETED":
        return "ruled (the review window no longer runs)", None
    state = case.sla(now)
    if state is None or case.submitted_at is None:
        return "—", None
    left = case.submitted_at + SLA - now
    if state is SlaState.BREACHED:
        return f"breached {_duration(-left)} ago", state
    return f"{_duration(left)} left", state


def applicants_text(case: Case) -> str:
    if not case.applicants:
        return "—"
    return "; ".join(
        " · ".join(part for part in (applicant.name or "(no name)", applicant.email, applicant.phone) if part)
        for applicant in case.applicants
    )


class CaseHeader(QWidget):
    """The header fields as labels (object names ``case<Field>`` for tests and screen readers)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseHeader")
        self._case: Case | None = None
        form = QFormLayout(self)
        form.setContentsMargins(6, 6, 6, 6)
        self.summary = QLabel()
        """One line above the documents (placed by the case view): id, applicant, property, SLA, suggestion."""
        self.summary.setObjectName("caseSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.labels: dict[str, QLabel] = {}
        for key, title in (
            ("entry", "Entry"),
            ("applicants", "Applicant(s)"),
            ("property", "Property"),
            ("company", "Company"),
            ("submitted", "Submitted"),
            ("sla", "SLA"),
            ("suggested", "Suggested ruling"),
            ("repeat", "Repeat applicant"),
        ):
            label = QLabel(self)
            label.setObjectName(f"case{key.capitalize()}")
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(title, label)
            self.labels[key] = label
        self.labels["sla"].setToolTip(
            "Time left of the 24-hour review window from submission: amber from 16 h, red from 22 h."
        )
        self.labels["suggested"].setToolTip(
            "The machine check's suggestion: CLEAN (nothing found), EDITED (signs of editing), "
            "FRAUD (strong signs of forgery), NOT_RUN (no check yet). The ruling is yours."
        )
        self._clock = QTimer(self)
        self._clock.setInterval(60_000)
        self._clock.timeout.connect(self.refresh_sla)

    def show_case(self, case: Case) -> None:
        self._case = case
        self.labels["entry"].setText(f"{case.short_id or case.entry_id} — {case.review_status}")
        self.labels["applicants"].setText(applicants_text(case))
        self.labels["property"].setText(case.property_name or "—")
        self.labels["company"].setText(case.company_name or "—")
        self.labels["submitted"].setText(time_text(case.submitted_at))
        self.labels["suggested"].setText(case.suggested_ruling)
        self.labels["repeat"].setText("Yes — this applicant has submitted before" if case.repeat_applicant else "No")
        self.refresh_sla()
        self._clock.start()

    def clear(self) -> None:
        self._case = None
        self._clock.stop()
        self.summary.setText("")
        for label in self.labels.values():
            label.setText("")

    def refresh_sla(self) -> None:
        if self._case is None:
            return
        text, state = sla_text(self._case, utc_now())
        colours = current_colours()
        colour = (
            {
                SlaState.AMBER: colours.warning.text,
                SlaState.RED: colours.error_text,
                SlaState.BREACHED: colours.error_text,
            }.get(state)
            if state is not None
            else None
        )
        label = self.labels["sla"]
        label.setText(text)
        label.setStyleSheet(f"color: {colour}; font-weight: bold;" if colour else "")
        self.summary.setText(summary_html(self._case, text, colour))


def summary_html(case: Case, sla: str, sla_colour: str | None) -> str:
    """The case in one wrapped line: who, where, how urgent, what the machine suggests."""
    names = ", ".join(applicant.name or "(no name)" for applicant in case.applicants) or "no applicant"
    where = " · ".join(part for part in (case.property_name, case.company_name) if part) or "no property"
    style = f' style="color:{sla_colour}"' if sla_colour else ""
    repeat = " · <b>repeat applicant</b>" if case.repeat_applicant else ""
    return (
        f"<b>{escape(case.short_id or str(case.entry_id))}</b> · {escape(names)} · {escape(where)}"
        f" · SLA <b{style}>{escape(sla)}</b> · suggested <b>{escape(case.suggested_ruling)}</b>{repeat}"
    )


class CaseHistory(QTextBrowser):
    """Previous rulings on the entry and its folder, the entry's note and the folder's other entries."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseHistory")

    def show_case(self, case: Case) -> None:
        parts = ["<h4>Note on this entry</h4>", f"<p>{escape(case.note) if case.note else '<i>No note.</i>'}</p>"]
        if case.folder_ruling:
            parts.append(f"<p>The folder's current ruling: <b>{escape(case.folder_ruling)}</b></p>")
        parts.append("<h4>Previous rulings</h4>")
        if case.previous_rulings:
            parts.append("<ul>")
            for ruling in case.previous_rulings:
                words = f"{ruling.entry_short_id or '?'}: {ruling.ruling or '—'} ({ruling.review_type})"
                if ruling.fraud_type:
                    words += f", {ruling.fraud_type}"
                words += f" — {time_text(ruling.completed_at)}"
                if ruling.reviewer_name:
                    words += f" by {ruling.reviewer_name}"
                reason = f"<br><small>{escape(ruling.reason)}</small>" if ruling.reason else ""
                parts.append(f"<li>{escape(words)}{reason}</li>")
            parts.append("</ul>")
        else:
            parts.append("<p><i>None yet.</i></p>")
        parts.append("<h4>Other entries of the folder</h4>")
        if case.folder_entries:
            parts.append("<ul>")
            for entry in case.folder_entries:
                words = (
                    f"{entry.entry_short_id or '?'} — {time_text(entry.submitted_at)} — {entry.result or 'no result'}"
                )
                note = f"<br><small>{escape(entry.note)}</small>" if entry.note else ""
                parts.append(f"<li>{escape(words)}{note}</li>")
            parts.append("</ul>")
        else:
            parts.append("<p><i>This is the folder's only entry.</i></p>")
        self.setHtml("".join(parts))
