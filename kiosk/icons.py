"""Pictograms drawn with QPainter (no emoji font needed): the care heart and the four
priority categories in the style of Taiwan's priority-seat signs."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPolygonF


def draw_heart(p: QPainter, box: QRectF, color: QColor) -> None:
    s = min(box.width(), box.height())
    x0 = box.center().x() - s / 2
    y0 = box.center().y() - s / 2

    def at(x, y):
        return QPointF(x0 + x * s, y0 + y * s)

    path = QPainterPath(at(0.5, 0.92))
    path.cubicTo(at(0.1, 0.62), at(-0.05, 0.32), at(0.22, 0.14))
    path.cubicTo(at(0.38, 0.05), at(0.5, 0.18), at(0.5, 0.28))
    path.cubicTo(at(0.5, 0.18), at(0.62, 0.05), at(0.78, 0.14))
    path.cubicTo(at(1.05, 0.32), at(0.9, 0.62), at(0.5, 0.92))
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(color)
    p.drawPath(path)
    p.restore()


class _Figure:
    """Draws a pictogram in a unit square mapped onto `box`."""

    def __init__(self, p: QPainter, box: QRectF, color: QColor):
        self.p = p
        self.s = min(box.width(), box.height())
        self.x0 = box.center().x() - self.s / 2
        self.y0 = box.center().y() - self.s / 2
        self.color = color

    def pt(self, x, y) -> QPointF:
        return QPointF(self.x0 + x * self.s, self.y0 + y * self.s)

    def head(self, x, y, r=0.075):
        self.p.setPen(Qt.PenStyle.NoPen)
        self.p.setBrush(self.color)
        self.p.drawEllipse(self.pt(x, y), r * self.s, r * self.s)

    def limb(self, *points, width=0.085):
        pen = QPen(self.color, width * self.s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                   Qt.PenJoinStyle.RoundJoin)
        self.p.setPen(pen)
        self.p.setBrush(Qt.BrushStyle.NoBrush)
        path = QPainterPath(self.pt(*points[0]))
        for x, y in points[1:]:
            path.lineTo(self.pt(x, y))
        self.p.drawPath(path)

    def arc(self, cx, cy, r, start_deg, span_deg, width=0.06):
        pen = QPen(self.color, width * self.s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        self.p.setPen(pen)
        self.p.setBrush(Qt.BrushStyle.NoBrush)
        rect = QRectF(self.pt(cx - r, cy - r), self.pt(cx + r, cy + r))
        self.p.drawArc(rect, int(start_deg * 16), int(span_deg * 16))

    def blob(self, cx, cy, rx, ry):
        self.p.setPen(Qt.PenStyle.NoPen)
        self.p.setBrush(self.color)
        self.p.drawEllipse(self.pt(cx, cy), rx * self.s, ry * self.s)


def _elderly(f: _Figure):
    f.head(0.42, 0.14)
    f.limb((0.40, 0.28), (0.46, 0.42), (0.50, 0.58))            # bent back
    f.limb((0.50, 0.58), (0.40, 0.92))
    f.limb((0.50, 0.58), (0.58, 0.74), (0.56, 0.92))
    f.limb((0.44, 0.36), (0.58, 0.48), (0.70, 0.50))            # arm to the cane
    f.limb((0.70, 0.46), (0.74, 0.93), width=0.05)              # cane


def _disabled(f: _Figure):
    f.head(0.40, 0.12)
    f.limb((0.38, 0.27), (0.36, 0.56), (0.62, 0.56), (0.72, 0.84))
    f.limb((0.37, 0.38), (0.58, 0.40))
    f.arc(0.40, 0.68, 0.24, 60, 250)


def _infant(f: _Figure):
    f.head(0.36, 0.13)
    f.limb((0.36, 0.27), (0.36, 0.60))
    f.limb((0.36, 0.60), (0.28, 0.92))
    f.limb((0.36, 0.60), (0.44, 0.92))
    f.limb((0.36, 0.34), (0.48, 0.52), (0.64, 0.50))            # arm under the baby
    f.head(0.58, 0.30, r=0.055)
    f.blob(0.60, 0.43, 0.09, 0.065)                             # the baby, held


def _pregnant(f: _Figure):
    f.head(0.46, 0.13)
    f.limb((0.46, 0.27), (0.46, 0.62))
    f.blob(0.53, 0.48, 0.10, 0.12)                              # the belly
    f.limb((0.46, 0.62), (0.40, 0.92))
    f.limb((0.46, 0.62), (0.54, 0.92))
    f.limb((0.45, 0.33), (0.36, 0.44), (0.40, 0.54))            # hand on the back


_FIGURES = {"elderly": _elderly, "disabled": _disabled, "infant": _infant, "pregnant": _pregnant}


def draw_category(p: QPainter, category_id: str, box: QRectF, color: QColor) -> None:
    """The category's pictogram; a heart for a category this kiosk has no picture of."""
    figure = _FIGURES.get(category_id)
    if figure is None:
        draw_heart(p, box, color)
        return
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    figure(_Figure(p, box, color))
    p.restore()


def draw_spinner(p: QPainter, box: QRectF, color: QColor, phase: int) -> None:
    """Twelve dots, one brighter, turning with `phase`: the kiosk is working."""
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    r = min(box.width(), box.height()) / 2
    for i in range(12):
        a = 2 * math.pi * i / 12
        c = QColor(color)
        c.setAlphaF(0.25 + 0.75 * (((i - phase) % 12) == 0))
        p.setBrush(c)
        center = QPointF(box.center().x() + 0.75 * r * math.cos(a), box.center().y() + 0.75 * r * math.sin(a))
        p.drawEllipse(center, r * 0.12, r * 0.12)
    p.restore()


def draw_warning(p: QPainter, box: QRectF, color: QColor) -> None:
    """A warning triangle with an exclamation mark: something is wrong."""
    w = min(box.width(), box.height())
    p.save()
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(color)
    p.drawPolygon(QPolygonF([QPointF(box.center().x(), box.top()), QPointF(box.right(), box.bottom()),
                             QPointF(box.left(), box.bottom())]))
    p.setBrush(QColor("#FFFFFF"))
    p.drawRoundedRect(QRectF(box.center().x() - w * 0.045, box.top() + w * 0.32, w * 0.09, w * 0.38),
                      w * 0.04, w * 0.04)
    p.drawEllipse(QPointF(box.center().x(), box.top() + w * 0.82), w * 0.055, w * 0.055)
    p.restore()
