"""Hands each event to every connected WebSocket listener, without waiting on slow ones."""

from __future__ import annotations

import asyncio
import json

MAX_BACKLOG = 2000


class Listener:
    def __init__(self):
        self.queue: asyncio.Queue[tuple[int, str] | None] = asyncio.Queue(MAX_BACKLOG)
        self.overflowed = False

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

    def subscribe(self) -> Listener:
        listener = Listener()
        self.listeners.add(listener)
        return listener

    def unsubscribe(self, listener: Listener) -> None:
        self.listeners.discard(listener)

    def publish(self, events: list[dict]) -> None:
        for event in events:
            text = json.dumps(event, ensure_ascii=False)  # once, for every listener
            for listener in list(self.listeners):
                try:
                    listener.queue.put_nowait((event["seq"], text))
                except asyncio.QueueFull:
                    # A listener this far behind is dropped; it reconnects and resyncs.
                    listener.overflowed = True
                    self.unsubscribe(listener)
                    listener.stop()

    def close_all(self) -> None:
        for listener in list(self.listeners):
            listener.stop()
        self.listeners.clear()
