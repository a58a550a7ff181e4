"""``ruling-desk self-test``: start the whole workstation headless, load the queue, and stop.

This is what CI and a packaged build run to prove that the real thing
works end to end on a machine: the Qt platform plugin loads, the embedded
server starts (or the URL answers), migrations and the first-run seed
apply, and the reviewer queue shows a first page. It prints how long that
took (from the moment the command began, once Python was up and the
command line parsed, to the first page in the table), optionally saves a
PNG of every window it opened, closes everything, stops the server it
started, and exits 0 only if all of that worked.
"""

from __future__ import annotations

import time

_STARTED = time.monotonic()
"""The clock starts before Qt, SQLAlchemy and the UI are imported: their import time counts."""

import asyncio  # noqa: E402 - after the clock starts, on purpose
import os  # noqa: E402
import sys  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Final  # noqa: E402

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from app.connection import Connection  # noqa: E402
from app.errors import first_line  # noqa: E402
from app.gui import StartupError, close_workstation, open_workstation  # noqa: E402
from app.qt_garbage import garbage_collected_on_qt_thread  # noqa: E402
from app.qt_loop import qt_application, qt_event_loop  # noqa: E402
from app.settings import Settings  # noqa: E402
from app.sign_in_flow import sign_in_demo_account  # noqa: E402
from services.sign_in_outcome import SignedIn  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402

_OFFSCREEN_NOISE: Final = "This plugin does not support propagateSizeHints()"
"""Printed by Qt's offscreen platform for every window; harmless, and it would bury the result line."""

FIRST_PAGE_TIMEOUT: Final = 120.0
"""Seconds to wait for the first page; a first run initialises and seeds the embedded server."""


class SelfTestFailure(Exception):
    """Why the self-test did not pass, as one line."""


@dataclass(frozen=True)
class _Result:
    seconds: float
    rows: int
    screenshots: tuple[Path, ...]


def run_self_test(settings: Settings, *, screenshots: str | None = None) -> int:
    # Headless by construction: set before the QApplication exists, which is
    # the only moment Qt reads it.
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    previous_handler = qInstallMessageHandler(_quiet_offscreen_noise)
    application = qt_application()
    loop = qt_event_loop(application)
    try:
        with garbage_collected_on_qt_thread():
            result = loop.run_until_complete(_exercise(settings, Path(screenshots) if screenshots else None))
    except SelfTestFailure as failure:
        print(f"self-test failed: {failure}")
        return 1
    except Exception as failure:  # the promise is one line, whatever broke
        print(f"self-test failed: {type(failure).__name__}: {first_line(failure)}")
        return 1
    finally:
        loop.close()
        qInstallMessageHandler(previous_handler)
    print(f"self-test: first queue page after {result.seconds:.2f} s with {result.rows} rows")
    for path in result.screenshots:
        print(f"self-test: saved {path}")
    return 0


async def _exercise(settings: Settings, screenshots_dir: Path | None) -> _Result:
    window = MainWindow()
    window.show()
    try:
        # Embedded: sign in as the demo admin, as a person would with one click.
        # A central server has no demo accounts: the configured URL's role is used.
        workstation = await open_workstation(
            settings, window, sign_in=_sign_in_demo_admin if settings.embedded else None
        )
    except StartupError as failure:
        window.close()
        raise SelfTestFailure(str(failure)) from failure
    if workstation is None:
        raise SelfTestFailure("nobody signed in")
    try:
        rows = await _first_page(window)
        seconds = time.monotonic() - _STARTED
        if rows == 0:
            raise SelfTestFailure("the first queue page is empty (was the demo data seeded?)")
        await asyncio.sleep(0.05)  # let the status bar and table lay out before the picture
        saved = _save_screenshots(screenshots_dir) if screenshots_dir is not None else ()
        return _Result(seconds=seconds, rows=rows, screenshots=saved)
    finally:
        window.close()
        await close_workstation(workstation)


async def _sign_in_demo_admin(settings: Settings, connection: Connection, window: QWidget) -> SignedIn:
    return await sign_in_demo_account(settings, connection)


async def _first_page(window: MainWindow) -> int:
    """Rows of the first page, once it arrived; a load failure or a timeout is a failure."""
    model = window.queue_view.model
    if model is None:
        raise SelfTestFailure("the window did not open the queue")
    deadline = time.monotonic() + FIRST_PAGE_TIMEOUT
    while model.loading or (model.rowCount() == 0 and not model.exhausted and model.error is None):
        if time.monotonic() > deadline:
            raise SelfTestFailure(f"no queue page within {FIRST_PAGE_TIMEOUT:.0f} s")
        await asyncio.sleep(0.01)
    if model.error is not None:
        raise SelfTestFailure(model.error)
    return model.rowCount()


def _save_screenshots(directory: Path) -> tuple[Path, ...]:
    """A PNG of every visible top-level window, named after its class."""
    directory.mkdir(parents=True, exist_ok=True)
    saved = []
    for widget in QApplication.topLevelWidgets():
        if not widget.isVisible():
            continue
        path = directory / f"{_file_name(type(widget).__name__)}.png"
        if not widget.grab().save(str(path)):
            raise SelfTestFailure(f"could not save a screenshot to {path}")
        saved.append(path)
    return tuple(saved)


def _quiet_offscreen_noise(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if message != _OFFSCREEN_NOISE:
        print(message, file=sys.stderr)


def _file_name(class_name: str) -> str:
    """``MainWindow`` → ``main-window``."""
    return "".join(f"-{char.lower()}" if char.isupper() else char for char in class_name).lstrip("-")
