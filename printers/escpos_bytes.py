"""ESC/POS bytes for a ticket, built with python-escpos's Dummy printer.

raster: the drawn ticket as `GS v 0` bit images (~40-110 KB, looks the same on every printer).
native: the printer's own fonts: Big5 text in its Chinese mode (FS & ... FS .), its own
double-size commands, its own QR code (GS ( k). About 1 KB: what a 9600-baud line can carry.
"""

from __future__ import annotations

import unicodedata

from escpos.capabilities import get_profile
from escpos.constants import QR_ECLEVEL_M
from escpos.printer import Dummy
from PySide6.QtGui import QImage

from .content import BRING, CARE, TicketContent
from .errors import bad_config
from .layout import mono_to_pil

FS, GS = b"\x1c", b"\x1d"
CHINESE_ON, CHINESE_OFF = FS + b"&", FS + b"."
DOT_WIDTH = 12  # font A is 12 x 24 dots; a Chinese character takes two columns
# Characters Big5 lacks, and what to print instead.
_BIG5_FIX = str.maketrans({"・": "‧", "–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"'})


def check_profile(profile: str | None):
    """The python-escpos profile called `profile`, or PrinterError("bad_config")."""
    try:
        return get_profile(profile)
    except Exception as e:
        raise bad_config(f"沒有名為 {profile} 的印表機型號設定", f"no printer profile called {profile!r}",
                         detail=str(e)) from None


def profile_width(profile: str | None) -> int | None:
    pixels = check_profile(profile).profile_data.get("media", {}).get("width", {}).get("pixels")
    return pixels if isinstance(pixels, int) else None


def _dummy(profile: str | None, width: int) -> Dummy:
    check_profile(profile)
    p = Dummy(profile=profile)
    # Give python-escpos the paper width so that it neither prints a warning nor refuses the image.
    data = dict(p.profile.profile_data)
    data["media"] = {**data.get("media", {}), "width": {"mm": round(width / 8), "pixels": width}}
    p.profile.profile_data = data
    return p


def raster_bytes(image: QImage, profile: str | None = None) -> bytes:
    """Initialise, the image as GS v 0 raster blocks, feed and cut."""
    p = _dummy(profile, image.width())
    p.hw("INIT")
    p.image(mono_to_pil(image), impl="bitImageRaster", center=False)
    p.cut()
    return p.output


def columns(text: str) -> int:
    """Print columns of `text`: two for each Chinese (wide) character."""
    return sum(1 if c.isascii() else 2 for c in text)


_NO_LINE_START = set("，。、：；！？）」』〕】,.;:!?)")


def _tokens(text: str) -> list[str]:
    """English words and spaces, and Chinese characters one by one."""
    tokens, word = [], ""
    for c in text:
        if c.isascii() and c != " ":
            word += c
            continue
        if word:
            tokens.append(word)
            word = ""
        tokens.append(c)
    if word:
        tokens.append(word)
    return tokens


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` columns, breaking English at spaces and Chinese anywhere
    except before closing punctuation."""
    lines, line = [], ""
    for tok in _tokens(text):
        while columns(tok) > width:  # a word longer than a line
            cut = max(1, width - columns(line))
            lines.append(line + tok[:cut])
            line, tok = "", tok[cut:]
        if columns(line + tok) <= width or not line.strip():
            line += tok
            continue
        carry = ""
        if tok in _NO_LINE_START and len(line) > 1 and not line[-1].isascii():
            line, carry = line[:-1], line[-1]
        lines.append(line.rstrip())
        line = "" if tok == " " else carry + tok
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


# Size: (GS ! n for ASCII, FS ! n for Chinese, columns taken by one character)
NORMAL, TALL, DOUBLE = (0x00, 0x00, 1), (0x01, 0x08, 1), (0x11, 0x0C, 2)


class _Native:
    """Writes lines through python-escpos, Chinese ones in the printer's Chinese mode."""

    def __init__(self, p: Dummy, width: int):
        self.p = p
        self.cols = width // DOT_WIDTH

    def line(self, text: str, size=NORMAL, bullet: str = ""):
        """`text` wrapped to the paper; with `bullet`, a hanging indent under it."""
        if not text:
            return
        ascii_size, chinese_size, scale = size
        if size != NORMAL:
            self.p._raw(GS + b"!" + bytes([ascii_size]) + FS + b"!" + bytes([chinese_size]))
        hang = columns(bullet)
        for i, part in enumerate(wrap(text, self.cols // scale - hang)):
            self._write((bullet if i == 0 else " " * hang) + part)
        if size != NORMAL:
            self.p._raw(GS + b"!\x00" + FS + b"!\x00")

    def _write(self, text: str):
        if text.isascii():
            self.p._raw(text.encode("ascii") + b"\n")
            return
        text = unicodedata.normalize("NFC", text).translate(_BIG5_FIX)
        self.p._raw(CHINESE_ON + text.encode("cp950", errors="replace") + b"\n" + CHINESE_OFF)

    def big(self, text: str):
        """The ticket number in the printer's largest magnification that fits."""
        n = max(1, min(8, int(self.cols * 0.85) // max(1, len(text))))
        self.p._raw(GS + b"!" + bytes([(n - 1) << 4 | (n - 1)]) + text.encode("ascii", "replace") + b"\n")
        self.p._raw(GS + b"!\x00")

    def rule(self):
        self.p._raw(b"-" * self.cols + b"\n")


def native_bytes(c: TicketContent, width: int = 576, profile: str | None = None) -> bytes:
    p = _dummy(profile, width)
    out = _Native(p, width)
    p.hw("INIT")
    p.set(align="center")
    out.line(c.office.zh, DOUBLE)
    out.line(c.office.en)
    out.rule()
    out.line(f"{c.queue.zh} {c.queue.en}")
    out.big(c.number)
    out.line(c.service.zh, DOUBLE)
    out.line(c.service.en)
    if c.appointment:
        out.line(f" {c.appointment.zh} ", DOUBLE)
        out.line(c.appointment.en)
    if c.care:
        p.set(invert=True)
        out.line(f" {CARE.zh} ", DOUBLE)
        p.set(invert=False)
        out.line(CARE.en)
        if c.category:
            out.line(f"{c.category.zh} {c.category.en}")
    out.line(c.ahead.zh, TALL)
    out.line(c.ahead.en)
    out.line(c.issued)
    if c.documents:
        out.rule()
        p.set(align="left")
        out.line(f"{BRING.zh} {BRING.en}:")
        for doc in c.documents:
            out.line(doc.zh, bullet="● ")
            out.line(doc.en, bullet="   ")
        p.set(align="center")
    out.rule()
    p.qr(c.qr, ec=QR_ECLEVEL_M, size=6 if width >= 480 else 5, native=True)
    out.line(f"{c.number} #{c.ticket_id}")
    out.line(c.footer.zh)
    out.line(c.footer.en)
    p.cut()
    return p.output
