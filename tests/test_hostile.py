"""What a broken or hostile device on the office LAN can do to the service (issue 18):
each finding of the 0.1.0 probe, against `queue-server serve` as a process.

One service per engine takes every probe in turn (as a real one would: it must still serve
honest devices after all of them), so a test checks what its own requests changed, not the
whole state."""

from __future__ import annotations

import json
import socket
import threading
import time

import httpx
import pytest
from websockets.sync.client import connect

from server.guard import MAX_BODY_BYTES
from server.listen import MAX_HEAD_BYTES
from tests.pg import module_db_url  # noqa: F401  (the service's tests run on SQLite and PostgreSQL)
from tests.servers import ServerProcess, make_token

API = "/api/v1"


@pytest.fixture(scope="module")
def proc(module_db_url, tmp_path_factory):
    tokens = {role: make_token(module_db_url, role, 2 if role == "counter" else None)
              for role in ("kiosk", "counter", "display", "admin")}
    p = ServerProcess(module_db_url, log_dir=tmp_path_factory.mktemp("hostile-log")).start()
    p.tokens = tokens
    yield p
    p.stop()


def client(proc, role="admin") -> httpx.Client:
    return httpx.Client(base_url=proc.url + API, timeout=10,
                        headers={"Authorization": f"Bearer {proc.tokens[role]}"})


def rss_mb(pid: int) -> float:
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def raw(proc, data: bytes, timeout: float = 5) -> bytes:
    """Sends bytes on a fresh connection and returns what comes back until it closes."""
    with socket.create_connection(("127.0.0.1", proc.port), timeout=timeout) as s:
        s.sendall(data)
        out = b""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                chunk = s.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not chunk:
                break
            out += chunk
            if b"\r\n\r\n" in out and b"content-length" in out.lower():
                head, _, body = out.partition(b"\r\n\r\n")
                length = int([h for h in head.split(b"\r\n") if h.lower().startswith(b"content-length")][0]
                             .split(b":")[1])
                if len(body) >= length:
                    break
        return out


def test_huge_tokens_are_refused_and_not_remembered(proc):
    start = rss_mb(proc.proc.pid)
    big = "x" * (1024 * 1024)
    with httpx.Client(base_url=proc.url + API, timeout=10) as c:
        for i in range(50):
            r = c.get("/state", headers={"Authorization": f"Bearer {big}{i}"})
            assert r.status_code == 431 and r.json()["error"]["code"] == "too_large"
        for i in range(200):  # wrong tokens under the size limit: 401, forgotten
            r = c.get("/state", headers={"Authorization": f"Bearer {'y' * 8000}{i}"})
            assert r.status_code == 401
    assert client(proc).get("/state").status_code == 200
    assert rss_mb(proc.proc.pid) - start < 20


def test_websocket_token_of_any_size_is_refused(proc):
    url = proc.url.replace("http", "ws") + API + "/events?token=" + "z" * 8000
    with connect(url) as ws:
        assert json.loads(ws.recv(timeout=5))["error"]["code"] == "unauthorized"


def test_ids_and_since_out_of_range_are_422(proc):
    with client(proc, "display") as c:
        r = c.get("/tickets/9223372036854775808")
        assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"
    url = proc.url.replace("http", "ws") + API + f"/events?token={proc.tokens['display']}&since=-9223372036854775809"
    with connect(url) as ws:
        message = json.loads(ws.recv(timeout=5))
        assert message["type"] == "error" and message["error"]["code"] == "invalid_request"
        with pytest.raises(Exception):
            ws.recv(timeout=5)
        assert ws.close_code in (1008, 1007)  # a close frame, not a dropped connection


def test_bodies_are_read_only_after_the_token(proc):
    with httpx.Client(base_url=proc.url + API, timeout=10) as c:
        r = c.post("/tickets", content=b"{bad", headers={"Content-Type": "application/json"})
        assert r.status_code == 401
        r = c.post("/tickets", content=b"x" * (20 * 1024 * 1024), headers={"Authorization": "Bearer nope"})
        assert r.status_code in (401, 413)
    with client(proc, "kiosk") as c:
        r = c.post("/alerts", content=b'{"source": "k", "kind": "p", "message": {"en": "' + b"x" * MAX_BODY_BYTES
                   + b'"}}', headers={"Content-Type": "application/json"})
        assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"


def test_chunked_bodies_are_limited_too(proc):
    def chunks():
        for _ in range(40):
            yield b"x" * 4096

    with client(proc, "kiosk") as c:
        r = c.post("/tickets", content=chunks(), headers={"Content-Type": "application/json"})
        assert r.status_code == 413


@pytest.mark.parametrize("message", [
    {"zh-TW": "x" * 1000},
    {f"k{i}": "x" for i in range(5000)},
    {"zh-TW": "<img src=x><h1>BIG</h1>", "fr": "non"},
])
def test_alert_texts_are_bounded(proc, message):
    before = client(proc).get("/state").json()["alerts"]
    with client(proc, "kiosk") as c:
        r = c.post("/alerts", json={"source": "kiosk-1", "kind": "printer", "message": message})
        assert r.status_code in (413, 422), r.text
    assert client(proc).get("/state").json()["alerts"] == before


def test_rich_text_is_kept_as_text(proc):
    with client(proc, "kiosk") as c:
        r = c.post("/alerts", json={"source": "kiosk-1", "kind": "printer",
                                    "message": {"zh-TW": "<img src=x><h1>BIG</h1>", "en": "<b>x</b>"}})
        assert r.status_code == 201
    # The service keeps it as it came; every screen shows it as plain text (see the app tests).
    alerts = client(proc).get("/state").json()["alerts"]
    assert [a["message"]["zh-TW"] for a in alerts if a["source"] == "kiosk-1"] == ["<img src=x><h1>BIG</h1>"]


def test_idle_and_slow_connections_leave_honest_requests_served(proc):
    idle = []
    try:
        for _ in range(1100):
            idle.append(socket.create_connection(("127.0.0.1", proc.port), timeout=5))
        slow = socket.create_connection(("127.0.0.1", proc.port), timeout=5)
        slow.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n")  # and never the end of its head
        idle.append(slow)
        with client(proc, "kiosk") as c:
            for _ in range(10):
                assert c.post("/tickets", json={"service": "transcript"}).status_code == 201
    finally:
        for s in idle:
            s.close()


def test_a_head_that_never_ends_is_closed(tmp_path):
    proc = ServerProcess(tmp_path / "q.db", env={"QUEUE_HEAD_SECONDS": "1"}).start()
    try:
        with socket.create_connection(("127.0.0.1", proc.port), timeout=10) as s:
            s.sendall(b"GET /api/v1/health HTTP/1.1\r\n")
            started = time.monotonic()
            assert s.recv(100) == b""  # closed by the service
            assert time.monotonic() - started < 9
    finally:
        proc.stop()


def test_hostile_requests_cost_honest_ones_nothing(proc):
    """8 honest clients issue and call while every kind of hostile request comes in."""
    errors: list[str] = []
    done = threading.Event()

    def honest(i: int):
        role = "kiosk" if i % 2 == 0 else "counter"
        with client(proc, role) as c:
            while not done.is_set():
                r = (c.post("/tickets", json={"service": "transcript"}) if role == "kiosk"
                     else c.post("/counters/2/next"))
                if r.status_code not in (200, 201):
                    errors.append(f"{role}: {r.status_code} {r.text}")

    def hostile():
        with httpx.Client(base_url=proc.url + API, timeout=10) as c, client(proc, "display") as d, \
                client(proc, "kiosk") as k:
            for i in range(100):
                d.get("/tickets/9223372036854775808")
                c.get("/state", headers={"Authorization": "Bearer " + "x" * (MAX_HEAD_BYTES + 10)})
                c.post("/tickets", content=b"{bad")
                k.post("/alerts", json={"source": "k", "kind": "p", "message": {"zh-TW": "x" * 5000}})
                k.post("/tickets", json={"service": "transcript"}, headers={"Idempotency-Key": f"k{i}"})
                k.post("/alerts/clear", json={"source": "k", "kind": "p"}, headers={"Idempotency-Key": f"k{i}"})

    start = rss_mb(proc.proc.pid)
    workers = [threading.Thread(target=honest, args=(i,)) for i in range(8)]
    for w in workers:
        w.start()
    hostile()
    done.set()
    for w in workers:
        w.join(30)
    assert errors == []
    assert rss_mb(proc.proc.pid) - start < 20
