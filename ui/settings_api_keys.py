"""The API keys page: issue a key (its secret shown exactly once), list, deactivate, reactivate, delete.

The page holds the secret only in the one read-only field that shows it,
with a copy button; "Done" clears it and nothing else ever had it (the
database stores a hash). Keys are told apart by their public id, which
the secret itself begins with (``rdk_<public id>_…``). The list is
filtered (description or public id, state) and paged on the server; "Show
more" reads the next keyset page.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from services.api_key_admin_rows import (
    ApiKeyCursor,
    ApiKeyFilter,
    ApiKeyPage,
    ApiKeyRole,
    ApiKeyRow,
    ApiKeyScope,
    NewApiKey,
    ScopeChoice,
)
from services.changes import Changes
from services.errors import Refusal
from ui.attempt import Refused, attempt
from ui.inline_error import InlineError
from ui.latest_task import LatestTask
from ui.page_writes import run_write

COLUMNS = ("Key", "Description", "Scope", "Role", "State", "Created (UTC)", "Last used (UTC)")
SCOPE_LABELS = {
    ApiKeyScope.MASTER: "Master (everything)",
    ApiKeyScope.COMPANY: "One company",
    ApiKeyScope.PROPERTY: "One property",
}
ROLE_LABELS = {ApiKeyRole.READ_ONLY: "Read only", ApiKeyRole.WRITE: "Write", ApiKeyRole.ADMIN: "Admin"}
STATE_FILTERS: tuple[tuple[str, bool | None], ...] = (("Any state", None), ("Active", True), ("Deactivated", False))


type _Loaded = tuple[ApiKeyPage, tuple[Sequence[ScopeChoice], Sequence[ScopeChoice]]]


class ApiKeyAdmin(Protocol):
    """:class:`services.api_key_admin.ApiKeyAdministration`, as this page uses it."""

    async def list_keys(
        self, wanted: ApiKeyFilter = ..., *, after: ApiKeyCursor | None = None, limit: int = ...
    ) -> ApiKeyPage: ...
    async def create(
        self,
        *,
        description: str,
        scope: ApiKeyScope,
        role: ApiKeyRole,
        company_id: uuid.UUID | None,
        property_id: uuid.UUID | None,
    ) -> tuple[NewApiKey, Changes]: ...
    async def set_active(self, api_key_id: uuid.UUID, active: bool) -> Changes: ...
    async def delete(self, api_key_id: uuid.UUID) -> Changes: ...
    async def scope_choices(self) -> tuple[Sequence[ScopeChoice], Sequence[ScopeChoice]]: ...


class ApiKeysPage(QWidget):
    changed = Signal(object)
    """A :class:`Changes` after each write, for the window's change hub."""

    loaded = Signal()

    def __init__(self, admin: ApiKeyAdmin, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("apiKeysPage")
        self._admin = admin
        self._keys: list[ApiKeyRow] = []
        self._cursor: ApiKeyCursor | None = None
        self._load = LatestTask[object]("api keys: load")
        self._write = LatestTask[object]("api keys: write")
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_form())
        layout.addWidget(self._build_secret_box())
        self.error = InlineError(self)
        layout.addWidget(self.error)
        layout.addLayout(self._build_filter_row())
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("apiKeysTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)
        self.more = QPushButton("Show more", self)
        self.more.setObjectName("apiKeysMore")
        self.more.setVisible(False)
        self.more.clicked.connect(self._show_more)
        layout.addWidget(self.more, 0, Qt.AlignmentFlag.AlignLeft)
        buttons = QHBoxLayout()
        self.deactivate_button = QPushButton("Deactivate", self)
        self.reactivate_button = QPushButton("Reactivate", self)
        self.delete_button = QPushButton("Delete", self)
        self.delete_button.setToolTip("Delete for good; deactivate instead if the key may come back")
        self.deactivate_button.clicked.connect(lambda: self._set_active(False))
        self.reactivate_button.clicked.connect(lambda: self._set_active(True))
        self.delete_button.clicked.connect(self._delete)
        for button in (self.deactivate_button, self.reactivate_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._update_buttons()

    def _build_form(self) -> QGroupBox:
        box = QGroupBox("New API key", self)
        form = QFormLayout(box)
        self.description = QLineEdit(box)
        self.description.setObjectName("apiKeyDescription")
        self.description.setPlaceholderText("What the key is for, e.g. “Yardi nightly sync”")
        self.scope = QComboBox(box)
        for scope, label in SCOPE_LABELS.items():
            self.scope.addItem(label, scope)
        self.scope.setCurrentIndex(1)
        self.target = QComboBox(box)
        self.target.setObjectName("apiKeyTarget")
        self.role = QComboBox(box)
        for role, label in ROLE_LABELS.items():
            self.role.addItem(label, role)
        self.create_button = QPushButton("Create key", box)
        self.create_button.setObjectName("createApiKey")
        self.create_button.clicked.connect(self._create)
        self.scope.currentIndexChanged.connect(self._fill_targets)
        form.addRow("Description", self.description)
        form.addRow("Scope", self.scope)
        form.addRow("Company or property", self.target)
        form.addRow("Role", self.role)
        form.addRow("", self.create_button)
        self._companies: Sequence[ScopeChoice] = ()
        self._properties: Sequence[ScopeChoice] = ()
        return box

    def _build_filter_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.filter_text = QLineEdit(self)
        self.filter_text.setObjectName("apiKeysFilter")
        self.filter_text.setPlaceholderText("Filter by description or key id")
        self.filter_text.setClearButtonEnabled(True)
        self.filter_text.returnPressed.connect(self.reload)
        self.filter_state = QComboBox(self)
        self.filter_state.setObjectName("apiKeysStateFilter")
        for label, active in STATE_FILTERS:
            self.filter_state.addItem(label, active)
        self.filter_state.currentIndexChanged.connect(self.reload)
        row.addWidget(self.filter_text, 1)
        row.addWidget(self.filter_state)
        return row

    def wanted(self) -> ApiKeyFilter:
        """The filter the row above the list describes."""
        return ApiKeyFilter(text=self.filter_text.text(), active=self.filter_state.currentData())

    def _build_secret_box(self) -> QGroupBox:
        self.secret_box = QGroupBox("Copy the new key now: it is shown only this once", self)
        self.secret_box.setObjectName("apiKeySecretBox")
        row = QHBoxLayout(self.secret_box)
        self.secret = QLineEdit(self.secret_box)
        self.secret.setObjectName("apiKeySecret")
        self.secret.setReadOnly(True)
        self.copy_button = QPushButton("Copy", self.secret_box)
        self.copy_button.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.secret.text()))
        done = QPushButton("Done", self.secret_box)
        done.clicked.connect(self._forget_secret)
        row.addWidget(self.secret, 1)
        row.addWidget(self.copy_button)
        row.addWidget(done)
        self.secret_box.hide()
        return self.secret_box

    # Loading

    def reload(self) -> None:
        """Read the first page again (and the scope choices), as the filter now says."""
        wanted = self.wanted()

        async def load() -> object:
            async def both() -> _Loaded:
                return await self._admin.list_keys(wanted), await self._admin.scope_choices()

            return await attempt(both, expected=(Refusal,), what="Loading the API keys")

        self._load.start(load(), self._show)

    def _show(self, result: object) -> None:
        if isinstance(result, Refused):
            self.error.show_error(result.message)
        else:
            page, (self._companies, self._properties) = cast(_Loaded, result)
            self._keys = list(page.rows)
            self._show_cursor(page.next_cursor)
            self._fill_table()
            self._fill_targets()
        self.loaded.emit()

    def _show_more(self) -> None:
        wanted, after = self.wanted(), self._cursor

        async def load() -> object:
            return await attempt(
                lambda: self._admin.list_keys(wanted, after=after), expected=(Refusal,), what="Loading more API keys"
            )

        self._load.start(load(), self._append)

    def _append(self, result: object) -> None:
        if isinstance(result, Refused):
            self.error.show_error(result.message)
        else:
            page = cast(ApiKeyPage, result)
            self._keys.extend(page.rows)
            self._show_cursor(page.next_cursor)
            self._fill_table()
        self.loaded.emit()

    def _show_cursor(self, cursor: ApiKeyCursor | None) -> None:
        self._cursor = cursor
        self.more.setVisible(cursor is not None)

    def _fill_table(self) -> None:
        self.table.setRowCount(len(self._keys))
        for row, key in enumerate(self._keys):
            cells = (
                key.shown_prefix,
                key.description,
                SCOPE_LABELS[key.scope] if key.scope is ApiKeyScope.MASTER else key.scope_name,
                ROLE_LABELS.get(ApiKeyRole(key.role), key.role) if key.role in set(ApiKeyRole) else key.role,
                "Active" if key.is_active else "Deactivated",
                f"{key.inserted_at:%Y-%m-%d %H:%M}",
                f"{key.last_used_at:%Y-%m-%d %H:%M}" if key.last_used_at else "never",
            )
            for column, value in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self._update_buttons()

    def _fill_targets(self) -> None:
        scope = ApiKeyScope(self.scope.currentData())
        self.target.clear()
        choices = {ApiKeyScope.COMPANY: self._companies, ApiKeyScope.PROPERTY: self._properties}.get(scope, ())
        for choice in choices:
            self.target.addItem(choice.name, choice)
        self.target.setEnabled(scope is not ApiKeyScope.MASTER)

    # Writes

    def selected_key(self) -> ApiKeyRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self._keys[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        key = self.selected_key()
        busy = self._write.running
        self.deactivate_button.setEnabled(not busy and key is not None and key.is_active)
        self.reactivate_button.setEnabled(not busy and key is not None and not key.is_active)
        self.delete_button.setEnabled(not busy and key is not None)
        self.create_button.setEnabled(not busy)

    def _create(self) -> None:
        scope = ApiKeyScope(self.scope.currentData())
        target: ScopeChoice | None = self.target.currentData()
        company_id = None
        property_id = None
        if scope is ApiKeyScope.COMPANY and target is not None:
            company_id = target.id
        elif scope is ApiKeyScope.PROPERTY and target is not None:
            company_id, property_id = target.company_id, target.id
        description = self.description.text()
        role = ApiKeyRole(self.role.currentData())

        async def create() -> tuple[NewApiKey, Changes]:
            return await self._admin.create(
                description=description, scope=scope, role=role, company_id=company_id, property_id=property_id
            )

        self._run(create, "Creating the API key", self._created)

    def _created(self, result: tuple[NewApiKey, Changes]) -> None:
        new_key, changes = result
        self.description.clear()
        self.secret.setText(new_key.secret)
        self.secret_box.show()
        self.secret.selectAll()
        self.changed.emit(changes)

    def _forget_secret(self) -> None:
        self.secret.clear()
        self.secret_box.hide()

    def _set_active(self, active: bool) -> None:
        key = self.selected_key()
        if key is not None:
            self._run(lambda: self._admin.set_active(key.api_key_id, active), "Changing the key", self.changed.emit)

    def _delete(self) -> None:
        key = self.selected_key()
        if key is not None:
            self._run(lambda: self._admin.delete(key.api_key_id), "Deleting the key", self.changed.emit)

    def _run[T](self, work: Callable[[], Awaitable[T]], what: str, on_success: Callable[[T], None]) -> None:
        """One write at a time; whatever happens, the list is read again."""
        run_write(self._write, self.error, work, what, on_success, self._after_write)
        self._update_buttons()

    def _after_write(self) -> None:
        self.reload()
        self._update_buttons()
