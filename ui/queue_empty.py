"""Why a queue view is empty, in words: nothing to do, no properties granted, or the filters left nothing.

An empty table alone tells a reviewer nothing; "No entries" reads the same
whether the work is done, the search was too narrow, or a company-side
person was never granted a property. Each needs a different next step
(wait, clear the filters, ask the administrator), so the queue says which.
Qt-free: the queue view shows what :func:`empty_queue` decides.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Final

from services.queue_query import QueueFilters, QueueViewKind


@dataclass(frozen=True, slots=True)
class EmptyQueue:
    """The title, the sentence under it, and what its button does."""

    title: str
    detail: str
    clears_filters: bool = False
    """The button clears the search and filters (else it reads the queue again)."""

    @property
    def button(self) -> str:
        return "Clear filters" if self.clears_filters else "Refresh"


NOTHING_TO_DO: Final[dict[QueueViewKind, EmptyQueue]] = {
    QueueViewKind.MY_WORK: EmptyQueue(
        "Nothing to do",
        "No entries are assigned to you. Reviewers claim the most urgent one from the pool with Ctrl+N.",
    ),
    QueueViewKind.POOL: EmptyQueue(
        "Nothing to do",
        "The unassigned pool is empty: every entry is claimed or ruled. New submissions appear here as they arrive.",
    ),
    QueueViewKind.TEAM: EmptyQueue(
        "Nobody is working on an entry", "Entries claimed or handed to someone appear here."
    ),
    QueueViewKind.COMPLETED: EmptyQueue("Nothing ruled recently", "Entries you rule appear here, newest first."),
}

NO_GRANTS: Final = EmptyQueue(
    "No properties granted to you",
    "You see the entries of the properties and owners you are granted, and you have none yet."
    " Ask your company's administrator for access; this queue fills as soon as they grant it.",
)


def filtered(filters: QueueFilters) -> bool:
    """Whether any filter or search narrows the view (a search of spaces does not)."""
    return dataclasses.replace(filters, search=filters.search_text) != QueueFilters()


def empty_queue(view: QueueViewKind, filters: QueueFilters, *, granted: bool | None) -> EmptyQueue:
    """Why ``view`` shows nothing; ``granted`` is ``False`` only for a company-side person without grants."""
    if granted is False:
        return NO_GRANTS
    if filtered(filters):
        return EmptyQueue(
            "No entries match",
            "Nothing in this view matches the search and filters. Clear them to see the whole view.",
            clears_filters=True,
        )
    return NOTHING_TO_DO[view]
