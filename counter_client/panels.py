"""The parts of the counter window, each drawing its piece of a `CounterView`: the header
(counter and clerk), the ticket card, the figures (waiting, today) and the action buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from counter_client.view import BUTTONS, CounterView
from counter_client.widgets import THEME, ActionButton, OneLine, TwoLines, label
from shared import catalogue as C
from shared.catalogue import counter as T
from shared.qt.fonts import font

ROLE_COLORS = {"warn": THEME.warn, "muted": "#B0BAC4", "care": THEME.care_text, "accent": THEME.accent,
               "text": THEME.text}
GRID = {"next": (0, 0), "recall": (0, 1), "no_show": (0, 2), "complete": (0, 3),
        "transfer": (1, 1), "call": (1, 2), "pause": (1, 3)}


class Header(QFrame):
    signIn = Signal()  # the clerk asks to sign in (or out) at this counter

    def __init__(self):
        super().__init__()
        self.setStyleSheet("QFrame { background: #1F3A5F; }")
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 12, 6)
        self.counter_name = OneLine(19, 12, bold=True, color=THEME.on_fill, second_color="#B9C9DD")
        self.clerk = OneLine(16, 12, color=THEME.on_fill, second_color="#B9C9DD")
        self.sign_in = QPushButton("簽到 Sign in")
        self.sign_in.setFont(font(11))
        self.sign_in.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys stay the counter's actions
        self.sign_in.setStyleSheet("QPushButton { color: #ffffff; background: transparent; border: 1px solid "
                                   "#6F8DB3; border-radius: 4px; padding: 2px 8px; }")
        self.sign_in.clicked.connect(self.signIn)
        row.addWidget(self.counter_name)
        row.addStretch(1)
        row.addWidget(self.clerk)
        row.addWidget(self.sign_in)

    def show_view(self, v: CounterView, lang: str) -> None:
        self.counter_name.show_text(v.title, lang)
        word, second = C.CLERK.pair(lang)
        self.clerk.set(f"{word} {v.clerk}", second) if v.clerk else self.clerk.set("")


class TicketCard(QFrame):
    """The citizen at the counter: the number, the service, the category, the times."""

    def __init__(self):
        super().__init__()
        self.setObjectName("card")
        self.setStyleSheet(f"QFrame#card {{ background: {THEME.surface}; border: 1px solid {THEME.line};"
                           " border-radius: 8px; }")
        box = QVBoxLayout(self)
        box.setContentsMargins(14, 8, 14, 10)
        box.setSpacing(2)
        self.number = TwoLines(60, 15, bold=True, align=Qt.AlignmentFlag.AlignCenter)
        self.service = TwoLines(17, 12, bold=True, align=Qt.AlignmentFlag.AlignCenter, wrap=True)
        self.category = label(13, True, THEME.on_fill)
        self.category.setStyleSheet(f"color: {THEME.on_fill}; background: {THEME.care}; border-radius: 4px;"
                                    " padding: 2px 8px;")
        self.booked = label(13, True, THEME.on_fill)   # the citizen booked: 預約, the slot and the note
        self.booked.setObjectName("booked")
        self.booked.setStyleSheet(f"color: {THEME.on_fill}; background: {THEME.accent}; border-radius: 4px;"
                                  " padding: 2px 8px;")
        self.times = TwoLines(13, 11, color=THEME.muted, align=Qt.AlignmentFlag.AlignCenter, wrap=True)
        self.steps = TwoLines(12, 10, color=THEME.text, align=Qt.AlignmentFlag.AlignCenter, wrap=True)
        box.addWidget(self.number)
        box.addWidget(self.service)
        box.addWidget(self.category, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addWidget(self.booked, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addWidget(self.steps)
        box.addStretch(1)
        box.addWidget(self.times)

    def show_view(self, v: CounterView, lang: str) -> None:
        self.number.first.setFont(font(44 if v.big_role == "warn" else 60, True))
        self.number.set_colors(ROLE_COLORS[v.big_role], THEME.warn)
        self.number.show_text(v.big, lang)
        self.service.show_text(v.detail, lang)
        self.category.setText("  ".join(v.category.pair(lang)) if v.category else "")
        self.category.setVisible(v.category is not None)
        self.booked.setText("  ".join(dict.fromkeys(v.booked.pair(lang))) if v.booked else "")
        self.booked.setVisible(v.booked is not None)
        self.times.show_text(v.times, lang)
        self.steps.set(v.next_steps.get(lang) if v.next_steps else "")  # one language: the card is small
        self.steps.setVisible(v.next_steps is not None)


class Figures(QWidget):
    """How many wait in each of the office's queues, and this counter's day."""

    def __init__(self):
        super().__init__()
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        self.waiting_title = OneLine(14, 11, bold=True, color=THEME.muted)
        self.today_title = OneLine(14, 11, bold=True, color=THEME.muted)
        self.waiting_rows, self.today_rows = QGridLayout(), QGridLayout()
        self.upcoming_title = OneLine(11, 9, color=THEME.muted)
        self.upcoming = [label(12, True, THEME.accent) for _ in range(3)]  # one line per queue
        for title, rows in ((self.waiting_title, self.waiting_rows), (self.today_title, self.today_rows)):
            rows.setHorizontalSpacing(8)
            rows.setVerticalSpacing(0)
            box.addWidget(title)
            box.addLayout(rows)
            if rows is self.waiting_rows:
                box.addWidget(self.upcoming_title)
                for line in self.upcoming:
                    box.addWidget(line)
            box.addSpacing(4)
        box.addStretch(1)

    def show_view(self, v: CounterView, lang: str) -> None:
        self.waiting_title.show_text(C.WAITING, lang)
        self.today_title.show_text(T.TODAY, lang)
        fill(self.waiting_rows, v.waiting, 22, lang)
        self.upcoming_title.show_text(T.UPCOMING, lang)
        self.upcoming_title.setVisible(bool(v.upcoming))
        for i, line in enumerate(self.upcoming):  # one language: the column is narrow
            line.setText(v.upcoming[i].get(lang) if i < len(v.upcoming) else "")
            line.setVisible(i < len(v.upcoming))
        fill(self.today_rows, v.today, 15, lang)


def fill(grid: QGridLayout, rows, value_size: int, lang: str) -> None:
    """Rows of a name on the left and its value on the right."""
    while grid.count() > 2 * len(rows):
        grid.takeAt(grid.count() - 1).widget().deleteLater()
    for i, row in enumerate(rows):
        if grid.itemAtPosition(i, 0) is None:
            grid.addWidget(OneLine(14, 11), i, 0)
            grid.addWidget(label(value_size, True), i, 1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        grid.itemAtPosition(i, 0).widget().show_text(row.name, lang)
        value = grid.itemAtPosition(i, 1).widget()
        value.setText(row.value.get(lang))
        value.setStyleSheet(f"color: {ROLE_COLORS[row.role]}; background: transparent;")


class ActionGrid(QWidget):
    """The action buttons; Next, pressed most, as tall as both rows."""

    pressed = Signal(str)  # the button's slot

    def __init__(self):
        super().__init__()
        grid = QGridLayout(self)
        grid.setContentsMargins(10, 4, 10, 4)
        grid.setSpacing(6)
        self.buttons: dict[str, ActionButton] = {}
        for slot, tone in BUTTONS:
            button = ActionButton(tone, 20 if slot == "next" else 16)
            if slot == "next":
                button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
            button.clicked.connect(lambda _=False, s=slot: self.pressed.emit(s))
            grid.addWidget(button, *GRID[slot], 2 if slot == "next" else 1, 1)
            self.buttons[slot] = button
        for c, stretch in enumerate((6, 5, 5, 5)):
            grid.setColumnStretch(c, stretch)

    def show_view(self, v: CounterView, lang: str) -> None:
        for b in v.buttons:
            button = self.buttons[b.slot]
            button.set_text(b.label, lang, b.key)
            button.set_tone(b.tone)
            button.setEnabled(b.enabled)
