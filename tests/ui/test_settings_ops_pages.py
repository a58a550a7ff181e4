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
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import psycopg
import pytest
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy.engine import make_url

from app.ops_settings_pages import ops_settings_pages
from services.api_key_admin import ApiKeyAdministration
from services.job_admin import JobAdministration
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


def desk_of(group: Group, pages: tuple[SettingsPage, ...], tmp_path: Path) -> Desk:
    """A desk whose permissions are ``group``'s, carrying the composition root's settings pages."""
    return replace(make_desk("reviewer", tmp_path), permissions=permissions_of_group(group), settings_pages=pages)


@pytest.mark.parametrize("group", [Group.COMPANY_ADMIN, Group.REVIEWER, Group.QA])
def test_people_who_are_not_staff_admins_do_not_see_the_pages(
    qt_loop: asyncio.AbstractEventLoop, operation: Operation, group: Group, tmp_path: Path
) -> None:
    async def scenario() -> None:
        async with unit_of_work(operation.admin_url) as uow:
            pages = ops_settings_pages(uow, ChangeHub())
            panel = SettingsPanel(desk_of(group, pages, tmp_path), lambda _: None)
            assert panel.findChildren(ApiKeysPage) == [] and panel.findChildren(JobsPage) == []
            staff = SettingsPanel(desk_of(Group.ADMIN, pages, tmp_path), lambda _: None)
            assert len(staff.findChildren(ApiKeysPage)) == 1 and len(staff.findChildren(JobsPage)) == 1
            await asyncio.sleep(0.2)  # let the staff pages' first loads finish before the engine goes

    qt_loop.run_until_complete(scenario())
