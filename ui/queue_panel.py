"""The queues area: a tab per view with a live count, the search box and filters, and the table.

Every choice here (view, filter, search text, clicked header) becomes a
:class:`services.queue_query.QueueQuery` and opens a fresh server-side
source for the table (:class:`ui.queue_view.QueueView`); nothing is
filtered or sorted on the client. Each view remembers its filters and
order per person (:mod:`ui.queue_filters_store`), so they survive a
restart. Counts re-read, capped, whenever the hub reports an entry change.

The filters sit under a *Filters* button, in two columns, so the queue
dock can be narrow (a reviewer's width belongs to the case); the button
counts the filters in force, and they open by themselves when a view
starts with some. An empty view says why (:mod:`ui.queue_empty`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Final

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QTabBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from services.changes import ChangeKind, Changes
from services.errors import DatabaseUnavailable, Refusal
from services.permissions import Group, Permissions
from services.queue_query import (
    VIEW_TITLES,
    QueueCount,
    QueueFilters,
    QueueQuery,
    QueueSort,
    QueueViewKind,
    SlaState,
    SortColumn,
)
from services.queue_rows import QueueViewSources
from ui.change_hub import ChangeHub
from ui.latest_task import LatestTask
from ui.queue_empty import EmptyQueue, empty_queue, filtered
from ui.queue_filters_store import QueueFiltersStore
from ui.queue_legend import SLA_LABELS, SLA_LEGEND, SUGGESTED_RULING_LEGEND
from ui.queue_model import QueueColumn
from ui.queue_view import EMPTY, QueueView
from ui.vocabulary import suggested_ruling_label

LEAD_GROUPS: Final = frozenset({Group.SENIOR_REVIEWER, Group.QA, Group.ADMIN})
"""Who sees the Team view: the people who lead reviewers (issue 8)."""

REVIEWING_GROUPS: Final = frozenset({Group.REVIEWER, Group.SENIOR_REVIEWER})
"""Who starts on My work; everyone else starts on the pool (their own work is not the queue's)."""

SORTABLE: Final[dict[QueueColumn, SortColumn]] = {
    QueueColumn.SHORT_ID: SortColumn.SHORT_ID,
    QueueColumn.SUBMITTED: SortColumn.SUBMITTED,
    QueueColumn.SLA: SortColumn.SUBMITTED,
    QueueColumn.SUGGESTED_RULING: SortColumn.SUGGESTED_RULING,
}
"""The headers a click orders the queue by, on the server; the others ignore the click."""

_SEARCH_PAUSE_MS: Final = 300
"""Typing pauses this long before the search goes to the server."""

_FILTER_COMBO_CHARACTERS: Final = 10
"""A filter combo is at least this many characters wide (its popup shows the long names in full)."""

_RULINGS: Final = ("CLEAN", "EDITED", "FRAUD", "INSUFFICIENT", "PENDING", "NOT_RUN")
_DOCUMENT_TYPES: Final = ("paystub", "bank_statement")


def views_for(permissions: Permissions) -> tuple[QueueViewKind, ...]:
    """The views a person has, the one to start on first.

    Reviewers start on their own work; leads also get the team's. The
    company side reviews nothing: it follows its entries waiting in the
    pool and being worked (row-level security narrows both to its properties).
    """
    if permissions.group in REVIEWING_GROUPS:
        team = (QueueViewKind.TEAM,) if permissions.group in LEAD_GROUPS else ()
        return (QueueViewKind.MY_WORK, QueueViewKind.POOL, *team, QueueViewKind.COMPLETED)
    if permissions.group in LEAD_GROUPS:
        return (QueueViewKind.POOL, QueueViewKind.MY_WORK, QueueViewKind.TEAM, QueueViewKind.COMPLETED)
    return (QueueViewKind.POOL, QueueViewKind.TEAM)


class QueuesPanel(QWidget):
    """The views' tabs and filters above the queue table; until :meth:`open_views`, the table alone."""

    opened = Signal(object, object)
    """A view (or its filters or order) opened: the new ``QueueTableModel`` and its ``QueueSource``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._views: QueueViewSources | None = None
        self._store: QueueFiltersStore | None = None
        self._hub: ChangeHub | None = None
        self._page_size = 200
        self._kinds: tuple[QueueViewKind, ...] = ()
        self._query = QueueQuery()
        self._counts: dict[QueueViewKind, LatestTask[QueueCount | None]] = {}
        self._grants: LatestTask[bool | None] = LatestTask("access grants")
        self._granted: bool | None = None
        """``False`` once the server said this company-side person holds no grant (why the queue is empty)."""

        self.tabs = QTabBar(self)
        self.tabs.setObjectName("queueViewTabs")
        self.tabs.setExpanding(False)
        self.tabs.setDrawBase(False)
        self.tabs.currentChanged.connect(self._on_tab_changed)

        self.search = QLineEdit(self)
        self.search.setObjectName("queueSearch")
        self.search.setPlaceholderText("Search applicant name, email or short id")
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(_SEARCH_PAUSE_MS)
        self._search_timer.timeout.connect(self._on_filters_changed)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self._on_filters_changed)

        self.sla_filter = self._combo("queueSlaFilter", "Any SLA", [(SLA_LABELS[s], s) for s in SlaState], SLA_LEGEND)
        self.ruling_filter = self._combo(
            "queueRulingFilter",
            "Any suggestion",
            [(suggested_ruling_label(ruling), ruling) for ruling in _RULINGS],
            SUGGESTED_RULING_LEGEND,
        )
        self.document_filter = self._combo(
            "queueDocumentFilter",
            "Any document",
            [(kind.replace("_", " ").capitalize(), kind) for kind in _DOCUMENT_TYPES],
            "Only entries with a document of this type.",
        )
        self.strong_match = QCheckBox("Match ≥ 70 %", self)
        self.strong_match.setObjectName("queueStrongMatch")
        self.strong_match.setToolTip("Only entries matched to another entry at 70 % or more.")
        self.repeat_applicant = QCheckBox("Repeat applicant", self)
        self.repeat_applicant.setObjectName("queueRepeatApplicant")
        self.repeat_applicant.setToolTip("Only applicants who submitted before.")
        for box in (self.strong_match, self.repeat_applicant):
            box.toggled.connect(self._on_filters_changed)

        self.view = QueueView(self)
        self.view.explain_empty = self._explain_empty
        self.view.clear_filters_requested.connect(self.clear_filters)
        header = self.view.table.horizontalHeader()
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.sectionClicked.connect(self._on_header_clicked)

        self.filters_button = QToolButton(self)
        self.filters_button.setObjectName("queueFiltersButton")
        self.filters_button.setCheckable(True)
        self.filters_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.filters_button.setToolTip("Show or hide the filters")
        self.filters = QWidget(self)
        self.filters.setObjectName("queueFilters")
        grid = QGridLayout(self.filters)
        grid.setContentsMargins(0, 0, 0, 0)
        for number, widget in enumerate(
            (self.sla_filter, self.ruling_filter, self.document_filter, self.strong_match, self.repeat_applicant)
        ):
            grid.addWidget(widget, number // 2, number % 2)
        self.filters.hide()
        self.filters_button.toggled.connect(self.filters.setVisible)
        self._show_filter_count(QueueFilters())

        self.controls = QWidget(self)
        self.controls.setObjectName("queueControls")
        controls = QVBoxLayout(self.controls)
        controls.setContentsMargins(0, 0, 0, 0)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.filters_button)
        controls.addLayout(search_row)
        controls.addWidget(self.filters)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.tabs)
        layout.addWidget(self.controls)
        layout.addWidget(self.view, 1)
        self.tabs.hide()
        self.controls.hide()
        # Ctrl+1 (go to the queues) puts the keyboard on the table: arrows move, Enter opens.
        self.setFocusProxy(self.view)

    # ------------------------------------------------------------ opening
    def open_views(
        self,
        views: QueueViewSources,
        kinds: Sequence[QueueViewKind],
        *,
        store: QueueFiltersStore,
        page_size: int,
        hub: ChangeHub | None = None,
        has_access_grants: Callable[[], Awaitable[bool]] | None = None,
    ) -> None:
        """Show ``kinds`` as tabs, the person's last view first opened, with their saved filters.

        ``has_access_grants`` (company-side people whose view depends on
        grants) is asked once, so an empty queue can say "no properties
        granted to you" rather than "nothing to do".
        """
        if self._hub is not None:
            self._hub.changed.disconnect(self._on_hub_changed)
        self._views, self._store, self._hub, self._page_size = views, store, hub, page_size
        self._kinds = tuple(kinds)
        self._counts = {kind: LatestTask(f"{kind} count") for kind in self._kinds}
        if hub is not None:
            hub.changed.connect(self._on_hub_changed)
        self.tabs.show()
        self.controls.show()
        last = store.last_view()
        self.tabs.blockSignals(True)
        while self.tabs.count():
            self.tabs.removeTab(0)
        for kind in self._kinds:
            self.tabs.addTab(VIEW_TITLES[kind])
        self.tabs.blockSignals(False)
        start = self._kinds.index(last) if last in self._kinds else 0
        self.tabs.setCurrentIndex(start)
        self._show_view(self._kinds[start])
        self.filters_button.setChecked(filtered(self._query.filters))
        self.recount()
        self._granted = None
        if has_access_grants is not None:
            self._grants.start(_granted(has_access_grants), self._on_grants_known)

    def clear_filters(self) -> None:
        """The search box and every filter back to "any" (the empty queue's "Clear filters")."""
        if self._views is None:
            return
        self._set_widgets(QueueFilters())
        self._on_filters_changed()

    def show_view(self, kind: QueueViewKind) -> None:
        """Switch to ``kind`` (an action or a test); ignored if the person does not have it."""
        if kind in self._kinds:
            self.tabs.setCurrentIndex(self._kinds.index(kind))

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    @property
    def query(self) -> QueueQuery:
        return self._query

    def shutdown(self) -> None:
        self._grants.cancel()
        for task in self._counts.values():
            task.cancel()
        self.view.shutdown()

    # ------------------------------------------------------------ counts
    def recount(self) -> None:
        if self._views is None:
            return
        for kind, task in self._counts.items():
            query = QueueQuery(kind, self._query.filters if kind == self._query.view else QueueFilters())
            task.start(_count(self._views, query), lambda count, kind=kind: self._on_counted(kind, count))

    def _on_counted(self, kind: QueueViewKind, count: QueueCount | None) -> None:
        index = self._kinds.index(kind)
        title = VIEW_TITLES[kind]
        self.tabs.setTabText(index, title if count is None else f"{title} ({count.label})")
        if count is not None and count.capped:
            self.tabs.setTabToolTip(index, f"More than {count.total:,}: counting stops there to stay quick.")

    def _on_hub_changed(self, changes: Changes) -> None:
        if ChangeKind.ENTRY in changes.kinds:
            self.recount()

    def _on_grants_known(self, granted: bool | None) -> None:
        self._granted = granted
        if self.view.showing_empty:
            self.view.show_empty()

    def _explain_empty(self) -> EmptyQueue:
        if self._views is None:  # a single queue shown without the views (open_queue)
            return EMPTY
        return empty_queue(self._query.view, self._query.filters, granted=self._granted)

    def _show_filter_count(self, filters: QueueFilters) -> None:
        narrowing = sum(
            1
            for active in (
                filters.sla_state,
                filters.suggested_ruling,
                filters.document_type,
                filters.strong_match,
                filters.repeat_applicant,
            )
            if active
        )
        self.filters_button.setText(f"Filters ({narrowing})" if narrowing else "Filters")

    # ------------------------------------------------------------ choices
    def _on_tab_changed(self, index: int) -> None:
        if 0 <= index < len(self._kinds):
            self._show_view(self._kinds[index])
            self.recount()

    def _show_view(self, kind: QueueViewKind) -> None:
        assert self._store is not None
        filters, sort = self._store.load(kind)
        self._store.save_view(kind)
        self._set_widgets(filters)
        self._open(QueueQuery(kind, filters, sort))

    def _on_filters_changed(self) -> None:
        if self._views is None:
            return
        self._search_timer.stop()
        filters = self._filters_from_widgets()
        if filters != self._query.filters:
            self._open(QueueQuery(self._query.view, filters, self._query.sort))
            self.recount()

    def _on_header_clicked(self, section: int) -> None:
        column = SORTABLE.get(QueueColumn(section))
        if column is None or self._views is None:
            self._show_sort_indicator()
            return
        current = self._query.order
        descending = not current.descending if current.column is column else False
        self._open(QueueQuery(self._query.view, self._query.filters, QueueSort(column, descending)))

    def _open(self, query: QueueQuery) -> None:
        assert self._views is not None and self._store is not None
        self._query = query
        self._show_filter_count(query.filters)
        self._store.save(query.view, query.filters, query.sort)
        source = self._views.source_for(query)
        model = self.view.open_queue(
            source, page_size=self._page_size, hub=self._hub, descending=query.order.descending
        )
        self.view.table.setColumnHidden(QueueColumn.ASSIGNED_TO, query.view is not QueueViewKind.TEAM)
        self._show_sort_indicator()
        self.opened.emit(model, source)

    def _show_sort_indicator(self) -> None:
        order = self._query.order
        section = next((c for c, s in SORTABLE.items() if s is order.column and c is not QueueColumn.SLA), None)
        header = self.view.table.horizontalHeader()
        if section is None:
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            return
        header.setSortIndicator(
            section, Qt.SortOrder.DescendingOrder if order.descending else Qt.SortOrder.AscendingOrder
        )

    # ------------------------------------------------------------ widgets
    def _combo(self, name: str, anything: str, choices: list[tuple[str, object]], tooltip: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setToolTip(tooltip)
        combo.addItem(anything, None)
        for text, value in choices:
            combo.addItem(text, value)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(_FILTER_COMBO_CHARACTERS)
        combo.currentIndexChanged.connect(self._on_filters_changed)
        return combo

    def _filters_from_widgets(self) -> QueueFilters:
        sla = self.sla_filter.currentData()  # Qt hands a StrEnum back as its plain string
        return QueueFilters(
            suggested_ruling=self.ruling_filter.currentData(),
            strong_match=self.strong_match.isChecked(),
            repeat_applicant=True if self.repeat_applicant.isChecked() else None,
            document_type=self.document_filter.currentData(),
            sla_state=SlaState(sla) if sla else None,
            search=self.search.text(),
        )

    def _set_widgets(self, filters: QueueFilters) -> None:
        widgets = (self.search, self.sla_filter, self.ruling_filter, self.document_filter)
        for widget in (*widgets, self.strong_match, self.repeat_applicant):
            widget.blockSignals(True)
        self.search.setText(filters.search)
        for combo, value in (
            (self.sla_filter, filters.sla_state),
            (self.ruling_filter, filters.suggested_ruling),
            (self.document_filter, filters.document_type),
        ):
            combo.setCurrentIndex(max(0, combo.findData(value)))
        self.strong_match.setChecked(filters.strong_match)
        self.repeat_applicant.setChecked(bool(filters.repeat_applicant))
        for widget in (*widgets, self.strong_match, self.repeat_applicant):
            widget.blockSignals(False)


async def _granted(has_access_grants: Callable[[], Awaitable[bool]]) -> bool | None:
    """Whether the person holds grants; ``None`` (say nothing about it) when the database could not say."""
    try:
        return await has_access_grants()
    except (DatabaseUnavailable, Refusal):
        return None


async def _count(views: QueueViewSources, query: QueueQuery) -> QueueCount | None:
    """The count, or ``None`` (the tab shows no number) when the database could not say."""
    try:
        return await views.count(query)
    except (DatabaseUnavailable, Refusal):
        return None
