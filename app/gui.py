"""``ruling-desk gui``: open the workstation window on the configured or embedded database.

The order of things, and why:

1. The window appears first, saying what is starting, so a first run that
   initialises and seeds the embedded server is never a silent wait.
2. Starting the server and migrating/seeding are blocking calls (``pg_ctl``,
   Alembic, the seed); they run in a worker thread so the window keeps
   painting.
3. The person signs in (:mod:`app.sign_in_flow`); cancelling the dialog
   closes the app. From here on every query runs as that person's own
   database role, under row-level security: the owner's URL is used only
   to start, migrate and seed the embedded server.
4. One engine is built from the person's URL, wrapped in a unit of work
   and a :class:`~services.queue.ReviewerQueue`, and handed to the window
   with the window's :class:`~ui.change_hub.ChangeHub`. A
   :class:`~services.change_listener.ChangeListener` on the same person's
   URL feeds the hub with what other workstations change.
5. When the window closes, the listener stops, the engine is disposed and
   the embedded server is stopped if (and only if) this process started it.

A failure to start is one line, in a message box and on stderr, and exit
status 1; never a traceback.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QMessageBox, QWidget
from sqlalchemy.ext.asyncio import AsyncEngine

from app.connection import Connection, open_connection
from app.demo_setup import prepare_database
from app.engine import build_engine, build_unit_of_work
from app.errors import first_line
from app.invitation_flow import invitation_dialog
from app.qt_garbage import garbage_collected_on_qt_thread
from app.qt_loop import qt_application, qt_event_loop
from app.settings import Settings
from app.sign_in_flow import run_sign_in
from app.sign_in_log import log_sign_out
from app.terminal_signals import close_windows_on_terminal_signals
from services.change_listener import ChangeListener
from services.database_urls import libpq_url, redacted
from services.queue import ReviewerQueue
from services.sign_in_outcome import SignedIn
from ui.change_hub import ChangeHub
from ui.main_window import MainWindow

SignInStep = Callable[[Settings, Connection, QWidget], Awaitable[SignedIn | None]]
"""Who works in this window: the dialog for people, a demo account for the self-test."""

INVITING_ROLES = frozenset({"admin"})
"""users.role values that may invite (staff admins anywhere, company admins in their company)."""


class StartupError(Exception):
    """The workstation could not get to a usable database; the message is one line for the user."""


@dataclass(frozen=True)
class Workstation:
    """What a running window depends on, to be released when it closes."""

    connection: Connection
    engine: AsyncEngine
    listener: ChangeListener | None


def run_gui(settings: Settings) -> int:
    application = qt_application()
    loop = qt_event_loop(application)
    window = MainWindow()
    try:
        with close_windows_on_terminal_signals(application), garbage_collected_on_qt_thread():
            failure = loop.run_until_complete(_run_window(settings, window))
    finally:
        loop.close()
    if failure is not None:
        print(f"ruling-desk: {failure}", file=sys.stderr)
        reason = str(failure)
        QMessageBox.critical(window, "Ruling Desk cannot start", reason[:1].upper() + reason[1:])
        window.close()
        return 1
    return 0


async def _run_window(settings: Settings, window: MainWindow) -> StartupError | None:
    closed = asyncio.Event()
    window.closed.connect(closed.set)
    window.show()
    window.raise_()
    window.activateWindow()
    try:
        workstation = await open_workstation(settings, window)
    except StartupError as failure:
        return failure
    if workstation is None:  # the person cancelled signing in
        window.close()
        return None
    try:
        await closed.wait()
    finally:
        await close_workstation(workstation)
    return None


async def open_workstation(
    settings: Settings, window: MainWindow, *, sign_in: SignInStep | None = run_sign_in
) -> Workstation | None:
    """Start or reach the database, prepare it, sign someone in, and give ``window`` their queue.

    Returns ``None`` when the person cancelled the sign-in. ``sign_in=None``
    works as the configured URL's role (the self-test on a central server).
    """
    loop = asyncio.get_running_loop()
    window.show_startup(
        f"Starting the embedded database in {settings.data_dir}…" if settings.embedded else "Connecting…"
    )
    try:
        connection = await loop.run_in_executor(None, open_connection, settings)
    except Exception as failure:
        raise StartupError(f"cannot start the database: {first_line(failure)}") from failure
    try:
        signed_in = await _prepare_and_sign_in(settings, connection, window, sign_in)
    except BaseException as stopped:
        await loop.run_in_executor(None, connection.close)
        if isinstance(stopped, _NobodyToServe):
            return None
        raise
    url = signed_in.url if signed_in is not None else connection.url
    engine = build_engine(url)
    listener = None
    if window.isVisible():  # closed while starting: nothing left to load for
        uow = build_unit_of_work(engine)
        status = describe_connection(settings, connection)
        if signed_in is not None:
            status += f" — signed in as {signed_in.person.display_name}"
            if signed_in.person.role in INVITING_ROLES:
                window.offer_invitations(lambda: invitation_dialog(uow, window).open())
        hub = ChangeHub(window)
        listener = ChangeListener(libpq_url(url), hub.publish)
        # Listening before the first page is read: a change in between is heard, not lost.
        await listener.start()
        window.open_queue(ReviewerQueue(uow), connection=status, hub=hub)
    return Workstation(connection=connection, engine=engine, listener=listener)


class _NobodyToServe(Exception):
    """Nobody will work in this window: the sign-in was cancelled, or the window closed while starting."""


async def _prepare_and_sign_in(
    settings: Settings, connection: Connection, window: MainWindow, sign_in: SignInStep | None
) -> SignedIn | None:
    """Migrate/seed, then sign in: who works here, or ``None`` to work as the URL's own role."""
    try:
        window.show_startup("Preparing the database (migrations, demo data on first run)…")
        await asyncio.get_running_loop().run_in_executor(None, prepare_database, connection, settings)
    except Exception as failure:
        raise StartupError(f"cannot prepare the database: {first_line(failure)}") from failure
    if not window.isVisible():  # closed (or told to stop by the terminal) while preparing
        raise _NobodyToServe
    if sign_in is None:
        return None
    window.show_startup("Signing in…")
    try:
        signed_in = await sign_in(settings, connection, window)
    except Exception as failure:
        raise StartupError(f"cannot sign in: {first_line(failure)}") from failure
    if signed_in is None:
        raise _NobodyToServe
    return signed_in


async def close_workstation(workstation: Workstation) -> None:
    """Stop listening, return the pool's connections, then stop the embedded server if we started it."""
    if workstation.listener is not None:
        await workstation.listener.stop()
    await workstation.engine.dispose()
    log_sign_out(workstation.engine.url.username)
    await asyncio.get_running_loop().run_in_executor(None, workstation.connection.close)


def describe_connection(settings: Settings, connection: Connection) -> str:
    """For the status bar: which database this window shows, without secrets."""
    if settings.embedded:
        return f"Embedded demo database ({settings.data_dir})"
    return f"Server {redacted(connection.url)}"
