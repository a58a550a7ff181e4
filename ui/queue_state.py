"""What a queue view shows, without Qt: the loaded rows, the cursor, an id index, and how a change lands.

The reviewer queue is read one keyset page at a time, so a view holds a
*window*: every queue row from the start up to the cursor of the next page
(or all of them once the last page came). Live updates and refreshes must
keep that window exact without reloading it, so the selection and the
scroll position survive. :meth:`QueueState.plan` answers "these entries
changed, here is how they read now": the removals, insertions (at their
place in queue order) and in-place replacements that make the window right
again, as a list of :data:`Edit` steps. The Qt model
(:class:`ui.queue_model.QueueTableModel`) applies them one at a time
between ``beginRemoveRows``/``beginInsertRows`` and their ends, or with
``dataChanged``; a test applies them directly.

Rules of the window:

- a changed row that left the queue (ruled, or no longer visible to the
  person) is removed;
- a changed row whose place in the order moved is removed and inserted at
  its new place, if that place is inside the window;
- a row that joined the queue is inserted if its place is inside the
  window; beyond it, the next page will bring it (inserting it would
  leave a gap before it);
- a page that arrives with a row already shown (a change inserted it
  while the page was on its way) does not show it twice.

This module imports nothing from Qt (an import-linter contract checks it).
"""

from __future__ import annotations

import bisect
import functools
import uuid
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from services.queue_rows import QueueCursor, QueuePage, QueueRow, SortValue

_SortKey = tuple[SortValue, uuid.UUID]


@functools.total_ordering
@dataclass(frozen=True, slots=True)
class _Descending:
    """A sort key compared backwards, so one bisect serves a queue shown newest or largest first."""

    key: _SortKey

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, _Descending):
            return NotImplemented
        return other.key < self.key  # type: ignore[operator]


@dataclass(frozen=True, slots=True)
class Removal:
    position: int


@dataclass(frozen=True, slots=True)
class Insertion:
    position: int
    row: QueueRow


@dataclass(frozen=True, slots=True)
class Replacement:
    """The row at ``position`` reads differently but keeps its place."""

    position: int
    row: QueueRow


Edit = Removal | Insertion | Replacement
"""One step; positions are valid when the steps are applied in the order given."""


class QueueState:
    """The rows loaded so far, in queue order, and where the next page starts."""

    def __init__(self, *, descending: bool = False) -> None:
        self.descending = descending
        """The rows run from the largest sort key down (a header clicked twice)."""
        self._rows: list[QueueRow] = []
        self._positions: dict[uuid.UUID, int] | None = {}
        self.next_cursor: QueueCursor | None = None
        self.exhausted = False
        """Every page has been loaded: the window reaches the end of the queue."""

    # ------------------------------------------------------------ reading
    @property
    def rows(self) -> Sequence[QueueRow]:
        return self._rows

    def __len__(self) -> int:
        return len(self._rows)

    def position_of(self, entry_id: uuid.UUID) -> int | None:
        """Where ``entry_id`` is shown, or ``None`` if it is not loaded."""
        if self._positions is None:
            self._positions = {row.entry_id: position for position, row in enumerate(self._rows)}
        return self._positions.get(entry_id)

    def within_window(self, row: QueueRow) -> bool:
        """Whether ``row``'s place in the queue is inside what has been loaded."""
        if self.exhausted:
            return True
        return self.next_cursor is not None and self._order(row.sort_key) <= self._order(self.next_cursor.sort_key)

    def _order(self, key: _SortKey) -> _SortKey | _Descending:
        return _Descending(key) if self.descending else key

    # ------------------------------------------------------------ paging
    def clear(self) -> None:
        """Forget everything: the next page is the first."""
        self._rows.clear()
        self._positions = {}
        self.next_cursor = None
        self.exhausted = False

    def new_rows_of(self, page: QueuePage) -> list[QueueRow]:
        """The rows of a page that are not shown yet (a live change may have inserted some already)."""
        return [row for row in page.rows if self.position_of(row.entry_id) is None]

    def append(self, rows: Iterable[QueueRow], next_cursor: QueueCursor | None) -> None:
        """Add a page's new rows at the end and move the window to the page's end."""
        for row in rows:
            if self._positions is not None:
                self._positions[row.entry_id] = len(self._rows)
            self._rows.append(row)
        self.next_cursor = next_cursor
        self.exhausted = next_cursor is None

    # ----------------------------------------------------------- changes
    def plan(self, changed_ids: Collection[uuid.UUID], fresh_rows: Iterable[QueueRow]) -> list[Edit]:
        """The edits that make the window right, given how the ``changed_ids`` read now.

        ``fresh_rows`` are the queue rows of those ids as re-read (an id
        without a row has left the queue); rows of other ids are ignored.
        Nothing is changed until the edits are applied.
        """
        fresh = {row.entry_id: row for row in fresh_rows if row.entry_id in changed_ids}
        replacements: list[Edit] = []
        leaving: list[int] = []
        for entry_id in changed_ids:
            position = self.position_of(entry_id)
            if position is None:
                continue
            old, new = self._rows[position], fresh.get(entry_id)
            if new is None or new.sort_key != old.sort_key or not self.within_window(new):
                leaving.append(position)
            elif new != old:
                replacements.append(Replacement(position, new))
        edits = replacements
        keys = [self._order(row.sort_key) for row in self._rows]
        for position in sorted(leaving, reverse=True):
            edits.append(Removal(position))
            del keys[position]
        moving = {self._rows[position].entry_id for position in leaving}
        arriving = sorted(
            (
                row
                for row in fresh.values()
                if (row.entry_id in moving or self.position_of(row.entry_id) is None) and self.within_window(row)
            ),
            key=lambda row: self._order(row.sort_key),
        )
        for row in arriving:
            key = self._order(row.sort_key)
            position = bisect.bisect_left(keys, key)  # type: ignore[type-var]
            keys.insert(position, key)
            edits.append(Insertion(position, row))
        return edits

    def plan_reload(self, page: QueuePage) -> list[Edit]:
        """Make ``page`` (the queue from its start) the whole window: move the window, return the edits.

        A refresh reads as many rows as are shown and turns the old rows
        into the new ones with the fewest edits, so unchanged rows stay
        where they are (and with them the selection and the scroll).
        """
        changed = {row.entry_id for row in self._rows} | {row.entry_id for row in page.rows}
        self.next_cursor = page.next_cursor
        self.exhausted = page.next_cursor is None
        return self.plan(changed, page.rows)

    def apply(self, edit: Edit) -> None:
        match edit:
            case Replacement(position, row):
                self._rows[position] = row
            case Removal(position):
                del self._rows[position]
                self._positions = None
            case Insertion(position, row):
                self._rows.insert(position, row)
                self._positions = None
