"""The kiosk outside opening hours, against the real service with a settable clock: the
closed notice instead of the services, opening by itself, appointments only."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from kiosk import views
from kiosk.main import create_window
from kiosk.widgets import Tile
from kiosk.window import Timings
from shared.catalogue import ERRORS
from shared.catalogue import hours as words
from shared.catalogue import kiosk as kiosk_words
from shared.i18n import Text
from shared.office import load_office
from tests.servers import FakeClock, LiveServer

ROOT = Path(__file__).resolve().parents[1]
TAIPEI = load_office().tz


def taipei(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TAIPEI)


@pytest.fixture
def office():
    return load_office(ROOT / "deploy" / "office.toml")


@pytest.fixture
def clock():
    return FakeClock(taipei("2026-11-27 17:30"))  # a Friday evening


@pytest.fixture
def server(tmp_path, office, clock):
    s = LiveServer(tmp_path / "queue.db", office=office, clock=clock).start()
    yield s
    s.stop()


@pytest.fixture
def kiosk(qtbot, server, tmp_path):
    config = {"server_url": server.url, "token": server.token("kiosk"), "printer": f"preview:{tmp_path / 't'}",
              "fullscreen": False, "confirm_seconds": 1}
    window = create_window(config, Timings(hours_check_ms=100))
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home and window.home.view is not None,
                    timeout=10000)
    return window


def closed(window) -> views.ClosedView | None:
    return window.home.view.closed


def services_shown(window) -> bool:
    tile = window.findChild(Tile, "service-transcript")
    return tile is not None and tile.isVisible()


def test_closed_screen_says_when_the_office_opens(qtbot, kiosk, tmp_path):
    w = kiosk
    assert w.home.is_closed and w.home.closed.isVisible() and not services_shown(w)
    assert closed(w).title == words.CLOSED
    assert closed(w).opens.zh == "下次開放：週一 08:00" and closed(w).opens.en == "Opens Monday 08:00"
    assert closed(w).hours.zh.startswith("週一至週五 08:00–17:00")
    assert w.home.closed.title.pair() == ("本所目前未開放", "The office is closed now")
    folder = ROOT / "docs" if os.environ.get("QUEUE_SCREENSHOTS") else tmp_path
    assert w.grab().save(str(folder / "kiosk-closed.png"))

    qtbot.mouseClick(w.home.language, Qt.MouseButton.LeftButton)
    assert w.home.closed.opens.pair() == ("Opens Monday 08:00", "下次開放：週一 08:00")


def test_the_kiosk_opens_by_itself_when_the_clock_passes_the_opening(qtbot, kiosk, server, clock):
    w = kiosk
    clock.now = taipei("2026-11-30 07:59:50")  # Monday morning
    qtbot.waitUntil(lambda: closed(w) is not None and closed(w).opens.zh == "下次開放：今天 08:00", timeout=5000)
    assert not services_shown(w)
    clock.now = taipei("2026-11-30 08:00:01")
    qtbot.waitUntil(lambda: not w.home.is_closed and services_shown(w), timeout=5000)
    assert not w.home.closed.isVisible()
    qtbot.mouseClick(w.findChild(Tile, "service-transcript"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.confirm, timeout=10000)
    assert w.confirm.view.number == "A001"


def test_a_ticket_refused_as_closed_says_so_and_the_closed_screen_comes_back(qtbot, kiosk, server):
    w = kiosk
    w.take_ticket("transcript", None)  # e.g. a touch in the second the office closed
    qtbot.waitUntil(lambda: w.message.view.title == kiosk_words.NO_TICKET, timeout=5000)
    assert w.message.view.detail == ERRORS["closed"]
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.home and w.home.is_closed, timeout=5000)
    assert server.client().get("/state").json()["waiting"] == {"general": 0, "care": 0, "appointment": 0}


def test_closing_time_takes_a_citizen_choosing_back_to_the_closed_screen(qtbot, kiosk, clock):
    w = kiosk
    clock.now = taipei("2026-11-30 16:59:50")
    qtbot.waitUntil(lambda: services_shown(w), timeout=5000)
    qtbot.mouseClick(w.findChild(Tile, "category-elderly"), Qt.MouseButton.LeftButton)
    assert w.stack.currentWidget() is w.care
    clock.now = taipei("2026-11-30 17:00:00")
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.home and w.home.is_closed, timeout=5000)
    assert closed(w).opens.zh == "下次開放：明天（週二）08:00"


def test_appointments_only_shows_just_the_check_in(qtbot, kiosk, clock):
    w = kiosk
    entry = QPushButton("我有預約")  # stands for the appointment check-in's entry
    w.home.set_appointment_entry(entry)
    assert not entry.isVisible()  # closed: no check-in either

    clock.now = taipei("2026-11-25 18:00")  # Wednesday evening, by appointment
    qtbot.waitUntil(lambda: closed(w) is not None and closed(w).appointments_only, timeout=5000)
    view = closed(w)
    assert view.title == words.APPOINTMENTS_ONLY
    assert view.session.zh == "週三夜間延長服務（預約）・預約時段至 20:00"
    assert view.services is None and view.check_in == words.CHECK_IN
    assert not services_shown(w) and entry.isVisible() and w.home.closed.isAncestorOf(entry)

    clock.now = taipei("2026-11-28 09:00")  # Saturday: marriage registration only
    qtbot.waitUntil(lambda: closed(w).services is not None, timeout=5000)
    assert closed(w).services.zh == "本時段受理：結婚／離婚登記"

    clock.now = taipei("2026-11-30 09:00")  # open: the entry goes above the services
    qtbot.waitUntil(lambda: services_shown(w), timeout=5000)
    assert entry.isVisible() and not w.home.closed.isAncestorOf(entry)


def test_without_its_own_text_the_closed_notice_gives_the_weekly_hours(office):
    view = views.home_view(replace(office, hours_text=Text("", "")), None, taipei("2026-11-29 10:00"))
    assert view.closed.hours.zh == "週一至週五 08:00–17:00" and view.closed.opens.zh == "下次開放：明天（週一）08:00"


def test_an_office_without_hours_never_shows_the_closed_notice():
    office = load_office()
    view = views.home_view(office, None, taipei("2026-11-29 03:00"))
    assert view.closed is None and view.appointments
