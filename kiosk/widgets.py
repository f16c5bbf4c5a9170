"""The kiosk's touch button: a large coloured tile with a main text, a second-language
text underneath and an optional pictogram, drawn to fit whatever size it is given."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QWidget

from kiosk import theme
from shared.qtfonts import font

Icon = Callable[[QPainter, QRectF, QColor], None]


class Tile(QAbstractButton):
    """A touch target. `icon` draws a pictogram; with `icon_above` it sits over the text."""

    def __init__(self, color: QColor, pressed: QColor, parent: QWidget | None = None,
                 icon: Icon | None = None, icon_above: bool = False, text_px: int = 40):
        super().__init__(parent)
        self.color, self.pressed_color = color, pressed
        self.fg = theme.WHITE
        self.icon = icon
        self.icon_above = icon_above
        self.text_px = text_px
        self.primary = ""
        self.secondary = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def set_texts(self, primary: str, secondary: str = "") -> None:
        self.primary, self.secondary = primary, secondary
        self.setText(primary)  # for accessibility and tests
        self.update()

    def minimumSizeHint(self) -> QSize:
        side = int(100 * theme.scale(self))  # 15 mm and more on a kiosk screen
        return QSize(side, side)

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        k = theme.scale(self)
        r = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(self.pressed_color if self.isDown() else self.color)
        radius = 18 * k
        p.drawRoundedRect(r, radius, radius)

        pad, vpad = int(18 * k), int(8 * k)
        inner = self.rect().adjusted(pad, vpad, -pad, -vpad)
        if self.icon is not None:
            if self.icon_above:
                side = min(inner.width(), int(inner.height() * 0.55))
                icon_box = QRect(inner.center().x() - side // 2, inner.top(), side, side)
                inner.setTop(icon_box.bottom() + int(8 * k))
            else:
                side = min(inner.height(), int(inner.width() * 0.32))
                icon_box = QRect(inner.left(), inner.center().y() - side // 2, side, side)
                inner.setLeft(icon_box.right() + int(16 * k))
            self.icon(p, QRectF(icon_box), self.fg)

        centered = self.icon is None or self.icon_above
        flags = theme.WRAP_CENTER if centered else theme.WRAP_LEFT_MIDDLE
        primary_px = int(self.text_px * k)
        secondary_px = int(self.text_px * 0.62 * k)
        gap = int(2 * k)
        one_line = QFontMetrics(font(primary_px, True)).horizontalAdvance(self.primary)
        if one_line > inner.width():  # rather a little smaller on one line than broken in two
            primary_px = max(int(primary_px * 0.8), int(primary_px * inner.width() / one_line))
        # Shrink both lines together, down to 60 %, until they fit; then centre the pair.
        for _ in range(8):
            h1 = theme.text_height(inner.width(), self.primary, primary_px, True, flags)
            h2 = theme.text_height(inner.width(), self.secondary, secondary_px, False, flags)
            if h1 + gap + h2 <= inner.height() or primary_px <= self.text_px * 0.6 * k:
                break
            primary_px, secondary_px = int(primary_px * 0.93), int(secondary_px * 0.93)
        y = inner.y() + max(0, (inner.height() - h1 - gap - h2) // 2)
        theme.draw_text(p, QRect(inner.x(), y, inner.width(), h1), self.primary, primary_px, self.fg, True, flags)
        theme.draw_text(p, QRect(inner.x(), y + h1 + gap, inner.width(), h2), self.secondary, secondary_px,
                        self.fg, False, flags)
        p.end()
