"""One page of the settings pane as the composition root hands it over: who may see it, its title, how to build it.

The pane shows a page only when the person has its capability (absent, not
greyed). The factory is called once, with the pane as parent, when the
pane is built; the page loads its own data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from services.permissions import Capability


@dataclass(frozen=True)
class SettingsPage:
    capability: Capability
    title: str
    factory: Callable[[QWidget], QWidget]
