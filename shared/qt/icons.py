"""Pictograms more than one app draws, with QPainter (no emoji font needed)."""

from __future__ import annotations

import math
from typing import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

Draw = Callable[[QPainter, QRectF, QColor], None]


class Picture(QWidget):
    """A pictogram `side` × `side` (1080p pixels), drawn by `draw` in `color`."""

    def __init__(self, draw: Draw, color: str, side: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.draw, self.color, self.side = draw, color, side
        self.rescale(1.0)

    def rescale(self, k: float) -> None:
        self.setFixedSize(int(self.side * k), int(self.side * k))

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.draw(p, QRectF(self.rect()), QColor(self.color))


def draw_clock(p: QPainter, box: QRectF, color: QColor) -> None:
    """A clock face at eight o'clock: the office opens at its hours (calm, not a fault).
    The kiosk's closed screen and the hall display's."""
    s = min(box.width(), box.height())
    c = box.center()
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(color, s * 0.07))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawEllipse(c, s * 0.42, s * 0.42)
    p.setPen(QPen(color, s * 0.07, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.drawLine(c, QPointF(c.x(), c.y() - s * 0.28))                              # twelve
    a = math.radians(240 - 90)                                                     # eight
    p.drawLine(c, QPointF(c.x() + s * 0.2 * math.cos(a), c.y() + s * 0.2 * math.sin(a)))
    p.restore()
