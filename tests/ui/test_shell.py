"""The shell for each role: panels, menus and actions present or absent, and every action reachable by keys."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QToolBar
from pytestqt.qtbot import QtBot

from services.permissions import Area
from tests.ui.conftest import wait_until
from tests.ui.desks import PEOPLE, make_desk
from ui.actions import ACTIONS, DOCUMENT_ACTIONS, Menu
from ui.command_palette import CommandPalette, matches
from ui.main_window import MainWindow
from ui.settings_panel import SettingsPanel
from ui.shortcut_overlay import ShortcutOverlay

ALWAYS = {
    "file.sign_out",
    "file.quit",
    "go.queues",
    "go.case",
    "go.palette",
    "queue.refresh",
    "queue.search",
    "queue.my_work",
    "queue.pool",
    "queue.team",
    "queue.completed",
    "queue.open",
    "help.shortcuts",
    "help.log_folder",
    "help.about",
    *(spec.id for spec in ACTIONS if spec.menu is Menu.COMPARE),
} | {spec.id for spec in DOCUMENT_ACTIONS}  # every role has the case area

CLAIM_LOOP = {
    "case.claim_next",
    "case.release",
    "case.skip",
    "ruling.clean",
    "ruling.edited",
    "ruling.fraud",
    "ruling.insufficient",
    "ruling.reupload",
    "ruling.next_document",
    "ruling.previous_document",
    "ruling.submit",
    "ruling.undo",
    "ruling.discard_refused",
}
"""The claim → rule → next keys: people who claim entries (reviewers, senior reviewers) only."""
MATCH_DECISIONS = {"case.match_duplicate", "case.match_different"}
"""People who may rule record decisions on matches."""
ENTRY_JOBS = {"case.jobs"}
"""Job administrators see the jobs of the entry they have open."""
EXPECTED: dict[str, tuple[set[str], set[str], str]] = {
    # who: (panels, actions beyond ALWAYS, role in the title)
    "reviewer": ({"queuesPanel", "casePanel"}, CLAIM_LOOP | MATCH_DECISIONS, "Reviewer"),
    "senior_reviewer": (
        {"queuesPanel", "casePanel", "qaPanel"},
        {"go.qa", "case.escalate", "queue.reassign", *CLAIM_LOOP, *MATCH_DECISIONS},
        "Senior reviewer",
    ),
    "qa": ({"queuesPanel", "casePanel", "qaPanel"}, {"go.qa", "queue.reassign", *MATCH_DECISIONS}, "QA lead"),
    "admin": (
        {"queuesPanel", "casePanel", "qaPanel", "settingsPanel"},
        {
            "go.qa",
            "go.settings",
            "people.invite",
            "people.import_invitations",
            "settings.api_keys",
            "settings.jobs",
            "reports.request",
            "queue.reassign",
            *ENTRY_JOBS,
        },
        "Admin",
    ),
    "company_admin": (
        {"queuesPanel", "casePanel", "settingsPanel"},
        {"go.settings", "people.invite", "people.import_invitations", "reports.request"},
        "Company admin",
    ),
    "property_manager": ({"queuesPanel", "casePanel"}, set(), "Property manager"),
}
ALL_IDS = {spec.id for spec in ACTIONS + DOCUMENT_ACTIONS}


def shell(qtbot: QtBot, tmp_path: Path, who: str, **desk: object) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_desk(make_desk(who, tmp_path, **desk))  # type: ignore[arg-type]
    with qtbot.waitActive(window):  # window shortcuts answer only in the active window
        window.show()
        window.activateWindow()
    return window


def action_ids(window: MainWindow) -> set[str]:
    return {action.objectName() for action in window.findChildren(QAction) if action.objectName() in ALL_IDS}


def open_dialog[T](kind: type[T]) -> T | None:
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None)


def test_every_action_has_its_own_shortcut_and_words() -> None:
    keys = [key for spec in ACTIONS + DOCUMENT_ACTIONS for key in spec.shortcuts]
    assert all(spec.shortcuts for spec in ACTIONS)
    assert all(not QKeySequence(key).isEmpty() for key in keys)
    assert len(keys) == len(set(keys)), "two actions share a shortcut"
    assert len({spec.id for spec in ACTIONS}) == len(ACTIONS)
    assert all(spec.label and spec.description for spec in ACTIONS)


@pytest.mark.parametrize("who", list(EXPECTED))
def test_each_role_gets_its_panels_and_actions_and_the_rest_is_absent(qtbot: QtBot, tmp_path: Path, who: str) -> None:
    panels, extra_actions, role = EXPECTED[who]
    window = shell(qtbot, tmp_path, who)
    expected_actions = ALWAYS | extra_actions
    first, last, _role, _company = PEOPLE[who]

    assert window.windowTitle() == f"Ruling Desk — {first} {last} ({role})"
    assert {dock.objectName() for dock in window.findChildren(QDockWidget)} == panels
    assert action_ids(window) == expected_actions
    menus = [action.text() for action in window.menuBar().actions()]
    claims = "case.claim_next" in expected_actions
    case_menu = any(action_id.startswith("case.") for action_id in expected_actions)
    assert menus == [
        "&File",
        "&Go",
        "&Queue",
        *(["&Case"] if case_menu else []),
        *(["&Ruling"] if claims else []),
        "&Document",
        "&Compare",
        *(["&People"] if "people.invite" in expected_actions else []),
        "&Help",
    ]
    navigation = window.findChild(QToolBar, "navigationBar")
    assert navigation is not None
    assert [action.objectName() for action in navigation.actions()] == [
        go for go in ("go.queues", "go.case", "go.qa", "go.settings") if go in expected_actions
    ]

    # The overlay and the palette list exactly the actions this person has.
    overlay = window.open_shortcut_overlay()
    assert overlay is not None and set(overlay.labels) == expected_actions
    assert overlay.labels["help.shortcuts"].text() == "F1, ?"
    overlay.close()
    palette = window.open_command_palette()
    assert palette is not None and set(palette.visible_action_ids()) == expected_actions
    palette.close()

    settings = window.panels.get(Area.SETTINGS)
    if settings is not None:
        pane = settings.widget()
        assert isinstance(pane, SettingsPanel)
        assert pane.titles()[:2] == ["People", "Invitations"]
        assert ("Teams" in pane.titles()) == (who == "admin")
        assert pane.findChild(QObject, "inviteButton") is not None
        # Staff-only controls are absent for a company admin, not greyed.
        assert (pane.findChild(QObject, "peopleTeamFilter") is not None) == (who == "admin")
        assert (pane.findChild(QObject, "peopleResetPassword") is not None) == (who == "admin")


def test_question_mark_and_f1_open_the_shortcut_overlay_and_esc_closes_it(qtbot: QtBot, tmp_path: Path) -> None:
    window = shell(qtbot, tmp_path, "reviewer")
    for key, modifier in (
        (Qt.Key.Key_Question, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_Question, Qt.KeyboardModifier.ShiftModifier),  # as typed on most layouts
        (Qt.Key.Key_F1, Qt.KeyboardModifier.NoModifier),
    ):
        qtbot.keyClick(window.focusWidget() or window, key, modifier)
        overlay = open_dialog(ShortcutOverlay)
        assert overlay is not None, (key, modifier)
        assert overlay.labels["go.palette"].text() == QKeySequence("Ctrl+K").toString(
            QKeySequence.SequenceFormat.NativeText
        )
        qtbot.keyClick(overlay, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: open_dialog(ShortcutOverlay) is None)


def test_ctrl_k_finds_an_action_by_typing_and_enter_runs_it(qtbot: QtBot, tmp_path: Path) -> None:
    invited: list[str] = []
    window = shell(qtbot, tmp_path, "admin", invite=lambda: invited.append("invite"))
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    palette = open_dialog(CommandPalette)
    assert palette is not None
    assert palette.focusWidget() is palette.query

    qtbot.keyClick(palette.query, Qt.Key.Key_Return)  # nothing typed, nothing chosen: Enter runs nothing
    assert palette.isVisible() and invited == [] and window.isVisible()

    qtbot.keyClicks(palette.query, "inv some")
    assert palette.visible_action_ids() == ["people.invite"]
    assert palette.current_action_id() == "people.invite"
    qtbot.keyClick(palette.query, Qt.Key.Key_Return)
    assert invited == ["invite"]
    assert not palette.isVisible()


def test_palette_arrow_keys_choose_and_esc_closes_without_running(qtbot: QtBot, tmp_path: Path) -> None:
    window = shell(qtbot, tmp_path, "qa")
    palette = window.open_command_palette()
    assert palette is not None
    qtbot.keyClicks(palette.query, "go")
    assert palette.visible_action_ids() == ["go.queues", "go.case", "go.qa", "go.palette"]
    qtbot.keyClick(palette.query, Qt.Key.Key_Down)
    qtbot.keyClick(palette.query, Qt.Key.Key_Down)
    assert palette.current_action_id() == "go.qa"
    qtbot.keyClick(palette.query, Qt.Key.Key_Return)
    assert window.panels[Area.QA].isVisible() and not window.panels[Area.QA].visibleRegion().isEmpty()
    assert window.actions is not None and window.actions.get("go.qa").isChecked()  # type: ignore[union-attr]

    palette = window.open_command_palette()
    assert palette is not None
    qtbot.keyClicks(palette.query, "quit")
    qtbot.keyClick(palette.query, Qt.Key.Key_Escape)
    assert not palette.isVisible() and window.isVisible()


def test_words_match_in_any_order_and_case() -> None:
    assert matches("SWITCH sign", "File: Sign out / switch person…")
    assert not matches("invite admin", "People: Invite someone…")
    assert matches("", "anything")


def test_go_to_shortcuts_bring_a_closed_panel_back(qtbot: QtBot, tmp_path: Path) -> None:
    window = shell(qtbot, tmp_path, "admin")
    settings = window.panels[Area.SETTINGS]
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert not settings.visibleRegion().isEmpty()
    settings.close()
    assert not settings.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert settings.isVisible() and not settings.visibleRegion().isEmpty()
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.actions is not None and window.actions.get("go.queues").isChecked()  # type: ignore[union-attr]
    assert not window.actions.get("go.settings").isChecked()  # type: ignore[union-attr]


def test_case_panel_says_how_to_open_an_entry(qtbot: QtBot, tmp_path: Path) -> None:
    window = shell(qtbot, tmp_path, "reviewer")
    case = window.panels[Area.CASE].widget()
    assert case is window.case_view and case.currentWidget() is window.case_view.empty
    assert window.case_view.empty.title.text() == "No entry open"
    assert window.case_view.empty.detail.text().startswith("Open an entry from the queue")


def test_sign_out_closes_the_window_and_says_why(qtbot: QtBot, tmp_path: Path) -> None:
    window = shell(qtbot, tmp_path, "reviewer")
    with qtbot.waitSignal(window.sign_out_requested), qtbot.waitSignal(window.closed):
        qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.signing_out and not window.isVisible()


class _UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open_url(self, url: QUrl) -> None:
        self.urls.append(url)


def test_open_log_folder_opens_the_data_directorys_log_folder(qtbot: QtBot, tmp_path: Path) -> None:
    window = shell(qtbot, tmp_path, "reviewer")
    catcher = _UrlCatcher()
    QDesktopServices.setUrlHandler("file", catcher, "open_url")  # Qt's own hook: nothing is launched
    try:
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    log_dir = tmp_path / "data" / "logs"
    assert [url.toLocalFile() for url in catcher.urls] == [str(log_dir)]
    assert log_dir.is_dir()


def test_about_says_when_the_database_cannot_answer(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    window = shell(qtbot, tmp_path, "reviewer")  # outside the scenario: waiting for it spins a nested Qt loop

    async def scenario() -> None:
        qtbot.keyClick(window, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        about = window.findChild(QObject, "aboutDialog")
        assert about is not None
        await wait_until(lambda: not about.loading, what="the server facts")  # type: ignore[attr-defined]
        fields = about.fields  # type: ignore[attr-defined]
        assert fields["app_version"].text() == "9.9.9-test"
        assert fields["data_dir"].text() == str(tmp_path / "data")
        assert fields["server_version"].text() == "Not available: The database is not answering: no server in this test"
        about.close()  # type: ignore[attr-defined]
        window.close()

    qt_loop.run_until_complete(scenario())
