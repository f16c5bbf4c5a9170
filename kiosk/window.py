"""The kiosk window: which screen shows, taking a ticket, printing it, and telling the
counters when the printer fails."""

from __future__ import annotations

import time
import uuid

from PySide6.QtCore import QEvent, QObject, QPoint, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QStackedWidget, QVBoxLayout, QWidget

from kiosk.printing import PrintService
from kiosk.screens import CareScreen, ConfirmScreen, HomeScreen, MessageScreen, StaffScreen
from kiosk.texts import TEXTS
from printers.errors import PrinterError
from printers.status import PrinterStatus
from shared.client import Reply, ServiceClient
from shared.i18n import ERRORS
from shared.office import office_from_json

# A citizen is standing there: after this long without an answer no ticket is promised.
ISSUE_RETRY_MS = 3000
# Touches on the same screen within this time after a ticket was asked for are the same touch.
DEBOUNCE_S = 1.5
# A blink of the network does not flash the fault screen.
FAULT_GRACE_MS = 2000
STARTUP_WAIT_MS = 10_000
PRINTER_CHECK_MS = 60_000
STAFF_TAPS, STAFF_TAP_WINDOW_S, STAFF_CORNER = 5, 3.0, 0.08
PRINTER_ALERT, PAPER_ALERT = "printer", "printer_paper"
TOUCH_EVENTS = (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin)


def both(texts_or_errors, key: str, **fields) -> dict:
    return {"zh-TW": texts_or_errors(key, "zh-TW", **fields), "en": texts_or_errors(key, "en", **fields)}


class KioskWindow(QWidget):
    def __init__(self, client: ServiceClient, config: dict, printing: PrintService):
        super().__init__()
        self.setWindowTitle("Queue Hall kiosk 取號機")
        self.client = client
        self.config = config
        self.printing = printing
        self.lang = config["language"]
        self.kiosk_id = config["kiosk_id"]

        self.stack = QStackedWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.home = HomeScreen()
        self.care = CareScreen()
        self.confirm = ConfirmScreen()
        self.message = MessageScreen()
        self.staff = StaffScreen()
        for screen in (self.home, self.care, self.confirm, self.message, self.staff):
            self.stack.addWidget(screen)

        self.office = None                 # shared.office.Office, for the printer
        self.issuing = False
        self.last_touch_issue = 0.0
        self.auth_error: dict | None = None
        self.started = False               # the first connection came, or the startup wait is over
        self.print_job = 0                 # the job whose result the confirmation is waiting for
        self.printing_number = ""
        self.printer_error: PrinterError | None = None
        self.printer_checked = False
        self.unprinted: list[str] = []     # numbers shown on screen only, since the printer failed
        self.staff_taps: list[float] = []

        self.idle = QTimer(self, singleShot=True, interval=int(config["idle_seconds"] * 1000),
                           timeout=self.on_idle)
        self.countdown = QTimer(self, interval=1000, timeout=self.tick)
        self.fault_grace = QTimer(self, singleShot=True, interval=FAULT_GRACE_MS, timeout=self.on_connection_lost)
        self.startup = QTimer(self, singleShot=True, interval=STARTUP_WAIT_MS, timeout=self.startup_over)
        self.printer_timer = QTimer(self, interval=PRINTER_CHECK_MS, timeout=self.printing.check)

        self.home.serviceChosen.connect(lambda service: self.take_ticket(service, None))
        self.home.categoryChosen.connect(self.choose_category)
        self.home.languageToggled.connect(self.toggle_language)
        self.care.serviceChosen.connect(lambda service: self.take_ticket(service, self.care.category["id"]))
        self.care.back.connect(self.go_home)
        self.confirm.done.connect(self.go_home)
        self.staff.fullscreenToggled.connect(self.toggle_fullscreen)
        self.staff.closed.connect(self.go_home)
        self.staff.quitRequested.connect(self.close)
        QShortcut(QKeySequence("Ctrl+Shift+Q"), self, activated=self.open_staff)

        client.officeLoaded.connect(self.on_office)
        client.connectionChanged.connect(self.on_connection)
        client.stateChanged.connect(self.on_state)
        client.authFailed.connect(self.on_auth_failed)
        printing.printed.connect(self.on_printed)
        printing.checked.connect(self.on_printer_checked)

        QApplication.instance().installEventFilter(self)
        self.set_language(self.lang)
        self.message.show_message("busy", "connecting")
        self.stack.setCurrentWidget(self.message)
        if client.office is not None:
            self.on_office(client.office)
        self.idle.start()
        self.startup.start()
        self.printer_timer.start()
        self.printing.check()

    # ----- the service --------------------------------------------------------------------

    @property
    def ready(self) -> bool:
        return self.client.office is not None and self.client.connected

    def on_office(self, office: dict) -> None:
        self.office = office_from_json(office)
        self.home.set_office(office)
        self.care.set_office(office)
        if self.ready:
            self.go_home()

    def on_connection(self, connected: bool) -> None:
        if connected:
            self.started = True
            self.auth_error = None
            self.fault_grace.stop()
            self.printing.check()  # brings the service's printer alerts up to date
            if self.stack.currentWidget() is self.message and not self.issuing:
                self.go_home()
        else:
            self.fault_grace.start()

    def on_connection_lost(self) -> None:
        if not self.client.connected and self.stack.currentWidget() in (self.home, self.care, self.message) \
                and not self.issuing:
            self.show_paused()

    def startup_over(self) -> None:
        self.started = True
        if not self.ready and not self.issuing:
            self.show_paused()

    def on_auth_failed(self, _error: dict) -> None:
        self.auth_error = both(ERRORS, "unauthorized")
        self.started = True
        if not self.issuing:
            self.show_paused()

    def on_state(self, state: dict) -> None:
        self.home.set_waiting(state.get("waiting", {}))

    def show_paused(self) -> None:
        detail = self.auth_error or ("reconnecting" if self.started else None)
        self.message.show_message("fault" if self.started else "busy", "paused" if self.started else "connecting",
                                  detail)
        self.stack.setCurrentWidget(self.message)
        self.countdown.stop()

    # ----- screens ------------------------------------------------------------------------

    def go_home(self) -> None:
        self.countdown.stop()
        if self.ready:
            self.stack.setCurrentWidget(self.home)
        else:
            self.show_paused()

    def set_language(self, lang: str) -> None:
        self.lang = lang
        for screen in (self.home, self.care, self.confirm, self.message, self.staff):
            screen.set_language(lang)

    def toggle_language(self) -> None:
        self.set_language("en" if self.lang == "zh-TW" else "zh-TW")

    def choose_category(self, category_id: str) -> None:
        self.care.set_category(category_id)
        self.stack.setCurrentWidget(self.care)

    def on_idle(self) -> None:
        """Nobody touched the kiosk for a while: back to the start, in Chinese."""
        self.idle.start()
        if self.lang != "zh-TW":
            self.set_language("zh-TW")
        if self.stack.currentWidget() in (self.care, self.confirm, self.staff) or \
                (self.stack.currentWidget() is self.message and not self.issuing and self.ready):
            self.go_home()

    def tick(self) -> None:
        self.confirm.set_seconds_left(self.confirm.seconds_left - 1)
        if self.confirm.seconds_left <= 0:
            self.go_home()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in TOUCH_EVENTS and isinstance(watched, QWidget) and watched.window() is self:
            self.idle.start()
            if event.type() == QEvent.Type.MouseButtonPress:
                self.count_staff_tap(watched.mapTo(self, event.position().toPoint()))
        return False

    # ----- staff -----------------------------------------------------------------------------

    def count_staff_tap(self, at: QPoint) -> None:
        """Five quick taps in the (unmarked) top-left corner open the staff panel."""
        corner = max(60, int(min(self.width(), self.height()) * STAFF_CORNER))
        if at.x() > corner or at.y() > corner:
            self.staff_taps.clear()
            return
        now = time.monotonic()
        self.staff_taps = [t for t in self.staff_taps if now - t < STAFF_TAP_WINDOW_S] + [now]
        if len(self.staff_taps) >= STAFF_TAPS:
            self.staff_taps.clear()
            QTimer.singleShot(0, self.open_staff)

    def open_staff(self) -> None:
        if self.issuing:
            return
        self.countdown.stop()
        langs = (self.lang, "en" if self.lang == "zh-TW" else "zh-TW")
        service_state = both(TEXTS, "online" if self.client.connected else "offline")
        if self.printer_error is not None:
            printer_state = self.printer_error.message
        else:
            printer_state = both(TEXTS, "printer_ok" if self.printer_checked else "printer_unknown")
        lines = [
            tuple(TEXTS("staff_service", lang, url=self.client.base_url, state=service_state[lang]) for lang in langs),
            tuple(TEXTS("staff_printer", lang, printer=self.printing.url, state=printer_state[lang]) for lang in langs),
        ]
        self.staff.set_info(lines, self.isFullScreen())
        self.stack.setCurrentWidget(self.staff)

    def toggle_fullscreen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()
        self.open_staff()

    # ----- taking a ticket ---------------------------------------------------------------

    def take_ticket(self, service_id: str, category_id: str | None) -> None:
        """One touch, one ticket: touches while a ticket is being issued, or right after,
        are the same touch; the request keeps one Idempotency-Key through its retries."""
        now = time.monotonic()
        if self.issuing or now - self.last_touch_issue < DEBOUNCE_S or not self.ready:
            return
        self.issuing = True
        self.last_touch_issue = now
        self.message.show_message("busy", "issuing")
        self.stack.setCurrentWidget(self.message)
        self.client.post("/tickets", {"service": service_id, "category": category_id}, self.on_issued,
                         key=uuid.uuid4().hex, retry_ms=ISSUE_RETRY_MS)

    def on_issued(self, reply: Reply) -> None:
        self.issuing = False
        body = reply.body if isinstance(reply.body, dict) else {}
        ticket = body.get("ticket")
        if reply.ok and isinstance(ticket, dict) and ticket.get("number"):
            self.show_ticket(ticket, body.get("ahead", 0), body.get("estimated_wait_minutes"))
        elif reply.unreachable:
            self.started = True
            self.show_paused()
            if self.client.connected:
                # The event stream still looks alive: come back by itself shortly anyway.
                QTimer.singleShot(int(self.config["confirm_seconds"] * 1000), self.leave_message)
        else:
            detail = both(ERRORS, reply.error_code) if reply.error_code in ERRORS.table else both(TEXTS, "bad_answer")
            if reply.error_code == "unauthorized":
                self.auth_error = detail
            self.message.show_message("fault", "no_ticket", detail)
            self.stack.setCurrentWidget(self.message)
            QTimer.singleShot(int(self.config["confirm_seconds"] * 1000), self.leave_message)

    def leave_message(self) -> None:
        if self.stack.currentWidget() is self.message and not self.issuing:
            self.go_home()

    def show_ticket(self, ticket: dict, ahead, wait_minutes) -> None:
        ahead = ahead if isinstance(ahead, int) else 0
        wait_minutes = wait_minutes if isinstance(wait_minutes, (int, float)) else None
        self.confirm.show_ticket(self.client.office, ticket, ahead, wait_minutes)
        self.confirm.set_seconds_left(int(self.config["confirm_seconds"]))
        self.stack.setCurrentWidget(self.confirm)
        self.countdown.start()
        self.print_job = self.printing.print_ticket(self.office, ticket, ahead, wait_minutes)
        self.printing_number = ticket["number"]

    # ----- the printer -------------------------------------------------------------------

    def on_printed(self, job: int, path: str | None, error: PrinterError | None) -> None:
        number = self.printing_number if job == self.print_job else None
        if error is None:
            self.printer_fixed()
            if job == self.print_job:
                self.confirm.set_printed(path)
            return
        if number:
            self.unprinted.append(number)
        self.printer_failed(error)
        if job == self.print_job:
            self.confirm.set_print_fault(error.message)
            # Time to write the number down.
            self.confirm.set_seconds_left(max(20, 2 * int(self.config["confirm_seconds"])))

    def on_printer_checked(self, status: PrinterStatus) -> None:
        self.printer_checked = True
        if status.error is not None:
            self.printer_failed(status.error)
            return
        self.printer_fixed()
        if status.paper == "near_end":
            if not self.open_alert(PAPER_ALERT):
                self.raise_alert(PAPER_ALERT, "near_end", both(TEXTS, "paper_low"))
        elif status.paper == "ok" and self.open_alert(PAPER_ALERT):
            self.client.post("/alerts/clear", {"source": self.kiosk_id, "kind": PAPER_ALERT})

    def printer_failed(self, error: PrinterError) -> None:
        self.printer_checked = True
        self.printer_error = error
        self.home.set_printer_down(True)
        message = {lang: f"{error.message[lang]}：{error.action[lang]}" for lang in ("zh-TW", "en")}
        if self.unprinted:
            numbers = "、".join(self.unprinted[-12:])
            message = {"zh-TW": f"{message['zh-TW']}（{TEXTS('alert_numbers', 'zh-TW', numbers=numbers)}）",
                       "en": f"{message['en']} ({TEXTS('alert_numbers', 'en', numbers=numbers.replace('、', ', '))})"}
        alert = self.open_alert(PRINTER_ALERT)
        if alert is None or alert.get("code") != error.code or alert.get("message") != message:
            self.raise_alert(PRINTER_ALERT, error.code, message)

    def printer_fixed(self) -> None:
        self.printer_error = None
        self.unprinted.clear()
        self.home.set_printer_down(False)
        if self.open_alert(PRINTER_ALERT):
            self.client.post("/alerts/clear", {"source": self.kiosk_id, "kind": PRINTER_ALERT})

    def open_alert(self, kind: str) -> dict | None:
        """This kiosk's open alert of `kind`, as the service has it (it survives a restart of the kiosk)."""
        for alert in (self.client.state or {}).get("alerts", []):
            if alert.get("source") == self.kiosk_id and alert.get("kind") == kind:
                return alert
        return None

    def raise_alert(self, kind: str, code: str, message: dict) -> None:
        self.client.post("/alerts", {"source": self.kiosk_id, "kind": kind, "code": code, "message": message})

    # ----- life ----------------------------------------------------------------------------

    def closeEvent(self, event) -> None:
        QApplication.instance().removeEventFilter(self)
        for timer in (self.idle, self.countdown, self.fault_grace, self.startup, self.printer_timer):
            timer.stop()
        self.client.stop()
        self.printing.shutdown()
        super().closeEvent(event)

