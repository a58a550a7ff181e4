"""The change hub: every subscriber hears a write's changes; a write that changed nothing is not news."""

from __future__ import annotations

import uuid

from pytestqt.qtbot import QtBot

from services.changes import ChangeKind, Changes
from ui.change_hub import ChangeHub


def test_every_subscriber_hears_what_changed_and_empty_changes_are_not_sent(qtbot: QtBot) -> None:
    hub = ChangeHub()
    queue_view: list[Changes] = []
    settings_pane: list[Changes] = []
    hub.changed.connect(queue_view.append)
    hub.changed.connect(settings_pane.append)

    entry = Changes.entries(uuid.uuid4())
    hub.publish(entry)
    hub.publish(Changes())
    hub.publish(Changes.of(ChangeKind.INVITATION))

    assert queue_view == settings_pane == [entry, Changes.of(ChangeKind.INVITATION)]
