"""The parts of the hall screen, for the far end of the hall. Sizes are pixels on a
1920×1080 screen, scaled to the window. Everything a device sends (clerk names, pause
reasons, alerts) is drawn as plain text: painted with QPainter or in a plain-text Label.

Counter names are drawn at one size for every counter (a SizeGroup), so a long name such
as 「1 號愛心櫃台」 is never smaller than 「2 號櫃台」: when the names do not fit on one line
at the common size, every name is drawn in two lines, split after 號 (「1 號」「愛心櫃台」)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFontMetricsF, QPainter
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from shared import catalogue as C
from shared.catalogue import display as D
from shared.qt.fonts import font
from shared.qt.icons import Picture, draw_clock
from shared.qt.theme import DARK

BG, CARD, EDGE, TEXT, MUTED = DARK.background, DARK.surface, DARK.line, DARK.text, DARK.muted
NUMBER, GENERAL, CARE, PAUSED, BAD = DARK.highlight, DARK.accent, DARK.care_text, DARK.warn, DARK.fault

CENTER = Qt.AlignmentFlag.AlignCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LINE = 1.12  # a painted line's height in font pixels: Chinese ink is about 0.9 of the size


def rescale_all(root: QWidget, scale: float) -> None:
    for widget in (root, *root.findChildren(QWidget)):
        if hasattr(widget, "rescale"):
            widget.rescale(scale)


def two_lines(text: str) -> list[str]:
    """「1 號愛心櫃台」→ 「1 號」「愛心櫃台」; a name without 號 splits at its first space."""
    for mark, keep in (("號", 1), (" ", 0)):
        at = text.find(mark)
        if 0 < at < len(text) - 1:
            return [text[:at + keep].strip(), text[at + 1:].strip()]
    return [text]


def advance(text: str, bold: bool) -> float:
    """The width of `text` at 100 px."""
    return QFontMetricsF(font(100, bold)).horizontalAdvance(text)


class Label(QLabel):
    """One line of plain text whose size follows the screen; a long one is cut, never
    allowed to push the layout wider than the screen."""

    def __init__(self, text: str = "", px: int = 32, bold: bool = False, color: str = TEXT, align=LEFT,
                 lines: int = 1):
        super().__init__(text)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.px, self.bold, self.lines = px, bold, lines
        self.setAlignment(align)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.set_color(color)
        self.rescale(1.0)

    def set_color(self, color: str, background: str = "transparent") -> None:
        self.setStyleSheet(f"color: {color}; background: {background}; padding: 0 {int(self.px * 0.4)}px;"
                           if background != "transparent" else f"color: {color}; background: transparent;")

    def rescale(self, scale: float) -> None:
        self.setFont(font(self.px * scale, self.bold))
        self.setFixedHeight(int(self.px * scale * 1.3 * self.lines) + 2)  # the font's own line box is 1.45 high


class SizeGroup:
    """Texts drawn at one size: the largest, up to `max_px`, at which every member's
    texts (the samples of what it may show, else what it shows) fit its box; in one line
    each if that is as large, else (with `wrap`) in two lines each."""

    def __init__(self, max_px: float, wrap: bool = False):
        self.max_px, self.wrap, self.scale = max_px, wrap, 1.0
        self.members: list[Text] = []

    def size(self) -> tuple[float, int]:
        best, lines = 0.0, 1
        for n in (1, 2) if self.wrap else (1,):
            px = min([self.max_px * self.scale] + [m.fit(t, n) for m in self.members for t in m.all_texts()])
            if px > best + 0.5:
                best, lines = px, n
        return best, lines


class Text(QWidget):
    """Text painted in lines of LINE × size, so that big Chinese text is not spaced by the
    font's tall line box. Its size is `px` (scaled), or its group's, or smaller when its
    own text would not fit its box otherwise."""

    def __init__(self, text: str = "", px: float = 100, bold: bool = True, color: str = NUMBER,
                 align=CENTER, group: SizeGroup | None = None, fixed: bool = False):
        super().__init__()
        self._text, self.px, self.bold, self.color, self.align = text, px, bold, color, align
        self.group, self.fixed, self.scale = group, fixed, 1.0
        self.samples: list[str] = []
        if group is not None:
            group.members.append(self)
        policy = QSizePolicy.Policy
        self.setSizePolicy(policy.Ignored, policy.Fixed if fixed else policy.Expanding)
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

    def all_texts(self) -> list[str]:
        return [t for t in self.samples or [self._text] if t]

    def rescale(self, scale: float) -> None:
        self.scale = scale
        if self.group is not None:
            self.group.scale = scale
        if self.fixed:
            self.setFixedHeight(int(self.px * scale * LINE) + 2)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(int(self.px * self.scale * 3), int(self.px * self.scale * LINE))

    def minimumSizeHint(self) -> QSize:
        return QSize(0, 0)

    def fit(self, text: str, lines: int) -> float:
        parts = two_lines(text) if lines == 2 else [text]
        wide = max(advance(p, self.bold) for p in parts)
        return min(100 * (self.width() - 4) / wide if wide else 1e9, self.height() / (len(parts) * LINE))

    def size_and_lines(self) -> tuple[float, list[str]]:
        if self.group is not None:
            px, n = self.group.size()
        else:
            px, n = self.px * self.scale, 1
        lines = two_lines(self._text) if n == 2 else [self._text]
        return min(px, self.fit(self._text, len(lines))), lines

    def paintEvent(self, _event) -> None:
        if not self._text or self.width() < 4:
            return
        px, lines = self.size_and_lines()
        if px < 1:
            return
        f = font(px, self.bold)
        metrics = QFontMetricsF(f)
        ink = metrics.tightBoundingRect("國")
        step = px * LINE
        top = (self.height() - step * len(lines)) / 2
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        p.setFont(f)
        p.setPen(QColor(self.color))
        for i, line in enumerate(lines):
            width = metrics.horizontalAdvance(line)
            if self.align & Qt.AlignmentFlag.AlignLeft:
                x = 2
            elif self.align & Qt.AlignmentFlag.AlignRight:
                x = self.width() - 2 - width
            else:
                x = (self.width() - width) / 2
            p.drawText(QPointF(x, top + i * step + (step - ink.height()) / 2 - ink.top()), line)
        p.end()


class Card(QFrame):
    """A rounded panel."""

    def __init__(self, name: str, pad: int = 14):
        super().__init__()
        self.setObjectName(name)
        self.box = QVBoxLayout(self)
        self.pad, self.scale = pad, 1.0
        self.look()

    def look(self, background: str = CARD, edge: str = EDGE, edge_width: int = 2, stripe: str | None = None):
        self._look = (background, edge, edge_width, stripe)
        s = self.scale
        style = (f"QFrame#{self.objectName()} {{ background: {background}; "
                 f"border: {max(1, int(edge_width * s))}px solid {edge}; border-radius: {int(18 * s)}px; ")
        if stripe:
            style += f"border-top: {max(2, int(10 * s))}px solid {stripe}; "
        self.setStyleSheet(style + "}")

    def rescale(self, scale: float) -> None:
        self.scale = scale
        pad = int(self.pad * scale)
        self.box.setContentsMargins(pad, pad, pad, pad)
        self.box.setSpacing(int(4 * scale))
        self.look(*self._look)


class Header(QWidget):
    """The office's name, the "reconnecting" and "no sound" marks, the date (民國) and the clock."""

    def __init__(self):
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        names, when = QVBoxLayout(), QVBoxLayout()
        names.setSpacing(0)
        when.setSpacing(0)
        self.name_zh = Label(D.TITLE.zh, 50, True)
        self.name_en = Label(D.TITLE.en, 26, False, MUTED)
        names.addWidget(self.name_zh)
        names.addWidget(self.name_en)
        row.addLayout(names, 10)
        self.reconnecting = Label(C.RECONNECTING.both("\n"), 24, True, align=CENTER, lines=2)
        self.reconnecting.set_color("#ffffff", BAD)
        self.no_sound = Label(D.NO_SOUND.both(" "), 20, False, PAUSED, RIGHT)
        for mark in (self.reconnecting, self.no_sound):
            mark.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            mark.hide()
        row.addWidget(self.reconnecting, 0, CENTER)
        self.clock = Label("", 52, True, TEXT, RIGHT)
        self.date = Label("", 28, False, MUTED, RIGHT)
        for w in (self.clock, self.date, self.no_sound):
            when.addWidget(w)
        row.addLayout(when, 6)

    def set_office(self, name: dict) -> None:
        self.name_zh.setText(name.get("zh-TW", ""))
        self.name_en.setText(name.get("en", ""))


class LatestCall(Card):
    """The call being announced, very large: "A012 → 2 號櫃台 / Counter 2". It flashes,
    then stays lit while its turn lasts. Every counter's name is drawn at one size."""

    FLASHES, FLASH_MS = 6, 350

    def __init__(self):
        super().__init__("latest")
        self.title = Label("", 40, True, MUTED, CENTER)
        self.number = Text("", 300, True, NUMBER, CENTER)
        self.arrow = Text("→", 96, True, TEXT, CENTER)
        self.go = Label(D.GO.both("  "), 34, False, MUTED)
        self.counter_zh = Text("", 120, True, TEXT, LEFT, group=SizeGroup(120, wrap=True))
        self.counter_en = Label("", 40, False, MUTED)
        self.note = Label("", 44, False, MUTED, CENTER)
        self.where = QWidget()
        where = QVBoxLayout(self.where)
        where.setContentsMargins(0, 0, 0, 0)
        where.setSpacing(0)
        for w, stretch in ((self.go, 0), (self.counter_zh, 1), (self.counter_en, 0)):
            where.addWidget(w, stretch)
        call = QHBoxLayout()
        for w, stretch in ((self.number, 52), (self.arrow, 8), (self.where, 40)):
            call.addWidget(w, stretch)
        self.box.addWidget(self.title)
        self.box.addLayout(call, 1)
        self.box.addWidget(self.note)
        self.parts = (self.title, self.number, self.arrow, self.go, self.counter_zh, self.counter_en)
        self.hot, self._flashes = False, 0
        self._flash = QTimer(self, interval=self.FLASH_MS, timeout=self._toggle)
        self.show_idle()

    def set_office(self, counter_names: list[str], prefixes: list[str]) -> None:
        self.counter_zh.samples = counter_names
        self.number.samples = [f"{p}000" for p in prefixes]

    def show_call(self, number: str, counter: tuple[str, str], recall: bool, hot: bool) -> None:
        self.title.setText((D.CALLING_AGAIN if recall else D.NOW_CALLING).both("  "))
        self.number.setText(number)
        self.counter_zh.setText(counter[0])
        self.counter_en.setText(counter[1])
        self.arrow.show()
        self.where.show()
        self.note.hide()
        self._flashes = self.FLASHES if hot else 0
        self._flash.start() if hot else self._flash.stop()
        self._paint(hot)

    def show_idle(self) -> None:
        """Before the day's first call: a welcome instead of a number."""
        self.title.setText(D.WELCOME.both("  "))
        self.number.setText(D.TAKE_TICKET.zh)
        self.note.setText(D.TAKE_TICKET.en)
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
        self._paint(self._flashes <= 0 or not self.hot)

    def _paint(self, hot: bool) -> None:
        self.hot = hot
        self.look(NUMBER, NUMBER) if hot else self.look()
        number = NUMBER if self.arrow.isVisibleTo(self) else TEXT
        colors = (BG,) * 6 if hot else (MUTED, number, TEXT, MUTED, TEXT, MUTED)
        for part, color in zip(self.parts, colors):
            part.set_color(color)


class CounterPanel(Card):
    """One counter: its name, the clerk's name, and the number it serves or 暫停服務.
    Names share one size over all panels (`names`), numbers another (`numbers`)."""

    def __init__(self, counter: dict, names: SizeGroup, numbers: SizeGroup, prefixes: list[str],
                 compact: bool = False):
        """`compact` (many counters, small panels): no English name, no empty status line."""
        super().__init__(f"counter{counter.get('number', 0)}", pad=8)
        self.care = counter.get("kind") == "care"
        name = counter.get("name") or {}
        self.name_zh = Text(name.get("zh-TW", ""), names.max_px, True, CARE if self.care else TEXT, CENTER, names)
        self.name_en = Label(name.get("en", ""), 22, False, MUTED, CENTER)
        self.clerk = Label(counter.get("clerk", ""), 28, True, TEXT, CENTER)
        self.number = Text("", numbers.max_px, True, MUTED, CENTER, numbers)
        self.number.samples = [f"{p}000" for p in prefixes]
        self.status = Label("", 24, True, PAUSED, CENTER)
        self.compact = compact
        self.name_en.setVisible(not compact)
        self._cool = QTimer(self, singleShot=True, timeout=lambda: self.set_hot(False))
        for w, stretch in ((self.name_zh, 11), (self.name_en, 0), (self.clerk, 0), (self.number, 7),
                           (self.status, 0)):
            self.box.addWidget(w, stretch)
        self.set_hot(False)
        self.update_from({})

    def update_from(self, counter: dict) -> None:
        if counter.get("clerk") is not None:
            self.clerk.setText(counter["clerk"])
        ticket = counter.get("ticket")
        paused = counter.get("status") == "paused"
        reason = (counter.get("reason") or "").strip()
        if paused:
            self.number.setText(C.PAUSED.zh)
            self.status.setText(C.PAUSED.en + (f" · {reason}" if reason else ""))
        else:
            self.number.setText(str(ticket.get("number", "")) if ticket else "—")
            self.status.setText("")
        self.number.set_color(PAUSED if paused else NUMBER if ticket else MUTED)
        self.status.setVisible(paused or not self.compact)

    def light(self, ms: float) -> None:
        """Lit as just called, for `ms`."""
        self.set_hot(True)
        self._cool.start(int(ms))

    def set_hot(self, hot: bool) -> None:
        self.hot = hot
        stripe = CARE if self.care else GENERAL
        self.look(DARK.accent_light, NUMBER, 5, stripe) if hot else self.look(CARD, EDGE, 2, stripe)


class RecentCalls(Card):
    """The last calls, newest first, each with its counter's name (at least 40 px tall at
    1920×1080, like every counter label in the hall)."""

    ROWS = 6

    def __init__(self):
        super().__init__("recent")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self.title = Label(D.RECENT.both("  "), 32, True, MUTED)
        self.box.addWidget(self.title)
        self.rows = []
        for _ in range(self.ROWS):
            row = QHBoxLayout()
            number = Text("", 56, True, NUMBER, LEFT, fixed=True)
            names = QVBoxLayout()
            names.setSpacing(0)
            zh = Text("", 48, True, TEXT, LEFT, fixed=True)
            en = Label("", 18, False, MUTED)
            names.addWidget(zh)
            names.addWidget(en)
            row.addWidget(number, 4)
            row.addLayout(names, 7)
            self.box.addLayout(row, 1)
            self.rows.append((number, zh, en))

    def resizeEvent(self, event) -> None:
        """Shows the rows that fit (an alert line may take some of the screen)."""
        super().resizeEvent(event)
        room = self.contentsRect().height() - self.title.height() - 2 * self.box.contentsMargins().top()
        row = self.rows[0][1].height() + self.rows[0][2].height() + self.box.spacing()
        for i, parts in enumerate(self.rows):
            for part in parts:
                part.setVisible((i + 1) * row <= room)

    def update_from(self, calls: list[dict], counter_name) -> None:
        for i, (number, zh, en) in enumerate(self.rows):
            call = calls[i] if i < len(calls) else None
            name = counter_name(call.get("counter")) if call else ("", "")
            again = bool(call and call.get("recall"))
            number.setText(str(call.get("number", "")) if call else "")
            zh.setText(name[0] + (D.AGAIN.zh if again else ""))
            en.setText(name[1] + (D.AGAIN.en if again else ""))

    def texts(self) -> list[str]:
        """The rows as "A012 2 號櫃台" (for tests and logs)."""
        return [f"{n.text()} {zh.text()}" for n, zh, _ in self.rows if n.text()]


class WaitingPanel(Card):
    """People waiting, per queue, and the next numbers of each queue with their estimated
    wait in minutes (a range: numbers read the same in both languages)."""

    NEXT_SHOWN = 3

    def __init__(self):
        super().__init__("waiting")
        self.box.addWidget(Label(C.WAITING.both("  "), 32, True, MUTED))
        self.box.addWidget(Label(D.NEXT_UP_NOTE.both("  "), 20, False, MUTED))
        self.counts: dict[str, Text] = {}
        self.next_up: dict[str, Label] = {}
        self._rows = QVBoxLayout()
        self.box.addLayout(self._rows, 1)

    def set_queues(self, queues: list[dict]) -> None:
        while self._rows.count():
            self._rows.takeAt(0).widget().deleteLater()
        self.counts, self.next_up = {}, {}
        for q in queues:
            row = QWidget()
            rows = QVBoxLayout(row)
            rows.setContentsMargins(0, 0, 0, 0)
            rows.setSpacing(0)
            line = QWidget()
            rows.addWidget(line)
            grid = QHBoxLayout(line)
            grid.setContentsMargins(0, 0, 0, 0)
            names, unit = QVBoxLayout(), QVBoxLayout()
            name = q.get("name") or {}
            names.addWidget(Text(f"{name.get('zh-TW', '')}  {q.get('prefix', '')}", 40, True, TEXT, LEFT, fixed=True))
            names.addWidget(Label(name.get("en", ""), 20, False, MUTED))
            unit.addWidget(Text(D.PEOPLE.zh, 32, True, TEXT, LEFT, fixed=True))
            unit.addWidget(Label(D.PEOPLE.en, 18, False, MUTED))
            count = Text("0", 72, True, NUMBER, RIGHT)
            grid.addLayout(names, 6)
            grid.addWidget(count, 3)
            grid.addLayout(unit, 2)
            upcoming = Label("", 26, True, NUMBER)
            rows.addWidget(upcoming)
            self._rows.addWidget(row, 1)
            self.counts[q.get("id")] = count
            self.next_up[q.get("id")] = upcoming

    def update_from(self, waiting: dict) -> None:
        for queue_id, count in self.counts.items():
            count.setText(str((waiting or {}).get(queue_id, 0)))

    def update_upcoming(self, tickets: list[dict]) -> None:
        """`tickets`: GET /state's `upcoming` (soonest first per queue)."""
        for queue_id, label in self.next_up.items():
            mine = [t for t in tickets if t.get("queue") == queue_id][:self.NEXT_SHOWN]
            label.setText("   ".join(f"{t.get('number', '')} {_minutes(t.get('range'))}" for t in mine))


def _minutes(printed) -> str:
    """A printed range as numbers only: 0–5, 10–20; — when there is none."""
    if not isinstance(printed, list) or len(printed) != 2:
        return "—"
    return f"{printed[0]}–{printed[1]}"


class Ticker(QWidget):
    """The office's notices, scrolling from right to left."""

    PX, SPEED, GAP = 34, 110, "　　◆　　"  # SPEED: pixels a second on a 1920 screen

    def __init__(self):
        super().__init__()
        self.text, self.scale, self.offset = "", 1.0, 0.0
        self._timer = QTimer(self, interval=33, timeout=self._step)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.rescale(1.0)
        self.hide()

    def set_notices(self, notices: list[dict]) -> None:
        parts = [f"{n.get('zh-TW', '')}　{n.get('en', '')}".strip() for n in notices if isinstance(n, dict)]
        self.text = self.GAP.join(p for p in parts if p)
        self.offset = 0.0
        self.setVisible(bool(self.text))

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
        self.offset += self.SPEED * self.scale * self._timer.interval() / 1000
        self.update()

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(DARK.accent_light))
        f = font(self.PX * self.scale)
        metrics = QFontMetricsF(f)
        span = metrics.horizontalAdvance(self.text + self.GAP)
        self.offset %= span or 1
        y = (self.height() + metrics.ascent() - metrics.descent()) / 2
        p.setFont(f)
        p.setPen(QColor(TEXT))
        x = self.width() * 0.02 - self.offset
        while self.text and x < self.width():
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


class ClosedPanel(Card):
    """Outside opening hours, while the hall is quiet, in the hall's place: calm, not a
    fault. 「本所目前未開放」, when it opens and the hours; at lunch, when it opens again."""

    def __init__(self):
        super().__init__("closed", pad=40)
        self.sign = Picture(draw_clock, GENERAL, 170)
        self.title_zh = Label("", 104, True, TEXT, CENTER)
        self.title_en = Label("", 48, False, MUTED, CENTER)
        self.opens_zh = Label("", 72, True, NUMBER, CENTER)
        self.opens_en = Label("", 40, False, MUTED, CENTER)
        self.hours_zh = Label("", 32, False, MUTED, CENTER)
        self.hours_en = Label("", 24, False, MUTED, CENTER)
        self.box.addStretch(3)
        self.box.addWidget(self.sign, 0, Qt.AlignmentFlag.AlignHCenter)
        self.box.addSpacing(24)
        for w in (self.title_zh, self.title_en):
            self.box.addWidget(w)
        self.box.addStretch(1)
        for w in (self.opens_zh, self.opens_en):
            self.box.addWidget(w)
        self.box.addStretch(1)
        for w in (self.hours_zh, self.hours_en):
            self.box.addWidget(w)
        self.box.addStretch(3)

    def show_notice(self, notice) -> None:
        """`notice`: shared.catalogue.hours.Notice, closed or lunch."""
        self.title_zh.setText(notice.headline.zh)
        self.title_en.setText(notice.headline.en)
        for label, text in ((self.opens_zh, notice.opens and notice.opens.zh),
                            (self.opens_en, notice.opens and notice.opens.en),
                            (self.hours_zh, notice.hours and notice.hours.zh),
                            (self.hours_en, notice.hours and notice.hours.en)):
            label.setText(text or "")
            label.setVisible(bool(text))

    def texts(self) -> list[str]:
        """What it says, zh and en lines in order (for tests)."""
        return [w.text() for w in (self.title_zh, self.title_en, self.opens_zh, self.opens_en,
                                   self.hours_zh, self.hours_en) if w.text()]


def band_text(notice) -> tuple[str, str]:
    """The hours in one line a language, above the hall while it is busy outside hours or in
    an appointment-only session: 「預約時段：僅受理預約・…至 20:00」."""
    dot = ("・", " · ")
    parts = [notice.headline, notice.session or (notice.opens if notice.kind == "closed" else None)]
    return tuple(dot[i].join(getattr(p, lang) for p in parts if p) for i, lang in enumerate(("zh", "en")))
