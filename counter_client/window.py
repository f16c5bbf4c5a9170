"""The clerk's window: it draws what `view.counter_view` computes and sends the clerk's
actions, each a button and a key.

Rules: a held key acts once (auto-repeat is ignored) and a press within
`action_gap_seconds` of the last action is ignored; an action's buttons stay disabled
until the state shows its answer (or SETTLE_MS passed); the counter comes from the token
(GET /whoami) and a configured counter only checks it."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtWidgets import QDialog, QFrame, QGridLayout, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from counter_client.actions import PATHS, WITH_DIALOG, outcome, shown
from counter_client.config import CounterSettings
from counter_client.dialogs import CallDialog, PauseDialog, TransferDialog
from counter_client.view import BUTTONS, CounterView, Situation, counter_view, find
from counter_client.widgets import THEME, ActionButton, Banner, OneLine, TwoLines, label
from shared import catalogue as C
from shared import protocol as P
from shared.catalogue import counter as T
from shared.client import Reply, ServiceClient
from shared.i18n import Text
from shared.qt.clock import ServiceClock
from shared.qt.connection import Connection
from shared.qt.fonts import font

RETRY_MS = 60_000   # an action is retried with the same Idempotency-Key this long while no answer comes
SETTLE_MS = 3000    # the buttons wait this long for the state to show an action's answer
TICK_MS = 15_000    # the minutes on screen move on

KEYS = {
    Qt.Key.Key_Return: "next", Qt.Key.Key_Enter: "next", Qt.Key.Key_F1: "next",
    Qt.Key.Key_F2: "recall", Qt.Key.Key_F3: "no_show", Qt.Key.Key_F4: "complete",
    Qt.Key.Key_F5: "transfer", Qt.Key.Key_F6: "call", Qt.Key.Key_F7: "pause",
}
GRID = {"next": (0, 0), "recall": (0, 1), "no_show": (0, 2), "complete": (0, 3),
        "transfer": (1, 1), "call": (1, 2), "pause": (1, 3)}
ROLE_COLORS = {"warn": THEME.warn, "muted": "#B0BAC4", "care": THEME.care_text, "accent": THEME.accent,
               "text": THEME.text}


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
        self.since_action = QElapsedTimer()
        self.clock = ServiceClock(client, self)
        self.connection = Connection(client, parent=self)

        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, settings.on_top)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.resize(600, 420)  # the layout grows it when a banner needs room
        self.setStyleSheet(f"CounterWindow {{ background: {THEME.background}; }}")
        self.build()

        self.settle_timer = QTimer(self, singleShot=True, interval=SETTLE_MS, timeout=self.release)
        self.stats_timer = QTimer(self, singleShot=True, interval=200, timeout=self.load_stats)
        self.undo_timer = QTimer(self, singleShot=True, interval=int(settings.undo_seconds * 1000),
                                 timeout=lambda: self.set_undo(None))
        QTimer(self, interval=TICK_MS, timeout=self.refresh).start()
        self.connection.changed.connect(self.on_connection)
        client.officeLoaded.connect(lambda _office: self.refresh())
        client.stateChanged.connect(lambda _state: self.refresh())
        client.snapshot.connect(lambda _state: self.stats_timer.start())
        client.event.connect(self.on_event)
        self.refresh()

    # ----- building ----------------------------------------------------------------------

    def build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        header = QFrame()
        header.setStyleSheet("QFrame { background: #1F3A5F; }")
        row = QHBoxLayout(header)
        row.setContentsMargins(12, 6, 12, 6)
        self.counter_name = OneLine(19, 12, bold=True, color=THEME.on_fill, second_color="#B9C9DD")
        self.clerk = OneLine(16, 12, color=THEME.on_fill, second_color="#B9C9DD")
        row.addWidget(self.counter_name)
        row.addStretch(1)
        row.addWidget(self.clerk)
        root.addWidget(header)

        self.fault_banner = Banner("fault")
        self.alert_banner = Banner("alert", C.DISMISS)
        self.alert_banner.dismissed.connect(self.dismiss_alerts)
        root.addWidget(self.fault_banner)
        root.addWidget(self.alert_banner)

        body = QHBoxLayout()
        body.setContentsMargins(10, 8, 10, 4)
        body.setSpacing(10)
        body.addWidget(self.build_ticket(), 3)
        body.addWidget(self.build_side(), 2)
        root.addLayout(body, 1)

        grid = QGridLayout()
        grid.setContentsMargins(10, 4, 10, 4)
        grid.setSpacing(6)
        self.buttons: dict[str, ActionButton] = {}
        for slot, tone in BUTTONS:
            button = ActionButton(tone, 20 if slot == "next" else 16)
            if slot == "next":  # the one pressed most: as tall as both rows
                button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
            button.clicked.connect(lambda _=False, s=slot: self.trigger(s))
            grid.addWidget(button, *GRID[slot], 2 if slot == "next" else 1, 1)
            self.buttons[slot] = button
        for c, stretch in enumerate((6, 5, 5, 5)):
            grid.setColumnStretch(c, stretch)
        root.addLayout(grid)

        self.status = OneLine(13, 11)
        self.status.setContentsMargins(12, 0, 12, 6)
        self.status.set("")
        root.addWidget(self.status)

    def build_ticket(self) -> QFrame:
        card = QFrame()
        card.setObjectName("card")
        card.setStyleSheet(f"QFrame#card {{ background: {THEME.surface}; border: 1px solid {THEME.line};"
                           " border-radius: 8px; }")
        box = QVBoxLayout(card)
        box.setContentsMargins(14, 8, 14, 10)
        box.setSpacing(2)
        self.ticket_number = TwoLines(60, 15, bold=True, align=Qt.AlignmentFlag.AlignCenter)
        self.ticket_service = TwoLines(17, 12, bold=True, align=Qt.AlignmentFlag.AlignCenter, wrap=True)
        self.ticket_category = label(13, True, THEME.on_fill)
        self.ticket_category.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.ticket_category.setStyleSheet(f"color: {THEME.on_fill}; background: {THEME.care}; border-radius: 4px;"
                                           " padding: 2px 8px;")
        self.ticket_times = TwoLines(13, 11, color=THEME.muted, align=Qt.AlignmentFlag.AlignCenter, wrap=True)
        box.addWidget(self.ticket_number)
        box.addWidget(self.ticket_service)
        box.addWidget(self.ticket_category, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addStretch(1)
        box.addWidget(self.ticket_times)
        return card

    def build_side(self) -> QWidget:
        side = QWidget()
        box = QVBoxLayout(side)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        self.waiting_title = OneLine(14, 11, bold=True, color=THEME.muted)
        self.today_title = OneLine(14, 11, bold=True, color=THEME.muted)
        self.waiting_rows, self.today_rows = QGridLayout(), QGridLayout()
        for title, rows in ((self.waiting_title, self.waiting_rows), (self.today_title, self.today_rows)):
            rows.setHorizontalSpacing(8)
            rows.setVerticalSpacing(0)
            box.addWidget(title)
            box.addLayout(rows)
            box.addSpacing(4)
        box.addStretch(1)
        return side

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
            me = reply.body if reply.ok and isinstance(reply.body, dict) else {}
            if reply.status == 401:
                self.fault = C.ERRORS["unauthorized"]
            elif me.get("role") == "counter" and wanted not in (None, me.get("counter")):
                self.fault = T.WRONG_COUNTER.format(n=wanted)
            elif me.get("role") == "counter" or (me.get("role") == "admin" and wanted):
                self.number = me["counter"] if me.get("role") == "counter" else wanted
            else:
                self.fault = T.NOT_A_COUNTER
            self.stats_timer.start()
            self.refresh()

        self.client.get("/whoami", answered)

    def on_event(self, event: dict) -> None:
        if event["type"] == P.ALERT_RAISED:  # raised anew: show it again
            self.dismissed.discard(event["alert"]["id"])
        counter = event.get("counter") or {}
        if event["type"] in (P.TICKET_COMPLETED, P.TICKET_NO_SHOW) and counter.get("number") == self.number:
            self.stats_timer.start()

    def load_stats(self) -> None:
        def loaded(reply: Reply):
            if reply.ok and isinstance(reply.body, dict) and self.number is not None:
                mine = reply.body.get("by_counter", {}).get(str(self.number), {})
                self.stats = {"served": mine.get("served", 0), "avg": mine.get("avg_service_minutes"),
                              "no_shows": reply.body.get("no_shows", {}).get(str(self.number), 0)}
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
                              dismissed=frozenset(self.dismissed), undo=self.undo)
        return counter_view(self.client.state, self.client.office, situation)

    def refresh(self) -> None:
        counter = self.counter_state()
        if self.expected is not None and counter is not None and shown(counter, self.expected):
            self.busy, self.expected = False, None
            self.settle_timer.stop()
        v = self.view()
        lang = self.lang
        self.setWindowTitle(f"{v.title.get(lang)} — Queue Hall")
        self.counter_name.show_text(v.title, lang)
        word = C.CLERK.pair(lang)
        self.clerk.set(f"{word[0]} {v.clerk}", word[1]) if v.clerk else self.clerk.set("")
        self.fault_banner.show_text(v.banner[1] if v.banner else None, lang, v.banner[0] if v.banner else None)
        self.alert_banner.show_text(v.alerts, lang)
        self.ticket_number.first.setFont(font(44 if v.big_role == "warn" else 60, True))
        self.ticket_number.set_colors(ROLE_COLORS[v.big_role], THEME.warn)
        self.ticket_number.show_text(v.big, lang)
        self.ticket_service.show_text(v.detail, lang)
        self.ticket_category.setText(f"{v.category.get(lang)}  {v.category.get('en' if lang != 'en' else 'zh-TW')}"
                                     if v.category else "")
        self.ticket_category.setVisible(v.category is not None)
        self.ticket_times.show_text(v.times, lang)
        self.waiting_title.show_text(C.WAITING, lang)
        self.today_title.show_text(T.TODAY, lang)
        self.fill(self.waiting_rows, v.waiting, 22)
        self.fill(self.today_rows, v.today, 15)
        for b in v.buttons:
            button = self.buttons[b.slot]
            button.set_text(b.label, lang, b.key)
            button.set_tone(b.tone)
            button.setEnabled(b.enabled)

    def fill(self, grid: QGridLayout, rows, value_size: int) -> None:
        """Rows of a name on the left and its value on the right."""
        while grid.count() > 2 * len(rows):
            grid.takeAt(grid.count() - 1).widget().deleteLater()
        for i, row in enumerate(rows):
            if grid.itemAtPosition(i, 0) is None:
                grid.addWidget(OneLine(14, 11), i, 0)
                grid.addWidget(label(value_size, True), i, 1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.itemAtPosition(i, 0).widget().show_text(row.name, self.lang)
            value = grid.itemAtPosition(i, 1).widget()
            value.setText(row.value.get(self.lang))
            value.setStyleSheet(f"color: {ROLE_COLORS[row.role]}; background: transparent;")

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
