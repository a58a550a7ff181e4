"""Crash reports land in the log directory with the whole traceback."""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

import pytest

from app.logging_setup import LOG_FILE, configure_logging


@pytest.fixture
def restore_hooks():
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    hooks = (sys.excepthook, threading.excepthook)
    yield
    for handler in root.handlers[len(handlers) :]:
        handler.close()
    root.handlers[:] = handlers
    root.setLevel(level)
    sys.excepthook, threading.excepthook = hooks


def test_uncaught_exception_writes_a_crash_report(tmp_path: Path, restore_hooks, capsys) -> None:
    configure_logging(tmp_path)
    try:
        raise RuntimeError("queue model lost its cursor")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    reports = list(tmp_path.glob("crash-*.txt"))
    assert len(reports) == 1
    text = reports[0].read_text()
    assert "RuntimeError: queue model lost its cursor" in text
    assert "test_uncaught_exception_writes_a_crash_report" in text
    assert str(reports[0]) in capsys.readouterr().err
    assert "unhandled RuntimeError" in (tmp_path / LOG_FILE).read_text()


def test_thread_exception_writes_a_crash_report(tmp_path: Path, restore_hooks) -> None:
    configure_logging(tmp_path)

    def fail() -> None:
        raise ValueError("decoder thread failed")

    worker = threading.Thread(target=fail)
    worker.start()
    worker.join()
    reports = list(tmp_path.glob("crash-*.txt"))
    assert len(reports) == 1
    assert "ValueError: decoder thread failed" in reports[0].read_text()


@pytest.mark.parametrize("migrating", [False, True])
def test_alembic_speaks_in_the_log_only_while_migrating(tmp_path: Path, restore_hooks, migrating: bool) -> None:
    alembic = logging.getLogger("alembic.runtime.migration")
    level = logging.getLogger("alembic").level
    try:
        configure_logging(tmp_path, migrating=migrating)
        alembic.info("Context impl PostgresqlImpl.")
        alembic.warning("Revision 0004 is present more than once")
    finally:
        logging.getLogger("alembic").setLevel(level)
    log = (tmp_path / LOG_FILE).read_text()
    assert "Revision 0004 is present more than once" in log
    assert ("Context impl PostgresqlImpl." in log) is migrating
