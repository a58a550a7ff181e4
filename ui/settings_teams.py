"""The Teams section: the teams with their time zone, country, manager and member count; create, change, archive.

A team's time zone decides where its day starts (reports count a day as
the team's day), so the zone is picked from the IANA list, typed with
completion, never free text. Members join and leave a team from the
People section; a team is archived (deleted: the schema has no archived
flag) only once it is empty. Writes publish ``TEAM`` changes on the
desk's hub, and the page reloads when the hub says teams changed.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Protocol

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from services.changes import ChangeKind, Changes
from services.errors import Refusal
from services.people_admin_rows import Option
from services.teams_rows import CountryOption, TeamDraft, TeamRow, timezones
from ui.attempt import Refused, attempt
from ui.combo_data import choose_data
from ui.desk import Desk
from ui.latest_task import LatestTask
from ui.record_table import RecordTable

COLUMNS = ("Team", "Time zone", "Country", "Manager", "Members")


def team_cells(team: TeamRow) -> tuple[str, ...]:
    return (team.name, team.timezone, team.country_name, team.manager_name or "—", str(team.members))


class TeamDirectory(Protocol):
    """:class:`services.teams.TeamsAdmin` as this page uses it."""

    async def list_teams(self) -> list[TeamRow]: ...
    async def countries(self) -> list[CountryOption]: ...
    async def manager_choices(self) -> list[Option]: ...
    async def create_team(self, draft: TeamDraft, *, reason: str = ...) -> tuple[uuid.UUID, Changes]: ...
    async def change_team(self, team_id: uuid.UUID, draft: TeamDraft, *, reason: str = ...) -> Changes: ...
    async def archive_team(self, team_id: uuid.UUID, *, reason: str = ...) -> Changes: ...


class TeamsPage(QWidget):
    """The Teams section's page for a staff administrator."""

    def __init__(self, directory: TeamDirectory | None, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._directory = directory
        self._desk = desk
        self._load = LatestTask[tuple[list[TeamRow], list[CountryOption], list[Option]] | Refused]("teams")
        self._write = LatestTask[str | Refused]("team change")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        self.table = RecordTable("teamsTable", COLUMNS, team_cells, stretch=0, parent=self)
        layout.addWidget(self.table, 1)

        form = QFormLayout()
        self.name = QLineEdit(self)
        self.name.setObjectName("teamName")
        self.timezone = QComboBox(self)
        self.timezone.setObjectName("teamTimezone")
        self.timezone.setEditable(True)
        self.timezone.addItems(timezones())
        self.timezone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = QCompleter(timezones(), self.timezone)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.timezone.setCompleter(completer)
        self.timezone.setCurrentText("UTC")
        self.country = QComboBox(self)
        self.country.setObjectName("teamCountry")
        self.manager = QComboBox(self)
        self.manager.setObjectName("teamManager")
        self.manager.addItem("No manager", None)
        form.addRow("Name", self.name)
        form.addRow("Time zone", self.timezone)
        form.addRow("Country", self.country)
        form.addRow("Manager", self.manager)
        layout.addLayout(form)

        buttons = QHBoxLayout()
        self.new = QPushButton("New team", self)
        self.new.setObjectName("teamNew")
        self.save = QPushButton("Save", self)
        self.save.setObjectName("teamSave")
        self.archive = QPushButton("Archive…", self)
        self.archive.setObjectName("teamArchive")
        for button in (self.new, self.save, self.archive):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.message = QLabel(self)
        self.message.setObjectName("teamsMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

        self.table.itemSelectionChanged.connect(self._on_table_selection)
        self.new.clicked.connect(self._on_new_clicked)
        self.save.clicked.connect(self._on_save_clicked)
        self.archive.clicked.connect(self._on_archive_clicked)
        if desk.hub is not None:
            desk.hub.changed.connect(self._on_hub_changed)
        self._on_table_selection()
        if directory is None:
            self.message.setText("Not connected to a database: no teams to list.")
            self.setEnabled(False)
        else:
            QTimer.singleShot(0, self.reload)

    @property
    def busy(self) -> bool:
        return self._load.running or self._write.running

    @property
    def teams(self) -> list[TeamRow]:
        return self.table.records

    def selected(self) -> TeamRow | None:
        return self.table.selected()

    def select(self, team_id: uuid.UUID) -> bool:
        return self.table.select(team_id)

    def draft(self) -> TeamDraft:
        return TeamDraft(
            self.name.text(),
            self.timezone.currentText().strip(),
            self.country.currentData(),
            self.manager.currentData(),
        )

    def reload(self) -> None:
        if self._directory is None:
            return
        directory = self._directory

        async def read() -> tuple[list[TeamRow], list[CountryOption], list[Option]]:
            return await directory.list_teams(), await directory.countries(), await directory.manager_choices()

        self._load.start(attempt(read, expected=(Refusal,), what="Loading teams"), self._show)

    def _show(self, result: tuple[list[TeamRow], list[CountryOption], list[Option]] | Refused) -> None:
        if isinstance(result, Refused):
            self.message.setText(result.message)
            return
        teams, countries, managers = result
        _refill(self.country, [(country.name, country.id) for country in countries], keep_first=0)
        _refill(self.manager, [(option.name, option.id) for option in managers], keep_first=1)
        self.table.show_records(teams)
        self._on_table_selection()

    def _on_table_selection(self) -> None:
        team = self.selected()
        self.archive.setEnabled(team is not None)
        self.save.setText("Save changes" if team is not None else "Create team")
        if team is None:
            return
        self.name.setText(team.name)
        self.timezone.setCurrentText(team.timezone)
        choose_data(self.country, team.country_id)
        choose_data(self.manager, team.manager_id)

    def _on_new_clicked(self) -> None:
        self.table.clearSelection()
        self.name.clear()
        self.manager.setCurrentIndex(0)
        self.name.setFocus()

    def _on_save_clicked(self) -> None:
        team, draft = self.selected(), self.draft()
        if team is None:
            self._run("Creating the team", lambda directory: _created(directory, draft))
        else:
            self._run("Saving the team", lambda directory: directory.change_team(team.id, draft))

    def _on_archive_clicked(self) -> None:
        team = self.selected()
        if team is not None:
            self._run(f"Archiving {team.name}", lambda directory: directory.archive_team(team.id))

    def _run(self, what: str, write: Callable[[TeamDirectory], Awaitable[Changes]]) -> None:
        if self._directory is None:
            return
        directory = self._directory

        async def change() -> str:
            changes = await write(directory)
            if self._desk.hub is not None:
                self._desk.hub.publish(changes)
            else:
                self.reload()
            return f"{what}: done."

        self._write.start(attempt(change, expected=(Refusal,), what=what), self._show_written)

    def _show_written(self, result: str | Refused) -> None:
        self.message.setText(result.message if isinstance(result, Refused) else result)

    def _on_hub_changed(self, changes: Changes) -> None:
        if changes.touches(ChangeKind.TEAM) or changes.touches(ChangeKind.PERSON):
            self.reload()


async def _created(directory: TeamDirectory, draft: TeamDraft) -> Changes:
    _, changes = await directory.create_team(draft)
    return changes


def _refill(combo: QComboBox, items: list[tuple[str, object]], *, keep_first: int) -> None:
    """Replace ``combo``'s items after the first ``keep_first`` ones, keeping the current choice."""
    current = combo.currentData()
    while combo.count() > keep_first:
        combo.removeItem(combo.count() - 1)
    for text, data in items:
        combo.addItem(text, data)
    choose_data(combo, current)
