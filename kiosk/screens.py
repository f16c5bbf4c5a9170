"""The kiosk's screens: home (services and the care path), the care services, the
confirmation with the number, messages (busy, service paused) and the staff panel.

Each screen lays itself out from its size, in portrait or landscape, and paints its texts
with the primary language large and the other one underneath.
"""

from __future__ import annotations

import math
from datetime import datetime
from functools import partial
from zoneinfo import ZoneInfo

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPixmap, QPolygonF
from PySide6.QtWidgets import QWidget

from kiosk import theme
from kiosk.icons import draw_category, draw_heart, draw_spinner
from kiosk.texts import TEXTS
from kiosk.widgets import Tile
from shared.i18n import pick
from shared.tickets import roc_date


def other(lang: str) -> str:
    return "en" if lang == "zh-TW" else "zh-TW"


def texts(key: str, lang: str, **fields) -> tuple[str, str]:
    """A fixed text as (primary, secondary) for the chosen language."""
    return TEXTS(key, lang, **fields), TEXTS(key, other(lang), **fields)


def names(name: dict | None, lang: str) -> tuple[str, str]:
    primary, secondary = pick(name, lang), pick(name, other(lang))
    return primary, ("" if secondary == primary else secondary)


def grid(area: QRect, count: int, columns: int, gap: int) -> list[QRect]:
    """`count` cells filling `area` row by row."""
    if count == 0:
        return []
    rows = math.ceil(count / columns)
    w = (area.width() - gap * (columns - 1)) // columns
    h = (area.height() - gap * (rows - 1)) // rows
    return [QRect(area.x() + (i % columns) * (w + gap), area.y() + (i // columns) * (h + gap), w, h)
            for i in range(count)]


class Screen(QWidget):
    """A full-window page: paper background, a language, layout on every resize."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = "zh-TW"

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.refresh()

    def refresh(self) -> None:
        """Texts changed: re-label the tiles, lay out again and repaint."""
        self.arrange()
        self.update()

    def arrange(self) -> None:
        """Places the child tiles for the current size."""

    def resizeEvent(self, event) -> None:
        self.arrange()
        super().resizeEvent(event)

    def k(self) -> float:
        return theme.scale(self)

    def paint_pair(self, p: QPainter, rect: QRect, pair: tuple[str, str], px: int, color: QColor,
                   flags: int = theme.WRAP_CENTER, bold: bool = True, ratio: float = 0.6) -> int:
        """The primary text and the secondary under it, from the top of `rect`; returns the height."""
        top = rect.y()
        h1 = theme.text_height(rect.width(), pair[0], px, bold, flags)
        theme.draw_text(p, QRect(rect.x(), top, rect.width(), h1), pair[0], px, color, bold, flags)
        h2 = theme.text_height(rect.width(), pair[1], int(px * ratio), False, flags)
        muted = QColor(color)
        muted.setAlphaF(0.85)
        theme.draw_text(p, QRect(rect.x(), top + h1, rect.width(), h2), pair[1], int(px * ratio), muted, False,
                        flags)
        return h1 + h2


class HomeScreen(Screen):
    """The office's name, a tile per service, and the care path by category."""

    serviceChosen = Signal(str)
    categoryChosen = Signal(str)
    languageToggled = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.office: dict | None = None
        self.waiting = {"general": 0, "care": 0}
        self.printer_down = False
        self.language_tile = Tile(theme.NEUTRAL, theme.NEUTRAL_DOWN, self, text_px=34)
        self.language_tile.clicked.connect(self.languageToggled)
        self.service_tiles: list[Tile] = []
        self.category_tiles: list[Tile] = []
        self.clock = QTimer(self, interval=20_000, timeout=self.update)
        self.clock.start()

    def set_office(self, office: dict) -> None:
        self.office = office
        for tile in self.service_tiles + self.category_tiles:
            tile.deleteLater()
        self.service_tiles = []
        for s in office.get("services", []):
            tile = Tile(theme.GENERAL, theme.GENERAL_DOWN, self)
            tile.setObjectName(f"service-{s['id']}")
            tile.clicked.connect(partial(self.serviceChosen.emit, s["id"]))
            tile.show()
            self.service_tiles.append(tile)
        self.category_tiles = []
        for c in office.get("categories", []):
            tile = Tile(theme.CARE, theme.CARE_DOWN, self, text_px=38,
                        icon=lambda p, box, color, cid=c["id"]: draw_category(p, cid, box, color))
            tile.setObjectName(f"category-{c['id']}")
            tile.clicked.connect(partial(self.categoryChosen.emit, c["id"]))
            tile.show()
            self.category_tiles.append(tile)
        self.refresh()

    def set_waiting(self, waiting: dict) -> None:
        self.waiting = {"general": waiting.get("general", 0), "care": waiting.get("care", 0)}
        self.update()

    def set_printer_down(self, down: bool) -> None:
        if down != self.printer_down:
            self.printer_down = down
            self.update()

    # ----- layout ---------------------------------------------------------------------

    def rects(self) -> dict[str, QRect]:
        k, w, h = self.k(), self.width(), self.height()
        m, gap = int(28 * k), int(18 * k)
        header = QRect(m, m, w - 2 * m, int(120 * k))
        language = QRect(header.right() - int(230 * k), header.y(), int(230 * k), int(104 * k))
        choose = QRect(m, header.bottom() + int(10 * k), w - 2 * m, int(96 * k))
        footer = QRect(m, h - m - int(76 * k), w - 2 * m, int(76 * k))
        body = QRect(m, choose.bottom() + gap, w - 2 * m, footer.top() - gap - choose.bottom() - gap)
        if theme.portrait(self):
            services = QRect(body.x(), body.y(), body.width(), int(body.height() * 0.56))
            care = QRect(body.x(), services.bottom() + int(28 * k), body.width(),
                         body.bottom() - services.bottom() - int(28 * k))
            care_head = QRect(care.x() + gap, care.y() + gap, care.width() - 2 * gap, int(190 * k))
        else:
            services = QRect(body.x(), body.y(), int(body.width() * 0.64), body.height())
            care = QRect(services.right() + int(28 * k), body.y(), body.right() - services.right() - int(28 * k),
                         body.height())
            care_head = QRect(care.x() + gap, care.y() + gap, care.width() - 2 * gap, int(190 * k))
        care_tiles = QRect(care.x() + gap, care_head.bottom() + gap, care.width() - 2 * gap,
                           care.bottom() - care_head.bottom() - 2 * gap)
        return {"header": header, "language": language, "choose": choose, "services": services, "care": care,
                "care_head": care_head, "care_tiles": care_tiles, "footer": footer}

    def arrange(self) -> None:
        r = self.rects()
        gap = int(18 * self.k())
        self.language_tile.setGeometry(r["language"])
        self.language_tile.set_texts(TEXTS("language", self.lang))
        if self.office is None:
            return
        n = len(self.service_tiles)
        columns = 2 if n <= 10 or theme.portrait(self) else 3
        for tile, cell, s in zip(self.service_tiles, grid(r["services"], n, columns, gap),
                                 self.office.get("services", [])):
            tile.setGeometry(cell)
            tile.set_texts(*names(s["name"], self.lang))
        portrait = theme.portrait(self)
        cells = grid(r["care_tiles"], len(self.category_tiles), 2 if portrait else 1, gap)
        for tile, cell, c in zip(self.category_tiles, cells, self.office.get("categories", [])):
            tile.setGeometry(cell)
            tile.set_texts(*names(c["name"], self.lang))

    # ----- painting ---------------------------------------------------------------------

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), theme.PAPER)
        if self.office is None:
            return
        r, k = self.rects(), self.k()
        head = r["header"].adjusted(0, 0, -r["language"].width() - int(20 * k), 0)
        self.paint_pair(p, head, names(self.office.get("name"), self.lang), int(50 * k), theme.INK,
                        theme.WRAP_LEFT, ratio=0.55)
        self.paint_pair(p, r["choose"], texts("choose", self.lang), int(38 * k), theme.GENERAL, theme.WRAP_LEFT,
                        ratio=0.65)

        care, head = r["care"], r["care_head"]
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(theme.CARE_LIGHT)
        p.drawRoundedRect(QRectF(care), 22 * k, 22 * k)
        heart = int(100 * k)
        draw_heart(p, QRectF(head.x(), head.y(), heart, heart), theme.CARE)
        title = QRect(head.x() + heart + int(20 * k), head.y(), head.width() - heart - int(20 * k), heart)
        h = theme.text_height(title.width(), TEXTS("care_title", self.lang), int(52 * k), True) + \
            theme.text_height(title.width(), TEXTS("care_title", other(self.lang)), int(29 * k))
        self.paint_pair(p, title.adjusted(0, (heart - h) // 2, 0, 0), texts("care_title", self.lang), int(52 * k),
                        theme.CARE, theme.WRAP_LEFT, ratio=0.55)
        who = QRect(head.x(), head.y() + heart + int(8 * k), head.width(), head.height() - heart - int(8 * k))
        self.paint_pair(p, who, texts("care_who", self.lang), int(30 * k), theme.INK, theme.WRAP_LEFT, ratio=0.75)

        footer = r["footer"]
        if self.printer_down:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(theme.WARN_LIGHT)
            p.drawRoundedRect(QRectF(footer), 12 * k, 12 * k)
            self.paint_pair(p, footer.adjusted(int(16 * k), int(4 * k), -int(16 * k), 0),
                            texts("printer_down", self.lang), int(28 * k), theme.WARN, theme.WRAP_LEFT, ratio=0.8)
        else:
            self.paint_pair(p, footer, texts("waiting", self.lang, **self.waiting), int(28 * k), theme.MUTED,
                            theme.WRAP_LEFT, bold=False, ratio=0.8)
            theme.draw_text(p, footer, self.now_text(), int(28 * k), theme.MUTED, False,
                            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter))
        p.end()

    def now_text(self) -> str:
        try:
            now = datetime.now(ZoneInfo(self.office.get("timezone", "Asia/Taipei")))
        except (KeyError, ValueError):
            now = datetime.now()
        return f"{roc_date(now, with_weekday=True)} {now:%H:%M}"


class CareScreen(Screen):
    """After a category: the services, in the care colour, for a care ticket."""

    serviceChosen = Signal(str)
    back = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.office: dict | None = None
        self.category: dict | None = None
        self.back_tile = Tile(theme.NEUTRAL, theme.NEUTRAL_DOWN, self, text_px=36)
        self.back_tile.setObjectName("back")
        self.back_tile.clicked.connect(self.back)
        self.service_tiles: list[Tile] = []

    def set_office(self, office: dict) -> None:
        self.office = office
        for tile in self.service_tiles:
            tile.deleteLater()
        self.service_tiles = []
        for s in office.get("services", []):
            tile = Tile(theme.CARE, theme.CARE_DOWN, self)
            tile.setObjectName(f"care-service-{s['id']}")
            tile.clicked.connect(partial(self.serviceChosen.emit, s["id"]))
            tile.show()
            self.service_tiles.append(tile)
        self.refresh()

    def set_category(self, category_id: str) -> None:
        cats = (self.office or {}).get("categories", [])
        self.category = next((c for c in cats if c["id"] == category_id), {"id": category_id, "name": category_id})
        self.refresh()

    def rects(self) -> dict[str, QRect]:
        k, w, h = self.k(), self.width(), self.height()
        m, gap = int(28 * k), int(18 * k)
        band = QRect(0, 0, w, int(200 * k))
        back = QRect(w - m - int(220 * k), m, int(220 * k), int(120 * k))
        choose = QRect(m, band.bottom() + int(20 * k), w - 2 * m, int(100 * k))
        services = QRect(m, choose.bottom() + gap, w - 2 * m, h - m - choose.bottom() - gap)
        return {"band": band, "back": back, "choose": choose, "services": services}

    def arrange(self) -> None:
        r = self.rects()
        self.back_tile.setGeometry(r["back"])
        self.back_tile.set_texts(*texts("back", self.lang))
        if self.office is None:
            return
        n = len(self.service_tiles)
        columns = 2 if theme.portrait(self) else 3
        for tile, cell, s in zip(self.service_tiles, grid(r["services"], n, columns, int(18 * self.k())),
                                 self.office.get("services", [])):
            tile.setGeometry(cell)
            tile.set_texts(*names(s["name"], self.lang))

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), theme.CARE_LIGHT)
        r, k = self.rects(), self.k()
        band = r["band"]
        p.fillRect(band, theme.CARE)
        m = int(28 * k)
        icon = int(band.height() * 0.7)
        draw_heart(p, QRectF(m, (band.height() - icon) / 2, icon, icon), theme.WHITE)
        if self.category is not None:
            draw_category(p, self.category["id"], QRectF(m + icon + int(10 * k), (band.height() - icon) / 2, icon,
                                                         icon), theme.WHITE)
        title = texts("care_title", self.lang)
        cat = names(self.category["name"] if self.category else None, self.lang)
        pair = (f"{title[0]}・{cat[0]}", f"{title[1]} · {cat[1] or cat[0]}")
        text = QRect(m + 2 * icon + int(40 * k), 0, r["back"].left() - 2 * icon - int(80 * k) - m, band.height())
        h = theme.text_height(text.width(), pair[0], int(54 * k), True) + \
            theme.text_height(text.width(), pair[1], int(32 * k))
        self.paint_pair(p, QRect(text.x(), (band.height() - h) // 2, text.width(), h), pair, int(54 * k),
                        theme.WHITE, theme.WRAP_LEFT, ratio=0.6)
        choose = texts("care_choose", self.lang)
        counter = texts("care_counter", self.lang)
        self.paint_pair(p, r["choose"], (f"{choose[0]}　{counter[0]}", f"{choose[1]} · {counter[1]}"), int(40 * k),
                        theme.CARE, theme.WRAP_LEFT, ratio=0.65)
        p.end()


class ConfirmScreen(Screen):
    """The ticket: its number very large, where to wait, how many are ahead, what to
    have ready, and whether it printed (if not: please note your number)."""

    done = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.office: dict = {}
        self.ticket: dict = {}
        self.ahead = 0
        self.wait_minutes: float | None = None
        self.print_state = "printing"      # "printing", "printed" or "fault"
        self.fault_message: dict | None = None
        self.preview: QPixmap | None = None
        self.seconds_left = 0
        self.done_tile = Tile(theme.GENERAL, theme.GENERAL_DOWN, self, text_px=40)
        self.done_tile.setObjectName("done")
        self.done_tile.clicked.connect(self.done)

    def show_ticket(self, office: dict, ticket: dict, ahead: int, wait_minutes: float | None) -> None:
        self.office, self.ticket, self.ahead, self.wait_minutes = office, ticket, ahead, wait_minutes
        self.print_state, self.fault_message, self.preview = "printing", None, None
        self.refresh()

    def set_printed(self, preview_path: str | None) -> None:
        self.print_state = "printed"
        pixmap = QPixmap(str(preview_path)) if preview_path else None
        self.preview = pixmap if pixmap is not None and not pixmap.isNull() else None
        self.update()

    def set_print_fault(self, message: dict) -> None:
        self.print_state, self.fault_message = "fault", message
        self.refresh()

    def set_seconds_left(self, seconds: int) -> None:
        self.seconds_left = seconds
        self.update()

    @property
    def care(self) -> bool:
        return bool(self.ticket.get("category"))

    @property
    def number(self) -> str:
        return str(self.ticket.get("number", ""))

    def rects(self) -> dict[str, QRect]:
        k, w, h = self.k(), self.width(), self.height()
        m, gap = int(36 * k), int(24 * k)
        done = QRect(w - m - int(280 * k), h - m - int(120 * k), int(280 * k), int(120 * k))
        fault = self.print_state == "fault"
        bottom = done.top() - gap
        if theme.portrait(self):
            main = QRect(m, m, w - 2 * m, int((bottom - m) * 0.52))
            band = QRect(m, main.bottom() + gap, w - 2 * m, int((230 if fault else 120) * k))
            side = QRect(m, band.bottom() + 2 * gap, w - 2 * m, bottom - band.bottom() - 2 * gap)
        else:
            main = QRect(m, m, int((w - 2 * m) * 0.55), bottom - m)
            x = main.right() + 2 * gap
            band = QRect(x, m, w - m - x, int((320 if fault else 130) * k))
            side = QRect(x, band.bottom() + 2 * gap, w - m - x, bottom - band.bottom() - 2 * gap)
        return {"main": main, "side": side, "band": band, "done": done}

    def arrange(self) -> None:
        self.done_tile.setGeometry(self.rects()["done"])
        self.done_tile.color = theme.CARE if self.care else theme.GENERAL
        self.done_tile.pressed_color = theme.CARE_DOWN if self.care else theme.GENERAL_DOWN
        self.done_tile.set_texts(*texts("done", self.lang))

    def where_to_go(self) -> tuple[str, str]:
        if not self.care:
            return texts("go_general", self.lang)
        care = [c for c in self.office.get("counters", []) if c.get("kind") == "care"]
        name = care[0]["name"] if care else {"zh-TW": "愛心櫃台", "en": "the care counter"}
        return texts("go_care", self.lang, counter=pick(name, "zh-TW"), counter_en=pick(name, "en"))

    def ahead_text(self) -> tuple[str, str]:
        if self.ahead <= 0:
            return texts("next_up", self.lang)
        if self.wait_minutes is None:
            return texts("ahead", self.lang, ahead=self.ahead)
        return texts("ahead_wait", self.lang, ahead=self.ahead, minutes=max(1, round(self.wait_minutes)))

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), theme.WHITE if not self.care else theme.CARE_LIGHT)
        r, k = self.rects(), self.k()
        accent = theme.CARE if self.care else theme.GENERAL
        self.paint_main(p, r["main"], k, accent)
        self.paint_side(p, r["side"], k)
        self.paint_band(p, r["band"], k, accent)
        if self.seconds_left > 0:
            left = QRect(0, r["done"].y(), r["done"].left() - int(24 * k), r["done"].height())
            primary, secondary = texts("home_in", self.lang, seconds=self.seconds_left)
            theme.draw_text(p, left, f"{primary}　{secondary}", int(28 * k), theme.MUTED, False,
                            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter))
        p.end()

    def service_label(self) -> tuple[str, str]:
        service = next((s for s in self.office.get("services", []) if s["id"] == self.ticket.get("service")), None)
        label = names(service["name"] if service else self.ticket.get("service"), self.lang)
        category = next((c for c in self.office.get("categories", []) if c["id"] == self.ticket.get("category")),
                        None)
        if category is None:
            return label
        cat = names(category["name"], self.lang)
        return f"{label[0]}・{cat[0]}", f"{label[1]} · {cat[1]}"

    def paint_main(self, p: QPainter, area: QRect, k: float, accent: QColor) -> None:
        """The number takes whatever height the texts around it leave."""
        blocks = [(texts("your_number", self.lang), int(44 * k), theme.INK),
                  None,
                  (self.service_label(), int(38 * k), theme.INK),
                  (self.where_to_go(), int(42 * k), accent),
                  (self.ahead_text(), int(42 * k), theme.INK)]
        space = int(14 * k)
        used = sum(theme.text_height(area.width(), b[0][0], b[1], True, theme.WRAP_CENTER) +
                   theme.text_height(area.width(), b[0][1], int(b[1] * 0.62), False, theme.WRAP_CENTER) + space
                   for b in blocks if b is not None)
        number_h = max(int(90 * k), min(area.height() - used, int(400 * k)))
        y = area.y() + max(0, (area.height() - used - number_h) // 2)
        for block in blocks:
            if block is None:
                box = QRect(area.x(), y, area.width(), number_h)
                theme.draw_text(p, box, self.number, int(number_h * 1.1), accent, True,
                                int(Qt.AlignmentFlag.AlignCenter), smallest=int(60 * k))
                y += number_h
                continue
            pair, px, color = block
            y += self.paint_pair(p, QRect(area.x(), y, area.width(), area.bottom() - y), pair, px, color,
                                 ratio=0.62) + space

    def paint_side(self, p: QPainter, area: QRect, k: float) -> None:
        if self.preview is not None:
            preview_w = int(min(area.width() * 0.34, 300 * k))
            scaled = self.preview.scaled(preview_w, area.height(), Qt.AspectRatioMode.KeepAspectRatio,
                                         Qt.TransformationMode.SmoothTransformation)
            x = area.right() - scaled.width()
            p.setPen(theme.LINE)
            p.drawRect(QRect(x - 1, area.y() - 1, scaled.width() + 1, scaled.height() + 1))
            p.drawPixmap(x, area.y(), scaled)
            area = area.adjusted(0, 0, -scaled.width() - int(28 * k), 0)
        service = next((s for s in self.office.get("services", []) if s["id"] == self.ticket.get("service")), None)
        documents = service.get("documents", []) if service else []
        if not documents:
            return
        y = area.y()
        y += self.paint_pair(p, QRect(area.x(), y, area.width(), area.height()), texts("documents", self.lang),
                             int(38 * k), theme.INK, theme.WRAP_LEFT, ratio=0.65) + int(12 * k)
        bullet = int(34 * k)
        for doc in documents:
            primary, secondary = names(doc, self.lang)
            box = QRect(area.x() + bullet, y, area.width() - bullet, area.bottom() - y)
            if box.height() < int(40 * k):
                break
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(theme.INK)
            p.drawEllipse(QRectF(area.x() + 6 * k, y + 16 * k, 12 * k, 12 * k))
            y += self.paint_pair(p, box, (primary, secondary), int(32 * k), theme.INK, theme.WRAP_LEFT, bold=False,
                                 ratio=0.72) + int(14 * k)

    def paint_band(self, p: QPainter, band: QRect, k: float, accent: QColor) -> None:
        """Whether the ticket printed; if not, that the number must be noted."""
        fault = self.print_state == "fault"
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(theme.WARN_LIGHT if fault else accent if self.print_state == "printed" else theme.NEUTRAL)
        p.drawRoundedRect(QRectF(band), 16 * k, 16 * k)
        if fault:
            p.setBrush(theme.FAULT)
            p.drawRoundedRect(QRectF(band.x(), band.y(), 16 * k, band.height()), 8 * k, 8 * k)
        inner = band.adjusted(int(36 * k), int(10 * k), -int(24 * k), -int(10 * k))
        head = texts("printed" if self.print_state == "printed" else "note_number" if fault else "printing",
                     self.lang)
        if not fault:
            theme.draw_text(p, inner, f"{head[0]}　{head[1]}", int(48 * k), theme.WHITE, True,
                            theme.WRAP_LEFT_MIDDLE, smallest=int(24 * k))
            return
        message, told = self.fault_message or {}, texts("staff_told", self.lang)
        lines = [(head[0], int(54 * k), theme.FAULT, True), (head[1], int(34 * k), theme.FAULT, True),
                 (f"{pick(message, self.lang)}・{told[0]}", int(30 * k), theme.WARN, True),
                 (f"{pick(message, other(self.lang))} · {told[1]}", int(24 * k), theme.WARN, False)]
        heights = [theme.text_height(inner.width(), t, px, bold) for t, px, _c, bold in lines]
        y = inner.y() + max(0, (inner.height() - sum(heights)) // 2)
        for (text, px, color, bold), h in zip(lines, heights):
            theme.draw_text(p, QRect(inner.x(), y, inner.width(), min(h, inner.bottom() - y)), text, px, color,
                            bold, theme.WRAP_LEFT, smallest=int(px * 0.6))
            y += h


class MessageScreen(Screen):
    """One message over the whole screen: busy (a spinner) or a fault (a warning sign)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = "busy"
        self.title_key = "connecting"
        self.detail: dict | str | None = None
        self.phase = 0
        self.spin = QTimer(self, interval=100, timeout=self._turn)

    def show_message(self, kind: str, title_key: str, detail: dict | str | None = None) -> None:
        """`kind` "busy" or "fault"; `detail` a text key or a {"zh-TW", "en"} message."""
        self.kind, self.title_key, self.detail = kind, title_key, detail
        if kind == "busy":
            self.spin.start()
        else:
            self.spin.stop()
        self.update()

    def showEvent(self, event) -> None:
        if self.kind == "busy":
            self.spin.start()
        super().showEvent(event)

    def hideEvent(self, event) -> None:
        self.spin.stop()
        super().hideEvent(event)

    def _turn(self) -> None:
        self.phase = (self.phase + 1) % 12
        self.update()

    def detail_pair(self) -> tuple[str, str]:
        if isinstance(self.detail, str):
            return texts(self.detail, self.lang)
        if isinstance(self.detail, dict):
            return names(self.detail, self.lang)
        return ("", "")

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        k = self.k()
        fault = self.kind == "fault"
        p.fillRect(self.rect(), theme.WARN_LIGHT if fault else theme.PAPER)
        m = int(60 * k)
        area = self.rect().adjusted(m, m, -m, -m)
        sign = int(min(area.height() * 0.28, 260 * k))
        box = QRectF(area.center().x() - sign / 2, area.y() + area.height() * 0.12, sign, sign)
        if fault:
            self.paint_warning(p, box)
        else:
            draw_spinner(p, box, theme.GENERAL, self.phase)
        y = int(box.bottom() + 50 * k)
        color = theme.FAULT if fault else theme.GENERAL
        y += self.paint_pair(p, QRect(area.x(), y, area.width(), area.bottom() - y),
                             texts(self.title_key, self.lang), int(84 * k), color, ratio=0.55) + int(40 * k)
        self.paint_pair(p, QRect(area.x(), y, area.width(), area.bottom() - y), self.detail_pair(), int(40 * k),
                        theme.WARN if fault else theme.MUTED, ratio=0.7)
        p.end()

    @staticmethod
    def paint_warning(p: QPainter, box: QRectF) -> None:
        triangle = QPolygonF([QPointF(box.center().x(), box.top()), QPointF(box.right(), box.bottom()),
                              QPointF(box.left(), box.bottom())])
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(theme.FAULT)
        p.drawPolygon(triangle)
        w = box.width()
        p.setBrush(theme.WHITE)
        p.drawRoundedRect(QRectF(box.center().x() - w * 0.045, box.top() + w * 0.32, w * 0.09, w * 0.38),
                          w * 0.04, w * 0.04)
        p.drawEllipse(QPointF(box.center().x(), box.top() + w * 0.82), w * 0.055, w * 0.055)


class StaffScreen(Screen):
    """For staff only (five taps in the top-left corner, or Ctrl+Shift+Q): full screen
    on or off, the connection and printer state, quit."""

    fullscreenToggled = Signal()
    closed = Signal()
    quitRequested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.lines: list[tuple[str, str]] = []
        self.fullscreen = True
        self.fullscreen_tile = Tile(theme.GENERAL, theme.GENERAL_DOWN, self, text_px=36)
        self.fullscreen_tile.setObjectName("staff-fullscreen")
        self.fullscreen_tile.clicked.connect(self.fullscreenToggled)
        self.close_tile = Tile(theme.NEUTRAL, theme.NEUTRAL_DOWN, self, text_px=36)
        self.close_tile.setObjectName("staff-close")
        self.close_tile.clicked.connect(self.closed)
        self.quit_tile = Tile(theme.FAULT, theme.CARE_DOWN, self, text_px=36)
        self.quit_tile.setObjectName("staff-quit")
        self.quit_tile.clicked.connect(self.quitRequested)

    def set_info(self, lines: list[tuple[str, str]], fullscreen: bool) -> None:
        self.lines, self.fullscreen = lines, fullscreen
        self.refresh()

    def arrange(self) -> None:
        k, w, h = self.k(), self.width(), self.height()
        m, gap = int(40 * k), int(24 * k)
        tile_h = int(130 * k)
        cells = grid(QRect(m, h - m - tile_h, w - 2 * m, tile_h), 3, 3, gap)
        for tile, cell in zip((self.fullscreen_tile, self.close_tile, self.quit_tile), cells):
            tile.setGeometry(cell)
        self.fullscreen_tile.set_texts(*texts("staff_fullscreen" if self.fullscreen else "staff_windowed",
                                              self.lang))
        self.close_tile.set_texts(*texts("staff_close", self.lang))
        self.quit_tile.set_texts(*texts("staff_quit", self.lang))

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), theme.PAPER)
        k = self.k()
        m = int(40 * k)
        area = self.rect().adjusted(m, m, -m, -m)
        y = area.y()
        y += self.paint_pair(p, QRect(area.x(), y, area.width(), area.height()), texts("staff_title", self.lang),
                             int(56 * k), theme.INK, theme.WRAP_LEFT) + int(30 * k)
        for line in self.lines:
            y += self.paint_pair(p, QRect(area.x(), y, area.width(), area.height()), line, int(32 * k), theme.INK,
                                 theme.WRAP_LEFT, bold=False, ratio=0.75) + int(18 * k)
        p.end()
