"""The failover drill (issue 17): an office on PostgreSQL, its live service and a standby.

The live `queue-server serve` is SIGKILLed while kiosks issue and counters call through
HTTP clients given both addresses; the standby takes over within 10 s, every answered
ticket is in the record with the number it was answered with, no number is given twice,
and a display following events (shared/client.py with both URLs, WebSocket with `since`)
catches up without a gap."""

from __future__ import annotations

import threading
import time
import uuid

import httpx
import pytest

from server import db
from shared.client import ServiceClient
from tests.pg import drop_office, new_office_id
from tests.servers import ServerProcess, make_token

API = "/api/v1"
TAKEOVER_SECONDS = 10


class BothAddresses:
    """A device's HTTP client given the live and the standby service: on no answer it tries
    the other one with the same Idempotency-Key, as shared/client.py does."""

    def __init__(self, urls: list[str], token: str):
        self.urls = urls
        self.current = 0
        self.headers = {"Authorization": f"Bearer {token}"}

    def post(self, path: str, body: dict, within: float = 30) -> httpx.Response | None:
        key = uuid.uuid4().hex
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            url = self.urls[self.current]
            try:
                return httpx.post(url + API + path, json=body, timeout=5,
                                  headers={**self.headers, "Idempotency-Key": key})
            except httpx.TransportError:
                self.current = (self.current + 1) % len(self.urls)
                time.sleep(0.02)
        return None


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def health(url: str) -> dict | None:
    try:
        r = httpx.get(url + API + "/health", timeout=0.5)
    except httpx.TransportError:
        return None
    return r.json() if r.status_code == 200 else None


@pytest.fixture
def office(postgres):
    where = db.place(postgres.url, new_office_id())
    yield where
    drop_office(postgres.url, where.office)


def test_standby_takes_over_within_10_s_and_nothing_answered_is_lost(office, tmp_path, qtbot):
    tokens = {"kiosk": make_token(office, "kiosk"), "display": make_token(office, "display"),
              2: make_token(office, "counter", 2), 3: make_token(office, "counter", 3)}
    live = ServerProcess(office, log_dir=tmp_path).start()
    standby = ServerProcess(office, log_dir=tmp_path).launch()
    procs = [live, standby]
    try:
        wait_for(lambda: "standby" in standby.log(), 20, "the second service to wait as a standby")
        assert health(standby.url) is None  # a standby does not listen
        urls = [live.url, standby.url]

        display = ServiceClient(urls, tokens["display"])
        seen: list[int] = []
        display.event.connect(lambda e: seen.append(e["seq"]))
        display.start()
        qtbot.waitUntil(lambda: display.connected, timeout=10000)
        first_seq = display.state["seq"]

        answered: list[dict] = []   # tickets as kiosks were told
        called: list[dict] = []     # tickets as counters were told
        problems: list[str] = []
        stop = threading.Event()

        def kiosk():
            c = BothAddresses(urls, tokens["kiosk"])
            while not stop.is_set():
                r = c.post("/tickets", {"service": "transcript"})
                if r is None or r.status_code != 201:
                    problems.append(f"issue: {r and r.status_code} {r and r.text}")
                    return
                answered.append(r.json()["ticket"])

        def counter(n: int):
            c = BothAddresses(urls, tokens[n])
            while not stop.is_set():
                r = c.post(f"/counters/{n}/next", {})
                if r is None or r.status_code not in (200, 409):
                    problems.append(f"counter {n}: {r and r.status_code} {r and r.text}")
                    return
                if r.status_code == 200 and r.json().get("ticket"):
                    called.append(r.json()["ticket"])
                stop.wait(0.02)

        workers = [threading.Thread(target=kiosk) for _ in range(2)]
        workers += [threading.Thread(target=counter, args=(n,)) for n in (2, 3)]
        for w in workers:
            w.start()
        qtbot.waitUntil(lambda: len(answered) >= 20 and len(called) >= 5, timeout=20000)

        live.kill()
        killed = time.monotonic()
        wait_for(lambda: health(standby.url), TAKEOVER_SECONDS, "the standby to take over")
        took = time.monotonic() - killed
        assert took < TAKEOVER_SECONDS
        before = len(answered)
        qtbot.waitUntil(lambda: len(answered) >= before + 20, timeout=20000)  # served on by the standby
        stop.set()
        for w in workers:
            w.join(30)
        assert problems == []

        # Every answered ticket is in the record, as it was answered; no number twice.
        c = httpx.Client(base_url=standby.url + API, headers={"Authorization": f"Bearer {tokens['display']}"})
        for t in answered:
            got = c.get(f"/tickets/{t['id']}").json()["ticket"]
            assert (got["number"], got["queue"]) == (t["number"], t["queue"])
        numbers = [t["number"] for t in answered]
        assert len(numbers) == len(set(numbers))
        assert len({t["id"] for t in called}) == len(called)

        # The display followed every event, in order, across the takeover.
        final = health(standby.url)["seq"]
        qtbot.waitUntil(lambda: display.state["seq"] == final, timeout=15000)
        assert seen == list(range(first_seq + 1, final + 1))
        assert display.base_url == standby.url
        display.stop()
        print(f"takeover in {took:.1f} s; {len(answered)} tickets issued, {len(called)} called")
    finally:
        for p in procs:
            p.kill()


def test_on_sqlite_a_standby_waits_for_the_file_only_when_asked(tmp_path):
    path = tmp_path / "queue.db"
    live = ServerProcess(path).start()
    standby = ServerProcess(path, extra=("--standby",)).launch()
    try:
        wait_for(lambda: "standby" in standby.log(), 20, "the --standby service to wait")
        assert health(standby.url) is None
        live.kill()
        standby.wait_listening(TAKEOVER_SECONDS)
        assert "took over" in standby.log()
    finally:
        live.kill()
        standby.stop()


def test_a_device_takes_several_service_urls(monkeypatch):
    from shared.settings import AppSettings

    listed = AppSettings.of({"server_url": ["http://10.0.0.5:8600/", "http://10.0.0.6:8600"], "token": "t"})
    assert listed.server_urls == ("http://10.0.0.5:8600", "http://10.0.0.6:8600")
    monkeypatch.setenv("QUEUE_SERVER_URL", "http://10.0.0.5:8600, http://10.0.0.6:8600")
    assert AppSettings.load(None, {"token": "t"}).server_urls == listed.server_urls
    monkeypatch.setenv("QUEUE_SERVER_URL", "http://10.0.0.5:8600")
    assert AppSettings.load(None, {"token": "t"}).server_url == "http://10.0.0.5:8600"  # one stays one
    monkeypatch.setenv("QUEUE_SERVER_URL", "http://10.0.0.5:8600 10.0.0.6")
    with pytest.raises(Exception, match="QUEUE_SERVER_URL.*HOST:8600"):
        AppSettings.load(None, {"token": "t"})
    client = ServiceClient(listed.server_url, "t")
    assert client.urls == list(listed.server_urls) and client.base_url == "http://10.0.0.5:8600"
