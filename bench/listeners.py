"""50 WebSocket listeners in their own process, as lean as can be: a raw handshake, then
the time each `ticket.called` event arrives, found in the byte stream without parsing
JSON. Prints "ready" when all have their snapshot; on end of stdin prints
{ticket_id: [arrival times]} (time.perf_counter, CLOCK_MONOTONIC, same in every process).

    python bench/listeners.py PORT TOKEN [COUNT]
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import sys
import time

CALLED = re.compile(rb'"type": "ticket.called", "seq": \d+, "at": "[^"]*", "ticket": \{"id": (\d+)')


async def listener(port: int, token: str, arrivals: dict, ready: asyncio.Event, counter: list, total: int):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    key = base64.b64encode(os.urandom(16)).decode()
    writer.write((f"GET /api/v1/events?token={token} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                  f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                  f"Sec-WebSocket-Version: 13\r\n\r\n").encode())
    head = await reader.readuntil(b"\r\n\r\n")
    assert b" 101 " in head.split(b"\r\n")[0], head
    buffer = b""
    snapshot_seen = False
    while True:
        chunk = await reader.read(65536)
        if not chunk:
            return
        now = time.perf_counter()
        buffer += chunk
        if not snapshot_seen and b'"type": "snapshot"' in buffer:
            snapshot_seen = True
            counter[0] += 1
            if counter[0] == total:
                ready.set()
        last = 0
        for m in CALLED.finditer(buffer):
            arrivals.setdefault(int(m.group(1)), []).append(now)
            last = m.end()
        buffer = buffer[max(last, len(buffer) - 200):]


async def main(port: int, token: str, count: int):
    arrivals: dict[int, list[float]] = {}
    ready = asyncio.Event()
    counter = [0]
    tasks = [asyncio.create_task(listener(port, token, arrivals, ready, counter, count)) for _ in range(count)]
    await ready.wait()
    print("ready", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    for t in tasks:
        t.cancel()
    print(json.dumps(arrivals), flush=True)


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 50))
