"""The reviewer queue as a Qt table model: a thin adapter over :class:`ui.queue_state.QueueState`.

The state (rows, cursor, id index, how a change lands) is plain Python;
this class turns its edits into Qt's row signals and runs the loads:

- **Paging.** Qt's views drive it through ``canFetchMore``/``fetchMore``:
  when the reviewer scrolls near the end (or the viewport is not yet
  full), the view asks for more and the model starts an async load whose
  rows are appended when they arrive. One page or refresh runs at a time;
  a newer one cancels it ("latest request wins").
- **Live changes.** :meth:`apply_changes` takes what the change hub
  carries. Changed entries are re-read through the service (as the
  signed-in person, under row-level security) and moved, inserted,
  removed or repainted in place; ids arriving while a read runs wait for
  the next one. A resync (the listener reconnected) refreshes.
- **Refresh** (F5, a resync) reads as many rows as are shown and applies
  the difference as edits, never a model reset, so the selection and the
  scroll position stay.

Failures become a message (``load_failed``) and stop paging until
``retry``; they are never raised into Qt's event loop. The source reports
an unreachable database as :class:`services.errors.DatabaseUnavailable`.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from enum import IntEnum
from functools import partial
from typing import Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from services.changes import ChangeKind, Changes
from services.errors import Refusal
from services.queue_rows import QueuePage, QueueRow, QueueSource
from services.queue_sla import describe_time_left, sla_state, utc_now
from ui.latest_task import LatestTask
from ui.queue_legend import SLA_LEGEND, SUGGESTED_RULING_LEGEND, sla_colour, sla_font
from ui.queue_state import Edit, Insertion, QueueState, Removal, Replacement
from ui.theme import ruling_colour
from ui.vocabulary import review_status_label, suggested_ruling_label

log = logging.getLogger(__name__)

ENTRY_ID_ROLE: Final = Qt.ItemDataRole.UserRole + 1
QUEUE_ROW_ROLE: Final = Qt.ItemDataRole.UserRole + 2
"""The whole :class:`QueueRow` behind a line (opening or reassigning the selected entry reads it)."""
"""Role returning the row's ``entry_id`` (to open the entry later)."""

_ModelIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class _LoadFailure:
    reason: str


class QueueColumn(IntEnum):
    SHORT_ID = 0
    APPLICANT = 1
    PROPERTY = 2
    SUBMITTED = 3
    REVIEW_STATUS = 4
    SUGGESTED_RULING = 5
    SLA = 6
    ASSIGNED_TO = 7


COLUMN_TITLES: Final[dict[QueueColumn, str]] = {
    QueueColumn.SHORT_ID: "Short id",
    QueueColumn.APPLICANT: "Applicant",
    QueueColumn.PROPERTY: "Property",
    QueueColumn.SUBMITTED: "Submitted",
    QueueColumn.REVIEW_STATUS: "Review status",
    QueueColumn.SUGGESTED_RULING: "Suggested ruling",
    QueueColumn.SLA: "SLA",
    QueueColumn.ASSIGNED_TO: "Assigned to",
}

_MISSING: Final = "—"


class QueueTableModel(QAbstractTableModel):
    """Rows of the reviewer queue, fetched page by page from a :class:`QueueSource`, kept live."""

    page_loaded = Signal(int)
    """A page arrived; the argument is how many rows it added (0 for an empty queue)."""
    refreshed = Signal()
    """A refresh landed: the rows are the queue's current ones, as far as they were loaded."""
    rows_changed = Signal()
    """Live changes were applied (rows may have come, gone or changed)."""
    rows_about_to_change = Signal()
    """A refresh's or live change's edits are about to be applied (``refreshed``/``rows_changed`` follow)."""
    load_failed = Signal(str)
    """A load failed; the argument is a one-line reason. Paging stops until ``retry``."""

    def __init__(
        self, source: QueueSource, *, page_size: int, descending: bool = False, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._source = source
        self._page_size = page_size
        self._state = QueueState(descending=descending)
        self._error: str | None = None
        self._stale = False
        """A change could not be re-read: ``retry`` refreshes instead of paging on."""
        self._pending: set[uuid.UUID] = set()
        self._load: LatestTask[QueuePage | _LoadFailure] = LatestTask("queue page")
        self._reread: LatestTask[tuple[QueueRow, ...] | _LoadFailure] = LatestTask("queue changes")

    # ------------------------------------------------------------ state
    @property
    def error(self) -> str | None:
        """The reason of the last failed load, ``None`` while loading works."""
        return self._error

    @property
    def loading(self) -> bool:
        return self._load.running

    @property
    def exhausted(self) -> bool:
        """Every page has been loaded."""
        return self._state.exhausted

    def row_of(self, entry_id: uuid.UUID) -> int | None:
        """The row showing ``entry_id``, ``None`` if it is not loaded."""
        return self._state.position_of(entry_id)

    # ---------------------------------------------------------- actions
    def reload(self) -> None:
        """Drop the loaded rows and load the first page again, cancelling any running load."""
        self._cancel_loads()
        self.beginResetModel()
        self._state.clear()
        self._error = None
        self.endResetModel()
        self._start_load()

    def refresh(self) -> None:
        """Read the shown part of the queue again and apply the difference (selection and scroll stay)."""
        self._cancel_loads()
        self._error = None
        limit = max(self._page_size, len(self._state))
        self._load.start(_outcome(partial(self._source.load_page, None, limit)), self._on_refresh_fetched)

    def retry(self) -> None:
        """After a failure, continue from where paging stopped (keeping the rows already shown)."""
        if self._load.running:
            return
        if self._stale:
            self.refresh()
            return
        self._error = None
        self._start_load()

    def apply_changes(self, changes: Changes) -> None:
        """React to the change hub: re-read changed entries, or refresh after a resync."""
        # Access grants change which entries a company-side person sees at all: read the queue again.
        if changes.touches(ChangeKind.ACCESS) or (changes.touches(ChangeKind.ENTRY) and not changes.entry_ids):
            self.refresh()
        elif changes.touches(ChangeKind.ENTRY):
            self._pending |= changes.entry_ids
            self._reread_pending()

    def shutdown(self) -> None:
        """Cancel running loads; called when the view closes."""
        self._cancel_loads()

    # ------------------------------------------------------ Qt overrides
    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._state)

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(QueueColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMN_TITLES[QueueColumn(section)]
        return None

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._state):
            return None
        row = self._state.rows[index.row()]
        column = QueueColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == QueueColumn.SUGGESTED_RULING:
            return ruling_colour(row.suggested_ruling)
        if role == Qt.ItemDataRole.ForegroundRole and column == QueueColumn.SLA:
            return sla_colour(sla_state(row.submitted_at, utc_now()))
        if role == Qt.ItemDataRole.FontRole and column == QueueColumn.SLA:
            return sla_font(sla_state(row.submitted_at, utc_now()))
        if role == ENTRY_ID_ROLE:
            return row.entry_id
        if role == QUEUE_ROW_ROLE:
            return row
        return None

    def canFetchMore(self, parent: _ModelIndex) -> bool:
        return not parent.isValid() and not self._state.exhausted and self._error is None and not self._load.running

    def fetchMore(self, parent: _ModelIndex) -> None:
        if self.canFetchMore(parent):
            self._start_load()

    # -------------------------------------------------------- internals
    def _cancel_loads(self) -> None:
        """Stop every read; a refresh or reload that follows covers whatever they were for."""
        self._load.cancel()
        self._reread.cancel()
        self._pending.clear()
        self._stale = False

    def _start_load(self) -> None:
        page = partial(self._source.load_page, self._state.next_cursor, self._page_size)
        self._load.start(_outcome(page), self._on_page_fetched)

    def _on_page_fetched(self, outcome: QueuePage | _LoadFailure) -> None:
        if isinstance(outcome, _LoadFailure):
            self._fail(outcome.reason)
            return
        rows = self._state.new_rows_of(outcome)
        if rows:
            first = len(self._state)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._state.append(rows, outcome.next_cursor)
            self.endInsertRows()
        else:
            self._state.append((), outcome.next_cursor)
        self.page_loaded.emit(len(rows))
        self._reread_pending()

    def _on_refresh_fetched(self, outcome: QueuePage | _LoadFailure) -> None:
        if isinstance(outcome, _LoadFailure):
            self._stale = True
            self._fail(outcome.reason)
            return
        self._apply(self._state.plan_reload(outcome))
        self.refreshed.emit()
        self._reread_pending()

    def _reread_pending(self) -> None:
        """Re-read the entries changes announced, unless a read runs (its end calls this again)."""
        if not self._pending or self._reread.running or self._load.running:
            return
        ids, self._pending = frozenset(self._pending), set()
        self._reread.start(_outcome(partial(self._source.rows_for, ids)), partial(self._on_rows_fetched, ids))

    def _on_rows_fetched(self, ids: Collection[uuid.UUID], outcome: tuple[QueueRow, ...] | _LoadFailure) -> None:
        if isinstance(outcome, _LoadFailure):
            self._stale = True
            self._fail(outcome.reason)
            return
        edits = self._state.plan(ids, outcome)
        if edits:
            self._apply(edits)
            self.rows_changed.emit()
        self._reread_pending()

    def _apply(self, edits: list[Edit]) -> None:
        """Apply the state's edits one by one, each between Qt's matching signals."""
        self.rows_about_to_change.emit()
        root = QModelIndex()
        for edit in edits:
            match edit:
                case Replacement(position, _):
                    self._state.apply(edit)
                    self.dataChanged.emit(self.index(position, 0), self.index(position, len(QueueColumn) - 1))
                case Removal(position):
                    self.beginRemoveRows(root, position, position)
                    self._state.apply(edit)
                    self.endRemoveRows()
                case Insertion(position, _):
                    self.beginInsertRows(root, position, position)
                    self._state.apply(edit)
                    self.endInsertRows()

    def _fail(self, reason: str) -> None:
        self._error = reason
        self.load_failed.emit(reason)


async def _outcome[T](read: Callable[[], Awaitable[T]]) -> T | _LoadFailure:
    """What ``read()`` returns, or the reason it failed in words a reviewer reads (never an exception).

    ``read`` is called here, not by the caller: a load replaced before it
    starts then never creates its coroutine, rather than leaving it unawaited.
    """
    try:
        return await read()
    except Refusal as refused:
        return _LoadFailure(refused.message)
    except Exception as failure:  # a bug must not take the window down
        log.exception("reading the queue failed")
        return _LoadFailure(f"Unexpected error while loading the queue ({type(failure).__name__}); see the log.")


def _display(row: QueueRow, column: QueueColumn) -> str:
    match column:
        case QueueColumn.SHORT_ID:
            return row.short_id or _MISSING
        case QueueColumn.APPLICANT:
            return row.applicant_name or _MISSING
        case QueueColumn.PROPERTY:
            return row.property_name or _MISSING
        case QueueColumn.SUBMITTED:
            return f"{_local(row.submitted_at):%Y-%m-%d %H:%M}"
        case QueueColumn.REVIEW_STATUS:
            return review_status_label(row.review_status)
        case QueueColumn.SUGGESTED_RULING:
            return suggested_ruling_label(row.suggested_ruling)
        case QueueColumn.SLA:
            return describe_time_left(row.submitted_at, utc_now())
        case QueueColumn.ASSIGNED_TO:
            return row.assigned_to or _MISSING


def _tooltip(row: QueueRow, column: QueueColumn) -> str | None:
    match column:
        case QueueColumn.SUBMITTED:
            local = _local(row.submitted_at)
            return f"Submitted {local:%Y-%m-%d %H:%M:%S %Z} ({_age(row.submitted_at)} ago)"
        case QueueColumn.APPLICANT | QueueColumn.PROPERTY:
            return _display(row, column)
        case QueueColumn.SLA:
            return SLA_LEGEND
        case QueueColumn.SUGGESTED_RULING:
            return SUGGESTED_RULING_LEGEND
        case _:
            return None


def _local(naive_utc: datetime.datetime) -> datetime.datetime:
    """Stored timestamps are naive UTC; reviewers read their own wall clock."""
    return naive_utc.replace(tzinfo=datetime.UTC).astimezone()


def _age(naive_utc: datetime.datetime) -> str:
    """How long an entry has waited, in the hours the SLA is counted in."""
    waited = datetime.datetime.now(datetime.UTC) - naive_utc.replace(tzinfo=datetime.UTC)
    minutes = max(0, int(waited.total_seconds() // 60))
    hours, minutes = divmod(minutes, 60)
    if hours >= 48:
        return f"{hours // 24} days"
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"
