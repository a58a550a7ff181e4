"""UI test plumbing: the app's qasync loop on pytest-qt's ``qapp``, and async waiting.

A UI scenario is a coroutine run with ``qt_loop.run_until_complete(...)``:
the widgets' async slots and the service calls run on that same loop, just
as in the app. Inside a scenario, wait with :func:`wait_until`, which
yields to the loop between checks; ``qtbot.waitUntil`` would spin a nested
Qt loop from inside a running asyncio task and starve the tasks the
widgets are waiting on.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtWidgets import QApplication

from app.qt_garbage import garbage_collected_on_qt_thread
from app.qt_loop import qt_event_loop
from tests.conftest import TestServer
from tests.reviewer_desk import Desk, StaffLogins, desk_database, staff_logins


@pytest.fixture(scope="module")
def staff(pg_server: TestServer) -> Iterator[StaffLogins]:
    """Review staff who can sign in (their login roles are cluster-wide), made once per test module."""
    with staff_logins(pg_server) as logins:
        yield logins


@pytest.fixture
def desk(pg_server: TestServer, migrated_template: str, staff: StaffLogins) -> Iterator[Desk]:
    """A database of this test's own: claim-next sees exactly the pool the test inserts."""
    with desk_database(pg_server, migrated_template, staff) as database:
        yield database


@pytest.fixture
def qt_loop(qapp: QApplication) -> Iterator[asyncio.AbstractEventLoop]:
    """A fresh qasync loop on the test ``QApplication``, closed after the test."""
    qapp.setQuitOnLastWindowClosed(False)  # closing a window must not stop the loop mid-scenario
    loop = qt_event_loop(qapp)
    try:
        with garbage_collected_on_qt_thread():  # as in the app: no widget is ever freed off the Qt thread
            yield loop
    finally:
        loop.close()
        asyncio.set_event_loop(None)


async def wait_until(predicate: Callable[[], object], *, timeout: float = 10.0, what: str = "condition") -> None:
    """Poll ``predicate`` while the loop keeps running; fail the test after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")
        await asyncio.sleep(0.01)
