"""Small widgets of the counter window: a text in two languages, an action button with its
key, and a banner. Every text is plain text: alert messages and pause reasons come from
devices and are never read as markup."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from shared.i18n import Text
from shared.qt.fonts import font
from shared.qt.theme import LIGHT as THEME

# Button tones: background, text, border.
TONES = {
    "go": (THEME.ok, THEME.on_fill, "#1B5E20"),
    "done": (THEME.accent, THEME.on_fill, THEME.accent_down),
    "warn": (THEME.warn_light, THEME.warn, "#EF9C3A"),
    "plain": (THEME.surface, THEME.text, "#B8C2CC"),
}


def label(size: int, bold: bool = False, color: str = THEME.text, wrap: bool = False) -> QLabel:
    widget = QLabel()
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setFont(font(size, bold))
    widget.setStyleSheet(f"color: {color}; background: transparent;")
    widget.setWordWrap(wrap)
    return widget


class TwoLines(QWidget):
    """A text in the first language with the second language smaller underneath."""

    def __init__(self, size: int, second_size: int, bold: bool = False, color: str = THEME.text,
                 second_color: str = THEME.muted, align=Qt.AlignmentFlag.AlignLeft, wrap: bool = False):
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
        self.second.setVisible(bool(second) and second != first)

    def show_text(self, text: Text, lang: str) -> None:
        self.set(*text.pair(lang))

    def set_colors(self, color: str, second_color: str) -> None:
        self.first.setStyleSheet(f"color: {color}; background: transparent;")
        self.second.setStyleSheet(f"color: {second_color}; background: transparent;")


class OneLine(QLabel):
    """A text in the first language with the second language smaller after it, on one
    line (markup of our own around escaped text)."""

    def __init__(self, size: int, second_size: int, bold: bool = False, color: str = THEME.text,
                 second_color: str = THEME.muted):
        super().__init__()
        self.setFont(font(size, bold))
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setStyleSheet(f"color: {color}; background: transparent;")
        self.second_size, self.second_color = second_size, second_color
        self.parts = ("", "")

    def set(self, first: str, second: str = "") -> None:
        self.parts = (first, second)
        tail = "" if second == first else html.escape(second)
        self.setText(f"{html.escape(first)}&nbsp;&nbsp;<span style='font-size: {self.second_size}px;"
                     f" font-weight: normal; color: {self.second_color};'>{tail}</span>")

    def show_text(self, text: Text, lang: str) -> None:
        self.set(*text.pair(lang))


class ActionButton(QPushButton):
    """A large button: the action in both languages and the key that does the same."""

    def __init__(self, tone: str, primary_size: int = 17):
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the window, never to a button
        self.setMinimumHeight(52)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.title = label(primary_size, True)
        self.key = label(11, True)
        self.key.setObjectName("key")
        self.subtitle = label(12)
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
        for part in (self.title, self.key, self.subtitle):
            part.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            part.setStyleSheet("")
        self.tone = ""
        self.set_tone(tone)

    def set_text(self, text: Text, lang: str, key: str) -> None:
        first, second = text.pair(lang)
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
            QPushButton:disabled {{ background: #ECEFF2; border-color: #D9DEE3; }}
            QLabel {{ color: {fg}; background: transparent; }}
            QLabel:disabled {{ color: #A7B0BA; }}
            QLabel#key {{ border: 1px solid {fg}; border-radius: 3px; padding: 0px 4px; }}
            QLabel#key:disabled {{ border-color: #C9D0D7; }}
        """)


class Banner(QFrame):
    """A strip across the window: a message in two languages, optionally dismissable."""

    dismissed = Signal()

    COLORS = {"fault": (THEME.fault, THEME.on_fill, THEME.fault_light),
              "info": (THEME.accent, THEME.on_fill, THEME.accent_light),
              "alert": ("#FFB300", "#2B1D00", "#4A3500")}

    def __init__(self, kind: str, dismiss_text: Text | None = None):
        super().__init__()
        self.setObjectName("banner")
        self.text = TwoLines(14, 11, bold=True, wrap=True)
        box = QHBoxLayout(self)
        box.setContentsMargins(12, 4, 8, 4)
        box.addWidget(self.text, 1)
        self.close_button = None
        if dismiss_text is not None:
            self.close_button = QPushButton(f"✕ {dismiss_text.both()}")
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

    def show_text(self, text: Text | None, lang: str, kind: str | None = None) -> None:
        if text is None:
            self.hide()
            return
        if kind:
            self.set_kind(kind)
        self.text.show_text(text, lang)
        self.show()
