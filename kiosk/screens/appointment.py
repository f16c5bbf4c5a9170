"""The appointment check-in: the booking code (or the phone's last 4 digits) typed on a
large numeric pad, and what went wrong said plainly above it, with a way back. The kiosk's
idle timer brings it home by itself."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QLabel, QVBoxLayout

from kiosk.screens import NEUTRAL, NEUTRAL_DOWN, Screen, row, spaced
from kiosk.widgets import Panel, Tile, Words
from shared.appointments import CODE_DIGITS
from shared.catalogue import appointments as words
from shared.catalogue import kiosk as kiosk_words
from shared.i18n import Text
from shared.qt.fonts import font
from shared.qt.theme import LIGHT

CODE, PHONE = "code", "phone"
LENGTH = {CODE: CODE_DIGITS, PHONE: 4}
DIGIT = "#4A5560"   # the digit keys: white on it is 7.5:1


class AppointmentScreen(Screen):
    submitted = Signal(str, str)   # CODE or PHONE, the digits
    back = Signal()

    def __init__(self):
        super().__init__()
        self.mode, self.digits, self.problem, self.lang = CODE, "", None, "zh-TW"
        self.back_tile = Tile(NEUTRAL, NEUTRAL_DOWN, 36, name="appointment-back", size=(220, 120))
        self.back_tile.clicked.connect(self.back)
        self.title = Words(54, LIGHT.on_fill)
        band = Panel(LIGHT.accent)
        band.setLayout(row(self.title, self.back_tile, margins=(28, 20, 28, 20), spacing=20))

        self.by_code = Tile(LIGHT.accent, LIGHT.accent_down, 34, name="by-code", size=(400, 110))
        self.by_phone = Tile(NEUTRAL, NEUTRAL_DOWN, 34, name="by-phone", size=(400, 110))
        self.by_code.clicked.connect(partial(self.set_mode, CODE))
        self.by_phone.clicked.connect(partial(self.set_mode, PHONE))
        self.ask = Words(42, ratio=0.65)
        self.field = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.field.setObjectName("digits")
        self.problem_words = Words(40, LIGHT.fault, ratio=0.7)
        self.problem_words.setObjectName("problem")
        self.help = Words(30, LIGHT.muted, bold=False, ratio=0.85)
        left = spaced(QVBoxLayout(), 0, 22)
        left.addLayout(row(self.by_code, self.by_phone, spacing=20))
        left.addWidget(self.ask)
        left.addWidget(self.field)
        left.addWidget(self.problem_words)
        left.addStretch(1)
        left.addWidget(self.help)

        self.pad = spaced(QGridLayout(), 0, 16)
        self.keys: dict[str, Tile] = {}
        for i, key in enumerate("123456789C0K"):
            color, down = {"K": (LIGHT.accent, LIGHT.accent_down), "C": (NEUTRAL, NEUTRAL_DOWN)}.get(
                key, (DIGIT, NEUTRAL_DOWN))
            tile = Tile(color, down, 64 if key.isdigit() else 40, name=f"key-{key}")
            tile.clicked.connect(partial(self.press, key))
            self.keys[key] = tile
            self.pad.addWidget(tile, i // 3, i % 3)
        for r in range(4):
            self.pad.setRowStretch(r, 1)
        self.body = spaced(QBoxLayout(QBoxLayout.Direction.LeftToRight), (28, 0, 28, 28), 40)
        self.body.addLayout(left, 55)
        self.body.addLayout(self.pad, 45)
        page = spaced(QVBoxLayout(self), 0, 24)
        page.addWidget(band)
        page.addLayout(self.body, 1)

    # ----- what it shows ----------------------------------------------------------------

    def reset(self) -> None:
        self.mode, self.digits, self.problem = CODE, "", None
        self.render()

    def show_problem(self, problem: Text) -> None:
        """The check-in was refused: said above the pad; the digits stay to be corrected."""
        self.problem = problem
        self.render()

    def show_language(self, lang: str) -> None:
        self.lang = lang
        self.render()

    def render(self) -> None:
        lang = self.lang
        self.title.show_text(words.TITLE, lang)
        self.back_tile.show_text(kiosk_words.BACK, lang)
        self.by_code.show_text(words.BY_CODE, lang)
        self.by_phone.show_text(words.BY_PHONE, lang)
        self.by_code.color = LIGHT.accent if self.mode == CODE else NEUTRAL
        self.by_phone.color = LIGHT.accent if self.mode == PHONE else NEUTRAL
        self.ask.show_text(words.TYPE_CODE if self.mode == CODE else words.TYPE_PHONE, lang)
        blanks = LENGTH[self.mode] - len(self.digits)
        self.field.setText(" ".join(self.digits + "_" * blanks))
        self.problem_words.show_text(self.problem, lang)
        self.help.show_text(words.ASK_DESK, lang)
        for key, tile in self.keys.items():
            tile.show_text({"C": words.CLEAR, "K": words.OK}.get(key, Text(key, key)), lang)
        self.keys["K"].setEnabled(len(self.digits) == LENGTH[self.mode])
        self.keys["K"].color = LIGHT.accent if self.keys["K"].isEnabled() else LIGHT.muted
        for tile in (self.by_code, self.by_phone, *self.keys.values()):
            tile.update()

    # ----- touches ----------------------------------------------------------------------

    def set_mode(self, mode: str) -> None:
        if mode != self.mode:
            self.mode, self.digits, self.problem = mode, "", None
        self.render()

    def press(self, key: str) -> None:
        if key == "C":
            self.digits, self.problem = "", None
        elif key == "K":
            if len(self.digits) == LENGTH[self.mode]:
                self.submitted.emit(self.mode, self.digits)
            return
        elif len(self.digits) < LENGTH[self.mode]:
            self.digits += key
            self.problem = None
        self.render()

    def rescale(self, k: float) -> None:
        super().rescale(k)
        self.field.setFont(font(int(120 * k), True))
        self.field.setStyleSheet(f"color: {LIGHT.accent}; letter-spacing: {int(6 * k)}px")

    def set_portrait(self, portrait: bool) -> None:
        super().set_portrait(portrait)
        self.body.setDirection(QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight)
