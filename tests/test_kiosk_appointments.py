"""The kiosk's appointment check-in against the real service with a settable clock: on
time (an appointment ticket, 預約), late (an ordinary ticket, told why), an unknown code
(told plainly, a way back, home by itself)."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kiosk.main import create_window
from kiosk.widgets import Tile
from kiosk.window import Timings
from shared.catalogue import appointments as words
from shared.office import default_office_text, parse_office
from tests.servers import FakeClock, LiveServer

ROOT = Path(__file__).resolve().parents[1]
OFFICE = parse_office(default_office_text() + "\n[appointments]\n")


def taipei(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=OFFICE.tz)


@pytest.fixture
def clock():
    return FakeClock(taipei("2026-11-26 09:50"))


@pytest.fixture
def server(tmp_path, clock):
    s = LiveServer(tmp_path / "queue.db", office=OFFICE, clock=clock).start()
    yield s
    s.stop()


@pytest.fixture
def code(server):
    r = server.client("admin").post("/appointments", json={"day": "2026-11-26", "time": "10:00",
                                                           "service": "transcript", "phone_last4": "5678"})
    return r.json()["appointment"]["code"]


@pytest.fixture
def kiosk(qtbot, server, tmp_path):
    config = {"server_url": server.url, "token": server.token("kiosk"), "printer": f"preview:{tmp_path / 't'}",
              "fullscreen": False, "confirm_seconds": 5, "idle_seconds": 2}
    window = create_window(config, Timings())
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home and window.home.view is not None
                    and window.appointment_tile.isVisible(), timeout=10000)
    return window


def shot(window, name: str, tmp_path) -> None:
    folder = ROOT / "docs" if os.environ.get("QUEUE_SCREENSHOTS") else tmp_path
    assert window.grab().save(str(folder / f"kiosk-appointment-{name}.png"))


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_in(qtbot, w, digits: str) -> None:
    click(qtbot, w.appointment_tile)
    assert w.stack.currentWidget() is w.appointment
    for d in digits:
        click(qtbot, w.findChild(Tile, f"key-{d}"))


def test_check_in_on_time_prints_the_appointment_ticket(qtbot, kiosk, code, tmp_path):
    w = kiosk
    assert w.appointment_tile.text() == "我有預約"
    shot(w, "home", tmp_path)
    type_in(qtbot, w, code[:-1])
    assert not w.appointment.keys["K"].isEnabled()  # a code is 6 digits
    click(qtbot, w.findChild(Tile, f"key-{code[-1]}"))
    assert w.appointment.field.text() == " ".join(code)
    shot(w, "pad", tmp_path)
    click(qtbot, w.appointment.keys["K"])
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.confirm, timeout=10000)
    view = w.confirm.view
    assert view.number == "R001"
    assert view.booked.zh == "預約 10:00・戶籍謄本"
    # Called from its slot, 10 minutes on (every counter is free): its wait's range too.
    assert view.ahead.zh == "10:00 起優先叫號・約 10–15 分鐘"
    assert view.ahead.en == "Called first from 10:00 · about 10–15 minutes"
    qtbot.waitUntil(lambda: w.shown.printing == "printed", timeout=10000)
    shot(w, "checked-in", tmp_path)
    folder = ROOT / "docs" if os.environ.get("QUEUE_SCREENSHOTS") else tmp_path
    Path(w.shown.preview).replace(folder / "kiosk-appointment-ticket.png")


def test_check_in_late_gives_an_ordinary_ticket_and_says_why(qtbot, kiosk, code, clock, tmp_path):
    w = kiosk
    clock.now = taipei("2026-11-26 10:20")
    type_in(qtbot, w, code)
    click(qtbot, w.appointment.keys["K"])
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.confirm, timeout=10000)
    view = w.confirm.view
    assert view.number == "A001"
    assert view.booked.zh.startswith("您晚到超過 15 分鐘，已改為一般號碼") and "15 min late" in view.booked.en
    assert w.confirm.booked.isVisible()
    qtbot.waitUntil(lambda: w.shown.printing == "printed", timeout=10000)
    shot(w, "late", tmp_path)


def test_check_in_by_the_phone_digits(qtbot, kiosk, code):
    w = kiosk
    click(qtbot, w.appointment_tile)
    click(qtbot, w.findChild(Tile, "by-phone"))
    for d in "5678":
        click(qtbot, w.findChild(Tile, f"key-{d}"))
    click(qtbot, w.appointment.keys["K"])
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.confirm, timeout=10000)
    assert w.confirm.view.number == "R001"


def test_an_unknown_code_is_told_plainly_with_a_way_back_and_home_by_itself(qtbot, kiosk, code, tmp_path):
    w = kiosk
    wrong = "999999" if code != "999999" else "888888"
    type_in(qtbot, w, wrong)
    click(qtbot, w.appointment.keys["K"])
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.appointment and w.appointment.problem is not None,
                    timeout=10000)
    assert w.appointment.problem == words.UNKNOWN_CODE
    assert w.appointment.problem_words.isVisible() and w.appointment.back_tile.isVisible()
    shot(w, "unknown", tmp_path)
    click(qtbot, w.appointment.back_tile)
    assert w.stack.currentWidget() is w.home

    type_in(qtbot, w, code)
    click(qtbot, w.appointment.keys["K"])
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.confirm, timeout=10000)
    click(qtbot, w.confirm.done_tile)
    type_in(qtbot, w, code)  # the same code again: already used
    click(qtbot, w.appointment.keys["K"])
    qtbot.waitUntil(lambda: w.appointment.problem == words.USED, timeout=10000)
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.home, timeout=5000)  # idle: home by itself


def test_in_an_appointment_only_session_the_check_in_is_what_the_kiosk_offers(qtbot, tmp_path):
    office = parse_office((ROOT / "deploy" / "office.toml").read_text(encoding="utf-8"))
    clock = FakeClock(taipei("2026-11-25 17:40"))  # Wednesday evening, by appointment
    server = LiveServer(tmp_path / "queue.db", office=office, clock=clock).start()
    try:
        code = server.client("admin").post("/appointments", json={"day": "2026-11-25", "time": "18:00",
                                                                   "service": "transcript"}).json()["appointment"]["code"]
        config = {"server_url": server.url, "token": server.token("kiosk"), "printer": f"preview:{tmp_path / 't'}",
                  "fullscreen": False, "confirm_seconds": 5}
        w = create_window(config, Timings())
        qtbot.addWidget(w)
        w.resize(1920, 1080)
        w.show()
        qtbot.waitUntil(lambda: w.home.view is not None and w.home.is_closed and w.appointment_tile.isVisible(),
                        timeout=10000)
        assert w.home.closed.isAncestorOf(w.appointment_tile)
        shot(w, "session", tmp_path)
        type_in(qtbot, w, code)
        click(qtbot, w.appointment.keys["K"])
        qtbot.waitUntil(lambda: w.stack.currentWidget() is w.confirm, timeout=10000)
        assert w.confirm.view.number == "R001"
        w.client.stop()
    finally:
        server.stop()
