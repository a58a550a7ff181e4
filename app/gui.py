"""``ruling-desk gui``: the workstation, one window per signed-in person, on the configured or embedded database.

The order of things, and why:

1. A window appears first, saying what is starting, so a first run that
   initialises and seeds the embedded server is never a silent wait.
2. Starting the server and migrating/seeding are blocking calls (``pg_ctl``,
   Alembic, the seed); they run in a worker thread so the window keeps
   painting. This happens once per process.
3. The person signs in (:mod:`app.sign_in_flow`); cancelling the dialog
   closes the app. From here on every query runs as that person's own
   database role, under row-level security: the owner's URL is used only
   to start, migrate and seed the embedded server.
4. One engine is built from the person's URL, wrapped in a unit of work,
   and the window becomes that person's (:class:`~ui.desk.Desk`: what
   they may do, from :mod:`services.permissions`, and the queue), with
   the window's :class:`~ui.change_hub.ChangeHub`. A
   :class:`~services.change_listener.ChangeListener` on the same person's
   URL feeds the hub with what other workstations change.
5. When the window closes, the listener stops and the person's engine is
   disposed. If they chose
   *File → Sign out*, steps 3-5 repeat with a new window in the same
   process (the database stays up); otherwise the embedded server is
   stopped if (and only if) this process started it.

A failure to start is one line, in a message box and on stderr, and exit
status 1; never a traceback.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox, QWidget
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import QueuePool

from app.case_documents import attach_case_documents
from app.connection import Connection, open_connection
from app.demo_setup import prepare_database
from app.engine import build_engine, build_unit_of_work
from app.errors import first_line
from app.invitation_flow import import_dialog, invitation_dialog
from app.ops_settings_pages import ops_settings_pages
from app.qt_garbage import garbage_collected_on_qt_thread
from app.qt_loop import qt_application, qt_event_loop
from app.review_desk import build_reassign_desk, build_review_desk, drafts_directory
from app.settings import Settings
from app.sign_in_flow import run_sign_in
from app.sign_in_log import log_sign_out
from app.terminal_signals import close_windows_on_terminal_signals
from app.version import app_version
from app.worker_command import demo_job_node
from services.access_grants import AccessGrants
from services.case import open_case
from services.change_listener import ChangeListener
from services.database_urls import libpq_url, redacted
from services.invitation_admin import InvitationAdmin
from services.people_admin import PeopleAdmin
from services.permissions import GRANT_SCOPED, Capability, Group, permissions_of
from services.queue_access import has_access_grants
from services.queue_scope import scope_of
from services.queue_search import QueueViews
from services.reports import ReportService
from services.server_info import read_server_facts
from services.sign_in_outcome import SignedIn
from services.teams import TeamsAdmin
from ui.change_hub import ChangeHub
from ui.desk import Desk
from ui.main_window import MainWindow
from ui.settings_page_entry import SettingsPage
from ui.settings_reports import ReportsPage
from ui.theme import Theme, ThemeChoice

SignInStep = Callable[[Settings, Connection, QWidget], Awaitable[SignedIn | None]]
"""Who works in this window: the dialog for people, a demo account for the self-test."""

PREFERENCES_FILE = "workstation.ini"
"""Per-person window layouts, in the data directory like everything else the app keeps."""


class StartupError(Exception):
    """The workstation could not get to a usable database; the message is one line for the user."""


@dataclass(frozen=True)
class Workstation:
    """What a person's window depends on, to be released when it closes."""

    connection: Connection
    engine: AsyncEngine
    listener: ChangeListener | None


def preferences(settings: Settings) -> QSettings:
    return QSettings(str(settings.data_dir / PREFERENCES_FILE), QSettings.Format.IniFormat)


def new_window(settings: Settings) -> MainWindow:
    """A window waiting for its person, shown at once."""
    window = MainWindow(preferences=preferences(settings))
    window.show()
    window.raise_()
    window.activateWindow()
    return window


def run_gui(settings: Settings, *, theme: ThemeChoice = ThemeChoice.SYSTEM) -> int:
    application = qt_application()
    Theme(application, theme)
    loop = qt_event_loop(application)
    try:
        with close_windows_on_terminal_signals(application), garbage_collected_on_qt_thread():
            failure = loop.run_until_complete(run_windows(settings))
    finally:
        loop.close()
    if failure is not None:
        print(f"ruling-desk: {failure}", file=sys.stderr)
        reason = str(failure)
        QMessageBox.critical(None, "Ruling Desk cannot start", reason[:1].upper() + reason[1:])
        return 1
    return 0


async def run_windows(settings: Settings, *, sign_in: SignInStep = run_sign_in) -> StartupError | None:
    """Serve one person after another, on one database, until someone closes instead of signing out."""
    window = new_window(settings)
    try:
        connection = await start_database(settings, window)
    except StartupError as failure:
        window.close()
        return failure
    except _NobodyToServe:
        return None
    jobs = contextlib.AsyncExitStack()
    try:
        await jobs.enter_async_context(demo_job_node(settings, connection))
        while True:
            workstation = await serve_person(settings, connection, window, sign_in=sign_in)
            if workstation is None:  # the person cancelled signing in
                window.close()
                return None
            try:
                await _closed(window)
            finally:
                await close_person(workstation)
            if not window.signing_out:
                return None
            window = new_window(settings)
    except StartupError as failure:
        window.close()
        return failure
    finally:
        await jobs.aclose()
        await asyncio.get_running_loop().run_in_executor(None, connection.close)


async def _closed(window: MainWindow) -> None:
    closed = asyncio.Event()
    window.closed.connect(closed.set)
    if window.isVisible():
        await closed.wait()


async def open_workstation(
    settings: Settings, window: MainWindow, *, sign_in: SignInStep | None = run_sign_in
) -> Workstation | None:
    """Start or reach the database, prepare it, sign someone in, and give ``window`` to them.

    Returns ``None`` when the person cancelled the sign-in. ``sign_in=None``
    works as the configured URL's role (the self-test on a central server).
    """
    try:
        connection = await start_database(settings, window)
    except _NobodyToServe:
        return None
    try:
        workstation = await serve_person(settings, connection, window, sign_in=sign_in)
    except BaseException:
        await asyncio.get_running_loop().run_in_executor(None, connection.close)
        raise
    if workstation is None:
        await asyncio.get_running_loop().run_in_executor(None, connection.close)
    return workstation


async def start_database(settings: Settings, window: MainWindow) -> Connection:
    """Start or reach the server and migrate/seed it, saying so in ``window``; closes what it opened on failure."""
    loop = asyncio.get_running_loop()
    window.show_startup(
        f"Starting the embedded database in {settings.data_dir}…" if settings.embedded else "Connecting…"
    )
    try:
        connection = await loop.run_in_executor(None, open_connection, settings)
    except Exception as failure:
        raise StartupError(f"cannot start the database: {first_line(failure)}") from failure
    try:
        window.show_startup("Preparing the database (migrations, demo data on first run)…")
        await loop.run_in_executor(None, prepare_database, connection, settings)
    except BaseException as failure:
        await loop.run_in_executor(None, connection.close)
        if isinstance(failure, Exception):
            raise StartupError(f"cannot prepare the database: {first_line(failure)}") from failure
        raise
    if not window.isVisible():  # closed (or told to stop by the terminal) while preparing
        await loop.run_in_executor(None, connection.close)
        raise _NobodyToServe
    return connection


async def serve_person(
    settings: Settings, connection: Connection, window: MainWindow, *, sign_in: SignInStep | None = run_sign_in
) -> Workstation | None:
    """Sign someone in and make ``window`` theirs; ``None`` if nobody signed in. Leaves ``connection`` open."""
    signed_in: SignedIn | None = None
    if sign_in is not None:
        window.show_startup("Signing in…")
        try:
            signed_in = await sign_in(settings, connection, window)
        except Exception as failure:
            raise StartupError(f"cannot sign in: {first_line(failure)}") from failure
        if signed_in is None:
            return None
    url = signed_in.url if signed_in is not None else connection.url
    engine = build_engine(url)
    listener = None
    if window.isVisible():  # closed while signing in: nothing left to load for
        hub = ChangeHub(window)
        listener = ChangeListener(libpq_url(url), hub.publish)
        # Listening before the first page is read: a change in between is heard, not lost.
        await listener.start()
        _open_desk(settings, connection, window, engine, signed_in, hub)
    return Workstation(connection=connection, engine=engine, listener=listener)


def _open_desk(
    settings: Settings,
    connection: Connection,
    window: MainWindow,
    engine: AsyncEngine,
    signed_in: SignedIn | None,
    hub: ChangeHub,
) -> None:
    uow = build_unit_of_work(engine)
    person = signed_in.person if signed_in is not None else None
    permissions = permissions_of(person)
    own_company = person.company_name if person is not None and permissions.group is Group.COMPANY_ADMIN else None
    window.open_desk(
        Desk(
            person=person,
            permissions=permissions,
            server_facts=partial(read_server_facts, uow),
            app_version=app_version(),
            data_dir=settings.data_dir,
            log_dir=settings.log_dir,
            invite=(lambda: invitation_dialog(uow, window).open()) if permissions.may(Capability.INVITE) else None,
            import_invitations=(lambda: import_dialog(uow, hub.publish, own_company, window).open())
            if permissions.may(Capability.INVITE)
            else None,
            settings_pages=(
                SettingsPage(
                    Capability.REQUEST_REPORTS,
                    "Reports",
                    lambda parent: ReportsPage(ReportService(uow), hub, parent=parent),
                ),
                *ops_settings_pages(uow, hub, window.open_entry),
            ),
            hub=hub,
            people_admin=PeopleAdmin(uow) if permissions.may(Capability.MANAGE_PEOPLE) else None,
            access_grants=AccessGrants(uow) if permissions.may(Capability.MANAGE_ACCESS_GRANTS) else None,
            teams_admin=TeamsAdmin(uow) if permissions.may(Capability.MANAGE_TEAMS) else None,
            invitation_admin=InvitationAdmin(uow) if permissions.may(Capability.INVITE) else None,
            review=build_review_desk(
                uow,
                drafts_directory(settings.data_dir, person.user_id if person else None),
                hub.publish,
                me=person.user_id if person else None,
            )
            if permissions.may(Capability.CLAIM)
            else None,
            open_case=partial(open_case, uow),
            reassign=build_reassign_desk(uow, hub.publish) if permissions.may(Capability.REASSIGN) else None,
            has_access_grants=partial(has_access_grants, uow) if permissions.group in GRANT_SCOPED else None,
        )
    )
    if window.workspace is not None:  # rulings an earlier session could not send go first
        window.workspace.workflow.resume()
    attach_case_documents(window.case_view, uow, permissions, hub, window.actions)
    status = describe_connection(settings, connection)
    if person is not None:
        status += f" — signed in as {person.display_name}"
    window.open_views(QueueViews(uow, scope=scope_of(permissions.group)), connection=status, hub=hub)


class _NobodyToServe(Exception):
    """Nobody will work in this window: it closed while the database was starting."""


RETURN_CONNECTIONS_SECONDS = 5.0
"""How long a closed window's cancelled reads get to hand their connections back before the pool closes."""


async def close_person(workstation: Workstation) -> None:
    """End the person's database sessions and listener; the server stays up for whoever signs in next.

    ``dispose`` closes only the connections resting in the pool. A read the
    window cancelled as it closed still holds its connection for a moment
    while psycopg cancels the query; returned after ``dispose``, it would
    stay open (and signed in) until garbage collection. So wait until every
    connection is back, then close them all.
    """
    if workstation.listener is not None:
        await workstation.listener.stop()
    log_sign_out(workstation.engine.url.username)
    loop = asyncio.get_running_loop()
    pool = workstation.engine.pool
    deadline = loop.time() + RETURN_CONNECTIONS_SECONDS
    while isinstance(pool, QueuePool) and pool.checkedout() > 0 and loop.time() < deadline:
        await asyncio.sleep(0.01)
    await workstation.engine.dispose()


async def close_workstation(workstation: Workstation) -> None:
    """Return the pool's connections, then stop the embedded server if we started it."""
    await close_person(workstation)
    await asyncio.get_running_loop().run_in_executor(None, workstation.connection.close)


def describe_connection(settings: Settings, connection: Connection) -> str:
    """For the status bar: which database this window shows, without secrets."""
    if settings.embedded:
        return f"Embedded demo database ({settings.data_dir})"
    return f"Server {redacted(connection.url)}"
