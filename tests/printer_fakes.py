"""Fake ESC/POS printers for the printer tests: one behind a pty (serial), one on 127.0.0.1 (TCP),
both answering DLE EOT status queries according to `state`; and a GS v 0 decoder."""

from __future__ import annotations

import os
import select
import socket
import threading
import tty

from PIL import Image

# Replies to DLE EOT 1 (printer), 2 (offline cause), 4 (paper sensor) for each state.
REPLIES = {
    "ok": {1: 0x12, 2: 0x12, 4: 0x12},
    "near_end": {1: 0x12, 2: 0x12, 4: 0x1E},
    "paper_out": {1: 0x1A, 2: 0x32, 4: 0x72},
    "cover_open": {1: 0x1A, 2: 0x16, 4: 0x12},
    "garbage": {1: 0xFF, 2: 0xFF, 4: 0xFF},
    "silent": {},
}


class _Answering:
    """Records what it receives and answers status queries from REPLIES[self.state]."""

    def __init__(self, state: str = "ok"):
        self.state = state
        self.received = bytearray()
        self.queries = 0
        self._stop = threading.Event()
        self._lock = threading.Lock()

    def _feed(self, data: bytes) -> bytes:
        """Take bytes from the host, return the answer to send back."""
        with self._lock:
            start = max(0, len(self.received) - 2)
            self.received += data
            answer = bytearray()
            i = self.received.find(b"\x10\x04", start)
            while i != -1 and i + 2 < len(self.received):
                self.queries += 1
                reply = REPLIES[self.state].get(self.received[i + 2])
                if reply is not None:
                    answer.append(reply)
                i = self.received.find(b"\x10\x04", i + 3)
            return bytes(answer)

    def data(self) -> bytes:
        with self._lock:
            return bytes(self.received)

    def clear(self):
        with self._lock:
            self.received.clear()


class FakeSerialPrinter(_Answering):
    """A printer on the far side of a pty: `url` is serial:/dev/pts/N?baudrate=..."""

    def __init__(self, state: str = "ok", baudrate: int = 9600):
        super().__init__(state)
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        self.url = f"serial:{os.ttyname(self.slave)}?baudrate={baudrate}"
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.is_set():
            if not select.select([self.master], [], [], 0.05)[0]:
                continue
            try:
                data = os.read(self.master, 65536)
            except OSError:
                continue
            answer = self._feed(data)
            if answer:
                os.write(self.master, answer)

    def close(self):
        self._stop.set()
        self._thread.join(2)
        os.close(self.master)
        os.close(self.slave)


class FakeTcpPrinter(_Answering):
    """A network printer on 127.0.0.1 (port 9100 style): `url` is tcp://127.0.0.1:PORT.
    With `hang_up`, it closes each connection as soon as it has accepted it."""

    def __init__(self, state: str = "ok", hang_up: bool = False):
        super().__init__(state)
        self.hang_up = hang_up
        self.connections = 0
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.05)
        self.url = f"tcp://127.0.0.1:{self.server.getsockname()[1]}"
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            with conn:
                if self.hang_up:
                    continue
                self._serve(conn)

    def _serve(self, conn):
        conn.settimeout(0.05)
        while not self._stop.is_set():
            try:
                data = conn.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                return
            if not data:
                return
            answer = self._feed(data)
            if answer:
                conn.sendall(answer)

    def close(self):
        self._stop.set()
        self._thread.join(2)
        self.server.close()


def decode_raster(data: bytes) -> Image.Image:
    """The picture in every GS v 0 block of `data`, stacked top to bottom, as a "1" image
    (black = 0)."""
    blocks, i = [], data.find(b"\x1dv0")
    while i != -1:
        xl, xh, yl, yh = data[i + 4:i + 8]
        width_bytes, height = xl + 256 * xh, yl + 256 * yh
        start = i + 8
        raster = data[start:start + width_bytes * height]
        assert len(raster) == width_bytes * height, "truncated GS v 0 block"
        # In GS v 0 a 1 bit is a black dot; PIL's "1" mode packs white as 1.
        img = Image.frombytes("1", (width_bytes * 8, height), bytes(255 - b for b in raster))
        blocks.append(img)
        i = data.find(b"\x1dv0", start + len(raster))
    assert blocks, "no GS v 0 block"
    out = Image.new("1", (blocks[0].width, sum(b.height for b in blocks)), 1)
    y = 0
    for b in blocks:
        out.paste(b, (0, y))
        y += b.height
    return out
