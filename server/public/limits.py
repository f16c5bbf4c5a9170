"""A per-client rate limit for the public listener: a token bucket per remote address.

Each address may make `burst` requests at once and `rate` per second after that; beyond
it, 429 with Retry-After. At most `max_clients` buckets are kept (the least recently
seen is forgotten first), so a flood from many addresses cannot grow memory. Behind a
reverse proxy the office names the header that carries the client's address
(`--public-proxy-header X-Forwarded-For`; off by default: a header a client sets itself
would let it choose its own bucket). Live channels (server-sent events) are also counted
while open: at most `streams_per_client` per address and `max_streams` in all.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict

BURST = 60
RATE = 2.0  # requests per second, refilled
MAX_CLIENTS = 10_000
STREAMS_PER_CLIENT = 4
MAX_STREAMS = 500


class Buckets:
    def __init__(self, burst: int = BURST, rate: float = RATE, max_clients: int = MAX_CLIENTS,
                 clock=time.monotonic):
        self.burst, self.rate, self.max_clients, self.clock = burst, rate, max_clients, clock
        self.buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # address: (tokens, at)

    def take(self, address: str) -> float:
        """0 when the request may go on, else the seconds to wait."""
        now = self.clock()
        tokens, at = self.buckets.pop(address, (float(self.burst), now))
        tokens = min(self.burst, tokens + (now - at) * self.rate)
        wait = 0.0
        if tokens >= 1:
            tokens -= 1
        else:
            wait = (1 - tokens) / self.rate
        self.buckets[address] = (tokens, now)
        while len(self.buckets) > self.max_clients:
            self.buckets.popitem(last=False)
        return wait


class Streams:
    def __init__(self, per_client: int = STREAMS_PER_CLIENT, total: int = MAX_STREAMS):
        self.per_client, self.total = per_client, total
        self.open: dict[str, int] = {}

    def enter(self, address: str) -> bool:
        if sum(self.open.values()) >= self.total or self.open.get(address, 0) >= self.per_client:
            return False
        self.open[address] = self.open.get(address, 0) + 1
        return True

    def leave(self, address: str) -> None:
        n = self.open.get(address, 0) - 1
        if n > 0:
            self.open[address] = n
        else:
            self.open.pop(address, None)


class RateLimit:
    """ASGI middleware: the bucket check before anything else is read."""

    def __init__(self, app, buckets: Buckets, proxy_header: str | None = None):
        self.app = app
        self.buckets = buckets
        self.proxy_header = proxy_header.lower().encode() if proxy_header else None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            if scope["type"] == "websocket":  # the public side has no WebSocket
                await send({"type": "websocket.close", "code": 1008})
                return
            return await self.app(scope, receive, send)
        address = client_address(scope, self.proxy_header)
        scope.setdefault("state", {})["client_address"] = address
        wait = self.buckets.take(address)
        if wait > 0:
            body = b'{"error":{"code":"too_many_requests","message":"too many requests from this address; retry later"}}'
            await send({"type": "http.response.start", "status": 429, "headers": [
                (b"content-type", b"application/json"), (b"retry-after", str(max(1, math.ceil(wait))).encode()),
                (b"cache-control", b"no-store"), (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)


def client_address(scope, proxy_header: bytes | None) -> str:
    if proxy_header is not None:
        for name, value in scope.get("headers", ()):
            if name == proxy_header:
                # The trusted proxy appends the address it saw: the last entry (earlier ones the client may forge).
                return value.decode("latin-1").split(",")[-1].strip()[:64] or "?"
    client = scope.get("client")
    return client[0] if client else "?"
