"""How fast the queue service is: operations per second for 1, 8 and 32 concurrent clients,
and how late a call reaches 50 WebSocket listeners.

Starts `queue-server serve` on a fresh SQLite file on 127.0.0.1 and drives it from this
process (one asyncio loop, keep-alive HTTP/1.1 connections, so the load generator costs
as little as possible). Each client alternates: issue a ticket (kiosk), call next (counter).

    .venv/bin/python bench/service.py [--seconds 5]
    .venv/bin/python bench/service.py --db postgresql+psycopg://USER@HOST/county   # an office schema there
    .venv/bin/python bench/service.py --db pg                # a throw-away local PostgreSQL (tests/pg.py)

On PostgreSQL the office is a fresh schema `office_bench_<pid>`, dropped at the end; the
throw-away server runs with fsync on, as a real one.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.servers import ServerProcess, make_token  # noqa: E402


class Http:
    """A minimal keep-alive HTTP/1.1 client: just enough for JSON POSTs to our service."""

    def __init__(self, port: int, token: str):
        self.port, self.token = port, token

    async def open(self):
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        return self

    async def post(self, path: str, body: dict) -> tuple[int, dict]:
        data = json.dumps(body).encode()
        self.writer.write(
            f"POST /api/v1{path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {self.token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n".encode() + data)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return status, json.loads(await self.reader.readexactly(length))

    def close(self):
        self.writer.close()


async def load(port: int, kiosk: str, admin: str, clients: int, seconds: float, stats: dict):
    async def client(i: int):
        k = await Http(port, kiosk).open()
        c = await Http(port, admin).open()
        counter = i % 3 + 1
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            status, _ = await k.post("/tickets", {"service": "transcript"})
            assert status == 201
            stats["issued"] += 1
            status, _ = await c.post(f"/counters/{counter}/next", {})
            assert status == 200
            stats["calls"] += 1
        k.close()
        c.close()

    await asyncio.gather(*(client(i) for i in range(clients)))


async def throughput(port, kiosk, admin, clients, seconds) -> dict:
    stats = {"issued": 0, "calls": 0}
    t0 = time.perf_counter()
    await load(port, kiosk, admin, clients, seconds, stats)
    elapsed = time.perf_counter() - t0
    return {"clients": clients, "issued/s": stats["issued"] / elapsed, "calls/s": stats["calls"] / elapsed,
            "ops/s": (stats["issued"] + stats["calls"]) / elapsed}


async def event_delay(port, kiosk, admin, display, calls: int, background_clients: int) -> dict:
    """For each `next`, the time from its answer until all 50 listeners have the event.
    The listeners run in a process of their own (bench/listeners.py)."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, str(Path(__file__).with_name("listeners.py")), str(port), display, "50",
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, limit=1 << 24)
    assert (await proc.stdout.readline()).strip() == b"ready"
    background = None
    if background_clients:
        background = asyncio.create_task(
            load(port, kiosk, admin, background_clients, 3600, {"issued": 0, "calls": 0}))
    k = await Http(port, kiosk).open()
    c = await Http(port, admin).open()
    answered: dict[int, float] = {}
    sent: dict[int, float] = {}
    for _ in range(calls):
        await k.post("/tickets", {"service": "transcript"})
        t0 = time.perf_counter()
        _, body = await c.post("/counters/2/next", {})
        answered[body["ticket"]["id"]] = time.perf_counter()
        sent[body["ticket"]["id"]] = t0
        await asyncio.sleep(0.02)
    if background:
        background.cancel()
    await asyncio.sleep(0.5)
    proc.stdin.close()
    arrivals = {int(k): v for k, v in json.loads(await proc.stdout.readline()).items()}
    await proc.wait()
    complete = [i for i in answered if len(arrivals.get(i, [])) == 50]
    # The service publishes an event before it answers, so it often arrives first: 0 ms.
    after_answer = sorted(max(0.0, max(arrivals[i]) - answered[i]) * 1000 for i in complete)
    after_request = sorted((max(arrivals[i]) - sent[i]) * 1000 for i in complete)

    def p(values, q):
        return values[min(len(values) - 1, int(len(values) * q))]

    return {"calls": len(complete), "p50_ms": p(after_answer, 0.5), "p99_ms": p(after_answer, 0.99),
            "max_ms": after_answer[-1], "req_p50_ms": p(after_request, 0.5), "req_p99_ms": p(after_request, 0.99)}


async def main_async(args):
    from server import db
    from tests.pg import TempPostgres, drop_office

    with tempfile.TemporaryDirectory() as tmp:
        temp_pg = None
        if args.db is None:
            where, engine = db.place(Path(tmp) / "bench.db"), "SQLite"
        else:
            url = args.db
            if url == "pg":
                temp_pg = TempPostgres(fsync=True).start()
                url = temp_pg.url
            where, engine = db.place(url, f"bench_{__import__('os').getpid()}"), "PostgreSQL"
        kiosk, admin, display = (make_token(where, r) for r in ("kiosk", "admin", "display"))
        proc = ServerProcess(where, log_dir=Path(tmp)).start()
        try:
            print(f"Queue Hall service benchmark on {engine} ({args.seconds:.0f} s per run, load generator in "
                  "the same machine)")
            print(f"{'clients':>8} {'issued/s':>10} {'calls/s':>10} {'ops/s':>10}")
            for n in (1, 8, 32):
                r = await throughput(proc.port, kiosk, admin, n, args.seconds)
                print(f"{n:>8} {r['issued/s']:>10.0f} {r['calls/s']:>10.0f} {r['ops/s']:>10.0f}")
            print("\nDelay from a `next` answer to the event at all of 50 WebSocket listeners "
                  f"({args.calls} calls, 20 ms apart):")
            for bg in (0, 8):
                r = await event_delay(proc.port, kiosk, admin, display, args.calls, bg)
                print(f"  {'idle service' if bg == 0 else 'with 8 clients loading':<24} p50 {r['p50_ms']:.2f} ms  "
                      f"p99 {r['p99_ms']:.2f} ms  max {r['max_ms']:.2f} ms  ({r['calls']} calls); "
                      f"from the request: p50 {r['req_p50_ms']:.2f} ms  p99 {r['req_p99_ms']:.2f} ms")
            print("\nFor comparison: FQM (Flask) was measured at about 150 operations/s, and its display "
                  "polls, showing a call up to 2 s late.")
        finally:
            proc.stop()
            if where.postgres:
                drop_office(where.url, where.office)
            if temp_pg is not None:
                temp_pg.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--db", help="postgresql+psycopg://USER@HOST/DATABASE, or pg for a throw-away local "
                                     "PostgreSQL (default: a fresh SQLite file)")
    asyncio.run(main_async(parser.parse_args()))
