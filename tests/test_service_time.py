"""The service and its clock: steps back and forward, midnight, restarts (issue 18)."""

import json
from datetime import datetime, timezone

from websockets.sync.client import connect

from shared.office import default_office_text, parse_office
from tests.servers import LiveServer

API = "/api/v1"


def issue(server, service="transcript", category=None):
    r = server.client("kiosk").post("/tickets", json={"service": service, "category": category})
    assert r.status_code == 201, r.text
    return r.json()


def act(server, counter, action, body=None):
    return server.client("counter", counter).post(f"/counters/{counter}/{action}", json=body or {})


def test_order_survives_a_clock_set_back(server, clock):
    for _ in range(3):
        issue(server)
    clock.advance(minutes=-60)
    late = issue(server)["ticket"]["number"]
    assert late == "A004"
    called = [act(server, 2, "next").json()["ticket"]["number"] for _ in range(4)]
    assert called == ["A001", "A002", "A003", "A004"]


def test_durations_and_estimates_never_go_negative(server, clock):
    for _ in range(4):
        issue(server)
    for _ in range(3):
        act(server, 2, "next")
        clock.advance(minutes=-30)  # served "before" it was called
    act(server, 2, "complete")
    answer = issue(server)
    assert answer["estimated_wait_minutes"] >= 0
    stats = server.client().get("/stats").json()
    for row in [*stats["by_counter"].values(), *stats["by_service"].values()]:
        assert min(row["avg_wait_minutes"], row["avg_service_minutes"], row["avg_total_minutes"]) >= 0


def test_state_is_right_after_a_restart_at_midnight(tmp_path, clock):
    clock.now = datetime(2026, 11, 26, 15, 59, tzinfo=timezone.utc)  # 23:59 in Taipei
    server = LiveServer(tmp_path / "q.db", clock=clock).start()
    try:
        issue(server)
        server.stop()
        clock.advance(minutes=2)  # 00:01: nobody has done anything yet
        server.start()
        state = server.client("display").get("/state").json()
        assert state["business_day"] == "2026-11-27" and state["waiting"] == {"general": 0, "care": 0}
    finally:
        server.stop()


def test_the_day_change_is_an_event(server, clock):
    issue(server)
    url = server.url.replace("http", "ws") + API + f"/events?token={server.token('display')}"
    with connect(url) as ws:
        json.loads(ws.recv(timeout=5))
        clock.advance(minutes=24 * 60)
        server.client("display").get("/state")
        event = json.loads(ws.recv(timeout=5))
    assert event["type"] == "day.changed" and event["cancelled"][0]["number"] == "A001"
    assert event["waiting"] == {"general": 0, "care": 0}


def test_care_streak_survives_a_restart(tmp_path, clock):
    text = default_office_text().replace('kind = "care"', 'kind = "care"\ncare_in_a_row = 2', 1)
    office = parse_office(text)
    server = LiveServer(tmp_path / "q.db", office=office, clock=clock).start()
    try:
        for _ in range(3):
            issue(server, category="elderly")
        issue(server)
        assert act(server, 1, "next").json()["ticket"]["number"] == "C001"
        assert act(server, 1, "next").json()["ticket"]["number"] == "C002"
        server.stop()
        server.start()
        assert act(server, 1, "next").json()["ticket"]["number"] == "A001"  # after 2 care in a row
    finally:
        server.stop()


def test_a_day_change_from_a_clock_set_ahead_is_undone_by_an_admin(server, clock):
    for _ in range(3):
        issue(server)
    clock.advance(minutes=24 * 60)  # the clock jumps a day ahead: the hall empties
    assert server.client("display").get("/state").json()["waiting"]["general"] == 0
    assert server.client("counter", 2).post("/day/undo-change").status_code == 403
    clock.advance(minutes=-24 * 60 + 5)  # set right again
    r = server.client().post("/day/undo-change")
    assert r.status_code == 200 and [t["number"] for t in r.json()["tickets"]] == ["A001", "A002", "A003"]
    state = server.client("display").get("/state").json()
    assert state["waiting"]["general"] == 3 and state["business_day"] == "2026-11-26"
    assert act(server, 2, "next").json()["ticket"]["number"] == "A001"
    assert server.client().post("/day/undo-change").status_code == 409
