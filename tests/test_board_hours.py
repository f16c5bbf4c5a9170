"""Whether the office is open now, in words (shared.catalogue.hours `notice`, from
shared.hours's `next_change` and `lunch_ends`), and on the public board: its JSON (the
live channel's data) and its page in a real browser, closed at 07:00 and open by itself
at 08:00 on the service's clock. deploy/office.toml's hours: Monday–Friday 08:00–17:00,
Wednesday evening and Saturday morning by appointment."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, time
from pathlib import Path

import httpx
import pytest

from shared.catalogue.hours import notice
from shared.hours import Span, lunch_ends, next_change
from shared.i18n import Text
from shared.office import load_office
from tests.servers import FakeClock, LiveServer

ROOT = Path(__file__).resolve().parents[1]
OFFICE = load_office(ROOT / "deploy" / "office.toml")
LUNCH = replace(OFFICE.hours, lunch=Span(time(12), time(13, 30)))


def taipei(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=OFFICE.tz)


# ----- the words (pure) -------------------------------------------------------------------

@pytest.mark.parametrize("moment, kind, headline, opens", [
    ("2026-11-30 07:00", "closed", "本所目前未開放", "下次開放：今天 08:00"),
    ("2026-11-30 10:00", "open", "開放中・至 17:00", None),
    ("2026-11-27 17:00", "closed", "本所目前未開放", "下次開放：週一 08:00"),    # Friday, 17:00 is closed
    ("2026-11-25 18:00", "appointments", "預約時段：僅受理預約", "下次開放：明天（週四）08:00"),
    ("2026-12-25 10:00", "closed", "本所目前未開放", "下次開放：週一 08:00"),    # a closed day (a Friday)
])
def test_the_hours_now_in_words(moment, kind, headline, opens):
    n = notice(OFFICE.hours, taipei(moment), OFFICE.hours_text)
    assert (n.kind, n.headline.zh, n.opens.zh if n.opens else None) == (kind, headline, opens)
    assert n.hours == OFFICE.hours_text and n.open == (kind == "open")


def test_lunch_is_a_break_only_when_the_office_opens_again_after_it():
    n = notice(LUNCH, taipei("2026-11-30 12:10"))
    assert n.kind == "lunch" and n.headline == Text("午休中，13:30 恢復服務", "Lunch break, back at 13:30")
    assert n.opens is None and n.changes_at == taipei("2026-11-30 13:30")
    assert n.hours.zh == "週一至週五 08:00–17:00；中午 12:00–13:30 休息"  # no text of its own: the weekly hours
    assert lunch_ends(LUNCH, taipei("2026-11-30 13:29:59")) == taipei("2026-11-30 13:30")
    assert lunch_ends(LUNCH, taipei("2026-11-30 13:30")) is None
    assert lunch_ends(LUNCH, taipei("2026-11-29 12:10")) is None   # a Sunday: closed, not at lunch
    assert lunch_ends(OFFICE.hours, taipei("2026-11-30 12:10")) is None  # open over lunch
    saturday = replace(LUNCH, weekly=LUNCH.weekly[:5] + ((Span(time(8), time(12, 30)),), ()))
    assert lunch_ends(saturday, taipei("2026-11-28 12:10")) is None  # the morning's end, not a break


def test_the_next_change_is_the_next_edge_of_the_day_else_midnight():
    assert next_change(OFFICE.hours, taipei("2026-11-30 07:00")) == taipei("2026-11-30 08:00")
    assert next_change(OFFICE.hours, taipei("2026-11-30 08:00")) == taipei("2026-11-30 17:00")
    assert next_change(OFFICE.hours, taipei("2026-11-30 17:00")) == taipei("2026-12-01 00:00")
    assert next_change(OFFICE.hours, taipei("2026-11-25 17:00")) == taipei("2026-11-25 17:30")  # the session
    assert next_change(OFFICE.hours, taipei("2026-11-25 18:00")) == taipei("2026-11-25 20:00")
    assert next_change(LUNCH, taipei("2026-11-30 11:00")) == taipei("2026-11-30 12:00")
    assert next_change(LUNCH, taipei("2026-11-30 12:00")) == taipei("2026-11-30 13:30")
    assert next_change(None, taipei("2026-11-30 12:00")) == taipei("2026-12-01 00:00")


def test_an_office_without_hours_is_open():
    n = notice(None, taipei("2026-11-29 03:00"))
    assert n.kind == "open" and n.changes_at is None


# ----- the board ------------------------------------------------------------------------------

@pytest.fixture
def clock():
    return FakeClock(taipei("2026-11-30 07:00"))  # a Monday morning


@pytest.fixture
def office():
    return OFFICE


@pytest.fixture
def public(tmp_path, office, clock):
    s = LiveServer(tmp_path / "queue.db", office=office, clock=clock, public=True).start()
    yield s
    s.stop()


def board_data(public) -> dict:
    """The first data of the board's live channel: the board's JSON."""
    with httpx.stream("GET", f"{public.public_url}/now/events", timeout=10) as r:
        assert r.status_code == 200
        for line in r.iter_lines():
            if line.startswith("data: "):
                return json.loads(line[6:])
    raise AssertionError("no data")


def test_the_board_says_closed_and_when_it_opens(public, clock):
    data = board_data(public)
    assert [q["wait_minutes"] for q in data["queues"]] == [None] * len(OFFICE.queues)  # closed: no wait promised
    hours = data["hours"]
    assert hours == {
        "status": "closed", "open": False,
        "headline": {"zh": "本所目前未開放", "en": "The office is closed now"},
        "opens": {"zh": "下次開放：今天 08:00", "en": "Opens today 08:00"}, "session": None,
        "hours": {"zh": OFFICE.hours_text.zh, "en": OFFICE.hours_text.en},
        "changes_at": "2026-11-30T08:00:00+08:00"}
    page = httpx.get(f"{public.public_url}/now", timeout=10)
    assert page.status_code == 200 and 'data-status="closed"' in page.text
    assert "本所目前未開放" in page.text and "下次開放：今天 08:00" in page.text
    assert page.headers["Content-Security-Policy"].startswith("default-src 'self'")

    clock.now = taipei("2026-11-30 10:00")
    data = board_data(public)
    assert data["queues"][0]["wait_minutes"] == 0.0
    hours = data["hours"]
    assert (hours["status"], hours["headline"]["zh"], hours["opens"]) == ("open", "開放中・至 17:00", None)
    assert 'data-status="open"' in httpx.get(f"{public.public_url}/now", timeout=10).text


def test_the_board_in_a_session_says_appointments_only(public, clock):
    clock.now = taipei("2026-11-25 18:00")
    hours = board_data(public)["hours"]
    assert hours["status"] == "appointments" and hours["headline"]["en"] == "Appointments only"
    assert hours["session"]["zh"] == "週三夜間延長服務（預約）・預約時段至 20:00"


@pytest.mark.parametrize("office", [replace(OFFICE, hours=LUNCH)])
def test_the_board_at_lunch_says_when_it_opens_again(public, clock):
    clock.now = taipei("2026-11-30 12:45")
    hours = board_data(public)["hours"]
    assert hours["status"] == "lunch" and hours["headline"]["en"] == "Lunch break, back at 13:30"


@pytest.mark.parametrize("office", [load_office()])
def test_an_office_without_hours_has_no_status_on_the_board(public):
    assert board_data(public)["hours"] is None
    assert 'data-status="always"' in httpx.get(f"{public.public_url}/now", timeout=10).text
