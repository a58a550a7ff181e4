"""The workstation's one "changes" signal: every open view hears what changed and decides for itself.

Two things publish here: the caller of a write use case (with the
:class:`~services.changes.Changes` the use case returned) and the database
listener (:class:`services.change_listener.ChangeListener`, with what
other workstations changed). Views connect to :attr:`ChangeHub.changed`
and re-read what they show; no widget ever calls another to say "reload".
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from services.changes import Changes


class ChangeHub(QObject):
    """Carries :class:`Changes` to every view that subscribed; one per signed-in window."""

    changed = Signal(object)
    """A :class:`Changes`; a view checks ``changes.touches(kind)`` before doing anything."""

    def publish(self, changes: Changes) -> None:
        """Tell every open view; an empty ``Changes`` (a write that changed nothing) is not sent."""
        if changes:
            self.changed.emit(changes)
