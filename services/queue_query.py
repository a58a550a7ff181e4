"""What a person asks a queue for: which view, which filters, which order, and where the page starts.

Plain values with no SQLAlchemy and no Qt, so the UI can build a query
from its widgets and save it (a saved filter is a :class:`QueueFilters`
written out with :meth:`QueueFilters.to_settings`), and the service turns
it into one statement (:mod:`services.queue_search`).

Every view reads the same source (entries today; the income and asset
review queues next), so nothing here names a table: the view and the
filters say *what* rows, the source says *where*.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any, Final

from services.case_view import SlaState


class QueueViewKind(StrEnum):
    """The views of the queues area (issue 8, "Queues")."""

    MY_WORK = "my_work"
    """Open entries assigned to me, most urgent (oldest submission) first."""
    POOL = "pool"
    """Unassigned entries, most urgent first: what claim-next takes from."""
    TEAM = "team"
    """Every open assigned entry, with who has it (leads only)."""
    COMPLETED = "completed"
    """Entries I ruled, with the ruling, most recent first."""


VIEW_TITLES: Final[dict[QueueViewKind, str]] = {
    QueueViewKind.MY_WORK: "My work",
    QueueViewKind.POOL: "Unassigned pool",
    QueueViewKind.TEAM: "Team",
    QueueViewKind.COMPLETED: "Recently completed",
}


class SortColumn(StrEnum):
    """The columns a queue may be ordered by on the server (a header click)."""

    SUBMITTED = "submitted"
    SHORT_ID = "short_id"
    SUGGESTED_RULING = "suggested_ruling"
    REVIEWED = "reviewed"
    """When the entry was ruled: the completed view's order."""


@dataclass(frozen=True, slots=True)
class QueueSort:
    column: SortColumn = SortColumn.SUBMITTED
    descending: bool = False


DEFAULT_SORT: Final[dict[QueueViewKind, QueueSort]] = {
    QueueViewKind.MY_WORK: QueueSort(),
    QueueViewKind.POOL: QueueSort(),
    QueueViewKind.TEAM: QueueSort(),
    QueueViewKind.COMPLETED: QueueSort(SortColumn.REVIEWED, descending=True),
}
"""Most urgent first everywhere work is still to do; the newest ruling first in the completed view."""

STRONG_MATCH_PERCENT: Final = 70
"""The "match ≥ 70 %" filter's threshold on ``matching_entries.match_percentage``."""


@dataclass(frozen=True, slots=True)
class QueueFilters:
    """The filters and search box of a queue; ``None``/empty means "any"."""

    company_id: uuid.UUID | None = None
    property_id: uuid.UUID | None = None
    suggested_ruling: str | None = None
    strong_match: bool = False
    """Only entries with a match of :data:`STRONG_MATCH_PERCENT` or more."""
    repeat_applicant: bool | None = None
    document_type: str | None = None
    sla_state: SlaState | None = None
    search: str = ""
    """Part of an applicant's name or email, or of the entry's short id."""

    @property
    def search_text(self) -> str:
        return " ".join(self.search.split())

    def to_settings(self) -> dict[str, str]:
        """The filters as strings (only those that differ from "any"), for a per-person settings store."""
        values = {item.name: (getattr(self, item.name), item.default) for item in fields(self)}
        return {name: str(value) for name, (value, default) in values.items() if value != default}

    @classmethod
    def from_settings(cls, stored: dict[str, Any]) -> QueueFilters:
        """Read back what :meth:`to_settings` wrote; a value that no longer parses is dropped, not fatal."""
        parsed: dict[str, Any] = {}
        readers: dict[str, Any] = {
            "company_id": uuid.UUID,
            "property_id": uuid.UUID,
            "suggested_ruling": str,
            "strong_match": lambda text: str(text).lower() == "true",
            "repeat_applicant": lambda text: str(text).lower() == "true",
            "document_type": str,
            "sla_state": SlaState,
            "search": str,
        }
        for name, read in readers.items():
            if name in stored:
                try:
                    parsed[name] = read(stored[name])
                except ValueError:
                    continue
        return cls(**parsed)


@dataclass(frozen=True, slots=True)
class QueueQuery:
    view: QueueViewKind = QueueViewKind.POOL
    filters: QueueFilters = field(default_factory=QueueFilters)
    sort: QueueSort | None = None
    """``None``: the view's default order (:data:`DEFAULT_SORT`)."""

    @property
    def order(self) -> QueueSort:
        return self.sort or DEFAULT_SORT[self.view]


@dataclass(frozen=True, slots=True)
class QueueCount:
    """How many rows a view holds; ``capped`` says "at least" when counting stopped at the cap."""

    total: int
    capped: bool

    @property
    def label(self) -> str:
        return f"{self.total:,}+" if self.capped else f"{self.total:,}"
