"""The hall display's window: what the service's state and events look like in the hall.

Opening hours (shared.qt.hours, on the service's clock): outside them, while the hall is
quiet (nobody waiting or served, no call being announced), a calm closed panel takes the
hall's place; while it is busy (the last citizens after closing time, a clerk calling
outside hours) the hall stays, with the hours in a band above it. In an appointment-only
session the hall stays, with the band 「預約時段：僅受理預約」. Calls are always shown and
announced."""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QStackedLayout, QVBoxLayout, QWidget

from display.announcer import Announcer, Call
from display.panels import (BG, BAD, CENTER, ClosedPanel, CounterPanel, Header, Label, LatestCall, Message,
                            RecentCalls, SizeGroup, Ticker, WaitingPanel, band_text, rescale_all)
from shared import catalogue as C
from shared import protocol as P
from shared.catalogue import display as D
from shared.qt.clock import ServiceClock
from shared.qt.hours import OfficeHours
from shared.i18n import Text
from shared.qt.theme import DARK
from shared.qt.upcoming import Upcoming
from shared.tickets import roc_date

log = logging.getLogger("queue.display")
TAIPEI = ZoneInfo("Asia/Taipei")

SLOW_CONNECT_MS = 5000   # after this without an answer, "connecting" becomes "cannot be reached"
HOURS_CHECK_MS = 60_000  # the service's time asked again, for the opening hours
DESIGN = (1920, 1080)
NAME_PX, NUMBER_PX = 110, 125  # counter panels at 1920×1080, at most: names and the numbers they serve


class DisplayWindow(QWidget):
    def __init__(self, client, announcer: Announcer, config: dict):
        super().__init__()
        self.client = client
        self.announcer = announcer
        self.config = config
        self.time = ServiceClock(client, self)
        self.upcoming = Upcoming(client, self)
        self.hours = OfficeHours(client, self.time, self, HOURS_CHECK_MS)
        self.office: dict | None = None
        self.auth_error: str | None = None
        self.slow = False
        self.counter_panels: dict[int, CounterPanel] = {}
        self.scale = 1.0

        self.setWindowTitle(D.TITLE.both(" "))
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(BG))
        self.setPalette(palette)
        self.setAutoFillBackground(True)

        self.header = Header()
        self.latest = LatestCall()
        self.recent = RecentCalls()
        self.waiting = WaitingPanel()
        self.counters_row = QGridLayout()
        self.alerts = Label("", 32, True)
        self.alerts.set_color(DARK.background, DARK.warn)
        self.alerts.hide()
        self.ticker = Ticker()
        self.message = Message()
        self.closed = ClosedPanel()
        self.band = Label("", 30, True, DARK.text, CENTER, lines=2)
        self.band.set_color(DARK.text, DARK.accent_light)
        self.band.hide()

        hall = QWidget()
        columns = QHBoxLayout(hall)
        columns.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        left.addWidget(self.latest, 43)
        left.addLayout(self.counters_row, 57)
        right = QVBoxLayout()
        right.addWidget(self.recent, 56)
        right.addWidget(self.waiting, 44)
        columns.addLayout(left, 70)
        columns.addLayout(right, 30)
        self.hall = hall
        self.pages = QStackedLayout()
        self.pages.addWidget(self.message)
        self.pages.addWidget(hall)
        self.pages.addWidget(self.closed)

        self.root = QVBoxLayout(self)
        self.root.addWidget(self.header)
        self.root.addWidget(self.band)
        self.root.addLayout(self.pages, 1)
        self.root.addWidget(self.alerts)
        self.root.addWidget(self.ticker)
        self.layouts = (self.root, columns, left, right, self.counters_row)

        self._clock = QTimer(self, interval=1000, timeout=self._tick)
        self._clock.start()
        QTimer.singleShot(SLOW_CONNECT_MS, self, self._connecting_slowly)

        client.officeLoaded.connect(self._office_loaded)
        client.snapshot.connect(self._tick)
        client.stateChanged.connect(self._refresh)
        client.connectionChanged.connect(self._connection_changed)
        client.event.connect(self._on_event)
        client.authFailed.connect(self._auth_failed)
        self.upcoming.changed.connect(self.waiting.update_upcoming)
        self.hours.changed.connect(self._hours_changed)
        announcer.started.connect(self._call_started)
        announcer.finished.connect(self._call_finished)

        if client.office is not None:
            self._office_loaded(client.office)
        if client.state is not None:
            self._refresh(client.state)
        self._tick()
        self._update_page()
        self._rescale()

    # ----- the office and the state ------------------------------------------------------

    def counter_name(self, number) -> tuple[str, str]:
        for c in (self.office or {}).get("counters", []):
            if c.get("number") == number and c.get("name"):
                return Text.from_json(c["name"]).pair("zh-TW")
        return C.COUNTER.format(n=number).pair("zh-TW")

    def _office_loaded(self, office: dict) -> None:
        self.office = office
        if self.time.tz is None:
            log.warning("unknown timezone %r from the service; using Asia/Taipei", office.get("timezone"))
        self.header.set_office(office.get("name") or {})
        self.ticker.set_notices(office.get("notices") or [])
        self.waiting.set_queues(office.get("queues") or [])
        self.waiting.update_upcoming(self.upcoming.tickets)
        while self.counters_row.count():
            self.counters_row.takeAt(0).widget().deleteLater()
        self.counter_panels = {}
        names, numbers = SizeGroup(NAME_PX, wrap=True), SizeGroup(NUMBER_PX)
        prefixes = [str(q.get("prefix", "")) for q in office.get("queues") or []]
        counters = office.get("counters") or []
        per_row = len(counters) if len(counters) <= 4 else -(-len(counters) // 2)  # more than 4: two rows
        for i, c in enumerate(counters):
            panel = CounterPanel(c, names, numbers, prefixes, compact=per_row < len(counters))
            self.counter_panels[c.get("number")] = panel
            self.counters_row.addWidget(panel, i // per_row, i % per_row)
        for column in range(self.counters_row.columnCount()):
            self.counters_row.setColumnStretch(column, 1 if column < per_row else 0)
        self.latest.set_office([self.counter_name(c.get("number"))[0] for c in office.get("counters") or []],
                               prefixes)
        self._rescale()
        if self.client.state is not None:
            self._refresh(self.client.state)
        self._tick()
        self._update_page()

    def _refresh(self, state: dict) -> None:
        if self.office is None:
            return
        for c in state.get("counters") or []:
            panel = self.counter_panels.get(c.get("number"))
            if panel is not None:
                panel.update_from(c)
        self.waiting.update_from(state.get("waiting") or {})
        calls = state.get("recent_calls") or []
        self.recent.update_from(calls, self.counter_name)
        alerts = [a.get("message") or {} for a in state.get("alerts") or []]
        self.alerts.setText("　".join(f"⚠ {m.get('zh-TW', '')}　{m.get('en', '')}" for m in alerts))
        self.alerts.setVisible(bool(alerts))
        self.ticker.setVisible(bool(self.ticker.text) and not alerts)  # an alert takes the notices' place
        if not self.announcer.busy:
            self._show_newest(calls)
        self._update_page()

    def _show_newest(self, calls: list[dict]) -> None:
        if calls:
            newest = calls[0]
            self.latest.show_call(str(newest.get("number", "")), self.counter_name(newest.get("counter")),
                                  bool(newest.get("recall")), hot=False)
        else:
            self.latest.show_idle()

    # ----- events and calls ----------------------------------------------------------------

    def _on_event(self, event: dict) -> None:
        if event.get("type") not in P.CALL_EVENTS:
            return
        call = Call.from_event(event)
        if call is None:
            log.warning("a call event the display cannot read: %r", event)
            return
        if event.get("missed"):
            age = self.time.seconds_since(event.get("at"))
            if age is not None and age > self.config["announce_missed_minutes"] * 60:
                log.info("missed call %s at counter %s is %.0f s old: listed, not announced",
                         call.number, call.counter, age)
                return
        panel = self.counter_panels.get(call.counter)
        if panel is not None:  # lit at once; only the large area and the voice take turns
            panel.light(max(self.config["min_show_seconds"], 1) * 1000)
        self.announcer.add(call)

    def _call_started(self, call: Call) -> None:
        self.latest.show_call(call.number, self.counter_name(call.counter), call.recall, hot=True)
        self._update_page()

    def _call_finished(self, _call: Call) -> None:
        if not self.announcer.busy:
            self.latest.calm()
            self._show_newest((self.client.state or {}).get("recent_calls") or [])
            self._update_page()

    # ----- connection ------------------------------------------------------------------------

    def _connection_changed(self, connected: bool) -> None:
        if connected:
            self.auth_error = None
        self._update_page()

    def _auth_failed(self, error: dict) -> None:
        message = str((error or {}).get("message", ""))
        if message != self.auth_error:  # the client retries every few seconds: log it once
            log.error("the service refused this display's token: %s", message)
        self.auth_error = message
        self._update_page()

    def _connecting_slowly(self) -> None:
        self.slow = True
        self._update_page()

    def _update_page(self) -> None:
        url = self.config.get("server_url", "")
        if self.auth_error is not None:
            self.message.show_text(*C.ERRORS["unauthorized"].pair("zh-TW"), f"{url} · {self.auth_error}", BAD)
            self.pages.setCurrentWidget(self.message)
        elif self.office is None:
            if self.slow:
                self.message.show_text(*C.UNREACHABLE.pair("zh-TW"), f"{url} · {D.RETRYING.both(' · ')}", BAD)
            else:
                self.message.show_text(*C.CONNECTING.pair("zh-TW"), url)
            self.pages.setCurrentWidget(self.message)
        else:
            self._show_hours()
        if self.pages.currentWidget() is self.message:
            self.band.hide()
        self.header.reconnecting.setVisible(
            self.office is not None and self.auth_error is None and not self.client.connected)

    # ----- opening hours ---------------------------------------------------------------------

    def _hours_changed(self, notice) -> None:
        log.info("opening hours: %s (%s)", notice.kind, notice.headline.en)
        self._tick()  # the clock in the corner agrees with the hours at once
        self._update_page()

    @property
    def quiet(self) -> bool:
        """Nobody waits or is served, and no call is being announced."""
        state = self.client.state or {}
        return not self.announcer.busy and not any((state.get("waiting") or {}).values()) and \
            not any(c.get("ticket") for c in state.get("counters") or [])

    def _show_hours(self) -> None:
        notice = self.hours.notice
        closed = notice is not None and notice.kind in ("closed", "lunch")
        if closed:
            self.closed.show_notice(notice)
        self.pages.setCurrentWidget(self.closed if closed and self.quiet else self.hall)
        banded = notice is not None and (notice.kind == "appointments" or (closed and not self.quiet))
        if banded:
            self.band.setText("\n".join(band_text(notice)))
        self.band.setVisible(banded)

    # ----- clock and size ------------------------------------------------------------------

    def _tick(self, *_) -> None:
        now = self.time.now().astimezone(self.time.tz or TAIPEI)
        self.header.clock.setText(f"{now:%H:%M}")
        self.header.date.setText(roc_date(now, with_weekday=True))
        speaker = self.announcer.speaker
        self.header.no_sound.setVisible(speaker is not None and "sound-device" in speaker.once.seen)

    def _rescale(self) -> None:
        self.scale = min(self.width() / DESIGN[0], self.height() / DESIGN[1]) or 1.0
        gap = int(18 * self.scale)
        self.root.setContentsMargins(gap, int(12 * self.scale), gap, int(10 * self.scale))
        for layout in self.layouts:
            layout.setSpacing(gap)
        rescale_all(self, self.scale)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._rescale()
