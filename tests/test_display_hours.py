"""The hall display outside opening hours, against the real service with a settable clock
(deploy/office.toml's hours: Monday–Friday 08:00–17:00, Wednesday evening and Saturday
morning by appointment): the closed panel while the hall is quiet, opening by itself at
08:00, the lunch break, the appointment-only band, and calls still shown and announced."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from display import window as window_module
from shared.office import load_office
from tests.servers import FakeClock, LiveServer
from tests.test_board_hours import LUNCH, OFFICE, clock, office, taipei  # noqa: F401  (fixtures)
from tests.test_display import clips  # noqa: F401  (fixture)
from tests.test_display import FakePlayer, close_display, display_config, issue, next_at, open_display

ROOT = Path(__file__).resolve().parents[1]
HOURS = [OFFICE.hours_text.zh, OFFICE.hours_text.en]


@pytest.fixture
def server(tmp_path, office, clock):
    s = LiveServer(tmp_path / "queue.db", office=office, clock=clock).start()
    yield s
    s.stop()


@pytest.fixture
def hall(qtbot, server, tmp_path, monkeypatch):
    """The display (sound off), asking the service's time every 100 ms."""
    monkeypatch.setattr(window_module, "HOURS_CHECK_MS", 100)
    config = display_config(tmp_path, monkeypatch, server.url, server.token("display"), tmp_path,
                            voice="none", sound=False)
    window = open_display(qtbot, config, None)
    qtbot.waitUntil(lambda: window.hours.notice is not None, timeout=5000)
    yield window
    close_display(qtbot, window)


def shows_closed(window) -> bool:
    return window.pages.currentWidget() is window.closed and window.closed.isVisible()


def shows_hall(window) -> bool:
    return window.pages.currentWidget() is window.hall and window.hall.isVisible()


def test_closed_at_seven_and_open_by_itself_at_eight(qtbot, hall, clock, tmp_path):
    w = hall
    qtbot.waitUntil(lambda: shows_closed(w), timeout=5000)
    assert w.closed.texts() == ["本所目前未開放", "The office is closed now", "下次開放：今天 08:00",
                                "Opens today 08:00", *HOURS]
    assert not w.band.isVisible() and w.header.clock.text() == "07:00"
    folder = ROOT / "docs" if os.environ.get("QUEUE_SCREENSHOTS") else tmp_path
    assert w.grab().save(str(folder / "display-closed.png"))

    clock.now = taipei("2026-11-30 08:00:01")  # the service's clock: the display follows it
    qtbot.waitUntil(lambda: shows_hall(w), timeout=5000)
    assert w.hours.notice.kind == "open" and not w.band.isVisible()
    assert w.latest.number.text() == "請抽號碼牌，等候叫號"


def test_the_display_wakes_at_the_opening_on_its_own(qtbot, server, clock, tmp_path, monkeypatch):
    """No read of the service's time in between: the timer set for 08:00:00 opens it."""
    clock.now = taipei("2026-11-30 07:59:59")
    monkeypatch.setattr(window_module, "HOURS_CHECK_MS", 600_000)
    config = display_config(tmp_path, monkeypatch, server.url, server.token("display"), tmp_path,
                            voice="none", sound=False)
    w = open_display(qtbot, config, None)
    try:
        qtbot.waitUntil(lambda: shows_closed(w), timeout=5000)
        qtbot.waitUntil(lambda: shows_hall(w), timeout=5000)  # one second later on the service's clock
        assert w.hours.notice.kind == "open"
    finally:
        close_display(qtbot, window=w)


def test_after_closing_time_the_last_citizens_are_called_under_a_band(qtbot, server, clock, tmp_path,
                                                                      monkeypatch, clips):
    clock.now = taipei("2026-11-30 16:58")
    issue(server, 2)
    clock.now = taipei("2026-11-30 17:05")
    monkeypatch.setattr(window_module, "HOURS_CHECK_MS", 100)
    config = display_config(tmp_path, monkeypatch, server.url, server.token("display"), clips,
                            min_show_seconds=0.2)
    player = FakePlayer()
    w = open_display(qtbot, config, player)
    try:
        qtbot.waitUntil(lambda: w.hours.notice is not None and w.band.isVisible(), timeout=5000)
        assert shows_hall(w) and w.waiting.counts["general"].text() == "2"
        assert w.band.text() == "本所目前未開放・下次開放：明天（週二）08:00\nThe office is closed now · " \
                                "Opens tomorrow (Tuesday) 08:00"
        for n, counter in (("A001", 2), ("A002", 3)):
            assert next_at(server, counter) == n
        qtbot.waitUntil(lambda: player.calls() == ["A001→2", "A002→3"], timeout=10000)
        assert w.recent.texts() == ["A002 3 號櫃台", "A001 2 號櫃台"]
        for counter in (2, 3):
            server.client("counter", counter).post(f"/counters/{counter}/complete").raise_for_status()
        qtbot.waitUntil(lambda: shows_closed(w) and not w.band.isVisible(), timeout=5000)

        issue_while_closed = server.client("kiosk").post("/tickets", json={"service": "transcript"})
        assert issue_while_closed.status_code == 409  # the service issues none
    finally:
        close_display(qtbot, w)


@pytest.mark.parametrize("office", [replace(OFFICE, hours=LUNCH)])
def test_lunch_break_says_when_it_opens_again(qtbot, hall, clock):
    w = hall
    clock.now = taipei("2026-11-30 12:10")
    qtbot.waitUntil(lambda: shows_closed(w) and w.hours.notice.kind == "lunch", timeout=5000)
    assert w.closed.texts()[:2] == ["午休中，13:30 恢復服務", "Lunch break, back at 13:30"]
    assert not w.closed.opens_zh.isVisible()
    clock.now = taipei("2026-11-30 13:30")
    qtbot.waitUntil(lambda: shows_hall(w), timeout=5000)


def test_an_appointment_only_session_keeps_the_hall_with_a_band(qtbot, hall, server, clock, tmp_path):
    w = hall
    clock.now = taipei("2026-11-25 16:59")  # a Wednesday: one citizen still to be called
    issue(server)
    clock.now = taipei("2026-11-25 18:00")  # the evening session, by appointment
    qtbot.waitUntil(lambda: w.hours.notice.kind == "appointments" and w.band.isVisible(), timeout=5000)
    assert shows_hall(w)
    assert w.band.text() == "預約時段：僅受理預約・週三夜間延長服務（預約）・預約時段至 20:00\n" \
                            "Appointments only · Wednesday evening, by appointment · Appointment session until 20:00"
    # "next" calls only booked citizens now: the clerk calls the number itself, and it shows
    server.client("counter", 2).post("/counters/2/call", json={"number": "A001"}).raise_for_status()
    qtbot.waitUntil(lambda: w.latest.number.text() == "A001", timeout=5000)
    qtbot.waitUntil(lambda: not w.announcer.busy and not w.latest.hot, timeout=10000)
    folder = ROOT / "docs" if os.environ.get("QUEUE_SCREENSHOTS") else tmp_path
    assert w.grab().save(str(folder / "display-appointments.png"))
    server.client("counter", 2).post("/counters/2/complete").raise_for_status()
    qtbot.waitUntil(lambda: w.counter_panels[2].number.text() == "—", timeout=5000)
    assert shows_hall(w) and w.band.isVisible()  # a session is not closed: the hall stays

    clock.now = taipei("2026-11-25 20:00")
    qtbot.waitUntil(lambda: shows_closed(w) and not w.band.isVisible(), timeout=5000)
    assert w.closed.texts()[2] == "下次開放：明天（週四）08:00"


def test_an_office_without_hours_is_always_open(qtbot, tmp_path, monkeypatch):
    clock = FakeClock(taipei("2026-11-29 03:00"))  # a Sunday night
    server = LiveServer(tmp_path / "open.db", office=load_office(), clock=clock).start()
    try:
        config = display_config(tmp_path, monkeypatch, server.url, server.token("display"), tmp_path,
                                voice="none", sound=False)
        w = open_display(qtbot, config, None)
        qtbot.waitUntil(lambda: w.hours.notice is not None, timeout=5000)
        assert w.hours.notice.kind == "open" and shows_hall(w) and not w.band.isVisible()
        close_display(qtbot, w)
    finally:
        server.stop()
