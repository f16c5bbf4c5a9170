"""The rating pad's widgets, drawn with QPainter so that they scale with the screen (a 7 inch
pad or a 24 inch monitor) and need no image files: the five faces, the reason chips, the
Send and Skip buttons, the thanks mark, and labels that show received text as plain text."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QAbstractButton, QLabel, QSizePolicy, QVBoxLayout, QWidget

from shared.i18n import Text
from shared.qt.fonts import font
from shared.qt.theme import LIGHT

THEME = LIGHT

# The faces' colours, by score: calm and dark enough for white features on them.
FACE_COLOURS = {5: "#2E7D32", 4: "#5B8C2A", 3: "#8A6D00", 2: "#C2571A", 1: "#B3261E"}


def label(px: int, bold: bool = False, role: str = "text", align=Qt.AlignmentFlag.AlignCenter,
          wrap: bool = True) -> QLabel:
    """A label for text from the office or the service: always plain text."""
    w = QLabel()
    w.setTextFormat(Qt.TextFormat.PlainText)
    w.setAlignment(align)
    w.setWordWrap(wrap)
    w.setFont(font(px, bold))
    w.setStyleSheet(f"color: {getattr(THEME, role)}; background: transparent;")
    w.base_px, w.bold = px, bold
    return w


class Bilingual(QWidget):
    """A text in the first language, and under it, smaller and muted, in the other."""

    def __init__(self, px: int, second_px: int, bold: bool = True, role: str = "text",
                 align=Qt.AlignmentFlag.AlignCenter, spacing: int = 4):
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(spacing)
        self.first = label(px, bold, role, align)
        self.second = label(second_px, False, "muted", align)
        layout.addWidget(self.first)
        layout.addWidget(self.second)

    def labels(self) -> tuple[QLabel, QLabel]:
        return self.first, self.second

    def set(self, text: Text | None, lang: str) -> None:
        first, second = text.pair(lang) if text is not None else ("", "")
        self.first.setText(first)
        self.second.setText(second if second != first else "")
        self.second.setVisible(bool(self.second.text()))


def fitting_px(text: str, px: float, width: float, bold: bool) -> float:
    """`px`, or smaller so that `text` fits on one line of `width`."""
    if not text or width <= 0:
        return px
    advance = QFontMetricsF(font(px, bold)).horizontalAdvance(text)
    return px if advance <= width else max(8.0, px * width / advance)


def draw_face(p: QPainter, centre: QPointF, radius: float, mood: float, colour: str) -> None:
    """A round face: `mood` 1 smiles broadly, 0 is a straight mouth, -1 frowns."""
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(colour))
    p.drawEllipse(centre, radius, radius)
    white = QColor("#FFFFFF")
    p.setBrush(white)
    eye_r = radius * 0.11
    for side in (-1, 1):
        p.drawEllipse(QPointF(centre.x() + side * radius * 0.36, centre.y() - radius * 0.22), eye_r, eye_r * 1.15)
    pen = QPen(white, max(2.0, radius * 0.1), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    half = radius * 0.45
    y = centre.y() + radius * 0.38 - mood * radius * 0.08
    bend = mood * radius * 0.34   # the middle of the mouth below (smile) or above (frown) its ends
    mouth = QPainterPath(QPointF(centre.x() - half, y - bend / 2))
    mouth.quadTo(QPointF(centre.x(), y + bend * 1.1), QPointF(centre.x() + half, y - bend / 2))
    p.drawPath(mouth)


def draw_check(p: QPainter, rect: QRectF, colour: QColor, width: float) -> None:
    pen = QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    path = QPainterPath(QPointF(rect.left(), rect.center().y()))
    path.lineTo(QPointF(rect.left() + rect.width() * 0.38, rect.bottom()))
    path.lineTo(QPointF(rect.right(), rect.top()))
    p.drawPath(path)


class PadButton(QAbstractButton):
    """A large touch target with two lines of text, drawn to its own size."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.first = ""
        self.second = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)   # keys go to the window (1–5, Enter, Esc)

    def set_text(self, text: Text, lang: str) -> None:
        self.first, self.second = text.pair(lang)
        if self.second == self.first:
            self.second = ""
        self.setAccessibleName(f"{self.first} {self.second}".strip())
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(200, 100)

    def card(self, p: QPainter, fill: str, line: str, radius: float) -> QRectF:
        rect = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        p.setPen(QPen(QColor(line), 2))
        p.setBrush(QColor(fill))
        p.drawRoundedRect(rect, radius, radius)
        return rect

    def text_lines(self, p: QPainter, rect: QRectF, first_px: float, second_px: float, colour: str,
                   second_colour: str) -> None:
        first_px = fitting_px(self.first, first_px, rect.width() * 0.92, True)
        second_px = fitting_px(self.second, second_px, rect.width() * 0.92, False)
        gap = second_px * 0.25 if self.second else 0
        total = first_px * 1.3 + (second_px * 1.3 + gap if self.second else 0)
        top = rect.center().y() - total / 2
        p.setPen(QColor(colour))
        p.setFont(font(first_px, True))
        p.drawText(QRectF(rect.left(), top, rect.width(), first_px * 1.3), Qt.AlignmentFlag.AlignCenter,
                   self.first)
        if self.second:
            p.setPen(QColor(second_colour))
            p.setFont(font(second_px))
            p.drawText(QRectF(rect.left(), top + first_px * 1.3 + gap, rect.width(), second_px * 1.3),
                       Qt.AlignmentFlag.AlignCenter, self.second)


class FaceButton(PadButton):
    """One of the five answers: a face, the answer in both languages, its key in a corner."""

    def __init__(self, score: int, mood: float, parent: QWidget | None = None):
        super().__init__(parent)
        self.score, self.mood = score, mood
        self.widest = ("", "")   # the longest answer of the row: all five are drawn at its size

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        down = self.isDown()
        rect = self.card(p, THEME.accent_light if down else THEME.surface,
                         THEME.accent if down else THEME.line, min(w, h) * 0.08)
        radius = min(w * 0.34, h * 0.22)
        draw_face(p, QPointF(rect.center().x(), rect.top() + h * 0.08 + radius), radius, self.mood,
                  FACE_COLOURS.get(self.score, THEME.accent))
        text = QRectF(rect.left() + 4, rect.top() + h * 0.12 + 2 * radius, rect.width() - 8,
                      rect.bottom() - (rect.top() + h * 0.12 + 2 * radius))
        width = text.width() * 0.92
        self.text_lines(p, text, fitting_px(self.widest[0], h * 0.12, width, True),
                        fitting_px(self.widest[1], h * 0.065, width, False), THEME.text, THEME.muted)
        p.setPen(QColor(THEME.muted))
        p.setFont(font(max(12, h * 0.05)))
        p.drawText(rect.adjusted(0, h * 0.02, -w * 0.06, 0), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                   str(self.score))
        p.end()


class ChipButton(PadButton):
    """A reason: touched once it is chosen (filled, with a check), touched again it is not."""

    def __init__(self, reason: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.reason = reason
        self.setCheckable(True)

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        h = self.height()
        on = self.isChecked()
        fill = THEME.accent if on else (THEME.accent_light if self.isDown() else THEME.surface)
        rect = self.card(p, fill, THEME.accent if on else THEME.line, h * 0.22)
        if on:
            size = h * 0.24
            draw_check(p, QRectF(rect.left() + h * 0.22, rect.center().y() - size / 2, size, size),
                       QColor(THEME.on_fill), max(3.0, h * 0.05))
        text = rect.adjusted(h * 0.35 if on else 0, 0, 0, 0)
        self.text_lines(p, text, h * 0.27, h * 0.16, THEME.on_fill if on else THEME.text,
                        "#DCE6F2" if on else THEME.muted)
        p.end()


class ActionButton(PadButton):
    """Send (filled, the main action) or Skip (outlined)."""

    def __init__(self, main: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.main = main

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        h = self.height()
        down = self.isDown()
        if self.main:
            rect = self.card(p, THEME.accent_down if down else THEME.accent, THEME.accent_down, h * 0.2)
            self.text_lines(p, rect, h * 0.34, h * 0.19, THEME.on_fill, "#DCE6F2")
        else:
            rect = self.card(p, THEME.accent_light if down else THEME.surface, THEME.accent, h * 0.2)
            self.text_lines(p, rect, h * 0.30, h * 0.18, THEME.accent, THEME.muted)
        p.end()


class ThanksMark(QWidget):
    """A smiling face over the thanks: the same face as 非常滿意, in the accent's calm."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = min(self.width(), self.height()) / 2 - 2
        draw_face(p, QPointF(self.width() / 2, self.height() / 2), r, 1.0, FACE_COLOURS[5])
        p.end()
