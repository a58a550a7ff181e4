"""Invite many people from a CSV file: choose it, see every row checked, import all or none, hand out the codes.

This is the ``skip_email_sending`` case: no e-mail goes out, so after the
import the dialog shows each person's one-time code and offers to save
them as a CSV file (or copy them) for the administrator to hand out; only
their hashes are stored, so closing the dialog before either asks first.

Before anything is written the whole file is previewed, one table row per
file row, with its line number and, for a row that cannot be imported,
every reason in words. **Import** is enabled only when every row is right;
a file that cannot be read at all (not UTF-8, a workbook, a missing
``role`` column) says why above an empty table. The administrator fixes
the file in their spreadsheet and presses **Reload**. If the database
refuses a row at import time (an account created meanwhile, say), nothing
of the file was written and the message names the line.

The columns are listed in the dialog itself, and **Save template…**
writes a file to start from. A company administrator is told up front
that they import into their own company only (the database enforces it).
File choosers are injected so tests pick files without the native dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Final, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from services.changes import ChangeKind, Changes
from services.errors import Refusal
from services.invitation_csv import COLUMNS, MAX_ROWS, PROPERTY_SEPARATOR, TEMPLATE
from services.invitation_import_rows import ImportedCode, ImportPreview, PreviewRow, codes_csv
from ui.attempt import Refused, attempt
from ui.icons import icon
from ui.inline_error import InlineError
from ui.latest_task import LatestTask
from ui.role_labels import role_label

PREVIEW_COLUMNS: Final = ("Line", "Email", "Name", "Role", "Company", "Team", "Owner", "Properties", "Days", "To fix")
CODE_COLUMNS: Final = ("Line", "Email", "Name", "Role", "Code", "Expires (UTC)")
_PROBLEM_TINT: Final = QColor(220, 50, 47, 48)
"""A translucent red: readable over the light and the dark palette's base."""


class InvitationImporter(Protocol):
    """:class:`services.invitation_import.InvitationImport` as this dialog uses it."""

    async def preview(self, data: bytes) -> ImportPreview: ...
    async def run(self, preview: ImportPreview, *, source: str = ...) -> tuple[ImportedCode, ...]: ...


OpenDialog = Callable[[QWidget], str | None]
"""Asks which file to open; the chosen path or ``None``."""
SaveDialog = Callable[[QWidget, str, str], str | None]
"""Asks where to save (title and proposed name in); the chosen path or ``None``."""


def ask_which_file(parent: QWidget) -> str | None:
    path, _ = QFileDialog.getOpenFileName(
        parent, "Choose an invitations CSV file", "", "CSV files (*.csv *.txt *.tsv);;All files (*)"
    )
    return path or None


def ask_where_to_save(parent: QWidget, title: str, proposed: str) -> str | None:
    path, _ = QFileDialog.getSaveFileName(parent, title, proposed, "CSV files (*.csv)")
    return path or None


def columns_help() -> str:
    """The columns, as a small table for the dialog (required ones in bold)."""
    rows = "".join(
        f"<tr><td>{'<b>' + column.name + '</b>' if column.required else column.name}</td>"
        f"<td>&nbsp;{column.meaning}</td></tr>"
        for column in COLUMNS
    )
    return (
        "<p>The first row names the columns (in any order; <b>bold</b> ones are required). "
        f"Commas, semicolons or tabs between cells; UTF-8 text; at most {MAX_ROWS} rows.</p>"
        f"<table cellspacing='0'>{rows}</table>"
    )


class InvitationImportDialog(QDialog):
    """Choose a CSV file, preview its rows, import them all or none, and hand out the codes."""

    def __init__(
        self,
        importer: InvitationImporter,
        *,
        own_company: str | None = None,
        publish: Callable[[Changes], None] | None = None,
        choose_file: OpenDialog = ask_which_file,
        save_file: SaveDialog = ask_where_to_save,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._importer = importer
        self._publish = publish
        self._choose_file = choose_file
        self._save_file = save_file
        self._path: Path | None = None
        self._preview: ImportPreview | None = None
        self._codes: tuple[ImportedCode, ...] = ()
        self._codes_kept = False
        self._work = LatestTask[ImportPreview | tuple[ImportedCode, ...] | Refused]("invitation import")
        self._prompt: QMessageBox | None = None
        self._discard: QPushButton | None = None
        self.setWindowTitle("Import invitations from CSV — Ruling Desk")
        self.setObjectName("invitationImportDialog")
        self.resize(980, 640)
        self._build(own_company)

    # ------------------------------------------------------------ public
    @property
    def busy(self) -> bool:
        return self._work.running

    @property
    def preview(self) -> ImportPreview | None:
        return self._preview

    @property
    def discard_prompt(self) -> QMessageBox | None:
        """The "close without the codes?" question while it is asked."""
        return self._prompt if self._prompt is not None and self._prompt.isVisible() else None

    @property
    def codes(self) -> tuple[ImportedCode, ...]:
        return self._codes

    def load(self, path: Path) -> None:
        """Read and preview ``path`` (what "Choose file…" does once a file is chosen)."""
        self._path = path
        self.path_label.setText(str(path))
        self.reload_button.setEnabled(True)
        self._start_preview()

    # ------------------------------------------------------ Qt overrides
    def reject(self) -> None:
        """Esc and the close button: with codes neither saved nor copied, ask first."""
        if self._codes and not self._codes_kept:
            self._ask_before_discarding()
            return
        super().reject()

    def done(self, result: int) -> None:
        self._work.cancel()
        self.table.setRowCount(0)  # the codes leave the screen with the dialog
        if self._prompt is not None:
            self._prompt.close()
        super().done(result)

    # ---------------------------------------------------------- handlers
    def _on_choose_clicked(self) -> None:
        chosen = self._choose_file(self)
        if chosen:
            self.load(Path(chosen))

    def _on_template_clicked(self) -> None:
        chosen = self._save_file(self, "Save the invitations template", "invitations-template.csv")
        if chosen:
            self._write_file(Path(chosen), TEMPLATE, f"Template saved to {chosen}.")

    def _on_import_clicked(self) -> None:
        preview = self._preview
        if preview is None or not preview.ready or self.busy:
            return
        importer, source = self._importer, self._path.name if self._path else ""

        async def run() -> tuple[ImportedCode, ...]:
            return await importer.run(preview, source=source)

        self._set_busy(f"Importing {len(preview.rows)} invitations…")
        self._work.start(attempt(run, expected=(Refusal,), what="Importing the invitations"), self._on_imported)

    def _on_save_codes_clicked(self) -> None:
        proposed = f"{self._path.stem if self._path else 'invitations'}-codes.csv"
        chosen = self._save_file(self, "Save the invitation codes", proposed)
        if chosen:
            self._codes_kept = self._write_file(
                Path(chosen), codes_csv(self._codes), f"Codes saved to {chosen}. Keep that file safe."
            )

    def _on_copy_codes_clicked(self) -> None:
        QGuiApplication.clipboard().setText(codes_csv(self._codes))
        self._codes_kept = True
        self.summary.setText("The codes are on the clipboard, as CSV text.")

    def _on_done_clicked(self) -> None:
        if self._codes and not self._codes_kept:
            self._ask_before_discarding()
            return
        self.accept()

    def _on_table_section_resized(self, column: int, _old: int, _new: int) -> None:
        if column == self.table.columnCount() - 1:
            self.table.resizeRowsToContents()

    def _on_previewed(self, outcome: ImportPreview | tuple[ImportedCode, ...] | Refused) -> None:
        self._set_idle()
        if isinstance(outcome, Refused):
            self.error.show_error(outcome.message)
            return
        assert isinstance(outcome, ImportPreview)
        self._preview = outcome
        self._show_preview(outcome)

    def _on_imported(self, outcome: ImportPreview | tuple[ImportedCode, ...] | Refused) -> None:
        self._set_idle()
        if isinstance(outcome, Refused):
            self.error.show_error(outcome.message)
            self.import_button.setEnabled(self._preview is not None and self._preview.ready)
            return
        assert isinstance(outcome, tuple)
        self._codes = outcome
        if self._publish is not None:
            self._publish(Changes.of(ChangeKind.INVITATION))
        self._show_codes(outcome)

    def _on_discard_prompt_finished(self) -> None:
        if self._prompt is not None and self._prompt.clickedButton() is self._discard:
            self.done(QDialog.DialogCode.Accepted)

    # --------------------------------------------------------- internals
    def _start_preview(self) -> None:
        path, importer = self._path, self._importer
        if path is None:
            return

        async def preview() -> ImportPreview:
            try:
                data = path.read_bytes()
            except OSError as failure:
                raise Refusal(f"Cannot read {path.name}: {failure.strerror or failure}.") from failure
            return await importer.preview(data)

        self._preview = None
        self._set_busy(f"Checking {path.name}…")
        self._work.start(attempt(preview, expected=(Refusal,), what="Checking the file"), self._on_previewed)

    def _show_preview(self, preview: ImportPreview) -> None:
        self.table.setRowCount(0)
        if preview.problem is not None:
            self.error.show_error(preview.problem)
            self.summary.setText("Nothing can be imported from this file. Fix it and press Reload.")
            return
        self.table.setRowCount(len(preview.rows))
        for index, row in enumerate(preview.rows):
            self._fill_row(index, row)
        self.table.resizeRowsToContents()
        bad = len(preview.bad_rows)
        total = len(preview.rows)
        if bad:
            self.summary.setText(
                f"{total} rows: {bad} to fix (marked, with the reasons on the right). "
                "Nothing is imported until every row is right: fix the file and press Reload."
            )
        else:
            self.summary.setText(f"All {total} rows are ready. Import creates them all, or none if one is refused.")
        self.import_button.setText(f"Import {total} invitation{'s' if total != 1 else ''}")
        self.import_button.setEnabled(preview.ready)

    def _fill_row(self, index: int, row: PreviewRow) -> None:
        cells = (
            str(row.line),
            row.email,
            row.name,
            role_label(row.role) if row.role else "",
            row.company,
            row.team,
            row.owner,
            f" {PROPERTY_SEPARATOR} ".join(row.properties),
            row.valid_days,
            "\n".join(row.problems),
        )
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if not row.ok:
                item.setBackground(QBrush(_PROBLEM_TINT))
                item.setToolTip("\n".join(row.problems))
            self.table.setItem(index, column, item)
        marker = self.table.item(index, 0)
        marker.setIcon(icon("alert-circle" if not row.ok else "check-circle"))

    def _show_codes(self, codes: tuple[ImportedCode, ...]) -> None:
        self.table.setRowCount(0)
        self.table.setColumnCount(len(CODE_COLUMNS))
        self.table.setHorizontalHeaderLabels(list(CODE_COLUMNS))
        self.table.setRowCount(len(codes))
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        for index, code in enumerate(codes):
            cells = (str(code.line), code.email, code.name, role_label(code.role), code.token)
            for column, text in enumerate((*cells, f"{code.expires_at:%Y-%m-%d %H:%M}")):
                self.table.setItem(index, column, QTableWidgetItem(text))
            self.table.item(index, CODE_COLUMNS.index("Code")).setFont(fixed)
        self.table.resizeRowsToContents()
        self.heading.setText(f"{len(codes)} invitations created")
        self.summary.setText(
            "No e-mail was sent: give each person their code. They enter it with their address under "
            "“I have an invitation code…” when signing in. These codes are shown only now: "
            "save them as CSV or copy them before closing."
        )
        for widget in (self.choose_button, self.reload_button, self.template_button, self.import_button):
            widget.hide()
        self.help.hide()
        self.intro.hide()
        for widget in (self.save_codes_button, self.copy_codes_button):
            widget.show()
        self.close_button.setText("Done")

    def _write_file(self, path: Path, text: str, done: str) -> bool:
        try:
            path.write_text(text, encoding="utf-8", newline="")
        except OSError as failure:
            self.error.show_error(f"Cannot write {path}: {failure.strerror or failure}.")
            return False
        self.error.clear_error()
        self.summary.setText(done)
        return True

    def _set_busy(self, what: str) -> None:
        self.error.clear_error()
        self.summary.setText(what)
        for button in (self.choose_button, self.reload_button, self.import_button):
            button.setEnabled(False)

    def _set_idle(self) -> None:
        self.choose_button.setEnabled(True)
        self.reload_button.setEnabled(self._path is not None)

    def _ask_before_discarding(self) -> None:
        """A window-modal question (``open``, not ``exec``: no nested loop under qasync), built once and kept."""
        if self._prompt is None:
            self._prompt = self._discard_prompt()
        self._prompt.open()

    def _discard_prompt(self) -> QMessageBox:
        prompt = QMessageBox(
            QMessageBox.Icon.Warning,
            "Close without the codes? — Ruling Desk",
            "Close without saving or copying the invitation codes?",
            QMessageBox.StandardButton.NoButton,
            self,
        )
        prompt.setInformativeText("They cannot be shown again: each invitation would have to be re-issued.")
        self._discard = prompt.addButton("Close without the codes", QMessageBox.ButtonRole.DestructiveRole)
        back = prompt.addButton("Back to the codes", QMessageBox.ButtonRole.RejectRole)
        prompt.setDefaultButton(back)
        prompt.setEscapeButton(back)
        prompt.finished.connect(self._on_discard_prompt_finished)
        return prompt

    def _build(self, own_company: str | None) -> None:
        self.heading = QLabel("Invite many people from a CSV file", self)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.heading.setFont(font)
        self.intro = intro = QLabel(
            "No e-mail is sent: after the import you hand each person their one-time code. Every row is checked "
            "first and nothing is written until you press Import; then all rows are created, or none.",
            self,
        )
        intro.setWordWrap(True)
        self.scope_note = QLabel(self)
        self.scope_note.setObjectName("importScopeNote")
        self.scope_note.setWordWrap(True)
        if own_company:
            self.scope_note.setText(
                f"You import into <b>{own_company}</b> only: leave the company column empty or write its name. "
                "Rows for another company are refused."
            )
        self.scope_note.setVisible(bool(own_company))
        self.help = QLabel(columns_help(), self)
        self.help.setObjectName("importColumnsHelp")
        self.help.setWordWrap(True)
        self.help.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.choose_button = QPushButton(icon("file-upload"), "&Choose file…", self)
        self.choose_button.setObjectName("importChooseFile")
        self.reload_button = QPushButton(icon("refresh"), "&Reload", self)
        self.reload_button.setObjectName("importReload")
        self.reload_button.setEnabled(False)
        self.reload_button.setToolTip("Read the same file again after fixing it")
        self.template_button = QPushButton(icon("file-download"), "Save &template…", self)
        self.template_button.setObjectName("importTemplate")
        self.path_label = QLabel("No file chosen yet.", self)
        self.path_label.setObjectName("importPath")
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        files = QHBoxLayout()
        files.addWidget(self.choose_button)
        files.addWidget(self.reload_button)
        files.addWidget(self.path_label, 1)
        files.addWidget(self.template_button)

        self.summary = QLabel(self)
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.error = InlineError(self)
        self.table = QTableWidget(0, len(PREVIEW_COLUMNS), self)
        self.table.setObjectName("importTable")
        self.table.setHorizontalHeaderLabels(list(PREVIEW_COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        # The reasons wrap in the last column, whose width is known only once laid out: re-fit the rows then.
        header.sectionResized.connect(self._on_table_section_resized)

        self.import_button = QPushButton(icon("account-multiple-plus"), "Import", self)
        self.import_button.setObjectName("importRun")
        self.import_button.setEnabled(False)
        self.save_codes_button = QPushButton(icon("content-save"), "&Save codes as CSV…", self)
        self.save_codes_button.setObjectName("importSaveCodes")
        self.copy_codes_button = QPushButton(icon("content-copy"), "C&opy codes", self)
        self.copy_codes_button.setObjectName("importCopyCodes")
        for button in (self.save_codes_button, self.copy_codes_button):
            button.hide()
        self.close_button = QPushButton("Close", self)
        self.close_button.setObjectName("importClose")
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_codes_button)
        buttons.addWidget(self.copy_codes_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(intro)
        layout.addWidget(self.scope_note)
        layout.addWidget(self.help)
        layout.addLayout(files)
        layout.addWidget(self.error)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.choose_button.clicked.connect(self._on_choose_clicked)
        self.reload_button.clicked.connect(self._start_preview)
        self.template_button.clicked.connect(self._on_template_clicked)
        self.import_button.clicked.connect(self._on_import_clicked)
        self.save_codes_button.clicked.connect(self._on_save_codes_clicked)
        self.copy_codes_button.clicked.connect(self._on_copy_codes_clicked)
        self.close_button.clicked.connect(self._on_done_clicked)
