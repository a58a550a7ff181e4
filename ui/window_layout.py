"""Where each person's window was, and how they arranged it, across restarts (``QSettings``, per user id).

Geometry, the dock layout and the queue table's header (column widths and
sort indicator) are saved when the window closes and restored when the
same person signs in again, on this computer. A saved position is only a
wish: monitors get unplugged and scale factors change, so the restored
rectangle is fitted onto a screen that exists now (:func:`fit_to_screens`),
and no window ever opens larger than the available area of its screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from PySide6.QtCore import QByteArray, QRect, QSettings, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHeaderView, QMainWindow

LAYOUT_VERSION: Final = 1
"""Bumped when the docks change so an old ``saveState`` is ignored rather than half-applied."""

PREFERRED_SIZE: Final = QSize(1280, 760)
SCREEN_SHARE: Final = 0.9
"""A first window takes at most this share of the available area, leaving the desktop visible around it."""


def fit_to_screens(wanted: QRect, screens: Sequence[QRect]) -> QRect:
    """``wanted`` moved and shrunk to lie inside the available screen it overlaps most (the first if none)."""
    if not screens:
        return wanted
    overlaps = [
        (screen.intersected(wanted).width() * screen.intersected(wanted).height(), screen) for screen in screens
    ]
    best_overlap, screen = max(overlaps, key=lambda pair: pair[0])
    if best_overlap == 0:
        screen = screens[0]
    width, height = min(wanted.width(), screen.width()), min(wanted.height(), screen.height())
    left = min(max(wanted.left(), screen.left()), screen.left() + screen.width() - width)
    top = min(max(wanted.top(), screen.top()), screen.top() + screen.height() - height)
    return QRect(left, top, width, height)


def available_screens() -> list[QRect]:
    """Every screen's available area (without task bars and docks), the primary screen first."""
    primary = QGuiApplication.primaryScreen()
    screens = [primary, *(s for s in QGuiApplication.screens() if s is not primary)] if primary else []
    return [screen.availableGeometry() for screen in screens]


def first_geometry(screens: Sequence[QRect]) -> QRect:
    """Where a window with no saved place opens: centred on the primary screen, never larger than it."""
    if not screens:
        return QRect(0, 0, PREFERRED_SIZE.width(), PREFERRED_SIZE.height())
    screen = screens[0]
    width = min(PREFERRED_SIZE.width(), int(screen.width() * SCREEN_SHARE))
    height = min(PREFERRED_SIZE.height(), int(screen.height() * SCREEN_SHARE))
    return QRect(
        screen.left() + (screen.width() - width) // 2, screen.top() + (screen.height() - height) // 2, width, height
    )


def place_on_screen(window: QMainWindow) -> None:
    """Fit ``window``'s frame onto an available screen, keeping its content inside the frame.

    Twice: a window cannot shrink below its minimum size, so the first fit
    may leave it wider than asked; the second moves that real size back in.
    """
    screens = available_screens()
    for _attempt in range(2):
        frame, inner = window.frameGeometry(), window.geometry()
        fitted = fit_to_screens(frame, screens)
        if fitted == frame:
            return
        window.setGeometry(
            fitted.left() + inner.left() - frame.left(),
            fitted.top() + inner.top() - frame.top(),
            fitted.width() - (frame.width() - inner.width()),
            fitted.height() - (frame.height() - inner.height()),
        )


class PersonLayout:
    """One person's saved layout in ``settings``, under ``people/<key>/``."""

    def __init__(self, settings: QSettings, person_key: str) -> None:
        self._settings = settings
        self._prefix = f"people/{person_key}/"

    def restore(self, window: QMainWindow) -> bool:
        """Put the window and its panels back as this person left them; ``False`` (and a first placement) if new."""
        geometry = self._value("geometry")
        restored = geometry is not None and window.restoreGeometry(geometry)
        if not restored:
            window.setGeometry(first_geometry(available_screens()))
        place_on_screen(window)
        state = self._value("docks")
        if state is not None:
            window.restoreState(state, LAYOUT_VERSION)
        return restored

    def restore_columns(self, header: QHeaderView) -> None:
        """Column widths and sort indicator, once the table has its columns (a header without a model has none)."""
        columns = self._value("queue_header")
        if columns is not None:
            header.restoreState(columns)

    def save(self, window: QMainWindow, header: QHeaderView) -> None:
        self._settings.setValue(self._prefix + "geometry", window.saveGeometry())
        self._settings.setValue(self._prefix + "docks", window.saveState(LAYOUT_VERSION))
        if header.count() > 0:  # closed before the queue opened: keep the columns saved last time
            self._settings.setValue(self._prefix + "queue_header", header.saveState())
        self._settings.sync()

    def _value(self, key: str) -> QByteArray | None:
        value = self._settings.value(self._prefix + key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None
