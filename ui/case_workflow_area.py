"""The case area as the workflow drives it: a Protocol of the case view's calls.

The case view (:class:`ui.case_view.CaseView`: header, thumbnails,
document viewer) is its own widget; the workflow needs only ``show_case``,
``clear`` and ``prefetch``, so it is written against :class:`CaseArea`
and stays testable without the viewer's decoding machinery.
"""

from __future__ import annotations

from typing import Protocol

from services.case_view import Case


class CaseArea(Protocol):
    """What the workflow calls on the case area."""

    def show_case(self, case: Case) -> None: ...

    def clear(self) -> None: ...

    def prefetch(self, case: Case) -> None:
        """Start decoding ``case``'s first document off the UI thread, so it paints at once when shown."""
