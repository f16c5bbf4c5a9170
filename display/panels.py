"""The parts of the hall screen. Sizes are pixels on a 1920×1080 screen; `rescale(s)`
follows a window of another size. Dark background, light text, yellow numbers: readable
from across the hall."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFontMetricsF, QPainter
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from display.texts import TEXTS
from shared.qtfonts import font

BG = "#0a1222"
CARD = "#131f36"
EDGE = "#24355a"
TEXT = "#f4f6fb"
MUTED = "#9fb0cc"
NUMBER = "#ffd23f"
GENERAL = "#4d8dff"
CARE = "#ff8fb1"
PAUSED = "#ffb547"
BAD = "#e5484d"
HOT_BG = "#ffd23f"
HOT_TEXT = "#16120a"
TICKER_BG = "#11294d"

CENTER = Qt.AlignmentFlag.AlignCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def rescale_all(root: QWidget, scale: float) -> None:
    for widget in (root, *root.findChildren(QWidget)):
        if hasattr(widget, "rescale"):
            widget.rescale(scale)


class Label(QLabel):
    """A line of text whose size follows the screen. A long text is cut rather than
    allowed to push the layout wider than the screen."""

    def __init__(self, text: str = "", px: int = 32, bold: bool = False, color: str = TEXT,
                 align=LEFT):
        super().__init__(text)
        self.px = px
        self.bold = bold
        self.setAlignment(align)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.set_color(color)
        self.rescale(1.0)

    def set_color(self, color: str) -> None:
        self.setStyleSheet(f"color: {color}; background: transparent;")

    def rescale(self, scale: float) -> None:
        self.setFont(font(self.px * scale, self.bold))
        self.setFixedHeight(int(self.fontMetrics().height() * 1.02))


class Pill(Label):
    """A small coloured mark with rounded ends (the "reconnecting" sign)."""

    def __init__(self, text: str, px: int, background: str):
        self.background = background
        super().__init__(text, px, True, "#ffffff", CENTER)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def rescale(self, scale: float) -> None:
        super().rescale(scale)
        pad = int(self.px * scale * 0.6)
        self.setStyleSheet(f"color: #ffffff; background: {self.background}; "
                           f"border-radius: {self.height() // 2}px; padding: 0 {pad}px;")
        self.setFixedWidth(self.fontMetrics().horizontalAdvance(self.text()) + 2 * pad + 4)


class FitText(QWidget):
    """One line drawn as large as its box allows, up to `max_px`; a long text shrinks
    instead of being cut. A `snug` text (a ticket number) is fitted by its own glyphs,
    so digits 250 px tall need no room for the font's much taller line box; other texts
    are fitted by a sample with ascenders and descenders, so that texts in boxes of one
    size get one size and one baseline."""

    SAMPLE = "國Ag(|"

    def __init__(self, text: str = "", max_px: int = 100, bold: bool = True, color: str = NUMBER,
                 align=CENTER, grow: bool = False, snug: bool = False):
        super().__init__()
        self._text = text
        self.max_px = max_px
        self.bold = bold
        self.color = color
        self.align = align
        self.grow = grow
        self.snug = snug
        self.scale = 1.0
        vertical = QSizePolicy.Policy.Expanding if grow else QSizePolicy.Policy.Fixed
        self.setSizePolicy(QSizePolicy.Policy.Ignored, vertical)
        self.rescale(1.0)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.update()

    def set_color(self, color: str) -> None:
        if color != self.color:
            self.color = color
            self.update()

    def rescale(self, scale: float) -> None:
        self.scale = scale
        if not self.grow:
            self.setFixedHeight(int(self.max_px * scale * (1.2 if self.snug else 1.25)) + 4)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(int(self.max_px * self.scale * 3), int(self.max_px * self.scale * 1.2))

    def paintEvent(self, _event) -> None:
        if not self._text:
            return
        box = self.rect().adjusted(2, 2, -2, -2)
        height_of = self._text if self.snug else self.SAMPLE
        probe = QFontMetricsF(font(100, self.bold))
        wide, tall = probe.tightBoundingRect(self._text), probe.tightBoundingRect(height_of)
        if wide.width() <= 0 or tall.height() <= 0 or box.width() <= 0 or box.height() <= 0:
            return
        size = min(self.max_px * self.scale, 100 * box.width() / wide.width(),
                   100 * box.height() / tall.height())
        f = font(size, self.bold)
        metrics = QFontMetricsF(f)
        glyphs, vertical = metrics.tightBoundingRect(self._text), metrics.tightBoundingRect(height_of)
        if self.align & Qt.AlignmentFlag.AlignLeft:
            x = box.left() - glyphs.left()
        elif self.align & Qt.AlignmentFlag.AlignRight:
            x = box.right() - glyphs.right()
        else:
            x = box.left() + (box.width() - glyphs.width()) / 2 - glyphs.left()
        y = box.top() + (box.height() - vertical.height()) / 2 - vertical.top()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setFont(f)
        p.setPen(QColor(self.color))
        p.drawText(QPointF(x, y), self._text)
        p.end()


class Card(QFrame):
    """A rounded panel."""

    PAD = 20

    def __init__(self, name: str):
        super().__init__()
        self.setObjectName(name)
        self.box = QVBoxLayout(self)
        self.scale = 1.0
        self.background, self.edge, self.edge_width, self.stripe = CARD, EDGE, 2, None

    def look(self, background: str = CARD, edge: str = EDGE, edge_width: int = 2, stripe: str | None = None):
        self.background, self.edge, self.edge_width, self.stripe = background, edge, edge_width, stripe
        self._restyle()

    def _restyle(self) -> None:
        s = self.scale
        style = (f"QFrame#{self.objectName()} {{ background: {self.background}; "
                 f"border: {max(1, int(self.edge_width * s))}px solid {self.edge}; border-radius: {int(18 * s)}px; ")
        if self.stripe:
            style += f"border-top: {max(2, int(10 * s))}px solid {self.stripe}; "
        self.setStyleSheet(style + "}")

    def rescale(self, scale: float) -> None:
        self.scale = scale
        pad = int(self.PAD * scale)
        self.box.setContentsMargins(pad, pad, pad, pad)
        self.box.setSpacing(int(6 * scale))
        self._restyle()


class Header(QWidget):
    """The office's name, the "reconnecting" mark, the date (民國) and the clock."""

    def __init__(self):
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        names = QVBoxLayout()
        names.setSpacing(0)
        self.name_zh = Label(TEXTS("title"), 50, True)
        self.name_en = Label(TEXTS("title", "en"), 26, False, MUTED)
        names.addWidget(self.name_zh)
        names.addWidget(self.name_en)
        row.addLayout(names, 10)
        self.reconnecting = Pill(f"{TEXTS('reconnecting')}  {TEXTS('reconnecting', 'en')}", 28, BAD)
        self.reconnecting.hide()
        row.addWidget(self.reconnecting, 0, CENTER)
        when = QVBoxLayout()
        when.setSpacing(0)
        self.clock = Label("", 62, True, TEXT, RIGHT)
        self.date = Label("", 28, False, MUTED, RIGHT)
        when.addWidget(self.clock)
        when.addWidget(self.date)
        row.addLayout(when, 6)

    def set_office(self, name: dict) -> None:
        self.name_zh.setText(name.get("zh-TW", ""))
        self.name_en.setText(name.get("en", ""))


class LatestCall(Card):
    """The call being announced, very large: "A012 → 2 號櫃台 / Counter 2". It flashes,
    then stays lit while its turn lasts."""

    FLASHES = 6
    FLASH_MS = 350

    def __init__(self):
        super().__init__("latest")
        self.title = Label("", 42, True, MUTED, CENTER)
        self.number = FitText("", 340, True, NUMBER, CENTER, grow=True, snug=True)
        self.arrow = FitText("→", 96, True, TEXT, CENTER, grow=True, snug=True)
        self.go = Label(f"{TEXTS('go')}  {TEXTS('go', 'en')}", 38, False, MUTED)
        self.counter_zh = FitText("", 128, True, TEXT, LEFT, grow=True)
        self.counter_en = FitText("", 50, False, MUTED, LEFT)
        self.note = Label("", 44, False, MUTED, CENTER)
        self.where = QWidget()
        where = QVBoxLayout(self.where)
        where.setContentsMargins(0, 0, 0, 0)
        where.addStretch(2)
        where.addWidget(self.go)
        where.addWidget(self.counter_zh, 5)
        where.addWidget(self.counter_en)
        where.addStretch(2)
        call = QHBoxLayout()
        call.addWidget(self.number, 56)
        call.addWidget(self.arrow, 8)
        call.addWidget(self.where, 36)
        self.box.addWidget(self.title)
        self.box.addLayout(call, 1)
        self.box.addWidget(self.note)
        self.parts = (self.title, self.number, self.arrow, self.go, self.counter_zh, self.counter_en)
        self.hot = False
        self._flashes = 0
        self._flash = QTimer(self, interval=self.FLASH_MS, timeout=self._toggle)
        self.show_idle()

    def show_call(self, number: str, counter: tuple[str, str], recall: bool, hot: bool) -> None:
        key = "calling_again" if recall else "now_calling"
        self.title.setText(f"{TEXTS(key)}  {TEXTS(key, 'en')}")
        self.number.setText(number)
        self.counter_zh.setText(counter[0])
        self.counter_en.setText(counter[1])
        self.arrow.show()
        self.where.show()
        self.note.hide()
        if hot:
            self._flashes = self.FLASHES
            self._flash.start()
        else:
            self._flash.stop()
        self._paint(hot)

    def show_idle(self) -> None:
        """Before the day's first call: a welcome instead of a number."""
        self.title.setText(f"{TEXTS('welcome')}  {TEXTS('welcome', 'en')}")
        self.number.setText(TEXTS("take_ticket"))
        self.note.setText(TEXTS("take_ticket", "en"))
        self.arrow.hide()
        self.where.hide()
        self.note.show()
        self.calm()

    def calm(self) -> None:
        self._flash.stop()
        self._paint(False)

    def _toggle(self) -> None:
        self._flashes -= 1
        if self._flashes <= 0:
            self._flash.stop()
            self._paint(True)
        else:
            self._paint(not self.hot)

    def _paint(self, hot: bool) -> None:
        self.hot = hot
        if hot:
            self.look(HOT_BG, HOT_BG, 2)
            colors = (HOT_TEXT,) * len(self.parts)
        else:
            self.look(CARD, EDGE, 2)
            number = NUMBER if self.arrow.isVisibleTo(self) else TEXT
            colors = (MUTED, number, TEXT, MUTED, TEXT, MUTED)
        for part, color in zip(self.parts, colors):
            part.set_color(color)


class CounterPanel(Card):
    """One counter: its name, the clerk's name, and the number it serves or 暫停服務."""

    NUMBER_PX = 150
    IDLE_PX = 60

    def __init__(self, counter: dict, compact: bool = False):
        """`compact`: a narrow panel (many counters) shows the clerk's name without its label."""
        super().__init__(f"counter{counter.get('number', 0)}")
        self.number_of_counter = counter.get("number")
        self.care = counter.get("kind") == "care"
        name = counter.get("name") or {}
        # Texts that shrink to fit: with eight counters a panel is narrow.
        self.name_zh = FitText(name.get("zh-TW", ""), 42, True, CARE if self.care else TEXT, LEFT)
        self.name_en = FitText(name.get("en", ""), 22, False, MUTED, LEFT)
        clerk_row = QHBoxLayout()
        self.clerk_label = FitText(f"{TEXTS('clerk')} {TEXTS('clerk', 'en')}", 22, False, MUTED, LEFT)
        self.clerk = FitText(counter.get("clerk", ""), 34, True, TEXT, LEFT)
        clerk_row.addWidget(self.clerk_label, 5)
        clerk_row.addWidget(self.clerk, 6)
        self.clerk_label.setVisible(not compact)
        self.number = FitText("", self.NUMBER_PX, True, MUTED, CENTER, grow=True, snug=True)
        self.status = FitText("", 24, True, PAUSED, CENTER)
        self.box.addWidget(self.name_zh)
        self.box.addWidget(self.name_en)
        self.box.addLayout(clerk_row)
        self.box.addWidget(self.number, 1)
        self.box.addWidget(self.status)
        self.hot = False
        self.set_hot(False)
        self.update_from({})

    def update_from(self, counter: dict) -> None:
        if counter.get("clerk") is not None:
            self.clerk.setText(counter["clerk"])
        ticket = counter.get("ticket")
        self.number.max_px = self.NUMBER_PX
        if counter.get("status") == "paused":
            self.number.setText(TEXTS("paused"))
            self.number.set_color(PAUSED)
            reason = (counter.get("reason") or "").strip()
            self.status.setText(f"{TEXTS('paused', 'en')}" + (f" · {reason}" if reason else ""))
        elif ticket:
            self.number.setText(str(ticket.get("number", "")))
            self.number.set_color(NUMBER)
            self.status.setText("")
        else:
            self.number.max_px = self.IDLE_PX  # a dash, not a bar across the panel
            self.number.setText("—")
            self.number.set_color(MUTED)
            self.status.setText("")
        self.number.update()

    def set_hot(self, hot: bool) -> None:
        self.hot = hot
        stripe = CARE if self.care else GENERAL
        if hot:
            self.look("#1d2c4a", NUMBER, 5, stripe)
        else:
            self.look(CARD, EDGE, 2, stripe)


class RecentCalls(Card):
    """The last calls, newest first. Rows share the height, so the panel never pushes
    the screen taller (an alert line may take some of it)."""

    ROWS = 6

    def __init__(self):
        super().__init__("recent")
        self.title = Label(f"{TEXTS('recent')}  {TEXTS('recent', 'en')}", 34, True, MUTED)
        self.box.addWidget(self.title)
        self.rows = []
        for _ in range(self.ROWS):
            row = QHBoxLayout()
            number = FitText("", 60, True, NUMBER, LEFT, grow=True, snug=True)
            names = QVBoxLayout()
            names.setSpacing(0)
            zh = FitText("", 38, True, TEXT, LEFT, grow=True)
            en = FitText("", 22, False, MUTED, LEFT, grow=True)
            names.addWidget(zh, 3)
            names.addWidget(en, 2)
            row.addWidget(number, 5)
            row.addLayout(names, 7)
            self.box.addLayout(row, 1)
            self.rows.append((number, zh, en))

    def update_from(self, calls: list[dict], counter_name) -> None:
        for i, (number, zh, en) in enumerate(self.rows):
            if i < len(calls):
                call = calls[i]
                name = counter_name(call.get("counter"))
                again = call.get("recall")
                number.setText(str(call.get("number", "")))
                zh.setText(name[0] + (f"（{TEXTS('again')}）" if again else ""))
                en.setText(name[1] + (f" ({TEXTS('again', 'en')})" if again else ""))
            else:
                for text in (number, zh, en):
                    text.setText("")

    def texts(self) -> list[str]:
        """The rows as "A012 2 號櫃台" (for tests and logs)."""
        return [f"{n.text()} {zh.text()}" for n, zh, _ in self.rows if n.text()]


class WaitingPanel(Card):
    """People waiting, per queue."""

    def __init__(self):
        super().__init__("waiting")
        self.title = Label(f"{TEXTS('waiting')}  {TEXTS('waiting', 'en')}", 34, True, MUTED)
        self.box.addWidget(self.title)
        self.counts: dict[str, FitText] = {}
        self._rows = QVBoxLayout()
        self.box.addLayout(self._rows, 1)

    def set_queues(self, queues: list[dict]) -> None:
        while self._rows.count():
            self._rows.takeAt(0).widget().deleteLater()
        self.counts = {}
        for q in queues:
            line = QWidget()
            row = QHBoxLayout(line)
            row.setContentsMargins(0, 0, 0, 0)
            names = QVBoxLayout()
            names.setSpacing(0)
            name = q.get("name") or {}
            names.addWidget(FitText(f"{name.get('zh-TW', '')}  {q.get('prefix', '')}", 36, True, TEXT, LEFT,
                                    grow=True), 3)
            names.addWidget(FitText(name.get("en", ""), 20, False, MUTED, LEFT, grow=True), 2)
            count = FitText("0", 72, True, NUMBER, RIGHT, grow=True, snug=True)
            unit = QVBoxLayout()
            unit.setSpacing(0)
            unit.addWidget(FitText(TEXTS("people"), 30, True, TEXT, LEFT, grow=True), 3)
            unit.addWidget(FitText(TEXTS("people", "en"), 18, False, MUTED, LEFT, grow=True), 2)
            row.addLayout(names, 6)
            row.addWidget(count, 3)
            row.addLayout(unit, 2)
            self._rows.addWidget(line, 1)
            self.counts[q.get("id")] = count

    def update_from(self, waiting: dict) -> None:
        for queue_id, count in self.counts.items():
            count.setText(str((waiting or {}).get(queue_id, 0)))


class Ticker(QWidget):
    """The office's notices, scrolling from right to left."""

    PX = 34
    SPEED = 110  # pixels a second on a 1920 screen
    GAP = "　　◆　　"

    def __init__(self):
        super().__init__()
        self.text = ""
        self.scale = 1.0
        self.offset = 0.0
        self._timer = QTimer(self, interval=33, timeout=self._step)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.rescale(1.0)
        self.hide()

    def set_notices(self, notices: list[dict]) -> None:
        parts = [f"{n.get('zh-TW', '')}　{n.get('en', '')}".strip() for n in notices if isinstance(n, dict)]
        self.text = self.GAP.join(p for p in parts if p)
        self.offset = 0.0
        self.setVisible(bool(self.text))
        self.update()

    def rescale(self, scale: float) -> None:
        self.scale = scale
        self.setFixedHeight(int(self.PX * 1.9 * scale))

    def showEvent(self, event) -> None:
        self._timer.start()
        super().showEvent(event)

    def hideEvent(self, event) -> None:
        self._timer.stop()
        super().hideEvent(event)

    def _step(self) -> None:
        if self.text:
            self.offset += self.SPEED * self.scale * self._timer.interval() / 1000
            self.update()

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(TICKER_BG))
        if self.text:
            f = font(self.PX * self.scale)
            metrics = QFontMetricsF(f)
            span = metrics.horizontalAdvance(self.text + self.GAP)
            self.offset %= span
            y = (self.height() + metrics.ascent() - metrics.descent()) / 2
            p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            p.setFont(f)
            p.setPen(QColor(TEXT))
            x = self.width() * 0.02 - self.offset
            while x < self.width():
                p.drawText(QPointF(x, y), self.text + self.GAP)
                x += span
        p.end()


class Message(QWidget):
    """A whole-screen message instead of the hall: connecting, unreachable, refused."""

    def __init__(self):
        super().__init__()
        box = QVBoxLayout(self)
        box.addStretch(2)
        self.title_zh = Label("", 72, True, TEXT, CENTER)
        self.title_en = Label("", 40, False, MUTED, CENTER)
        self.detail = Label("", 28, False, MUTED, CENTER)
        for w in (self.title_zh, self.title_en, self.detail):
            box.addWidget(w)
        box.addStretch(3)

    def show_text(self, zh: str, en: str, detail: str = "", color: str = TEXT) -> None:
        self.title_zh.setText(zh)
        self.title_zh.set_color(color)
        self.title_en.setText(en)
        self.detail.setText(detail)
