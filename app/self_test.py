"""``ruling-desk self-test``: start the whole workstation headless, sign in each demo role, and stop.

This is what CI and a packaged build run to prove that the real thing
works end to end on a machine: the Qt platform plugin loads, the embedded
server starts (or the URL answers), migrations and the first-run seed
apply, and the queue shows a first page. It prints how long the first
page took (from the moment the command began, once Python was up and the
command line parsed, to the first page in the table).

On the embedded demo it then works as a reviewer, a QA lead and an admin
in turn, each signing out through *File → Sign out* as a person would, so
the sign-out loop and every role's shell are exercised. With
``--screenshots DIR`` it saves each role's shell, the shortcut overlay,
the command palette, each settings section, for the reviewer the ruling
panel on a claimed demo entry (released again afterwards), the queue left
empty by a search (saying so), the case view on a PDF and an image, the
case's Matches tab and the compare view opened from its top match, for
each lead the reassign picker, the compare view in blink, onion and
difference modes, the ELA overlay and a PDF's page before and after its
last revision, in the light and the dark theme, on a 1440x900 offscreen
screen (``QT_SCALE_FACTOR=2`` still scales it, to check 2x).
It closes everything, stops the server it started, and exits 0 only if
all of that worked.
"""

from __future__ import annotations

import time

_STARTED = time.monotonic()
"""The clock starts before Qt, SQLAlchemy and the UI are imported: their import time counts."""

import asyncio  # noqa: E402 - after the clock starts, on purpose
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from functools import partial  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Final  # noqa: E402

from PySide6.QtCore import QMessageLogContext, QSettings, QtMsgType, qInstallMessageHandler  # noqa: E402
from PySide6.QtWidgets import QWidget  # noqa: E402
from sqlalchemy import TextClause, text  # noqa: E402

from app.connection import Connection  # noqa: E402
from app.engine import build_unit_of_work  # noqa: E402
from app.errors import first_line  # noqa: E402
from app.forensic_screenshots import forensic_screenshots  # noqa: E402
from app.gui import SignInStep, StartupError, Workstation, close_person, serve_person, start_database  # noqa: E402
from app.invitation_import_screenshots import invitation_import_screenshots  # noqa: E402
from app.qt_garbage import garbage_collected_on_qt_thread  # noqa: E402
from app.qt_loop import qt_application, qt_event_loop  # noqa: E402
from app.settings import Settings  # noqa: E402
from app.sign_in_flow import sign_in_demo_account  # noqa: E402
from demo.seed.accounts import ADMIN_EMAIL, QA_EMAIL, REVIEWER_1_EMAIL  # noqa: E402
from services.case_view import Case  # noqa: E402
from services.permissions import Area  # noqa: E402
from services.queue_query import QueueViewKind  # noqa: E402
from services.rulings import CLEAN  # noqa: E402
from services.sign_in_outcome import SignedIn  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.settings_panel import SettingsPanel  # noqa: E402
from ui.settings_people import PeoplePage  # noqa: E402
from ui.theme import Theme, ThemeChoice  # noqa: E402

_OFFSCREEN_NOISE: Final = "This plugin does not support propagateSizeHints()"
"""Printed by Qt's offscreen platform for every window; harmless, and it would bury the result line."""

FIRST_PAGE_TIMEOUT: Final = 120.0
"""Seconds to wait for the first page; a first run initialises and seeds the embedded server."""

SCREEN: Final = {"name": "SelfTest", "x": 0, "y": 0, "width": 1440, "height": 900, "logicalDpi": 96, "dpr": 1}
"""The offscreen screen: a common laptop size, so screenshots show the shell as people will see it."""

DEMO_ROLES: Final = (("reviewer", REVIEWER_1_EMAIL), ("qa-lead", QA_EMAIL), ("admin", ADMIN_EMAIL))
"""Who the self-test works as on the embedded demo, in order; the last one also shows overlay and palette."""

THEMES: Final = (ThemeChoice.LIGHT, ThemeChoice.DARK)


class SelfTestFailure(Exception):
    """Why the self-test did not pass, as one line."""


@dataclass(frozen=True)
class _Result:
    seconds: float
    rows: int
    screenshots: tuple[Path, ...]


def run_self_test(settings: Settings, *, screenshots: str | None = None) -> int:
    with tempfile.TemporaryDirectory(prefix="ruling-desk-screen-") as screen_dir:
        # Headless by construction: set before the QApplication exists, which is
        # the only moment Qt reads it.
        screen_file = Path(screen_dir) / "screen.json"
        screen_file.write_text(json.dumps({"screens": [SCREEN]}), encoding="utf-8")
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen_file}"
        previous_handler = qInstallMessageHandler(_quiet_offscreen_noise)
        application = qt_application()
        theme = Theme(application, ThemeChoice.LIGHT)
        loop = qt_event_loop(application)
        try:
            with garbage_collected_on_qt_thread():
                # Its own throwaway preferences: the self-test starts from no saved view or filter, and the
                # ones it sets (the no-match search) neither reach the person's own nor its next run.
                preferences = QSettings(str(Path(screen_dir) / "preferences.ini"), QSettings.Format.IniFormat)
                exercise = _exercise(settings, theme, Path(screenshots) if screenshots else None, preferences)
                result = loop.run_until_complete(exercise)
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


async def _exercise(settings: Settings, theme: Theme, screenshots_dir: Path | None, preferences: QSettings) -> _Result:
    window = _new_window(preferences)
    try:
        connection = await start_database(settings, window)
    except StartupError as failure:
        window.close()
        raise SelfTestFailure(str(failure)) from failure
    saved: list[Path] = []
    first: tuple[float, int] | None = None
    try:
        # Embedded: each demo role in turn, as a person would with one click.
        # A central server has no demo accounts: the configured URL's role is used.
        people: tuple[tuple[str, SignInStep | None], ...] = (
            tuple((slug, partial(_sign_in_demo, email=email)) for slug, email in DEMO_ROLES)
            if settings.embedded
            else (("database-role", None),)
        )
        for number, (slug, sign_in) in enumerate(people):
            window = window if number == 0 else _new_window(preferences)
            workstation = await _sign_in(settings, connection, window, sign_in)
            try:
                rows = await _first_page(window)
                if first is None:
                    first = (time.monotonic() - _STARTED, rows)
                if screenshots_dir is not None:
                    last = number == len(people) - 1
                    saved += await _screenshots(window, theme, screenshots_dir, slug, with_dialogs=last)
                    saved += await _ruling_screenshots(window, theme, screenshots_dir, slug)
                    saved += await _queue_screenshots(window, theme, screenshots_dir, slug)
                    if number == 0 and settings.embedded:
                        saved += await _case_screenshots(window, workstation, theme, screenshots_dir)
                        saved += await _match_screenshots(window, workstation, theme, screenshots_dir)
                    if last:
                        saved += await _forensic_screenshots(theme, screenshots_dir)
                    if last and settings.embedded:
                        saved += await _invitation_import_screenshots(workstation, theme, screenshots_dir)
                _sign_out(window)
            finally:
                await close_person(workstation)
    finally:
        window.close()
        await asyncio.get_running_loop().run_in_executor(None, connection.close)
    assert first is not None
    return _Result(seconds=first[0], rows=first[1], screenshots=tuple(saved))


def _new_window(preferences: QSettings) -> MainWindow:
    window = MainWindow(preferences=preferences)
    window.show()
    return window


async def _sign_in(
    settings: Settings, connection: Connection, window: MainWindow, sign_in: SignInStep | None
) -> Workstation:
    try:
        workstation = await serve_person(settings, connection, window, sign_in=sign_in)
    except StartupError as failure:
        raise SelfTestFailure(str(failure)) from failure
    if workstation is None:
        raise SelfTestFailure("nobody signed in")
    return workstation


def _sign_out(window: MainWindow) -> None:
    """*File → Sign out*, through the very action the menu holds."""
    _trigger(window, "file.sign_out")
    if window.isVisible() or not window.signing_out:
        raise SelfTestFailure("signing out did not close the window")


async def _sign_in_demo(settings: Settings, connection: Connection, window: QWidget, *, email: str) -> SignedIn:
    return await sign_in_demo_account(settings, connection, email)


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
    if model.rowCount() == 0:
        raise SelfTestFailure("the first queue page is empty (was the demo data seeded?)")
    return model.rowCount()


async def _screenshots(
    window: MainWindow, theme: Theme, directory: Path, slug: str, *, with_dialogs: bool
) -> list[Path]:
    """The shell in each theme, with its QA or settings panel if the role has one; with ``with_dialogs``
    also the shortcut overlay and the command palette."""
    directory.mkdir(parents=True, exist_ok=True)
    saved = []
    for choice in THEMES:
        theme.apply(choice)
        await asyncio.sleep(0.1)  # let the status bar, table and icons lay out and repaint
        saved.append(_save(window, directory / f"{slug}-{choice}.png"))
        area = next((area for area in (Area.SETTINGS, Area.QA) if area in window.panels), None)
        if area is not None:  # the area only this role has, brought forward as its shortcut would
            window.go_to(area)
            await asyncio.sleep(0.05)
            saved.append(_save(window, directory / f"{slug}-{area}-{choice}.png"))
            if area is Area.SETTINGS:
                saved += await _settings_pages(window, directory, slug, choice)
            window.go_to(Area.CASE)
        if with_dialogs:
            for name, open_dialog in (
                ("shortcuts", window.open_shortcut_overlay),
                ("palette", window.open_command_palette),
            ):
                dialog = open_dialog()
                try:
                    await asyncio.sleep(0.05)
                    saved.append(_save(dialog, directory / f"{name}-{choice}.png"))
                finally:
                    if dialog is not None:
                        dialog.close()
    theme.apply(ThemeChoice.LIGHT)
    return saved


async def _settings_pages(window: MainWindow, directory: Path, slug: str, choice: ThemeChoice) -> list[Path]:
    """Each settings section this person has, opened and, once its first read arrived, saved."""
    panel = window.panels[Area.SETTINGS].widget()
    if not isinstance(panel, SettingsPanel):
        raise SelfTestFailure("the settings panel is not the settings pane")
    saved = []
    for title in panel.titles():
        page = panel.show_section(title)
        # a page that reads from the database says so while it does
        await _until(partial(_idle, page), f"the settings section {title}")
        await asyncio.sleep(0.05)
        name = title.lower().replace(" ", "-")
        saved.append(_save(window, directory / f"{slug}-settings-{name}-{choice}.png"))
        if isinstance(page, PeoplePage) and page.access is not None:
            saved.append(await _access_picker(page, directory / f"{slug}-settings-access-{choice}.png"))
    return saved


async def _access_picker(page: PeoplePage, path: Path) -> Path:
    """The People page's access picker, opened on the first listed person whom grants concern."""
    person = next((row for row in page.rows if page.grantable(row) is not None), None)
    if person is None or page.access is None:
        raise SelfTestFailure("nobody in the People list to open the access picker for")
    page.select(person.id)
    page.access.click()
    dialog = page.access_dialog
    if dialog is None:
        raise SelfTestFailure("the access picker did not open")
    try:
        deadline = time.monotonic() + FIRST_PAGE_TIMEOUT
        await asyncio.sleep(0.05)
        while dialog.busy:
            if time.monotonic() > deadline:
                raise SelfTestFailure(f"the access picker did not load within {FIRST_PAGE_TIMEOUT:.0f} s")
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.05)
        return _save(dialog, path)
    finally:
        dialog.close()


async def _forensic_screenshots(theme: Theme, directory: Path) -> list[Path]:
    """The compare view (blink, onion, difference), the ELA overlay and a PDF before/after its last revision."""
    saved = []
    for choice in THEMES:
        theme.apply(choice)
        saved += await forensic_screenshots(directory, str(choice))
    theme.apply(ThemeChoice.LIGHT)
    return saved


_CASE_WITH_PDF_AND_IMAGE: Final = text(
    "SELECT entry_id FROM proof JOIN entries ON entries.id = entry_id"
    " WHERE review_status IN ('ASSIGNED', 'IN_REVIEW') AND review_assigned_to_id <> rd_current_user_id()"
    " GROUP BY entry_id HAVING bool_or(file LIKE '%.pdf') AND bool_or(file NOT LIKE '%.pdf') ORDER BY entry_id LIMIT 1"
)
"""A colleague's open entry: it opens to read without asking to claim, as the workflow opens it."""


async def _case_screenshots(window: MainWindow, workstation: Workstation, theme: Theme, directory: Path) -> list[Path]:
    """The case view on a demo entry with a PDF and an image, each document in each theme."""
    case = await _open_demo_case(window, workstation, _CASE_WITH_PDF_AND_IMAGE, "both a PDF and an image")
    viewer = window.case_view.viewer
    saved: list[Path] = []
    for row, document in enumerate(case.documents):
        kind = "pdf" if document.file_url.endswith(".pdf") else "image"
        if any(path.name.startswith(f"case-{kind}-") for path in saved):
            continue
        window.case_view.select_document(row)
        # the load may start a loop turn after the selection
        await _until(lambda: not viewer.loading and viewer.showing_page, f"the case view's {document.file_url}")
        saved += await _in_each_theme(theme, window, directory, f"case-{kind}")
    window.case_view.clear()
    window.go_to(Area.QUEUES)
    return saved


_CASE_WITH_DUPLICATE: Final = text(
    "SELECT m.entry_id FROM matching_entries m JOIN entries e ON e.id = m.entry_id"
    " WHERE m.match_percentage >= 90 AND e.review_status <> 'UNASSIGNED'"
    " AND EXISTS (SELECT FROM proof p WHERE p.entry_id = m.entry_id)"
    " AND EXISTS (SELECT FROM proof q WHERE q.entry_id = m.matching_entry_id)"
    " ORDER BY m.match_percentage DESC, m.id LIMIT 1"
)
"""Not a pool entry either, so the workflow opens it without asking to claim."""


async def _match_screenshots(window: MainWindow, workstation: Workstation, theme: Theme, directory: Path) -> list[Path]:
    """A demo entry with a 90 %+ match: its Matches tab, the compare view opened from that match, and that
    view detached into its own window. The queue is closed meanwhile, as a reviewer working a case
    closes it (the shell's first layout gives the queue two thirds)."""
    tabs, actions = window.case_view.evidence_tabs, window.actions
    if tabs is None or tabs.matches is None or actions is None:
        raise SelfTestFailure("the reviewer's case view has no matches tab")
    await _open_demo_case(window, workstation, _CASE_WITH_DUPLICATE, "a 90 % match with documents on both sides")
    queues = window.panels[Area.QUEUES]
    queues.hide()  # as a reviewer working a case closes the queue (Ctrl+1 brings it back): the case gets the width
    matches = tabs.matches
    await _until(lambda: bool(matches.rows), "the demo entry's matches")
    saved = []
    for name, action_id in (("matches", "compare.matches"), ("compare", "compare.with_match")):
        matches.table.selectRow(0)
        _trigger(window, action_id)
        await _until(lambda: not tabs.busy, "the comparison")
        saved += await _in_each_theme(theme, window, directory, f"case-{name}")
    if not tabs.compare.comparing:
        why = matches.message.text() or tabs.compare.empty.detail.text()
        raise SelfTestFailure(f"the compare view did not open from the top match: {why}")
    _trigger(window, "compare.detach")
    saved += await _in_each_theme(theme, tabs.compare.view.window(), directory, "case-compare-detached")
    _trigger(window, "compare.detach")
    window.case_view.clear()
    window.go_to(Area.QUEUES)
    return saved


def _trigger(window: MainWindow, action_id: str) -> None:
    action = window.actions.get(action_id) if window.actions is not None else None
    if action is None:
        raise SelfTestFailure(f"the window has no {action_id} action")
    action.trigger()


async def _in_each_theme(theme: Theme, widget: QWidget, directory: Path, stem: str) -> list[Path]:
    """``widget`` saved as ``<stem>-<theme>.png`` in each theme, once it repainted; back to light afterwards."""
    saved = []
    try:
        for choice in THEMES:
            theme.apply(choice)
            await asyncio.sleep(0.1)
            saved.append(_save(widget, directory / f"{stem}-{choice}.png"))
    finally:
        theme.apply(ThemeChoice.LIGHT)
    return saved


async def _open_demo_case(window: MainWindow, workstation: Workstation, query: TextClause, wanted: str) -> Case:
    """The first demo entry ``query`` finds, opened by the case workflow (its ruling panel included)."""
    uow = build_unit_of_work(workstation.engine)
    async with uow.transaction() as session:
        entry_id = (await session.execute(query)).scalar_one_or_none()
    if entry_id is None:
        raise SelfTestFailure(f"no demo entry has {wanted}")
    if window.workspace is None:
        raise SelfTestFailure("the reviewer has no case workspace")
    window.go_to(Area.CASE)
    case = await window.workspace.workflow.open_chosen(entry_id)  # as Enter in the queue opens it
    if case is None:
        raise SelfTestFailure(f"the demo entry with {wanted} did not open")
    return case


def _idle(page: QWidget) -> bool:
    return not getattr(page, "busy", False)


async def _until(ready: Callable[[], object], what: str) -> None:
    deadline = time.monotonic() + FIRST_PAGE_TIMEOUT
    while not ready():
        if time.monotonic() > deadline:
            raise SelfTestFailure(f"{what} did not load within {FIRST_PAGE_TIMEOUT:.0f} s")
        await asyncio.sleep(0.01)


async def _ruling_screenshots(window: MainWindow, theme: Theme, directory: Path, slug: str) -> list[Path]:
    """For a role that claims: the case workspace and ruling panel on a demo entry claimed with Ctrl+N's
    own step, its first document ruled CLEAN; the entry is released back to the pool afterwards."""
    workspace, desk = window.workspace, window.desk
    if workspace is None or desk is None or desk.review is None:
        return []
    case = await workspace.workflow.claim_and_open()
    if case is None:
        raise SelfTestFailure(f"claim-next opened no demo entry: {workspace.ruling_panel.message_label.text()}")
    saved = []
    try:
        workspace.workflow.rule(CLEAN)
        window.go_to(Area.CASE)
        viewer = window.case_view.viewer
        await _until(lambda: not viewer.loading and viewer.showing_page, "the claimed case's first document")
        saved += await _in_each_theme(theme, window, directory, f"{slug}-ruling")
    finally:
        theme.apply(ThemeChoice.LIGHT)
        await workspace.workflow.hand_back(desk.review.release, "Release to pool", "self-test: a screenshot only")
    return saved


async def _invitation_import_screenshots(workstation: Workstation, theme: Theme, directory: Path) -> list[Path]:
    """The admin's CSV import previews (a file with mistakes, then fixed), in each theme; nothing is imported."""
    uow = build_unit_of_work(workstation.engine)
    saved = []
    for choice in THEMES:
        theme.apply(choice)
        saved += await invitation_import_screenshots(uow, directory, choice)
    theme.apply(ThemeChoice.LIGHT)
    return saved


_NO_SUCH_APPLICANT: Final = "no applicant is called this"
"""A search that matches nothing in the demo data, for the empty queue's "No entries match" screenshot."""


async def _queue_screenshots(window: MainWindow, theme: Theme, directory: Path, slug: str) -> list[Path]:
    """A reviewer's queue left empty by a search (it says so, with "Clear filters"); a lead's reassign
    picker on the first entry of the Team view, a reviewer chosen and a reason typed (then cancelled)."""
    desk, panel = window.desk, window.queues_panel
    if desk is None:
        return []
    saved = []
    if desk.review is not None:
        panel.search.setText(_NO_SUCH_APPLICANT)
        panel.search.returnPressed.emit()
        await _until(lambda: window.queue_view.showing_empty, "the empty queue")
        saved += await _in_each_theme(theme, window, directory, f"{slug}-queue-no-match")
        panel.clear_filters()
    if desk.reassign is not None:
        window.go_to(Area.QUEUES)
        panel.show_view(QueueViewKind.TEAM)
        await _first_page(window)
        window.queue_view.table.selectRow(0)
        dialog = window.reassign_current_entry()
        if dialog is None:
            raise SelfTestFailure("the reassign picker did not open on the Team view's first entry")
        try:
            await _until(lambda: dialog.people.count() > 1, "the reassign picker's reviewers")
            dialog.people.setCurrentRow(1)
            dialog.reason.setText("Evening shift takes it over")
            saved += await _in_each_theme(theme, dialog, directory, f"{slug}-reassign")
        finally:
            dialog.reject()
    return saved


def _save(widget: QWidget | None, path: Path) -> Path:
    if widget is None or not widget.grab().save(str(path)):
        raise SelfTestFailure(f"could not save a screenshot to {path}")
    return path


def _quiet_offscreen_noise(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if message != _OFFSCREEN_NOISE:
        print(message, file=sys.stderr)
