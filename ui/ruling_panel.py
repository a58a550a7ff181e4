"""The ruling panel: a thin view over a :class:`~ui.ruling_form.RulingForm`, ruled from the keyboard.

The single keys (C/E/F/I, J/K) are actions of the window (:mod:`ui.actions`)
that the workflow applies to the form; this widget shows the form and
writes back only what is typed or picked in its fields. While a ruling
waits in its undo window the panel shows the countdown and an Undo button
(Ctrl+Z) and is read-only.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from services import rulings
from services.case_view import Case, CaseDocument
from services.ruling_submission import FraudType, RulingReason
from ui.ruling_form import RulingForm
from ui.theme import ruling_colour, set_status

_AS_DERIVED: Final = "As the documents say"
_NO_REASON: Final = "—"

KEYS: Final = {rulings.CLEAN: "C", rulings.EDITED: "E", rulings.FRAUD: "F", rulings.INSUFFICIENT: "I"}
"""The single key for each ruling, shown beside it so the reviewer learns them."""


class RulingPanel(QWidget):
    """Per-document rulings, overall ruling, reason, fraud type, note, and Submit / Undo."""

    submit_requested = Signal()
    undo_requested = Signal()
    discard_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rulingPanel")
        self.form: RulingForm | None = None
        self._waiting = False
        layout = QVBoxLayout(self)

        keys = "   ".join(f"{key} {ruling.title()}" for ruling, key in KEYS.items())
        self.keys_hint = QLabel(f"Rule the selected document: {keys}   ·   J/K or arrows: next/previous", self)
        self.keys_hint.setObjectName("rulingKeys")
        self.keys_hint.setWordWrap(True)
        layout.addWidget(self.keys_hint)
        self.documents = QListWidget(self)
        self.documents.setObjectName("rulingDocuments")
        self.documents.currentRowChanged.connect(self._on_documents_row)
        layout.addWidget(self.documents, 1)

        fields = QFormLayout()
        self.derived_label = QLabel(self)
        self.derived_label.setObjectName("rulingDerived")
        bold = self.derived_label.font()
        bold.setBold(True)
        self.derived_label.setFont(bold)
        fields.addRow("Overall", self.derived_label)
        self.override_combo = QComboBox(self)
        self.override_combo.setObjectName("rulingOverride")
        self.override_combo.addItem(_AS_DERIVED, None)
        for ruling in rulings.RULINGS:
            self.override_combo.addItem(ruling, ruling)
        self.override_combo.currentIndexChanged.connect(self._on_override)
        fields.addRow("Override", self.override_combo)
        self.override_reason_edit = QLineEdit(self)
        self.override_reason_edit.setObjectName("rulingOverrideReason")
        self.override_reason_edit.setPlaceholderText("Why the overall ruling differs (required when overriding)")
        self.override_reason_edit.textChanged.connect(self._on_override_reason)
        fields.addRow("Override reason", self.override_reason_edit)
        self.reason_combo = QComboBox(self)
        self.reason_combo.setObjectName("rulingReason")
        self.reason_combo.addItem(_NO_REASON, None)
        for reason in RulingReason:
            self.reason_combo.addItem(reason.value, reason)
        self.reason_combo.currentIndexChanged.connect(self._on_reason)
        fields.addRow("Reason", self.reason_combo)
        self.fraud_type_combo = QComboBox(self)
        self.fraud_type_combo.setObjectName("rulingFraudType")
        self.fraud_type_combo.addItem(_NO_REASON, None)
        for fraud_type in FraudType:
            self.fraud_type_combo.addItem(fraud_type.value.replace("_", " ").capitalize(), fraud_type)
        self.fraud_type_combo.currentIndexChanged.connect(self._on_fraud_type)
        fields.addRow("Fraud type", self.fraud_type_combo)
        for combo in (self.override_combo, self.reason_combo, self.fraud_type_combo):
            # Long reason texts must not set the panel's width: it shares a dock with the document viewer.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setObjectName("rulingNote")
        self.note_edit.setPlaceholderText("Note (optional, free text)")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setMaximumHeight(80)
        self.note_edit.textChanged.connect(self._on_note)
        fields.addRow("Note", self.note_edit)
        layout.addLayout(fields)

        self.message_label = QLabel(self)
        self.message_label.setObjectName("rulingMessage")
        self.message_label.setWordWrap(True)
        layout.addWidget(self.message_label)
        row = QHBoxLayout()
        self.countdown_label = QLabel(self)
        self.countdown_label.setObjectName("rulingCountdown")
        row.addWidget(self.countdown_label, 1)
        self.discard_button = QPushButton("Discard refused draft (Ctrl+Shift+D)", self)
        self.discard_button.setObjectName("rulingDiscard")
        self.discard_button.clicked.connect(self.discard_requested)
        self.discard_button.hide()
        row.addWidget(self.discard_button)
        self.undo_button = QPushButton("Undo (Ctrl+Z)", self)
        self.undo_button.setObjectName("rulingUndo")
        self.undo_button.clicked.connect(self.undo_requested)
        self.undo_button.hide()
        row.addWidget(self.undo_button)
        self.submit_button = QPushButton("Submit ruling (Ctrl+Enter)", self)
        self.submit_button.setObjectName("rulingSubmit")
        self.submit_button.setDefault(True)
        self.submit_button.clicked.connect(self.submit_requested)
        row.addWidget(self.submit_button)
        layout.addLayout(row)
        self.load(None)

    # ------------------------------------------------------------ public
    def load(self, form: RulingForm | None) -> None:
        """Show ``form`` (``None``: no case open) with its fields filled in."""
        self.form = form
        self.override_combo.setCurrentIndex(self.override_combo.findData(form.overall_override) if form else 0)
        self.override_reason_edit.setText(form.override_reason if form else "")
        self.reason_combo.setCurrentIndex(self.reason_combo.findData(form.reason) if form else 0)
        self.fraud_type_combo.setCurrentIndex(self.fraud_type_combo.findData(form.fraud_type) if form else 0)
        self.note_edit.blockSignals(True)
        self.note_edit.setPlainText(form.note if form else "")
        self.note_edit.blockSignals(False)
        self.show_message("")
        self.show_waiting(None)
        self.refresh()

    def show_read_only(self, case: Case, why: str) -> None:
        """``case`` open to read: its documents as they stand, its result, no inputs, and ``why`` in words."""
        self.load(None)
        for number, document in enumerate(case.documents, start=1):
            ruled = document.result if document.result in rulings.RULINGS else None
            self.documents.addItem(_document_line(number, document, ruled))
        self.derived_label.setText(f"Entry result {case.result}" if case.result else "Read only")
        self.show_message(f"{case.short_id or 'This entry'} is open read-only: {why}.")

    def refresh(self) -> None:
        """Redraw the documents and the derived ruling from the form."""
        form = self.form
        self.keys_hint.setVisible(form is not None)
        self.documents.blockSignals(True)
        self.documents.clear()
        if form is not None:
            for number, document in enumerate(form.documents, start=1):
                extra = " · re-upload requested" if document.proof_id in form.reupload else ""
                self.documents.addItem(_document_line(number, document, form.ruling_of(document.proof_id), extra))
            self.documents.setCurrentRow(form.current)
        self.documents.blockSignals(False)
        if form is None:
            self.derived_label.setText("No entry open")
        elif form.derived is None:
            self.derived_label.setText(f"{form.unruled} document(s) still to rule")
        else:
            self.derived_label.setText(f"{form.derived} (the worst of the documents)")
        self._enable_inputs()

    def show_message(self, text: str, status: str = "") -> None:
        self.message_label.setText(text)
        set_status(self.message_label, status)

    def show_refused(self, count: int) -> None:
        """Offer to discard the ``count`` drafts the server refused (hidden when there are none)."""
        self.discard_button.setVisible(count > 0)
        self.discard_button.setText(
            f"Discard {count} refused drafts (Ctrl+Shift+D)" if count > 1 else "Discard refused draft (Ctrl+Shift+D)"
        )

    def show_waiting(self, seconds_left: float | None) -> None:
        """During the undo window: the countdown and Undo; the fields are read-only until it ends."""
        self._waiting = seconds_left is not None
        self.undo_button.setVisible(self._waiting)
        self._enable_inputs()
        self.countdown_label.setText(f"Sending in {seconds_left:.0f} s…" if seconds_left is not None else "")

    def _enable_inputs(self) -> None:
        """Inputs take part only with a case open and no ruling in its undo window; messages always read."""
        editable = self.form is not None and not self._waiting
        for field in (
            self.documents,
            self.override_combo,
            self.override_reason_edit,
            self.reason_combo,
            self.fraud_type_combo,
            self.note_edit,
            self.submit_button,
        ):
            field.setEnabled(editable)

    # ---------------------------------------------------------- handlers
    def _on_documents_row(self, row: int) -> None:
        if self.form is not None and row >= 0:
            self.form.current = row

    def _on_override(self, index: int) -> None:
        if self.form is not None:
            self.form.overall_override = self.override_combo.itemData(index)

    def _on_override_reason(self, text: str) -> None:
        if self.form is not None:
            self.form.override_reason = text

    def _on_reason(self, index: int) -> None:
        if self.form is not None:
            data = self.reason_combo.itemData(index)  # Qt hands an enum back as its plain value
            self.form.reason = RulingReason(data) if data else None

    def _on_fraud_type(self, index: int) -> None:
        if self.form is not None:
            data = self.fraud_type_combo.itemData(index)
            self.form.fraud_type = FraudType(data) if data else None

    def _on_note(self) -> None:
        if self.form is not None:
            self.form.note = self.note_edit.toPlainText()


def _document_line(number: int, document: CaseDocument, ruling: str | None, extra: str = "") -> QListWidgetItem:
    """ "2. paystub DOC-00000442 — EDITED": the document, its ruling (or "not ruled") in the ruling's colour."""
    name = document.kind.replace("_", " ") + (f" {document.short_id}" if document.short_id else "")
    item = QListWidgetItem(f"{number}. {name} — {ruling or 'not ruled'}{extra}")
    item.setToolTip(f"Machine suggestion: {document.suggested_ruling}")
    colour = ruling_colour(ruling)
    if colour is not None:
        item.setForeground(colour)
    return item
