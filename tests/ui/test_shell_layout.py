"""A person's window comes back as they left it, fitted onto the screens that exist now, at any scale."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from app.engine import build_engine, build_unit_of_work
from services.permissions import Area
from services.queue import ReviewerQueue
from tests.factories import insert_screening
from tests.ui.conftest import wait_until
from tests.ui.desks import make_desk, make_person
from tests.ui.test_main_window import WindowDatabase, window_db  # noqa: F401 - the fixture
from ui.main_window import MainWindow
from ui.queue_model import QueueColumn
from ui.window_layout import fit_to_screens

ROOT = Path(__file__).resolve().parents[2]
LAPTOP = QRect(0, 0, 1440, 860)
MONITOR = QRect(1440, -200, 2560, 1400)


def test_a_window_on_an_unplugged_monitor_moves_to_the_primary_screen() -> None:
    assert fit_to_screens(QRect(2000, 100, 1200, 700), [LAPTOP]) == QRect(240, 100, 1200, 700)
    assert fit_to_screens(QRect(5000, 3000, 800, 600), [LAPTOP]) == QRect(640, 260, 800, 600)


def test_a_window_stays_on_the_screen_it_overlaps_most_and_never_exceeds_it() -> None:
    assert fit_to_screens(QRect(2000, 100, 1200, 700), [LAPTOP, MONITOR]) == QRect(2000, 100, 1200, 700)
    assert fit_to_screens(QRect(-50, -20, 3000, 2000), [LAPTOP, MONITOR]) == MONITOR
    assert fit_to_screens(QRect(-50, -20, 3000, 2000), [LAPTOP]) == LAPTOP
    assert fit_to_screens(QRect(1300, 0, 400, 300), [LAPTOP, MONITOR]) == QRect(1440, 0, 400, 300)


def person_window(
    qtbot: QtBot, preferences: QSettings, desk_person: str, user_id: uuid.UUID, tmp_path: Path
) -> MainWindow:
    window = MainWindow(page_size=50, preferences=preferences)
    qtbot.addWidget(window)
    window.open_desk(make_desk(desk_person, tmp_path, person=make_person(desk_person, user_id=user_id)))
    window.show()
    return window


def test_geometry_panels_and_columns_come_back_per_person(
    qtbot: QtBot,
    qt_loop: asyncio.AbstractEventLoop,
    window_db: WindowDatabase,  # noqa: F811 - the imported fixture
    tmp_path: Path,
) -> None:
    with psycopg.connect(window_db.libpq_url, autocommit=True) as conn:
        insert_screening(conn, short_id="E-0000001", applicant="Ada Lovelace")
    preferences = QSettings(str(tmp_path / "workstation.ini"), QSettings.Format.IniFormat)
    riley, avery = uuid.uuid4(), uuid.uuid4()

    async def open_queue(window: MainWindow, engine: object) -> None:
        window.open_queue(ReviewerQueue(build_unit_of_work(engine)), connection="test")  # type: ignore[arg-type]
        model = window.queue_view.model
        assert model is not None
        await wait_until(lambda: model.rowCount() == 1 and not model.loading, what="the queue")
        await asyncio.sleep(0.05)  # the deferred placement

    async def scenario() -> None:
        engine = build_engine(window_db.url)
        try:
            first = person_window(qtbot, preferences, "reviewer", riley, tmp_path)
            await open_queue(first, engine)
            header = first.queue_view.table.horizontalHeader()
            header.resizeSection(QueueColumn.SUBMITTED, 231)
            header.setSortIndicator(QueueColumn.REVIEW_STATUS, Qt.SortOrder.DescendingOrder)
            first.panels[Area.CASE].close()
            first.setGeometry(30, 40, 700, 500)
            first.close()

            again = person_window(qtbot, preferences, "reviewer", riley, tmp_path)
            await open_queue(again, engine)
            header = again.queue_view.table.horizontalHeader()
            assert header.sectionSize(QueueColumn.SUBMITTED) == 231
            assert header.sortIndicatorSection() == QueueColumn.REVIEW_STATUS
            assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
            assert not again.panels[Area.CASE].isVisible()
            assert again.geometry() == QRect(30, 40, 700, 500)
            again.close()

            other = person_window(qtbot, preferences, "admin", avery, tmp_path)
            await open_queue(other, engine)
            assert other.queue_view.table.horizontalHeader().sectionSize(QueueColumn.SUBMITTED) != 231
            assert other.panels[Area.CASE].isVisible()
            assert other.geometry() != QRect(30, 40, 700, 500)
            other.close()
        finally:
            await engine.dispose()

    qt_loop.run_until_complete(scenario())


def test_a_saved_place_off_every_screen_is_pulled_back(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    preferences = QSettings(str(tmp_path / "workstation.ini"), QSettings.Format.IniFormat)
    user_id = uuid.uuid4()
    available = QGuiApplication.primaryScreen().availableGeometry()

    async def scenario() -> None:
        window = person_window(qtbot, preferences, "qa", user_id, tmp_path)
        window.setGeometry(available.right() + 900, 100, 600, 400)  # where a second monitor used to be
        window.close()
        back = person_window(qtbot, preferences, "qa", user_id, tmp_path)
        await asyncio.sleep(0.05)
        assert available.contains(back.frameGeometry()), (back.frameGeometry(), available)
        assert back.size().width() == 600
        back.close()

    qt_loop.run_until_complete(scenario())


SCALED_WINDOW = """
import asyncio, json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from app.qt_loop import qt_event_loop
from tests.ui.desks import make_desk
from ui.main_window import MainWindow
from ui.theme import Theme, ThemeChoice

application = QApplication([])
Theme(application, ThemeChoice.DARK)
loop = qt_event_loop(application)

async def main():
    window = MainWindow()
    window.open_desk(make_desk("admin", Path(sys.argv[1])))
    window.show()
    await asyncio.sleep(0.3)
    screen = window.screen()
    frame, available = window.frameGeometry(), screen.availableGeometry()
    print(json.dumps({
        "ratio": screen.devicePixelRatio(),
        "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
        "available": [available.x(), available.y(), available.width(), available.height()],
    }))
    window.close()

loop.run_until_complete(main())
"""


@pytest.mark.parametrize("screen", ["default", "laptop"])
def test_at_twice_the_scale_the_window_still_fits_the_screen(tmp_path: Path, screen: str) -> None:
    platform = "offscreen"
    if screen == "laptop":  # 1366x768 physical: at 2x, 683x384 logical, smaller than the first window wants
        config = tmp_path / "screen.json"
        config.write_text(json.dumps({"screens": [{"name": "Laptop", "width": 1366, "height": 768, "dpr": 1}]}))
        platform = f"offscreen:configfile={config}"
    env = {**os.environ, "QT_SCALE_FACTOR": "2", "QT_QPA_PLATFORM": platform}
    result = subprocess.run(
        [sys.executable, "-c", SCALED_WINDOW, str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout.strip().splitlines()[-1])
    assert facts["ratio"] == 2
    x, y, width, height = facts["frame"]
    left, top, available_width, available_height = facts["available"]
    assert left <= x and top <= y, facts
    assert x + width <= left + available_width and y + height <= top + available_height, facts
