"""The clerk's window: it draws what `view.counter_view` computes and sends the clerk's
actions, each a button and a key.

Rules: a held key acts once (auto-repeat is ignored) and a press within
`action_gap_seconds` of the last action is ignored; an action's buttons stay disabled
until the state shows its answer (or SETTLE_MS passed); the counter comes from the token
(GET /whoami) and a configured counter only checks it."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtWidgets import QDialog, QHBoxLayout, QVBoxLayout, QWidget

from counter_client.actions import PATHS, WITH_DIALOG, outcome, shown
from counter_client.config import CounterSettings
from counter_client.dialogs import CallDialog, ClerkDialog, PauseDialog, TransferDialog
from counter_client.identity import counter_from_whoami
from counter_client.panels import ActionGrid, Figures, Header, TicketCard
from counter_client.view import CounterView, Situation, counter_view, find
from counter_client.widgets import THEME, Banner, OneLine
from shared import catalogue as C
from shared.qt.upcoming import Upcoming
from shared import protocol as P
from shared.catalogue import counter as T
from shared.client import Reply, ServiceClient
from shared.i18n import Text
from shared.qt.clock import ServiceClock
from shared.qt.connection import Connection

RETRY_MS = 60_000   # an action is retried with the same Idempotency-Key this long while no answer comes
SETTLE_MS = 3000    # the buttons wait this long for the state to show an action's answer
TICK_MS = 15_000    # the minutes on screen move on

KEYS = {
    Qt.Key.Key_Return: "next", Qt.Key.Key_Enter: "next", Qt.Key.Key_F1: "next",
    Qt.Key.Key_F2: "recall", Qt.Key.Key_F3: "no_show", Qt.Key.Key_F4: "complete",
    Qt.Key.Key_F5: "transfer", Qt.Key.Key_F6: "call", Qt.Key.Key_F7: "pause",
}


class CounterWindow(QWidget):
    def __init__(self, client: ServiceClient, settings: CounterSettings):
        super().__init__()
        self.client, self.settings, self.lang = client, settings, settings.language
        self.number: int | None = None           # from /whoami
        self.identity_checked = False
        self.fault: Text | None = None
        self.busy = False
        self.expected: dict | None = None        # an action's answer, until the state shows it
        self.stats: dict | None = None
        self.dismissed: set[int] = set()
        self.dialog: QDialog | None = None
        self.undo: str | None = None             # the number whose no-show can be undone now
        self.booking: dict | None = None         # the appointment of the ticket being served, if it was booked
        self.booking_asked: int | None = None    # the ticket it was asked for
        self.since_action = QElapsedTimer()
        self.clock = ServiceClock(client, self)
        self.connection = Connection(client, int(settings.grace_seconds * 1000), self)

        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, settings.on_top)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.resize(600, 420)  # the layout grows it when a banner needs room
        self.setStyleSheet(f"CounterWindow {{ background: {THEME.background}; }}")
        self.upcoming = Upcoming(client, self)
        self.build()

        self.settle_timer = QTimer(self, singleShot=True, interval=SETTLE_MS, timeout=self.release)
        self.stats_timer = QTimer(self, singleShot=True, interval=200, timeout=self.load_stats)
        self.undo_timer = QTimer(self, singleShot=True, interval=int(settings.undo_seconds * 1000),
                                 timeout=lambda: self.set_undo(None))
        QTimer(self, interval=TICK_MS, timeout=self.refresh).start()
        self.connection.changed.connect(self.on_connection)
        client.officeLoaded.connect(lambda _office: self.refresh())
        client.stateChanged.connect(lambda _state: self.refresh())
        self.upcoming.changed.connect(lambda _tickets: self.refresh())
        client.snapshot.connect(lambda _state: self.stats_timer.start())
        client.event.connect(self.on_event)
        self.refresh()

    # ----- building ----------------------------------------------------------------------

    def build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        self.header = Header()
        self.header.signIn.connect(self.sign_in)
        self.fault_banner = Banner("fault")
        self.alert_banner = Banner("alert", C.DISMISS)
        self.alert_banner.dismissed.connect(self.dismiss_alerts)
        for part in (self.header, self.fault_banner, self.alert_banner):
            root.addWidget(part)
        body = QHBoxLayout()
        body.setContentsMargins(10, 8, 10, 4)
        body.setSpacing(10)
        self.card, self.figures = TicketCard(), Figures()
        body.addWidget(self.card, 3)
        body.addWidget(self.figures, 2)
        root.addLayout(body, 1)
        self.actions = ActionGrid()
        self.actions.pressed.connect(self.trigger)
        self.buttons = self.actions.buttons
        root.addWidget(self.actions)
        self.status = OneLine(13, 11)
        self.status.setContentsMargins(12, 0, 12, 6)
        self.status.set("")
        root.addWidget(self.status)

    # ----- what the service says -----------------------------------------------------------

    def counter_state(self) -> dict | None:
        return find((self.client.state or {}).get("counters"), "number", self.number)

    def on_connection(self, status: str) -> None:
        if status == "online" and not self.identity_checked:
            self.check_identity()
        self.refresh()

    def check_identity(self) -> None:
        """Which counter the token acts for; a configured counter only checks it."""
        wanted = self.settings.counter

        def answered(reply: Reply):
            if reply.unreachable:
                return
            self.identity_checked = True
            number, why = counter_from_whoami(reply.status, reply.body, "counter", wanted)
            if why is None:
                self.number = number
            else:
                self.fault = {"unauthorized": C.ERRORS["unauthorized"], "wrong_role": T.NOT_A_COUNTER,
                              "wrong_counter": T.WRONG_COUNTER.format(n=wanted)}[why]
            self.stats_timer.start()
            self.refresh()

        self.client.get("/whoami", answered)

    def on_event(self, event: dict) -> None:
        if event["type"] == P.ALERT_RAISED:  # raised anew: show it again
            self.dismissed.discard(event["alert"]["id"])
        counter = event.get("counter") or {}
        rated = event["type"] == P.TICKET_RATED and event["rating"]["counter"] == self.number
        if rated or event["type"] in (P.TICKET_COMPLETED, P.TICKET_NO_SHOW) and counter.get("number") == self.number:
            self.stats_timer.start()

    def load_stats(self) -> None:
        def loaded(reply: Reply):
            if reply.ok and isinstance(reply.body, dict) and self.number is not None:
                mine = reply.body.get("by_counter", {}).get(str(self.number), {})
                rated = (reply.body.get("satisfaction") or {}).get("by_counter", {}).get(str(self.number), {})
                self.stats = {"served": mine.get("served", 0), "avg": mine.get("avg_service_minutes"),
                              "no_shows": reply.body.get("no_shows", {}).get(str(self.number), 0),
                              "satisfied": rated.get("satisfied_share"), "ratings": rated.get("ratings", 0)}
                self.refresh()

        self.client.get("/stats", loaded)

    # ----- drawing ---------------------------------------------------------------------------

    def view(self) -> CounterView:
        fault = self.fault
        if fault is None and self.number is not None and self.client.office is not None \
                and find(self.client.office.get("counters"), "number", self.number) is None:
            fault = T.NO_SUCH_COUNTER.format(n=self.number)
        situation = Situation(now=self.clock.now(), number=self.number, connection=self.connection.status,
                              fault=fault, busy=self.busy, dialog=self.dialog is not None, stats=self.stats,
                              dismissed=frozenset(self.dismissed), undo=self.undo,
                              upcoming=tuple(self.upcoming.tickets), booking=self.booking)
        return counter_view(self.client.state, self.client.office, situation)

    def ask_booking(self, counter: dict | None) -> None:
        """Whether the citizen being served booked (an appointment's ticket, or a late one's)."""
        ticket = (counter or {}).get("ticket") or {}
        ticket_id = ticket.get("id")
        if ticket_id == self.booking_asked or (self.client.office or {}).get("appointments") is None:
            return
        self.booking_asked, self.booking = ticket_id, None
        if ticket_id is None:
            return

        def answered(reply: Reply):
            found = (reply.body or {}).get("appointments") if reply.ok and isinstance(reply.body, dict) else None
            if found and self.booking_asked == ticket_id:
                self.booking = found[0]
                self.refresh()

        self.client.get(f"/appointments?ticket={ticket_id}", answered)

    def refresh(self) -> None:
        counter = self.counter_state()
        self.ask_booking(counter)
        if self.expected is not None and counter is not None and shown(counter, self.expected):
            self.busy, self.expected = False, None
            self.settle_timer.stop()
        v = self.view()
        self.setWindowTitle(f"{v.title.get(self.lang)} — Queue Hall")
        self.fault_banner.show_text(v.banner[1] if v.banner else None, self.lang, v.banner[0] if v.banner else None)
        self.alert_banner.show_text(v.alerts, self.lang)
        for part in (self.header, self.card, self.figures, self.actions):
            part.show_view(v, self.lang)

    def dismiss_alerts(self) -> None:
        """Hide the alerts shown now; a new one (or the same one raised again) shows again."""
        self.dismissed.update(a["id"] for a in (self.client.state or {}).get("alerts", []))
        self.refresh()

    def say(self, text: Text, ok: bool = True) -> None:
        color = THEME.text if ok else THEME.fault
        self.status.setStyleSheet(f"color: {color}; background: transparent;")
        self.status.second_color = THEME.muted if ok else THEME.fault
        self.status.show_text(text, self.lang)

    # ----- acting ----------------------------------------------------------------------------

    def keyPressEvent(self, event) -> None:
        slot = KEYS.get(event.key())
        if slot is None:
            super().keyPressEvent(event)
            return
        if not event.isAutoRepeat():  # a held key is one press
            self.trigger(slot)
        event.accept()

    def too_soon(self) -> bool:
        gap = int(self.settings.action_gap_seconds * 1000)
        return self.since_action.isValid() and self.since_action.elapsed() < gap

    def can(self, action: str) -> bool:
        """Whether a press would do `action` now."""
        return not self.too_soon() and any(b.action == action and b.enabled for b in self.view().buttons)

    def trigger(self, slot: str) -> None:
        """The button `slot` (or its key) was pressed: do what it shows now."""
        button = next(b for b in self.view().buttons if b.slot == slot)
        if not button.enabled or self.too_soon():
            return
        self.since_action.start()
        action, counter = button.action, self.counter_state()
        ticket = counter["ticket"] or {}
        if action == "undo_no_show":
            self.send(action, {"number": self.undo}, self.undo)
        elif action not in WITH_DIALOG:
            self.send(action, None, ticket.get("number", ""))
        else:
            if action == "transfer":
                dialog = TransferDialog(self, self.lang, self.client.office or {}, ticket, self.number)
                dialog.accepted.connect(lambda: self.send("transfer", dialog.choice, ticket["number"], dialog.target))
            elif action == "call":
                dialog = CallDialog(self, self.lang, [q["prefix"] for q in (self.client.office or {}).get("queues", [])])
                dialog.accepted.connect(lambda: self.send("call", {"number": dialog.number}, dialog.number))
            else:
                dialog = PauseDialog(self, self.lang)
                dialog.accepted.connect(lambda: self.send("pause", {"reason": dialog.reason}, ""))
            dialog.finished.connect(lambda _result: self.close_dialog(dialog))
            self.dialog = dialog
            self.refresh()
            dialog.open()

    def sign_in(self) -> None:
        """The clerk signs in (or out) at this counter; every device shows the new clerk."""
        if self.dialog is not None:
            return
        dialog = ClerkDialog(self, self.lang, self.view().clerk)
        dialog.accepted.connect(lambda: self.client.post(f"/counters/{self.number}/clerk", dialog.body,
                                                         self.signed_in))
        dialog.finished.connect(lambda _result: self.close_dialog(dialog))
        self.dialog = dialog
        dialog.open()

    def signed_in(self, reply: Reply) -> None:
        if reply.ok:
            clerk = ((reply.body or {}).get("counter") or {}).get("clerk", "")
            self.say(Text(f"承辦人員：{clerk}", f"Clerk: {clerk}") if clerk else Text("已簽退", "Signed out"))
        elif reply.unreachable:
            self.say(T.NOT_CONFIRMED, ok=False)
        else:
            self.say(Text(f"簽到失敗：{reply.message}", f"Sign-in refused: {reply.message}"), ok=False)

    def close_dialog(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
        self.refresh()

    def send(self, action: str, body: dict | None, number: str | None = None, target: Text | None = None) -> None:
        """POST `action` about the ticket `number` (by default the current one)."""
        self.dialog = None  # the dialog that asked is done
        if number is None:
            number = ((self.counter_state() or {}).get("ticket") or {}).get("number", "")
        self.busy = True
        self.say(T.WORKING)
        self.refresh()
        self.client.post(f"/counters/{self.number}/{PATHS[action]}", body,
                         lambda reply: self.answered(action, number, target, reply), retry_ms=RETRY_MS)

    def answered(self, action: str, number: str, target: Text | None, reply: Reply) -> None:
        if reply.ok and isinstance(reply.body, dict):
            self.say(outcome(action, number, reply.body, target))
            self.set_undo(number if action == "no_show" else None)
            self.expected = reply.body
            self.settle_timer.start()
        else:
            self.busy = False
            if reply.unreachable:
                self.say(T.NOT_CONFIRMED, ok=False)
            else:
                error = C.error_text(reply.error_code)
                self.say(error + Text(f"：{reply.message}", f": {reply.message}"), ok=False)
                if reply.status in (401, 403):
                    self.fault = C.ERRORS["unauthorized"] if reply.status == 401 else T.WRONG_COUNTER.format(n=self.number)
        self.refresh()

    def set_undo(self, number: str | None) -> None:
        self.undo = number
        if number is not None:
            self.undo_timer.start()
        self.refresh()

    def release(self) -> None:
        """The action is over: its answer is in the state, or it took too long to show."""
        self.busy, self.expected = False, None
        self.refresh()
