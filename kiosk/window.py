"""The kiosk window: which screen shows, taking a ticket, printing it, and telling the
counters when the printer fails.

One touch, one ticket: touches while a ticket is being issued, or within the debounce after
it, issue none; they are answered with the same confirmation and a short "already issued"
note. Every timing comes from the settings (idle, confirmation, debounce, the connection's
grace) or `Timings`."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk import views
from kiosk.config import KioskSettings
from kiosk.printing import PrintService
from kiosk.screens.appointment import PHONE, AppointmentScreen
from kiosk.screens.care import CareScreen
from kiosk.screens.confirmation import ConfirmationScreen
from kiosk.screens.home import HomeScreen
from kiosk.screens.message import MessageScreen
from kiosk.screens.staff import StaffScreen
from kiosk.widgets import Tile, scale
from printers.errors import PrinterError
from printers.status import PrinterStatus
from shared.catalogue import appointments as appointment_words
from shared.catalogue import kiosk as words
from shared.client import Reply, ServiceClient
from shared.i18n import Text, other
from shared.office import office_from_json
from shared.qt.clock import ServiceClock
from shared.qt.connection import ONLINE, Connection
from shared.qt.hours import OfficeHours
from shared.qt.shell import show_full_screen, show_windowed
from shared.qt.theme import LIGHT

PRINTER_ALERT, PAPER_ALERT = "printer", "printer_paper"
STAFF_TAPS, STAFF_CORNER = 5, 0.08
TOUCHES = (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin)


@dataclass(frozen=True)
class Timings:
    issue_retry_ms: int = 3000        # a citizen is standing there: no ticket promised after this
    printer_check_ms: int = 60_000
    tick_ms: int = 1000               # one second of the confirmation's countdown
    clock_ms: int = 20_000            # the home screen's date and time (and whether the office is open)
    hours_check_ms: int = 60_000      # the service's time asked again: the office opens on its clock
    staff_taps_s: float = 3.0         # the five taps that open the staff screen, within this


@dataclass
class Shown:
    """The ticket on the confirmation screen and what became of its printing."""
    ticket: dict
    ahead: int
    wait_minutes: float | list | None   # minutes, or the service's [low, high] range
    job: int = 0
    printing: str = "printing"
    fault: Text | None = None
    preview: str | None = None
    note: bool = False
    seconds: int = 0
    booked: Text | None = None        # an appointment check-in: its slot and service, or why it is ordinary
    called_from: Text | None = None   # an appointment ticket: called first from its slot


class KioskWindow(QWidget):
    def __init__(self, client: ServiceClient, config, printing: PrintService, timings: Timings = Timings()):
        super().__init__()
        self.setWindowTitle("Queue Hall kiosk 取號機")
        self.client, self.printing, self.timings = client, printing, timings
        self.config = KioskSettings.of(config)
        self.lang = self.config.language
        self.office = None
        self.clock = ServiceClock(client, self)
        self.connection = Connection(client, int(self.config.grace_seconds * 1000), self)
        # Renders at each change of the hours, and asks the service's time every hours_check_ms.
        self.hours = OfficeHours(client, self.clock, self, timings.hours_check_ms)
        self.started = False               # connected once, or the grace is over
        self.issuing = False
        self.issued_at: float | None = None
        self.touched_again = False
        self.shown: Shown | None = None
        self.category_id = ""
        self.message_view = views.paused_view(self.connection.status, False)
        self.printer_fault: PrinterError | None = None
        self.printer_checked = False
        self.unprinted: list[str] = []     # numbers shown on screen only, since the printer failed
        self.staff_taps: list[float] = []

        self.home, self.care, self.confirm = HomeScreen(), CareScreen(), ConfirmationScreen()
        self.message, self.staff = MessageScreen(), StaffScreen()
        self.appointment = AppointmentScreen()
        self.appointment_tile = Tile(LIGHT.accent, LIGHT.accent_down, 44, name="i-have-an-appointment",
                                     size=(640, 120))
        self.checking_by_phone = False
        self.stack = QStackedWidget(self)
        for screen in self.screens():
            self.stack.addWidget(screen)
        QVBoxLayout(self).addWidget(self.stack)
        self.layout().setContentsMargins(0, 0, 0, 0)
        # The texts scale with the window: the window's size never follows from them.
        self.layout().setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.stack.setCurrentWidget(self.message)

        seconds = lambda s: int(s * 1000)  # noqa: E731
        self.idle = QTimer(self, singleShot=True, interval=seconds(self.config.idle_seconds), timeout=self.on_idle)
        self.countdown = QTimer(self, interval=timings.tick_ms, timeout=self.tick)
        self.timers = [self.idle, self.countdown, QTimer(self, interval=timings.clock_ms, timeout=self.render),
                       QTimer(self, interval=timings.printer_check_ms, timeout=printing.check)]

        self.home.serviceChosen.connect(lambda service: self.take_ticket(service, None))
        self.home.categoryChosen.connect(self.choose_category)
        self.home.languageToggled.connect(lambda: self.set_language(other(self.lang)))
        self.care.serviceChosen.connect(lambda service: self.take_ticket(service, self.category_id))
        self.care.back.connect(self.go_home)
        self.confirm.done.connect(self.go_home)
        self.staff.fullScreenToggled.connect(self.toggle_full_screen)
        self.staff.closed.connect(self.go_home)
        self.staff.quitRequested.connect(self.close)
        self.appointment_tile.clicked.connect(self.open_appointment)
        self.appointment.back.connect(self.go_home)
        self.appointment.submitted.connect(self.check_in)
        QShortcut(QKeySequence("Ctrl+Shift+Q"), self, activated=self.open_staff)
        client.officeLoaded.connect(self.on_office)
        client.stateChanged.connect(lambda _state: self.render())
        self.hours.changed.connect(lambda _notice: self.render())
        self.connection.changed.connect(self.on_connection)
        printing.printed.connect(self.on_printed)
        printing.checked.connect(self.on_printer_checked)
        QApplication.instance().installEventFilter(self)

        if client.office is not None:
            self.on_office(client.office)
        self.render()
        for timer in self.timers:
            if timer is not self.countdown:
                timer.start()
        printing.check()

    def screens(self):
        return self.home, self.care, self.confirm, self.message, self.staff, self.appointment

    @property
    def ready(self) -> bool:
        return self.office is not None and self.client.connected

    def in_debounce(self) -> bool:
        return self.issued_at is not None and time.monotonic() - self.issued_at < self.config.debounce_seconds

    # ----- what the screens show ---------------------------------------------------------

    def render(self) -> None:
        if self.office is not None:
            self.home.show_view(views.home_view(self.office, self.client.state, self.clock.now(),
                                                self.printer_fault is not None), self.lang)
            if self.home.is_closed and self.stack.currentWidget() is self.care:
                self.stack.setCurrentWidget(self.home)  # closing time came while a citizen chose
            if self.category_id:
                self.care.show_view(views.care_view(self.office, self.category_id), self.lang)
            self.render_confirmation()
            self.appointment_tile.show_text(appointment_words.I_HAVE_ONE, self.lang)
            self.appointment.show_language(self.lang)
        self.message.show_view(self.message_view, self.lang)
        if self.stack.currentWidget() is self.staff:
            self.open_staff()

    def render_confirmation(self) -> None:
        s = self.shown
        if s is not None:
            self.confirm.show_view(views.confirmation_view(
                self.office, s.ticket, s.ahead, s.wait_minutes, s.printing, s.fault, s.note, s.seconds,
                s.booked, s.called_from), self.lang, s.preview)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.render()

    def show_message(self, view: views.MessageView) -> None:
        self.message_view = view
        self.countdown.stop()
        self.message.show_view(view, self.lang)
        self.stack.setCurrentWidget(self.message)

    def go_home(self) -> None:
        self.countdown.stop()
        if self.ready:
            self.render()
            self.stack.setCurrentWidget(self.home)
        else:
            self.show_paused()

    def show_paused(self) -> None:
        self.show_message(views.paused_view(self.connection.status, self.started))

    def choose_category(self, category_id: str) -> None:
        self.category_id = category_id
        self.render()
        self.stack.setCurrentWidget(self.care)

    def resizeEvent(self, event) -> None:
        portrait, k = self.height() > self.width(), scale(self)
        for screen in self.screens():
            screen.set_portrait(portrait)
            screen.rescale(k)
        super().resizeEvent(event)

    # ----- the service -------------------------------------------------------------------

    def on_office(self, office: dict) -> None:
        self.office = office_from_json(office)
        if self.office.appointments is not None and self.home.appointment_entry is None:
            self.home.set_appointment_entry(self.appointment_tile)
        self.render()
        if self.ready and self.stack.currentWidget() is self.message and not self.issuing:
            self.go_home()

    def on_connection(self, status: str) -> None:
        self.started = self.started or status != "connecting"
        if status == ONLINE:
            self.printing.check()  # brings the service's printer alerts up to date
            if self.stack.currentWidget() is self.message and not self.issuing:
                self.go_home()
        elif status != "connecting" and not self.issuing and \
                self.stack.currentWidget() in (self.home, self.care, self.message):
            self.show_paused()

    # ----- touches -----------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in TOUCHES and isinstance(watched, QWidget) and watched.window() is self:
            self.idle.start()
            if self.issuing:
                self.touched_again = True
            elif self.in_debounce() and self.shown and self.stack.currentWidget() is self.confirm:
                self.shown.note = True
                self.render_confirmation()
            if event.type() == QEvent.Type.MouseButtonPress:
                self.count_staff_tap(watched.mapTo(self, event.position().toPoint()))
        return False

    def on_idle(self) -> None:
        """Nobody touched the kiosk for a while: back to the start, in Chinese."""
        self.idle.start()
        if self.lang != "zh-TW":
            self.set_language("zh-TW")
        current = self.stack.currentWidget()
        if current in (self.care, self.confirm, self.staff, self.appointment) or (current is self.message and not self.issuing
                                                                and self.ready):
            self.go_home()

    def count_staff_tap(self, at) -> None:
        """Five quick taps in the (unmarked) top-left corner open the staff screen."""
        corner = max(60, int(min(self.width(), self.height()) * STAFF_CORNER))
        if at.x() > corner or at.y() > corner:
            self.staff_taps.clear()
            return
        now = time.monotonic()
        self.staff_taps = [t for t in self.staff_taps if now - t < self.timings.staff_taps_s] + [now]
        if len(self.staff_taps) >= STAFF_TAPS:
            self.staff_taps.clear()
            QTimer.singleShot(0, self.open_staff)

    def open_staff(self) -> None:
        if self.issuing:
            return
        self.countdown.stop()
        fault = Text.from_json(self.printer_fault.message) if self.printer_fault else None
        lines = views.staff_lines(self.client.base_url, self.client.connected, self.printing.url, fault,
                                  self.printer_checked)
        self.staff.show_view(lines, self.isFullScreen(), self.lang)
        self.stack.setCurrentWidget(self.staff)

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            show_windowed(self, (1280, 800))
        else:
            show_full_screen(self)
        self.open_staff()

    # ----- taking a ticket ---------------------------------------------------------------

    def take_ticket(self, service_id: str, category_id: str | None) -> None:
        """The request keeps one Idempotency-Key through its retries."""
        if self.issuing or not self.ready:
            return
        if self.in_debounce():
            if self.shown is not None:  # the same citizen again: the same ticket
                self.shown.note = True
                self.show_confirmation()
            return
        self.issuing, self.touched_again, self.issued_at = True, False, time.monotonic()
        self.show_message(views.MessageView(True, words.ISSUING))
        self.client.post("/tickets", {"service": service_id, "category": category_id}, self.on_issued,
                         key=uuid.uuid4().hex, retry_ms=self.timings.issue_retry_ms)

    def on_issued(self, reply: Reply) -> None:
        self.issuing = False
        body = reply.body if isinstance(reply.body, dict) else {}
        ticket = body.get("ticket")
        if isinstance(ticket, dict) and body.get("public_code"):
            ticket = {**ticket, "public_code": body["public_code"]}  # the printed QR opens the phone page
        if reply.ok and isinstance(ticket, dict) and ticket.get("number"):
            ahead, wait = body.get("ahead"), body.get("estimated_wait_range") or body.get("estimated_wait_minutes")
            if isinstance(wait, list) and not (len(wait) == 2 and all(isinstance(w, (int, float)) for w in wait)):
                wait = None
            self.shown = Shown(ticket, ahead if isinstance(ahead, int) else 0,
                               wait if isinstance(wait, (int, float, list)) else None, note=self.touched_again)
            self.shown.job = self.printing.print_ticket(self.office, ticket, self.shown.ahead, self.shown.wait_minutes)
            self.show_confirmation()
            return
        self.shown = None
        if reply.unreachable:
            self.started = True
            self.show_paused()
        else:
            self.show_message(views.refused_view(reply.error_code))
            if reply.error_code == "closed":  # the service's clock says closed: follow it
                self.hours.check()
        QTimer.singleShot(int(self.config.confirm_seconds * 1000), self.leave_message)

    # ----- checking an appointment in --------------------------------------------------------

    def open_appointment(self) -> None:
        if not self.ready:
            return
        self.appointment.reset()
        self.render()
        self.stack.setCurrentWidget(self.appointment)

    def check_in(self, mode: str, digits: str) -> None:
        """Like a ticket: one Idempotency-Key through the retries, nothing promised after them."""
        if self.issuing or not self.ready:
            return
        self.issuing, self.touched_again, self.issued_at = True, False, time.monotonic()
        self.checking_by_phone = mode == PHONE
        self.show_message(views.MessageView(True, appointment_words.CHECKING))
        if mode == PHONE:
            path, body = "/appointments/check-in", {"phone_last4": digits}
        else:
            path, body = f"/appointments/{digits}/check-in", {}
        self.client.post(path, body, self.on_checked_in, key=uuid.uuid4().hex, retry_ms=self.timings.issue_retry_ms)

    def on_checked_in(self, reply: Reply) -> None:
        body = reply.body if isinstance(reply.body, dict) else {}
        appointment = body.get("appointment") if isinstance(body.get("appointment"), dict) else None
        if not (reply.ok and appointment and isinstance(body.get("ticket"), dict)):
            self.issuing = False
            if reply.unreachable:
                self.started = True
                self.show_paused()
                return
            self.appointment.show_problem(views.check_in_problem(reply.error_code, reply.message,
                                                                 self.checking_by_phone))
            self.stack.setCurrentWidget(self.appointment)
            self.idle.start()  # nobody stuck: home by itself when nobody touches it
            return
        slot = str(appointment.get("slot", ""))
        service = next((s.name for s in self.office.services if s.id == appointment.get("service")), None)
        if body.get("ordinary"):
            booked = Text.from_json(body["reason"]) if isinstance(body.get("reason"), dict) else None
            called_from = None
        else:
            booked = appointment_words.BOOKED_FOR.format(slot=slot, service=service or Text("", ""))
            called_from = appointment_words.CALLED_FROM.format(slot=slot)
            body = {**body, "ticket": {**body["ticket"], "appointment_slot": slot}}  # the ticket says 預約
        self.on_issued(Reply(reply.status, body, reply.error_code, reply.message))
        if self.shown is not None:
            self.shown.booked, self.shown.called_from = booked, called_from
            self.render_confirmation()

    def show_confirmation(self, seconds: int | None = None) -> None:
        self.shown.seconds = seconds or int(self.config.confirm_seconds)
        self.render()
        self.stack.setCurrentWidget(self.confirm)
        self.countdown.start()

    def tick(self) -> None:
        self.shown.seconds -= 1
        if self.shown.seconds <= 0:
            self.go_home()
        else:
            self.render_confirmation()

    def leave_message(self) -> None:
        if self.stack.currentWidget() is self.message and not self.issuing:
            self.go_home()

    # ----- the printer -------------------------------------------------------------------

    def on_printed(self, job: int, path: str | None, error: PrinterError | None) -> None:
        shown = self.shown if self.shown is not None and self.shown.job == job else None
        if error is None:
            self.printer_fixed()
            if shown:
                shown.printing, shown.preview = "printed", path
        else:
            if shown:
                self.unprinted.append(shown.ticket["number"])
                shown.printing, shown.fault = "fault", Text.from_json(error.message)
                # Time to write the number down.
                shown.seconds = max(20, 2 * int(self.config.confirm_seconds))
            self.printer_failed(error)
        self.render()

    def on_printer_checked(self, status: PrinterStatus) -> None:
        self.printer_checked = True
        if status.error is not None:
            self.printer_failed(status.error)
        else:
            self.printer_fixed()
            if status.paper == "near_end" and not self.open_alert(PAPER_ALERT):
                self.raise_alert(PAPER_ALERT, "near_end", words.PAPER_LOW)
            elif status.paper == "ok" and self.open_alert(PAPER_ALERT):
                self.client.post("/alerts/clear", {"source": self.config.kiosk_id, "kind": PAPER_ALERT})
        self.render()

    def printer_failed(self, error: PrinterError) -> None:
        self.printer_checked, self.printer_fault = True, error
        message = Text.from_json(error.message) + Text("：", ": ") + Text.from_json(error.action)
        if self.unprinted:
            numbers = Text("、".join(self.unprinted[-12:]), ", ".join(self.unprinted[-12:]))
            message = message + Text("（", " (") + words.NOT_PRINTED.format(numbers=numbers) + Text("）", ")")
        alert = self.open_alert(PRINTER_ALERT)
        if alert is None or alert.get("code") != error.code or alert.get("message") != message.to_json():
            self.raise_alert(PRINTER_ALERT, error.code, message)

    def printer_fixed(self) -> None:
        self.printer_fault = None
        self.unprinted.clear()
        if self.open_alert(PRINTER_ALERT):
            self.client.post("/alerts/clear", {"source": self.config.kiosk_id, "kind": PRINTER_ALERT})

    def open_alert(self, kind: str) -> dict | None:
        """This kiosk's open alert of `kind`, as the service has it (it survives a restart of the kiosk)."""
        for alert in (self.client.state or {}).get("alerts", []):
            if alert.get("source") == self.config.kiosk_id and alert.get("kind") == kind:
                return alert
        return None

    def raise_alert(self, kind: str, code: str, message: Text) -> None:
        self.client.post("/alerts", {"source": self.config.kiosk_id, "kind": kind, "code": code,
                                     "message": message.to_json()})

    def closeEvent(self, event) -> None:
        QApplication.instance().removeEventFilter(self)
        for timer in self.timers:
            timer.stop()
        self.client.stop()
        self.printing.shutdown()
        super().closeEvent(event)
