"""queue-printer: status, test and render, with clear messages and exit codes, no tracebacks."""

from PySide6.QtGui import QImage

from printers.cli import main
from tests.printer_fakes import FakeSerialPrinter, decode_raster


def test_render_both_widths(qapp, tmp_path, capsys):
    for width, care in ((576, False), (384, True)):
        out = tmp_path / f"t{width}.png"
        args = ["render", "--out", str(out), "--width", str(width)] + (["--care"] if care else [])
        assert main(args) == 0
        assert QImage(str(out)).width() == width
    assert "dots" in capsys.readouterr().out


def test_test_ticket_to_preview(qapp, tmp_path, capsys):
    assert main(["test", "--printer", f"preview:{tmp_path}"]) == 0
    assert "A001-1.png" in capsys.readouterr().out
    assert decode_raster((tmp_path / "A001-1.bin").read_bytes()).width == 576
    assert main(["test", "--printer", f"preview:{tmp_path}", "--mode", "native", "--care"]) == 0
    assert b"\x1c&" in (tmp_path / "C001-1.bin").read_bytes()


def test_status_of_a_serial_printer(capsys):
    fake = FakeSerialPrinter()
    try:
        assert main(["status", "--printer", fake.url]) == 0
        assert "online, paper ok" in capsys.readouterr().out
        fake.state = "paper_out"
        assert main(["status", "--printer", fake.url]) == 1
        err = capsys.readouterr().err
        assert "paper_out" in err and "印表機缺紙" in err and "What to do:" in err
    finally:
        fake.close()


def test_errors_are_messages_not_tracebacks(capsys, tmp_path):
    assert main(["status", "--printer", "lpt1"]) == 1
    err = capsys.readouterr().err
    assert "bad_config" in err and "usb:VID:PID" in err and "Traceback" not in err
    assert main(["test", "--printer", f"file:{tmp_path}/missing/lp0"]) == 1
    err = capsys.readouterr().err
    assert "not_found" in err and "找不到印表機" in err and "Traceback" not in err
