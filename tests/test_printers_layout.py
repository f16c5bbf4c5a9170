"""The drawn ticket and its ESC/POS bytes: raster decoded back pixel for pixel, native Big5 checked."""

import dataclasses
import sys

import pytest
from PIL import Image, ImageChops
from PySide6.QtGui import QImage, QPainter

from printers import render_ticket
from printers.content import qr_payload, ticket_content
from printers.escpos_bytes import columns, native_bytes, raster_bytes, wrap
from printers.layout import _Sheet
from shared.office import Name, load_office
from tests.printer_fakes import decode_raster

OFFICE = load_office()
GENERAL = {"id": 42, "number": "A012", "queue": "general", "service": "transcript", "category": None,
           "status": "waiting", "issued_at": "2026-11-26T09:12:03+08:00", "called_at": None, "counter": None}
CARE = dict(GENERAL, id=43, number="C003", queue="care", service="marriage", category="elderly")


def black_rows(img: QImage, share: float = 0.9) -> int:
    """The longest run of rows that are nearly all black (the care band, not a thin rule)."""
    gray = img.convertToFormat(QImage.Format.Format_Grayscale8)
    best = run = 0
    for y in range(gray.height()):
        dark = sum(1 for x in range(0, gray.width(), 4) if gray.pixelColor(x, y).lightness() < 128)
        run = run + 1 if dark >= share * gray.width() / 4 * 0.9 else 0
        best = max(best, run)
    return best


def as_pil_from_qt(img: QImage) -> Image.Image:
    """The image through Qt's own conversion, independent of our packing code."""
    gray = img.convertToFormat(QImage.Format.Format_Grayscale8)
    pil = Image.frombuffer("L", (gray.width(), gray.height()), bytes(gray.constBits()), "raw", "L",
                           gray.bytesPerLine(), 1)
    return pil.point(lambda v: 255 if v >= 128 else 0).convert("1")


# --- what the ticket says ---------------------------------------------------------------

def test_content_of_a_general_ticket():
    c = ticket_content(OFFICE, GENERAL, 3, 15)
    assert c.issued == "民國115年11月26日 09:12"
    assert (c.ahead.zh, c.ahead.en) == ("前面還有 3 人・約 15 分鐘", "3 ahead · about 15 min")
    assert c.service.zh == "戶籍謄本" and c.queue.en == "General"
    assert not c.care and c.category is None
    assert [d.zh for d in c.documents] == ["本人身分證", "代理人：委託書及雙方身分證"]
    assert c.qr == "QH:A012:42" == qr_payload("A012", 42)


def test_content_of_a_care_ticket_and_odd_inputs():
    c = ticket_content(OFFICE, CARE, 0, None)
    assert c.care and c.category == Name("年長者", "Elderly")
    assert c.ahead.en == "You are next"
    assert ticket_content(OFFICE, GENERAL, 2, None).ahead.zh == "前面還有 2 人"
    # Issued in UTC: printed in office time.
    assert ticket_content(OFFICE, dict(GENERAL, issued_at="2026-11-26T01:12:03+00:00"), 1, 1).issued.endswith("09:12")
    gone = ticket_content(OFFICE, dict(GENERAL, service="no_such_service"), 1, 5)
    assert gone.service.zh == "no_such_service" and gone.documents == ()


# --- the drawn ticket --------------------------------------------------------------------

@pytest.mark.parametrize("width", [576, 384])
@pytest.mark.parametrize("ticket", [GENERAL, CARE], ids=["general", "care"])
def test_render_is_one_bit_and_paper_wide(qapp, ticket, width):
    img = render_ticket(OFFICE, ticket, 3, 15, width)
    assert img.format() == QImage.Format.Format_Mono
    assert img.width() == width and 600 < img.height() < 2000
    colors = {img.pixelIndex(x, y) for x in range(0, width, 3) for y in range(0, img.height(), 3)}
    assert colors == {0, 1}


def test_care_ticket_has_the_inverted_band(qapp):
    assert black_rows(render_ticket(OFFICE, CARE, 3, 15)) > 12
    assert black_rows(render_ticket(OFFICE, GENERAL, 3, 15)) < 4  # only 2-dot rules


def test_long_text_wraps_instead_of_running_off(qapp):
    long_office = dataclasses.replace(OFFICE, name=Name("金門縣金沙鎮戶政事務所" * 3, "Jinsha " * 12))
    short, long = render_ticket(OFFICE, GENERAL, 3, 15, 384), render_ticket(long_office, GENERAL, 3, 15, 384)
    assert long.height() > short.height() + 60


def test_qr_modules_are_drawn_as_the_matrix(qapp):
    import qrcode

    canvas = QImage(300, 300, QImage.Format.Format_Grayscale8)
    canvas.fill(255)
    painter = QPainter(canvas)
    sheet = _Sheet(painter, 300)
    sheet.y = 0
    side = sheet.qr("QH:A012:42", 0, 84)
    painter.end()
    code = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data("QH:A012:42")
    matrix = code.get_matrix()
    module = side // len(matrix)
    assert module >= 3
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            px = canvas.pixelColor(c * module + module // 2, r * module + module // 2).lightness()
            assert (px < 128) == dark, (r, c)


def test_drawing_keeps_the_references_to_none(qapp):
    """Guards the PySide6 pin: 6.12.0 (abi3, 3.12 headers) on Python 3.11 drops a reference to
    None on every Qt call that returns nothing; a kiosk drawing tickets all day would abort."""
    before = sys.getrefcount(None)
    for _ in range(20):
        render_ticket(OFFICE, CARE, 3, 15, 384)
    assert sys.getrefcount(None) >= before - 20


# --- raster bytes ------------------------------------------------------------------------

@pytest.mark.parametrize("width", [576, 384])
def test_raster_bytes_decode_back_to_the_drawn_ticket(qapp, width):
    img = render_ticket(OFFICE, CARE, 3, 15, width)
    data = raster_bytes(img)
    assert data.startswith(b"\x1b@")  # ESC @
    assert data.endswith(b"\x1dV\x00")  # full cut
    decoded = decode_raster(data)
    assert decoded.size == (width, img.height())
    assert ImageChops.difference(decoded.convert("L"), as_pil_from_qt(img).convert("L")).getbbox() is None


# --- native bytes ------------------------------------------------------------------------

def chinese_segments(data: bytes) -> list[bytes]:
    """The bytes between each FS & and the FS . that must follow it."""
    out, i = [], data.find(b"\x1c&")
    while i != -1:
        end = data.find(b"\x1c.", i)
        assert end != -1, "FS & without FS ."
        assert data.find(b"\x1c&", i + 2, end) == -1, "FS & twice"
        out.append(data[i + 2:end])
        i = data.find(b"\x1c&", end)
    return out


def test_native_bytes_big5_chinese_mode_qr_and_cut():
    data = native_bytes(ticket_content(OFFICE, CARE, 3, 15), 576)
    assert data.startswith(b"\x1b@") and data.endswith(b"\x1dV\x00")
    segments = b"".join(chinese_segments(data))
    for text in ("金門縣金沙鎮戶政事務所", "結婚／離婚登記", "請至愛心櫃台", "民國115年11月26日 09:12",
                 "雙方身分證及印章"):
        assert text.encode("cp950") in segments, text  # Big5 as Windows (and Taiwan) writes it
    assert "前面還有 3 人‧約 15 分鐘".encode("cp950") in segments  # ・ is not in Big5
    assert "戶".encode("utf-8") not in data
    assert b"\x1c!\x0c" in data and b"\x1d!\x11" in data  # Chinese and ASCII double size
    assert b"\x1d!\x77C003\n" in data  # the number at 8 x 8
    payload = b"QH:C003:43"
    store = b"\x1d(k" + bytes([len(payload) + 3, 0]) + b"1P0" + payload
    assert store in data and b"\x1d(k\x03\x001Q0" in data  # store and print the QR code
    assert b"Marriage / divorce\n" in data  # English outside the Chinese mode


@pytest.mark.parametrize("width", [576, 384])
def test_native_tickets_fit_a_9600_baud_line(width):
    for service in OFFICE.services:
        for ticket in (GENERAL, CARE):
            data = native_bytes(ticket_content(OFFICE, dict(ticket, service=service.id), 123, 95), width)
            assert len(data) < 1900, (service.id, len(data))  # < 2 s at 9600 baud


def test_native_wrapping_counts_chinese_as_two_columns():
    assert columns("A戶") == 3
    lines = wrap("結婚（離婚）書約（證人二人簽名）Marriage agreement", 10)
    assert all(columns(line) <= 10 for line in lines)
    assert not any(line.startswith("）") for line in lines)
    assert wrap("Marriage (divorce) agreement signed", 16) == ["Marriage", "(divorce)", "agreement signed"]
