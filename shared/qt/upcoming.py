"""The next waiting tickets and their estimated waits, as a screen follows them.

The estimates move with the clock (a citizen who waits 10 minutes has 10 fewer to wait),
so no event carries them: `GET /state` answers them in `upcoming` (server/wire.py). This
follower takes them from each snapshot, reads `GET /state` again shortly after events
(`SETTLE_MS`: a burst of events costs one read) and every `EVERY_MS`, and emits `changed`
with the list whenever it differs. An unanswered read keeps the last list shown.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

SETTLE_MS = 400
EVERY_MS = 60_000


class Upcoming(QObject):
    changed = Signal(list)  # [{"ticket_id", "number", "queue", "range": [low, high] | None}]

    def __init__(self, client, parent: QObject | None = None, every_ms: int = EVERY_MS):
        super().__init__(parent)
        self.client = client
        self.tickets: list[dict] = []
        self._asking = False
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS, timeout=self.read)
        self._every = QTimer(self, interval=every_ms, timeout=self.read)
        self._every.start()
        client.snapshot.connect(lambda state: self._take(state.get("upcoming")))
        client.event.connect(lambda _event: self._settle.start())
        if client.state is not None:
            self._take(client.state.get("upcoming"))

    def read(self) -> None:
        if self._asking or not self.client.connected:
            return
        self._asking = True

        def answered(reply) -> None:
            self._asking = False
            if reply.ok and isinstance(reply.body, dict):
                self._take(reply.body.get("upcoming"))

        self.client.get("/state", answered)

    def in_queue(self, queue: str) -> list[dict]:
        return [t for t in self.tickets if t.get("queue") == queue]

    def _take(self, tickets) -> None:
        tickets = [t for t in tickets or [] if isinstance(t, dict)]
        if tickets != self.tickets:
            self.tickets = tickets
            self.changed.emit(tickets)
