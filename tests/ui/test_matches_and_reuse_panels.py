"""The matches and reuse panels as real people over the real database (tests.security_roles' world).

A1 (reviewer1) matches A2 (reviewer2) at 90 % and B1 at 80 %; the manager
of company A sees only A2. Every proof carries the same page fingerprint.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from services.forensics.fingerprints import PageFingerprint
from services.forensics.reuse import BoundReuse
from services.matches import BoundMatches, MatchDecisionKind
from tests.fingerprinted_world import fingerprint_every_proof, url_as
from tests.security_roles import World, security_world
from tests.ui.conftest import wait_until
from tests.units_of_work import unit_of_work
from ui.change_hub import ChangeHub
from ui.forensic_reuse import NOT_FINGERPRINTED, NOTHING_SEEN, ReusePanel
from ui.matches_panel import BAND_LABELS, DECISION_LABELS, MatchesPanel

SAME_PAGE = PageFingerprint(int("1101" * 64, 2))


@pytest.fixture(scope="module")
def world(migrated_libpq_url: str) -> Iterator[World]:
    with security_world(migrated_libpq_url) as built:
        fingerprint_every_proof(built, SAME_PAGE)
        yield built


def _cells(panel: MatchesPanel, row: int) -> list[str]:
    return [panel.table.item(row, column).text() for column in range(panel.table.columnCount())]


def test_a_duplicate_decision_on_one_entry_shows_on_the_other(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, world: World
) -> None:
    async def scenario() -> None:
        async with unit_of_work(url_as(world, "reviewer2")) as uow:
            hub = ChangeHub()
            a2, a1 = MatchesPanel(BoundMatches(uow), hub), MatchesPanel(BoundMatches(uow), hub)
            for panel in (a1, a2):
                qtbot.addWidget(panel)
            a2.show_entry(world.screenings["A2"].entry_id)
            a1.show_entry(world.screenings["A1"].entry_id)
            await wait_until(lambda: a2.rows and a1.rows, what="both panels loaded")
            assert _cells(a2, 0)[:4] == ["90 %", BAND_LABELS[a2.rows[0].band], "E-A1", "Applicant A1"]
            assert [row.percentage for row in a1.rows] == [90, 80]  # highest first

            a2.table.selectRow(0)
            a2.note.setText("same SSN and employer")
            a2.same.click()
            await wait_until(lambda: a1.rows[0].decision is MatchDecisionKind.DUPLICATE, what="A1 hears of it")
            assert _cells(a1, 0)[-1] == f"{DECISION_LABELS[MatchDecisionKind.DUPLICATE]}: same SSN and employer"
            assert _cells(a1, 1)[-1] == "-"
            assert a2.message.text().startswith("Recorded")

        with world.owner() as owner:
            stored = owner.execute("SELECT decision, note FROM match_decisions").fetchall()
        assert stored == [("duplicate", "same SSN and employer")]

    qt_loop.run_until_complete(scenario())


def test_a_reviewer_of_neither_entry_is_told_why_nothing_was_stored(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, world: World
) -> None:
    async def scenario() -> None:
        async with unit_of_work(url_as(world, "reviewer2")) as uow:
            panel = MatchesPanel(BoundMatches(uow), ChangeHub())
            qtbot.addWidget(panel)
            panel.show_entry(world.screenings["B1"].entry_id)
            await wait_until(lambda: panel.rows, what="B1's match")
            panel.table.selectRow(0)
            panel.different.click()
            await wait_until(lambda: "Only the reviewer" in panel.message.text(), what="the refusal")
            assert panel.rows[0].decision is None

    qt_loop.run_until_complete(scenario())


def test_a_property_manager_sees_nothing_of_another_companys_documents(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, world: World
) -> None:
    async def scenario() -> None:
        async with unit_of_work(url_as(world, "manager_a")) as uow:
            panel = ReusePanel(BoundReuse(uow))
            qtbot.addWidget(panel)
            panel.show_proof(world.screenings["A2"].proof_id)
            await wait_until(lambda: not panel.searching, what="the search")
            assert panel.found.count() == 0 and panel.status.text() == NOTHING_SEEN  # 3 others exist, none theirs
            panel.show_proof(world.screenings["B1"].proof_id)
            await wait_until(lambda: not panel.searching, what="the search")
            assert panel.found.count() == 0 and panel.status.text() == NOT_FINGERPRINTED  # not even that it exists

            matches = MatchesPanel(BoundMatches(uow), ChangeHub())
            qtbot.addWidget(matches)
            matches.show_entry(world.screenings["A2"].entry_id)
            await wait_until(lambda: not matches.loading, what="A2's matches")
            shown = [text for row in range(matches.table.rowCount()) for text in _cells(matches, row)]
            assert not any("A1" in text for text in shown)  # A1 is not theirs: nothing of it is shown
            assert all(row.applicant_name is None for row in matches.rows if not row.visible)

        async with unit_of_work(url_as(world, "qa")) as uow:
            panel = ReusePanel(BoundReuse(uow))
            qtbot.addWidget(panel)
            panel.show_proof(world.screenings["A2"].proof_id)
            await wait_until(lambda: not panel.searching, what="the search")
            texts = [panel.found.item(row).text() for row in range(panel.found.count())]
            assert len(texts) == 3 and any("E-B1" in text for text in texts)  # staff see across companies

    qt_loop.run_until_complete(scenario())
