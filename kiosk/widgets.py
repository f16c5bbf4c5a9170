"""The kiosk's building blocks, placed by Qt layouts: `Words` (a text in the chosen language
with the other under it), `Tile` (a large coloured touch target), `Panel` (a coloured
ground) and `Picture` (a pictogram). Sizes are given for a 1080p screen; `rescale` sets
them for the window's size, so the kiosk reads the same in portrait, landscape and a small
demo window."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import QAbstractButton, QLabel, QSizePolicy, QWidget

from shared.i18n import Text
from shared.qt.fonts import font
from shared.qt.icons import Draw, Picture  # noqa: F401  (the kiosk's screens take them from here)
from shared.qt.theme import LIGHT



def scale(window: QWidget) -> float:
    """1.0 on a 1080p screen in either orientation, less in a smaller window."""
    long_side, short_side = max(window.width(), window.height()), min(window.width(), window.height())
    return max(0.3, min(long_side / 1920, short_side / 1080))


def rescale(root: QWidget, k: float) -> None:
    for child in root.findChildren(QWidget):
        if isinstance(child, (Words, Tile, Picture)):
            child.rescale(k)


class Words(QLabel):
    """`text` in `lang` (bold, `px`) over the other language (`ratio` × `px`)."""

    def __init__(self, px: int, color: str = LIGHT.text, bold: bool = True, ratio: float = 0.6,
                 align=Qt.AlignmentFlag.AlignLeft, parent: QWidget | None = None):
        super().__init__(parent)
        self.px, self.color, self.bold, self.ratio, self.k = px, color, bold, ratio, 1.0
        self.text_, self.lang, self.lines = Text("", ""), "zh-TW", ()
        self.setWordWrap(True)
        self.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)
        self.setTextFormat(Qt.TextFormat.RichText)

    def show_text(self, text: Text | None, lang: str, lines: tuple[Text, ...] = ()) -> None:
        """`lines`: a bulleted list under the heading."""
        self.text_, self.lang, self.lines = text or Text("", ""), lang, lines
        self.setVisible(bool(self.text_.zh or lines))
        self._render()

    def rescale(self, k: float) -> None:
        self.k = k
        self._render()

    def pair(self) -> tuple[str, str]:
        first, second = self.text_.pair(self.lang)
        return first, ("" if second == first else second)

    def _render(self) -> None:
        px, weight = int(self.px * self.k), 700 if self.bold else 400

        def block(first: str, second: str, size: int, bold: int, bullet: str = "") -> str:
            return (f"<div style='font-size:{size}px; font-weight:{bold}'>{bullet}{escape(first)}</div>"
                    + (f"<div style='font-size:{int(size * self.ratio)}px; font-weight:400'>"
                       f"{'&nbsp;' * 3 * bool(bullet)}{escape(second)}</div>" if second else ""))

        first, second = self.pair()
        html = block(first, second, px, weight)
        for line in self.lines:
            a, b = line.pair(self.lang)
            html += block(a, "" if a == b else b, int(px * 0.85), 400, "•&nbsp;")
        self.setText(f"<div style='color:{self.color}'>{html}</div>")


class Panel(QWidget):
    """A ground of one colour, its corners rounded by `radius` (1080p pixels)."""

    def __init__(self, color: str, radius: int = 0, parent: QWidget | None = None):
        super().__init__(parent)
        self.color, self.radius = color, radius

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(self.color))
        r = self.radius * scale(self.window())
        p.drawRoundedRect(QRectF(self.rect()), r, r)


class Tile(QAbstractButton):
    """A touch target: a name (bold) over its other language, an optional pictogram on the
    left; the texts shrink to one line each rather than break."""

    def __init__(self, color: str, pressed: str, px: int = 40, icon: Draw | None = None, name: str = "",
                 size: tuple[int, int] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.color, self.pressed, self.px, self.icon, self.k, self.size_ = color, pressed, px, icon, 1.0, size
        self.texts = ("", "")
        self.setObjectName(name)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def show_text(self, text: Text, lang: str) -> None:
        first, second = text.pair(lang)
        self.texts = (first, "" if second == first else second)
        self.setText(first)  # for accessibility and tests
        self.update()

    def rescale(self, k: float) -> None:
        self.k = k
        if self.size_:
            self.setFixedSize(int(self.size_[0] * k), int(self.size_[1] * k))
        self.update()

    def minimumSizeHint(self) -> QSize:
        return QSize(int(100 * self.k), int(90 * self.k))  # 15 mm and more on a kiosk screen

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        k = self.k
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(self.pressed if self.isDown() else self.color))
        p.drawRoundedRect(QRectF(self.rect()).adjusted(2, 2, -2, -2), 16 * k, 16 * k)
        inner = self.rect().adjusted(int(18 * k), int(6 * k), -int(18 * k), -int(6 * k))
        align = Qt.AlignmentFlag.AlignHCenter
        if self.icon is not None:
            side = min(inner.height(), int(inner.width() * 0.3))
            self.icon(p, QRectF(inner.x(), inner.center().y() - side / 2, side, side), QColor(LIGHT.on_fill))
            inner.setLeft(inner.x() + side + int(16 * k))
            align = Qt.AlignmentFlag.AlignLeft
        sizes = [int(self.px * k), int(self.px * 0.62 * k)]
        for i, text in enumerate(self.texts):   # one line each, smaller if need be
            wide = QFontMetrics(font(sizes[i], i == 0)).horizontalAdvance(text)
            if wide > inner.width():
                sizes[i] = max(8, int(sizes[i] * inner.width() / wide))
        heights = [QFontMetrics(font(size, i == 0)).height() if text else 0
                   for i, (size, text) in enumerate(zip(sizes, self.texts))]
        if sum(heights) > inner.height():   # a low tile: both lines smaller
            sizes = [int(s * inner.height() / sum(heights)) for s in sizes]
            heights = [int(h * inner.height() / sum(heights)) for h in heights]
        y = inner.y() + max(0, (inner.height() - sum(heights)) // 2)
        p.setPen(QColor(LIGHT.on_fill))
        for i, (text, size, height) in enumerate(zip(self.texts, sizes, heights)):
            p.setFont(font(size, i == 0))
            p.drawText(inner.x(), y, inner.width(), height, align | Qt.AlignmentFlag.AlignVCenter, text)
            y += height
