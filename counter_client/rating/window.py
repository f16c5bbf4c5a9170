"""The rating pad's window: it follows the service's events for its counter, steps the pad
(`flow`), draws what `view.pad_view` computes and sends the citizen's answer (`Outbox`).

Rules: the counter comes from the token (GET /whoami); only this counter's events move the
pad (events replayed after a reconnection only when they are recent enough to still ask);
a touch or key within `touch_gap_seconds` of a new screen is ignored (a double tap must not
answer two screens); a held key acts once. Keys: 5 非常滿意, 4 滿意, 3 普通, 2 不滿意,
1 非常不滿意 (the digits of the main keyboard and the keypad alike); on the reasons screen
Enter sends and Esc skips."""

from __future__ import annotations

import time
from dataclasses import replace

from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from counter_client.identity import counter_from_whoami
from counter_client.rating import flow
from counter_client.rating.config import RatingSettings
from counter_client.rating.outbox import Outbox
from counter_client.rating.view import PadView, find, pad_view
from counter_client.rating.widgets import THEME, ActionButton, Bilingual, ChipButton, FaceButton, ThanksMark, label
from shared import catalogue as C
from shared import protocol as P
from shared.catalogue import rating as R
from shared.client import Reply, ServiceClient
from shared.hall import RATING_REASONS
from shared.i18n import Text
from shared.qt.clock import ServiceClock
from shared.qt.connection import Connection
from shared.qt.fonts import font
from shared.tickets import format_number

WHOAMI_RETRY_MS = 2000
BASE = (1280, 800)       # the layout's sizes are for this screen and scale with the window
KEYS = {Qt.Key.Key_1: 1, Qt.Key.Key_2: 2, Qt.Key.Key_3: 3, Qt.Key.Key_4: 4, Qt.Key.Key_5: 5}
PAGES = {flow.IDLE: 0, flow.QUESTION: 1, flow.REASONS: 2, flow.THANKS: 3}


def one_line(text: Text, lang: str, sep: str = "  ") -> str:
    """Both languages on one line, `lang` first."""
    first, second = text.pair(lang)
    return first if first == second or not second else f"{first}{sep}{second}"


class RatingWindow(QWidget):
    def __init__(self, client: ServiceClient, settings: RatingSettings):
        super().__init__()
        self.client, self.settings, self.lang = client, settings, settings.language
        self.timings = settings.timings
        self.pad = flow.Pad()
        self.number: int | None = None            # from /whoami
        self.identity_checked = False
        self.fault: Text | None = None
        self.view: PadView | None = None
        self.clock = ServiceClock(client, self)
        self.connection = Connection(client, parent=self)
        self.outbox = Outbox(client, self)
        self.since_screen = QElapsedTimer()
        self.since_screen.start()
        self.screen_timer = QTimer(self, singleShot=True, timeout=self.expire)
        self.whoami_timer = QTimer(self, singleShot=True, interval=WHOAMI_RETRY_MS, timeout=self.check_identity)
        self.scaled: list[QLabel] = []

        self.setWindowTitle("queue-rating")
        self.setAutoFillBackground(True)
        self.setStyleSheet(f"RatingWindow {{ background: {THEME.background}; }}")
        if settings.keypad:
            self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        else:  # the counter PC's second monitor: never take the clerk's keyboard
            self.setWindowFlag(Qt.WindowType.WindowDoesNotAcceptFocus, True)
            self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.resize(*BASE)
        self.build()

        self.connection.changed.connect(self.on_connection)
        client.officeLoaded.connect(lambda _office: self.refresh())
        client.stateChanged.connect(lambda _state: self.refresh())
        client.event.connect(self.on_event)
        self.refresh()

    # ----- building ----------------------------------------------------------------------

    def keep(self, *labels: QLabel) -> None:
        """Labels whose font follows the window's size."""
        self.scaled.extend(labels)

    def build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        self.stack = QStackedWidget()
        for page in (self.build_idle(), self.build_question(), self.build_reasons(), self.build_thanks()):
            self.stack.addWidget(page)
        root.addWidget(self.stack, 1)
        self.status = label(20, role="muted", align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                            wrap=False)
        self.status.setContentsMargins(16, 4, 20, 10)
        self.keep(self.status)
        root.addWidget(self.status)

    @staticmethod
    def page() -> tuple[QWidget, QVBoxLayout]:
        w = QWidget()
        layout = QVBoxLayout(w)
        layout.setContentsMargins(40, 28, 40, 8)
        layout.setSpacing(12)
        return w, layout

    def build_idle(self) -> QWidget:
        w, layout = self.page()
        self.office_name = label(28, role="muted")
        self.counter_name = Bilingual(132, 48)
        self.clerk_title = label(34, role="muted")
        self.clerk_name = label(88, bold=True)
        self.paused = label(40, bold=True, role="warn")
        self.paused.setStyleSheet(f"color: {THEME.warn}; background: {THEME.warn_light}; border-radius: 16px;"
                                  " padding: 8px 32px;")
        self.keep(self.office_name, *self.counter_name.labels(), self.clerk_title, self.clerk_name, self.paused)
        layout.addWidget(self.office_name)
        layout.addStretch(3)
        layout.addWidget(self.counter_name)
        layout.addStretch(2)
        layout.addWidget(self.clerk_title)
        layout.addWidget(self.clerk_name)
        layout.addStretch(2)
        layout.addWidget(self.paused, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
        return w

    def build_question(self) -> QWidget:
        w, layout = self.page()
        self.served = label(28, role="muted")
        self.question = Bilingual(68, 34)
        self.keep(self.served, *self.question.labels())
        layout.addWidget(self.served)
        layout.addStretch(1)
        layout.addWidget(self.question)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(18)
        self.faces: dict[int, FaceButton] = {}
        for score in flow.SCORES:
            button = FaceButton(score, (score - 3) / 2)
            button.clicked.connect(lambda _=False, s=score: self.choose(s))
            row.addWidget(button)
            self.faces[score] = button
        layout.addLayout(row, 8)
        layout.addStretch(1)
        return w

    def build_reasons(self) -> QWidget:
        w, layout = self.page()
        self.reasons_title = Bilingual(60, 30)
        self.reasons_hint = label(26, role="muted")
        self.keep(*self.reasons_title.labels(), self.reasons_hint)
        layout.addWidget(self.reasons_title)
        layout.addWidget(self.reasons_hint)
        layout.addStretch(1)
        grid = QGridLayout()
        grid.setSpacing(18)
        self.chips: dict[str, ChipButton] = {}
        for i, reason in enumerate(RATING_REASONS):
            chip = ChipButton(reason)
            chip.clicked.connect(lambda _=False, r=reason: self.toggle(r))
            grid.addWidget(chip, i // 4, i % 4)
            self.chips[reason] = chip
        layout.addLayout(grid, 6)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(24)
        self.skip_button = ActionButton(main=False)
        self.send_button = ActionButton(main=True)
        self.skip_button.clicked.connect(self.skip)
        self.send_button.clicked.connect(self.send)
        row.addStretch(1)
        row.addWidget(self.skip_button, 3)
        row.addWidget(self.send_button, 4)
        row.addStretch(1)
        layout.addLayout(row, 3)
        return w

    def build_thanks(self) -> QWidget:
        w, layout = self.page()
        self.mark = ThanksMark()
        self.thanks = Bilingual(64, 32)
        self.steps_title = Bilingual(34, 22, role="accent", align=Qt.AlignmentFlag.AlignLeft, spacing=0)
        self.keep(*self.thanks.labels(), *self.steps_title.labels())
        layout.addStretch(1)
        layout.addWidget(self.mark)
        layout.addWidget(self.thanks)
        self.steps_card = QWidget()
        self.steps_card.setObjectName("steps")
        self.steps_card.setStyleSheet(f"QWidget#steps {{ background: {THEME.surface}; border: 2px solid {THEME.line};"
                                      " border-radius: 18px; }")
        self.steps_layout = QVBoxLayout(self.steps_card)
        self.steps_layout.setContentsMargins(36, 16, 36, 20)
        self.steps_layout.setSpacing(12)
        self.steps_layout.addWidget(self.steps_title)
        self.steps: list[tuple[QLabel, Bilingual]] = []
        layout.addSpacing(8)
        layout.addWidget(self.steps_card)
        layout.addStretch(1)
        return w

    def step_rows(self, count: int) -> None:
        """As many rows for next steps as the service has."""
        while len(self.steps) < count:
            row = QHBoxLayout()
            row.setSpacing(18)
            bullet = label(30, bold=True, role="on_fill")
            bullet.setStyleSheet(f"color: {THEME.on_fill}; background: {THEME.accent}; border-radius: 8px;")
            text = Bilingual(34, 22, bold=False, align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             spacing=0)
            row.addWidget(bullet, 0, Qt.AlignmentFlag.AlignTop)
            row.addWidget(text, 1)
            self.steps_layout.addLayout(row)
            self.steps.append((bullet, text))
            self.keep(bullet, *text.labels())
            self.rescale()
        for i, (bullet, text) in enumerate(self.steps):
            bullet.setVisible(i < count)
            text.setVisible(i < count)

    # ----- sizes --------------------------------------------------------------------------

    def unit(self) -> float:
        return max(0.45, min(self.width() / BASE[0], self.height() / BASE[1]))

    def rescale(self) -> None:
        u = self.unit()
        for w in self.scaled:
            w.setFont(font(round(w.base_px * u), w.bold))
        side = round(44 * u)
        for bullet, _ in self.steps:
            bullet.setFixedSize(side, side)
        self.mark.setFixedHeight(round(110 * u))
        self.fit_thanks()

    def fit_thanks(self) -> None:
        """Next steps on a small screen matter more than the face over the thanks."""
        self.mark.setVisible(not (self.view and self.view.next_steps) or self.height() >= 0.9 * BASE[1])

    def resizeEvent(self, event) -> None:
        self.rescale()
        super().resizeEvent(event)

    # ----- what the service says -----------------------------------------------------------

    def ready(self) -> bool:
        """Everything the pad shows has come in, or there is a fault to show."""
        return self.fault is not None or self.connection.status == "refused" or (
            self.client.office is not None and self.client.state is not None and self.identity_checked)

    def on_connection(self, status: str) -> None:
        if status == "online" and not self.identity_checked:
            self.check_identity()
        self.refresh()

    def check_identity(self) -> None:
        """Which counter the token rates for; a configured counter only checks it."""
        wanted = self.settings.counter

        def answered(reply: Reply):
            if reply.unreachable or reply.status == 503:
                self.whoami_timer.start()
                return
            self.identity_checked = True
            number, why = counter_from_whoami(reply.status, reply.body, "rating", wanted)
            if why is None:
                self.number = number
            else:
                self.fault = {"unauthorized": C.ERRORS["unauthorized"], "wrong_role": R.NOT_A_PAD,
                              "wrong_counter": R.WRONG_COUNTER.format(n=wanted)}[why]
            self.refresh()

        self.client.get("/whoami", answered)

    def on_event(self, event: dict) -> None:
        if self.number is None:
            return
        ticket = event.get("ticket") or {}
        counter = (event.get("counter") or {}).get("number", ticket.get("counter"))
        if counter != self.number:
            return
        if event.get("missed"):  # replayed after a reconnection: only if the citizen may still be there
            age = self.clock.seconds_since(event.get("at"))
            if age is None or age > self.timings.question:
                return
        kind = event.get("type")
        if kind == P.TICKET_COMPLETED and isinstance(ticket.get("id"), int):
            served = flow.Served(ticket["id"], str(ticket.get("number") or ""), str(ticket.get("service") or ""))
            self.step(flow.completed(self.pad, served, self.now(), self.timings))
        elif kind == P.TICKET_CALLED:
            self.step(flow.called(self.pad))
        elif kind == P.TICKET_RATED and isinstance(ticket.get("id"), int):
            self.step(flow.rated(self.pad, ticket["id"]))

    # ----- the citizen --------------------------------------------------------------------

    @staticmethod
    def now() -> float:
        return time.monotonic()

    def touchable(self) -> bool:
        return self.since_screen.elapsed() >= self.settings.touch_gap_seconds * 1000

    def choose(self, score: int) -> None:
        if self.touchable():
            self.step(*flow.choose(self.pad, score, self.now(), self.timings))

    def toggle(self, reason: str) -> None:
        if self.touchable():
            self.step(flow.toggle(self.pad, reason, self.now(), self.timings))
        else:
            self.refresh()  # a checkable chip toggled itself: draw it as the pad has it

    def send(self) -> None:
        if self.touchable():
            self.step(*flow.send(self.pad, self.now(), self.timings))

    def skip(self) -> None:
        if self.touchable():
            self.step(*flow.skip(self.pad, self.now(), self.timings))

    def expire(self) -> None:
        self.step(*flow.expire(self.pad, self.now()))

    def keyPressEvent(self, event) -> None:
        if event.isAutoRepeat():
            return
        key = event.key()
        if key in KEYS and self.pad.screen == flow.QUESTION:
            self.choose(KEYS[key])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.pad.screen == flow.REASONS:
            self.send()
        elif key == Qt.Key.Key_Escape and self.pad.screen == flow.REASONS:
            self.skip()
        else:
            super().keyPressEvent(event)

    def step(self, pad: flow.Pad, answer: flow.Answer | None = None) -> None:
        """The pad's next state: send the answer it gave, time its screen, draw it."""
        if answer is not None and self.number is not None and answer.ticket is not None:
            self.outbox.send(self.number, answer)
        if pad.screen != self.pad.screen or pad.ticket != self.pad.ticket:
            self.since_screen.restart()
        self.pad = pad
        self.screen_timer.stop()
        if pad.deadline is not None:
            self.screen_timer.start(max(0, int((pad.deadline - self.now()) * 1000)))
        self.refresh()

    def preview(self, screen: str, service: str) -> None:
        """Shows `screen` as after a ticket of `service` was completed here, for screenshots:
        the reasons with one chosen, the thanks after 滿意. Nothing is sent; nothing times out."""
        office = self.client.office or {}
        found = find(office.get("services"), "id", service) or {}
        queue = find(office.get("queues"), "id", found.get("queue")) or {}
        ticket = flow.Served(0, format_number(queue.get("prefix", "A"), 1), service)
        pad = flow.Pad(flow.QUESTION, ticket)
        if screen == flow.REASONS:
            pad = replace(pad, screen=flow.REASONS, score=2, reasons=(RATING_REASONS[0],))
        elif screen == flow.THANKS:
            pad = replace(pad, screen=flow.THANKS, score=4)
        elif screen == flow.IDLE:
            pad = flow.Pad()
        self.step(pad)

    # ----- drawing ------------------------------------------------------------------------

    def counter_fault(self) -> Text | None:
        office = self.client.office
        if self.fault is None and office is not None and self.number is not None \
                and find(office.get("counters"), "number", self.number) is None:
            return R.NO_SUCH_COUNTER.format(n=self.number)
        return self.fault

    def refresh(self) -> None:
        v = pad_view(self.pad, self.client.office, self.client.state, self.number or self.settings.counter,
                     self.connection.status, self.counter_fault())
        self.view = v
        lang = self.lang
        self.stack.setCurrentIndex(PAGES[v.screen])
        self.status.setText(v.status.get(lang) if v.status else "")
        self.status.setStyleSheet(f"color: {THEME.fault if v.status_role == 'fault' else THEME.muted};"
                                  " background: transparent;")

        self.office_name.setText(v.office.get(lang))
        self.counter_name.set(v.counter, lang)
        self.clerk_title.setText(one_line(C.CLERK, lang) if v.clerk else "")
        self.clerk_name.setText(v.clerk)
        self.paused.setText(one_line(C.PAUSED, lang))
        self.paused.setVisible(v.paused)

        self.served.setText(one_line(v.served, lang, "  ·  ") if v.served else "")
        self.question.set(R.QUESTION, lang)
        widest = tuple(max((c.label.pair(lang)[i] for c in v.choices), key=len) for i in (0, 1))
        for choice in v.choices:
            self.faces[choice.score].set_text(choice.label, lang)
            self.faces[choice.score].widest = widest

        self.reasons_title.set(R.REASONS_TITLE, lang)
        self.reasons_hint.setText(one_line(R.REASONS_HINT, lang, "  ·  "))
        for chip in v.chips:
            button = self.chips.get(chip.reason)
            if button is not None:
                button.set_text(chip.label, lang)
                button.setChecked(chip.chosen)
        self.send_button.set_text(R.SEND, lang)
        self.skip_button.set_text(R.SKIP, lang)

        self.thanks.set(R.THANKS, lang)
        self.steps_title.set(v.steps_title, lang)
        self.step_rows(len(v.next_steps))
        for i, step in enumerate(v.next_steps):
            bullet, text = self.steps[i]
            bullet.setText(str(i + 1))
            text.set(step, lang)
        self.steps_card.setVisible(bool(v.next_steps))
        self.fit_thanks()
