"""One message over the whole screen: busy (a turning spinner) or a fault (a warning sign),
with what it means for the citizen under it."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QVBoxLayout

from kiosk.icons import draw_spinner, draw_warning
from kiosk.screens import Screen, spaced
from kiosk.views import MessageView
from kiosk.widgets import Picture, Words
from shared.catalogue.kiosk import CONNECTING
from shared.qt.theme import LIGHT


class MessageScreen(Screen):
    def __init__(self):
        super().__init__()
        self.view = MessageView(True, CONNECTING)
        self.phase = 0
        self.sign = Picture(self._draw, LIGHT.accent, 260)
        self.title = Words(84, align=Qt.AlignmentFlag.AlignHCenter, ratio=0.55)
        self.detail = Words(40, align=Qt.AlignmentFlag.AlignHCenter, ratio=0.7)
        self.spin = QTimer(self, interval=100, timeout=self._turn)
        page = spaced(QVBoxLayout(self), 60, 40)
        page.addStretch(1)
        page.addWidget(self.sign, 0, Qt.AlignmentFlag.AlignHCenter)
        page.addWidget(self.title)
        page.addWidget(self.detail)
        page.addStretch(2)

    def show_view(self, view: MessageView, lang: str) -> None:
        self.view = view
        self.color = LIGHT.background if view.busy else LIGHT.warn_light
        self.sign.color = LIGHT.accent if view.busy else LIGHT.fault
        self.title.color = LIGHT.accent if view.busy else LIGHT.fault
        self.detail.color = LIGHT.muted if view.busy else LIGHT.warn
        self.title.show_text(view.title, lang)
        self.detail.show_text(view.detail, lang)
        if view.busy and self.isVisible():
            self.spin.start()
        else:
            self.spin.stop()
        self.update()

    def _draw(self, p, box, color) -> None:
        if self.view.busy:
            draw_spinner(p, box, color, self.phase)
        else:
            draw_warning(p, box, color)

    def _turn(self) -> None:
        self.phase = (self.phase + 1) % 12
        self.sign.update()

    def showEvent(self, event) -> None:
        if self.view.busy:
            self.spin.start()
        super().showEvent(event)

    def hideEvent(self, event) -> None:
        self.spin.stop()
        super().hideEvent(event)
