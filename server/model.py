"""The queue as the service holds it in memory, loaded from the SQLite file at start.

The file is the record: every change is written there, in one transaction per request,
before it is answered. Keeping the queue itself in memory as well makes every decision
(who is next, how many wait) a lookup instead of a query, so a request costs a few short
writes and nothing more.
"""

from __future__ import annotations

import bisect
import json
from collections import deque
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from server import db
from shared.tickets import ACTIVE_STATES, WAITING_STATES, Status

TICKET_FIELDS = ("id", "queue", "number", "seq_no", "business_day", "service", "category", "status", "issued_at",
                 "called_at", "first_called_at", "completed_at", "counter", "target_counter", "recalls")


@dataclass
class TicketRec:
    id: int
    queue: str
    number: str
    seq_no: int
    business_day: str
    service: str
    category: str | None
    status: str
    issued_at: float
    called_at: float | None = None
    first_called_at: float | None = None
    completed_at: float | None = None
    counter: int | None = None
    target_counter: int | None = None
    recalls: int = 0

    @property
    def waiting(self) -> bool:
        return self.status in WAITING_STATES

    @property
    def order(self) -> tuple[float, int]:
        """First come, first served: by issue time (kept through a transfer)."""
        return (self.issued_at, self.id)

    def row(self) -> dict:
        return {f: getattr(self, f) for f in TICKET_FIELDS}


@dataclass
class CounterRec:
    number: int
    status: str = "open"
    reason: str = ""
    ticket_id: int | None = None
    care_streak: int = 0  # care tickets called in a row (for `care_in_a_row`)


@dataclass
class ServiceTimes:
    """Today's measured service times of one service: for the wait estimate."""

    total_seconds: float = 0.0
    count: int = 0

    @property
    def average_minutes(self) -> float | None:
        return self.total_seconds / self.count / 60 if self.count else None


@dataclass
class QueueModel:
    day: str | None = None
    seq: int = 0
    last_ticket_id: int = 0
    tickets: dict[int, TicketRec] = field(default_factory=dict)
    # Waiting tickets per queue, in call order; tickets sent to one counter are kept apart.
    waiting: dict[str, list[tuple[float, int]]] = field(default_factory=dict)
    waiting_for_counter: dict[int, list[tuple[float, int]]] = field(default_factory=dict)
    counters: dict[int, CounterRec] = field(default_factory=dict)
    numbering: dict[tuple[str, str], int] = field(default_factory=dict)
    in_use: dict[str, set[int]] = field(default_factory=dict)  # numbers still active, per queue
    recent_calls: deque = field(default_factory=lambda: deque(maxlen=8))
    alerts: dict[int, dict] = field(default_factory=dict)
    service_times: dict[str, ServiceTimes] = field(default_factory=dict)

    # ----- keeping the indexes in step with a ticket --------------------------------------

    def add(self, t: TicketRec) -> None:
        self.tickets[t.id] = t
        self.index(t)

    def index(self, t: TicketRec) -> None:
        if t.waiting:
            lane = self._lane(t)
            bisect.insort(lane, t.order)
        if t.status in ACTIVE_STATES:
            self.in_use.setdefault(t.queue, set()).add(t.seq_no)

    def unindex(self, t: TicketRec) -> None:
        if t.waiting:
            lane = self._lane(t)
            i = bisect.bisect_left(lane, t.order)
            if i < len(lane) and lane[i] == t.order:
                del lane[i]
        if t.status in ACTIVE_STATES:
            self.in_use.get(t.queue, set()).discard(t.seq_no)

    def _lane(self, t: TicketRec) -> list:
        if t.target_counter is not None:
            return self.waiting_for_counter.setdefault(t.target_counter, [])
        return self.waiting.setdefault(t.queue, [])

    def change(self, t: TicketRec, **values) -> None:
        """Change a ticket's fields, keeping the waiting lines in order."""
        self.unindex(t)
        for k, v in values.items():
            setattr(t, k, v)
        self.index(t)

    # ----- questions ----------------------------------------------------------------------

    def head(self, queue: str) -> TicketRec | None:
        lane = self.waiting.get(queue)
        return self.tickets[lane[0][1]] if lane else None

    def head_for_counter(self, number: int) -> TicketRec | None:
        lane = self.waiting_for_counter.get(number)
        return self.tickets[lane[0][1]] if lane else None

    def waiting_tickets(self, queue: str) -> list[TicketRec]:
        ids = [i for _, i in self.waiting.get(queue, [])]
        ids += [i for lane in self.waiting_for_counter.values() for _, i in lane if self.tickets[i].queue == queue]
        return [self.tickets[i] for i in ids]

    def waiting_counts(self, queue_ids) -> dict[str, int]:
        counts = {q: len(self.waiting.get(q, [])) for q in queue_ids}
        for lane in self.waiting_for_counter.values():
            for _, i in lane:
                counts[self.tickets[i].queue] = counts.get(self.tickets[i].queue, 0) + 1
        return counts

    def current(self, number: int) -> TicketRec | None:
        tid = self.counters[number].ticket_id
        return self.tickets.get(tid) if tid is not None else None

    def find_number(self, number: str, day: str) -> TicketRec | None:
        found = [t for t in self.tickets.values() if t.number == number and t.business_day == day]
        return max(found, key=lambda t: t.id) if found else None

    # ----- loading ------------------------------------------------------------------------

    @classmethod
    def load(cls, conn: Connection, today: str, recent: int) -> "QueueModel":
        m = cls(day=conn.execute(select(db.meta.c.value).where(db.meta.c.key == "business_day")).scalar())
        m.recent_calls = deque(maxlen=recent)
        t = db.tickets.c
        rows = conn.execute(select(db.tickets).where((t.business_day >= today) | t.status.in_(ACTIVE_STATES)))
        for r in rows:
            m.add(TicketRec(**{f: getattr(r, f) for f in TICKET_FIELDS}))
        for r in conn.execute(select(db.counters)):
            m.counters[r.number] = CounterRec(r.number, r.status, r.reason, r.ticket_id)
        for r in conn.execute(select(db.numbering)):
            m.numbering[(r.queue, r.business_day)] = r.last
        m.last_ticket_id = conn.execute(select(func.coalesce(func.max(t.id), 0))).scalar()
        m.seq = conn.execute(select(func.coalesce(func.max(db.events.c.seq), 0))).scalar()
        for r in conn.execute(select(db.alerts).where(db.alerts.c.cleared_at.is_(None))):
            m.alerts[r.id] = {"id": r.id, "source": r.source, "kind": r.kind, "code": r.code,
                              "message": json.loads(r.message), "raised_at": r.raised_at}
        for tk in m.tickets.values():
            if tk.business_day == today and tk.status == Status.DONE and tk.first_called_at and tk.completed_at:
                times = m.service_times.setdefault(tk.service, ServiceTimes())
                times.total_seconds += tk.completed_at - tk.first_called_at
                times.count += 1
        return m
