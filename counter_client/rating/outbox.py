"""The rating pad's answers on their way to the service.

Each answer has its own Idempotency-Key and is sent again with it while the service
cannot be reached or is busy (503): every RETRY_MS, and at once when the connection comes
back. So an answer given while offline arrives later, and one whose reply was lost is
recorded once. A 409 (already rated, nothing to rate) is taken quietly; any other refusal
is logged and dropped (sending it again would not help). Answers wait in memory: a pad
restarted while offline loses the ones not yet sent."""

from __future__ import annotations

import logging
import uuid

from PySide6.QtCore import QObject, QTimer, Signal

from counter_client.rating import flow
from shared.client import Reply, ServiceClient

log = logging.getLogger("queue-rating")

RETRY_MS = 3000


class Outbox(QObject):
    """The answers not yet taken by the service, by their Idempotency-Key."""

    settled = Signal(object, object)   # (flow.Answer, Reply) once the service has answered

    def __init__(self, client: ServiceClient, parent: QObject | None = None):
        super().__init__(parent)
        self.client = client
        self.pending: dict[str, tuple[int, flow.Answer]] = {}
        self.in_flight: set[str] = set()
        self.last_key: str | None = None
        self.timer = QTimer(self, singleShot=True, interval=RETRY_MS, timeout=self.flush)
        client.connectionChanged.connect(lambda up: self.flush() if up else None)

    def send(self, counter: int, answer: flow.Answer, key: str | None = None) -> str:
        key = key or f"rating-{counter}-{uuid.uuid4().hex}"
        self.pending[key] = (counter, answer)
        self.last_key = key
        self.post(key)
        return key

    def flush(self) -> None:
        for key in list(self.pending):
            if key not in self.in_flight:
                self.post(key)

    def post(self, key: str) -> None:
        counter, answer = self.pending[key]
        self.in_flight.add(key)
        self.client.post(f"/counters/{counter}/rating", answer.body(), lambda reply: self.answered(key, reply),
                         key=key, retry_ms=0)

    def answered(self, key: str, reply: Reply) -> None:
        self.in_flight.discard(key)
        if key not in self.pending:
            return
        if reply.unreachable or reply.status == 503:
            self.timer.start()
            return
        _counter, answer = self.pending.pop(key)
        rating = reply.body.get("rating") if isinstance(reply.body, dict) else None
        rating = rating if isinstance(rating, dict) else {}
        if reply.ok:
            log.info("rating of %s: %d%s", answer.ticket.number, answer.score,
                     f" ({', '.join(answer.reasons)})" if answer.reasons else "")
            if answer.ticket.id and rating.get("ticket_id") not in (None, answer.ticket.id):
                log.warning("the rating of %s was recorded for ticket id %s: the counter completed another "
                            "ticket before it arrived", answer.ticket.number, rating.get("ticket_id"))
        elif reply.status == 409:
            log.info("rating of %s not recorded: %s", answer.ticket.number, reply.message)
        else:
            log.error("rating of %s refused (%d): %s", answer.ticket.number, reply.status, reply.message)
        self.settled.emit(answer, reply)
