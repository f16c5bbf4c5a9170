"""The ticket drawn with Qt as a 1-bit image, as wide as the paper: 576 dots (80 mm) or 384 (58 mm).

Text is drawn anti-aliased in grey and then cut at a threshold, never dithered: dithered
glyph edges print as fuzz on a thermal head.
"""

from __future__ import annotations

import qrcode
from PIL import Image
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFontMetrics, QImage, QPainter

from shared.office import Office
from shared.qt.fonts import font

from .content import BRING, CARE, TicketContent, ticket_content

THRESHOLD = 160  # grey below this prints black; above 128 keeps thin strokes of small glyphs
MAX_HEIGHT = 4000
BLACK, WHITE = QColor(0, 0, 0), QColor(255, 255, 255)
CENTER = int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap)


class _Sheet:
    """A painter that moves down the paper as it draws."""

    def __init__(self, painter: QPainter, width: int):
        self.p = painter
        self.width = width
        self.margin = max(12, width // 36)
        self.y = self.margin
        self.inner = width - 2 * self.margin

    def text(self, s: str, px: int, bold: bool = False, flags: int = CENTER, indent: int = 0,
             color: QColor = BLACK, after: int = 0) -> QRect:
        if not s:
            return QRect(self.margin, self.y, self.inner, 0)
        self.p.setFont(font(px, bold))
        self.p.setPen(color)
        box = QRect(self.margin + indent, self.y, self.inner - indent, MAX_HEIGHT)
        used = self.p.boundingRect(box, flags, s)
        box.setHeight(used.height())
        self.p.drawText(box, flags, s)
        self.y += used.height() + after
        return used

    def rule(self, gap: int = 10, thick: int = 2):
        self.y += gap
        self.p.fillRect(self.margin, self.y, self.inner, thick, BLACK)
        self.y += thick + gap

    def big_number(self, s: str):
        """The number as large as the paper allows, glyph tops to bottoms without font padding."""
        probe = font(100, True)
        adv = QFontMetrics(probe).horizontalAdvance(s) or 1
        px = int(min(100 * self.inner * 0.96 / adv, self.width * 0.42))
        f = font(px, True)
        tight = QFontMetrics(f).tightBoundingRect(s)
        self.p.setFont(f)
        self.p.setPen(BLACK)
        x = self.margin + (self.inner - tight.width()) // 2 - tight.left()
        self.y += px // 12
        self.p.drawText(x, self.y - tight.top(), s)
        self.y += tight.height() + px // 10

    def inverted(self, lines: list[tuple[str, int, bool]]):
        """White text on a black band: the care notice has to stand out."""
        pad = 10
        top = self.y
        self.y += pad
        heights = []
        for text, px, bold in lines:  # measure first: the band goes under the text
            self.p.setFont(font(px, bold))
            heights.append(self.p.boundingRect(QRect(0, 0, self.inner - 2 * pad, MAX_HEIGHT), CENTER, text).height())
        self.p.fillRect(self.margin, top, self.inner, sum(heights) + 2 * pad, BLACK)
        for text, px, bold in lines:
            self.text(text, px, bold, color=WHITE)
        self.y += pad

    def qr(self, payload: str, x: int, size: int) -> int:
        """A QR code of about `size` dots at (x, y); returns its real side."""
        code = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
        code.add_data(payload)
        code.make(fit=True)
        matrix = code.get_matrix()
        module = max(3, size // len(matrix))
        for r, row in enumerate(matrix):
            for c, dark in enumerate(row):
                if dark:
                    self.p.fillRect(x + c * module, self.y + r * module, module, module, BLACK)
        return module * len(matrix)


def _draw(sheet: _Sheet, t: TicketContent):
    narrow = sheet.width < 480
    sheet.text(t.office.zh, 30 if narrow else 34, True)
    sheet.text(t.office.en, 19 if narrow else 21)
    sheet.rule(8)
    sheet.text(f"{t.queue.zh}  {t.queue.en}", 24, True)
    sheet.big_number(t.number)
    sheet.text(t.service.zh, 34 if narrow else 38, True)
    sheet.text(t.service.en, 22, after=10)
    if t.appointment:
        sheet.inverted([(t.appointment.zh, 32 if narrow else 36, True), (t.appointment.en, 22, True)])
        sheet.y += 10
    if t.care:
        band = [(CARE.zh, 32 if narrow else 36, True), (CARE.en, 22, True)]
        if t.category:
            band.append((f"{t.category.zh} {t.category.en}", 22, False))
        sheet.inverted(band)
        sheet.y += 10
    sheet.text(t.ahead.zh, 28 if narrow else 32, True)
    sheet.text(t.ahead.en, 22)
    sheet.text(t.issued, 22 if narrow else 24)
    if t.documents:
        sheet.rule(10)
        sheet.text(f"{BRING.zh}  {BRING.en}", 24, True, LEFT, after=4)
        bullet = 26
        for doc in t.documents:
            dot = 8
            sheet.p.fillRect(sheet.margin + 6, sheet.y + 18 - dot // 2, dot, dot, BLACK)
            sheet.text(doc.zh, 24, flags=LEFT, indent=bullet)
            sheet.text(doc.en, 19, flags=LEFT, indent=bullet, after=6)
    sheet.rule(10)
    side = 132 if narrow else 156
    x = sheet.margin
    top = sheet.y
    real = sheet.qr(t.qr, x, side)
    # Beside the QR code: its number and the footer, wrapped in what is left.
    text_left = real + 16
    sheet.text(f"{t.number}  #{t.ticket_id}", 26, True, LEFT, indent=text_left, after=4)
    sheet.text(t.footer.zh, 20, flags=LEFT, indent=text_left, after=2)
    sheet.text(t.footer.en, 18, flags=LEFT, indent=text_left)
    sheet.y = max(sheet.y, top + real) + sheet.margin


_INVERT = bytes(255 - b for b in range(256))


def to_mono(gray: QImage) -> QImage:
    """Threshold a Grayscale8 image to Format_Mono with bit 1 = black, as ESC/POS wants it."""
    w, h = gray.width(), gray.height()
    pil = Image.frombuffer("L", (w, h), bytes(gray.constBits()), "raw", "L", gray.bytesPerLine(), 1)
    # PIL's "1" packs white as 1; ESC/POS and our colour table want black as 1.
    bits = pil.point(lambda v: 255 if v >= THRESHOLD else 0, "1").tobytes().translate(_INVERT)
    mono = QImage(bits, w, h, (w + 7) // 8, QImage.Format.Format_Mono).copy()
    mono.setColorTable([WHITE.rgb(), BLACK.rgb()])
    return mono


def mono_to_pil(mono: QImage) -> Image.Image:
    """A Format_Mono image as a PIL "1" image, for python-escpos."""
    mono = mono.convertToFormat(QImage.Format.Format_Mono)
    w, h = mono.width(), mono.height()
    row, stride = (w + 7) // 8, mono.bytesPerLine()
    data = bytes(mono.constBits())
    packed = b"".join(data[y * stride:y * stride + row] for y in range(h))
    if QColor(mono.color(0)).lightness() < 128:  # index 0 is black: already PIL's order
        return Image.frombytes("1", (w, h), packed)
    return Image.frombytes("1", (w, h), packed.translate(_INVERT))


def render_ticket(office: Office, ticket: dict, ahead: int, wait_minutes: float | None,
                  width: int = 576) -> QImage:
    """The ticket as a Format_Mono QImage `width` dots wide (needs a QGuiApplication)."""
    return render_content(ticket_content(office, ticket, ahead, wait_minutes), width)


def render_content(content: TicketContent, width: int = 576) -> QImage:
    canvas = QImage(width, MAX_HEIGHT, QImage.Format.Format_Grayscale8)
    canvas.fill(WHITE)
    painter = QPainter(canvas)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    sheet = _Sheet(painter, width)
    try:
        _draw(sheet, content)
    finally:
        painter.end()
    return to_mono(canvas.copy(0, 0, width, min(sheet.y, MAX_HEIGHT)))
