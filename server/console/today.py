"""The Today page's figures: each queue's waiting count and longest wait, each counter
with its clerk, status and current ticket, the alerts and the latest calls. Read on the
service's writer (the hall is only read there), from the state devices get."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from shared.i18n import Text


@dataclass(frozen=True)
class QueueNow:
    name: Text
    prefix: str
    waiting: int
    longest_minutes: int | None   # the first waiting ticket's wait so far


@dataclass(frozen=True)
class CounterNow:
    number: int
    name: Text
    clerk: str
    status: str
    reason: str
    ticket: str | None
    since_minutes: int | None      # minutes since its current ticket was called


@dataclass(frozen=True)
class AlertNow:
    message: Text
    source: str
    raised_at: str


@dataclass(frozen=True)
class Today:
    day: str
    clock: str
    seq: int
    queues: list[QueueNow]
    counters: list[CounterNow]
    alerts: list[AlertNow]
    calls: list[tuple[str, int, bool]]   # (number, counter, recall), newest first
    waiting: int


def read(service, conn) -> Today:
    ops, office = service.ops, service.office
    state = ops.state(conn)
    hall = ops.hall
    now = ops.clock().timestamp()
    tz = office.tz
    queues = []
    for q in office.queues:
        waiting = hall.waiting_in(q.id)
        first = min((t.issued_at for t in waiting), default=None)
        queues.append(QueueNow(q.name, q.prefix, len(waiting),
                               None if first is None else int(max(0.0, now - first) // 60)))
    counters = []
    for c in state["counters"]:
        t = c["ticket"]
        since = None
        if t and t.get("called_at"):
            since = int(max(0.0, now - datetime.fromisoformat(t["called_at"]).timestamp()) // 60)
        counters.append(CounterNow(c["number"], Text.from_json(c["name"]), c["clerk"], c["status"], c["reason"],
                                   t["number"] if t else None, since))
    alerts = [AlertNow(Text.from_json(a["message"]), a["source"], a["raised_at"][11:16]) for a in state["alerts"]]
    calls = [(c["number"], c["counter"], c["recall"]) for c in state["recent_calls"][:6]]
    return Today(state["business_day"], datetime.fromtimestamp(now, tz).strftime("%H:%M"), state["seq"], queues,
                 counters, alerts, calls, sum(q.waiting for q in queues))
