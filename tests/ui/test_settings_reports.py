"""The reports page driven like a person would, as a staff admin and as a company admin, against the real database.

Each scenario signs in as the person's own login (a SQLAlchemy engine and
a change listener as them), requests a report through the form, lets a
real worker node run it, and waits for the page to show it ready: the
status arrives by the table's NOTIFY through the listener and the hub,
never by polling. The screen and the database are both checked. A
reviewer's desk has no reports page and no action for it (their database
refusals are in ``tests/integration/reports/test_report_access.py``).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg_pool import AsyncConnectionPool
from PySide6.QtCore import QDate
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from app.engine import build_engine, build_unit_of_work
from services.change_listener import ChangeListener
from services.jobs import REPORTS_QUEUE, run_worker_node
from services.reports import ReportService
from services.reports.rows import ChartPoint, ReportFormat, ReportType
from tests.integration.reports.report_world import MARCH_1, MARCH_10, ReportWorld, report_world_in
from tests.security_roles import PASSWORD, Person
from tests.ui.conftest import wait_until
from tests.ui.desks import make_desk
from ui.change_hub import ChangeHub
from ui.main_window import MainWindow
from ui.settings_reports import ReportsPage

SHOTS = Path(__file__).parent / "screenshots"


@pytest.fixture(scope="module")
def report_world(migrated_libpq_url: str) -> Iterator[ReportWorld]:
    with report_world_in(migrated_libpq_url) as world:
        yield world


def url_of(migrated_url: str, login: str) -> str:
    return make_url(migrated_url).set(username=login, password=PASSWORD).render_as_string(hide_password=False)


@asynccontextmanager
async def reports_page(
    qtbot: QtBot, migrated_url: str, world: ReportWorld, person: Person
) -> AsyncIterator[ReportsPage]:
    """The page as ``person``: their engine, their change listener feeding one hub."""
    engine = build_engine(url_of(migrated_url, person.login), pool_size=1)
    hub = ChangeHub()
    listener = ChangeListener(world.logins.url(person.login), hub.publish)
    assert await listener.start()
    page = ReportsPage(ReportService(build_unit_of_work(engine)), hub, save_dialog=lambda _parent, name: None)
    qtbot.addWidget(page)
    page.resize(760, 640)
    page.show()
    try:
        await wait_until(lambda: not page.loading, what="the first list")
        yield page
    finally:
        await listener.stop()
        await engine.dispose()


@asynccontextmanager
async def worker_node(world: ReportWorld) -> AsyncIterator[None]:
    async with AsyncExitStack() as stack:
        pool: AsyncConnectionPool[Any] = AsyncConnectionPool(
            world.logins.url(world.worker), min_size=1, max_size=2, open=False
        )
        await pool.open(wait=True, timeout=10)
        stack.push_async_callback(pool.close)
        await stack.enter_async_context(run_worker_node(pool, queues={REPORTS_QUEUE: 1}, leadership=False))
        yield


def fill_form(page: ReportsPage, report_type: ReportType, references: str = "") -> None:
    page.type_box.setCurrentIndex(page.type_box.findData(report_type.value))
    page.from_edit.setDate(QDate(MARCH_1.year, MARCH_1.month, MARCH_1.day))
    page.to_edit.setDate(QDate(MARCH_10.year, MARCH_10.month, MARCH_10.day))
    page.references_edit.setText(references)


def cell(page: ReportsPage, row: int, column: int) -> str:
    item = page.table.item(row, column)
    return item.text() if item is not None else ""


def reports_of(migrated_libpq_url: str, person: Person) -> list[tuple[str, str]]:
    with psycopg.connect(migrated_libpq_url) as owner:
        return [
            (row[0], row[1])
            for row in owner.execute(
                "SELECT type, status FROM analytics_reports WHERE user_id = %s ORDER BY inserted_at", (person.user_id,)
            )
        ]


async def request_and_finish(page: ReportsPage, world: ReportWorld, report_type: ReportType) -> None:
    before = page.table.rowCount()
    fill_form(page, report_type)
    page.request_button.click()
    await wait_until(lambda: page.table.rowCount() == before + 1, what="the new report in the list")
    assert cell(page, 0, 0) == report_type.label
    assert cell(page, 0, 3) in {"Waiting for a worker", "Running…"}
    async with worker_node(world):
        await wait_until(lambda: cell(page, 0, 3) == "Ready", timeout=60, what="the report to be ready")
    page.table.selectRow(0)


def test_a_staff_admin_requests_a_report_watches_it_finish_and_saves_its_files(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, report_world: ReportWorld, migrated_url: str,
    migrated_libpq_url: str, tmp_path: Path,
) -> None:  # fmt: skip
    async def scenario() -> None:
        async with reports_page(qtbot, migrated_url, report_world, report_world.admin) as page:
            # Bad input: a clear message, nothing written, the form keeps what was typed.
            fill_form(page, ReportType.COMPANY_SUMMARY, "not-an-id")
            page.request_button.click()
            assert "“not-an-id” is not an id" in page.message.text()
            assert page.references_edit.text() == "not-an-id"
            assert reports_of(migrated_libpq_url, report_world.admin) == []

            await request_and_finish(page, report_world, ReportType.COMPANY_SUMMARY)
            assert reports_of(migrated_libpq_url, report_world.admin) == [("company_summary", "completed")]
            assert page.chart.chart is not None
            assert page.chart.chart.points == (ChartPoint("Alder Homes", 3.0), ChartPoint("Birch Living", 1.0))
            assert all(button.isEnabled() for button in page.save_buttons.values())

            saved = tmp_path / "summary.csv"
            page._save_dialog = lambda _parent, name: str(saved)
            page.save_file(ReportFormat.CSV)
            await wait_until(saved.exists, what="the saved CSV")
            assert saved.read_text(encoding="utf-8").splitlines()[1].startswith("Alder Homes,3,2,1,1,1,50.0")
            await screenshots(page, "reports_admin")

    qt_loop.run_until_complete(scenario())


def test_a_company_admin_sees_and_gets_only_their_companys_reports(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, report_world: ReportWorld, migrated_url: str,
    migrated_libpq_url: str,
) -> None:  # fmt: skip
    with psycopg.connect(migrated_libpq_url, autocommit=True) as owner:  # a staff admin's report they must not see
        owner.execute(
            "INSERT INTO analytics_reports (type, all_references, user_id) VALUES ('company_summary', true, %s)",
            (report_world.admin.user_id,),
        )

    async def scenario() -> None:
        async with reports_page(qtbot, migrated_url, report_world, report_world.company_admin_a) as page:
            assert page.table.rowCount() == 0
            await request_and_finish(page, report_world, ReportType.COMPANY_SUMMARY)
            assert page.table.rowCount() == 1
            assert page.chart.chart is not None
            assert page.chart.chart.points == (ChartPoint("Alder Homes", 3.0),)
            await screenshots(page, "reports_company_admin")
        assert reports_of(migrated_libpq_url, report_world.company_admin_a) == [("company_summary", "completed")]

    qt_loop.run_until_complete(scenario())


def test_a_reviewer_has_no_reports_page_and_no_action_for_it(qtbot: QtBot, tmp_path: Path) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_desk(make_desk("reviewer", tmp_path))
    assert not window.findChildren(ReportsPage)
    assert "reports.request" not in {action.objectName() for action in window.findChildren(QAction)}


async def screenshots(page: ReportsPage, name: str) -> None:
    """Light and dark PNGs of the page, for a person to look at (tests/ui/screenshots, not committed)."""
    from PySide6.QtWidgets import QApplication

    from ui.theme import DARK, LIGHT, build_palette, style_sheet

    application = QApplication.instance()
    assert isinstance(application, QApplication)
    original = application.palette(), application.styleSheet()
    SHOTS.mkdir(exist_ok=True)
    try:
        for colours in (LIGHT, DARK):
            application.setPalette(build_palette(colours))
            application.setStyleSheet(style_sheet(colours))
            await asyncio.sleep(0.2)  # the loop delivers the palette change and repaints
            page.grab().save(str(SHOTS / f"{name}_{colours.name.value}.png"))
    finally:
        application.setPalette(original[0])
        application.setStyleSheet(original[1])
