"""Icons from one set, Material Design Icons via ``qtawesome``, tinted for the current theme.

Why a library: Qt's standard pixmaps have no "queue", "case", "QA" or
"settings", and theme icons (``QIcon.fromTheme``) come from the desktop,
so they differ per platform and are missing offscreen. ``qtawesome`` is a
pure-Python wheel carrying icon fonts: the same glyphs on Windows, macOS
and Linux, drawn in any colour, so they follow the light/dark palette.
It reaches Qt through QtPy, pinned here to PySide6 so a PyQt installed
alongside can never be picked instead.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_API", "pyside6")

import qtawesome
from PySide6.QtGui import QIcon

from ui.theme import current_colours


def icon(name: str) -> QIcon:
    """The ``mdi6`` glyph ``name`` in the theme's text colour (the highlighted text's on a selected row)."""
    colours = current_colours()
    return qtawesome.icon(
        f"mdi6.{name}",
        color=colours.window_text,
        color_active=colours.window_text,
        color_selected=colours.highlighted_text,
        color_disabled=colours.disabled_text,
    )
