"""Each person's saved queue filters and order, per view, in ``QSettings`` under ``people/<key>/queue/``.

Why ``QSettings`` and not a table: a filter is a personal working habit of
one workstation, like the window layout saved beside it
(:mod:`ui.window_layout`); it needs no schema change, no grant and no
round trip, and it survives a restart and a sign-out. A filter that no
longer parses (an old value) is dropped, never fatal.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from services.queue_query import QueueFilters, QueueSort, QueueViewKind, SortColumn


class QueueFiltersStore:
    def __init__(self, settings: QSettings, person_key: str) -> None:
        self._settings = settings
        self._prefix = f"people/{person_key}/queue/"

    def load(self, view: QueueViewKind) -> tuple[QueueFilters, QueueSort | None]:
        stored = self._settings.value(self._prefix + f"{view}/filters")
        filters = QueueFilters.from_settings(stored if isinstance(stored, dict) else {})
        return filters, self._sort(view)

    def save(self, view: QueueViewKind, filters: QueueFilters, sort: QueueSort | None) -> None:
        self._settings.setValue(self._prefix + f"{view}/filters", filters.to_settings())
        self._settings.setValue(
            self._prefix + f"{view}/sort", "" if sort is None else f"{sort.column}:{sort.descending}"
        )
        self._settings.sync()

    def last_view(self) -> QueueViewKind | None:
        try:
            return QueueViewKind(str(self._settings.value(self._prefix + "view", "")))
        except ValueError:
            return None

    def save_view(self, view: QueueViewKind) -> None:
        self._settings.setValue(self._prefix + "view", str(view))

    def _sort(self, view: QueueViewKind) -> QueueSort | None:
        column, _, descending = str(self._settings.value(self._prefix + f"{view}/sort", "")).partition(":")
        try:
            return QueueSort(SortColumn(column), descending == "True")
        except ValueError:
            return None
