"""One write of a settings page at a time, whose outcome is shown and after which the page reads again.

The API keys and jobs pages both act on the database from buttons: the
write runs as the page's one write task, a refusal lands in the page's
inline error, success goes to the caller (to publish the change), and
either way the page reloads and re-enables its buttons.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from services.errors import Refusal
from ui.attempt import Refused, attempt
from ui.inline_error import InlineError
from ui.latest_task import LatestTask


def run_write[T](
    task: LatestTask[object],
    error: InlineError,
    work: Callable[[], Awaitable[T]],
    what: str,
    on_success: Callable[[T], None],
    after: Callable[[], None],
) -> None:
    """Start ``work`` on ``task``; show a refusal in ``error`` or pass the result on; then call ``after``."""
    error.clear_error()

    def done(result: object) -> None:
        if isinstance(result, Refused):
            error.show_error(result.message)
        else:
            on_success(result)  # type: ignore[arg-type]
        after()

    task.start(attempt(work, expected=(Refusal,), what=what), done)
