"""Light, dark and "follow the system": the palette, the message boxes and the ruling colours change together."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.desks import make_desk
from ui.inline_error import InlineError
from ui.main_window import MainWindow
from ui.theme import Theme, ThemeChoice, ruling_colour
from ui.theme_colours import DARK, LIGHT


@pytest.fixture
def theme(qapp: QApplication) -> Iterator[Theme]:
    """A theme on the test application, and everything it changed put back afterwards."""
    palette, sheet, style = qapp.palette(), qapp.styleSheet(), qapp.style().name()
    hints = qapp.styleHints()
    theme = Theme(qapp, ThemeChoice.LIGHT)
    try:
        yield theme
    finally:
        hints.colorSchemeChanged.disconnect(theme._on_color_scheme_changed)
        theme.deleteLater()
        qapp.setStyle(style)
        qapp.setPalette(palette)
        qapp.setStyleSheet(sheet)


def window_colour(qapp: QApplication) -> str:
    return qapp.palette().color(QPalette.ColorRole.Window).name()


def test_dark_turns_the_palette_the_error_box_and_the_fraud_colour_dark(
    qapp: QApplication, theme: Theme, qtbot: QtBot
) -> None:
    error = InlineError()
    qtbot.addWidget(error)
    error.show_error("Wrong password")
    theme.apply(ThemeChoice.DARK)
    error.ensurePolished()
    assert window_colour(qapp) == DARK.window
    assert error.grab().toImage().pixelColor(4, error.height() // 2).name() == DARK.error.background
    ruling = ruling_colour("FRAUD")
    assert ruling is not None and ruling.name() == DARK.fraud_text
    assert ruling_colour("CLEAN") is None

    theme.apply(ThemeChoice.LIGHT)
    error.ensurePolished()
    assert window_colour(qapp) == LIGHT.window
    assert error.grab().toImage().pixelColor(4, error.height() // 2).name() == LIGHT.error.background
    assert ruling_colour("FRAUD").name() == LIGHT.fraud_text  # type: ignore[union-attr]


def test_system_follows_the_desktops_colour_scheme_while_running(qapp: QApplication, theme: Theme) -> None:
    # The offscreen platform has no desktop theme to switch, so the desktop's
    # announcement is made here, on the very signal a real desktop emits.
    changed = qapp.styleHints().colorSchemeChanged
    theme.apply(ThemeChoice.SYSTEM)
    changed.emit(Qt.ColorScheme.Dark)
    assert window_colour(qapp) == DARK.window
    changed.emit(Qt.ColorScheme.Light)
    assert window_colour(qapp) == LIGHT.window

    theme.apply(ThemeChoice.DARK)  # an explicit choice is not overridden by the desktop
    changed.emit(Qt.ColorScheme.Light)
    assert window_colour(qapp) == DARK.window


def test_icons_are_redrawn_in_the_new_themes_colours(
    qapp: QApplication, theme: Theme, qtbot: QtBot, tmp_path: Path
) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_desk(make_desk("admin", tmp_path))
    assert window.actions is not None
    refresh = window.actions.get("queue.refresh")
    assert refresh is not None

    def icon_ink() -> set[str]:
        image = refresh.icon().pixmap(24, 24).toImage()
        return {
            image.pixelColor(x, y).name() for x in range(24) for y in range(24) if image.pixelColor(x, y).alpha() > 250
        }

    assert LIGHT.window_text in icon_ink()
    theme.apply(ThemeChoice.DARK)
    assert DARK.window_text in icon_ink() and LIGHT.window_text not in icon_ink()
