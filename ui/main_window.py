"""The shell: one window per signed-in person, with the areas their role may use as dock panels.

The window is built before the database is ready, so a person who starts
the app sees it at once with a "Starting…" notice in the queue panel; the
composition root then hands it a :class:`~ui.desk.Desk` for whoever signed
in (:meth:`MainWindow.open_desk`) and the queue (:meth:`MainWindow.open_queue`).
From the desk's permissions come the panels (queues, case, QA, settings:
absent when the role may not use them), the navigation bar and, through
:mod:`ui.actions`, every menu entry, shortcut, the shortcut overlay and
the command palette. Panels are ``QDockWidget``s with stable object names,
so a person's arrangement is saved and restored with their geometry
(:mod:`ui.window_layout`). The window never builds engines or sessions.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Final

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QActionGroup, QCloseEvent, QDesktopServices
from PySide6.QtWidgets import QDialog, QDockWidget, QLabel, QMainWindow, QToolBar, QWidget

from services.case_view import Case
from services.errors import DatabaseUnavailable, Refusal
from services.permissions import Area
from services.queue_query import QueueViewKind
from services.queue_rows import QueueRow, QueueSource, QueueViewSources
from ui.about_dialog import AboutDialog
from ui.actions import Menu, ShellActions
from ui.case_view import CaseView
from ui.case_workflow_panel import CaseWorkspace
from ui.change_hub import ChangeHub
from ui.command_palette import CommandPalette
from ui.desk import Desk
from ui.empty_state import EmptyState
from ui.latest_task import LatestTask
from ui.queue_filters_store import QueueFiltersStore
from ui.queue_model import QUEUE_ROW_ROLE, QueueTableModel
from ui.queue_panel import QueuesPanel, views_for
from ui.reassign_dialog import ReassignDialog
from ui.settings_panel import SettingsPanel
from ui.settings_reports import ReportsPage
from ui.shortcut_overlay import ShortcutOverlay
from ui.theme import set_status
from ui.window_layout import PersonLayout, available_screens, first_geometry, place_on_screen

DEFAULT_PAGE_SIZE: Final = 200
WINDOW_TITLE: Final = "Ruling Desk"

PANEL_NAMES: Final[dict[Area, str]] = {
    Area.QUEUES: "queuesPanel",
    Area.CASE: "casePanel",
    Area.QA: "qaPanel",
    Area.SETTINGS: "settingsPanel",
}
"""Stable object names: ``saveState`` keys the dock layout by them, so never rename one."""

_PANEL_TITLES: Final[dict[Area, str]] = {
    Area.QUEUES: "Queues",
    Area.CASE: "Case",
    Area.QA: "QA",
    Area.SETTINGS: "Settings",
}
_GO_ACTIONS: Final[dict[Area, str]] = {
    Area.QUEUES: "go.queues",
    Area.CASE: "go.case",
    Area.QA: "go.qa",
    Area.SETTINGS: "go.settings",
}


class MainWindow(QMainWindow):
    """The workstation of one signed-in person."""

    closed = Signal()
    """Emitted once, when the window has closed and cancelled its work."""
    sign_out_requested = Signal()
    """The person chose File → Sign out; the window closes right after."""

    def __init__(
        self,
        *,
        page_size: int = DEFAULT_PAGE_SIZE,
        preferences: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self._page_size = page_size
        self._preferences = preferences
        self._layout: PersonLayout | None = None
        self._source: QueueSource | None = None
        self._model: QueueTableModel | None = None
        self._total: int | None = None
        self._closed = False
        self._count: LatestTask[int | None] = LatestTask("queue count")
        self._case_load: LatestTask[Case | str] = LatestTask("case to read")
        self.desk: Desk | None = None
        self.workspace: CaseWorkspace | None = None
        self.actions: ShellActions | None = None
        self.panels: dict[Area, QDockWidget] = {}
        self.signing_out = False

        self.setWindowTitle(WINDOW_TITLE)
        self.setDockNestingEnabled(True)
        self.setGeometry(first_geometry(available_screens()))
        self.queues_panel = QueuesPanel(self)
        self.queue_view = self.queues_panel.view
        self.queues_panel.opened.connect(self._adopt_queue)
        self._add_panel(Area.QUEUES, self.queues_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.case_view = CaseView(self)

        self.connection_label = QLabel("Not connected", self)
        self.connection_label.setObjectName("connectionLabel")
        self.rows_label = QLabel("", self)
        self.rows_label.setObjectName("rowsLabel")
        self.statusBar().addWidget(self.connection_label, 1)
        self.statusBar().addPermanentWidget(self.rows_label)

    # ------------------------------------------------------------ public
    @property
    def person_title(self) -> str:
        return self.desk.title if self.desk is not None else WINDOW_TITLE

    def show_startup(self, what: str) -> None:
        """Say what the app is doing before the queue can be shown."""
        self.queue_view.show_notice("Starting…", what)
        self.connection_label.setText("Connecting…")

    def open_desk(self, desk: Desk) -> None:
        """Become ``desk.person``'s window: their panels, menus, shortcuts and saved layout."""
        if self.desk is not None:
            raise RuntimeError("a main window serves one person; open a new window for the next")
        self.desk = desk
        self.setWindowTitle(desk.title)
        self.actions = ShellActions(desk.permissions, self)
        self._build_panels(desk)
        self._build_navigation()
        self._build_menus()
        self._bind_actions(desk)
        self.queue_view.table.doubleClicked.connect(lambda _index: self.open_current_entry())
        if self.workspace is not None:
            self.workspace.workflow.case_opened.connect(self._on_case_opened)
        restored = False
        if self._preferences is not None:
            self._layout = PersonLayout(self._preferences, desk.person_key)
            restored = self._layout.restore(self)
        else:
            place_on_screen(self)
        # After the pending layout pass: docks without a place yet ignore resizeDocks, and
        # the panels' minimum sizes (which may widen the window) are known only then.
        QTimer.singleShot(0, self, lambda: self._settle(split=not restored))
        self.go_to(Area.QUEUES)

    def open_queue(self, source: QueueSource, *, connection: str, hub: ChangeHub | None = None) -> None:
        """Show ``source``, kept live by ``hub``, and say in the status bar which database it comes from."""
        self.connection_label.setText(connection)
        self.connection_label.setToolTip(connection)
        model = self.queue_view.open_queue(source, page_size=self._page_size, hub=hub)
        if self._layout is not None:  # the view sized its columns to fit; the person's own widths win
            self._layout.restore_columns(self.queue_view.table.horizontalHeader())
        self._adopt_queue(model, source)

    def open_views(self, views: QueueViewSources, *, connection: str, hub: ChangeHub | None = None) -> None:
        """The queues area's views (My work, pool, team, completed) for the person of the open desk."""
        if self.desk is None:
            raise RuntimeError("open the person's desk before their queue views")
        self.connection_label.setText(connection)
        self.connection_label.setToolTip(connection)
        preferences = self._preferences if self._preferences is not None else QSettings()
        self.queues_panel.open_views(
            views,
            views_for(self.desk.permissions),
            store=QueueFiltersStore(preferences, self.desk.person_key),
            page_size=self._page_size,
            hub=hub,
            has_access_grants=self.desk.has_access_grants,
        )

    def current_entry(self) -> QueueRow | None:
        """The queue line selected in the table; ``None`` without one."""
        index = self.queue_view.table.currentIndex()
        row = index.data(QUEUE_ROW_ROLE) if index.isValid() else None
        return row if isinstance(row, QueueRow) else None

    def open_current_entry(self) -> None:
        """Enter or a double-click in the queue: open the selected entry in the case area.

        Reviewers get the workflow's rules (theirs to rule, the pool's to
        claim or read, others' to read); everyone else reads the case.
        """
        row = self.current_entry()
        if row is not None:
            self._open(row.entry_id)

    def open_entry(self, entry_id: uuid.UUID) -> None:
        """Open an entry named elsewhere (a job's entry in the settings pane): the case area comes forward."""
        if self.desk is not None and Area.CASE in self.panels:
            self.go_to(Area.CASE)
            self._open(entry_id)

    def _open(self, entry_id: uuid.UUID) -> None:
        if self.desk is None:
            return
        if self.workspace is not None:
            self.workspace.workflow.open_entry(entry_id)
        elif self.desk.open_case is not None and Area.CASE in self.panels:
            self._case_load.start(_read_case(self.desk.open_case, entry_id), self._on_case_read)

    def reassign_current_entry(self) -> ReassignDialog | None:
        """Ctrl+Alt+A: the reassign picker for the entry selected in the queue."""
        row = self.current_entry()
        if row is None or self.desk is None or self.desk.reassign is None:
            return None
        entry = row.short_id or "This entry"
        return _opened(ReassignDialog(self.desk.reassign, row.entry_id, entry, self, holder=row.assigned_to))

    def _adopt_queue(self, model: QueueTableModel, source: QueueSource) -> None:
        """Follow the table's (new) model in the status bar: its pages, failures and total."""
        if self._model is not None and self._model is not model:
            self._disconnect_model(self._model)
        self._model, self._source = model, source
        model.page_loaded.connect(self._on_queue_page_loaded)
        model.rows_changed.connect(self._show_row_count)
        model.load_failed.connect(self._on_queue_load_failed)
        model.modelReset.connect(self._on_queue_reset)
        model.refreshed.connect(self._on_queue_reset)
        self._on_queue_reset()

    def show_settings_page(self, object_name: str) -> QWidget | None:
        """Bring the settings pane forward, on the section whose page is named ``object_name``; return the page."""
        self.go_to(Area.SETTINGS)
        dock = self.panels.get(Area.SETTINGS)
        panel = dock.widget() if dock is not None else None
        if not isinstance(panel, SettingsPanel):
            return None
        for title, page in panel.page_of.items():
            if page.objectName() == object_name:
                shown = panel.show_section(title)
                shown.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return shown
        return None

    def go_to(self, area: Area) -> None:
        """Bring ``area``'s panel forward (showing it again if it was closed) and give it the keyboard."""
        panel = self.panels.get(area)
        if panel is None:
            return
        panel.show()
        panel.raise_()
        panel.widget().setFocus(Qt.FocusReason.ShortcutFocusReason)
        action = self.actions.get(_GO_ACTIONS[area]) if self.actions is not None else None
        if action is not None:
            action.setChecked(True)

    def _request_report(self) -> None:
        """Show the settings pane with the keyboard on the reports page's request form."""
        page = self.show_settings_page("reportsPage")
        if isinstance(page, ReportsPage):
            page.focus_request()

    def open_shortcut_overlay(self) -> ShortcutOverlay | None:
        return _opened(ShortcutOverlay(self.actions, self)) if self.actions is not None else None

    def open_command_palette(self) -> CommandPalette | None:
        return _opened(CommandPalette(self.actions, self)) if self.actions is not None else None

    def open_about(self) -> AboutDialog | None:
        if self.desk is None:
            return None
        desk = self.desk
        return _opened(
            AboutDialog(desk.server_facts, app_version=desk.app_version, data_dir=desk.data_dir, parent=self)
        )

    # ------------------------------------------------------ Qt overrides
    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closed and self._layout is not None:
            self._layout.save(self, self.queue_view.table.horizontalHeader())
        super().closeEvent(event)
        if self._closed:
            return
        self._closed = True
        self._count.cancel()
        if self._model is not None:
            self._disconnect_model(self._model)
        self.queues_panel.shutdown()
        if Area.CASE in self.panels:  # otherwise the case view was never used and is deleted
            self.case_view.shutdown()
        if self.workspace is not None:
            self.workspace.workflow.shutdown()
        self._case_load.cancel()
        self.closed.emit()

    def changeEvent(self, event: QEvent) -> None:
        """Icons are drawn in the palette's colours: redraw them when the theme changes."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.actions is not None:
            self.actions.paint_icons()

    # ---------------------------------------------------------- building
    def _add_panel(self, area: Area, content: QWidget, where: Qt.DockWidgetArea) -> QDockWidget:
        panel = QDockWidget(_PANEL_TITLES[area], self)
        panel.setObjectName(PANEL_NAMES[area])
        panel.setWidget(content)
        panel.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(where, panel)
        self.panels[area] = panel
        return panel

    def _build_panels(self, desk: Desk) -> None:
        """Every area but the queue, as tabs of one panel group right of the queue (absent when not allowed)."""
        permissions = desk.permissions
        actions = self.actions
        contents: dict[Area, QWidget] = {
            Area.CASE: self._case_content(desk),
            Area.QA: EmptyState(
                "Quality assurance",
                "Escalated entries, sampled re-reviews and the audit trail will be listed here.",
            ),
            Area.SETTINGS: SettingsPanel(desk, lambda action_id: actions.get(action_id) if actions else None),
        }
        first: QDockWidget | None = None
        for area, content in contents.items():
            if not permissions.uses(area):
                content.deleteLater()
                continue
            panel = self._add_panel(area, content, Qt.DockWidgetArea.LeftDockWidgetArea)
            if first is None:
                self.splitDockWidget(self.panels[Area.QUEUES], panel, Qt.Orientation.Horizontal)
                first = panel
            else:
                self.tabifyDockWidget(first, panel)
        if first is not None:
            first.raise_()

    def _case_content(self, desk: Desk) -> QWidget:
        """The claim → rule → next workspace around the case view for people who claim; otherwise the case view."""
        if desk.review is None:
            return self.case_view
        self.workspace = CaseWorkspace(desk.review, self, area=self.case_view)
        return self.workspace

    def _settle(self, *, split: bool) -> None:
        place_on_screen(self)
        if split:
            self._split_panels()

    def _split_panels(self) -> None:
        """First layout: the case (where a day's work happens) gets two thirds, the queue one third.

        Without a case area, the queue keeps two thirds beside the other panels' tabs.
        """
        others = [panel for area, panel in self.panels.items() if area is not Area.QUEUES]
        if others:
            width = self.width()
            queue = width // 3 if Area.CASE in self.panels else width * 2 // 3
            self.resizeDocks([self.panels[Area.QUEUES], others[0]], [queue, width - queue], Qt.Orientation.Horizontal)

    def _build_navigation(self) -> None:
        assert self.actions is not None
        bar = QToolBar("Navigation", self)
        bar.setObjectName("navigationBar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        group = QActionGroup(self)
        group.setExclusive(True)
        for area in Area:
            action = self.actions.get(_GO_ACTIONS[area])
            if action is None:
                continue
            action.setCheckable(True)
            group.addAction(action)
            bar.addAction(action)
        self.addToolBar(Qt.ToolBarArea.LeftToolBarArea, bar)

    def _build_menus(self) -> None:
        assert self.actions is not None
        for menu in Menu:
            actions = self.actions.in_menu(menu)
            if not actions:
                continue  # a menu with nothing this person may do is absent too
            bar_menu = self.menuBar().addMenu(menu.value)
            for action in actions:
                if action.objectName() == "file.quit":
                    bar_menu.addSeparator()
                bar_menu.addAction(action)

    def _bind_actions(self, desk: Desk) -> None:
        actions = self.actions
        assert actions is not None
        for area, action_id in _GO_ACTIONS.items():
            actions.bind(action_id, lambda area=area: self.go_to(area))
        actions.bind("file.sign_out", self._sign_out)
        actions.bind("file.quit", self.close)
        actions.bind("go.palette", self.open_command_palette)
        actions.bind("queue.refresh", self.queue_view.refresh)
        actions.bind("queue.search", self._search_queue)
        for action_id, view in _VIEW_ACTIONS.items():
            actions.bind(action_id, partial(self._show_queue_view, view))
        self._bind_document_actions(actions)
        actions.bind("help.shortcuts", self.open_shortcut_overlay)
        actions.bind("help.log_folder", self._open_log_folder)
        actions.bind("help.about", self.open_about)
        actions.bind("reports.request", self._request_report)
        if desk.invite is not None:
            actions.bind("people.invite", desk.invite)
        if desk.import_invitations is not None:
            actions.bind("people.import_invitations", desk.import_invitations)
        for action_id, page_name in (("settings.api_keys", "apiKeysPage"), ("settings.jobs", "jobsPage")):
            if action_id in actions:
                actions.bind(action_id, lambda page_name=page_name: self.show_settings_page(page_name))
        actions.bind("queue.open", self.open_current_entry)
        actions.attach("queue.open", self.queue_view.table)
        actions.bind("queue.reassign", self.reassign_current_entry)
        if self.workspace is not None:
            self.workspace.bind(actions)
        refresh = actions.get("queue.refresh")
        if refresh is not None:
            refresh.setEnabled(self._source is not None)

    def _bind_document_actions(self, actions: ShellActions) -> None:
        viewer, case = self.case_view.viewer, self.case_view
        for action_id, handler in (
            ("document.zoom_in", viewer.zoom_in),
            ("document.zoom_out", viewer.zoom_out),
            ("document.actual_size", viewer.actual_size),
            ("document.fit_width", viewer.fit_width),
            ("document.fit_page", viewer.fit_page),
            ("document.rotate", viewer.rotate),
            ("document.next_page", viewer.next_page),
            ("document.previous_page", viewer.previous_page),
            ("document.next", case.next_document),
            ("document.previous", case.previous_document),
        ):
            actions.bind(action_id, handler)

    # ---------------------------------------------------------- handlers
    def _sign_out(self) -> None:
        self.signing_out = True
        self.sign_out_requested.emit()
        self.close()

    def _on_case_opened(self, case: Case | None) -> None:
        """A case opened in the workspace: bring it forward with the keyboard where the next key acts.

        To rule: the documents list (J/K move, C/E/F/I rule, Ctrl+Enter submits).
        To read: the case view (its page keys). After a submit the next case
        opens here too, so the reviewer's hands never need the mouse.
        """
        panel = self.panels.get(Area.CASE)
        if case is None or panel is None or self.workspace is None:
            return
        panel.show()
        panel.raise_()
        ruling = self.workspace.workflow.form is not None
        target = self.workspace.ruling_panel.documents if ruling else self.case_view
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        action = self.actions.get(_GO_ACTIONS[Area.CASE]) if self.actions is not None else None
        if action is not None:
            action.setChecked(True)

    def _on_case_read(self, outcome: Case | str) -> None:
        if isinstance(outcome, str):
            self.statusBar().showMessage(outcome, 10_000)
            return
        self.case_view.show_case(outcome)
        self.go_to(Area.CASE)

    def _search_queue(self) -> None:
        self.go_to(Area.QUEUES)
        self.queues_panel.focus_search()

    def _show_queue_view(self, view: QueueViewKind) -> None:
        self.go_to(Area.QUEUES)
        self.queues_panel.show_view(view)

    def _open_log_folder(self) -> None:
        if self.desk is not None:
            self.desk.log_dir.mkdir(parents=True, exist_ok=True)
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.desk.log_dir)))

    def _on_queue_reset(self) -> None:
        self._total = None
        self.rows_label.setText("Loading…")
        set_status(self.rows_label, "")
        refresh = self.actions.get("queue.refresh") if self.actions is not None else None
        if refresh is not None:
            refresh.setEnabled(True)
        if self._source is not None:
            self._count.start(_count_queue(self._source), self._on_queue_counted)

    def _on_queue_page_loaded(self, added: int) -> None:
        self._show_row_count()

    def _on_queue_load_failed(self, reason: str) -> None:
        self.rows_label.setText("Database unavailable")
        set_status(self.rows_label, "error")
        self.rows_label.setToolTip(reason)

    def _on_queue_counted(self, total: int | None) -> None:
        self._total = total
        self._show_row_count()

    # --------------------------------------------------------- internals
    def _disconnect_model(self, model: QueueTableModel) -> None:
        model.page_loaded.disconnect(self._on_queue_page_loaded)
        model.rows_changed.disconnect(self._show_row_count)
        model.load_failed.disconnect(self._on_queue_load_failed)
        model.modelReset.disconnect(self._on_queue_reset)
        model.refreshed.disconnect(self._on_queue_reset)

    def _show_row_count(self) -> None:
        model = self.queue_view.model
        if model is None or model.error is not None or model.loading:
            return  # a failure keeps its message; a running load updates the label when it lands
        loaded = model.rowCount()
        if model.exhausted:
            text = _entries(loaded)
        elif self._total is None:
            text = f"{_entries(loaded)} loaded"
        else:
            text = f"{loaded:,} of {_entries(max(self._total, loaded))} loaded"
        self.rows_label.setText(text)
        set_status(self.rows_label, "")
        self.rows_label.setToolTip("")


_VIEW_ACTIONS: Final = {
    "queue.my_work": QueueViewKind.MY_WORK,
    "queue.pool": QueueViewKind.POOL,
    "queue.team": QueueViewKind.TEAM,
    "queue.completed": QueueViewKind.COMPLETED,
}


def _opened[D: QDialog](dialog: D) -> D:
    """Show ``dialog`` window-modal without a nested event loop (``exec`` would stall qasync); freed on close."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


async def _read_case(open_case: Callable[[uuid.UUID], Awaitable[Case]], entry_id: uuid.UUID) -> Case | str:
    """The case to read, or why it cannot be shown (the status bar says it)."""
    try:
        return await open_case(entry_id)
    except (Refusal, DatabaseUnavailable) as refusal:
        return refusal.message


async def _count_queue(source: QueueSource) -> int | None:
    """The queue's total for "n of m"; without it the status bar just counts the loaded rows."""
    try:
        return await source.count()
    except Exception:  # the page load reports a failure; the count is optional
        return None


def _entries(count: int) -> str:
    return f"{count:,} {'entry' if count == 1 else 'entries'}"
