"""Hands each event to every connected WebSocket listener, without waiting on slow ones.

Each listener is tagged with the hash of the token it connected with, so the listeners of
a revoked token can be stopped (`revoke`): their sender then closes with code 4401.
"""

from __future__ import annotations

import asyncio
import json

MAX_BACKLOG = 2000


class Listener:
    def __init__(self, token_hash: str = ""):
        self.token_hash = token_hash
        self.queue: asyncio.Queue[tuple[int, str] | None] = asyncio.Queue(MAX_BACKLOG)
        self.overflowed = False
        self.revoked = False

    def stop(self) -> None:
        """Wake the sender with the stop mark (None), making room for it if need be."""
        while True:
            try:
                self.queue.put_nowait(None)
                return
            except asyncio.QueueFull:
                self.queue.get_nowait()


class Hub:
    def __init__(self):
        self.listeners: set[Listener] = set()

    def subscribe(self, token_hash: str = "") -> Listener:
        listener = Listener(token_hash)
        self.listeners.add(listener)
        return listener

    def unsubscribe(self, listener: Listener) -> None:
        self.listeners.discard(listener)

    def publish(self, events: list[dict]) -> None:
        if not self.listeners:
            return
        for event in events:
            # Once, for every listener (server.store made it already for what it wrote).
            text = getattr(event, "text", None) or json.dumps(event, ensure_ascii=False)
            for listener in list(self.listeners):
                try:
                    listener.queue.put_nowait((event["seq"], text))
                except asyncio.QueueFull:
                    # A listener this far behind is dropped; it reconnects and resyncs.
                    listener.overflowed = True
                    self.unsubscribe(listener)
                    listener.stop()

    def revoke(self, valid: set[str]) -> int:
        """Stops the listeners whose token is not among the valid hashes; returns how many."""
        stopped = 0
        for listener in list(self.listeners):
            if listener.token_hash and listener.token_hash not in valid:
                listener.revoked = True
                self.unsubscribe(listener)
                listener.stop()
                stopped += 1
        return stopped

    def close_all(self) -> None:
        for listener in list(self.listeners):
            listener.stop()
        self.listeners.clear()
