"""One running asyncio task per purpose, where a newer request replaces an older one.

A view that loads data for "what is on screen now" only cares about the
newest request: when the reviewer reloads the queue while a page is still
arriving, the old page must neither land in the table nor keep a database
connection busy. :class:`LatestTask` cancels the previous task when a new
one starts, holds a reference to the running task so it is never
garbage-collected half-way (asyncio keeps only weak references), and hands
the result to the view only if the task is still the latest one.

The result is delivered *after* the task has finished, so whatever the
view does with it (emit signals, update labels) already sees "not
running"; no separate loading flag can drift out of step.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from functools import partial
from typing import Any

logger = logging.getLogger(__name__)


class LatestTask[T]:
    """Holds at most one running task; starting another cancels the previous one."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._task: asyncio.Task[T] | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    @property
    def pending(self) -> bool:
        """Started and its result not yet handed over (a finished task's result arrives a loop turn later)."""
        return self._task is not None

    def start(self, work: Coroutine[Any, Any, T], on_result: Callable[[T], None]) -> None:
        """Cancel whatever runs, schedule ``work``, and call ``on_result`` with what it returns.

        ``work`` should turn expected failures into a result; an exception
        it lets through is reported by the loop's exception handler.
        """
        self.cancel()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # Qt delivered the request while no loop runs: the window is closing
            work.close()  # never started, so never awaited: close it rather than leak it
            logger.debug("%s: no event loop runs; the request is dropped", self._name)
            return
        task = loop.create_task(work, name=self._name)
        task.add_done_callback(partial(self._on_task_done, on_result))
        self._task = task

    def cancel(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._task = None

    def _on_task_done(self, on_result: Callable[[T], None], task: asyncio.Task[T]) -> None:
        if task is not self._task or task.cancelled():
            return  # superseded or cancelled: its result is stale by definition
        self._task = None
        on_result(task.result())
