"""The API keys and jobs pages driven as a staff administrator, checked on screen and in the database.

The pages run over a real unit of work signed in as the person's own
login (row-level security and column privileges apply); what must then be
in the database is read with plain SQL as the owner. Screenshots of both
pages, light and dark, go to ``RULING_DESK_SCREENSHOTS`` when it is set.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import AsyncExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import psycopg
import pytest
from oban import Oban
from psycopg.conninfo import make_conninfo
from psycopg_pool import AsyncConnectionPool
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy.engine import make_url

from app.ops_settings_pages import ops_settings_pages
from services.api_key_admin import ApiKeyAdministration
from services.change_listener import ChangeListener
from services.database_urls import libpq_url
from services.job_admin import JobAdministration
from services.jobs import run_worker_node
from services.permissions import Group, permissions_of_group
from tests.login_roles import PASSWORD, create_person, drop_logins, login_of
from tests.ui.conftest import wait_until
from tests.ui.desks import make_desk
from tests.units_of_work import unit_of_work
from ui.change_hub import ChangeHub
from ui.desk import Desk
from ui.settings_api_keys import ApiKeysPage
from ui.settings_jobs import JobsPage
from ui.settings_page_entry import SettingsPage
from ui.settings_panel import SettingsPanel
from ui.theme import Theme, ThemeChoice

DOMAIN = "ops-pages.test"
ADMIN = f"root@{DOMAIN}"
TRACEBACK = 'Traceback (most recent call last):\n  File "worker.py", line 9\nRuntimeError: mailbox full'


@dataclass(frozen=True)
class Operation:
    owner_url: str
    admin_url: str
    company_id: uuid.UUID
    property_id: uuid.UUID


@pytest.fixture(scope="module")
def operation(migrated_url: str, migrated_libpq_url: str) -> Iterator[Operation]:
    with psycopg.connect(migrated_libpq_url, autocommit=True) as conn:
        create_person(conn, ADMIN, role="admin", first_name="Rae", last_name="Root")
        company = conn.execute("INSERT INTO companies (name) VALUES ('Harbor Group') RETURNING id").fetchone()
        assert company is not None
        prop = conn.execute(
            "INSERT INTO properties (name, company_id) VALUES ('Harbor View', %s) RETURNING id", company
        ).fetchone()
        assert prop is not None
        login = login_of(conn, ADMIN)
    admin_url = make_url(migrated_url).set(username=login, password=PASSWORD).render_as_string(hide_password=False)
    yield Operation(migrated_libpq_url, admin_url, company[0], prop[0])
    drop_logins(migrated_libpq_url, DOMAIN)


def no_case_area(entry_id: uuid.UUID) -> None:
    """Where these tests' pages open a job's entry: they have no window with a case area."""


async def shown_and_loaded(page: ApiKeysPage | JobsPage) -> list[int]:
    """Show ``page``, load it, wait for the load; the returned list grows by one at each later load."""
    loads: list[int] = []
    page.loaded.connect(lambda: loads.append(1))
    page.show()
    page.reload()
    await wait_until(lambda: loads, what=f"{page.objectName()}'s first load")
    return loads


def screenshot(widget: QWidget, name: str) -> None:
    """Save ``widget`` light and dark when screenshots are asked for."""
    folder = os.environ.get("RULING_DESK_SCREENSHOTS")
    if not folder:
        return
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme = Theme(app)
    widget.resize(1100, 800)
    for choice in (ThemeChoice.LIGHT, ThemeChoice.DARK):
        theme.apply(choice)
        QApplication.processEvents()
        widget.grab().save(str(Path(folder) / f"{name}-{choice.value}.png"))


def test_api_keys_page_issues_shows_once_deactivates_reactivates_and_deletes(
    qt_loop: asyncio.AbstractEventLoop, operation: Operation
) -> None:
    async def scenario() -> None:
        async with unit_of_work(operation.admin_url) as uow:
            page = ApiKeysPage(ApiKeyAdministration(uow))
            loads = await shown_and_loaded(page)
            page.description.setText("Yardi nightly sync")
            page.scope.setCurrentIndex(page.scope.findText("One property"))
            page.target.setCurrentIndex(page.target.findText("Harbor View"))
            page.role.setCurrentIndex(page.role.findText("Write"))
            loads.clear()
            page.create_button.click()
            await wait_until(lambda: page.secret_box.isVisible() and loads, what="the new secret")
            secret = page.secret.text()
            assert secret.startswith("rdk_")
            with psycopg.connect(operation.owner_url) as owner:
                stored = owner.execute(
                    "SELECT k.key, k.public_id, k.company_id, k.property_id, r.name, k.is_active, k.description"
                    " FROM api_keys AS k JOIN role AS r ON r.id = k.role_id"
                ).fetchall()
            assert len(stored) == 1
            key_hash, public_id, company_id, property_id, role, active, description = stored[0]
            assert key_hash == hashlib.sha256(secret.encode()).hexdigest()
            assert secret.startswith(f"rdk_{public_id}_")
            assert (company_id, property_id, role, active, description) == (
                operation.company_id,
                operation.property_id,
                "write",
                True,
                "Yardi nightly sync",
            )
            shown = [page.table.item(0, c).text() for c in range(page.table.columnCount())]
            assert shown[0] == f"rdk_{public_id}_…" and "Harbor View" in shown and "never" in shown
            assert not any(secret in text for text in shown)
            screenshot(page, "settings-api-keys")

            page.copy_button.click()
            assert QApplication.clipboard().text() == secret
            page.secret_box.findChildren(type(page.create_button))[-1].click()  # Done
            assert page.secret.text() == "" and not page.secret_box.isVisible()

            def verified() -> int:
                with psycopg.connect(operation.owner_url) as owner:
                    return len(owner.execute("SELECT * FROM rd_verify_api_key(%s)", (secret,)).fetchall())

            assert verified() == 1
            page.table.selectRow(0)
            loads.clear()
            page.deactivate_button.click()
            await wait_until(lambda: loads and page.table.item(0, 4).text() == "Deactivated", what="deactivation")
            assert verified() == 0
            page.table.selectRow(0)
            loads.clear()
            page.reactivate_button.click()
            await wait_until(lambda: loads and page.table.item(0, 4).text() == "Active", what="reactivation")
            assert verified() == 1
            assert page.table.item(0, 6).text() != "never"  # the verification above was recorded
            page.table.selectRow(0)
            loads.clear()
            page.delete_button.click()
            await wait_until(lambda: loads and page.table.rowCount() == 0, what="deletion")
            with psycopg.connect(operation.owner_url) as owner:
                assert owner.execute("SELECT count(*) FROM api_keys").fetchone() == (0,)
                actions = owner.execute(
                    "SELECT action FROM audit_log WHERE table_name = 'api_keys' ORDER BY id"
                ).fetchall()
            assert [a for (a,) in actions][-4:] == ["INSERT", "UPDATE", "UPDATE", "DELETE"]

    qt_loop.run_until_complete(scenario())


def test_a_key_without_description_is_refused_with_a_message_and_nothing_written(
    qt_loop: asyncio.AbstractEventLoop, operation: Operation
) -> None:
    async def scenario() -> None:
        async with unit_of_work(operation.admin_url) as uow:
            page = ApiKeysPage(ApiKeyAdministration(uow))
            loads = await shown_and_loaded(page)
            loads.clear()
            page.create_button.click()
            await wait_until(lambda: loads, what="the refusal")
            assert "Describe what the key is for" in page.error.text() and page.error.isVisible()
            assert not page.secret_box.isVisible()
        with psycopg.connect(operation.owner_url) as owner:
            assert owner.execute("SELECT count(*) FROM api_keys").fetchone() == (0,)

    qt_loop.run_until_complete(scenario())


def _insert_jobs(owner_url: str, entry_id: uuid.UUID) -> list[int]:
    errors = [{"attempt": 1, "at": "2026-12-01T10:00:00", "error": TRACEBACK}]
    with psycopg.connect(owner_url, autocommit=True) as owner:
        ids = []
        for state, args, job_errors in (
            ("retryable", {"entry_id": str(entry_id)}, errors),
            ("scheduled", {}, []),
            ("completed", {}, []),
        ):
            row = owner.execute(
                "INSERT INTO oban_jobs (queue, worker, args, state, attempt, max_attempts, errors, scheduled_at)"
                " VALUES ('desk_ui_test', 'services.jobs.session_cleanup.SessionCleanupWorker', %s, %s, 1, 3,"
                " %s::jsonb[], now() + interval '1 hour') RETURNING id",
                (json.dumps(args), state, [json.dumps(e) for e in job_errors]),
            ).fetchone()
            assert row is not None
            ids.append(row[0])
    return ids


def test_jobs_page_counts_lists_details_and_controls_jobs_through_the_database(
    qt_loop: asyncio.AbstractEventLoop, operation: Operation
) -> None:
    entry_id = uuid.uuid4()
    retryable, scheduled, completed = _insert_jobs(operation.owner_url, entry_id)

    def states() -> dict[int, str | None]:
        with psycopg.connect(operation.owner_url) as owner:
            rows = owner.execute(
                "SELECT id, state::text FROM oban_jobs WHERE id = ANY(%s)", ([retryable, scheduled, completed],)
            ).fetchall()
        found = dict(rows)
        return {job: found.get(job) for job in (retryable, scheduled, completed)}

    async def scenario() -> None:
        async with unit_of_work(operation.admin_url) as uow:
            page = JobsPage(JobAdministration(uow))
            loads = await shown_and_loaded(page)
            page.queue_filter.setCurrentIndex(page.queue_filter.findData("desk_ui_test"))
            loads.clear()
            page.reload()
            await wait_until(lambda: loads, what="the filtered jobs")
            assert [page.jobs.item(r, 0).text() for r in range(page.jobs.rowCount())] == [
                str(completed),
                str(scheduled),
                str(retryable),
            ]
            queue_row = next(
                r for r in range(page.counts.rowCount()) if page.counts.item(r, 0).text() == "desk_ui_test"
            )
            header = [page.counts.horizontalHeaderItem(c).text() for c in range(page.counts.columnCount())]
            counts = {header[c]: page.counts.item(queue_row, c).text() for c in range(1, len(header))}
            assert (counts["retryable"], counts["scheduled"], counts["completed"], counts["available"]) == (
                "1",
                "1",
                "1",
                "0",
            )
            assert page.jobs.item(2, 6).text() == str(entry_id)

            details = []
            page.detail_shown.connect(lambda: details.append(1))
            page.jobs.selectRow(2)
            await wait_until(lambda: details, what="the job detail")
            text = page.detail.toPlainText()
            assert TRACEBACK in text and str(entry_id) in text and "attempt 1 of 3" in text
            screenshot(page, "settings-jobs")

            opened: list[uuid.UUID] = []
            page.entry_requested.connect(opened.append)
            assert page.entry_button.isEnabled()
            page.entry_button.click()
            page.jobs.itemDoubleClicked.emit(page.jobs.item(2, 0))
            assert opened == [entry_id, entry_id]
            page.jobs.selectRow(0)  # a job of no entry links nowhere
            assert not page.entry_button.isEnabled()

            page.jobs.selectAll()
            loads.clear()
            page.cancel_button.click()
            await wait_until(lambda: loads, what="the cancel")
            assert states() == {retryable: "cancelled", scheduled: "cancelled", completed: "completed"}
            page.jobs.selectRow(0)  # the completed one, newest first
            loads.clear()
            page.retry_button.click()
            await wait_until(lambda: loads, what="the retry")
            assert states()[completed] == "available"
            page.jobs.selectAll()
            loads.clear()
            page.delete_button.click()
            await wait_until(lambda: loads and page.jobs.rowCount() == 0, what="the delete")
            assert states() == {retryable: None, scheduled: None, completed: None}
        with psycopg.connect(operation.owner_url) as owner:
            audited = owner.execute(
                "SELECT new_values ->> 'action' FROM audit_log WHERE table_name = 'job_control' ORDER BY id"
            ).fetchall()
        assert [a for (a,) in audited][-3:] == ["cancel", "retry", "delete"]

    qt_loop.run_until_complete(scenario())


def test_open_pages_follow_another_admins_changes_heard_from_the_database(
    qt_loop: asyncio.AbstractEventLoop, operation: Operation
) -> None:
    """A second admin deactivates a key and enqueues a job in SQL; this workstation's pages follow.

    The pages hear it as the app wires them: the database's NOTIFY, this
    admin's :class:`ChangeListener`, the window's hub. A hidden page only
    notes the change and reads again when it is shown.
    """
    other_admin = f"second@{DOMAIN}"
    with psycopg.connect(operation.owner_url, autocommit=True) as owner:
        create_person(owner, other_admin, role="admin")
        other_login = login_of(owner, other_admin)
    other_url = make_conninfo(operation.owner_url, user=other_login, password=PASSWORD)
    with psycopg.connect(other_url, autocommit=True) as other:
        row = other.execute(
            "SELECT api_key_id FROM rd_issue_api_key('Followed key', true, NULL, NULL,"
            " (SELECT id FROM role WHERE name = 'read_only'))"
        ).fetchone()
        assert row is not None
        key_id = row[0]

    async def scenario() -> None:
        hub = ChangeHub()
        listener = ChangeListener(libpq_url(operation.admin_url), hub.publish)
        async with unit_of_work(operation.admin_url) as uow:
            host = QWidget()
            keys_page, jobs_page = (entry.factory(host) for entry in ops_settings_pages(uow, hub, no_case_area))
            assert isinstance(keys_page, ApiKeysPage) and isinstance(jobs_page, JobsPage)
            job_loads: list[int] = []
            jobs_page.loaded.connect(lambda: job_loads.append(1))
            jobs_page.hide()  # another section of the pane is on screen
            host.show()
            key_loads = await shown_and_loaded(keys_page)
            await wait_until(lambda: job_loads, what="the hidden jobs page's first load")
            assert await listener.start()
            try:
                followed = next(
                    r for r in range(keys_page.table.rowCount()) if keys_page.table.item(r, 1).text() == "Followed key"
                )
                assert keys_page.table.item(followed, 4).text() == "Active"
                key_loads.clear()
                job_loads.clear()
                with psycopg.connect(other_url, autocommit=True) as other:
                    other.execute("SELECT rd_set_api_key_active(%s, false)", (key_id,))
                    other.execute("SELECT rd_enqueue_session_cleanup()")
                await wait_until(
                    lambda: key_loads and keys_page.table.item(followed, 4).text() == "Deactivated",
                    what="the key page to follow the other admin",
                )
                await asyncio.sleep(0.3)
                assert job_loads == []  # hidden: stale, not reloaded
                jobs_page.show()
                await wait_until(lambda: job_loads, what="the jobs page to read again when shown")
                shown_workers = [jobs_page.jobs.item(r, 2).text() for r in range(jobs_page.jobs.rowCount())]
                assert any("SessionCleanupWorker" in worker for worker in shown_workers), shown_workers
            finally:
                await listener.stop()
        with psycopg.connect(operation.owner_url, autocommit=True) as owner:
            owner.execute("DELETE FROM api_keys WHERE id = %s", (key_id,))
            owner.execute("DELETE FROM oban_jobs WHERE worker LIKE '%%SessionCleanupWorker'")

    qt_loop.run_until_complete(scenario())


def test_jobs_page_names_every_node_marks_the_leader_and_pauses_and_resumes_a_queue(
    qt_loop: asyncio.AbstractEventLoop, operation: Operation
) -> None:
    """Two worker nodes share a queue, one leads; the page's pause and resume reach both nodes."""
    queue = "desk_ui_nodes"

    def leader() -> str | None:
        with psycopg.connect(operation.owner_url) as owner:
            row = owner.execute("SELECT node FROM oban_leaders WHERE expires_at > timezone('UTC', now())").fetchone()
        return None if row is None else str(row[0])

    async def paused_on(nodes: list[Oban]) -> list[bool]:
        infos = [node.check_queue(queue) for node in nodes]
        return [info is not None and info.paused for info in infos]

    async def scenario() -> None:
        async with AsyncExitStack() as stack:
            nodes = []
            for name, leads in (("ui-node-a", True), ("ui-node-b", False)):
                pool: AsyncConnectionPool[Any] = AsyncConnectionPool(
                    operation.owner_url, min_size=1, max_size=3, open=False
                )
                await pool.open(wait=True, timeout=10)
                stack.push_async_callback(pool.close)
                nodes.append(
                    await stack.enter_async_context(
                        run_worker_node(pool, node=name, queues={queue: 1}, leadership=leads)
                    )
                )
            await wait_until(lambda: leader() == "ui-node-a", what="node a to lead")
            uow = await stack.enter_async_context(unit_of_work(operation.admin_url))
            page = JobsPage(JobAdministration(uow))
            loads = await shown_and_loaded(page)
            assert "ui-node-a — leader: desk_ui_nodes" in page.nodes.text()
            assert "ui-node-b: desk_ui_nodes" in page.nodes.text()
            queue_row = next(r for r in range(page.counts.rowCount()) if page.counts.item(r, 0).text() == queue)
            page.counts.selectRow(queue_row)
            loads.clear()
            page.pause_button.click()
            await wait_until(lambda: loads, what="the pause")
            assert page.error.text() == ""
            await wait_until_async(lambda: paused_on(nodes), [True, True], what="both nodes to pause")
            page.counts.selectRow(queue_row)
            loads.clear()
            page.resume_button.click()
            await wait_until(lambda: loads, what="the resume")
            assert page.error.text() == ""
            await wait_until_async(lambda: paused_on(nodes), [False, False], what="both nodes to resume")

    qt_loop.run_until_complete(scenario())


async def wait_until_async[T](read: Callable[[], Awaitable[T]], wanted: T, *, what: str, timeout: float = 20) -> None:
    """Poll an async ``read`` until it returns ``wanted``; on timeout, say what was waited for and what was read."""
    seen: T | None = None
    try:
        async with asyncio.timeout(timeout):
            while (seen := await read()) != wanted:
                await asyncio.sleep(0.05)
    except TimeoutError:
        pytest.fail(f"timed out after {timeout} s waiting for {what}: read {seen!r}, wanted {wanted!r}")


def desk_of(group: Group, pages: tuple[SettingsPage, ...], tmp_path: Path) -> Desk:
    """A desk whose permissions are ``group``'s, carrying the composition root's settings pages."""
    return replace(make_desk("reviewer", tmp_path), permissions=permissions_of_group(group), settings_pages=pages)


@pytest.mark.parametrize("group", [Group.COMPANY_ADMIN, Group.REVIEWER, Group.QA])
def test_people_who_are_not_staff_admins_do_not_see_the_pages(
    qt_loop: asyncio.AbstractEventLoop, operation: Operation, group: Group, tmp_path: Path
) -> None:
    async def scenario() -> None:
        async with unit_of_work(operation.admin_url) as uow:
            pages = ops_settings_pages(uow, ChangeHub(), no_case_area)
            panel = SettingsPanel(desk_of(group, pages, tmp_path), lambda _: None)
            assert panel.findChildren(ApiKeysPage) == [] and panel.findChildren(JobsPage) == []
            staff = SettingsPanel(desk_of(Group.ADMIN, pages, tmp_path), lambda _: None)
            assert len(staff.findChildren(ApiKeysPage)) == 1 and len(staff.findChildren(JobsPage)) == 1
            await asyncio.sleep(0.2)  # let the staff pages' first loads finish before the engine goes

    qt_loop.run_until_complete(scenario())
