"""The ticket: its number very large, where to wait, how many are ahead, the documents to
bring, and whether it printed (if not: note your number; the clerks have been told)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QBoxLayout, QLabel, QSizePolicy, QVBoxLayout

from kiosk.screens import NEUTRAL, Screen, row, spaced
from kiosk.views import ConfirmationView
from kiosk.widgets import Panel, Tile, Words
from shared.catalogue import kiosk as words
from shared.qt.fonts import font
from shared.qt.theme import LIGHT

CENTER = Qt.AlignmentFlag.AlignHCenter


class ConfirmationScreen(Screen):
    done = Signal()

    def __init__(self):
        super().__init__(LIGHT.surface)
        self.view: ConfirmationView | None = None
        self.your = Words(44, align=CENTER, ratio=0.62)
        self.number = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.service = Words(38, align=CENTER, ratio=0.62)
        self.where = Words(42, LIGHT.accent, align=CENTER, ratio=0.62)
        self.ahead = Words(42, align=CENTER, ratio=0.62)
        self.note = Words(36, LIGHT.warn, align=CENTER, ratio=0.62)
        self.booked = Words(36, LIGHT.accent, align=CENTER, ratio=0.62)   # an appointment: its slot, or why late
        self.booked.setObjectName("booked")
        main = spaced(QVBoxLayout(), 0, 14)
        for widget in (self.your, self.number, self.service, self.booked, self.where, self.ahead, self.note):
            main.addWidget(widget, int(widget is self.number))

        self.band = Panel(NEUTRAL, 16)
        self.band_text = Words(48, LIGHT.on_fill, ratio=0.7)
        self.fault = Words(30, LIGHT.warn, ratio=0.8)
        band = spaced(QVBoxLayout(self.band), (36, 12, 24, 12), 8)
        band.addWidget(self.band_text)
        band.addWidget(self.fault)
        self.documents = Words(38, ratio=0.65)
        self.documents.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.preview = QLabel(alignment=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.picture: QPixmap | None = None
        self.preview_path: str | None = None
        for label in (self.number, self.preview):  # they take the height the texts leave
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        side = spaced(QVBoxLayout(), 0, 48)
        side.addWidget(self.band)
        side.addLayout(row(self.documents, self.preview, spacing=28), 1)

        self.body = spaced(QBoxLayout(QBoxLayout.Direction.LeftToRight), 0, 48)
        self.body.addLayout(main, 55)
        self.body.addLayout(side, 45)
        self.countdown = Words(28, LIGHT.muted, bold=False, ratio=0.9, align=Qt.AlignmentFlag.AlignRight)
        self.done_tile = Tile(LIGHT.accent, LIGHT.accent_down, name="done", size=(280, 120))
        self.done_tile.clicked.connect(self.done)
        page = spaced(QVBoxLayout(self), 36, 24)
        page.addLayout(self.body, 1)
        page.addLayout(row(self.countdown, self.done_tile, spacing=24))

    def show_view(self, view: ConfirmationView, lang: str, preview: str | None = None) -> None:
        self.view = view
        accent = LIGHT.care if view.care else LIGHT.accent
        self.color = LIGHT.care_light if view.care else LIGHT.surface
        self.number.setText(view.number)
        self.number.setStyleSheet(f"color: {accent}")
        for widget, text in ((self.your, words.YOUR_NUMBER), (self.service, view.service), (self.where, view.where),
                             (self.ahead, view.ahead), (self.note, view.note), (self.band_text, view.band),
                             (self.fault, view.fault), (self.countdown, view.countdown),
                             (self.booked, view.booked)):
            widget.show_text(text, lang)
        self.where.color = accent
        self.where.show_text(view.where, lang)
        self.documents.show_text(words.DOCUMENTS if view.documents else None, lang, view.documents)
        fault = view.fault is not None
        self.band.color = LIGHT.warn_light if fault else accent if view.band == words.PRINTED else NEUTRAL
        self.band_text.color = LIGHT.fault if fault else LIGHT.on_fill
        self.band_text.show_text(view.band, lang)
        self.done_tile.color, self.done_tile.pressed = (LIGHT.care, LIGHT.care_down) if view.care else \
            (LIGHT.accent, LIGHT.accent_down)
        self.done_tile.show_text(words.DONE, lang)
        if preview != self.preview_path:
            self.preview_path = preview
            picture = QPixmap(preview) if preview else None
            self.picture = picture if picture is not None and not picture.isNull() else None
            self._preview()
        self.update()

    def rescale(self, k: float) -> None:
        super().rescale(k)
        self.number.setFont(font(int(260 * k), True))
        self._preview()

    def _preview(self) -> None:
        k = self.done_tile.k
        if self.picture is None:
            self.preview.clear()
            self.preview.hide()
        else:
            self.preview.setPixmap(self.picture.scaledToWidth(int(300 * k), Qt.TransformationMode.SmoothTransformation))
            self.preview.show()

    def set_portrait(self, portrait: bool) -> None:
        super().set_portrait(portrait)
        self.body.setDirection(QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight)
