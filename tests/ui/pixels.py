"""A QImage's pixels as a numpy array, for tests that assert on what was drawn."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage


def rgb_pixels(image: QImage) -> np.ndarray:
    """(height, width, 3) uint8 RGB, copied: the converted QImage's buffer dies with it."""
    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)
    rows = np.frombuffer(rgba.constBits(), np.uint8).reshape(rgba.height(), rgba.bytesPerLine() // 4, 4)
    return rows[:, : rgba.width(), :3].copy()
