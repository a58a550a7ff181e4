"""The compare view on a seeded forgery and its genuine twin: every mode, asserted on rendered pixels."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.forensic_screenshots import forgery_and_twin
from demo.documents.pool import RenderedDocument
from services.permissions import Group, permissions_of_group
from tests.ui.pixels import rgb_pixels
from ui.actions import ShellActions
from ui.compare_canvas import CompareMode, compose
from ui.compare_fields import FieldVerdict, compare_fields
from ui.compare_pages import qimage_of
from ui.compare_view import CompareView

ON_SCREEN_BUDGET_S = 0.150


@pytest.fixture(scope="module")
def forgery() -> tuple[RenderedDocument, RenderedDocument]:
    """A digitally edited PNG figure (lossless, so only the forger's pixels differ) and its genuine twin."""
    return forgery_and_twin()


def test_difference_is_black_outside_the_edited_area_and_not_inside(forgery: tuple[RenderedDocument, ...]) -> None:
    forged, genuine = forgery
    assert forged.tampering is not None
    picture = rgb_pixels(compose(qimage_of(genuine.pages[0]), qimage_of(forged.pages[0]), CompareMode.DIFFERENCE))
    outside = np.ones(picture.shape[:2], bool)
    for page, (left, top, right, bottom) in forged.tampering.regions:
        if page == 0:
            outside[top:bottom, left:right] = False
            assert picture[top:bottom, left:right].max() > 40  # the retyped figure shows
    assert not outside.all()
    assert picture[outside].max() == 0


def test_blink_onion_and_nudge_show_the_pages_where_they_should(forgery: tuple[RenderedDocument, ...]) -> None:
    left = QImage(40, 30, QImage.Format.Format_RGB32)
    left.fill(Qt.GlobalColor.white)
    right = QImage(40, 30, QImage.Format.Format_RGB32)
    right.fill(Qt.GlobalColor.black)
    assert rgb_pixels(compose(left, right, CompareMode.BLINK))[5, 5].tolist() == [255, 255, 255]
    assert rgb_pixels(compose(left, right, CompareMode.BLINK, showing_right=True))[5, 5].tolist() == [0, 0, 0]
    onion = rgb_pixels(compose(left, right, CompareMode.ONION, opacity=0.25))[5, 5]
    assert 185 <= onion[0] <= 195  # three quarters white
    nudged = rgb_pixels(compose(left, left, CompareMode.DIFFERENCE, offset=QPoint(10, 0)))
    assert nudged[5, 5].tolist() == [255, 255, 255]  # not covered by the nudged copy: this page shows
    assert nudged[5, 15].tolist() == [0, 0, 0]  # covered by the same page: no difference


def test_the_view_switches_modes_nudges_by_key_detaches_and_is_on_screen_fast(
    qtbot: QtBot, forgery: tuple[RenderedDocument, ...], tmp_path: Path
) -> None:
    forged, genuine = forgery
    left, right = qimage_of(genuine.pages[0]), qimage_of(forged.pages[0])
    view = CompareView()
    qtbot.addWidget(view)
    view.resize(1100, 800)
    view.show()
    started = time.perf_counter()
    view.set_documents(
        [left],
        [right],
        left_label="Genuine",
        right_label="Forged",
        left_fields=genuine.meta,
        right_fields=forged.meta,
    )
    view.grab()  # lays out and paints the whole view, as the screen would
    elapsed = time.perf_counter() - started
    assert elapsed <= ON_SCREEN_BUDGET_S, f"compare view took {elapsed * 1000:.0f} ms"

    for mode in CompareMode:
        view.set_mode(mode)
        assert view.mode is mode
        view.grab().save(str(tmp_path / f"compare-{mode.name.lower()}.png"))
    view.set_mode(CompareMode.DIFFERENCE)
    view.canvas.setFocus()
    qtbot.keyClick(view.canvas, Qt.Key.Key_Right)
    qtbot.keyClick(view.canvas, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert view.offset == QPoint(1, 10)
    assert "+1, +10" in view.nudge_label.text()

    changed = {
        view.fields.item(row, 0).text(): view.fields.item(row, 3).text() for row in range(view.fields.rowCount())
    }
    assert forged.tampering is not None
    for name in forged.tampering.meta_changes:
        assert changed[name] == FieldVerdict.DIFFERENT.value


def test_the_compare_menu_drives_the_view_here_and_when_detached(qtbot: QtBot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    view = CompareView()
    QVBoxLayout(host).addWidget(view)
    page = QImage(50, 40, QImage.Format.Format_RGB32)
    page.fill(Qt.GlobalColor.white)
    view.set_documents([page], [page], left_label="This", right_label="Other")
    actions = ShellActions(permissions_of_group(Group.REVIEWER), host)
    view.bind_actions(actions)
    for action_id, mode in (("compare.blink", CompareMode.BLINK), ("compare.difference", CompareMode.DIFFERENCE)):
        trigger(actions, action_id)
        assert view.mode is mode
    trigger(actions, "compare.nudge_left_far")
    trigger(actions, "compare.nudge_down")
    assert view.offset == QPoint(-10, 1)

    trigger(actions, "compare.detach")
    window = view.window()
    assert view.detached and window is not host
    assert actions.get("compare.onion") in window.actions()  # its shortcut answers in the second window
    trigger(actions, "compare.onion")
    assert view.mode is CompareMode.ONION
    trigger(actions, "compare.detach")
    assert not view.detached and view.parentWidget() is host


def trigger(actions: ShellActions, action_id: str) -> None:
    action = actions.get(action_id)
    assert action is not None, f"{action_id} is not registered for a reviewer"
    action.trigger()


def test_fields_compare_as_same_different_or_missing() -> None:
    rows = {row.field: row.verdict for row in compare_fields({"a": 1, "b": 2.0, "c": None}, {"a": 1, "b": 3, "d": "x"})}
    assert rows == {
        "a": FieldVerdict.SAME,
        "b": FieldVerdict.DIFFERENT,
        "c": FieldVerdict.SAME,
        "d": FieldVerdict.MISSING,
    }
