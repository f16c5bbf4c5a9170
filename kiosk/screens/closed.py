"""Outside opening hours, in the home screen instead of the services: a calm notice that
the office is closed and when it opens; in an appointment-only session, that only those
who booked are seen, with room for the appointment check-in (`entry`)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.screens import spaced
from kiosk.views import ClosedView
from kiosk.widgets import Panel, Picture, Words
from shared.qt.icons import draw_clock
from shared.qt.theme import LIGHT


class ClosedPanel(Panel):
    def __init__(self):
        super().__init__(LIGHT.surface, 22)
        self.setObjectName("closed")
        center = Qt.AlignmentFlag.AlignHCenter
        self.sign = Picture(draw_clock, LIGHT.accent, 180)
        self.title = Words(84, LIGHT.accent, align=center, ratio=0.55)
        self.opens = Words(60, align=center, ratio=0.6)
        self.session = Words(40, LIGHT.accent, align=center, ratio=0.7)
        self.services = Words(34, align=center, ratio=0.75)
        self.check_in = Words(40, align=center, ratio=0.7)
        self.hours = Words(30, LIGHT.muted, bold=False, align=center, ratio=0.8)
        # The appointment check-in's place (HomeScreen.set_appointment_entry puts it here
        # during an appointment-only session).
        self.entry = spaced(QVBoxLayout(), 0, 0)
        page = spaced(QVBoxLayout(self), 40, 22)
        page.addStretch(1)
        page.addWidget(self.sign, 0, center)
        for words in (self.title, self.session, self.services, self.check_in):
            page.addWidget(words)
        page.addLayout(self.entry)
        page.addWidget(self.opens)
        page.addWidget(self.hours)
        page.addStretch(1)

    def show_view(self, view: ClosedView, lang: str) -> None:
        # In a session the check-in comes first; the next opening for everyone, smaller.
        session = view.appointments_only
        self.sign.setVisible(not session)
        self.title.px = 68 if session else 84
        self.opens.px, self.opens.ratio, self.opens.color = (34, 0.8, LIGHT.muted) if session else (60, 0.6, LIGHT.text)
        self.title.show_text(view.title, lang)
        self.opens.show_text(view.opens, lang)
        self.session.show_text(view.session, lang)
        self.services.show_text(view.services, lang)
        self.check_in.show_text(view.check_in, lang)
        self.hours.show_text(None if session else view.hours, lang)

    def place_entry(self, entry: QWidget) -> None:
        self.entry.addWidget(entry, 0, Qt.AlignmentFlag.AlignHCenter)
