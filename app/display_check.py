"""Whether Qt can open a window here, asked before ``QApplication`` exists.

Without a usable display Qt's platform plugin aborts the process (a core dump
and a paragraph about plugins). On Linux we can tell beforehand: there must
be an X11 or Wayland display to talk to, or a headless platform asked for,
and Qt's xcb plugin must be able to load the system's X libraries (which
the PySide6 wheels do not carry; see README, "Linux"). Windows and macOS
always have a display for a signed-in user.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import sys
from collections.abc import Mapping
from pathlib import Path

HEADLESS = frozenset({"offscreen", "minimal"})
DEBIAN_PACKAGES = "libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1"


def _requested_platforms(environ: Mapping[str, str]) -> list[str]:
    """``QT_QPA_PLATFORM`` as Qt reads it: a ``;``-separated list of ``name[:options]``."""
    return [entry.split(":")[0].strip() for entry in environ.get("QT_QPA_PLATFORM", "").split(";") if entry.strip()]


def xcb_plugin_path() -> Path:
    spec = importlib.util.find_spec("PySide6")
    assert spec is not None and spec.submodule_search_locations, "PySide6 is a dependency"
    return Path(next(iter(spec.submodule_search_locations))) / "Qt" / "plugins" / "platforms" / "libqxcb.so"


def _xcb_load_failure() -> str | None:
    """Why the xcb plugin cannot be loaded (the loader's first missing library), or None."""
    try:
        ctypes.CDLL(str(xcb_plugin_path()))
    except OSError as failure:
        return str(failure).split(":")[0] if ": cannot open shared object file" in str(failure) else str(failure)
    return None


def display_problem(environ: Mapping[str, str] = os.environ) -> str | None:
    """One line saying why no window can be opened, or ``None`` when Qt should manage."""
    if not sys.platform.startswith("linux"):
        return None
    platforms = _requested_platforms(environ)
    first = platforms[0] if platforms else None
    if first in HEADLESS:
        return None
    if first not in (None, "xcb", "wayland"):
        return None  # eglfs, linuxfb, vnc…: the person chose a platform we cannot check
    wayland, x11 = bool(environ.get("WAYLAND_DISPLAY")), bool(environ.get("DISPLAY"))
    if first == "wayland" and not wayland:
        return "cannot open a window: QT_QPA_PLATFORM is wayland but WAYLAND_DISPLAY is not set"
    if not (wayland or x11):
        return (
            "cannot open a window: no display (DISPLAY and WAYLAND_DISPLAY are unset;"
            " QT_QPA_PLATFORM=offscreen runs headless)"
        )
    if (first == "xcb" or not wayland) and (missing := _xcb_load_failure()):
        return (
            f"cannot open a window: Qt's X11 (xcb) plugin cannot load {missing}; "
            f"install the system Qt libraries (Debian/Ubuntu: apt install {DEBIAN_PACKAGES}; see README)"
        )
    return None
