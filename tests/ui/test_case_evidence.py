"""Issue 9's must-show, through the real case view: matches, compare from a match, decisions, aids, reuse, jobs.

The security world (tests.security_roles): A1 (reviewer1's) matches A2 at
90 % and B1 at 80 %; the manager of company A sees only A2. A1's document
is a demo paystub as issued, A2's the same paystub with a forger's retyped
figure (a lossless PNG, so only the forger's pixels differ), and B1's a
truncated file. Every proof has the same page fingerprint. The case view
is wired by the composition root's own :func:`app.case_documents.attach_case_documents`
and driven through the shell's actions, as a person's keys would.
"""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

import numpy as np
import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.case_documents import attach_case_documents
from app.forensic_screenshots import forgery_and_twin
from demo.documents.pool import RenderedDocument
from services.case import open_case
from services.changes import ChangeKind, Changes
from services.document_store import file_url
from services.forensics.findings import ela_summary
from services.forensics.fingerprints import PageFingerprint
from services.matches import MatchBand, MatchDecisionKind
from services.permissions import Group, permissions_of_group
from services.review_refusals import NoSuchEntry
from tests.fingerprinted_world import fingerprint_every_proof, url_as
from tests.security_roles import World, security_world
from tests.ui.conftest import wait_until
from tests.ui.pixels import rgb_pixels
from tests.units_of_work import unit_of_work
from ui.actions import ShellActions
from ui.case_evidence import CaseEvidence
from ui.case_forensics import NOT_A_PDF
from ui.case_view import CaseView
from ui.change_hub import ChangeHub
from ui.compare_canvas import CompareCanvas, CompareMode
from ui.compare_fields import FieldVerdict
from ui.forensic_reuse import NOTHING_SEEN
from ui.matches_panel import BAND_LABELS, DECISION_LABELS, NO_MATCHES

SAME_PAGE = PageFingerprint(int("1101" * 64, 2))
Box = tuple[int, int, int, int]


@pytest.fixture(scope="module")
def forgery() -> tuple[RenderedDocument, RenderedDocument]:
    return forgery_and_twin()


@pytest.fixture(scope="module")
def world(
    migrated_libpq_url: str, tmp_path_factory: pytest.TempPathFactory, forgery: tuple[RenderedDocument, ...]
) -> Iterator[World]:
    forged, genuine = forgery
    folder = tmp_path_factory.mktemp("evidence")
    documents = {"A1": (genuine.pages[0], genuine.meta), "A2": (forged.pages[0], forged.meta)}
    with security_world(migrated_libpq_url) as built:
        fingerprint_every_proof(built, SAME_PAGE)
        with built.owner() as owner:
            for key, (page, meta) in documents.items():
                path = folder / f"{key}.png"
                page.save(path, "PNG")
                owner.execute(
                    "UPDATE proof SET file = %s, extracted_meta = %s WHERE id = %s",
                    (file_url(path), json.dumps(meta), built.screenings[key].proof_id),
                )
            png = io.BytesIO()
            genuine.pages[0].save(png, "PNG")
            truncated = folder / "B1.png"
            truncated.write_bytes(png.getvalue()[: len(png.getvalue()) // 3])
            owner.execute(
                "UPDATE proof SET file = %s WHERE id = %s", (file_url(truncated), built.screenings["B1"].proof_id)
            )
        yield built


@asynccontextmanager
async def case_view_as(
    qtbot: QtBot, world: World, who: str, group: Group
) -> AsyncIterator[tuple[CaseView, ShellActions, ChangeHub]]:
    """The case view in a window, wired for ``who`` as the workstation wires it, with the shell's actions."""
    async with unit_of_work(url_as(world, who)) as uow:
        host = QWidget()
        qtbot.addWidget(host)
        host.resize(1500, 950)
        view = CaseView(host)
        QVBoxLayout(host).addWidget(view)
        permissions = permissions_of_group(group)
        actions = ShellActions(permissions, host)
        hub = ChangeHub()
        attach_case_documents(view, uow, permissions, hub, actions)
        host.show()
        try:
            yield view, actions, hub
        finally:
            view.shutdown()
            host.close()


def tabs_of(view: CaseView) -> CaseEvidence:
    assert view.evidence_tabs is not None
    return view.evidence_tabs


def trigger(actions: ShellActions, action_id: str) -> None:
    action = actions.get(action_id)
    assert action is not None, f"{action_id} is not there for this person"
    action.trigger()


def cells(tabs: CaseEvidence, row: int) -> list[str]:
    assert tabs.matches is not None
    table = tabs.matches.table
    return [table.item(row, column).text() for column in range(table.columnCount())]


def on_screen(canvas: CompareCanvas, box: Box, grow: int) -> tuple[slice, slice]:
    """The canvas pixels showing page ``box`` (grown by ``grow`` screen pixels; negative shrinks)."""
    zoom, pan = canvas.zoom, canvas.pan
    left, top, right, bottom = box
    return (
        slice(max(0, int(pan.y() + zoom * top) - grow), int(pan.y() + zoom * bottom) + grow + 1),
        slice(max(0, int(pan.x() + zoom * left) - grow), int(pan.x() + zoom * right) + grow + 1),
    )


def test_a_reviewer_compares_a_90_percent_match_in_every_mode_and_decides_it_for_both_entries(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, world: World, forgery: tuple[RenderedDocument, ...]
) -> None:
    forged, genuine = forgery
    assert forged.tampering is not None
    edited = [box for page, box in forged.tampering.regions if page == 0]
    assert edited

    async def scenario() -> None:
        async with (
            unit_of_work(url_as(world, "reviewer1")) as uow,
            case_view_as(qtbot, world, "reviewer1", Group.REVIEWER) as (view, actions, _hub),
        ):
            tabs = tabs_of(view)
            view.show_case(await open_case(uow, world.screenings["A1"].entry_id))
            assert tabs.matches is not None
            await wait_until(lambda: tabs.matches.rows, what="A1's matches")
            top = tabs.matches.rows[0]
            assert (top.percentage, top.band) == (90, MatchBand.DUPLICATE)
            assert cells(tabs, 0)[:5] == ["90 %", BAND_LABELS[MatchBand.DUPLICATE], "E-A2", "Applicant A2", "Alder Two"]
            assert [row.percentage for row in tabs.matches.rows] == [90, 80]

            # compare from the match: A1's paystub (as issued) beside A2's (forged)
            tabs.matches.table.selectRow(0)
            trigger(actions, "compare.with_match")
            await wait_until(lambda: tabs.compare.comparing, what="the comparison")
            assert tabs.showing() is tabs.compare
            compare = tabs.compare.view
            assert "E-A1" in compare.title.text() and "E-A2" in compare.title.text()
            verdicts = {
                compare.fields.item(r, 0).text(): compare.fields.item(r, 3).text()
                for r in range(compare.fields.rowCount())
            }
            assert forged.tampering is not None
            for name in forged.tampering.meta_changes:
                assert verdicts[name] == FieldVerdict.DIFFERENT.value

            canvas = compare.canvas
            width, height = genuine.pages[0].size

            def region() -> np.ndarray:
                rows, columns = on_screen(canvas, edited[0], 0)
                return rgb_pixels(canvas.grab().toImage())[rows, columns]

            trigger(actions, "compare.difference")
            assert compare.mode is CompareMode.DIFFERENCE
            picture = rgb_pixels(canvas.grab().toImage())
            page_rows, page_columns = on_screen(canvas, (0, 0, width, height), -3)
            outside = np.zeros(picture.shape[:2], bool)
            outside[page_rows, page_columns] = True
            for box in edited:
                outside[on_screen(canvas, box, 3)] = False
                assert picture[on_screen(canvas, box, 0)].max() > 40  # the retyped figure shows
            assert outside.sum() > 0.5 * outside[page_rows, page_columns].size
            assert picture[outside].max() == 0  # black wherever the two pages are the same

            trigger(actions, "compare.onion")
            assert compare.mode is CompareMode.ONION
            compare.opacity.setValue(0)
            mine = region().astype(int)
            compare.opacity.setValue(100)
            theirs = region().astype(int)
            compare.opacity.setValue(50)
            half = region().astype(int)
            assert np.abs(mine - theirs).max() > 40
            assert np.abs(half - (mine + theirs) / 2).max() <= 3  # the other page laid over at half strength

            compare.blink_rate.setValue(100)
            trigger(actions, "compare.blink")
            assert compare.mode is CompareMode.BLINK
            seen: list[np.ndarray] = [region()]

            def flipped() -> bool:
                seen.append(region())
                return not np.array_equal(seen[0], seen[-1])

            await wait_until(flipped, what="the blink to show the other page")
            assert np.array_equal(seen[0], mine) and np.array_equal(seen[-1], theirs)  # each page whole, in place

            trigger(actions, "compare.detach")
            assert compare.detached and compare.window() is not view.window()
            trigger(actions, "compare.detach")
            assert not compare.detached and compare.window() is view.window()

            # the decision, with a note, from the keyboard; then the other entry shows it
            trigger(actions, "compare.matches")
            tabs.matches.table.selectRow(0)
            tabs.matches.note.setText("same payslip, figure retyped")
            trigger(actions, "case.match_duplicate")
            await wait_until(
                lambda: tabs.matches.rows and tabs.matches.rows[0].decision is MatchDecisionKind.DUPLICATE,
                what="the decision on A1",
            )
            view.show_case(await open_case(uow, world.screenings["A2"].entry_id))
            await wait_until(
                lambda: tabs.matches.rows and tabs.matches.rows[0].other_short_id == "E-A1", what="A2's matches"
            )
            label = DECISION_LABELS[MatchDecisionKind.DUPLICATE]
            assert cells(tabs, 0)[-1] == f"{label}: same payslip, figure retyped"

        with world.owner() as owner:
            stored = owner.execute(
                "SELECT d.decision, d.note, d.decided_by_id FROM match_decisions d"
                " JOIN matching_entries m ON m.id = d.matching_entry_id WHERE m.entry_id = %s",
                (world.screenings["A1"].entry_id,),
            ).fetchall()
        assert stored == [("duplicate", "same payslip, figure retyped", world.people["reviewer1"].user_id)]

    qt_loop.run_until_complete(scenario())


def test_the_evidence_panel_opens_each_aid_and_an_unreadable_document_says_why_it_cannot_be_compared(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, world: World
) -> None:
    a1 = world.screenings["A1"]

    async def scenario() -> None:
        async with (
            unit_of_work(url_as(world, "reviewer1")) as uow,
            case_view_as(qtbot, world, "reviewer1", Group.REVIEWER) as (view, actions, _hub),
        ):
            tabs = tabs_of(view)
            view.show_case(await open_case(uow, a1.entry_id))
            text = view.evidence.toPlainText()
            for words in (
                "Error levels",
                "Before and after the last revision",
                "Where else these pages were submitted",
            ):
                assert words in text

            view.evidence.anchorClicked.emit(QUrl("aid:ela"))
            assert tabs.showing() is tabs.aids
            await wait_until(lambda: tabs.aids.ela.result is not None, what="error-level analysis", timeout=30)
            ela = tabs.aids.ela.result
            assert tabs.aids.ela.toggle.isEnabled()
            assert tabs.aids.ela.summary.text() == ela_summary(ela.regions, ela.stands_out)
            view.evidence.anchorClicked.emit(QUrl("aid:revision"))
            await wait_until(lambda: tabs.aids.revision.status.text() == NOT_A_PDF, what="the PDF aid on a PNG")
            trigger(actions, "document.show")
            assert view.page_tabs.currentIndex() == 0

            view.evidence.anchorClicked.emit(QUrl("aid:reuse"))
            assert tabs.reuse is not None and tabs.showing() is tabs.reuse
            await wait_until(lambda: tabs.reuse.found.count() == 3, what="the reuse search")
            assert any("E-B1" in tabs.reuse.found.item(row).text() for row in range(3))  # staff: every company

            assert tabs.jobs is None and actions.get("case.jobs") is None  # a job's entry is in args: admins only

            assert tabs.matches is not None
            await wait_until(lambda: len(tabs.matches.rows) == 2, what="A1's matches")
            tabs.matches.table.selectRow(1)  # B1, whose file is truncated
            tabs.compare_match.click()
            await wait_until(
                lambda: tabs.compare.empty.title.text() == "These documents cannot be compared",
                what="the refusal to compare",
            )
            assert tabs.compare.empty.detail.text().startswith("E-B1 · paystub: ") and not tabs.compare.comparing

            # any two documents of the case: here A1's paystub with itself, chosen in the Compare tab
            trigger(actions, "compare.choose")
            assert tabs.showing() is tabs.compare
            assert [tabs.compare.right_choice.itemText(i) for i in range(2)] == ["E-A1 · paystub", "E-B1 · paystub"]
            tabs.compare.right_choice.setCurrentIndex(0)
            tabs.compare.compare_button.click()
            await wait_until(lambda: tabs.compare.comparing, what="the case's own documents compared")
            assert tabs.compare.view.title.text() == "<b>E-A1 · paystub</b> compared with <b>E-A1 · paystub</b>"

    qt_loop.run_until_complete(scenario())


def test_a_job_administrator_sees_the_jobs_of_the_open_entry_and_they_follow_the_hub(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, world: World
) -> None:
    a1 = world.screenings["A1"]
    with world.owner() as owner:
        owner.execute(
            "INSERT INTO oban_jobs (queue, worker, args) VALUES ('notifications', 'services.jobs.Notify', %s)",
            (json.dumps({"entry_id": str(a1.entry_id)}),),
        )
        owner.execute(
            "INSERT INTO oban_jobs (queue, worker, args) VALUES ('notifications', 'services.jobs.Other', %s)",
            (json.dumps({"entry_id": str(world.screenings["A2"].entry_id)}),),
        )

    async def scenario() -> None:
        async with (
            unit_of_work(url_as(world, "admin")) as uow,
            case_view_as(qtbot, world, "admin", Group.ADMIN) as (
                view,
                actions,
                hub,
            ),
        ):
            tabs = tabs_of(view)
            view.show_case(await open_case(uow, a1.entry_id))
            trigger(actions, "case.jobs")
            assert tabs.jobs is not None and tabs.showing() is tabs.jobs
            await wait_until(lambda: tabs.jobs.rows, what="the entry's jobs")
            assert [job.short_worker for job in tabs.jobs.rows] == ["Notify"]  # not A2's job
            assert [tabs.jobs.table.item(0, column).text() for column in (1, 2, 4)] == [
                "Notify",
                "available",
                "notifications",
            ]
            with world.owner() as owner:
                owner.execute("UPDATE oban_jobs SET state = 'completed' WHERE worker = 'services.jobs.Notify'")
            hub.publish(Changes.of(ChangeKind.JOB))  # as the listener does when a job's state changes
            await wait_until(lambda: tabs.jobs.rows and tabs.jobs.rows[0].state.value == "completed", what="the reload")
            assert tabs.jobs.table.item(0, 2).text() == "completed"

    qt_loop.run_until_complete(scenario())


def test_a_property_manager_learns_nothing_of_another_companys_documents_in_the_case_view(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, world: World
) -> None:
    async def scenario() -> None:
        async with (
            unit_of_work(url_as(world, "manager_a")) as uow,
            case_view_as(qtbot, world, "manager_a", Group.PROPERTY_MANAGER) as (view, actions, _hub),
        ):
            with pytest.raises(NoSuchEntry):
                await open_case(uow, world.screenings["B1"].entry_id, similarity=False)
            tabs = tabs_of(view)
            assert tabs.jobs is None and actions.get("case.jobs") is None
            assert actions.get("case.match_duplicate") is None
            view.show_case(await open_case(uow, world.screenings["A2"].entry_id, similarity=False))

            trigger(actions, "document.reuse")
            assert tabs.reuse is not None
            await wait_until(lambda: tabs.reuse.status.text() == NOTHING_SEEN, what="the reuse search")
            assert tabs.reuse.found.count() == 0  # three other entries carry the page; none is theirs

            assert tabs.matches is not None
            trigger(actions, "compare.matches")
            await wait_until(lambda: tabs.matches.stack.currentWidget() is tabs.matches.empty, what="A2's matches")
            # A2 matches A1 at 90 %, but A1 is not theirs: not even that a match exists is shown
            assert tabs.matches.rows == () and tabs.matches.table.rowCount() == 0
            assert tabs.matches.empty.detail.text() == NO_MATCHES and tabs.matches.empty.isVisible()
            assert not tabs.matches.same.isVisibleTo(view) and not tabs.matches.note.isVisibleTo(view)
            trigger(actions, "compare.with_match")
            assert not tabs.compare.comparing and not tabs.compare.loading

    qt_loop.run_until_complete(scenario())
