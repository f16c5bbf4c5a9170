"""Opening hours at the real service (127.0.0.1, a real SQLite file, a settable clock):
ordinary tickets refused outside the hours, the hours in /office and /state, and a counter
limited to some services."""

from datetime import datetime
from pathlib import Path

import pytest

from shared.office import load_office, parse_office
from tests.servers import FakeClock, LiveServer

DEPLOY = Path(__file__).resolve().parents[1] / "deploy" / "office.toml"
TAIPEI = load_office().tz


def taipei(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TAIPEI)


@pytest.fixture
def lunch_closed(tmp_path):
    """The shipped office, closed over lunch, at 07:30 on a Thursday."""
    office = parse_office(DEPLOY.read_text(encoding="utf-8").replace('lunch = "open"', 'lunch = "12:00-13:30"'))
    clock = FakeClock(taipei("2026-11-26 07:30"))
    server = LiveServer(tmp_path / "queue.db", office=office, clock=clock).start()
    yield server, clock
    server.stop()


def take(server, service="transcript"):
    return server.client("kiosk").post("/tickets", json={"service": service})


def test_ordinary_tickets_only_in_opening_hours(lunch_closed):
    server, clock = lunch_closed
    r = take(server)
    assert r.status_code == 409, r.text
    error = r.json()["error"]
    assert error["code"] == "closed"
    assert "本所目前未開放，下次開放：今天 08:00" in error["message"] and "it opens today 08:00" in error["message"]
    hours = server.client("kiosk").get("/state").json()["hours"]
    assert hours == {"open": False, "appointments_only": False, "opens_at": "2026-11-26T08:00:00+08:00",
                     "closes_at": None, "services": [], "session": None}

    clock.now = taipei("2026-11-26 08:00")
    r = take(server)
    assert r.status_code == 201 and r.json()["ticket"]["number"] == "A001"
    assert server.client("kiosk").get("/state").json()["hours"]["closes_at"] == "2026-11-26T12:00:00+08:00"

    clock.now = taipei("2026-11-26 12:30")
    r = take(server)
    assert r.status_code == 409 and "下次開放：今天 13:30" in r.json()["error"]["message"]
    assert server.client("kiosk").get("/state").json()["waiting"]["general"] == 1  # nothing issued

    clock.now = taipei("2026-11-26 13:30")
    assert take(server).json()["ticket"]["number"] == "A002"


def test_the_office_sends_its_hours(lunch_closed):
    server, _clock = lunch_closed
    office = server.client("display").get("/office").json()
    hours = office["opening_hours"]
    assert hours["thursday"] == ["08:00-17:00"] and hours["saturday"] == [] and hours["lunch"] == "12:00-13:30"
    assert "2027-01-01" in hours["closed_days"]
    assert hours["by_appointment"][1]["services"] == ["marriage"]


def test_appointments_only_on_wednesday_evening(lunch_closed):
    server, clock = lunch_closed
    clock.now = taipei("2026-11-25 18:00")
    r = take(server)
    assert r.status_code == 409 and r.json()["error"]["code"] == "closed"
    assert "目前僅受理預約（至 20:00）" in r.json()["error"]["message"]
    hours = server.client("kiosk").get("/state").json()["hours"]
    assert hours["appointments_only"] and hours["closes_at"] == "2026-11-25T20:00:00+08:00"
    assert hours["session"]["zh-TW"] == "週三夜間延長服務（預約）"


def test_a_counter_limited_to_some_services(tmp_path):
    text = DEPLOY.read_text(encoding="utf-8").replace(
        'number = 3\nkind = "general"', 'number = 3\nkind = "general"\nservices = ["passport", "certificate"]')
    office = parse_office(text)
    server = LiveServer(tmp_path / "queue.db", office=office, clock=FakeClock(taipei("2026-11-26 09:00"))).start()
    try:
        for service in ("birth", "passport"):
            assert take(server, service).status_code == 201
        counters = server.client("display").get("/office").json()["counters"]
        assert counters[2]["services"] == ["passport", "certificate"] and "services" not in counters[1]
        three = server.client("counter", 3)
        assert three.post("/counters/3/next").json()["ticket"]["service"] == "passport"
        assert three.post("/counters/3/next").json()["ticket"] is None
        assert server.client("kiosk").get("/state").json()["waiting"]["general"] == 1  # the birth still waits
    finally:
        server.stop()
