"""Cycles are collected on the Qt thread by a timer while the loop runs, never by other threads."""

from __future__ import annotations

import gc
import weakref

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.qt_garbage import garbage_collected_on_qt_thread


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle only the cycle collector can free


def test_cycles_are_collected_by_the_qt_thread_and_collection_is_restored(qapp: QApplication, qtbot: QtBot) -> None:
    assert gc.isenabled()
    with garbage_collected_on_qt_thread():
        assert not gc.isenabled()  # no other thread can start a collection now
        node = weakref.ref(_Node())
        for _ in range(gc.get_threshold()[0] * 2):
            _Node()  # enough allocations that generation 0 is due
        qtbot.waitUntil(lambda: node() is None, timeout=5000)
    assert gc.isenabled()
