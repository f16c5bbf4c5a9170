"""The kiosk against the real service on 127.0.0.1, printing to a `preview:` folder, and
its screens' view models without Qt."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage

from kiosk import views
from kiosk.config import load_config
from kiosk.main import create_window, main
from kiosk.widgets import Tile
from printers import links
from printers.errors import PrinterError
from printers.status import PrinterStatus
from shared.catalogue import kiosk as words
from shared.i18n import Text
from shared.office import ConfigError, Queue, load_office, office_from_json


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
    return window.findChild(Tile, name)


def past_debounce(qtbot, window):
    qtbot.waitUntil(lambda: not window.in_debounce(), timeout=5000)


def waiting(server) -> dict:
    return server.client().get("/state").json()["waiting"]


def kiosk_alerts(server) -> list[dict]:
    return [a for a in server.client().get("/state").json()["alerts"] if a["source"] == "kiosk-1"]


def test_a_touch_issues_prints_and_shows_one_ticket(qtbot, server, kiosk, tickets):
    w = kiosk()
    qtbot.mouseClick(tile(w, "service-transcript"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.confirm and w.shown.printing == "printed", timeout=10000)
    assert w.confirm.view.number == "A001" and w.confirm.view.band == words.PRINTED
    assert waiting(server) == {"general": 1, "care": 0}
    assert len(list(tickets.glob("A001-*.png"))) == 1 and len(list(tickets.glob("A001-*.bin"))) == 1
    assert w.confirm.picture is not None  # the preview printer's picture, shown small
    qtbot.mouseClick(tile(w, "done"), Qt.MouseButton.LeftButton)
    assert w.stack.currentWidget() is w.home


def test_care_path_gives_a_care_ticket_in_two_touches(qtbot, server, kiosk):
    w = kiosk()
    qtbot.mouseClick(tile(w, "category-elderly"), Qt.MouseButton.LeftButton)
    assert w.stack.currentWidget() is w.care
    qtbot.mouseClick(tile(w, "care-service-id_card"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.confirm, timeout=10000)
    assert w.confirm.view.number == "C001" and w.confirm.view.care
    assert w.shown.ticket["category"] == "elderly" and w.shown.ticket["service"] == "id_card"
    assert waiting(server) == {"general": 0, "care": 1}
    assert w.confirm.view.where.zh == "請至 1 號愛心櫃台 附近等候叫號"


def test_ten_quick_touches_and_a_held_touch_give_one_ticket_each(qtbot, server, kiosk):
    w = kiosk(debounce_seconds=0.3)
    button = tile(w, "service-seal")
    for _ in range(10):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.confirm, timeout=10000)
    assert w.confirm.view.note == words.ALREADY_ISSUED  # the other nine touches are answered
    assert waiting(server)["general"] == 1

    qtbot.mouseClick(tile(w, "done"), Qt.MouseButton.LeftButton)
    past_debounce(qtbot, w)  # a new citizen
    button = tile(w, "service-birth")
    qtbot.mousePress(button, Qt.MouseButton.LeftButton)
    qtbot.wait(100)
    qtbot.mouseRelease(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.confirm and w.confirm.view.number == "A002", timeout=10000)
    assert w.confirm.view.note is None
    assert waiting(server)["general"] == 2


def test_a_touch_within_the_debounce_shows_the_same_ticket_again(qtbot, server, kiosk):
    w = kiosk(debounce_seconds=600)
    qtbot.mouseClick(tile(w, "service-birth"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.confirm, timeout=10000)
    assert w.confirm.view.note is None
    qtbot.mouseClick(tile(w, "done"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tile(w, "service-move"), Qt.MouseButton.LeftButton)
    assert w.stack.currentWidget() is w.confirm
    assert w.confirm.view.number == "A001" and w.confirm.view.note == words.ALREADY_ISSUED
    assert waiting(server)["general"] == 1


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
    w = kiosk(debounce_seconds=0.2)
    qtbot.waitUntil(lambda: w.home.view.printer_down, timeout=5000)  # the first status check
    qtbot.waitUntil(lambda: [a["code"] for a in kiosk_alerts(server)] == ["paper_out"], timeout=5000)

    qtbot.mouseClick(tile(w, "service-transcript"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.shown is not None and w.shown.printing == "fault", timeout=10000)
    assert w.stack.currentWidget() is w.confirm and w.confirm.view.number == "A001"
    assert w.confirm.view.band == words.NOTE_NUMBER and w.confirm.view.fault.zh == "印表機缺紙・已通知承辦人員"
    qtbot.waitUntil(lambda: "A001" in kiosk_alerts(server)[0]["message"]["zh-TW"], timeout=5000)
    assert kiosk_alerts(server)[0]["kind"] == "printer"
    assert not list(tickets.glob("A001-*"))

    PaperOutLink.empty = False  # staff load a new roll
    w.printing.check()
    qtbot.waitUntil(lambda: not kiosk_alerts(server) and not w.home.view.printer_down, timeout=5000)
    qtbot.mouseClick(tile(w, "done"), Qt.MouseButton.LeftButton)
    past_debounce(qtbot, w)
    qtbot.mouseClick(tile(w, "service-transcript"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.shown.printing == "printed" and w.confirm.view.number == "A002", timeout=10000)
    assert list(tickets.glob("A002-*.png"))


def test_service_down_pauses_tickets_and_comes_back_by_itself(qtbot, server, kiosk):
    w = kiosk()
    server.stop()
    # The kiosk has not noticed yet: this touch meets a service that does not answer.
    qtbot.mouseClick(tile(w, "service-transcript"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not w.issuing and w.stack.currentWidget() is w.message, timeout=15000)
    qtbot.waitUntil(lambda: w.message.view.title == words.PAUSED, timeout=10000)
    assert w.message.view.detail == words.RECONNECTING
    assert w.stack.currentWidget() is not w.confirm
    server.start()
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.home, timeout=15000)
    assert waiting(server)["general"] == 0  # no ticket was promised, none was made
    qtbot.mouseClick(tile(w, "service-transcript"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.confirm, timeout=10000)
    assert w.confirm.view.number == "A001"


def test_wrong_token_says_so(qtbot, kiosk):
    w = kiosk(wait_home=False, token="not-a-token")
    qtbot.waitUntil(lambda: w.connection.status == "refused" and w.stack.currentWidget() is w.message, timeout=10000)
    assert w.message.view.title == words.PAUSED and "憑證" in w.message.detail.pair()[0]


def test_idle_returns_home_in_chinese(qtbot, kiosk):
    w = kiosk(idle_seconds=1)
    qtbot.mouseClick(w.home.language, Qt.MouseButton.LeftButton)
    assert w.lang == "en" and w.home.language.text() == "中文"
    assert w.home.choose.pair() == ("Touch what you came for to take a ticket", "請選擇辦理項目，輕觸一下即可取號")
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


def test_portrait_puts_the_care_path_under_the_services(qtbot, kiosk):
    w = kiosk()
    assert w.home.care.x() > tile(w, "service-birth").x()  # landscape: beside them
    w.resize(1080, 1920)
    qtbot.waitUntil(lambda: w.home.care.y() > tile(w, "service-house_number").geometry().bottom(), timeout=5000)
    assert w.home.care.width() > 900 and tile(w, "category-disabled").y() == tile(w, "category-elderly").y()


def test_the_staff_screen_fills_the_screen_and_leaves_it(qtbot, kiosk):
    w = kiosk()
    w.open_staff()
    qtbot.mouseClick(tile(w, "staff-fullscreen"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.geometry() == w.screen().geometry(), timeout=5000)
    assert tile(w, "staff-fullscreen").text() == "離開全螢幕"
    qtbot.mouseClick(tile(w, "staff-fullscreen"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.size().toTuple() == (1280, 800), timeout=5000)
    assert w.stack.currentWidget() is w.staff


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
    qtbot.waitUntil(lambda: w.message.view.title == words.NO_TICKET, timeout=5000)
    assert w.message.detail.pair()[0] == "資料有誤"
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.home, timeout=5000)
    assert waiting(server)["general"] == 0


# ----- the view models, without Qt ----------------------------------------------------------

TAIPEI = ZoneInfo("Asia/Taipei")


def office(**changes):
    data = load_office(None).to_json()
    data.update(changes)
    return office_from_json(data)


def test_home_counts_every_queue_of_the_office_by_its_name():
    now = datetime(2026, 11, 26, 9, 5, tzinfo=TAIPEI)
    view = views.home_view(office(), {"waiting": {"general": 3, "care": 1}}, now)
    assert view.footer == Text("目前等候：一般服務 3 人・愛心服務 1 人", "Waiting now: General 3 · Care 1")
    assert [c.id for c in view.services][:2] == ["birth", "marriage"] and len(view.categories) == 4
    assert view.care_title == Text("愛心服務", "Care")
    assert views.home_view(office(), None, datetime(2026, 11, 26, tzinfo=TAIPEI), printer_down=True).footer \
        == words.PRINTER_DOWN


def test_the_date_is_minguo_in_chinese_and_western_in_english():
    text = views.clock_text(datetime(2026, 11, 26, 9, 5, tzinfo=TAIPEI))
    assert text.zh == "民國115年11月26日（四） 09:05"
    assert text.en == "Thu 26 Nov 2026  09:05"


def test_an_office_with_its_own_queue_ids_routes_the_care_path_to_its_counter():
    base = load_office(None)
    queues = (Queue("walk-in", "A", Text("臨櫃", "Walk-in")), Queue("priority", "P", Text("優先", "Priority")))
    own = replace(base, queues=queues,
                  services=tuple(replace(s, queue="walk-in") for s in base.services),
                  counters=tuple(replace(c, serves=("priority", "walk-in") if c.is_care else ("walk-in", "priority"))
                                 for c in base.counters))
    home = views.home_view(own, {"waiting": {"walk-in": 2, "priority": 5}}, datetime(2026, 11, 26, tzinfo=TAIPEI))
    assert home.footer.zh == "目前等候：臨櫃 2 人・優先 5 人" and home.care_title.zh == "優先"
    care = views.care_view(own, "infant")
    assert care.title == Text("優先・攜帶幼兒", "Priority · With an infant") and care.category.id == "infant"
    ticket = {"number": "P001", "queue": "priority", "service": "birth", "category": "infant"}
    view = views.confirmation_view(own, ticket, 0, None)
    assert view.care and view.where.zh == "請至 1 號愛心櫃台 附近等候叫號" and view.ahead == words.NEXT_UP
    assert views.where_to_wait(own, {"queue": "walk-in", "service": "birth"}) == words.GO_HALL
    wire = office_from_json(own.to_json())  # as GET /office gives it: no queues per counter
    assert views.home_view(wire, None, datetime(2026, 11, 26, tzinfo=TAIPEI)).care_title.zh == "優先"
    assert views.where_to_wait(wire, ticket) == view.where


def test_confirmation_says_what_to_bring_and_what_became_of_the_printing():
    ticket = {"number": "A004", "queue": "general", "service": "birth", "category": None}
    view = views.confirmation_view(office(), ticket, 3, 11.6, seconds_left=8)
    assert view.service == Text("出生登記", "Birth registration") and not view.care
    assert view.ahead == Text("前面還有 3 人・約 12 分鐘", "3 ahead of you · about 12 min")
    assert words.DOCUMENTS.zh == "請攜帶" and view.documents[0].zh == "出生證明書"
    assert view.band == words.PRINTING and view.fault is None and view.note is None
    assert view.countdown.en == "Back to the start in 8 s"
    failed = views.confirmation_view(office(), ticket, 3, None, "fault", Text("印表機缺紙", "Out of paper"), note=True)
    assert failed.band == words.NOTE_NUMBER and failed.fault.en == "Out of paper · The clerks have been told"
    assert failed.note == words.ALREADY_ISSUED and failed.ahead.en == "3 ahead of you"


def test_messages_when_no_ticket_can_be_taken():
    assert views.paused_view("connecting", False) == views.MessageView(True, words.CONNECTING)
    assert views.paused_view("unreachable", True).detail == words.RECONNECTING
    assert views.paused_view("refused", True).detail.zh.startswith("裝置憑證無效")
    assert views.refused_view("invalid_request").detail.zh == "資料有誤"
    assert views.refused_view(None).detail == words.BAD_ANSWER


def test_confirmation_shows_the_services_range():
    from kiosk.views import confirmation_view

    view = confirmation_view(load_office(), {"number": "A007", "service": "transcript"}, 3, [10, 20])
    assert view.ahead.zh == "前面還有 3 人・約 10–20 分鐘"
    assert view.ahead.en == "3 ahead of you · about 10–20 minutes"
    assert confirmation_view(load_office(), {"number": "A007"}, 1, [0, 5]).ahead.zh.endswith("5 分鐘內")


def test_the_ticket_prints_the_range():
    from printers.content import ahead_text

    assert ahead_text(3, [10, 20]).zh == "前面還有 3 人・約 10–20 分鐘"
    assert ahead_text(3, 12.4).zh == "前面還有 3 人・約 12 分鐘"
