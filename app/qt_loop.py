"""The one Qt application and the asyncio loop that runs inside Qt's event loop.

Service calls are coroutines; Qt has its own event loop. qasync makes them
one: asyncio callbacks run as Qt events, so a slot can ``await`` a query
and then touch widgets on the same thread.

The loop is always qasync's *selector* loop. On Windows qasync would
otherwise pick the proactor loop, which psycopg's async mode refuses; on
other platforms the selector loop is qasync's default anyway.
"""

from __future__ import annotations

import asyncio
import sys

import qasync
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from app.display_check import display_problem
from app.errors import CommandError
from app.settings import APP_NAME


def qt_application() -> QApplication:
    """The process's ``QApplication``, created on first use.

    Raises :class:`CommandError` (one line, exit status 1) where no window
    can be opened, checked before Qt would abort the process.

    The application never quits on its own when the last window closes:
    the composition root decides when to stop, after it has disposed the
    engine and stopped the embedded server.
    """
    existing = QCoreApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    if problem := display_problem():
        raise CommandError(problem)  # instead of Qt aborting the process
    application = QApplication(sys.argv[:1])
    application.setApplicationName(APP_NAME)
    application.setApplicationDisplayName("Ruling Desk")
    application.setOrganizationName(APP_NAME)
    application.setQuitOnLastWindowClosed(False)
    return application


def qt_event_loop(application: QApplication) -> asyncio.AbstractEventLoop:
    """A new asyncio loop driven by Qt's, installed as the current loop."""
    loop = qasync.QSelectorEventLoop(application)
    asyncio.set_event_loop(loop)
    return loop
