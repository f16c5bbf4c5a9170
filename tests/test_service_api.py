"""The service's contract, over real HTTP on 127.0.0.1 with a real SQLite file and a real
PostgreSQL office schema (every test runs on both: tests/pg.py's `db_url`)."""

import json

import httpx
import pytest
from websockets.sync.client import connect

from shared.protocol import API
from tests.pg import db_url  # noqa: F401  (both engines)


def issue(server, service="transcript", category=None, **kw):
    r = server.client("kiosk").post("/tickets", json={"service": service, "category": category}, **kw)
    assert r.status_code == 201, r.text
    return r.json()


def act(server, counter, action, body=None, **kw):
    return server.client("counter", counter).post(f"/counters/{counter}/{action}", json=body or {}, **kw)


def test_health_needs_no_token(server):
    r = httpx.get(server.url + API + "/health")
    assert r.status_code == 200 and r.json()["status"] == "ok"


def test_office(server):
    office = server.client("display").get("/office").json()
    assert [q["prefix"] for q in office["queues"]] == ["A", "C"]
    assert office["counters"][0] == {"number": 1, "name": {"zh-TW": "1 號愛心櫃台", "en": "Counter 1 (care)"},
                                     "kind": "care", "clerk": "陳怡君", "serves": ["care", "general"]}
    transcript = next(s for s in office["services"] if s["id"] == "transcript")
    assert transcript["queue"] == "general" and transcript["documents"][0]["zh-TW"] == "本人身分證"
    assert {"id": "elderly", "name": {"zh-TW": "年長者", "en": "Elderly"}} in office["categories"]


def test_issue_answers_ticket_ahead_and_estimate(server):
    first = issue(server)
    assert first["ticket"]["number"] == "A001" and first["ahead"] == 0
    t = first["ticket"]
    assert set(t) >= {"id", "number", "queue", "service", "category", "status", "issued_at", "called_at", "counter"}
    assert t["status"] == "waiting" and t["issued_at"].endswith("+08:00")
    second = issue(server, "birth")
    assert second["ticket"]["number"] == "A002" and second["ahead"] == 1
    # Three counters call general tickets and all are free: called at once.
    assert second["estimated_wait_minutes"] == 0 and second["estimated_wait_range"] == [0, 5]
    care = issue(server, "transcript", "elderly")
    assert care["ticket"]["number"] == "C001" and care["ticket"]["queue"] == "care"
    assert care["ticket"]["category"] == "elderly"


def test_the_estimate_replays_the_queue(server, clock):
    for _ in range(6):
        issue(server, "birth")  # typically 15 minutes each
    for n in (1, 2, 3):
        server.client("counter", n).post(f"/counters/{n}/next")
    clock.advance(minutes=5)
    answer = issue(server, "transcript")
    # Three citizens 5 minutes in, three waiting: A007 is called when the first of those
    # three is done, about 10 + 15 minutes from now.
    low, high = answer["estimated_wait_range"]
    assert low <= answer["estimated_wait_minutes"] <= high
    assert 15 <= answer["estimated_wait_minutes"] <= 35


def test_counter_actions_and_state(server, clock):
    a1 = issue(server)["ticket"]
    a2 = issue(server)["ticket"]
    r = act(server, 2, "next")
    assert r.status_code == 200 and r.json()["ticket"]["number"] == "A001"
    assert r.json()["ticket"]["status"] == "called" and r.json()["ticket"]["counter"] == 2
    assert act(server, 2, "recall").json()["ticket"]["recalls"] == 1
    assert act(server, 2, "no-show").json()["ticket"]["status"] == "no_show"
    assert act(server, 2, "recall").status_code == 409
    # A citizen who missed the call comes back: call the number again.
    assert act(server, 2, "call", {"number": "a001"}).json()["ticket"]["id"] == a1["id"]
    clock.advance(minutes=4)
    done = act(server, 2, "complete").json()["ticket"]
    assert done["status"] == "done" and done["completed_at"]
    assert act(server, 2, "complete").status_code == 409
    # next completes the current ticket first
    assert act(server, 2, "next").json()["ticket"]["id"] == a2["id"]
    assert act(server, 2, "next").json() == {"ticket": None}
    state = server.client("display").get("/state").json()
    assert state["counters"][1]["ticket"] is None and state["waiting"] == {"general": 0, "care": 0}
    assert [c["number"] for c in state["recent_calls"][:3]] == ["A002", "A001", "A001"]
    stats = server.client("display").get("/stats").json()
    assert stats["by_counter"]["2"]["served"] == 2 and stats["no_shows"] == {}


def test_pause_and_resume(server):
    issue(server)
    act(server, 3, "next")
    r = act(server, 3, "pause", {"reason": "休息 Break"})
    assert r.status_code == 200 and r.json()["counter"]["status"] == "paused"
    state = server.client("display").get("/state").json()
    c3 = state["counters"][2]
    assert c3["status"] == "paused" and c3["reason"] == "休息 Break" and c3["ticket"] is None
    assert act(server, 3, "resume").json()["counter"]["status"] == "open"


def test_transfer_to_service_and_counter(server):
    issue(server, "transcript")
    issue(server, "transcript")
    first = act(server, 2, "next").json()["ticket"]
    r = act(server, 2, "transfer", {"counter": 3})
    assert r.status_code == 200 and r.json()["ticket"]["status"] == "transferred"
    # Counter 3 takes the transferred ticket before the one that was waiting.
    assert act(server, 3, "next").json()["ticket"]["id"] == first["id"]
    t = act(server, 3, "transfer", {"service": "seal"}).json()["ticket"]
    assert t["service"] == "seal" and t["queue"] == "general" and t["status"] == "transferred"
    # It keeps its place (issued first) in the queue.
    assert act(server, 2, "next").json()["ticket"]["id"] == first["id"]
    assert act(server, 2, "transfer", {}).status_code == 422
    assert act(server, 2, "transfer", {"service": "nope"}).status_code == 422


def test_care_counter_calls_care_first(server):
    issue(server, "transcript")
    issue(server, "id_card", "infant")
    assert act(server, 1, "next").json()["ticket"]["number"] == "C001"
    assert act(server, 1, "next").json()["ticket"]["number"] == "A001"


def test_general_counter_takes_care_after_limit(server, clock):
    issue(server, "transcript")
    issue(server, "transcript", "elderly")
    clock.advance(minutes=9)
    assert act(server, 2, "next").json()["ticket"]["number"] == "A001"
    issue(server, "transcript")
    clock.advance(minutes=1)
    assert act(server, 3, "next").json()["ticket"]["number"] == "C001"


def test_general_counter_takes_care_when_care_counter_paused(server):
    issue(server, "transcript")
    issue(server, "transcript", "disabled")
    act(server, 1, "pause", {"reason": "會議"})
    assert act(server, 2, "next").json()["ticket"]["number"] == "C001"


def test_numbering_restarts_at_the_day_change(server, clock):
    clock.now = clock.now.replace(hour=15, minute=50)  # 23:50 in Taipei
    assert issue(server)["ticket"]["number"] == "A001"
    assert issue(server)["ticket"]["number"] == "A002"
    act(server, 2, "next")
    act(server, 3, "next")
    act(server, 2, "complete")
    act(server, 3, "complete")
    clock.advance(minutes=15)  # 00:05 the next day: no step needed, numbering restarts
    assert issue(server)["ticket"]["number"] == "A001"
    assert server.client("display").get("/state").json()["business_day"] == "2026-11-27"


def test_day_change_cancels_yesterdays_waiting_and_skips_numbers_in_use(server, clock):
    clock.now = clock.now.replace(hour=15, minute=50)
    issue(server)          # A001 waiting
    issue(server)          # A002: being served over midnight
    act(server, 2, "next")  # calls A001
    clock.advance(minutes=15)
    fresh = issue(server)["ticket"]
    # A001 is still being served at counter 2, so the new day's first number is A002
    # (yesterday's A002 was still waiting and has been cancelled at the day change).
    assert fresh["number"] == "A002"
    state = server.client("display").get("/state").json()
    assert state["waiting"]["general"] == 1


def test_idempotent_retry_does_not_skip_a_citizen(server):
    for _ in range(3):
        issue(server)
    headers = {"Idempotency-Key": "press-1"}
    first = act(server, 2, "next", headers=headers).json()
    again = act(server, 2, "next", headers=headers).json()
    assert first == again and first["ticket"]["number"] == "A001"
    assert act(server, 2, "next", headers={"Idempotency-Key": "press-2"}).json()["ticket"]["number"] == "A002"
    t1 = issue(server, headers={"Idempotency-Key": "touch-1"})
    t2 = issue(server, headers={"Idempotency-Key": "touch-1"})
    assert t1 == t2


@pytest.mark.parametrize("body", [{}, {"service": 5}, {"service": "nope"}, {"service": "transcript", "category": "vip"},
                                  [1, 2], "not json"])
def test_bad_bodies_are_422(server, body):
    kiosk = server.client("kiosk")
    if body == "not json":
        r = kiosk.post("/tickets", content=b"{not json", headers={"Content-Type": "application/json"})
    else:
        r = kiosk.post("/tickets", json=body)
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid_request" and r.json()["error"]["message"]


def test_tokens_and_roles(server):
    url = server.url + API
    r = httpx.post(url + "/tickets", json={"service": "transcript"})
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
    r = httpx.post(url + "/tickets", json={"service": "transcript"}, headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 401
    assert server.client("display").post("/tickets", json={"service": "transcript"}).status_code == 403
    assert server.client("display").post("/counters/2/next").status_code == 403
    assert server.client("kiosk").post("/counters/2/next").status_code == 403
    r = server.client("counter", 2).post("/counters/3/next")
    assert r.status_code == 403 and "counter 2 only" in r.json()["error"]["message"]
    assert server.client("admin").post("/counters/3/next").status_code == 200
    assert server.client("admin").post("/counters/9/next").status_code == 404
    assert server.client("admin").get("/tickets/999").status_code == 404
    r = server.client("admin").get("/nothing-here")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_alerts(server):
    kiosk = server.client("kiosk")
    r = kiosk.post("/alerts", json={"source": "kiosk-1", "kind": "printer", "code": "paper_out",
                                    "message": {"zh-TW": "取號機缺紙", "en": "Kiosk out of paper"}})
    assert r.status_code == 201
    state = server.client("display").get("/state").json()
    assert state["alerts"][0]["code"] == "paper_out"
    assert kiosk.post("/alerts/clear", json={"source": "kiosk-1", "kind": "printer"}).json() == {"cleared": 1}
    assert server.client("display").get("/state").json()["alerts"] == []


def ws_url(server, token, since=None):
    url = server.url.replace("http", "ws") + API + f"/events?token={token}"
    return url + (f"&since={since}" if since is not None else "")


def test_events_snapshot_then_events_in_seq(server):
    with connect(ws_url(server, server.token("display"))) as ws:
        snap = json.loads(ws.recv(timeout=5))
        assert snap["type"] == "snapshot" and snap["seq"] == 0 and snap["state"]["counters"]
        issue(server)
        act(server, 2, "next")
        act(server, 2, "recall")
        act(server, 2, "pause", {"reason": "休息"})
        events = [json.loads(ws.recv(timeout=5)) for _ in range(5)]
    assert [e["type"] for e in events] == ["ticket.issued", "ticket.called", "ticket.recalled",
                                           "ticket.completed", "counter.paused"]
    assert [e["seq"] for e in events] == [1, 2, 3, 4, 5]
    assert events[1]["counter"]["number"] == 2 and events[1]["ticket"]["number"] == "A001"
    assert events[0]["waiting"] == {"general": 1, "care": 0}


def test_events_since_gives_missed_events_and_seq_survives_restart(server):
    issue(server)
    act(server, 2, "next")
    server.stop()
    server.start()
    issue(server)
    with connect(ws_url(server, server.token("display"), since=1)) as ws:
        snap = json.loads(ws.recv(timeout=5))
    assert snap["seq"] == 3
    assert [(e["seq"], e["type"]) for e in snap["missed"]] == [(2, "ticket.called"), (3, "ticket.issued")]


def test_events_refuse_a_bad_token(server):
    with connect(ws_url(server, "wrong")) as ws:
        msg = json.loads(ws.recv(timeout=5))
    assert msg["type"] == "error" and msg["error"]["code"] == "unauthorized"


def test_whoami_and_service_clock(server, clock):
    assert server.client("counter", 3).get("/whoami").json() == {"role": "counter", "counter": 3}
    assert server.client("kiosk").get("/whoami").json() == {"role": "kiosk", "counter": None}
    assert server.client("display").get("/state").json()["now"] == "2026-11-26T09:00:00+08:00"


def test_care_in_a_row_over_http(db_url, clock):
    from shared.office import default_office_text, parse_office
    from tests.servers import LiveServer

    office = parse_office(default_office_text().replace(
        'serves = ["care", "general"]', 'serves = ["care", "general"]\ncare_in_a_row = 2'))
    s = LiveServer(db_url, office=office, clock=clock).start()
    try:
        issue(s, "transcript")
        for _ in range(3):
            issue(s, "transcript", "elderly")
        calls = [act(s, 1, "next").json()["ticket"]["number"] for _ in range(4)]
        assert calls == ["C001", "C002", "A001", "C003"]
    finally:
        s.stop()


def test_report_shows_the_days_figures(server, clock, capsys):
    from server.cli import main

    issue(server, "transcript")
    clock.advance(minutes=6)
    act(server, 2, "next")
    clock.advance(minutes=4)
    act(server, 2, "complete")
    assert main(["report", *server.db_args, "--day", "2026-11-26"]) == 0
    out = capsys.readouterr().out
    assert "1 tickets issued" in out
    line = next(l for l in out.splitlines() if l.startswith("2 號櫃台"))
    assert line.split()[-4:] == ["1", "6.0", "4.0", "10.0"]


def test_idempotency_key_answers_only_the_same_request(server):
    for _ in range(3):
        issue(server)
    admin = server.client("admin")
    key = {"Idempotency-Key": "press-7"}
    first = admin.post("/counters/1/next", json={}, headers=key)
    assert admin.post("/counters/1/next", json={}, headers=key).json() == first.json()
    for path, body in [("/counters/2/next", {}), ("/counters/3/pause", {"reason": "x"}),
                       ("/tickets", {"service": "transcript"}), ("/counters/1/pause", {"reason": "x"})]:
        r = admin.post(path, json=body, headers=key)
        assert r.status_code == 422, (path, r.text)
        assert r.json()["error"]["code"] == "invalid_request" and "Idempotency-Key" in r.json()["error"]["message"]
    state = admin.get("/state").json()
    assert [c["status"] for c in state["counters"]] == ["open", "open", "open"]  # nothing paused
    assert state["counters"][1]["ticket"] is None and state["waiting"]["general"] == 2
    # The same body says the same thing: a retry of the pause with its key is answered once.
    pause = {"Idempotency-Key": "pause-3"}
    assert admin.post("/counters/3/pause", json={"reason": "休息"}, headers=pause).status_code == 200
    assert admin.post("/counters/3/pause", json={"reason": "休息"}, headers=pause).status_code == 200
    assert admin.post("/counters/3/pause", json={"reason": "會議"}, headers=pause).status_code == 422
    # Keys belong to a token: another device may use the same text.
    assert act(server, 2, "next", headers=key).json()["ticket"]["number"] == "A002"


def test_a_full_disk_logs_one_line_per_refusal_and_one_traceback(server, caplog):
    """Every commit fails: each request is refused with 503 and one log line; the fault's
    traceback is logged once, not once per request."""
    import logging

    from sqlalchemy import event

    from server.errors import faults

    issue(server)
    service = server._server.config.app.state.service

    def full(_conn):
        raise OSError("database or disk is full")

    faults.seen.clear()
    caplog.set_level(logging.INFO, logger="queue.server")
    event.listen(service.engine, "commit", full)
    try:
        kiosk = server.client("kiosk")
        answers = [kiosk.post("/tickets", json={"service": "transcript"}) for _ in range(20)]
        health = httpx.get(server.url + "/api/v1/health")
        assert health.status_code == 200  # the service runs: it says what is wrong
        assert health.json()["status"] == "degraded" and health.json()["reason"] == "disk_full"
    finally:
        event.remove(service.engine, "commit", full)
    assert {r.status_code for r in answers} == {503}
    assert {r.json()["error"]["code"] for r in answers} == {"unavailable"}
    refused = [r for r in caplog.records if r.msg.startswith("refused")]
    assert len(refused) == 20
    assert refused[0].getMessage() == ("refused POST /api/v1/tickets: 503 unavailable: "
                                       "the service could not save this; please retry")
    tracebacks = [r for r in caplog.records if r.exc_info]
    assert len(tracebacks) == 1 and "database or disk is full" in tracebacks[0].getMessage()
    assert caplog.text.count("Traceback (most recent call last)") == 1
    # The disk has room again: nothing was lost, nothing half-written.
    assert issue(server)["ticket"]["number"] == "A002"
    assert httpx.get(server.url + "/api/v1/health").json()["status"] == "ok"
