"""Every user action of the shell, declared once: id, words, shortcuts, menu, and who may use it.

The menus, the shortcut overlay (``?``/F1) and the command palette (Ctrl+K)
are all generated from :data:`ACTIONS`, so an action cannot have a
shortcut the overlay forgets or a menu entry the palette cannot find. An
action's rule is a :class:`~services.permissions.Capability` and/or an
:class:`~services.permissions.Area`: a person who may not use it never
gets the ``QAction`` at all (absent, not greyed).

What an action *does* is bound by the window that owns it
(:meth:`ShellActions.bind`); this module only declares.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from services.permissions import Area, Capability, Permissions
from ui.icons import icon


class Menu(StrEnum):
    """The menu bar's menus, in the order they appear."""

    FILE = "&File"
    GO = "&Go"
    QUEUE = "&Queue"
    CASE = "&Case"
    RULING = "&Ruling"
    DOCUMENT = "&Document"
    COMPARE = "&Compare"
    PEOPLE = "&People"
    HELP = "&Help"


@dataclass(frozen=True, slots=True)
class ActionSpec:
    id: str
    text: str
    """Menu text; ``&`` marks the mnemonic, and overlay and palette show it without."""
    shortcuts: tuple[str, ...]
    """The first is the one shown; the others also work (F5 and Ctrl+R both refresh)."""
    menu: Menu
    description: str
    """What the palette shows under the name: what happens when it runs."""
    capability: Capability | None = None
    area: Area | None = None
    also_needs: Capability | None = None
    """A second capability (escalating *a claimed case* needs both CLAIM and ESCALATE)."""
    icon: str | None = None
    """An ``mdi6`` glyph name (:mod:`ui.icons`)."""
    focused_only: bool = False
    """The keys work only in the widgets the window attaches the action to (:meth:`ShellActions.attach`):
    Enter opens the queue's entry in the queue table, and stays Enter in every text box."""

    @property
    def label(self) -> str:
        return self.text.replace("&", "")

    def allowed(self, permissions: Permissions) -> bool:
        return all(c is None or permissions.may(c) for c in (self.capability, self.also_needs)) and (
            self.area is None or permissions.uses(self.area)
        )


_NUDGES: Final = (("left", "Left"), ("right", "Right"), ("up", "Up"), ("down", "Down"))
"""Directions the compare view's other page can be nudged, with their arrow keys."""

ACTIONS: Final = (
    ActionSpec(
        "file.sign_out",
        "Sign &out / switch person…",
        ("Ctrl+Shift+O",),
        Menu.FILE,
        "Close this window and sign in as someone else",
        icon="account-switch",
    ),
    ActionSpec("file.quit", "&Quit", ("Ctrl+Q",), Menu.FILE, "Close Ruling Desk", icon="power"),
    ActionSpec(
        "go.queues", "&Queues", ("Ctrl+1",), Menu.GO, "Show the entry queue", area=Area.QUEUES, icon="tray-full"
    ),
    ActionSpec(
        "go.case", "&Case", ("Ctrl+2",), Menu.GO, "Show the entry being worked", area=Area.CASE, icon="file-document"
    ),
    ActionSpec("go.qa", "Q&A", ("Ctrl+3",), Menu.GO, "Show quality assurance", area=Area.QA, icon="shield-check"),
    ActionSpec(
        "go.settings", "&Settings", ("Ctrl+4",), Menu.GO, "Show people and settings", area=Area.SETTINGS, icon="cog"
    ),
    ActionSpec(
        "go.palette",
        "Command &palette…",
        ("Ctrl+K",),
        Menu.GO,
        "Find any action by typing its name",
        icon="console-line",
    ),
    ActionSpec(
        "queue.refresh",
        "&Refresh",
        ("F5", "Ctrl+R"),
        Menu.QUEUE,
        "Load the queue again from the database",
        area=Area.QUEUES,
        icon="refresh",
    ),
    ActionSpec(
        "queue.search",
        "&Search the queue",
        ("Ctrl+F",),
        Menu.QUEUE,
        "Search applicant names, emails and short ids, on the server",
        area=Area.QUEUES,
        icon="magnify",
    ),
    ActionSpec(
        "queue.my_work",
        "&My work",
        ("Alt+1",),
        Menu.QUEUE,
        "Show the entries assigned to you, most urgent first",
        area=Area.QUEUES,
    ),
    ActionSpec(
        "queue.pool",
        "Unassigned &pool",
        ("Alt+2",),
        Menu.QUEUE,
        "Show the entries nobody has claimed, most urgent first",
        area=Area.QUEUES,
    ),
    ActionSpec(
        "queue.team",
        "&Team",
        ("Alt+3",),
        Menu.QUEUE,
        "Show every open assigned entry and who has it (leads)",
        area=Area.QUEUES,
    ),
    ActionSpec(
        "queue.completed",
        "Recently &completed",
        ("Alt+4",),
        Menu.QUEUE,
        "Show the entries you ruled, newest first",
        area=Area.QUEUES,
    ),
    ActionSpec(
        "queue.open",
        "&Open entry",
        ("Return", "Enter"),
        Menu.QUEUE,
        "Open the selected entry: yours to rule, one from the pool to claim, any other to read (also a double-click)",
        area=Area.CASE,
        icon="open-in-app",
        focused_only=True,
    ),
    ActionSpec(
        "queue.reassign",
        "Re&assign…",
        ("Ctrl+Alt+A",),
        Menu.QUEUE,
        "Hand the selected entry to another reviewer, or back to the pool, with a reason",
        capability=Capability.REASSIGN,
        area=Area.QUEUES,
        icon="account-switch-outline",
    ),
    ActionSpec(
        "compare.side_by_side",
        "&Side by side",
        ("Ctrl+Alt+1",),
        Menu.COMPARE,
        "Show the two documents next to each other, zoom and pan locked together",
        area=Area.CASE,
    ),
    ActionSpec(
        "compare.blink",
        "&Blink",
        ("Ctrl+Alt+2",),
        Menu.COMPARE,
        "Alternate the two documents in place, so what changed jumps out",
        area=Area.CASE,
    ),
    ActionSpec(
        "compare.onion",
        "&Onion skin",
        ("Ctrl+Alt+3",),
        Menu.COMPARE,
        "Lay the other document over this one, half transparent",
        area=Area.CASE,
    ),
    ActionSpec(
        "compare.difference",
        "&Difference",
        ("Ctrl+Alt+4",),
        Menu.COMPARE,
        "Black where the documents are the same; what shows is what differs",
        area=Area.CASE,
    ),
    ActionSpec(
        "compare.detach",
        "De&tach or dock",
        ("Ctrl+Alt+D",),
        Menu.COMPARE,
        "Move the comparison into its own window (for a second monitor), or back",
        area=Area.CASE,
    ),
    ActionSpec(
        "compare.matches",
        "&Matches of this entry",
        ("Ctrl+Shift+M",),
        Menu.COMPARE,
        "Show the entries that match the open one, highest first, with their band and decision",
        area=Area.CASE,
        icon="content-duplicate",
    ),
    ActionSpec(
        "compare.with_match",
        "&Compare with the selected match",
        ("Ctrl+Shift+C",),
        Menu.COMPARE,
        "Lay the matching entry's document of the same kind beside the one in the viewer",
        area=Area.CASE,
        icon="compare",
    ),
    ActionSpec(
        "compare.choose",
        "Compare two documents of this &entry",
        ("Ctrl+Alt+C",),
        Menu.COMPARE,
        "Show the Compare tab to choose which two documents to lay side by side",
        area=Area.CASE,
    ),
    *(
        ActionSpec(
            f"compare.nudge_{direction}{suffix}",
            f"Nudge {direction}{label}",
            (f"Alt+{modifier}{key}",),
            Menu.COMPARE,
            f"Move the other document {step} px {direction} to line it up",
            area=Area.CASE,
        )
        for direction, key in _NUDGES
        for suffix, label, modifier, step in (("", "", "", 1), ("_far", " 10 px", "Shift+", 10))
    ),
    ActionSpec(
        "settings.api_keys",
        "API &keys",
        ("Ctrl+Alt+K",),
        Menu.PEOPLE,
        "Issue, deactivate or delete keys for the client's systems",
        capability=Capability.MANAGE_API_KEYS,
        icon="key-variant",
    ),
    ActionSpec(
        "settings.jobs",
        "Background &jobs",
        ("Ctrl+Shift+J",),
        Menu.PEOPLE,
        "Watch, retry, cancel and delete background jobs; pause a queue",
        capability=Capability.MANAGE_JOBS,
        icon="cogs",
    ),
    ActionSpec(
        "case.claim_next",
        "Claim &next entry",
        ("Ctrl+N",),
        Menu.CASE,
        "Take the most urgent entry from the pool and open it",
        capability=Capability.CLAIM,
        icon="inbox-arrow-down",
    ),
    ActionSpec(
        "case.release",
        "&Release to pool…",
        ("Ctrl+Shift+R",),
        Menu.CASE,
        "Hand the open entry back to the pool, with a reason",
        capability=Capability.CLAIM,
        icon="undo-variant",
    ),
    ActionSpec(
        "case.skip",
        "&Skip…",
        ("Ctrl+Shift+K",),
        Menu.CASE,
        "Hand the open entry back and do not get it again this shift, with a reason",
        capability=Capability.CLAIM,
        icon="skip-next",
    ),
    ActionSpec(
        "case.escalate",
        "&Escalate to QA…",
        ("Ctrl+Shift+E",),
        Menu.CASE,
        "Send the open entry to QA, with a reason",
        capability=Capability.ESCALATE,
        also_needs=Capability.CLAIM,
        icon="arrow-up-bold-box",
    ),
    ActionSpec(
        "case.match_duplicate",
        "Match: same applicant / &duplicate",
        ("Ctrl+Shift+Y",),
        Menu.CASE,
        "Record that the selected match is the same applicant (a duplicate), with the note typed beside it",
        capability=Capability.RULE,
        area=Area.CASE,
    ),
    ActionSpec(
        "case.match_different",
        "Match: different &applicant",
        ("Ctrl+Shift+N",),
        Menu.CASE,
        "Record that the selected match is a different applicant, with the note typed beside it",
        capability=Capability.RULE,
        area=Area.CASE,
    ),
    ActionSpec(
        "case.jobs",
        "Entry &jobs",
        ("Ctrl+Alt+J",),
        Menu.CASE,
        "List the background jobs that belong to the open entry (notifications, checks)",
        capability=Capability.MANAGE_JOBS,
        area=Area.CASE,
        icon="cogs",
    ),
    ActionSpec(
        "ruling.clean",
        "Document &clean",
        ("C",),
        Menu.RULING,
        "Rule the selected document CLEAN and go to the next",
        capability=Capability.CLAIM,
    ),
    ActionSpec(
        "ruling.edited",
        "Document &edited",
        ("E",),
        Menu.RULING,
        "Rule the selected document EDITED and go to the next",
        capability=Capability.CLAIM,
    ),
    ActionSpec(
        "ruling.fraud",
        "Document &fraud",
        ("F",),
        Menu.RULING,
        "Rule the selected document FRAUD and go to the next",
        capability=Capability.CLAIM,
    ),
    ActionSpec(
        "ruling.insufficient",
        "Document &insufficient",
        ("I",),
        Menu.RULING,
        "Rule the selected document INSUFFICIENT and go to the next",
        capability=Capability.CLAIM,
    ),
    ActionSpec(
        "ruling.reupload",
        "Request re-&upload",
        ("U",),
        Menu.RULING,
        "Ask the applicant for the selected INSUFFICIENT document again (press again to take it back)",
        capability=Capability.CLAIM,
    ),
    ActionSpec(
        "ruling.next_document",
        "Next &document",
        ("J",),
        Menu.RULING,
        "Select the next document of the open entry",
        capability=Capability.CLAIM,
    ),
    ActionSpec(
        "ruling.previous_document",
        "&Previous document",
        ("K",),
        Menu.RULING,
        "Select the previous document of the open entry",
        capability=Capability.CLAIM,
    ),
    ActionSpec(
        "ruling.submit",
        "&Submit ruling",
        ("Ctrl+Return", "Ctrl+Enter"),
        Menu.RULING,
        "Send the ruling after a 5 s undo window; the next entry opens when it landed",
        capability=Capability.CLAIM,
        icon="send",
    ),
    ActionSpec(
        "ruling.undo",
        "&Undo submit",
        ("Ctrl+Z",),
        Menu.RULING,
        "Withdraw a ruling still in its undo window: nothing is sent",
        capability=Capability.CLAIM,
        icon="undo",
    ),
    ActionSpec(
        "ruling.discard_refused",
        "&Discard refused drafts",
        ("Ctrl+Shift+D",),
        Menu.RULING,
        "Forget rulings the server refused (reassigned meanwhile, ruled already) once their reason was read",
        capability=Capability.CLAIM,
        icon="delete",
    ),
    ActionSpec(
        "people.invite",
        "&Invite someone…",
        ("Ctrl+I",),
        Menu.PEOPLE,
        "Create a one-time sign-up code for a new person",
        capability=Capability.INVITE,
        icon="account-plus",
    ),
    ActionSpec(
        "people.import_invitations",
        "Import invitations from &CSV…",
        ("Ctrl+Shift+I",),
        Menu.PEOPLE,
        "Invite many people at once from a CSV file: every row checked first, then all or none",
        capability=Capability.INVITE,
        icon="file-upload",
    ),
    ActionSpec(
        "reports.request",
        "Request a &report…",
        ("Ctrl+Alt+R",),
        Menu.GO,
        "Open the analytics reports page at its request form",
        capability=Capability.REQUEST_REPORTS,
        area=Area.SETTINGS,
        icon="chart-bar",
    ),
    ActionSpec(
        "help.shortcuts",
        "&Keyboard shortcuts",
        ("F1", "?"),
        Menu.HELP,
        "List every action and its keys",
        icon="keyboard",
    ),
    ActionSpec(
        "help.log_folder",
        "Open &log folder",
        ("Ctrl+Shift+L",),
        Menu.HELP,
        "Show the folder with Ruling Desk's log files",
        icon="folder-text",
    ),
    ActionSpec(
        "help.about",
        "&About Ruling Desk",
        ("Ctrl+Shift+A",),
        Menu.HELP,
        "Versions, database and data directory",
        icon="information",
    ),
)


def _document(action_id: str, text: str, keys: tuple[str, ...], description: str, glyph: str) -> ActionSpec:
    """A viewer action: only for people with the case area."""
    return ActionSpec(action_id, text, keys, Menu.DOCUMENT, description, area=Area.CASE, icon=glyph)


DOCUMENT_ACTIONS: Final = (
    _document("document.zoom_in", "Zoom &in", ("Ctrl++", "Ctrl+="), "Show the page larger", "magnify-plus"),
    _document("document.zoom_out", "Zoom &out", ("Ctrl+-",), "Show the page smaller", "magnify-minus"),
    _document("document.actual_size", "&Actual size", ("Ctrl+0",), "One page pixel per screen pixel", "magnify"),
    _document(
        "document.fit_width",
        "Fit &width",
        ("Ctrl+Shift+W",),
        "Scale the page to the viewer's width",
        "arrow-expand-horizontal",
    ),
    _document("document.fit_page", "Fit &page", ("Ctrl+Shift+F",), "Show the whole page", "fit-to-page"),
    _document("document.rotate", "&Rotate", ("Ctrl+Shift+T",), "Turn the page a quarter clockwise", "rotate-right"),
    _document(
        "document.next_page",
        "&Next page",
        ("Ctrl+PgDown",),
        "Show the document's next page (PgDn in the viewer)",
        "chevron-down",
    ),
    _document(
        "document.previous_page",
        "Pre&vious page",
        ("Ctrl+PgUp",),
        "Show the document's previous page (PgUp in the viewer)",
        "chevron-up",
    ),
    _document("document.next", "Next &document", ("Alt+PgDown",), "Open the case's next document", "page-next"),
    _document(
        "document.previous", "Previous d&ocument", ("Alt+PgUp",), "Open the case's previous document", "page-previous"
    ),
    _document(
        "document.ela",
        "&Error levels",
        ("Ctrl+Shift+G",),
        "Error-level analysis of the page in the viewer: areas edited in an image editor often stand out",
        "image-filter-center-focus",
    ),
    _document(
        "document.revision",
        "Before/after last re&vision",
        ("Ctrl+Shift+V",),
        "A PDF's anatomy, and its page as it was before it was last edited, beside the final one",
        "file-compare",
    ),
    _document(
        "document.reuse",
        "Page re&use",
        ("Ctrl+Shift+U",),
        "Other entries whose documents contain these same pages",
        "content-copy",
    ),
    _document(
        "document.show",
        "&Back to the document",
        ("Ctrl+Shift+B",),
        "Show the document viewer again after comparing or a forensic aid",
        "file-document",
    ),
)


def shortcut_text(spec: ActionSpec) -> str:
    """The shortcuts as the platform writes them ("F1, ?" or "⌘K" on macOS)."""
    return ", ".join(QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText) for key in spec.shortcuts)


def key_sequences(spec: ActionSpec) -> list[QKeySequence]:
    """The spec's shortcuts, plus Shift+ for a lone punctuation key.

    On most layouts "?" is typed with Shift, and whether Qt matches a
    shifted key to a shortcut declared without Shift depends on the
    platform's key mapper; binding both makes "?" work everywhere.
    """
    sequences = [QKeySequence(key) for key in spec.shortcuts]
    shifted = [QKeySequence(f"Shift+{key}") for key in spec.shortcuts if len(key) == 1 and not key.isalnum()]
    return sequences + shifted


class ShellActions(QObject):
    """A ``QAction`` per action ``permissions`` allows, owned by ``window`` so its shortcuts work anywhere in it."""

    def __init__(self, permissions: Permissions, window: QWidget) -> None:
        super().__init__(window)
        self._actions: dict[str, tuple[ActionSpec, QAction]] = {}
        for spec in ACTIONS + DOCUMENT_ACTIONS:
            if not spec.allowed(permissions):
                continue
            action = QAction(spec.text, window)
            action.setObjectName(spec.id)
            action.setShortcuts(key_sequences(spec))
            action.setShortcutContext(
                Qt.ShortcutContext.WidgetShortcut if spec.focused_only else Qt.ShortcutContext.WindowShortcut
            )
            action.setStatusTip(spec.description)
            action.setToolTip(f"{spec.label} ({shortcut_text(spec)})")
            window.addAction(action)
            self._actions[spec.id] = (spec, action)
        self.paint_icons()

    def __iter__(self) -> Iterator[tuple[ActionSpec, QAction]]:
        return iter(self._actions.values())

    def __contains__(self, action_id: str) -> bool:
        return action_id in self._actions

    def get(self, action_id: str) -> QAction | None:
        found = self._actions.get(action_id)
        return found[1] if found is not None else None

    def bind(self, action_id: str, handler: Callable[[], object]) -> None:
        """Run ``handler`` when the action triggers; an action this person does not have is skipped."""
        action = self.get(action_id)
        if action is not None:
            action.triggered.connect(lambda _checked=False: handler())

    def attach(self, action_id: str, widget: QWidget) -> None:
        """Let a ``focused_only`` action's keys work while ``widget`` has the focus (skipped if absent)."""
        action = self.get(action_id)
        if action is not None:
            widget.addAction(action)

    def paint_icons(self) -> None:
        """Draw the icons in the current theme's colours (again after the theme changed)."""
        for spec, action in self._actions.values():
            if spec.icon is not None:
                action.setIcon(icon(spec.icon))

    def in_menu(self, menu: Menu) -> list[QAction]:
        return [action for spec, action in self._actions.values() if spec.menu is menu]
