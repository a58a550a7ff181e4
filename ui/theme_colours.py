"""The workstation's colours, light and dark, as plain hex values (no Qt, so a unit test can measure them).

One table per theme: the palette every widget is painted with, and the
status colours (errors, warnings, "Fraud" and "Edited" rulings) picked to
pass WCAG AA (4.5:1 for text) on every background they are drawn on, in
both themes. ``tests/unit/test_theme_contrast.py`` computes those ratios;
change a colour here and that test says whether it is still readable.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ThemeName(StrEnum):
    LIGHT = "light"
    DARK = "dark"


@dataclass(frozen=True, slots=True)
class Box:
    """A message box: text on its own background, inside a border."""

    text: str
    background: str
    border: str


@dataclass(frozen=True, slots=True)
class ThemeColours:
    name: ThemeName
    # the palette
    window: str
    window_text: str
    base: str
    alternate_base: str
    text: str
    placeholder_text: str
    button: str
    button_text: str
    highlight: str
    highlighted_text: str
    link: str
    mid: str
    disabled_text: str
    # status
    error: Box
    warning: Box
    error_text: str
    """Error words outside a box (the status bar's "Database unavailable"), on window, base or alternate base."""
    fraud_text: str
    """A "Fraud" ruling in a table cell, on base and alternate base."""
    edited_text: str
    accent: str
    """The navigation's current area and focus rings."""

    @property
    def text_backgrounds(self) -> tuple[str, ...]:
        """Where plain status text may stand: any row of a table, or the window itself."""
        return (self.base, self.alternate_base, self.window)


LIGHT = ThemeColours(
    name=ThemeName.LIGHT,
    window="#f4f5f7",
    window_text="#1c1f24",
    base="#ffffff",
    alternate_base="#f3f5f8",
    text="#1c1f24",
    placeholder_text="#5f6670",
    button="#eceef2",
    button_text="#1c1f24",
    highlight="#2458c6",
    highlighted_text="#ffffff",
    link="#1f4fb3",
    mid="#c4c8cf",
    disabled_text="#767c85",
    error=Box(text="#7a1c14", background="#fdecea", border="#e6a39d"),
    warning=Box(text="#5f3b00", background="#fff4e5", border="#f0c36d"),
    error_text="#b3261e",
    fraud_text="#b3261e",
    edited_text="#8a4a00",
    accent="#2458c6",
)

DARK = ThemeColours(
    name=ThemeName.DARK,
    window="#1f2227",
    window_text="#e4e6ea",
    base="#17191d",
    alternate_base="#1e2126",
    text="#e4e6ea",
    placeholder_text="#9aa1ab",
    button="#2b2f36",
    button_text="#e4e6ea",
    highlight="#3d6fd6",
    highlighted_text="#ffffff",
    link="#8ab4ff",
    mid="#3c424b",
    disabled_text="#8a9099",
    error=Box(text="#ffcdc7", background="#4a1f1b", border="#8f3a33"),
    warning=Box(text="#ffe0a8", background="#3d2d0f", border="#8a6a2a"),
    error_text="#ff8a80",
    fraud_text="#ff8a80",
    edited_text="#ffb74d",
    accent="#8ab4ff",
)

THEMES: dict[ThemeName, ThemeColours] = {ThemeName.LIGHT: LIGHT, ThemeName.DARK: DARK}
