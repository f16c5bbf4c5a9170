"""Printers over real connections: a pty for serial, 127.0.0.1 for TCP, files, folders, USB."""

import errno
import socket
import time
import types

import pytest
from PySide6.QtGui import QImage

from printers import PrinterError, PrinterStatus, open_printer
from printers.content import ticket_content
from printers.errors import CODES, PrinterError as Err, from_exception
from printers.escpos_bytes import native_bytes, raster_bytes
from printers.layout import render_content
from shared.office import load_office
from tests.printer_fakes import FakeSerialPrinter, FakeTcpPrinter, decode_raster

OFFICE = load_office()
TICKET = {"id": 42, "number": "A012", "queue": "general", "service": "transcript", "category": None,
          "status": "waiting", "issued_at": "2026-11-26T09:12:03+08:00", "called_at": None, "counter": None}
BOUND = 5.0  # WAIT_S is 2 s; generous so a busy CI machine does not fail the test


def assert_bilingual(e: PrinterError):
    assert e.code in CODES
    for part in (e.message, e.action):
        assert part["zh-TW"] and part["en"]
    assert e.message["zh-TW"] in str(e) and e.message["en"] in str(e) and "\n" not in str(e)


@pytest.fixture
def serial_printer():
    fake = FakeSerialPrinter()
    yield fake
    fake.close()


@pytest.fixture
def tcp_printer():
    fake = FakeTcpPrinter()
    yield fake
    fake.close()


# --- serial through a pty ----------------------------------------------------------------

def test_serial_paper_ok_then_out_then_silent(serial_printer):
    printer = open_printer(serial_printer.url)
    try:
        assert printer.mode == "native"  # 9600 baud
        assert printer.status() == PrinterStatus(True, "ok", None)
        assert printer.print_ticket(OFFICE, TICKET, 3, 15) is None
        expected = native_bytes(ticket_content(OFFICE, TICKET, 3, 15), 576)
        deadline = time.monotonic() + BOUND
        while expected not in serial_printer.data() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert expected in serial_printer.data()

        serial_printer.state = "paper_out"
        serial_printer.clear()
        with pytest.raises(PrinterError) as out:
            printer.print_ticket(OFFICE, TICKET, 3, 15)
        assert out.value.code == "paper_out"
        assert_bilingual(out.value)
        time.sleep(0.1)
        assert serial_printer.data().replace(b"\x10\x04", b"").strip(b"\x01\x02\x04") == b""  # nothing printed
        status = printer.status()
        assert (status.online, status.paper, status.error.code) == (False, "out", "paper_out")

        serial_printer.state = "silent"
        started = time.monotonic()
        with pytest.raises(PrinterError) as silent:
            printer.print_ticket(OFFICE, TICKET, 3, 15)
        assert silent.value.code == "timeout" and time.monotonic() - started < BOUND
        assert_bilingual(silent.value)

        serial_printer.state = "ok"  # and it recovers by itself
        assert printer.status().error is None
    finally:
        printer.close()


@pytest.mark.parametrize("state, code, paper", [
    ("near_end", None, "near_end"), ("cover_open", "cover_open", "ok"), ("garbage", "bad_config", "unknown"),
])
def test_serial_other_states(serial_printer, state, code, paper):
    serial_printer.state = state
    printer = open_printer(serial_printer.url)
    try:
        status = printer.status()
        assert status.paper == paper
        assert (status.error.code if status.error else None) == code
        if code is None:  # paper near its end still prints
            printer.print_ticket(OFFICE, TICKET, 3, 15)
    finally:
        printer.close()


def test_fast_serial_line_prints_raster(qapp):
    fake = FakeSerialPrinter(baudrate=115200)
    try:
        printer = open_printer(fake.url)
        assert printer.mode == "raster"
        assert open_printer(fake.url, mode="native").mode == "native"
        printer.close()
    finally:
        fake.close()


def test_missing_serial_port():
    with pytest.raises(PrinterError) as e:
        open_printer("serial:/dev/ttyNoSuchPort?baudrate=9600")
    assert e.value.code == "not_found"
    assert_bilingual(e.value)


# --- TCP on 127.0.0.1 --------------------------------------------------------------------

def test_tcp_printer_receives_the_raster_ticket(qapp, tcp_printer):
    printer = open_printer(tcp_printer.url)
    assert printer.mode == "raster"
    printer.print_ticket(OFFICE, TICKET, 3, 15)
    expected = raster_bytes(render_content(ticket_content(OFFICE, TICKET, 3, 15), 576))
    deadline = time.monotonic() + BOUND
    while expected not in tcp_printer.data() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert expected in tcp_printer.data()
    assert tcp_printer.queries >= 2  # status was asked before the ticket
    printer.close()


def test_tcp_printer_that_never_answers(tcp_printer):
    tcp_printer.state = "silent"
    printer = open_printer(tcp_printer.url, mode="native")
    started = time.monotonic()
    with pytest.raises(PrinterError) as e:
        printer.print_ticket(OFFICE, TICKET, 3, 15)
    assert e.value.code == "timeout" and time.monotonic() - started < BOUND
    assert_bilingual(e.value)
    assert b"\x1c&" not in tcp_printer.data()  # the ticket itself was never sent
    printer.close()


def test_tcp_printer_that_hangs_up_is_not_paper_ok():
    fake = FakeTcpPrinter(hang_up=True)
    try:
        status = open_printer(fake.url).status()
        assert not status.online and status.paper == "unknown"
        assert status.error.code in ("offline", "write_failed")
    finally:
        fake.close()


def test_tcp_nobody_listening():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(PrinterError) as e:
        open_printer(f"tcp://127.0.0.1:{port}")
    assert e.value.code == "offline"
    assert_bilingual(e.value)


def test_tcp_status_off_skips_queries(tcp_printer):
    tcp_printer.state = "silent"
    printer = open_printer(tcp_printer.url + "?status=off", mode="native")
    assert printer.status() == PrinterStatus(True, "unknown", None)
    printer.print_ticket(OFFICE, TICKET, 3, 15)


# --- preview, file, usb ------------------------------------------------------------------

def test_preview_writes_png_and_exact_bytes(qapp, tmp_path):
    printer = open_printer(f"preview:{tmp_path / 'out'}")
    assert printer.status() == PrinterStatus(True, "ok", None)
    png = printer.print_ticket(OFFICE, TICKET, 3, 15)
    assert png == tmp_path / "out" / "A012-42.png"
    image = QImage(str(png))
    assert image.width() == 576
    data = png.with_suffix(".bin").read_bytes()
    assert decode_raster(data).size == (576, image.height())

    native = open_printer(f"preview:{tmp_path}?width=384", mode="native")
    png = native.print_ticket(OFFICE, TICKET, 3, 15)
    assert QImage(str(png)).width() == 384
    assert png.with_suffix(".bin").read_bytes() == native_bytes(ticket_content(OFFICE, TICKET, 3, 15), 384)


def test_preview_into_a_file_is_an_error(tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(PrinterError) as e:
        open_printer(f"preview:{tmp_path / 'f' / 'sub'}")
    assert_bilingual(e.value)


def test_file_printer(qapp, tmp_path):
    target = tmp_path / "lp0"
    printer = open_printer(f"file:{target}", mode="native")
    assert printer.status() == PrinterStatus(True, "unknown", None)
    printer.print_ticket(OFFICE, TICKET, 3, 15)
    printer.close()
    assert target.read_bytes() == native_bytes(ticket_content(OFFICE, TICKET, 3, 15), 576)
    with pytest.raises(PrinterError) as e:
        open_printer(f"file:{tmp_path / 'no' / 'lp0'}")
    assert e.value.code == "not_found"


def test_usb_printer_that_is_not_there():
    with pytest.raises(PrinterError) as e:
        open_printer("usb:dead:beef")
    # Without pyusb installed this is a configuration problem; with it, the device is not found.
    assert e.value.code in ("not_found", "bad_config")
    assert_bilingual(e.value)


@pytest.fixture
def fake_pyusb(monkeypatch):
    """python-escpos's own Usb class over a stand-in for pyusb, as when no such device is plugged in."""
    import escpos.printer.usb as escpos_usb

    class USBError(IOError):
        def __init__(self, strerror, error_code=None, errno=None):
            IOError.__init__(self, errno, strerror)

    class NoBackendError(ValueError):
        pass

    core = types.SimpleNamespace(USBError=USBError, NoBackendError=NoBackendError, Device=object, find=lambda **kw: None)
    usb = types.SimpleNamespace(core=core, util=types.SimpleNamespace(dispose_resources=lambda d: None))
    monkeypatch.setattr(escpos_usb, "usb", usb, raising=False)
    monkeypatch.setattr(escpos_usb, "_DEP_USB", True)
    return core


def test_usb_through_python_escpos_errors(fake_pyusb):
    with pytest.raises(PrinterError) as e:
        open_printer("usb:04b8:0202")
    assert e.value.code == "not_found"

    def denied(**kw):
        raise fake_pyusb.USBError("Access denied (insufficient permissions)", -3, errno.EACCES)
    fake_pyusb.find = denied
    with pytest.raises(PrinterError) as e:
        open_printer("usb:04b8:0202")
    assert e.value.code == "permission_denied"
    assert 'ATTRS{idVendor}=="04b8"' in e.value.action["en"] and "udevadm" in e.value.action["zh-TW"]

    def no_backend(**kw):
        raise fake_pyusb.NoBackendError("No backend available")
    fake_pyusb.find = no_backend
    with pytest.raises(PrinterError) as e:
        open_printer("usb:04b8:0202")
    assert e.value.code == "bad_config" and "libusb" in e.value.action["en"]


# --- errors ------------------------------------------------------------------------------

def test_every_code_is_bilingual():
    for code in CODES:
        assert_bilingual(Err(code, detail="line one\nline two"))


@pytest.mark.parametrize("exc, code", [
    (PermissionError(errno.EACCES, "Permission denied"), "permission_denied"),
    (OSError(errno.EBUSY, "Device or resource busy"), "busy"),
    (TimeoutError("timed out"), "timeout"),
    (ConnectionResetError(errno.ECONNRESET, "reset"), "offline"),
    (socket.gaierror(-2, "Name or service not known"), "not_found"),
    (OSError(errno.EINVAL, "odd"), "write_failed"),
])
def test_exceptions_are_mapped(exc, code):
    e = from_exception(exc, "serial", "serial:/dev/ttyUSB0", "write")
    assert e.code == code
    assert_bilingual(e)
    if code == "permission_denied":
        assert "usermod -aG dialout" in e.action["en"]


@pytest.mark.parametrize("url", ["", "lpt1", "usb:04b8", "tcp://", "serial:/dev/ttyUSB0?baudrate=1000",
                                 "serial:/dev/ttyUSB0?speed=9600", "file:", "preview:x?width=9"])
def test_bad_urls(url):
    with pytest.raises(PrinterError) as e:
        open_printer(url)
    assert e.value.code == "bad_config"
    assert "usb:VID:PID" in e.value.message["en"] and "tcp://" in e.value.message["zh-TW"]


def test_bad_mode_and_profile(tmp_path):
    for kwargs in ({"mode": "pdf"}, {"profile": "NoSuchPrinter"}, {"profile": "TM-T88V"}):
        with pytest.raises(PrinterError) as e:
            open_printer(f"preview:{tmp_path}?width=576", **kwargs)
        assert e.value.code == "bad_config"
        assert_bilingual(e.value)
    assert open_printer(f"preview:{tmp_path}", profile="POS-5890").width == 384
