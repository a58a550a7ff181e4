"""Claim → inspect → rule → next at the keyboard, as a reviewer on their own login, under row-level security.

The window is the real shell with the real workspace; the use cases are
the real services on a unit of work of the reviewer's login, bound by the
composition root's :func:`app.review_desk.build_review_desk`. Every key
is pressed, what the widgets show is read, and every row the ruling wrote
is read back as the owner. The outage is a real one: the reviewer's
backend is terminated while its submit waits on a row lock, and the
workstation must land the ruling, once, by itself.
"""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.engine import build_engine, build_unit_of_work
from app.review_desk import build_review_desk
from services.changes import Changes
from services.ruling_drafts import RulingDrafts
from services.ruling_submission import FraudType, RulingReason
from tests.reviewer_desk import Desk, Reviewable, insert_reviewable
from tests.ui.conftest import wait_until
from tests.ui.desks import make_desk, make_person
from ui.case_workflow_panel import CaseWorkspace
from ui.change_hub import ChangeHub
from ui.main_window import MainWindow
from ui.reason_dialog import ReasonDialog

WRITTEN_TABLES = ("fraud_reviews", "fraud_document_reviews", "fraud_results", "ruling_submissions", "oban_jobs")
ONE_RULING_OF_TWO_DOCUMENTS = {
    "fraud_reviews": 1,
    "fraud_document_reviews": 2,
    "fraud_results": 1,
    "ruling_submissions": 1,
    "oban_jobs": 1,
}
NO_MODIFIER = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier


@dataclass
class Station:
    window: MainWindow
    published: list[Changes]
    qtbot: QtBot

    @property
    def workspace(self) -> CaseWorkspace:
        assert self.window.workspace is not None
        return self.window.workspace

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier = NO_MODIFIER) -> None:
        self.qtbot.keyClick(self.window.focusWidget() or self.window, key, modifier)

    def documents_shown(self) -> list[str]:
        documents = self.workspace.ruling_panel.documents
        return [documents.item(row).text() for row in range(documents.count())]

    def open_entry(self) -> uuid.UUID | None:
        case = self.workspace.area.case
        return case.entry_id if case is not None else None


@asynccontextmanager
async def reviewer_window(
    qtbot: QtBot, desk: Desk, drafts: Path, *, undo_seconds: float = 0.3, who: str = "reviewer1"
) -> AsyncIterator[Station]:
    """``who`` signed in: their own engine, the shell with the case workspace, drafts kept in ``drafts``."""
    engine = build_engine(desk.urls[who])
    window = MainWindow()
    qtbot.addWidget(window)
    hub = ChangeHub(window)
    published: list[Changes] = []
    hub.changed.connect(published.append)
    review = build_review_desk(
        build_unit_of_work(engine), drafts, hub.publish, undo_seconds=undo_seconds, retry_delays=(0.2,)
    )
    person = make_person("reviewer", user_id=desk.user_ids[who])
    window.open_desk(dataclasses.replace(make_desk("reviewer", drafts.parent, person=person), review=review))
    window.show()
    window.activateWindow()
    await wait_until(window.isActiveWindow, what="the window to be active (window shortcuts need it)")
    assert window.workspace is not None
    window.workspace.workflow.resume()
    try:
        yield Station(window, published, qtbot)
    finally:
        window.close()
        await engine.dispose()


def count_rows(desk: Desk) -> dict[str, int]:
    with desk.owner() as owner:
        return {table: owner.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in WRITTEN_TABLES}  # type: ignore[index]


def row(desk: Desk, query: str, *params: object) -> tuple[Any, ...]:
    with desk.owner() as owner:
        found = owner.execute(query, params).fetchone()
    assert found is not None
    return found


def two_entries(desk: Desk) -> tuple[Reviewable, Reviewable]:
    with desk.owner() as owner:
        first = insert_reviewable(owner, short_id="E-1")
        second = insert_reviewable(owner, short_id="E-2", submitted_at=first_submitted(owner, first))
    return first, second


def first_submitted(owner: Any, entry: Reviewable) -> Any:
    """A moment after ``entry``'s submission: claim-next hands out the older one first."""
    return owner.execute(
        "SELECT submission_time + interval '1 minute' FROM entries WHERE id = %s", (entry.entry_id,)
    ).fetchone()[0]


async def claim_and_rule(station: Station, entry: Reviewable, *rulings: Qt.Key) -> None:
    """Ctrl+N, then one key per document."""
    station.press(Qt.Key.Key_N, CTRL)
    await wait_until(lambda: station.open_entry() == entry.entry_id, what="the claimed case to open")
    for key in rulings:
        station.press(key)


def test_claim_inspect_rule_next_by_keyboard_writes_every_row_once(
    qtbot: QtBot,
    qt_loop: asyncio.AbstractEventLoop,
    desk: Desk,
    tmp_path: Path,
) -> None:
    first, second = two_entries(desk)
    me = desk.user_ids["reviewer1"]

    async def scenario() -> None:
        async with reviewer_window(qtbot, desk, tmp_path / "drafts") as station:
            station.press(Qt.Key.Key_N, CTRL)
            await wait_until(lambda: station.open_entry() == first.entry_id, what="E-1 to open")
            labels = station.window.case_view.header.labels  # the real case view, inside the workspace
            assert labels["entry"].text().startswith("E-1 — ")
            assert "Applicant E-1" in labels["applicants"].text()
            assert station.documents_shown() == ["1. paystub — not ruled", "2. paystub — not ruled"]
            assert row(
                desk, "SELECT review_status, review_assigned_to_id FROM entries WHERE id = %s", first.entry_id
            ) == (
                "IN_REVIEW",
                me,
            )

            station.press(Qt.Key.Key_C)  # first document CLEAN, the second is selected next
            station.press(Qt.Key.Key_F)
            panel = station.workspace.ruling_panel
            assert station.documents_shown() == ["1. paystub — CLEAN", "2. paystub — FRAUD"]
            assert panel.derived_label.text() == "FRAUD (the worst of the documents)"

            station.press(Qt.Key.Key_Return, CTRL)  # no reason yet: refused on this side, nothing sent
            await wait_until(
                lambda: panel.message_label.text() == "A ruling of FRAUD needs a reason.", what="the missing reason"
            )

            panel.reason_combo.setFocus()
            station.press(Qt.Key.Key_Down)
            panel.fraud_type_combo.setFocus()
            station.press(Qt.Key.Key_Down)
            panel.note_edit.setFocus()
            qtbot.keyClicks(panel.note_edit, "Employer typed in another font")
            panel.documents.setFocus()
            assert station.workspace.workflow.form is not None
            assert station.workspace.workflow.form.reason is RulingReason.EDITED_TOTALS
            assert station.workspace.workflow.form.fraud_type is FraudType.DOCUMENT_MANIPULATION

            station.press(Qt.Key.Key_Return, CTRL)
            await wait_until(panel.undo_button.isVisible, what="the undo countdown")
            assert panel.countdown_label.text().startswith("Sending in")
            station.press(Qt.Key.Key_Return, CTRL)  # a second submit while the first waits sends nothing more
            await wait_until(lambda: station.open_entry() == second.entry_id, what="the next case to open")

            assert panel.message_label.text() == "Entry ruled FRAUD (result REJECTED). Next entry opened."
            assert not panel.undo_button.isVisible()
            assert station.documents_shown() == ["1. paystub — not ruled", "2. paystub — not ruled"]
            assert any(first.entry_id in changes.entry_ids for changes in station.published)
            assert any(second.entry_id in changes.entry_ids for changes in station.published)

    qt_loop.run_until_complete(scenario())

    assert count_rows(desk) == ONE_RULING_OF_TWO_DOCUMENTS
    assert row(
        desk,
        "SELECT r.review_type, r.status, t.code, r.fraud_type, r.result_reason, r.reviewer_id"
        " FROM fraud_reviews AS r JOIN fraud_result_types AS t ON t.id = r.result WHERE r.fraud_submission_id = %s",
        first.fraud_submission_id,
    ) == ("INITIAL", "COMPLETED", "FRAUD", "document_manipulation", RulingReason.EDITED_TOTALS.value, me)
    with desk.owner() as owner:
        documents = owner.execute(
            "SELECT t.code, p.result::text FROM fraud_document_reviews AS d"
            " JOIN fraud_result_types AS t ON t.id = d.result JOIN proof AS p ON p.id = d.document_id"
            " ORDER BY p.inserted_at"
        ).fetchall()
        reasons = owner.execute(
            "SELECT DISTINCT reason FROM audit_log WHERE table_name IN ('folders', 'fraud_reviews', 'fraud_results')"
        ).fetchall()
    assert documents == [("CLEAN", "CLEAN"), ("FRAUD", "FRAUD")]
    assert row(
        desk,
        "SELECT t.code FROM fraud_results AS f JOIN fraud_result_types AS t ON t.id = f.result"
        " WHERE f.applicant_submission_id = %s",
        first.applicant_submission_id,
    ) == ("FRAUD",)
    assert row(
        desk, "SELECT review_status, status, result, note, reviewer_id FROM entries WHERE id = %s", first.entry_id
    ) == ("COMPLETED", "completed", "REJECTED", "Employer typed in another font", me)
    assert row(
        desk, "SELECT dynamic_ruling, last_entry_id, last_entry_result FROM folders WHERE id = %s", first.folder_id
    ) == ("FRAUD", first.entry_id, "REJECTED")
    assert row(desk, "SELECT user_id FROM ruling_submissions") == (me,)
    assert row(desk, "SELECT args ->> 'entry_id', args ->> 'ruling' FROM oban_jobs") == (str(first.entry_id), "FRAUD")
    assert len(reasons) == 1 and reasons[0][0].endswith(": FRAUD")
    assert row(desk, "SELECT review_status, review_assigned_to_id FROM entries WHERE id = %s", second.entry_id) == (
        "IN_REVIEW",
        me,
    )
    assert list((tmp_path / "drafts").glob("*")) == []  # confirmed: no draft left behind


def test_undo_writes_nothing_and_a_draft_survives_a_closed_window(
    qtbot: QtBot,
    qt_loop: asyncio.AbstractEventLoop,
    desk: Desk,
    tmp_path: Path,
) -> None:
    first, _ = two_entries(desk)
    drafts = tmp_path / "drafts"
    before = count_rows(desk)

    async def undo_then_close() -> None:
        async with reviewer_window(qtbot, desk, drafts, undo_seconds=30) as station:
            await claim_and_rule(station, first, Qt.Key.Key_C, Qt.Key.Key_C)
            panel = station.workspace.ruling_panel
            station.press(Qt.Key.Key_Return, CTRL)
            await wait_until(panel.undo_button.isVisible, what="the undo countdown")
            assert len(RulingDrafts(drafts).pending().drafts) == 1  # on disk from the moment of submit
            station.press(Qt.Key.Key_Z, CTRL)
            await wait_until(lambda: not panel.undo_button.isVisible(), what="the undo to take")
            assert panel.message_label.text().startswith("Ruling withdrawn: nothing was sent.")
            assert station.documents_shown() == ["1. paystub — CLEAN", "2. paystub — CLEAN"]
            assert RulingDrafts(drafts).pending().drafts == ()
            assert count_rows(desk) == before

            station.press(Qt.Key.Key_Return, CTRL)  # again, and close the window inside the undo window
            await wait_until(panel.undo_button.isVisible, what="the second countdown")

    qt_loop.run_until_complete(undo_then_close())
    assert count_rows(desk) == before
    kept = RulingDrafts(drafts).pending().drafts
    assert [draft.entry_id for draft in kept] == [first.entry_id]

    async def start_again() -> None:
        async with reviewer_window(qtbot, desk, drafts):
            await wait_until(lambda: count_rows(desk)["ruling_submissions"] == 1, what="the kept draft to be sent")
            await wait_until(lambda: RulingDrafts(drafts).pending().drafts == (), what="the draft to be forgotten")

    qt_loop.run_until_complete(start_again())
    assert row(desk, "SELECT id FROM ruling_submissions") == (kept[0].submission_id,)
    assert row(desk, "SELECT review_status, result FROM entries WHERE id = %s", first.entry_id) == (
        "COMPLETED",
        "APPROVED",
    )


def test_a_session_killed_during_submit_still_lands_the_ruling_exactly_once(
    qtbot: QtBot,
    qt_loop: asyncio.AbstractEventLoop,
    desk: Desk,
    tmp_path: Path,
) -> None:
    first, second = two_entries(desk)
    drafts = tmp_path / "drafts"

    async def scenario() -> None:
        async with reviewer_window(qtbot, desk, drafts) as station:
            await claim_and_rule(station, first, Qt.Key.Key_C, Qt.Key.Key_I)
            panel = station.workspace.ruling_panel
            with desk.owner() as blocker:
                blocker.execute("BEGIN")
                blocker.execute("SELECT 1 FROM entries WHERE id = %s FOR UPDATE", (first.entry_id,))
                for _ in range(2):  # a double click on Submit: two clicks before the first one's task runs
                    qtbot.mouseClick(panel.submit_button, Qt.MouseButton.LeftButton)
                pid = await waiting_submit(desk)
                with desk.owner() as killer:
                    killer.execute("SELECT pg_terminate_backend(%s)", (pid,))
                await wait_until(
                    lambda: "will be sent again" in panel.message_label.text(), what="the lost connection said"
                )
                assert len(RulingDrafts(drafts).pending().drafts) == 1
                blocker.execute("ROLLBACK")
            await wait_until(lambda: station.open_entry() == second.entry_id, what="the retry to land and move on")
            assert panel.message_label.text() == "Entry ruled INSUFFICIENT (result NEEDS_REVIEW). Next entry opened."

    qt_loop.run_until_complete(scenario())
    assert count_rows(desk) == ONE_RULING_OF_TWO_DOCUMENTS
    assert row(desk, "SELECT review_status, result FROM entries WHERE id = %s", first.entry_id) == (
        "COMPLETED",
        "NEEDS_REVIEW",
    )
    assert RulingDrafts(drafts).pending().drafts == ()


async def waiting_submit(desk: Desk) -> int:
    """The reviewer's backend once its submit waits on the owner's row lock."""
    found: list[int] = []

    def waiting() -> bool:
        with desk.owner() as owner:
            rows = owner.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            ).fetchall()
        found[:] = [pid for (pid,) in rows]
        return len(found) == 1

    await wait_until(waiting, what="the submit to wait on the lock")
    return found[0]


def test_a_case_reassigned_meanwhile_is_refused_with_the_reason_and_the_draft_kept(
    qtbot: QtBot,
    qt_loop: asyncio.AbstractEventLoop,
    desk: Desk,
    tmp_path: Path,
) -> None:
    first, _ = two_entries(desk)
    drafts = tmp_path / "drafts"

    async def scenario() -> None:
        async with reviewer_window(qtbot, desk, drafts) as station:
            await claim_and_rule(station, first, Qt.Key.Key_C, Qt.Key.Key_C)
            with desk.owner() as owner:
                owner.execute(
                    "UPDATE entries SET review_assigned_to_id = %s WHERE id = %s",
                    (desk.user_ids["reviewer2"], first.entry_id),
                )
            panel = station.workspace.ruling_panel
            station.press(Qt.Key.Key_Return, CTRL)
            await wait_until(lambda: "your ruling was not saved" in panel.message_label.text(), what="the refusal")
            assert "Your ruling is kept as a draft" in panel.message_label.text()
            assert station.open_entry() == first.entry_id  # the case stays open: nothing claimed behind it
            assert not panel.undo_button.isVisible() and panel.submit_button.isEnabled()

            assert panel.discard_button.isVisible()
            assert [draft.entry_id for draft in RulingDrafts(drafts).pending().drafts] == [first.entry_id]
            station.press(Qt.Key.Key_D, CTRL | Qt.KeyboardModifier.ShiftModifier)  # read, now discarded
            assert panel.message_label.text() == "1 refused draft(s) discarded."
            assert not panel.discard_button.isVisible()

    qt_loop.run_until_complete(scenario())
    assert RulingDrafts(drafts).pending().drafts == ()
    assert count_rows(desk)["ruling_submissions"] == 0


def test_release_asks_for_a_reason_and_hands_the_entry_back(
    qtbot: QtBot,
    qt_loop: asyncio.AbstractEventLoop,
    desk: Desk,
    tmp_path: Path,
) -> None:
    first, _ = two_entries(desk)

    async def scenario() -> None:
        async with reviewer_window(qtbot, desk, tmp_path / "drafts") as station:
            await claim_and_rule(station, first)
            station.press(Qt.Key.Key_R, CTRL | Qt.KeyboardModifier.ShiftModifier)
            await wait_until(lambda: station.window.findChild(ReasonDialog) is not None, what="the reason dialog")
            dialog = station.window.findChild(ReasonDialog)
            assert dialog is not None
            qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)  # no reason: stays open
            assert dialog.isVisible()
            qtbot.keyClicks(dialog.reason_edit, "Conflict of interest")
            qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
            await wait_until(lambda: station.open_entry() is None, what="the case to close")
            assert station.workspace.ruling_panel.message_label.text().startswith("Release to pool: done.")

    qt_loop.run_until_complete(scenario())
    assert row(desk, "SELECT review_status, review_assigned_to_id FROM entries WHERE id = %s", first.entry_id) == (
        "UNASSIGNED",
        None,
    )
    assert row(
        desk,
        "SELECT reason FROM audit_log WHERE table_name = 'entries' AND row_id = %s ORDER BY id DESC",
        str(first.entry_id),
    ) == ("released: Conflict of interest",)


def test_a_draft_file_that_cannot_be_read_is_reported_and_left_alone(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, desk: Desk, tmp_path: Path
) -> None:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    broken = drafts / f"{uuid.uuid4()}.ruling.json"
    broken.write_text("{ half a ruling", encoding="utf-8")

    async def scenario() -> None:
        async with reviewer_window(qtbot, desk, drafts) as station:
            panel = station.workspace.ruling_panel
            await wait_until(lambda: "could not be read" in panel.message_label.text(), what="the report")
            assert str(drafts) in panel.message_label.text()

    qt_loop.run_until_complete(scenario())
    assert broken.read_text(encoding="utf-8") == "{ half a ruling"
