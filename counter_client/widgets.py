"""Small widgets of the counter window: a text in two languages, an action button with its
key, and a banner."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from shared.qtfonts import font

# Button tones: background, text, border.
TONES = {
    "go": ("#2e7d32", "#ffffff", "#1b5e20"),
    "done": ("#1565c0", "#ffffff", "#0d47a1"),
    "warn": ("#fff3e0", "#8a4b00", "#ef9c3a"),
    "plain": ("#ffffff", "#1f2d3d", "#b8c2cc"),
}


def label(size: int, bold: bool = False, color: str = "#1f2d3d", wrap: bool = False) -> QLabel:
    widget = QLabel()
    widget.setFont(font(size, bold))
    widget.setStyleSheet(f"color: {color}; background: transparent;")
    widget.setWordWrap(wrap)
    return widget


class TwoLines(QWidget):
    """A text in the first language with the second language smaller underneath."""

    def __init__(self, size: int, second_size: int, bold: bool = False, color: str = "#1f2d3d",
                 second_color: str = "#5b6b7b", align=Qt.AlignmentFlag.AlignLeft, wrap: bool = False):
        super().__init__()
        self.first = label(size, bold, color, wrap)
        self.second = label(second_size, False, second_color, wrap)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        for line in (self.first, self.second):
            line.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)
            box.addWidget(line)

    def set(self, first: str, second: str = "") -> None:
        self.first.setText(first)
        self.second.setText(second)
        self.second.setVisible(bool(second))

    def set_colors(self, color: str, second_color: str) -> None:
        self.first.setStyleSheet(f"color: {color}; background: transparent;")
        self.second.setStyleSheet(f"color: {second_color}; background: transparent;")


class OneLine(QLabel):
    """A text in the first language with the second language smaller after it, on one line."""

    def __init__(self, size: int, second_size: int, bold: bool = False, color: str = "#1f2d3d",
                 second_color: str = "#5b6b7b"):
        super().__init__()
        self.setFont(font(size, bold))
        self.setTextFormat(Qt.TextFormat.RichText)
        self.second_size = second_size
        self.parts = ("", "")
        self.set_colors(color, second_color)

    def set(self, first: str, second: str = "") -> None:
        self.parts = (first, second)
        self.setText(f"{html.escape(first)}&nbsp;&nbsp;<span style='font-size: {self.second_size}px;"
                     f" font-weight: normal; color: {self.second_color};'>{html.escape(second)}</span>")

    def set_colors(self, color: str, second_color: str) -> None:
        self.setStyleSheet(f"color: {color}; background: transparent;")
        self.second_color = second_color
        self.set(*self.parts)


class ActionButton(QPushButton):
    """A large button: the action in both languages and the key that does the same."""

    def __init__(self, tone: str, primary_size: int = 17):
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the window, never to a button
        self.setMinimumHeight(52)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.title = QLabel()
        self.title.setFont(font(primary_size, True))
        self.key = QLabel()
        self.key.setObjectName("key")
        self.key.setFont(font(11, True))
        self.subtitle = QLabel()
        self.subtitle.setFont(font(12))
        for part in (self.title, self.key, self.subtitle):
            part.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.key, 0, Qt.AlignmentFlag.AlignTop)
        box = QVBoxLayout(self)
        box.setContentsMargins(10, 6, 8, 6)
        box.setSpacing(0)
        box.addStretch(1)
        box.addLayout(top)
        box.addWidget(self.subtitle)
        box.addStretch(1)
        self.tone = ""
        self.set_tone(tone)

    def set_text(self, first: str, second: str, key: str) -> None:
        self.title.setText(first)
        self.subtitle.setText(second)
        self.key.setText(key)
        self.setAccessibleName(f"{first} {second} ({key})")

    def set_tone(self, tone: str) -> None:
        if tone == self.tone:
            return
        self.tone = tone
        bg, fg, border = TONES[tone]
        self.setStyleSheet(f"""
            QPushButton {{ background: {bg}; border: 1px solid {border}; border-radius: 6px; }}
            QPushButton:pressed {{ background: {border}; }}
            QPushButton:disabled {{ background: #eceff2; border-color: #d9dee3; }}
            QLabel {{ color: {fg}; background: transparent; }}
            QLabel:disabled {{ color: #a7b0ba; }}
            QLabel#key {{ border: 1px solid {fg}; border-radius: 3px; padding: 0px 4px; }}
            QLabel#key:disabled {{ border-color: #c9d0d7; }}
        """)


class Banner(QFrame):
    """A strip across the window: a message in two languages, optionally dismissable."""

    dismissed = Signal()

    COLORS = {"fault": ("#c62828", "#ffffff", "#ffe3e3"),
              "info": ("#455a75", "#ffffff", "#dce6f2"),
              "alert": ("#ffb300", "#2b1d00", "#4a3500")}

    def __init__(self, kind: str, dismiss_text: tuple[str, str] | None = None):
        super().__init__()
        self.setObjectName("banner")
        self.text = TwoLines(14, 11, bold=True, wrap=True)
        box = QHBoxLayout(self)
        box.setContentsMargins(12, 4, 8, 4)
        box.addWidget(self.text, 1)
        self.close_button = None
        if dismiss_text is not None:
            self.close_button = QPushButton(f"✕ {dismiss_text[0]}\n{dismiss_text[1]}")
            self.close_button.setFont(font(12, True))
            self.close_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.close_button.setMinimumHeight(34)
            self.close_button.clicked.connect(self.dismissed)
            box.addWidget(self.close_button)
        self.kind = ""
        self.set_kind(kind)
        self.hide()

    def set_kind(self, kind: str) -> None:
        if kind == self.kind:
            return
        self.kind = kind
        bg, fg, second = self.COLORS[kind]
        self.setStyleSheet(f"QFrame#banner {{ background: {bg}; }}"
                           f"QPushButton {{ background: rgba(255,255,255,0.35); color: {fg};"
                           f" border: 1px solid {fg}; border-radius: 4px; padding: 2px 10px; }}")
        self.text.set_colors(fg, second)

    def show_text(self, first: str, second: str) -> None:
        self.text.set(first, second)
        self.show()
