"""How the service listens: uvicorn with limits, so a broken or hostile device on the LAN
cannot hold the service's connections or memory.

- A request's head (request line and headers) must arrive within `HEAD_SECONDS` of its
  first byte or of the connection's opening, and be at most `MAX_HEAD_BYTES`: otherwise
  431 (too large) or the connection is closed. uvicorn's httptools protocol has neither
  limit of its own; it closes idle keep-alive connections after `KEEP_ALIVE_SECONDS`.
- The open-file limit is raised to its hard limit at start, and uvicorn refuses new work
  (503) beyond `max_connections`, kept below that limit, so the service itself always has
  descriptors left for its database and its honest clients.
- Bodies are limited in `server.guard` (413), after the token was checked (401 first).
"""

from __future__ import annotations

import asyncio
import os
import resource

import httptools
import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

HEAD_SECONDS = float(os.environ.get("QUEUE_HEAD_SECONDS", 10))
MAX_HEAD_BYTES = 16 * 1024
KEEP_ALIVE_SECONDS = 5
SPARE_FILES = 64  # descriptors kept for the database, logs and the listening socket

_431 = (b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: application/json\r\n"
        b"connection: close\r\ncontent-length: %d\r\n\r\n%s")
_431_BODY = (b'{"error":{"code":"too_large","message":"the request\'s headers are larger than '
             + str(MAX_HEAD_BYTES).encode() + b' bytes"}}')


class GuardedHttp(HttpToolsProtocol):
    """uvicorn's HTTP protocol with a deadline and a size limit on each request's head."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._head_timer: asyncio.TimerHandle | None = None
        self._head_bytes = 0
        self._head_too_large = False

    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._head_timer is None and (self.cycle is None or self.cycle.response_complete):
            self._arm()  # the next request's head has begun
        try:
            super().data_received(data)
        finally:
            if self._head_too_large and not self.transport.is_closing():
                self.transport.write(_431 % (len(_431_BODY), _431_BODY))
                self.transport.close()

    def on_url(self, url: bytes) -> None:
        self._count(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._count(len(name) + len(value) + 4)
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._disarm()
        self._head_bytes = 0
        super().on_headers_complete()

    def send_400_response(self, msg: str) -> None:
        if not self._head_too_large:
            super().send_400_response(msg)

    def _count(self, n: int) -> None:
        self._head_bytes += n
        if self._head_bytes > MAX_HEAD_BYTES:
            self._head_too_large = True
            raise httptools.HttpParserError("head too large")

    def _arm(self) -> None:
        self._disarm()
        self._head_timer = self.loop.call_later(HEAD_SECONDS, self._too_slow)

    def _disarm(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _too_slow(self) -> None:
        self._head_timer = None
        if self.cycle is None or self.cycle.response_complete:
            self.transport.close()


def raise_open_files_limit() -> int:
    """The soft limit raised to the hard one; returns the limit now in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY:
        hard = max(soft, 65536)
    if soft < hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
        except (ValueError, OSError):
            pass
    return soft


def config(app, host: str, port: int, **overrides) -> uvicorn.Config:
    files = raise_open_files_limit()
    settings = dict(
        host=host, port=port, log_level="warning", http=GuardedHttp,
        # Events are small: compressing them per listener would cost more than it saves.
        ws="websockets-sansio", ws_per_message_deflate=False, ws_ping_interval=10, ws_ping_timeout=10,
        ws_max_size=64 * 1024, timeout_keep_alive=KEEP_ALIVE_SECONDS,
        limit_concurrency=max(100, files - SPARE_FILES), timeout_graceful_shutdown=5,
    )
    settings.update(overrides)
    return uvicorn.Config(app, **settings)
