"""Every status colour reads at WCAG AA (4.5:1 for text) on every background it is drawn on, in both themes."""

from __future__ import annotations

import pytest

from ui.theme_colours import THEMES, ThemeColours, ThemeName

AA_TEXT = 4.5


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance of an sRGB ``#rrggbb`` colour."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_pairs(theme: ThemeColours) -> list[tuple[str, str, str]]:
    """(what, text colour, background) for everything the theme draws as text."""
    pairs = [
        ("error box", theme.error.text, theme.error.background),
        ("warning box", theme.warning.text, theme.warning.background),
        ("window text", theme.window_text, theme.window),
        ("selected row", theme.highlighted_text, theme.highlight),
        ("placeholder", theme.placeholder_text, theme.base),
        ("button", theme.button_text, theme.button),
    ]
    for background in theme.text_backgrounds:
        pairs += [
            ("error text", theme.error_text, background),
            ("fraud ruling", theme.fraud_text, background),
            ("edited ruling", theme.edited_text, background),
            ("link", theme.link, background),
            ("body text", theme.text, background),
        ]
    return pairs


def test_the_measure_is_wcags() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("name", list(ThemeName))
def test_status_colours_pass_aa_in_both_themes(name: ThemeName) -> None:
    failures = [
        f"{what}: {fg} on {bg} is {contrast(fg, bg):.2f}:1"
        for what, fg, bg in text_pairs(THEMES[name])
        if contrast(fg, bg) < AA_TEXT
    ]
    assert failures == []


def test_the_dark_theme_has_no_light_boxes() -> None:
    """The old pink error box on a dark window: a box must be darker than its text in the dark theme."""
    dark = THEMES[ThemeName.DARK]
    for box in (dark.error, dark.warning):
        assert relative_luminance(box.background) < relative_luminance(box.text)
        assert relative_luminance(box.background) < 0.1
