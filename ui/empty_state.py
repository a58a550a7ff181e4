"""A panel's "nothing here yet" message: a title and a sentence saying what will appear and how."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

_TEXT_WIDTH = 460


class EmptyState(QWidget):
    def __init__(self, title: str, detail: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        box = QWidget(self)
        box.setMaximumWidth(_TEXT_WIDTH)
        self.title = QLabel(title, box)
        self.title.setObjectName("emptyStateTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.detail = QLabel(detail, box)
        self.detail.setObjectName("emptyStateDetail")
        for label in (self.title, self.detail):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
        # Word-wrapped labels get their height for the width they really have
        # only when added without an alignment flag; the box's maximum width
        # keeps the lines readable and the stretches centre it.
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(self.title)
        box_layout.addSpacing(6)
        box_layout.addWidget(self.detail)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(box, 8)
        centred.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addLayout(centred)
        layout.addStretch(3)
