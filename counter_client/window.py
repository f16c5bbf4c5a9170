"""The clerk's window: the counter, the citizen being served, the queues, today's figures
and the actions, each a button and a key."""

from __future__ import annotations

import html
from datetime import datetime, timedelta, timezone

from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtWidgets import QDialog, QFrame, QGridLayout, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from counter_client.actions import KEY_NAMES, KEYS, PATHS, WITH_DIALOG, applies, shown
from counter_client.dialogs import CallDialog, PauseDialog, TransferDialog
from counter_client.texts import TEXTS, other
from counter_client.widgets import ActionButton, Banner, OneLine, TwoLines, label
from shared import protocol as P
from shared.client import Reply, ServiceClient
from shared.i18n import ERRORS, pick
from shared.qtfonts import font

# How long an action is retried with the same Idempotency-Key while no answer comes.
RETRY_MS = 60_000
# How long the buttons wait for the state to show an action's answer before giving up on it.
SETTLE_MS = 3000
# Before the first connection, how long "connecting" is shown before "disconnected".
CONNECT_GRACE_MS = 3000
TICK_MS = 15_000

BUTTONS = (  # action, tone, grid row, column
    ("next", "go", 0, 0), ("recall", "plain", 0, 1), ("no_show", "warn", 0, 2), ("complete", "done", 0, 3),
    ("transfer", "plain", 1, 1), ("call", "plain", 1, 2), ("pause", "plain", 1, 3),
)
TONE_OF = {action: tone for action, tone, *_ in BUTTONS}
QUEUE_COLORS = {"care": "#c2185b", "general": "#1565c0"}


def parse_time(text: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


class CounterWindow(QWidget):
    def __init__(self, client: ServiceClient, config: dict):
        super().__init__()
        self.client = client
        self.number: int = config["counter"]
        self.lang: str = config["language"]
        self.fault: str | None = None                # what only the administrator can fix
        self.busy = False                            # an action is in flight
        self.expected: dict | None = None            # its answer, until the state shows it
        self.identity_checked = False
        self.stats: dict | None = None
        self.dismissed: set[int] = set()             # alerts the clerk closed
        self.clock_offset = timedelta(0)             # the service's clock minus ours
        self.dialog: QDialog | None = None
        self.since_start = QElapsedTimer()
        self.since_start.start()

        self.setWindowTitle(f"{TEXTS('counter', 'zh-TW', n=self.number)} — Queue Hall")
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, config["on_top"])
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.resize(600, 420)  # the layout grows it when a banner needs room
        self.setAutoFillBackground(True)
        self.setStyleSheet("CounterWindow { background: #f4f6f8; }")
        self.build()

        self.settle_timer = QTimer(self, singleShot=True, interval=SETTLE_MS, timeout=self.release)
        self.stats_timer = QTimer(self, singleShot=True, interval=200, timeout=self.load_stats)
        self.tick = QTimer(self, interval=TICK_MS, timeout=self.refresh)
        self.tick.start()
        QTimer.singleShot(CONNECT_GRACE_MS, self, self.refresh)

        client.officeLoaded.connect(lambda _office: self.refresh())
        client.connectionChanged.connect(self.on_connection)
        client.stateChanged.connect(lambda _state: self.refresh())
        client.snapshot.connect(self.on_snapshot)
        client.event.connect(self.on_event)
        client.authFailed.connect(lambda _error: self.set_fault("unauthorized"))
        self.refresh()

    # ----- building ----------------------------------------------------------------------

    def build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)

        header = QFrame()
        header.setStyleSheet("QFrame { background: #1f3a5f; }")
        row = QHBoxLayout(header)
        row.setContentsMargins(12, 6, 12, 6)
        self.counter_name = OneLine(19, 12, bold=True, color="#ffffff", second_color="#b9c9dd")
        self.clerk = OneLine(16, 12, color="#ffffff", second_color="#b9c9dd")
        row.addWidget(self.counter_name)
        row.addStretch(1)
        row.addWidget(self.clerk)
        root.addWidget(header)

        self.fault_banner = Banner("fault")
        self.alert_banner = Banner("alert", (TEXTS("dismiss", self.lang), TEXTS("dismiss", other(self.lang))))
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
        for action, tone, r, c in BUTTONS:
            button = ActionButton(tone, 20 if action == "next" else 16)
            if action == "next":  # the one pressed most: as tall as both rows
                button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
            button.clicked.connect(lambda _=False, a=action: self.trigger(self.f7(a)))
            grid.addWidget(button, r, c, 2 if action == "next" else 1, 1)
            self.buttons[action] = button
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
        card.setStyleSheet("QFrame#card { background: #ffffff; border: 1px solid #d5dbe1; border-radius: 8px; }")
        box = QVBoxLayout(card)
        box.setContentsMargins(14, 8, 14, 10)
        box.setSpacing(2)
        self.ticket_number = label(60, True)
        self.ticket_number.setTextFormat(Qt.TextFormat.RichText)
        self.ticket_number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.ticket_service = TwoLines(17, 12, bold=True, align=Qt.AlignmentFlag.AlignCenter, wrap=True)
        self.ticket_category = label(13, True, "#ffffff")
        self.ticket_category.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.ticket_waited = TwoLines(13, 11, color="#455a75", align=Qt.AlignmentFlag.AlignCenter)
        box.addWidget(self.ticket_number)
        box.addWidget(self.ticket_service)
        box.addWidget(self.ticket_category, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addStretch(1)
        box.addWidget(self.ticket_waited)
        return card

    def build_side(self) -> QWidget:
        side = QWidget()
        box = QVBoxLayout(side)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        self.waiting_title = OneLine(14, 11, bold=True, color="#455a75")
        self.waiting_rows = QGridLayout()
        self.waiting_rows.setHorizontalSpacing(8)
        self.waiting_rows.setVerticalSpacing(0)
        self.today_title = OneLine(14, 11, bold=True, color="#455a75")
        self.today_rows = QGridLayout()
        self.today_rows.setHorizontalSpacing(8)
        self.today_rows.setVerticalSpacing(0)
        box.addWidget(self.waiting_title)
        box.addLayout(self.waiting_rows)
        box.addSpacing(4)
        box.addWidget(self.today_title)
        box.addLayout(self.today_rows)
        box.addStretch(1)
        return side

    # ----- what the service says ------------------------------------------------------------

    def counter_state(self) -> dict | None:
        for c in (self.client.state or {}).get("counters", []):
            if c["number"] == self.number:
                return c
        return None

    def office_counter(self) -> dict | None:
        for c in (self.client.office or {}).get("counters", []):
            if c["number"] == self.number:
                return c
        return None

    def on_connection(self, connected: bool) -> None:
        if connected and not self.identity_checked:
            self.check_identity()
        self.refresh()

    def check_identity(self) -> None:
        """Ask the service whether the token acts for this counter before a citizen waits on it."""
        def answered(reply: Reply):
            if reply.unreachable:
                return
            self.identity_checked = True
            if reply.status == 401:
                self.set_fault("unauthorized")
            elif reply.ok:
                me = reply.body or {}
                if me.get("role") == "counter" and me.get("counter") != self.number:
                    self.set_fault("wrong_counter")
                elif me.get("role") not in ("counter", "admin"):
                    self.set_fault("wrong_counter")
                elif self.client.office is not None and self.office_counter() is None:
                    self.set_fault("no_such_counter")

        self.client.get("/whoami", answered)

    def set_fault(self, key: str) -> None:
        self.fault = key
        self.refresh()

    def on_snapshot(self, state: dict) -> None:
        self.set_service_clock(state.get("now"))
        self.stats_timer.start()

    def set_service_clock(self, text: str | None) -> None:
        at = parse_time(text)
        if at is not None:
            self.clock_offset = at - datetime.now(timezone.utc)

    def on_event(self, event: dict) -> None:
        if not event.get("missed"):
            self.set_service_clock(event.get("at"))
        if event["type"] == P.ALERT_RAISED:  # raised anew: show it again
            self.dismissed.discard(event["alert"]["id"])
        counter = event.get("counter") or {}
        if event["type"] in (P.TICKET_COMPLETED, P.TICKET_NO_SHOW) and counter.get("number") == self.number:
            self.stats_timer.start()

    def load_stats(self) -> None:
        def loaded(reply: Reply):
            if reply.ok and isinstance(reply.body, dict):
                mine = reply.body.get("by_counter", {}).get(str(self.number), {})
                self.stats = {"served": mine.get("served", 0), "avg": mine.get("avg_service_minutes"),
                              "no_shows": reply.body.get("no_shows", {}).get(str(self.number), 0)}
                self.refresh()

        self.client.get("/stats", loaded)

    # ----- drawing ---------------------------------------------------------------------------

    def two(self, key: str, **fields) -> tuple[str, str]:
        return TEXTS(key, self.lang, **fields), TEXTS(key, other(self.lang), **fields)

    def names(self, name: dict | str | None) -> tuple[str, str]:
        return pick(name, self.lang), pick(name, other(self.lang))

    def refresh(self) -> None:
        counter = self.counter_state()
        office_counter = self.office_counter()
        if office_counter:
            self.counter_name.set(*self.names(office_counter["name"]))
            self.clerk.set(f"{TEXTS('clerk', self.lang)} {office_counter['clerk']}", TEXTS("clerk", other(self.lang)))
        else:
            self.counter_name.set(*self.two("counter", n=self.number))
            self.clerk.set("")
        if self.client.office is not None and office_counter is None and self.fault is None:
            self.fault = "no_such_counter"
        self.draw_banners()
        self.draw_ticket(counter)
        self.draw_side()
        if self.expected is not None and counter is not None and shown(counter, self.expected):
            self.release()
        self.draw_buttons(counter)

    def draw_banners(self) -> None:
        if self.fault is not None:
            self.fault_banner.set_kind("fault")
            self.fault_banner.show_text(*self.two(self.fault, n=self.number))
        elif not self.client.connected:
            starting = self.client.state is None and self.since_start.elapsed() < CONNECT_GRACE_MS
            self.fault_banner.set_kind("info" if starting else "fault")
            self.fault_banner.show_text(*self.two("connecting" if starting else "disconnected"))
        else:
            self.fault_banner.hide()
        alerts = [a for a in (self.client.state or {}).get("alerts", [])
                  if a["id"] not in self.dismissed]
        if alerts:
            self.alert_banner.show_text("；".join(pick(a["message"], self.lang) for a in alerts),
                                        "; ".join(pick(a["message"], other(self.lang)) for a in alerts))
        else:
            self.alert_banner.hide()

    def dismiss_alerts(self) -> None:
        """Hide the alerts shown now; a new one (or the same one raised again) shows again."""
        for a in (self.client.state or {}).get("alerts", []):
            self.dismissed.add(a["id"])
        self.alert_banner.hide()

    def draw_ticket(self, counter: dict | None) -> None:
        ticket = counter["ticket"] if counter else None
        self.ticket_category.hide()
        if counter is not None and counter["status"] == "paused":
            self.show_big(TEXTS("paused", self.lang), "#8a4b00", 44, TEXTS("paused", other(self.lang)))
            self.ticket_service.set(counter.get("reason") or "")
            self.ticket_waited.set(*self.two("paused_hint"))
        elif ticket is None:
            self.show_big("—", "#b0bac4", 60)
            if counter is None:
                self.ticket_service.set("")
                self.ticket_waited.set("")
            else:
                self.ticket_service.set(*self.two("idle"))
                self.ticket_waited.set(*(self.two("idle_hint") if self.fault is None else ("",)))
        else:
            self.show_big(ticket["number"], QUEUE_COLORS.get(ticket["queue"], "#1f2d3d"), 60)
            self.ticket_service.set(*self.names(self.service_name(ticket["service"])))
            if ticket.get("category"):
                first, second = self.names(self.category_name(ticket["category"]))
                self.ticket_category.setText(f" {first}  {second} ")
                self.ticket_category.setStyleSheet("color: #ffffff; background: #c2185b; border-radius: 4px;"
                                                   " padding: 2px 8px;")
                self.ticket_category.show()
            first, second = self.two("waited", m=self.minutes_since(ticket["issued_at"]))
            if ticket.get("recalls"):
                first += "・" + TEXTS("recalled", self.lang, n=ticket["recalls"])
                second += " · " + TEXTS("recalled", other(self.lang), n=ticket["recalls"])
            self.ticket_waited.set(f"{first}  ·  {second}")  # one line leaves room for a banner

    def show_big(self, text: str, color: str, size: int, second: str = "") -> None:
        if second:
            text += f"<div style='font-size: 15px; font-weight: normal;'>{html.escape(second)}</div>"
        self.ticket_number.setText(text)
        self.ticket_number.setFont(font(size, True))
        self.ticket_number.setStyleSheet(f"color: {color}; background: transparent;")

    def service_name(self, service_id: str) -> dict | str:
        for s in (self.client.office or {}).get("services", []):
            if s["id"] == service_id:
                return s["name"]
        return service_id

    def category_name(self, category_id: str) -> dict | str:
        for c in (self.client.office or {}).get("categories", []):
            if c["id"] == category_id:
                return c["name"]
        return category_id

    def minutes_since(self, iso: str | None) -> int:
        then = parse_time(iso)
        if then is None:
            return 0
        now = datetime.now(timezone.utc) + self.clock_offset
        return max(0, int((now - then).total_seconds() // 60))

    def draw_side(self) -> None:
        self.waiting_title.set(*self.two("waiting"))
        waiting = (self.client.state or {}).get("waiting", {})
        queues = (self.client.office or {}).get("queues", [])
        rows = [(self.names(q["name"]), waiting.get(q["id"]), QUEUE_COLORS.get(q["id"], "#1f2d3d"))
                for q in queues]
        self.fill(self.waiting_rows, rows, 22)
        self.today_title.set(*self.two("today"))
        s = self.stats
        avg = s["avg"] if s and s["avg"] is not None else None
        self.fill(self.today_rows, [
            (self.two("served"), s["served"] if s else None, "#1f2d3d"),
            (self.two("avg_service"), TEXTS("minutes", self.lang, m=avg) if avg is not None else None, "#1f2d3d"),
            (self.two("no_shows"), s["no_shows"] if s else None, "#8a4b00"),
        ], 15)

    def fill(self, grid: QGridLayout, rows: list, value_size: int) -> None:
        """Rows of (name in two languages, value): a name on the left, its value on the right."""
        while grid.count() > 2 * len(rows):
            item = grid.takeAt(grid.count() - 1)
            item.widget().deleteLater()
        for i, ((first, second), value, color) in enumerate(rows):
            if grid.itemAtPosition(i, 0) is None:
                grid.addWidget(OneLine(14, 11), i, 0)
                grid.addWidget(label(value_size, True), i, 1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.itemAtPosition(i, 0).widget().set(first, second)
            number = grid.itemAtPosition(i, 1).widget()
            number.setText("—" if value is None else str(value))
            number.setStyleSheet(f"color: {color}; background: transparent;")

    def draw_buttons(self, counter: dict | None) -> None:
        paused = counter is not None and counter["status"] == "paused"
        for action, button in self.buttons.items():
            shown_action = "resume" if action == "pause" and paused else action
            first, second = self.two(shown_action)
            button.set_text(first, second, KEY_NAMES[shown_action])
            button.set_tone("go" if shown_action == "resume" else TONE_OF[action])
            button.setEnabled(self.can(shown_action))

    # ----- acting ----------------------------------------------------------------------------

    def can(self, action: str) -> bool:
        counter = self.counter_state()
        return (not self.busy and self.dialog is None and self.fault is None and self.client.connected
                and counter is not None and applies(action, counter))

    def f7(self, action: str) -> str:
        """The F7 button and key resume a paused counter and pause an open one."""
        counter = self.counter_state()
        if action == "pause" and counter is not None and counter["status"] == "paused":
            return "resume"
        return action

    def keyPressEvent(self, event) -> None:
        action = KEYS.get(event.key())
        if action is None:
            super().keyPressEvent(event)
            return
        if not event.isAutoRepeat():  # holding Enter down is one press
            self.trigger(self.f7(action))
        event.accept()

    def trigger(self, action: str) -> None:
        if not self.can(action):
            return
        if action not in WITH_DIALOG:
            self.send(action)
            return
        counter = self.counter_state()
        if action == "transfer":
            dialog = TransferDialog(self, self.lang, self.client.office or {}, counter["ticket"], self.number)
            dialog.accepted.connect(lambda: self.send("transfer", dialog.choice))
        elif action == "call":
            prefixes = [q["prefix"] for q in (self.client.office or {}).get("queues", [])]
            dialog = CallDialog(self, self.lang, prefixes)
            dialog.accepted.connect(lambda: self.send("call", {"number": dialog.number}))
        else:
            dialog = PauseDialog(self, self.lang)
            dialog.accepted.connect(lambda: self.send("pause", {"reason": dialog.reason}))
        dialog.finished.connect(lambda _result: self.close_dialog(dialog))
        self.dialog = dialog
        self.draw_buttons(counter)
        dialog.open()

    def close_dialog(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
        self.refresh()

    def send(self, action: str, body: dict | None = None) -> None:
        self.dialog = None  # the dialog that asked is done
        if not self.can(action):
            self.say(self.two("not_now"), ok=False)
            return
        self.busy = True
        self.say(self.two("working"))
        self.draw_buttons(self.counter_state())
        self.client.post(f"/counters/{self.number}/{PATHS[action]}", body,
                         lambda reply: self.answered(action, reply), retry_ms=RETRY_MS)

    def answered(self, action: str, reply: Reply) -> None:
        if reply.ok and isinstance(reply.body, dict):
            self.say(self.outcome(action, reply.body))
            self.expected = reply.body
            self.settle_timer.start()
            self.refresh()
            return
        self.busy = False
        if reply.unreachable:
            self.say(self.two("not_confirmed"), ok=False)
        else:
            code = reply.error_code if reply.error_code in ERRORS.table else "conflict"
            self.say((ERRORS(code, self.lang), f"{ERRORS(code, other(self.lang))}: {reply.message}"), ok=False)
            if reply.status in (401, 403):
                self.set_fault("unauthorized" if reply.status == 401 else "wrong_counter")
        self.refresh()

    def release(self) -> None:
        """The action is over: its answer is in the state, or it took too long to show."""
        self.busy = False
        self.expected = None
        self.settle_timer.stop()
        self.draw_buttons(self.counter_state())

    def outcome(self, action: str, answer: dict) -> tuple[str, str]:
        ticket = answer.get("ticket") or {}
        number = ticket.get("number", "")
        if action == "next" and not ticket:
            return self.two("did_next_none")
        if action == "transfer":
            if ticket.get("target_counter"):
                target = next((c["name"] for c in (self.client.office or {}).get("counters", [])
                               if c["number"] == ticket["target_counter"]), str(ticket["target_counter"]))
            else:
                target = self.service_name(ticket.get("service", ""))
            first, second = self.names(target)
            return (TEXTS("did_transfer", self.lang, number=number, target=first),
                    TEXTS("did_transfer", other(self.lang), number=number, target=second))
        return self.two(f"did_{action}", number=number)

    def say(self, text: tuple[str, str], ok: bool = True) -> None:
        self.status.set_colors("#1f2d3d" if ok else "#c62828", "#5b6b7b" if ok else "#c62828")
        self.status.set(*text)
