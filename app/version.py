"""The installed app's version, for ``ruling-desk --version`` and Help → About."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version


def app_version() -> str:
    try:
        return version("ruling-desk")
    except PackageNotFoundError:  # a source tree that was never installed (uv always installs it)
        return "unknown (not installed)"
