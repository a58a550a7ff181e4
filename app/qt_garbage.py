"""Python's cycle collector runs on the Qt thread only, while a Qt loop runs.

The cyclic garbage collector runs in whichever thread happens to allocate
past its threshold. In this app that is often an executor thread (starting
the server, migrating, provisioning demo logins), and a collection there
that frees a widget caught in a reference cycle (a dialog connected to a
bound method of its parent, a lambda holding a window) deletes a Qt object
off the GUI thread: a segmentation fault, some time later. So while the
loop runs, automatic collection is off and a timer on the Qt thread
collects whatever generations are due, the way pyqtgraph does it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QTimer

_INTERVAL_MS = 500


def _collect_due_generations() -> None:
    counts, thresholds = gc.get_count(), gc.get_threshold()
    due = [generation for generation in range(3) if counts[generation] > thresholds[generation]]
    if due:
        gc.collect(max(due))


@contextmanager
def garbage_collected_on_qt_thread() -> Iterator[None]:
    """Within the block, only the Qt thread collects cycles; on leaving, collect once and restore."""
    was_enabled = gc.isenabled()
    gc.disable()
    timer = QTimer()
    timer.timeout.connect(_collect_due_generations)
    timer.start(_INTERVAL_MS)
    try:
        yield
    finally:
        timer.stop()
        gc.collect()
        if was_enabled:
            gc.enable()
