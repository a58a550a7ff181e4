"""The Invitations section: pending invitations with age, expiry and who invited; invite, import, revoke, re-issue.

The list is newest first, filtered by address on the server and read a
keyset page at a time; a company administrator sees their company's
invitations only (row-level security). Re-issuing gives the invitation a
new code, shown once here and never again (only its hash is stored), and
withdraws the old one. Writes publish ``INVITATION`` changes on the hub;
the page reloads when the hub says invitations changed, here or elsewhere.
The "Code" column says whether the code was e-mailed or is the
administrator's to hand out (``skip_email_sending``: a CSV import, or an
invitation created without e-mail).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Coroutine
from typing import Any, Protocol

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from services.changes import ChangeKind, Changes
from services.errors import Refusal
from services.invitation_admin_rows import InvitationCursor, InvitationPage, PendingInvitationRow, ReissuedCode
from ui.attempt import Refused, attempt
from ui.desk import Desk
from ui.latest_task import LatestTask
from ui.record_table import RecordTable, search_box, show_once
from ui.role_labels import role_label

COLUMNS = ("Address", "Role", "Company", "Invited by", "Age", "Expires", "Code")
PAGE_SIZE = 100


class InvitationDirectory(Protocol):
    """:class:`services.invitation_admin.InvitationAdmin` as this page uses it."""

    async def list_pending(
        self, text: str = ..., *, after: InvitationCursor | None = None, limit: int = ...
    ) -> InvitationPage: ...
    async def revoke(self, invitation_id: uuid.UUID, *, reason: str = ...) -> Changes: ...
    async def reissue(self, invitation_id: uuid.UUID, *, reason: str = ...) -> ReissuedCode: ...


def utc_now() -> datetime.datetime:
    """Now as the database stores times: naive UTC."""
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)


def age_text(since: datetime.datetime, now: datetime.datetime) -> str:
    """ "3 d", "5 h", "12 min": how long an invitation has waited."""
    minutes = max(0, int((now - since).total_seconds() // 60))
    if minutes >= 24 * 60:
        return f"{minutes // (24 * 60)} d"
    if minutes >= 60:
        return f"{minutes // 60} h"
    return f"{minutes} min"


class InvitationsPage(QWidget):
    """The Invitations section's page for a staff or company administrator."""

    def __init__(
        self,
        directory: InvitationDirectory | None,
        desk: Desk,
        invite: QAction | None,
        *,
        import_csv: QAction | None = None,
        now: Callable[[], datetime.datetime] = utc_now,
        page_size: int = PAGE_SIZE,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._directory = directory
        self._desk = desk
        self._now = now
        self._page_size = page_size
        self._cursor: InvitationCursor | None = None
        self._load = LatestTask[InvitationPage | Refused]("invitations page")
        self._write = LatestTask[str | Refused]("invitation change")
        self.last_code: ReissuedCode | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        top = QHBoxLayout()
        for name, action in (("invitationsInviteButton", invite), ("invitationsImportButton", import_csv)):
            if action is not None:
                button = QToolButton(self)
                button.setObjectName(name)
                button.setDefaultAction(action)
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
                top.addWidget(button)
        self.search = search_box(self, "invitationsSearch", "Search by address", self.reload)
        top.addWidget(self.search, 1)
        layout.addLayout(top)

        self.table = RecordTable[PendingInvitationRow]("invitationsTable", COLUMNS, self._cells, stretch=0, parent=self)
        layout.addWidget(self.table, 1)
        self.more = QPushButton("Show more", self)
        self.more.setObjectName("invitationsMore")
        self.more.setVisible(False)
        layout.addWidget(self.more, 0, Qt.AlignmentFlag.AlignLeft)

        buttons = QHBoxLayout()
        self.revoke = QPushButton("Revoke", self)
        self.revoke.setObjectName("invitationsRevoke")
        self.reissue = QPushButton("Re-issue code…", self)
        self.reissue.setObjectName("invitationsReissue")
        buttons.addWidget(self.revoke)
        buttons.addWidget(self.reissue)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.message = QLabel(self)
        self.message.setObjectName("invitationsMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

        self.table.itemSelectionChanged.connect(self._on_table_selection)
        self.more.clicked.connect(lambda: self._fetch(self._cursor))
        self.revoke.clicked.connect(self._on_revoke_clicked)
        self.reissue.clicked.connect(self._on_reissue_clicked)
        if desk.hub is not None:
            desk.hub.changed.connect(self._on_hub_changed)
        self._on_table_selection()
        if directory is None:
            self.message.setText("Not connected to a database: no invitations to list.")
        else:
            QTimer.singleShot(0, self.reload)

    @property
    def busy(self) -> bool:
        return self._load.running or self._write.running

    @property
    def rows(self) -> list[PendingInvitationRow]:
        return self.table.records

    def selected(self) -> PendingInvitationRow | None:
        return self.table.selected()

    def select(self, invitation_id: uuid.UUID) -> bool:
        return self.table.select(invitation_id)

    def reload(self) -> None:
        self._fetch(None)

    def _fetch(self, after: InvitationCursor | None) -> None:
        if self._directory is None:
            return
        directory, text = self._directory, self.search.text()

        async def page() -> InvitationPage:
            return await directory.list_pending(text, after=after, limit=self._page_size)

        self._load.start(
            attempt(page, expected=(Refusal,), what="Loading invitations"),
            lambda result: self._show_page(result, append=after is not None),
        )

    def _show_page(self, result: InvitationPage | Refused, *, append: bool) -> None:
        if isinstance(result, Refused):
            self.message.setText(result.message)
            return
        self.table.show_records(result.rows, append=append)
        self._cursor = result.next_cursor
        self.more.setVisible(result.next_cursor is not None)
        self._on_table_selection()

    def _cells(self, row: PendingInvitationRow) -> tuple[str, ...]:
        now = self._now()
        expires = "—" if row.expires_at is None else row.expires_at.strftime("%Y-%m-%d %H:%M UTC")
        return (
            row.email,
            role_label(row.role),
            row.company_name or "—",
            row.invited_by or "—",
            age_text(row.created_at, now),
            f"expired {expires}" if row.expired(now) else expires,
            "handed out" if row.handed_out else "e-mailed",
        )

    def _on_table_selection(self) -> None:
        chosen = self.selected() is not None and not self._write.running
        self.revoke.setEnabled(chosen)
        self.reissue.setEnabled(chosen)

    def _on_hub_changed(self, changes: Changes) -> None:
        if changes.touches(ChangeKind.INVITATION):
            self.reload()

    def _on_revoke_clicked(self) -> None:
        invitation = self.selected()
        if invitation is None or self._directory is None:
            return
        directory = self._directory

        async def revoke() -> str:
            self._publish(await directory.revoke(invitation.id))
            return f"The invitation for {invitation.email} was revoked; its code no longer works."

        self._start_write(attempt(revoke, expected=(Refusal,), what="Revoking the invitation"))

    def _on_reissue_clicked(self) -> None:
        invitation = self.selected()
        if invitation is None or self._directory is None:
            return
        directory = self._directory

        async def reissue() -> str:
            code = await directory.reissue(invitation.id)
            self.last_code = code
            self._publish(Changes.of(ChangeKind.INVITATION))
            self._show_code(code)
            return f"A new code for {code.email} was shown once; the old code no longer works."

        self._start_write(attempt(reissue, expected=(Refusal,), what="Re-issuing the code"))

    def _start_write(self, work: Coroutine[Any, Any, str | Refused]) -> None:
        self.revoke.setEnabled(False)
        self.reissue.setEnabled(False)
        self._write.start(work, self._show_written)

    def _show_written(self, result: str | Refused) -> None:
        self.message.setText(result.message if isinstance(result, Refused) else result)
        self._on_table_selection()

    def _publish(self, changes: Changes) -> None:
        if self._desk.hub is not None:
            self._desk.hub.publish(changes)
        else:
            self.reload()

    def _show_code(self, code: ReissuedCode) -> None:
        show_once(
            self,
            "reissuedCode",
            "New invitation code",
            f"The new code for {code.email} (valid until {code.expires_at:%Y-%m-%d %H:%M} UTC). "
            f"It is shown only now:\n\n{code.token}",
        )
