"""The care path after a category: the services, in the care colour, for a care ticket."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QVBoxLayout

from kiosk.icons import draw_category, draw_heart
from kiosk.screens import NEUTRAL, NEUTRAL_DOWN, Screen, place, row, spaced
from kiosk.views import CareView
from kiosk.widgets import Panel, Picture, Tile, Words
from shared.catalogue import kiosk as words
from shared.qt.theme import LIGHT


class CareScreen(Screen):
    serviceChosen = Signal(str)
    back = Signal()

    def __init__(self):
        super().__init__(LIGHT.care_light)
        self.view: CareView | None = None
        self.back_tile = Tile(NEUTRAL, NEUTRAL_DOWN, 36, name="back", size=(220, 120))
        self.back_tile.clicked.connect(self.back)
        self.title = Words(54, LIGHT.on_fill)
        self.category = Picture(lambda p, box, color: draw_category(p, self.view.category.id if self.view else "",
                                                                    box, color), LIGHT.on_fill, 140)
        band = Panel(LIGHT.care)
        band.setLayout(row(Picture(draw_heart, LIGHT.on_fill, 140), self.category, self.title, self.back_tile,
                           margins=(28, 20, 28, 20), spacing=20))
        self.choose = Words(40, LIGHT.care, ratio=0.65)
        self.services = spaced(QGridLayout())
        self.tiles: list[Tile] = []
        page = spaced(QVBoxLayout(self), 0, 20)
        page.addWidget(band)
        content = spaced(QVBoxLayout(), (28, 0, 28, 28), 18)
        content.addWidget(self.choose)
        content.addLayout(self.services, 1)
        page.addLayout(content, 1)

    def show_view(self, view: CareView, lang: str) -> None:
        if self.view is None or view.services != self.view.services:
            for tile in self.tiles:
                tile.deleteLater()
            self.tiles = [Tile(LIGHT.care, LIGHT.care_down, name=f"care-service-{c.id}") for c in view.services]
            for tile, choice in zip(self.tiles, view.services):
                tile.clicked.connect(partial(self.serviceChosen.emit, choice.id))
                tile.rescale(self.back_tile.k)
            self.set_portrait(self.portrait)
        self.view = view
        self.title.show_text(view.title, lang)
        self.back_tile.show_text(words.BACK, lang)
        self.choose.show_text(words.CARE_CHOOSE, lang)
        for tile, choice in zip(self.tiles, view.services):
            tile.show_text(choice.name, lang)
        self.category.update()

    def set_portrait(self, portrait: bool) -> None:
        super().set_portrait(portrait)
        place(self.services, self.tiles, 2 if portrait else 3)
