"""The public side (issue 15) against the real service: the phone page by its code, its
live channel, the board, the feed in TownPass's shape, the survey, and what the public
listener refuses (device paths, guessed codes, floods)."""

import dataclasses
import json
import re
import sqlite3
import time

import httpx
import pytest

from server.app import create_app
from server.public.limits import Buckets
from tests.servers import LiveServer


@pytest.fixture
def public(tmp_path, clock):
    s = LiveServer(tmp_path / "queue.db", clock=clock, public=True).start()
    yield s
    s.stop()


@pytest.fixture
def unlimited(tmp_path, clock):
    """The public side without its rate limit, for tests that make many requests."""
    s = LiveServer(tmp_path / "queue.db", clock=clock, public={"buckets": Buckets(burst=10_000)}).start()
    yield s
    s.stop()


def issue(server, service="transcript") -> dict:
    r = server.client("kiosk").post("/tickets", json={"service": service})
    assert r.status_code == 201
    return r.json()


def page(server, path, **kw) -> httpx.Response:
    return httpx.get(server.public_url + path, timeout=10, **kw)


def first_events(server, path, count, then=None, deadline=10.0) -> list[dict]:
    """The first `count` data messages of a live channel; `then()` runs after the first."""
    found = []
    end = time.monotonic() + deadline
    with httpx.stream("GET", server.public_url + path, timeout=deadline) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        for line in r.iter_lines():
            assert time.monotonic() < end, f"only {found} within {deadline} s"
            if line.startswith("data: "):
                found.append(json.loads(line[6:]))
                if len(found) == 1 and then is not None:
                    then()
                if len(found) == count:
                    return found
    return found


def test_the_issue_answer_carries_an_unguessable_code(public):
    answers = [issue(public) for _ in range(3)]
    codes = [a["public_code"] for a in answers]
    assert len(set(codes)) == 3
    for a, code in zip(answers, codes):
        assert re.fullmatch(r"[A-Za-z0-9_-]{16}", code)  # 96 random bits


def test_the_phone_page_shows_number_and_people_ahead(public):
    issue(public)
    issue(public)
    mine = issue(public)
    r = page(public, f"/t/{mine['public_code']}")
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    assert "Authorization" not in r.request.headers
    assert mine["ticket"]["number"] in r.text
    assert "前面還有 2 人" in r.text and "2 ahead of you" in r.text
    assert "<noscript><meta http-equiv=\"refresh\"" in r.text
    assert r.headers["referrer-policy"] == "no-referrer"


def test_the_live_channel_announces_counter_2(public):
    mine = issue(public)
    call = lambda: public.client("counter", 2).post("/counters/2/next").raise_for_status()  # noqa: E731
    first, called = first_events(public, f"/t/{mine['public_code']}/events", 2, then=call)
    assert first["status"] == "waiting" and first["ahead"] == 0
    assert called["status"] == "called" and called["counter"] == 2
    assert called["text"]["zh"] == "請到 2 號櫃台" and called["text"]["en"] == "Please go to Counter 2"
    r = page(public, f"/t/{mine['public_code']}")
    assert "請到 2 號櫃台" in r.text


def test_the_phone_page_estimate_moves_with_the_clock_without_any_event(public, clock, monkeypatch):
    from server.public import site
    monkeypatch.setattr(site, "KEEPALIVE_SECONDS", 0.2)
    for c in public.office.counters:  # every counter busy with a passport
        issue(public, "passport")
        public.client("counter", c.number).post(f"/counters/{c.number}/next").raise_for_status()
    mine = issue(public)
    # No event at all: only the clock moves, 20 minutes into the passports.
    first, later = first_events(public, f"/t/{mine['public_code']}/events", 2, then=lambda: clock.advance(20))
    assert first["status"] == later["status"] == "waiting"
    assert later["wait_minutes"] != first["wait_minutes"]


def test_a_guessed_code_is_404(public):
    issue(public)
    for code in ("AAAAAAAAAAAAAAAA", "1", "A001", "../api/v1/state", "x" * 300):
        r = page(public, f"/t/{code}")
        assert r.status_code == 404, code
    assert "找不到這張號碼牌" in page(public, "/t/AAAAAAAAAAAAAAAA").text
    assert page(public, "/t/AAAAAAAAAAAAAAAA/events").status_code == 404


def test_every_device_path_is_404_on_the_public_listener(unlimited, tmp_path):
    public = unlimited
    device = create_app(tmp_path / "other.db", public.office)
    paths = set(device.openapi()["paths"]) | {"/api/v1/events"}
    assert any(p.startswith("/api/v1/") for p in paths)
    token = {"Authorization": f"Bearer {public.token('admin')}"}
    with httpx.Client(base_url=public.public_url, timeout=10) as c:
        for path in sorted(paths | {"/docs", "/openapi.json", "/redoc", "/api/v1", "/admin", "/"}):
            concrete = re.sub(r"\{[^}]+\}", "1", path)
            for method in ("GET", "POST", "PUT", "DELETE"):
                r = c.request(method, concrete, headers=token, json={"service": "birth"})
                assert r.status_code == 404, (method, concrete, r.status_code)
        assert c.get("/public/openapi.json").status_code == 200
    # ... while the device listener still answers them.
    assert httpx.get(public.url + "/api/v1/health").status_code == 200


def test_the_public_side_accepts_no_bodies(public):
    mine = issue(public)
    with httpx.Client(base_url=public.public_url, timeout=10) as c:
        assert c.post("/public/v1/counters", json={}).status_code == 405
        assert c.post("/now", content=b"x").status_code == 405
        assert c.put(f"/t/{mine['public_code']}", content=b"x").status_code == 405


def test_the_feed_has_townpass_counter_item_shape(public):
    issue(public)
    public.client("counter", 2).post("/counters/2/next")
    issue(public)
    r = page(public, "/public/v1/counters")
    assert r.status_code == 200 and r.headers["cache-control"] == "public, max-age=5"
    feed = r.json()
    # TownPass-Services public/mock/counter_list.json, one item of data[].list[]:
    assert isinstance(feed["id"], str) and isinstance(feed["name"], str)
    assert isinstance(feed["is_regularly_used"], bool)
    assert set(feed["info"]) >= {"address", "tel", "fax"} and all(isinstance(v, str) for v in feed["info"].values())
    assert feed["name"] == "金門縣金沙鎮戶政事務所"
    for counter in feed["counters"]:
        assert isinstance(counter["id"], str) and isinstance(counter["name"], str)
        assert isinstance(counter["current_number"], str) and isinstance(counter["waiting_people"], int)
    two = next(c for c in feed["counters"] if c["id"] == "2")
    assert two["current_number"] == "A001" and two["name"] == "2 號櫃台" and two["waiting_people"] == 1
    assert "clerk" not in r.text
    for clerk in {c.clerk for c in public.office.counters if c.clerk}:
        assert clerk not in r.text
    openapi = page(public, "/public/openapi.json").json()
    assert "/public/v1/counters" in openapi["paths"] and len(openapi["paths"]) == 1


def test_the_board_shows_what_the_hall_shows(public):
    issue(public)
    public.client("counter", 2).post("/counters/2/next")
    r = page(public, "/now")
    assert r.status_code == 200 and r.headers["cache-control"] == "public, max-age=5"
    assert "A001" in r.text and "2 號櫃台" in r.text
    for clerk in {c.clerk for c in public.office.counters if c.clerk}:
        assert clerk not in r.text
    issue(public)
    call = lambda: public.client("counter", 3).post("/counters/3/next").raise_for_status()  # noqa: E731
    first, then = first_events(public, "/now/events", 2, then=call)
    numbers = {c["number"]: c["current_number"] for c in then["counters"]}
    assert numbers[3] == "A002"
    assert then["recent_calls"][0] == {"number": "A002", "counter": 3, "counter_name": {"zh": "3 號櫃台", "en": "Counter 3"}}


def test_a_flood_from_one_address_gets_429(public):
    with httpx.Client(base_url=public.public_url, timeout=10) as c:
        answers = [c.get("/public/v1/counters") for _ in range(120)]
    refused = [r for r in answers if r.status_code == 429]
    assert refused and answers[0].status_code == 200
    assert int(refused[0].headers["retry-after"]) >= 1
    # The device listener is not slowed down by it.
    assert httpx.get(public.url + "/api/v1/health").status_code == 200


def serve(public, counter=2) -> dict:
    mine = issue(public)
    public.client("counter", counter).post(f"/counters/{counter}/next").raise_for_status()
    public.client("counter", counter).post(f"/counters/{counter}/complete").raise_for_status()
    return mine


ALL_FIVES = "&".join(f"{item}=5" for item in (
    "staff_attitude", "efficiency", "waiting_time", "professionalism", "volunteer_attitude",
    "process_design", "facilities", "cleanliness", "signage"))


def post_survey(public, code, body=ALL_FIVES):
    return httpx.post(f"{public.public_url}/t/{code}/survey", content=body.encode(), timeout=10,
                      headers={"Content-Type": "application/x-www-form-urlencoded"})


def test_the_survey_once_per_served_ticket(public):
    mine = serve(public)
    waiting = issue(public)
    assert 'id="survey"' not in page(public, f"/t/{waiting['public_code']}").text
    assert post_survey(public, waiting["public_code"]).status_code == 422  # not served yet
    r = page(public, f"/t/{mine['public_code']}")
    assert 'id="survey"' in r.text and "志工服務態度" in r.text and r.text.count('type="radio"') == 45
    first = post_survey(public, mine["public_code"])
    assert first.status_code == 303 and first.headers["location"] == f"/t/{mine['public_code']}?thanks=1"
    again = post_survey(public, mine["public_code"])
    assert again.status_code == 409
    after = page(public, f"/t/{mine['public_code']}").text
    assert 'id="survey"' not in after and "感謝您填寫滿意度調查" in after
    with sqlite3.connect(public.db_path) as db:
        rows = db.execute("SELECT ticket_id, counter, scores FROM survey_answers").fetchall()
    assert len(rows) == 1 and rows[0][0] == mine["ticket"]["id"] and rows[0][1] == 2
    assert set(json.loads(rows[0][2]).values()) == {5} and len(json.loads(rows[0][2])) == 9


def test_the_survey_refuses_bad_forms(public):
    mine = serve(public)
    assert post_survey(public, mine["public_code"], "staff_attitude=9").status_code == 422
    assert post_survey(public, mine["public_code"], "").status_code == 422
    assert post_survey(public, mine["public_code"], "staff_attitude=5&x=" + "a" * 5000).status_code == 422
    assert post_survey(public, "AAAAAAAAAAAAAAAA").status_code == 404
    assert post_survey(public, mine["public_code"], "efficiency=4").status_code == 303  # one item is enough


def test_a_ticket_of_an_earlier_day_shows_it_expired(public, clock):
    served = serve(public)
    mine = issue(public)
    clock.advance(minutes=24 * 60)
    public.client("admin").get("/state")  # the day changes
    r = page(public, f"/t/{mine['public_code']}")
    assert r.status_code == 200 and "此號碼牌已過期" in r.text and "This ticket has expired" in r.text
    r = page(public, f"/t/{served['public_code']}")
    assert 'id="survey"' not in r.text
    assert post_survey(public, served["public_code"]).status_code == 422


def test_the_office_file_sets_the_public_url(tmp_path):
    from shared.office import ConfigError, default_office_text, parse_office

    text = default_office_text().replace('[office]\n', '[office]\npublic_url = "https://queue.example.gov.tw/"\n', 1)
    office = parse_office(text)
    assert office.public_url == "https://queue.example.gov.tw" and office.tel
    assert parse_office(default_office_text()).public_url == ""
    with pytest.raises(ConfigError, match="public_url"):
        parse_office(default_office_text().replace('[office]\n', '[office]\npublic_url = "queue.example"\n', 1))


def test_the_printed_qr_opens_the_phone_page(qapp, public):
    zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp decodes the QR code (pip install zxing-cpp)")
    from printers.layout import mono_to_pil, render_ticket

    office = dataclasses.replace(public.office, public_url="https://queue.example.gov.tw")
    answer = issue(public)
    ticket = dict(answer["ticket"], public_code=answer["public_code"])
    image = mono_to_pil(render_ticket(office, ticket, answer["ahead"], answer["estimated_wait_minutes"]))
    found = zxingcpp.read_barcodes(image.convert("L"))
    assert [f.text for f in found] == [f"https://queue.example.gov.tw/t/{answer['public_code']}"]
    # Without a public_url the QR stays the number and id.
    plain = mono_to_pil(render_ticket(public.office, ticket, 0, None))
    assert [f.text for f in zxingcpp.read_barcodes(plain.convert("L"))] == [f"QH:{answer['ticket']['number']}:{answer['ticket']['id']}"]
    # ...and the page it opens is the ticket's.
    path = found[0].text.removeprefix("https://queue.example.gov.tw")
    assert answer["ticket"]["number"] in page(public, path).text


def test_the_rate_limit_keeps_bounded_memory_and_refills():
    now = [0.0]
    buckets = Buckets(burst=3, rate=1.0, max_clients=100, clock=lambda: now[0])
    assert [buckets.take("a") for _ in range(4)][:3] == [0, 0, 0] and buckets.take("a") > 0
    now[0] += 2
    assert buckets.take("a") == 0  # refilled
    for i in range(1000):
        buckets.take(f"10.0.{i // 256}.{i % 256}")
    assert len(buckets.buckets) == 100


def test_the_proxy_header_is_used_only_when_set():
    from server.public.limits import client_address

    scope = {"client": ("10.0.0.1", 5000), "headers": [(b"x-forwarded-for", b"1.2.3.4, 203.0.113.9")]}
    assert client_address(scope, None) == "10.0.0.1"  # a header the client sets is not trusted
    assert client_address(scope, b"x-forwarded-for") == "203.0.113.9"  # the address the proxy saw
