"""One look for every window: Fusion, our palette, light or dark as the system says (or as asked).

Platform styles paint a dark system theme half-way (a light error box on a
dark window, red text made for white backgrounds), and the offscreen
platform the self-test and the tests use has no theme at all. So the
workstation always uses Fusion with a palette from
:mod:`ui.theme_colours`, follows ``QStyleHints.colorScheme`` when the
choice is ``system`` (and keeps following it while running), and styles
the few message boxes by object name in one application style sheet,
never per widget, so they change colour with the theme.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from ui.theme_colours import DARK, LIGHT, THEMES, ThemeColours, ThemeName


class ThemeChoice(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


STATUS_PROPERTY = "status"
"""A widget property the style sheet colours by: ``error`` or ``""`` (see :func:`set_status`)."""


def resolve_theme(choice: ThemeChoice, scheme: Qt.ColorScheme | None = None) -> ThemeColours:
    """The colours for ``choice``; ``system`` follows ``scheme``, by default what the desktop says right now."""
    if choice is ThemeChoice.SYSTEM:
        scheme = scheme if scheme is not None else QGuiApplication.styleHints().colorScheme()
        return DARK if scheme == Qt.ColorScheme.Dark else LIGHT
    return THEMES[ThemeName(choice.value)]


def current_colours() -> ThemeColours:
    """The colours in use, read from the application palette (so models need no theme object)."""
    return DARK if QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128 else LIGHT


class Theme(QObject):
    """Applies a :class:`ThemeChoice` to the application and, for ``system``, follows the desktop's changes."""

    def __init__(self, application: QApplication, choice: ThemeChoice = ThemeChoice.SYSTEM) -> None:
        super().__init__(application)
        self._application = application
        self._choice = choice
        application.setStyle("Fusion")
        application.styleHints().colorSchemeChanged.connect(self._on_color_scheme_changed)
        self.apply(choice)

    @property
    def colours(self) -> ThemeColours:
        return resolve_theme(self._choice)

    def apply(self, choice: ThemeChoice, scheme: Qt.ColorScheme | None = None) -> None:
        self._choice = choice
        colours = resolve_theme(choice, scheme)
        self._application.setPalette(build_palette(colours))
        self._application.setStyleSheet(style_sheet(colours))

    def _on_color_scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        if self._choice is ThemeChoice.SYSTEM:  # the new scheme, as the signal says (the hint may lag)
            self.apply(ThemeChoice.SYSTEM, scheme)


def build_palette(colours: ThemeColours) -> QPalette:
    palette = QPalette()
    roles = QPalette.ColorRole
    for role, value in (
        (roles.Window, colours.window),
        (roles.WindowText, colours.window_text),
        (roles.Base, colours.base),
        (roles.AlternateBase, colours.alternate_base),
        (roles.Text, colours.text),
        (roles.PlaceholderText, colours.placeholder_text),
        (roles.Button, colours.button),
        (roles.ButtonText, colours.button_text),
        (roles.Highlight, colours.highlight),
        (roles.HighlightedText, colours.highlighted_text),
        (roles.Link, colours.link),
        (roles.ToolTipBase, colours.base),
        (roles.ToolTipText, colours.text),
        (roles.Mid, colours.mid),
        (roles.Accent, colours.accent),
    ):
        palette.setColor(role, QColor(value))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(disabled, role, QColor(colours.disabled_text))
    return palette


def style_sheet(colours: ThemeColours) -> str:
    """Message boxes and status words, by object name and property, in this theme's colours."""
    error, warning = colours.error, colours.warning
    return f"""
#inlineError, #queueErrorBanner {{
    background: {error.background}; border: 1px solid {error.border}; border-radius: 4px; color: {error.text};
}}
#inlineError {{ padding: 6px 8px; }}
#queueErrorBanner QLabel {{ color: {error.text}; background: transparent; border: none; }}
#notShownAgain, #pendingNotice {{
    background: {warning.background}; border: 1px solid {warning.border}; border-radius: 4px;
    color: {warning.text}; padding: 6px 8px;
}}
QLabel[{STATUS_PROPERTY}="error"] {{ color: {colours.error_text}; font-weight: bold; }}
"""


def set_status(widget: QWidget, status: str) -> None:
    """Mark ``widget`` as showing an error (``"error"``) or nothing special (``""``), and repaint it."""
    widget.setProperty(STATUS_PROPERTY, status)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def ruling_colour(ruling: str | None) -> QColor | None:
    """Text colour of a suggested ruling in a table cell, readable on this theme's rows; ``None`` for plain."""
    colours = current_colours()
    value = {"FRAUD": colours.fraud_text, "EDITED": colours.edited_text}.get(ruling or "")
    return QColor(value) if value is not None else None
