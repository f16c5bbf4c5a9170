"""The hall's objects as the service sends them (JSON under /api/v1, see shared/protocol.py).

Times go out as ISO 8601 with the office's UTC offset; names in zh-TW and English.
"""

from __future__ import annotations

from datetime import datetime

from shared import hall as H
from shared.appointments import Appointment
from shared.estimate import printed_range
from shared.hours import state_at
from shared.office import Office

ISO_CACHE = 4096  # times kept formatted


UPCOMING_PER_QUEUE = 6  # waiting tickets per queue in GET /state's `upcoming`: what screens show


class Wire:
    def __init__(self, office: Office):
        self.office = office
        self.tz = office.tz
        self.counters = {c.number: c for c in office.counters}
        self._iso: dict[float, str] = {}  # a command's moment and its tickets' times come back often

    def iso(self, ts: float | None) -> str | None:
        if ts is None:
            return None
        text = self._iso.get(ts)
        if text is None:
            if len(self._iso) >= ISO_CACHE:
                self._iso.clear()
            text = self._iso[ts] = datetime.fromtimestamp(ts, self.tz).isoformat(timespec="seconds")
        return text

    def ticket(self, t: H.Ticket | None) -> dict | None:
        if t is None:
            return None
        return {
            "id": t.id, "number": t.number, "queue": t.queue, "service": t.service, "category": t.category,
            "status": str(t.status), "issued_at": self.iso(t.issued_at), "called_at": self.iso(t.called_at),
            "completed_at": self.iso(t.completed_at), "counter": t.counter, "target_counter": t.target_counter,
            "recalls": t.recalls,
        }

    def counter(self, v: H.CounterView) -> dict:
        c = self.counters[v.counter.number]
        return {"number": c.number, "name": c.name.to_json(), "kind": c.kind, "clerk": c.clerk,
                "status": v.counter.status, "reason": v.counter.reason, "ticket": self.ticket(v.ticket)}

    def alert(self, a: H.Alert) -> dict:
        return {"id": a.id, "source": a.source, "kind": a.kind, "code": a.code, "message": a.message,
                "raised_at": self.iso(a.raised_at)}

    def rating(self, r: H.Rating) -> dict:
        return {"id": r.id, "ticket_id": r.ticket_id, "counter": r.counter, "clerk": r.clerk, "service": r.service,
                "score": r.score, "reasons": list(r.reasons), "rated_at": self.iso(r.at)}

    def call(self, c: H.Call) -> dict:
        return {"seq": c.seq, "type": c.type, "at": self.iso(c.at), "number": c.number, "ticket_id": c.ticket_id,
                "queue": c.queue, "counter": c.counter, "recall": c.recall}

    def appointment_shown(self, a: Appointment) -> dict:
        """As events carry it: no code, note or phone digits (every device gets events)."""
        return {"id": a.id, "day": a.day, "slot": a.slot, "service": a.service, "status": a.status,
                "ticket_id": a.ticket_id}

    def appointment(self, a: Appointment) -> dict:
        return {**self.appointment_shown(a), "code": a.code, "note": a.note, "phone_last4": a.phone_last4,
                "booked_at": self.iso(a.booked_at), "checked_in_at": self.iso(a.checked_in_at)}

    def event_body(self, e: H.Event) -> dict:
        """An event without its type and seq (as it is stored: those are the row's)."""
        body: dict = {"at": self.iso(e.at)}
        if e.ticket is not None:
            body["ticket"] = self.ticket(e.ticket)
        if e.counter is not None:
            body["counter"] = self.counter(e.counter)
        if e.alert is not None:
            body["alert"] = self.alert(e.alert)
        body.update(e.data)
        if "rating" in e.data:
            body["rating"] = self.rating(e.data["rating"])
        if "appointment" in e.data:
            body["appointment"] = self.appointment_shown(e.data["appointment"])
        body["waiting"] = e.waiting
        return body

    def answer(self, answer) -> dict:
        """A command's answer."""
        if isinstance(answer, H.CheckedIn):
            return {**self.answer(answer.issued), "appointment": self.appointment(answer.appointment),
                    "ordinary": answer.ordinary, "reason": answer.reason.to_json() if answer.reason else None}
        if isinstance(answer, Appointment):
            return {"appointment": self.appointment(answer)}
        if isinstance(answer, H.Issued):
            wait = answer.wait
            return {"ticket": self.ticket(answer.ticket), "ahead": answer.ahead,
                    "estimated_wait_minutes": None if wait is None else float(round(wait.minutes)),
                    "estimated_wait_range": None if wait is None else list(printed_range(wait.low, wait.high))}
        if isinstance(answer, H.CounterView):
            return {"counter": self.counter(answer)}
        if isinstance(answer, H.Alert):
            return {"alert": self.alert(answer)}
        if isinstance(answer, H.Rating):
            return {"rating": self.rating(answer)}
        if isinstance(answer, int) and not isinstance(answer, bool):
            return {"cleared": answer}
        if isinstance(answer, list):
            return {"tickets": [self.ticket(t) for t in answer]}
        if isinstance(answer, Office):
            return {"office": answer.to_json()}
        return {"ticket": self.ticket(answer)}

    def state(self, hall: H.Hall, now: float) -> dict:
        return {
            "seq": hall.seq,
            "now": self.iso(now),  # the service's clock, for devices to measure waits by
            "business_day": hall.day,
            "counters": [self.counter(hall.view(c.number)) for c in self.office.counters],
            "waiting": hall.waiting_counts(),
            "recent_calls": [self.call(c) for c in hall.recent_calls],
            "recent_calls_limit": self.office.recent_calls,
            "alerts": [self.alert(a) for a in hall.alerts.values()],
            "hours": state_at(self.office.hours, datetime.fromtimestamp(now, self.tz)).to_json(),
            "upcoming": self.upcoming(hall, now),
        }

    def upcoming(self, hall: H.Hall, now: float) -> list[dict]:
        """The next waiting tickets of each queue (the appointment queue's last), soonest
        first, each with its wait as printed (whole 5 minutes; None: no open counter will
        call it), from the hall's replay."""
        forecasts = hall.estimates(now)
        out = []
        queues = [q.id for q in self.office.queues]
        if self.office.appointments is not None:  # R tickets too: the counter client lists them
            queues.append(self.office.appointments.queue)
        for queue in queues:
            waiting = sorted(hall.waiting_in(queue), key=lambda t: _soonest(forecasts.get(t.id), t.id))
            for t in waiting[:UPCOMING_PER_QUEUE]:
                f = forecasts.get(t.id)
                out.append({"ticket_id": t.id, "number": t.number, "queue": t.queue,
                            "range": None if f is None else list(printed_range(f.low, f.high))})
        return out


def _soonest(forecast, ticket_id: int) -> tuple:
    return (forecast is None, forecast.expected if forecast else 0.0, ticket_id)
