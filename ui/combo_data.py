"""Choosing a combo box item by its data when the data is a Python object (a UUID).

``QComboBox.findData`` compares through QVariant, which does not call
Python's ``__eq__`` for wrapped objects, so a UUID never matches itself
and the combo silently falls back to its first item (and a later save
would write that item). Comparing in Python does not.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox


def choose_data(combo: QComboBox, value: object) -> None:
    """Make the item whose data equals ``value`` current; the first item when there is none."""
    index = next((row for row in range(combo.count()) if combo.itemData(row) == value), 0)
    combo.setCurrentIndex(index)
