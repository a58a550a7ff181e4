"""From the queue into a case, reassigning, and an empty queue's reason, on real logins under row-level security.

The windows are the real shell with the services the composition root
binds (claims, the case read, the reviewer directory, the grant question)
on each person's own login; what the widgets show is read, and every
assignment change is read back as the owner, with its audit row.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.engine import build_engine, build_unit_of_work
from app.review_desk import build_reassign_desk, build_review_desk
from services.case import open_case
from services.database_urls import with_credentials
from services.permissions import GRANT_SCOPED, Capability, permissions_of
from services.queue_access import has_access_grants
from services.queue_query import QueueViewKind
from services.queue_search import QueueViews
from services.queue_sla import utc_now
from tests.factories import insert_company
from tests.reviewer_desk import Desk, StaffLogins, insert_reviewable
from tests.security_roles import PASSWORD
from tests.ui.conftest import wait_until
from tests.ui.desks import make_desk, make_person
from ui.actions import Menu
from ui.change_hub import ChangeHub
from ui.claim_question import ClaimQuestion
from ui.main_window import MainWindow
from ui.queue_model import QueueColumn
from ui.reassign_dialog import ReassignDialog


@asynccontextmanager
async def workstation(
    qtbot: QtBot, tmp_path: Path, url: str, role: str, user_id: uuid.UUID
) -> AsyncIterator[MainWindow]:
    """The shell of ``role`` signed in on ``url``, with the use cases ``app.gui`` binds for that role."""
    engine = build_engine(url)
    uow = build_unit_of_work(engine)
    window = MainWindow(preferences=QSettings(str(tmp_path / f"{user_id}.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    hub = ChangeHub(window)
    person = make_person(role, user_id=user_id)
    may = permissions_of(person)
    claims_entries = may.may(Capability.CLAIM)
    window.open_desk(
        dataclasses.replace(
            make_desk(role, tmp_path, person=person),
            hub=hub,
            review=build_review_desk(uow, tmp_path / "drafts", hub.publish, me=user_id) if claims_entries else None,
            open_case=partial(open_case, uow),
            reassign=build_reassign_desk(uow, hub.publish) if may.may(Capability.REASSIGN) else None,
            has_access_grants=partial(has_access_grants, uow) if may.group in GRANT_SCOPED else None,
        )
    )
    window.resize(1400, 800)
    window.show()
    window.activateWindow()
    await wait_until(window.isActiveWindow, what="the window to be active")
    window.open_views(QueueViews(uow), connection="test", hub=hub)
    try:
        yield window
    finally:
        window.close()
        await asyncio.sleep(0.2)  # the reads the window cancelled unwind and hand their connections back
        await engine.dispose()


def rows(window: MainWindow) -> list[str] | None:
    """The short ids shown, in order; ``None`` while a page is on its way."""
    model = window.queue_view.model
    if model is None or model.loading:
        return None
    return [model.index(row, QueueColumn.SHORT_ID).data() for row in range(model.rowCount())]


async def shows(window: MainWindow, view: QueueViewKind, expected: list[str]) -> None:
    """Switch to ``view`` and wait until it shows exactly ``expected`` (live changes may still be landing)."""
    window.queues_panel.show_view(view)
    await wait_until(lambda: window.queues_panel.query.view is view and rows(window) == expected, what=f"{view}")


def select(window: MainWindow, short_id: str) -> Any:
    model = window.queue_view.model
    assert model is not None
    row = next(r for r in range(model.rowCount()) if model.index(r, QueueColumn.SHORT_ID).data() == short_id)
    index = model.index(row, QueueColumn.SHORT_ID)
    window.queue_view.table.setCurrentIndex(index)
    return index


def open_dialog[T](kind: type[T]) -> T | None:
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None)


def assignment(desk: Desk, entry_id: uuid.UUID) -> tuple[Any, ...]:
    with desk.owner() as owner:
        row = owner.execute(
            "SELECT review_status, review_assigned_to_id FROM entries WHERE id = %s", (entry_id,)
        ).fetchone()
    assert row is not None
    return tuple(row)


def last_audit(desk: Desk, entry_id: uuid.UUID) -> tuple[Any, ...]:
    with desk.owner() as owner:
        row = owner.execute(
            "SELECT user_id, reason, new_values ->> 'review_assigned_to_id' FROM audit_log"
            " WHERE table_name = 'entries' AND row_id = %s ORDER BY id DESC LIMIT 1",
            (str(entry_id),),
        ).fetchone()
    assert row is not None
    return tuple(row)


def test_enter_and_double_click_open_cases_claiming_only_when_asked_and_keeping_a_started_form(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, desk: Desk, tmp_path: Path
) -> None:
    now = utc_now()
    with desk.owner() as owner:
        first = insert_reviewable(owner, short_id="E-1", submitted_at=now - datetime.timedelta(hours=3))
        second = insert_reviewable(owner, short_id="E-2", submitted_at=now - datetime.timedelta(hours=2))
    me = desk.user_ids["reviewer1"]

    async def scenario() -> None:
        async with workstation(qtbot, tmp_path, desk.urls["reviewer1"], "reviewer", me) as window:
            assert window.actions is not None and window.workspace is not None
            # A reviewer may not reassign: the action is not there, nor in the Queue menu.
            assert window.actions.get("queue.reassign") is None
            assert "queue.reassign" not in {a.objectName() for a in window.actions.in_menu(Menu.QUEUE)}
            workflow = window.workspace.workflow

            # Enter on a pool entry asks first; claiming opens it for ruling and assigns it in the database.
            await shows(window, QueueViewKind.POOL, ["E-1", "E-2"])
            select(window, "E-1")
            window.queue_view.table.setFocus()
            await wait_until(window.queue_view.table.hasFocus, what="the table's focus")
            qtbot.keyClick(window.queue_view.table, Qt.Key.Key_Return)
            await wait_until(lambda: open_dialog(ClaimQuestion) is not None, what="the claim question")
            assert assignment(desk, first.entry_id) == ("UNASSIGNED", None)  # nothing claimed by asking
            question = open_dialog(ClaimQuestion)
            assert question is not None
            question.claim_button.click()
            await wait_until(lambda: workflow.form is not None, what="the case open for ruling")
            assert workflow.form is not None and workflow.form.case.short_id == "E-1"
            assert window.case_view.case is not None and window.case_view.case.entry_id == first.entry_id
            assert window.workspace.ruling_panel.documents.count() == 2
            # The keyboard is on the documents, so C/E/F/I and J/K act at once (once the window is active again:
            # the offscreen platform does not hand activation back when a dialog closes, a desktop does).
            assert window.focusWidget() is window.workspace.ruling_panel.documents
            window.activateWindow()
            await wait_until(window.isActiveWindow, what="the window active again")
            assert assignment(desk, first.entry_id) == ("IN_REVIEW", me)
            assert last_audit(desk, first.entry_id) == (me, "claimed from the queue", str(me))

            # One document ruled, then a double-click on another pool entry, opened to read only.
            qtbot.keyClick(window.focusWidget(), Qt.Key.Key_C)
            assert workflow.form.rulings == {first.proof_ids[0]: "CLEAN"}
            await shows(window, QueueViewKind.POOL, ["E-2"])
            table = window.queue_view.table
            index = select(window, "E-2")
            centre = table.visualRect(index).center()
            qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
            qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
            await wait_until(lambda: open_dialog(ClaimQuestion) is not None, what="the claim question again")
            question = open_dialog(ClaimQuestion)
            assert question is not None
            question.read_button.click()
            await wait_until(lambda: window.case_view.case is not None and window.case_view.case.short_id == "E-2")
            assert workflow.form is None  # read-only: the ruling keys do nothing
            panel = window.workspace.ruling_panel
            assert "read-only" in panel.message_label.text()
            # E-1's documents and form are gone: E-2's documents as they stand, and no keys to rule them.
            assert [panel.documents.item(row).text() for row in range(panel.documents.count())] == [
                f"{number}. paystub — not ruled" for number in (1, 2)
            ]
            assert panel.derived_label.text() == "Read only" and panel.keys_hint.isHidden()
            assert not panel.submit_button.isEnabled()
            assert "Your choices on E-1 are kept" in window.workspace.ruling_panel.message_label.text()
            assert assignment(desk, second.entry_id) == ("UNASSIGNED", None)
            assert set(workflow.set_aside) == {first.entry_id}

            # My work: Enter opens E-1 for ruling straight away, with the ruling made before.
            window.activateWindow()
            await wait_until(window.isActiveWindow, what="the window active again")
            await shows(window, QueueViewKind.MY_WORK, ["E-1"])
            select(window, "E-1")
            window.queue_view.table.setFocus()
            await wait_until(window.queue_view.table.hasFocus, what="the table's focus")
            qtbot.keyClick(window.queue_view.table, Qt.Key.Key_Return)
            await wait_until(lambda: workflow.form is not None, what="E-1 for ruling again")
            assert open_dialog(ClaimQuestion) is None
            assert workflow.form is not None and workflow.form.rulings == {first.proof_ids[0]: "CLEAN"}
            assert workflow.set_aside == {}

    qt_loop.run_until_complete(scenario())


def test_a_senior_reviewer_reassigns_through_the_picker_and_the_database_audits_it(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, desk: Desk, tmp_path: Path
) -> None:
    with desk.owner() as owner:
        entry = insert_reviewable(owner, short_id="E-9")
        owner.execute(
            "UPDATE entries SET review_status = 'IN_REVIEW', review_assigned_to_id = %s WHERE id = %s",
            (desk.user_ids["reviewer1"], entry.entry_id),
        )
    senior, reviewer2 = desk.user_ids["senior"], desk.user_ids["reviewer2"]

    async def scenario() -> None:
        async with workstation(qtbot, tmp_path, desk.urls["senior"], "senior_reviewer", senior) as window:
            assert window.actions is not None
            await shows(window, QueueViewKind.TEAM, ["E-9"])
            select(window, "E-9")
            window.actions.get("queue.reassign").trigger()  # type: ignore[union-attr]
            dialog = open_dialog(ReassignDialog)
            assert dialog is not None
            await wait_until(lambda: dialog.people.count() > 2, what="the reviewers")
            assert "E-9 is with reviewer1 Test." in dialog.intro.text()
            dialog.search.setText("reviewer2")
            await wait_until(lambda: dialog.people.count() == 2, what="the search on the server")
            assert not dialog.ok.isEnabled()
            assert dialog.choose(reviewer2)
            assert not dialog.ok.isEnabled()  # no reason yet
            dialog.reason.setText("reviewer1 is out sick")
            assert dialog.ok.isEnabled()
            results: list[int] = []
            dialog.finished.connect(results.append)
            dialog.ok.click()
            await wait_until(lambda: results, what="the dialog to close once reassigned")
            assert results == [ReassignDialog.DialogCode.Accepted]
            assert assignment(desk, entry.entry_id) == ("ASSIGNED", reviewer2)
            assert last_audit(desk, entry.entry_id) == (senior, "reassigned: reviewer1 is out sick", str(reviewer2))

    qt_loop.run_until_complete(scenario())


def test_an_empty_queue_says_nothing_to_do_to_a_reviewer_and_no_grants_to_a_property_manager(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, desk: Desk, staff: StaffLogins, tmp_path: Path
) -> None:
    with desk.owner() as owner:
        login = staff.logins.login(owner, f"rd_u_{uuid.uuid4().hex}", "rd_app", "rd_property_manager")
        row = owner.execute(
            "INSERT INTO users (email, role, company_id) VALUES ('pat@side.example', 'property_manager', %s)"
            " RETURNING id",
            (insert_company(owner, name="Side Co"),),
        ).fetchone()
        assert row is not None
        manager = row[0]
        owner.execute("INSERT INTO rd_private.login_roles (user_id, role_name) VALUES (%s, %s)", (manager, login))
        insert_reviewable(owner, short_id="E-OTHER")  # someone's entry the manager may not see

    async def scenario() -> None:
        async with workstation(
            qtbot, tmp_path, desk.urls["reviewer1"], "reviewer", desk.user_ids["reviewer1"]
        ) as window:
            view = window.queue_view
            await shows(window, QueueViewKind.MY_WORK, [])
            assert (view.message_title.text(), view.message_button.text()) == ("Nothing to do", "Refresh")
            assert "Ctrl+N" in view.message_detail.text()
        url = with_credentials(desk.owner_url, login, PASSWORD)
        async with workstation(qtbot, tmp_path, url, "property_manager", manager) as window:
            view = window.queue_view
            await shows(window, QueueViewKind.POOL, [])
            await wait_until(lambda: view.message_title.text() == "No properties granted to you", what="the reason")
            assert "administrator" in view.message_detail.text()

    qt_loop.run_until_complete(scenario())
