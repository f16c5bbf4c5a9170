"""Colours, sizes and text drawing shared by the kiosk's screens.

Sizes are given for a 1080p screen and scaled to the window, so the kiosk reads the same
in portrait (1080x1920), landscape (1920x1080) and a smaller demo window.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import QWidget

from shared.qtfonts import font

PAPER = QColor("#F5F2EB")        # background: warm light grey, no glare
INK = QColor("#1B1B1B")
MUTED = QColor("#4A4A4A")
WHITE = QColor("#FFFFFF")
GENERAL = QColor("#0B4F8A")      # deep blue: white text on it is 8.6:1
GENERAL_DOWN = QColor("#083A66")
CARE = QColor("#A8123E")         # deep rose: the care path everywhere
CARE_DOWN = QColor("#7E0D2E")
CARE_LIGHT = QColor("#FBE6EC")
WARN = QColor("#8A4B00")         # dark amber text on WARN_LIGHT
WARN_LIGHT = QColor("#FFF1CC")
FAULT = QColor("#B3261E")
NEUTRAL = QColor("#3C4650")
NEUTRAL_DOWN = QColor("#262E36")
LINE = QColor("#D8D2C4")

WRAP_CENTER = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
WRAP_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)
WRAP_LEFT_MIDDLE = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap)


def scale(widget: QWidget) -> float:
    """1.0 on a 1080p screen in either orientation, less in a smaller window."""
    w = widget.window()
    long_side, short_side = max(w.width(), w.height()), min(w.width(), w.height())
    return max(0.3, min(long_side / 1920, short_side / 1080))


def portrait(widget: QWidget) -> bool:
    w = widget.window()
    return w.height() > w.width()


def fitted_size(rect: QRect, text: str, px: int, bold: bool, flags: int,
                smallest: int) -> int:
    """The largest pixel size from `px` down to `smallest` at which `text` fits `rect`."""
    while px > smallest:
        used = measure(rect, text, px, bold, flags)
        if used.width() <= rect.width() and used.height() <= rect.height():
            break
        px = max(smallest, int(px * 0.92))
    return px


def draw_text(painter: QPainter, rect: QRect, text: str, px: int, color: QColor, bold: bool = False,
              flags: int = WRAP_CENTER, smallest: int | None = None) -> QRect:
    """Draws `text` in `rect`, shrunk if needed to fit; returns the rectangle it used."""
    if not text:
        return QRect(rect.x(), rect.y(), rect.width(), 0)
    if smallest is not None:
        px = fitted_size(rect, text, px, bold, flags, smallest)
    painter.setFont(font(px, bold))
    painter.setPen(color)
    painter.drawText(rect, flags, text)
    return measure(rect, text, px, bold, flags)


def text_height(width: int, text: str, px: int, bold: bool = False,
                flags: int = WRAP_LEFT) -> int:
    if not text:
        return 0
    return measure(QRect(0, 0, width, 100000), text, px, bold, flags).height()


def measure(rect: QRect, text: str, px: int, bold: bool, flags: int) -> QRect:
    # Font metrics, not the painter: a painter with no pen measures every text as empty.
    return QFontMetrics(font(px, bold)).boundingRect(rect, flags, text)
