"""The access picker: which properties (or owners) one person sees, granted and revoked from the People page.

A company can have thousands of properties, so neither list here ever
holds more than the pages the person asked for: the picker's search runs on
the server and shows one keyset page ("Show more" fetches the next), and the
person's grant list is paged the same way. Only what the database would let
this administrator grant is offered: properties of the person's own
company (row-level security narrows a company administrator's search to
their company). A refusal all the same (the person moved company meanwhile,
someone else changed the grant) is shown as the database worded it. Every
write publishes :class:`~services.changes.Changes` of kind ``ACCESS`` on the
hub, and both lists re-read whenever the hub says access changed, here or on
another workstation.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from services.access_grants_rows import GrantChoice, GrantCursor, GrantKind, GrantPage
from services.changes import ChangeKind, Changes
from services.errors import Refusal
from services.people_admin_rows import PersonRow
from ui.attempt import Refused, attempt
from ui.change_hub import ChangeHub
from ui.latest_task import LatestTask
from ui.record_table import RecordTable, search_box

PAGE_SIZE = 50

NOUNS: dict[GrantKind, str] = {GrantKind.PROPERTY: "properties", GrantKind.OWNER: "owners"}


class AccessDirectory(Protocol):
    """:class:`services.access_grants.AccessGrants` as this dialog uses it."""

    async def choices(
        self,
        kind: GrantKind,
        user_id: uuid.UUID,
        search: str = ...,
        *,
        granted_only: bool = ...,
        after: GrantCursor | None = ...,
        limit: int = ...,
    ) -> GrantPage: ...
    async def grant(
        self, kind: GrantKind, user_id: uuid.UUID, ids: Sequence[uuid.UUID], *, reason: str = ...
    ) -> Changes: ...
    async def revoke(
        self, kind: GrantKind, user_id: uuid.UUID, ids: Sequence[uuid.UUID], *, reason: str = ...
    ) -> Changes: ...


def choice_cells(choice: GrantChoice) -> tuple[str, ...]:
    return (choice.name, choice.place or "—", choice.company or "—", "Granted" if choice.granted else "")


def granted_cells(choice: GrantChoice) -> tuple[str, ...]:
    return choice_cells(choice)[:-1]


class PagedChoices(QWidget):
    """One server-side list of choices: a multi-select table with "Show more", read a keyset page at a time."""

    def __init__(
        self,
        name: str,
        columns: Sequence[str],
        cells: Callable[[GrantChoice], Sequence[str]],
        load: Callable[[GrantCursor | None], None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.next_cursor: GrantCursor | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = RecordTable(f"{name}Table", columns, cells, stretch=1, many=True, parent=self)
        self.table.setMinimumHeight(150)
        layout.addWidget(self.table, 1)
        self.more = QPushButton("Show more", self)
        self.more.setObjectName(f"{name}More")
        self.more.setVisible(False)
        self.more.clicked.connect(lambda: load(self.next_cursor))
        layout.addWidget(self.more, 0, Qt.AlignmentFlag.AlignLeft)

    @property
    def rows(self) -> list[GrantChoice]:
        return self.table.records

    def show_page(self, page: GrantPage, *, append: bool) -> None:
        self.table.show_records(page.rows, append=append)
        self.next_cursor = page.next_cursor
        self.more.setVisible(page.next_cursor is not None)


class AccessGrantsDialog(QDialog):
    """Grant and revoke one person's properties (or owners), for one signed-in administrator."""

    def __init__(
        self,
        grants: AccessDirectory,
        person: PersonRow,
        kind: GrantKind,
        hub: ChangeHub | None,
        *,
        page_size: int = PAGE_SIZE,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("accessGrantsDialog")
        self._grants = grants
        self._person = person
        self._kind = kind
        self._hub = hub
        self._page_size = page_size
        self._granted_load = LatestTask[tuple[GrantPage, bool] | Refused]("granted access")
        self._search_load = LatestTask[tuple[GrantPage, bool] | Refused]("access search")
        self._write = LatestTask[str | Refused]("access change")
        many = NOUNS[kind]
        self.setWindowTitle(f"Access of {person.display_name}")

        layout = QVBoxLayout(self)
        if kind is GrantKind.PROPERTY:
            intro = (
                f"{person.display_name} sees the entries of these properties. Only properties of "
                f"{person.company_name or 'their company'} can be granted to them."
            )
            columns = ("Property", "Address", "Company", "Access")
        else:
            intro = f"{person.display_name} sees the entries of every property these owners own."
            columns = ("Owner", "Address", "", "Access")
        heading = QLabel(intro, self)
        heading.setWordWrap(True)
        layout.addWidget(heading)

        granted_box = QGroupBox(f"Granted {many}", self)
        granted_layout = QVBoxLayout(granted_box)
        self.granted = PagedChoices("granted", columns[:-1], granted_cells, self._load_granted, granted_box)
        granted_layout.addWidget(self.granted)
        self.revoke = QPushButton("Revoke selected", granted_box)
        self.revoke.setObjectName("accessRevoke")
        granted_layout.addWidget(self.revoke, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(granted_box, 1)

        search_group = QGroupBox(f"Grant more {many}", self)
        search_layout = QVBoxLayout(search_group)
        what = "name, address or company" if kind is GrantKind.PROPERTY else "name or address"
        self.search = search_box(search_group, "accessSearch", f"Search {many} by {what}", self._on_search)
        search_layout.addWidget(self.search)
        self.results = PagedChoices("accessResults", columns, choice_cells, self._load_results, search_group)
        search_layout.addWidget(self.results)
        self.grant = QPushButton(f"Grant selected {many}", search_group)
        self.grant.setObjectName("accessGrant")
        search_layout.addWidget(self.grant, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(search_group, 2)

        self.message = QLabel(self)
        self.message.setObjectName("accessMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.granted.table.itemSelectionChanged.connect(self._update_buttons)
        self.results.table.itemSelectionChanged.connect(self._update_buttons)
        self.revoke.clicked.connect(self._on_revoke_clicked)
        self.grant.clicked.connect(self._on_grant_clicked)
        if kind is GrantKind.OWNER:  # owners belong to no company
            for table in (self.granted.table, self.results.table):
                table.setColumnHidden(2, True)
        self._listening = hub is not None
        if hub is not None:
            hub.changed.connect(self._on_hub_changed)
        self.finished.connect(self._on_finished)
        self._update_buttons()
        self.resize(760, 640)
        QTimer.singleShot(0, self.reload)

    # ------------------------------------------------------------ reading
    @property
    def busy(self) -> bool:
        return self._granted_load.running or self._search_load.running or self._write.running

    def reload(self) -> None:
        self._load_granted(None)
        self._load_results(None)

    def _on_search(self) -> None:
        self._load_results(None)

    def _load_granted(self, after: GrantCursor | None) -> None:
        self._page(self._granted_load, self.granted, "", granted_only=True, after=after)

    def _load_results(self, after: GrantCursor | None) -> None:
        self._page(self._search_load, self.results, self.search.text(), granted_only=False, after=after)

    def _page(
        self,
        task: LatestTask[tuple[GrantPage, bool] | Refused],
        target: PagedChoices,
        search: str,
        *,
        granted_only: bool,
        after: GrantCursor | None,
    ) -> None:
        grants, kind, user_id, limit = self._grants, self._kind, self._person.id, self._page_size

        async def page() -> tuple[GrantPage, bool]:
            found = await grants.choices(kind, user_id, search, granted_only=granted_only, after=after, limit=limit)
            return found, after is not None

        task.start(attempt(page, expected=(Refusal,), what="Loading access"), lambda result: self._show(target, result))

    def _show(self, target: PagedChoices, result: tuple[GrantPage, bool] | Refused) -> None:
        if isinstance(result, Refused):
            self.message.setText(result.message)
            return
        page, append = result
        target.show_page(page, append=append)
        self._update_buttons()

    def _on_hub_changed(self, changes: Changes) -> None:
        if changes.touches(ChangeKind.ACCESS):
            self.reload()

    def _on_finished(self) -> None:
        """Closed: stop reading and listening (a write in flight still lands and is announced)."""
        self._granted_load.cancel()
        self._search_load.cancel()
        if self._hub is not None and self._listening:
            self._hub.changed.disconnect(self._on_hub_changed)
            self._listening = False

    # ------------------------------------------------------------ writing
    def _on_grant_clicked(self) -> None:
        wanted = [choice for choice in self.results.table.chosen() if not choice.granted]
        self._change(wanted, grant=True)

    def _on_revoke_clicked(self) -> None:
        self._change(self.granted.table.chosen(), grant=False)

    def _change(self, chosen: list[GrantChoice], *, grant: bool) -> None:
        if not chosen:
            return
        grants, kind, user_id = self._grants, self._kind, self._person.id
        ids = [choice.id for choice in chosen]
        names = ", ".join(choice.name for choice in chosen[:3]) + (" …" if len(chosen) > 3 else "")
        what = "Granting" if grant else "Revoking"

        async def change() -> str:
            write = grants.grant if grant else grants.revoke
            self._publish(await write(kind, user_id, ids))
            return f"{what}: done for {names}."

        self.grant.setEnabled(False)
        self.revoke.setEnabled(False)
        self._write.start(attempt(change, expected=(Refusal,), what=what), self._show_written)

    def _publish(self, changes: Changes) -> None:
        if self._hub is not None:
            self._hub.publish(changes)
        else:
            self.reload()

    def _show_written(self, result: str | Refused) -> None:
        self.message.setText(result.message if isinstance(result, Refused) else result)
        self._update_buttons()

    def _update_buttons(self) -> None:
        writing = self._write.running
        self.revoke.setEnabled(not writing and bool(self.granted.table.chosen()))
        self.grant.setEnabled(not writing and any(not choice.granted for choice in self.results.table.chosen()))
