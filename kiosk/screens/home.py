"""Home: the office's name, a tile per service, the care path by category, the waiting
counts and the service's date and time. Outside opening hours the services give way to
the closed notice (kiosk/screens/closed.py).

The appointment check-in: whoever builds it hands its entry (e.g. a 「我有預約」 tile) to
`set_appointment_entry`; it shows above the services in opening hours, in the closed
notice during an appointment-only session, and not at all when the office is closed
(`HomeView.appointments`)."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QVBoxLayout, QWidget

from kiosk.icons import draw_category, draw_heart
from kiosk.screens import NEUTRAL, NEUTRAL_DOWN, Screen, place, row, spaced
from kiosk.screens.closed import ClosedPanel
from kiosk.views import HomeView
from kiosk.widgets import Panel, Picture, Tile, Words
from shared.catalogue import kiosk as words
from shared.i18n import Text
from shared.qt.theme import LIGHT


class HomeScreen(Screen):
    serviceChosen = Signal(str)
    categoryChosen = Signal(str)
    languageToggled = Signal()

    def __init__(self):
        super().__init__()
        self.view: HomeView | None = None
        self.office = Words(50, ratio=0.55)
        self.language = Tile(NEUTRAL, NEUTRAL_DOWN, 34, name="language", size=(230, 104))
        self.language.clicked.connect(self.languageToggled)
        self.choose = Words(38, LIGHT.accent, ratio=0.65)
        self.services, self.categories = spaced(QGridLayout()), spaced(QGridLayout())
        self.service_tiles: list[Tile] = []
        self.category_tiles: list[Tile] = []

        self.care = Panel(LIGHT.care_light, 22)
        self.care_title = Words(52, LIGHT.care, ratio=0.55)
        self.care_who = Words(30, ratio=0.75)
        care = spaced(QVBoxLayout(self.care), 18, 12)
        care.addLayout(row(Picture(draw_heart, LIGHT.care, 100), self.care_title))
        care.addWidget(self.care_who)
        care.addLayout(self.categories, 1)

        self.footer_panel = Panel(LIGHT.background, 12)
        self.footer = Words(28, LIGHT.muted, bold=False, ratio=0.8)
        self.clock = Words(28, LIGHT.muted, bold=False, align=Qt.AlignmentFlag.AlignRight)
        self.footer_panel.setLayout(row(self.footer, self.clock, margins=(16, 4, 16, 4)))

        self.body = spaced(QBoxLayout(QBoxLayout.Direction.LeftToRight), 0, 28)
        self.body.addLayout(self.services, 64)
        self.body.addWidget(self.care, 36)
        self.opened = QWidget()          # the services and the care path: in opening hours
        opened = spaced(QVBoxLayout(self.opened), 0, 10)
        opened.addWidget(self.choose)
        opened.addLayout(self.body, 1)
        self.closed = ClosedPanel()
        self.closed.hide()
        self.appointment_entry: QWidget | None = None
        self.entry_in_closed: bool | None = None        # where the entry is now
        self.entry_slot = spaced(QVBoxLayout(), 0, 0)   # the appointment entry in opening hours
        page = spaced(QVBoxLayout(self), 28, 10)
        page.addLayout(row(self.office, self.language))
        page.addLayout(self.entry_slot)
        page.addWidget(self.opened, 1)
        page.addWidget(self.closed, 1)
        page.addWidget(self.footer_panel)

    def show_view(self, view: HomeView, lang: str) -> None:
        if self.view is None or view.services != self.view.services or view.categories != self.view.categories:
            self.view = view
            self._tiles()
        self.view = view
        self.office.show_text(view.office, lang)
        self.language.show_text(Text.from_json(words.LANGUAGE.get(lang)), lang)
        self.choose.show_text(words.CHOOSE, lang)
        for tile, choice in zip(self.service_tiles + self.category_tiles, view.services + view.categories):
            tile.show_text(choice.name, lang)
        self.care_title.show_text(view.care_title, lang)
        self.care_who.show_text(words.CARE_WHO, lang)
        self.footer_panel.color = LIGHT.warn_light if view.printer_down else LIGHT.background
        self.footer.color = LIGHT.warn if view.printer_down else LIGHT.muted
        self.footer.show_text(view.footer, lang)
        self.clock.show_text(None if view.printer_down else view.clock, lang)
        self.footer_panel.update()
        self.opened.setVisible(view.closed is None)
        self.closed.setVisible(view.closed is not None)
        if view.closed is not None:
            self.closed.show_view(view.closed, lang)
        self._place_appointment_entry()

    @property
    def is_closed(self) -> bool:
        """The closed notice shows instead of the services."""
        return self.view is not None and self.view.closed is not None

    def set_appointment_entry(self, entry: QWidget) -> None:
        """The appointment check-in's entry, shown where and when `HomeView.appointments` says."""
        self.appointment_entry, self.entry_in_closed = entry, None
        self._place_appointment_entry()

    def _place_appointment_entry(self) -> None:
        entry = self.appointment_entry
        if entry is None or self.view is None:
            return
        in_closed = self.view.closed is not None
        if in_closed is not self.entry_in_closed:
            if in_closed:
                self.closed.place_entry(entry)
            else:
                self.entry_slot.addWidget(entry)
            self.entry_in_closed = in_closed
        if hasattr(entry, "rescale"):
            entry.rescale(self.language.k)
        entry.setVisible(self.view.appointments)

    def _tiles(self) -> None:
        for tile in self.service_tiles + self.category_tiles:
            tile.deleteLater()
        self.service_tiles = [Tile(LIGHT.accent, LIGHT.accent_down, name=f"service-{c.id}")
                              for c in self.view.services]
        for tile, choice in zip(self.service_tiles, self.view.services):
            tile.clicked.connect(partial(self.serviceChosen.emit, choice.id))
        self.category_tiles = [Tile(LIGHT.care, LIGHT.care_down, 38, name=f"category-{c.id}",
                                    icon=partial(lambda cid, p, box, color: draw_category(p, cid, box, color), c.id))
                               for c in self.view.categories]
        for tile, choice in zip(self.category_tiles, self.view.categories):
            tile.clicked.connect(partial(self.categoryChosen.emit, choice.id))
        self.set_portrait(self.portrait)
        for tile in self.service_tiles + self.category_tiles:
            tile.rescale(self.language.k)

    def set_portrait(self, portrait: bool) -> None:
        super().set_portrait(portrait)
        self.body.setDirection(QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight)
        self.body.setStretch(0, 56 if portrait else 64)
        self.body.setStretch(1, 44 if portrait else 36)
        place(self.services, self.service_tiles, 2 if len(self.service_tiles) <= 10 or portrait else 3)
        place(self.categories, self.category_tiles, 2 if portrait else 1)
