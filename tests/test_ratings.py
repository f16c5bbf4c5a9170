"""Ratings and the unsatisfied-citizen programme, against the real service (issue 12)."""

import json

from websockets.sync.client import connect

from server.cli import main as cli
from tests.pg import db_url  # noqa: F401  (the service's tests run on SQLite and PostgreSQL)

API = "/api/v1"


def serve_one(server, counter=2):
    server.client("kiosk").post("/tickets", json={"service": "birth"})
    server.client("counter", counter).post(f"/counters/{counter}/next")
    return server.client("counter", counter).post(f"/counters/{counter}/complete").json()["ticket"]


def rate(server, counter, score, reasons=(), key=None, token_counter=None):
    c = server.client("rating", token_counter or counter)
    headers = {"Idempotency-Key": key} if key else {}
    return c.post(f"/counters/{counter}/rating", json={"score": score, "reasons": list(reasons)}, headers=headers)


def test_rating_the_ticket_just_served(server):
    ticket = serve_one(server)
    r = rate(server, 2, 5)
    assert r.status_code == 201
    assert r.json()["rating"]["ticket_id"] == ticket["id"] and r.json()["rating"]["score"] == 5
    again = rate(server, 2, 4)
    assert again.status_code == 409 and "already rated" in again.json()["error"]["message"]


def test_nothing_to_rate_is_409(server):
    r = rate(server, 2, 3)
    assert r.status_code == 409


def test_next_rates_the_ticket_it_completed(server):
    server.client("kiosk").post("/tickets", json={"service": "transcript"})
    server.client("kiosk").post("/tickets", json={"service": "transcript"})
    first = server.client("counter", 2).post("/counters/2/next").json()["ticket"]
    server.client("counter", 2).post("/counters/2/next")  # completes the first, calls the second
    assert rate(server, 2, 4).json()["rating"]["ticket_id"] == first["id"]


def test_a_pad_rates_only_its_counter(server):
    serve_one(server, counter=2)
    r = rate(server, 2, 5, token_counter=1)
    assert r.status_code == 403
    assert server.client("rating", 2).post("/counters/2/next").status_code == 403  # a pad cannot call


def test_unsatisfied_opens_a_case_closed_with_a_note(server):
    serve_one(server)
    url = server.url.replace("http", "ws") + API + f"/events?token={server.token('display')}"
    with connect(url) as ws:
        json.loads(ws.recv(timeout=5))
        key = "pad-2-rating-1"
        first = rate(server, 2, 2, ["waiting_time", "attitude"], key=key)
        retried = rate(server, 2, 2, ["waiting_time", "attitude"], key=key)
        assert first.status_code == retried.status_code == 201 and first.json() == retried.json()
        event = json.loads(ws.recv(timeout=5))
    assert event["type"] == "ticket.rated" and event["rating"]["score"] == 2
    assert "followup" not in json.dumps(event)  # cases are never broadcast

    admin = server.client()
    [case] = admin.get("/followups", params={"status": "open"}).json()["followups"]
    assert case["score"] == 2 and case["reasons"] == ["waiting_time", "attitude"] and case["counter"] == 2
    assert server.client("display").get("/followups").status_code == 403
    assert admin.post(f"/followups/{case['id']}/close", json={"note": ""}).status_code == 422
    closed = admin.post(f"/followups/{case['id']}/close", json={"note": "已致電說明並致歉"})
    assert closed.status_code == 200 and closed.json()["followup"]["status"] == "closed"
    assert admin.get("/followups", params={"status": "open"}).json()["followups"] == []
    assert admin.post(f"/followups/{case['id']}/close", json={"note": "again"}).status_code == 409


def test_satisfaction_in_stats_and_report(server, capsys):
    for score in (5, 4, 1):
        serve_one(server)
        rate(server, 2, score, ["signage"] if score == 1 else [])
    sat = server.client().get("/stats").json()["satisfaction"]
    assert sat["ratings"] == 3 and sat["satisfied_share"] == 0.667 and sat["mean_score"] == 3.33
    assert sat["by_counter"]["2"]["ratings"] == 3 and sat["reasons"] == {"signage": 1}
    assert cli(["report", *server.db_args, "--day", "2026-11-26"]) == 0
    out = capsys.readouterr().out
    assert "Satisfaction: 3 ratings, 67% satisfied" in out


def test_bad_ratings_are_422(server):
    serve_one(server)
    assert rate(server, 2, 6).status_code == 422
    assert rate(server, 2, 1, ["rude"]).status_code == 422


def test_services_say_what_comes_next(server):
    services = {s["id"]: s for s in server.client("display").get("/office").json()["services"]}
    for service in ("birth", "move", "registration"):
        assert services[service]["next_steps"], service
    assert any("生育補助" in step["zh-TW"] for step in services["birth"]["next_steps"])
    assert services["transcript"]["next_steps"] == []
