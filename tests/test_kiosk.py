"""The kiosk against the real service on 127.0.0.1, printing to a `preview:` folder."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage

from kiosk.config import load_config
from kiosk.main import create_window, main
from printers import links
from printers.errors import PrinterError
from printers.status import PrinterStatus
from shared.office import ConfigError


@pytest.fixture
def tickets(tmp_path):
    return tmp_path / "tickets"


@pytest.fixture
def kiosk(qtbot, server, tickets):
    """Makes a kiosk window (config overrides as keywords), shown and at its home screen."""

    def make(wait_home=True, **overrides):
        config = {"server_url": server.url, "token": server.token("kiosk"), "printer": f"preview:{tickets}",
                  "fullscreen": False, **overrides}
        window = create_window(config)
        qtbot.addWidget(window)
        window.resize(1920, 1080)
        window.show()
        if wait_home:
            qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home, timeout=10000)
        return window

    return make


def tile(window, name):
    return window.findChild(type(window.home.language_tile), name)


def waiting(server) -> dict:
    return server.client().get("/state").json()["waiting"]


def kiosk_alerts(server) -> list[dict]:
    return [a for a in server.client().get("/state").json()["alerts"] if a["source"] == "kiosk-1"]


def test_a_touch_issues_prints_and_shows_one_ticket(qtbot, server, kiosk, tickets):
    w = kiosk()
    qtbot.mouseClick(tile(w, "service-transcript"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.confirm and w.confirm.print_state == "printed",
                    timeout=10000)
    assert w.confirm.number == "A001"
    assert waiting(server) == {"general": 1, "care": 0}
    assert len(list(tickets.glob("A001-*.png"))) == 1 and len(list(tickets.glob("A001-*.bin"))) == 1
    assert w.confirm.preview is not None  # the preview printer's picture, shown small
    qtbot.mouseClick(tile(w, "done"), Qt.MouseButton.LeftButton)
    assert w.stack.currentWidget() is w.home


def test_care_path_gives_a_care_ticket_in_two_touches(qtbot, server, kiosk):
    w = kiosk()
    qtbot.mouseClick(tile(w, "category-elderly"), Qt.MouseButton.LeftButton)
    assert w.stack.currentWidget() is w.care
    qtbot.mouseClick(tile(w, "care-service-id_card"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.confirm, timeout=10000)
    assert w.confirm.number == "C001"
    assert w.confirm.ticket["category"] == "elderly" and w.confirm.ticket["service"] == "id_card"
    assert waiting(server) == {"general": 0, "care": 1}
    assert "愛心櫃台" in w.confirm.where_to_go()[0]


def test_ten_quick_touches_and_a_held_touch_give_one_ticket_each(qtbot, server, kiosk):
    w = kiosk()
    button = tile(w, "service-seal")
    for _ in range(10):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.confirm, timeout=10000)
    qtbot.wait(500)
    assert waiting(server)["general"] == 1

    qtbot.mouseClick(tile(w, "done"), Qt.MouseButton.LeftButton)
    qtbot.wait(1600)  # past the debounce: this is a new citizen
    button = tile(w, "service-birth")
    qtbot.mousePress(button, Qt.MouseButton.LeftButton)
    qtbot.wait(1000)
    qtbot.mouseRelease(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.confirm, timeout=10000)
    qtbot.wait(300)
    assert w.confirm.number == "A002"
    assert waiting(server)["general"] == 2


class PaperOutLink(links.PreviewLink):
    """A preview printer whose paper runs out while `empty` holds True."""

    empty = True

    def status(self) -> PrinterStatus:
        if PaperOutLink.empty:
            return PrinterStatus(False, "out", PrinterError("paper_out"))
        return super().status()


def test_paper_out_shows_the_number_tells_the_counters_and_recovers(qtbot, server, kiosk, tickets, monkeypatch):
    monkeypatch.setitem(links.LINKS, "preview", PaperOutLink)
    PaperOutLink.empty = True
    w = kiosk()
    qtbot.waitUntil(lambda: w.home.printer_down, timeout=5000)  # the first status check
    qtbot.waitUntil(lambda: [a["code"] for a in kiosk_alerts(server)] == ["paper_out"], timeout=5000)

    qtbot.mouseClick(tile(w, "service-transcript"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.confirm.print_state == "fault", timeout=10000)
    assert w.stack.currentWidget() is w.confirm and w.confirm.number == "A001"
    assert w.confirm.fault_message["zh-TW"] == "印表機缺紙"
    qtbot.waitUntil(lambda: "A001" in kiosk_alerts(server)[0]["message"]["zh-TW"], timeout=5000)
    assert kiosk_alerts(server)[0]["kind"] == "printer"
    assert not list(tickets.glob("A001-*"))

    PaperOutLink.empty = False  # staff load a new roll
    w.printing.check()
    qtbot.waitUntil(lambda: not kiosk_alerts(server) and not w.home.printer_down, timeout=5000)
    qtbot.mouseClick(tile(w, "done"), Qt.MouseButton.LeftButton)
    qtbot.wait(1600)  # past the debounce
    qtbot.mouseClick(tile(w, "service-transcript"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.confirm.print_state == "printed" and w.confirm.number == "A002", timeout=10000)
    assert list(tickets.glob("A002-*.png"))


def test_service_down_pauses_tickets_and_comes_back_by_itself(qtbot, server, kiosk):
    w = kiosk()
    server.stop()
    # The kiosk has not noticed yet: this touch meets a service that does not answer.
    qtbot.mouseClick(tile(w, "service-transcript"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not w.issuing and w.stack.currentWidget() is w.message, timeout=15000)
    qtbot.waitUntil(lambda: w.message.kind == "fault" and w.message.title_key == "paused", timeout=10000)
    assert w.stack.currentWidget() is not w.confirm
    server.start()
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.home, timeout=15000)
    assert waiting(server)["general"] == 0  # no ticket was promised, none was made
    qtbot.mouseClick(tile(w, "service-transcript"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.confirm, timeout=10000)
    assert w.confirm.number == "A001"


def test_wrong_token_says_so(qtbot, kiosk):
    w = kiosk(wait_home=False, token="not-a-token")
    qtbot.waitUntil(lambda: w.message.kind == "fault" and w.auth_error is not None, timeout=10000)
    assert w.stack.currentWidget() is w.message
    assert "憑證" in w.message.detail_pair()[0]


def test_idle_returns_home_in_chinese(qtbot, kiosk):
    w = kiosk(idle_seconds=1)
    qtbot.mouseClick(w.home.language_tile, Qt.MouseButton.LeftButton)
    assert w.lang == "en" and w.home.language_tile.text() == "中文"
    qtbot.mouseClick(tile(w, "category-pregnant"), Qt.MouseButton.LeftButton)
    assert w.stack.currentWidget() is w.care
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.home and w.lang == "zh-TW", timeout=5000)


def test_five_taps_in_the_corner_open_the_staff_panel(qtbot, kiosk):
    w = kiosk()
    qtbot.mouseClick(w.home, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    assert w.stack.currentWidget() is w.home  # one tap does nothing
    for _ in range(4):
        qtbot.mouseClick(w.home, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.staff, timeout=2000)
    qtbot.mouseClick(tile(w, "staff-close"), Qt.MouseButton.LeftButton)
    assert w.stack.currentWidget() is w.home


def test_config_from_environment_and_clear_errors(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("QUEUE_SERVER_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("QUEUE_TOKEN", "t")
    monkeypatch.setenv("QUEUE_PRINTER", "tcp://192.168.1.50:9100")
    config = load_config(None)
    assert config["printer"] == "tcp://192.168.1.50:9100" and config["idle_seconds"] == 30

    monkeypatch.delenv("QUEUE_PRINTER")
    bad = tmp_path / "kiosk.toml"
    for text, words in [('printer = "lpt1"', "printer"), ('printer = "preview:x"\nidle_seconds = 0', "idle_seconds"),
                        ('colour = "red"', "unknown setting")]:
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(ConfigError, match=words):
            load_config(bad)
        assert main(["--config", str(bad)]) == 2
        err = capsys.readouterr().err
        assert err.startswith("queue-kiosk: ") and err.count("\n") == 1 and "Traceback" not in err
    assert main(["--config", str(tmp_path / "missing.toml")]) == 2


def test_screenshot_draws_home_after_loading_the_office(server, tmp_path):
    """`queue-kiosk --screenshot` as its own process (it runs and ends an event loop)."""
    config = tmp_path / "kiosk.toml"
    config.write_text(f'server_url = "{server.url}"\ntoken = "{server.token("kiosk")}"\n'
                      f'printer = "preview:{tmp_path / "tickets"}"\n', encoding="utf-8")
    shot = tmp_path / "home.png"
    done = subprocess.run([sys.executable, "-m", "kiosk.main", "--config", str(config), "--screenshot", str(shot)],
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    assert QImage(str(shot)).pixelColor(100, 330).name() == "#0b4f8a"  # inside the first service tile


def test_a_refused_ticket_says_so_and_goes_back_home(qtbot, server, kiosk):
    w = kiosk(confirm_seconds=1)
    w.take_ticket("no-such-service", None)  # an office file changed under a running kiosk
    qtbot.waitUntil(lambda: w.message.kind == "fault" and w.message.title_key == "no_ticket", timeout=5000)
    assert w.message.detail_pair()[0] == "資料有誤"
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.home, timeout=5000)
    assert waiting(server)["general"] == 0
