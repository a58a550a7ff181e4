"""The People section: find people, change their role and team, their access, disable, re-enable, force a password.

The list is the service's: filtered on the server (text, role, team,
company, disabled) and read one keyset page at a time ("Show more"); a
company administrator's list holds their company's people only, because
row-level security reads it so, and the controls they may not use (teams,
companies, password resets) are absent. Every write publishes its
:class:`~services.changes.Changes` on the desk's hub, and the page reloads
whenever the hub says people changed, here or on another workstation.
"Access…" opens the picker of the selected person's properties or owners
(:mod:`ui.access_grants_dialog`); it is offered only for people whom grants
concern and whom this administrator may grant (a company administrator
never sees it for an owner-level person).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Protocol

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from services.access_grants_rows import GrantKind, grant_kind_of
from services.changes import ChangeKind, Changes
from services.errors import Refusal
from services.people_admin_rows import (
    COMPANY_ROLES,
    STAFF_ROLES,
    Option,
    PeopleCursor,
    PeopleFilter,
    PersonRow,
    assignable_roles,
)
from services.people_admin_rows import (
    PeoplePage as PeopleRows,
)
from services.permissions import Capability, Group
from ui.access_grants_dialog import AccessGrantsDialog
from ui.attempt import Refused, attempt
from ui.combo_data import choose_data
from ui.desk import Desk
from ui.latest_task import LatestTask
from ui.record_table import RecordTable, search_box, show_once
from ui.role_labels import role_label

COLUMNS = ("Name", "Address", "Role", "Company", "Team", "State")
PAGE_SIZE = 100


def ask_yes_no(parent: QWidget, question: str) -> bool:
    """The person's answer to a yes/no question before a change that locks someone out."""
    return QMessageBox.question(parent, "Ruling Desk", question) == QMessageBox.StandardButton.Yes


def person_cells(person: PersonRow) -> tuple[str, ...]:
    return (
        person.display_name,
        person.email,
        role_label(person.role),
        person.company_name or "—",
        person.team_name or "—",
        "Disabled" if person.disabled else "Active",
    )


class PeopleDirectory(Protocol):
    """:class:`services.people_admin.PeopleAdmin` as this page uses it."""

    async def list_people(
        self, wanted: PeopleFilter, *, after: PeopleCursor | None = None, limit: int = ...
    ) -> PeopleRows: ...
    async def teams(self) -> list[Option]: ...
    async def companies(self) -> list[Option]: ...
    async def change_role(self, user_id: uuid.UUID, role: str, *, reason: str = ...) -> Changes: ...
    async def move_to_team(self, user_id: uuid.UUID, team_id: uuid.UUID | None, *, reason: str = ...) -> Changes: ...
    async def disable(self, user_id: uuid.UUID, *, reason: str = ...) -> Changes: ...
    async def enable(self, user_id: uuid.UUID, *, reason: str = ...) -> Changes: ...
    async def force_password_change(self, user_id: uuid.UUID, *, reason: str = ...) -> str: ...


class PeoplePage(QWidget):
    """The People section's page for one signed-in administrator."""

    def __init__(
        self,
        directory: PeopleDirectory | None,
        desk: Desk,
        invite: QAction | None,
        *,
        confirm: Callable[[QWidget, str], bool] | None = None,
        page_size: int = PAGE_SIZE,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._directory = directory
        self._confirm_with = confirm or ask_yes_no
        self._page_size = page_size
        self._desk = desk
        permissions = desk.permissions
        self._staff = permissions.group is Group.ADMIN
        self._cursor: PeopleCursor | None = None
        self._load = LatestTask[PeopleRows | Refused]("people page")
        self._options = LatestTask[tuple[list[Option], list[Option]] | Refused]("people filters")
        self._write = LatestTask[str | Refused]("people change")
        self.last_one_time_password: str | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        top = QHBoxLayout()
        self.invite_button: QToolButton | None = None
        if invite is not None:
            self.invite_button = QToolButton(self)
            self.invite_button.setObjectName("inviteButton")
            self.invite_button.setDefaultAction(invite)
            self.invite_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            top.addWidget(self.invite_button)
        top.addStretch(1)
        layout.addLayout(top)

        filters = QHBoxLayout()
        self.search = search_box(self, "peopleSearch", "Search by name or address", self.reload)
        layout.addWidget(self.search)
        self.role_filter = self._combo("peopleRoleFilter", [("Any role", None)])
        for role in dict.fromkeys(STAFF_ROLES + COMPANY_ROLES if self._staff else COMPANY_ROLES):
            self.role_filter.addItem(role_label(role), role)
        filters.addWidget(self.role_filter)
        # Teams and companies are staff business: a company admin's page has no such controls at all.
        self.team_filter: QComboBox | None = None
        self.company_filter: QComboBox | None = None
        if self._staff:
            self.team_filter = self._combo("peopleTeamFilter", [("Any team", None)])
            self.company_filter = self._combo("peopleCompanyFilter", [("Any company", None)])
            filters.addWidget(self.team_filter)
            filters.addWidget(self.company_filter)
        self.state_filter = self._combo(
            "peopleStateFilter", [("Active", False), ("Disabled", True), ("Active and disabled", None)]
        )
        filters.addWidget(self.state_filter)
        layout.addLayout(filters)

        self.table = RecordTable("peopleTable", COLUMNS, person_cells, stretch=COLUMNS.index("Address"), parent=self)
        layout.addWidget(self.table, 1)
        self.more = QPushButton("Show more", self)
        self.more.setObjectName("peopleMore")
        self.more.setVisible(False)
        layout.addWidget(self.more, 0, Qt.AlignmentFlag.AlignLeft)

        actions = QHBoxLayout()
        self.role = self._combo("peopleRole", [])
        self.change_role = self._button("peopleChangeRole", "Change role")
        actions.addWidget(self.role)
        actions.addWidget(self.change_role)
        self.team: QComboBox | None = None
        self.move_team: QPushButton | None = None
        if permissions.may(Capability.MOVE_BETWEEN_TEAMS):
            self.team = self._combo("peopleTeam", [("No team", None)])
            self.move_team = self._button("peopleMoveTeam", "Move to team")
            actions.addWidget(self.team)
            actions.addWidget(self.move_team)
            self.move_team.clicked.connect(self._on_move_team_clicked)
        self.access: QPushButton | None = None
        self.access_dialog: AccessGrantsDialog | None = None
        if desk.access_grants is not None and permissions.may(Capability.MANAGE_ACCESS_GRANTS):
            self.access = self._button("peopleAccess", "Access…")
            actions.addWidget(self.access)
            self.access.clicked.connect(self._on_access_clicked)
        self.disable = self._button("peopleDisable", "Disable")
        self.enable = self._button("peopleEnable", "Re-enable")
        actions.addStretch(1)
        layout.addLayout(actions)
        # Locking someone out or in gets a row of its own, apart from the everyday changes.
        actions = QHBoxLayout()
        actions.addWidget(self.disable)
        actions.addWidget(self.enable)
        self.reset_password: QPushButton | None = None
        if permissions.may(Capability.FORCE_PASSWORD_CHANGE):
            self.reset_password = self._button("peopleResetPassword", "Force password change…")
            actions.addWidget(self.reset_password)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.message = QLabel(self)
        self.message.setObjectName("peopleMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

        for combo in (self.role_filter, self.team_filter, self.company_filter, self.state_filter):
            if combo is not None:
                combo.currentIndexChanged.connect(self.reload)
        self.table.itemSelectionChanged.connect(self._on_table_selection)
        self.more.clicked.connect(self._on_more_clicked)
        self.change_role.clicked.connect(self._on_change_role_clicked)
        self.disable.clicked.connect(self._on_disable_clicked)
        self.enable.clicked.connect(self._on_enable_clicked)
        if self.reset_password is not None:
            self.reset_password.clicked.connect(self._on_reset_password_clicked)
        if desk.hub is not None:
            desk.hub.changed.connect(self._on_hub_changed)
        self._on_table_selection()
        if directory is None:
            self.message.setText("Not connected to a database: nobody to list.")
            self.setEnabled(invite is not None)
        else:
            QTimer.singleShot(0, self._start)

    # ------------------------------------------------------------ reading
    @property
    def loading(self) -> bool:
        return self._load.running or self._options.running

    @property
    def busy(self) -> bool:
        return self.loading or self._write.running

    @property
    def rows(self) -> list[PersonRow]:
        return self.table.records

    def wanted(self) -> PeopleFilter:
        return PeopleFilter(
            text=self.search.text(),
            role=self.role_filter.currentData(),
            team_id=self.team_filter.currentData() if self.team_filter is not None else None,
            company_id=self.company_filter.currentData() if self.company_filter is not None else None,
            disabled=self.state_filter.currentData(),
        )

    def _start(self) -> None:
        self.reload()
        if self._staff and self._directory is not None:
            directory = self._directory

            async def options() -> tuple[list[Option], list[Option]]:
                return await directory.teams(), await directory.companies()

            self._options.start(attempt(options, expected=(Refusal,), what="Loading teams"), self._show_options)

    def reload(self) -> None:
        self._fetch(None)

    def _on_more_clicked(self) -> None:
        self._fetch(self._cursor)

    def _fetch(self, after: PeopleCursor | None) -> None:
        if self._directory is None:
            return
        directory, wanted = self._directory, self.wanted()

        async def page() -> PeopleRows:
            return await directory.list_people(wanted, after=after, limit=self._page_size)

        self._load.start(
            attempt(page, expected=(Refusal,), what="Loading people"),
            lambda result: self._show_page(result, append=after is not None),
        )

    def _show_options(self, result: tuple[list[Option], list[Option]] | Refused) -> None:
        if isinstance(result, Refused):
            self.message.setText(result.message)
            return
        teams, companies = result
        for combo, options in ((self.team_filter, teams), (self.team, teams), (self.company_filter, companies)):
            if combo is not None:
                for option in options:
                    combo.addItem(option.name, option.id)

    def _show_page(self, result: PeopleRows | Refused, *, append: bool) -> None:
        if isinstance(result, Refused):
            self.message.setText(result.message)
            return
        self.table.show_records(result.rows, append=append)
        self._cursor = result.next_cursor
        self.more.setVisible(result.next_cursor is not None)
        self._on_table_selection()

    def selected(self) -> PersonRow | None:
        return self.table.selected()

    def select(self, user_id: uuid.UUID) -> bool:
        return self.table.select(user_id)

    def _on_table_selection(self) -> None:
        person = self.selected()
        chosen = person is not None
        self.role.clear()
        if person is not None:
            for role in assignable_roles(person):
                self.role.addItem(role_label(role), role)
            choose_data(self.role, person.role)
            if self.team is not None:
                choose_data(self.team, person.team_id)
        active = chosen and person is not None and not person.disabled
        for control in (self.role, self.change_role, self.team, self.move_team, self.disable, self.reset_password):
            if control is not None:
                control.setEnabled(active)
        self.enable.setEnabled(chosen and person is not None and person.disabled)
        if self.access is not None:
            self.access.setEnabled(person is not None and self.grantable(person) is not None)

    def grantable(self, person: PersonRow) -> GrantKind | None:
        """What this administrator may grant ``person`` (the database's rule: owners are staff business)."""
        kind = grant_kind_of(person)
        if kind is GrantKind.OWNER and not self._desk.permissions.may(Capability.MANAGE_OWNER_GRANTS):
            return None
        return kind

    def _on_hub_changed(self, changes: Changes) -> None:
        if changes.touches(ChangeKind.PERSON):
            self.reload()

    # ------------------------------------------------------------ writing
    def _on_change_role_clicked(self) -> None:
        role = self.role.currentData()
        self._change("Changing the role", lambda directory, person: directory.change_role(person.id, role))

    def _on_move_team_clicked(self) -> None:
        team_id = self.team.currentData() if self.team is not None else None
        self._change("Moving to the team", lambda directory, person: directory.move_to_team(person.id, team_id))

    def _on_disable_clicked(self) -> None:
        person = self.selected()
        if person is None or not self._confirm(
            f"Disable {person.display_name}? Their open sessions end and their login opens nothing until re-enabled."
        ):
            return
        self._change("Disabling", lambda directory, chosen: directory.disable(chosen.id))

    def _on_enable_clicked(self) -> None:
        self._change("Re-enabling", lambda directory, person: directory.enable(person.id))

    def _on_access_clicked(self) -> None:
        person = self.selected()
        kind = self.grantable(person) if person is not None else None
        if person is None or kind is None or self._desk.access_grants is None:
            return
        if self.access_dialog is not None:
            self.access_dialog.close()
            self.access_dialog.deleteLater()
        self.access_dialog = AccessGrantsDialog(self._desk.access_grants, person, kind, self._desk.hub, parent=self)
        self.access_dialog.open()

    def _on_reset_password_clicked(self) -> None:
        person = self.selected()
        if person is None or self._directory is None:
            return
        if not self._confirm(
            f"Give {person.display_name} a one-time password? Their own stops working; they choose a new one "
            "at their next sign-in."
        ):
            return
        directory = self._directory

        async def reset() -> str:
            password = await directory.force_password_change(person.id)
            self._publish(Changes.of(ChangeKind.PERSON))
            return password

        self._write.start(attempt(reset, expected=(Refusal,), what="Forcing a password change"), self._show_password)

    def _change(self, what: str, write: Callable[[PeopleDirectory, PersonRow], Awaitable[Changes]]) -> None:
        person = self.selected()
        if person is None or self._directory is None:
            return
        directory = self._directory

        async def change() -> str:
            self._publish(await write(directory, person))
            return f"{what}: done for {person.display_name}."

        self._set_writing(True)
        self._write.start(attempt(change, expected=(Refusal,), what=what), self._show_written)

    def _publish(self, changes: Changes) -> None:
        if self._desk.hub is not None:
            self._desk.hub.publish(changes)
        else:
            self.reload()

    def _show_written(self, result: str | Refused) -> None:
        self._set_writing(False)
        self.message.setText(result.message if isinstance(result, Refused) else result)

    def _show_password(self, result: str | Refused) -> None:
        if isinstance(result, Refused):
            self.message.setText(result.message)
            return
        self.last_one_time_password = result
        self.message.setText("A one-time password was set; it was shown once.")
        show_once(
            self,
            "oneTimePassword",
            "One-time password",
            f"Tell the person this password; it works once, for choosing their own:\n\n{result}",
        )

    def _set_writing(self, writing: bool) -> None:
        for control in (self.change_role, self.move_team, self.disable, self.enable, self.reset_password):
            if control is not None:
                control.setEnabled(not writing)
        if not writing:
            self._on_table_selection()

    def _confirm(self, question: str) -> bool:
        return self._confirm_with(self, question)

    # ------------------------------------------------------------ building
    def _combo(self, name: str, items: list[tuple[str, object]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(10)
        for text, data in items:
            combo.addItem(text, data)
        return combo

    def _button(self, name: str, text: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        return button
