"""For staff only (five taps in the top-left corner, or Ctrl+Shift+Q): full screen on or
off, the connection and printer state, quit."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout

from kiosk.screens import NEUTRAL, NEUTRAL_DOWN, Screen, row, spaced
from kiosk.widgets import Tile, Words
from shared.catalogue import kiosk as words
from shared.i18n import Text
from shared.qt.theme import LIGHT


class StaffScreen(Screen):
    fullScreenToggled = Signal()
    closed = Signal()
    quitRequested = Signal()

    def __init__(self):
        super().__init__()
        self.title = Words(56)
        self.lines = [Words(32, bold=False, ratio=0.75) for _ in range(2)]
        self.full_screen = Tile(LIGHT.accent, LIGHT.accent_down, 36, name="staff-fullscreen")
        self.close_tile = Tile(NEUTRAL, NEUTRAL_DOWN, 36, name="staff-close")
        self.quit = Tile(LIGHT.fault, LIGHT.care_down, 36, name="staff-quit")
        self.full_screen.clicked.connect(self.fullScreenToggled)
        self.close_tile.clicked.connect(self.closed)
        self.quit.clicked.connect(self.quitRequested)
        page = spaced(QVBoxLayout(self), 40, 24)
        for widget in (self.title, *self.lines):
            page.addWidget(widget)
        page.addStretch(1)
        page.addLayout(row(self.full_screen, self.close_tile, self.quit, spacing=24))

    def show_view(self, lines: tuple[Text, ...], full_screen: bool, lang: str) -> None:
        self.title.show_text(words.STAFF_TITLE, lang)
        for widget, line in zip(self.lines, lines):
            widget.show_text(line, lang)
        self.full_screen.show_text(words.LEAVE_FULL_SCREEN if full_screen else words.FULL_SCREEN, lang)
        self.close_tile.show_text(words.STAFF_CLOSE, lang)
        self.quit.show_text(words.STAFF_QUIT, lang)

    def rescale(self, k: float) -> None:
        super().rescale(k)
        for tile in (self.full_screen, self.close_tile, self.quit):
            tile.setFixedHeight(int(130 * k))
