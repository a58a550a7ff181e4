"""The reviewer queue as a Qt table model: a thin adapter over pages from the service.

The model holds the rows loaded so far and the keyset cursor of the next
page. Qt's views drive paging through ``canFetchMore``/``fetchMore``: when
the reviewer scrolls near the end (or the viewport is not yet full), the
view asks for more and the model starts an async load whose rows are
appended when they arrive. Only one load runs at a time; ``reload``
cancels a running one ("latest request wins"), so a stale page never lands
after a fresh start.

The model never touches the database itself: it is handed a
:class:`QueueSource` (in the app, :class:`services.queue.ReviewerQueue`)
and knows the rows and pages only by their shape (the protocols below,
which the service's frozen dataclasses satisfy). That keeps this package
free of any import that leads to SQLAlchemy, which the import contract
checks transitively. The keyset cursor is opaque here: the model only
hands back what the previous page gave it.

Failures become a message (``load_failed``) and stop paging until
``retry``; they are never raised into Qt's event loop. The service reports
an unreachable database as a ``ConnectionError`` with a one-line reason.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, Final, Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from ui.latest_task import LatestTask
from ui.theme import ruling_colour
from ui.vocabulary import review_status_label, suggested_ruling_label

log = logging.getLogger(__name__)

ENTRY_ID_ROLE: Final = Qt.ItemDataRole.UserRole + 1
"""Role returning the row's ``entry_id`` (to open the entry later)."""

_ModelIndex = QModelIndex | QPersistentModelIndex


class QueueRow(Protocol):
    """One queue line as the table needs it (:class:`services.queue.QueueRow`)."""

    @property
    def entry_id(self) -> uuid.UUID: ...
    @property
    def short_id(self) -> str | None: ...
    @property
    def applicant_name(self) -> str | None: ...
    @property
    def property_name(self) -> str | None: ...
    @property
    def submitted_at(self) -> datetime.datetime:
        """Naive UTC."""
        ...

    @property
    def review_status(self) -> str: ...
    @property
    def suggested_ruling(self) -> str: ...


class QueuePage(Protocol):
    """Rows and the opaque position of the next page, ``None`` after the last one."""

    @property
    def rows(self) -> Sequence[QueueRow]: ...
    @property
    def next_cursor(self) -> Any: ...


class QueueSource(Protocol):
    """The queue a view shows; :class:`services.queue.ReviewerQueue` is one."""

    async def load_page(self, after: Any, limit: int) -> QueuePage:
        """The ``limit`` rows after the cursor ``after`` (``None``: from the start)."""
        ...

    async def count(self) -> int:
        """How many entries the whole queue holds (for the status bar)."""
        ...


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


COLUMN_TITLES: Final[dict[QueueColumn, str]] = {
    QueueColumn.SHORT_ID: "Short id",
    QueueColumn.APPLICANT: "Applicant",
    QueueColumn.PROPERTY: "Property",
    QueueColumn.SUBMITTED: "Submitted",
    QueueColumn.REVIEW_STATUS: "Review status",
    QueueColumn.SUGGESTED_RULING: "Suggested ruling",
}

_MISSING: Final = "—"


class QueueTableModel(QAbstractTableModel):
    """Rows of the reviewer queue, fetched page by page from a :class:`QueueSource`."""

    page_loaded = Signal(int)
    """A page arrived; the argument is how many rows it added (0 for an empty queue)."""
    load_failed = Signal(str)
    """A load failed; the argument is a one-line reason. Paging stops until ``retry``."""

    def __init__(self, source: QueueSource, *, page_size: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._page_size = page_size
        self._rows: list[QueueRow] = []
        self._next_cursor: Any = None
        self._exhausted = False
        self._error: str | None = None
        self._load: LatestTask[QueuePage | _LoadFailure] = LatestTask("queue page")

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
        return self._exhausted

    # ---------------------------------------------------------- actions
    def reload(self) -> None:
        """Drop the loaded rows and load the first page again, cancelling any running load."""
        self._load.cancel()
        self.beginResetModel()
        self._rows.clear()
        self._next_cursor = None
        self._exhausted = False
        self._error = None
        self.endResetModel()
        self._start_load()

    def retry(self) -> None:
        """After a failure, continue from where paging stopped (keeping the rows already shown)."""
        if self._load.running:
            return
        self._error = None
        self._start_load()

    def shutdown(self) -> None:
        """Cancel a running load; called when the view closes."""
        self._load.cancel()

    # ------------------------------------------------------ Qt overrides
    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(QueueColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMN_TITLES[QueueColumn(section)]
        return None

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = QueueColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == QueueColumn.SUGGESTED_RULING:
            return ruling_colour(row.suggested_ruling)
        if role == ENTRY_ID_ROLE:
            return row.entry_id
        return None

    def canFetchMore(self, parent: _ModelIndex) -> bool:
        return not parent.isValid() and not self._exhausted and self._error is None and not self._load.running

    def fetchMore(self, parent: _ModelIndex) -> None:
        if self.canFetchMore(parent):
            self._start_load()

    # -------------------------------------------------------- internals
    def _start_load(self) -> None:
        self._load.start(self._fetch_page(self._next_cursor), self._on_page_fetched)

    async def _fetch_page(self, after: Any) -> QueuePage | _LoadFailure:
        """The page after ``after``, or why it could not be loaded (never an exception)."""
        try:
            return await self._source.load_page(after, self._page_size)
        except ConnectionError as failure:
            return _LoadFailure(f"The database is not answering: {failure}")
        except Exception as failure:  # a bug must not take the window down
            log.exception("loading a queue page failed")
            return _LoadFailure(f"Unexpected error while loading the queue ({type(failure).__name__}); see the log.")

    def _on_page_fetched(self, outcome: QueuePage | _LoadFailure) -> None:
        if isinstance(outcome, _LoadFailure):
            self._fail(outcome.reason)
        else:
            self._append(outcome)

    def _append(self, page: QueuePage) -> None:
        if page.rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self.endInsertRows()
        self._next_cursor = page.next_cursor
        self._exhausted = page.next_cursor is None
        self.page_loaded.emit(len(page.rows))

    def _fail(self, reason: str) -> None:
        self._error = reason
        self.load_failed.emit(reason)


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


def _tooltip(row: QueueRow, column: QueueColumn) -> str | None:
    match column:
        case QueueColumn.SUBMITTED:
            local = _local(row.submitted_at)
            return f"Submitted {local:%Y-%m-%d %H:%M:%S %Z} ({_age(row.submitted_at)} ago)"
        case QueueColumn.APPLICANT | QueueColumn.PROPERTY:
            return _display(row, column)
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
