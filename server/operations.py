"""What the service does to the queue: one method per request.

Each method first checks the request against the queue (raising ApiError before it has
changed anything), then changes the in-memory queue (`server.model`) and writes the same
change to the SQLite file on the connection it is given, inside the caller's transaction.
The events it causes are written in that transaction too, and collected in `self.events`
for the caller to publish once the transaction is committed.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Callable

from sqlalchemy import and_, bindparam, delete, func, insert, select, update
from sqlalchemy.engine import Connection

from server import db
from server.errors import ApiError
from server.model import QueueModel, ServiceTimes, TicketRec
from shared import protocol as P
from shared.estimate import estimated_wait, expected_minutes
from shared.office import Office
from shared.routing import Waiting, choose_next
from shared.tickets import WAITING_STATES, Status, business_day, format_number, next_free_number

Clock = Callable[[], datetime]

_MUTABLE = ("queue", "service", "status", "called_at", "first_called_at", "completed_at", "counter",
            "target_counter", "recalls")
# Statements built once: SQLAlchemy then only binds values on each use.
INSERT_TICKET = insert(db.tickets)
UPDATE_TICKET = (update(db.tickets).where(db.tickets.c.id == bindparam("t_id"))
                 .values({c: bindparam(f"v_{c}") for c in _MUTABLE}))
UPDATE_COUNTER = (update(db.counters).where(db.counters.c.number == bindparam("c_number"))
                  .values(status=bindparam("v_status"), reason=bindparam("v_reason"),
                          ticket_id=bindparam("v_ticket_id")))
INSERT_EVENT = insert(db.events)
UPSERT_NUMBERING = insert(db.numbering).prefix_with("OR REPLACE")


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class Operations:
    def __init__(self, office: Office, clock: Clock = utc_now):
        self.office = office
        self.clock = clock
        self.events: list[dict] = []  # events of the current transaction
        self.m = QueueModel()
        self.queue_ids = [q.id for q in office.queues]

    # ----- start-up --------------------------------------------------------------------

    def prepare(self, conn: Connection) -> None:
        """Rows for every configured counter, the queue loaded into memory, the day checked."""
        have = {r.number for r in conn.execute(select(db.counters.c.number))}
        for c in self.office.counters:
            if c.number not in have:
                conn.execute(insert(db.counters).values(number=c.number, status="open", reason="", ticket_id=None))
        self.reload(conn)
        self.roll_day(conn)

    def reload(self, conn: Connection) -> None:
        """(Re)build the in-memory queue from the file, e.g. after a failed transaction."""
        self.m = QueueModel.load(conn, self.today(), self.office.recent_calls)
        rows = conn.execute(
            select(db.events.c.seq, db.events.c.type, db.events.c.body).where(db.events.c.type.in_(P.CALL_EVENTS))
            .order_by(db.events.c.seq.desc()).limit(self.office.recent_calls)
        ).all()
        for r in reversed(rows):
            self.m.recent_calls.appendleft(self.call_entry(self.stored_event(r.seq, r.type, r.body)))

    # ----- small helpers -----------------------------------------------------------------

    def now(self) -> float:
        return self.clock().timestamp()

    def today(self) -> str:
        return business_day(self.clock(), self.office.tz).isoformat()

    def iso(self, ts: float | None) -> str | None:
        if ts is None:
            return None
        return datetime.fromtimestamp(ts, self.office.tz).isoformat(timespec="seconds")

    def ticket_json(self, t: TicketRec | None) -> dict | None:
        if t is None:
            return None
        return {
            "id": t.id, "number": t.number, "queue": t.queue, "service": t.service, "category": t.category,
            "status": t.status, "issued_at": self.iso(t.issued_at), "called_at": self.iso(t.called_at),
            "completed_at": self.iso(t.completed_at), "counter": t.counter, "target_counter": t.target_counter,
            "recalls": t.recalls,
        }

    def counter_json(self, number: int) -> dict:
        c = self.office.counter(number)
        rec = self.m.counters[number]
        return {"number": c.number, "name": c.name.to_json(), "kind": c.kind, "clerk": c.clerk,
                "status": rec.status, "reason": rec.reason, "ticket": self.ticket_json(self.m.current(number))}

    def waiting_counts(self) -> dict[str, int]:
        return self.m.waiting_counts(self.queue_ids)

    # ----- writing ------------------------------------------------------------------------

    def write_ticket(self, conn: Connection, t: TicketRec, **values) -> None:
        self.m.change(t, **values)
        conn.execute(UPDATE_TICKET, {"t_id": t.id, **{f"v_{c}": getattr(t, c) for c in _MUTABLE}})

    def write_counter(self, conn: Connection, number: int, **values) -> None:
        rec = self.m.counters[number]
        for k, v in values.items():
            setattr(rec, k, v)
        conn.execute(UPDATE_COUNTER, {"c_number": number, "v_status": rec.status, "v_reason": rec.reason,
                                      "v_ticket_id": rec.ticket_id})

    def emit(self, conn: Connection, type_: str, **body) -> dict:
        """Record an event; the stored body leaves out its seq, which is the row's key."""
        body = {"at": self.iso(self.now()), **body, "waiting": self.waiting_counts()}
        seq = self.m.seq + 1
        conn.execute(INSERT_EVENT, {"seq": seq, "type": type_, "body": json.dumps(body, ensure_ascii=False)})
        self.m.seq = seq
        event = {"type": type_, "seq": seq, **body}
        if type_ in P.CALL_EVENTS:
            self.m.recent_calls.appendleft(self.call_entry(event))
        self.events.append(event)
        return event

    @staticmethod
    def stored_event(seq: int, type_: str, body: str) -> dict:
        return {"type": type_, "seq": seq, **json.loads(body)}

    @staticmethod
    def call_entry(e: dict) -> dict:
        t = e["ticket"]
        return {"seq": e["seq"], "type": e["type"], "at": e["at"], "number": t["number"], "ticket_id": t["id"],
                "queue": t["queue"], "counter": e["counter"]["number"], "recall": e["type"] == P.TICKET_RECALLED}

    # ----- the day change -----------------------------------------------------------------

    def roll_day(self, conn: Connection) -> str:
        """At the first request of a new business day, tickets still waiting from an earlier
        day are cancelled (the office closed; nobody waits overnight) and numbering restarts."""
        today = self.today()
        if self.m.day == today:
            return today
        if self.m.day is None:
            conn.execute(insert(db.meta).prefix_with("OR REPLACE").values(key="business_day", value=today))
        else:
            conn.execute(update(db.meta).where(db.meta.c.key == "business_day").values(value=today))
            now = self.now()
            for t in list(self.m.tickets.values()):
                if t.waiting and t.business_day < today:
                    self.write_ticket(conn, t, status=Status.CANCELLED, completed_at=now)
            for t in list(self.m.tickets.values()):
                if t.business_day < today and t.status != Status.CALLED:
                    del self.m.tickets[t.id]  # finished: only the file keeps it
            self.m.service_times.clear()
            # A retry comes within seconds; two days of answers is plenty.
            conn.execute(delete(db.idempotency).where(db.idempotency.c.created_at < now - 2 * 86400))
        self.m.day = today
        return today

    # ----- issuing ------------------------------------------------------------------------

    def issue(self, conn: Connection, service_id: str, category_id: str | None) -> dict:
        office = self.office
        try:
            office.service(service_id)
        except KeyError:
            raise ApiError(422, P.E_INVALID, f"unknown service {service_id!r}; services are "
                           f"{[s.id for s in office.services]}") from None
        if category_id is not None:
            try:
                office.category(category_id)
            except KeyError:
                raise ApiError(422, P.E_INVALID, f"unknown category {category_id!r}; categories are "
                               f"{[c.id for c in office.categories]}") from None
        queue = office.queue_for(service_id, category_id)
        today = self.roll_day(conn)
        try:
            seq_no = next_free_number(self.m.numbering.get((queue.id, today), 0), self.m.in_use.get(queue.id, set()))
        except OverflowError as e:
            raise ApiError(409, P.E_CONFLICT, str(e)) from None
        ahead, estimate = self.forecast(queue.id)

        self.m.numbering[(queue.id, today)] = seq_no
        conn.execute(UPSERT_NUMBERING, {"queue": queue.id, "business_day": today, "last": seq_no})
        self.m.last_ticket_id += 1
        t = TicketRec(id=self.m.last_ticket_id, queue=queue.id,
                      number=format_number(queue.prefix, seq_no), seq_no=seq_no, business_day=today,
                      service=service_id, category=category_id, status=Status.WAITING, issued_at=self.now())
        conn.execute(INSERT_TICKET, t.row())
        self.m.add(t)
        ticket = self.ticket_json(t)
        self.emit(conn, P.TICKET_ISSUED, ticket=ticket)
        return {"ticket": ticket, "ahead": ahead, "estimated_wait_minutes": estimate}

    def forecast(self, queue_id: str) -> tuple[int, float | None]:
        """People waiting in the queue now, and the estimated wait for one more."""
        waiting = self.m.waiting_tickets(queue_id)
        work = 0.0
        for t in waiting:
            try:
                typical = self.office.service(t.service).minutes
            except KeyError:
                typical = 10
            times = self.m.service_times.get(t.service)
            work += expected_minutes(typical, times and times.average_minutes, times.count if times else 0)
        open_counters = [c for c in self.office.counters if self.m.counters[c.number].status == "open"]
        serving = [c for c in open_counters if queue_id in c.serves]
        if not serving and queue_id == self.office.care_queue.id:
            serving = [c for c in open_counters if c.help_care]
        return len(waiting), estimated_wait(work, len(serving))

    # ----- counter actions -----------------------------------------------------------------

    def finish_current(self, conn: Connection, number: int, status: Status = Status.DONE) -> dict | None:
        t = self.m.current(number)
        if t is None:
            return None
        now = self.now()
        self.write_ticket(conn, t, status=status, completed_at=now)
        self.write_counter(conn, number, ticket_id=None)
        if status == Status.DONE and t.first_called_at is not None and t.business_day == self.m.day:
            times = self.m.service_times.setdefault(t.service, ServiceTimes())
            times.total_seconds += now - t.first_called_at
            times.count += 1
        done = self.ticket_json(t)
        event = P.TICKET_COMPLETED if status == Status.DONE else P.TICKET_NO_SHOW
        self.emit(conn, event, ticket=done, counter=self.counter_json(number))
        return done

    def care_counter_open(self) -> bool:
        return any(c.is_care and self.m.counters[c.number].status == "open" for c in self.office.counters)

    @staticmethod
    def as_waiting(t: TicketRec | None) -> Waiting | None:
        if t is None:
            return None
        return Waiting(t.id, t.queue, datetime.fromtimestamp(t.issued_at, timezone.utc))

    def next(self, conn: Connection, number: int) -> dict:
        self.roll_day(conn)
        self.finish_current(conn, number)
        if self.m.counters[number].status == "paused":  # pressing next on a paused counter opens it
            self.write_counter(conn, number, status="open", reason="")
            self.emit(conn, P.COUNTER_RESUMED, counter=self.counter_json(number))
        heads = {q: self.as_waiting(self.m.head(q)) for q in self.queue_ids if self.m.head(q) is not None}
        rec = self.m.counters[number]
        choice = choose_next(self.office, self.office.counter(number), heads, self.clock(),
                             self.care_counter_open(), self.as_waiting(self.m.head_for_counter(number)),
                             rec.care_streak)
        if choice is None:
            return {"ticket": None}
        rec.care_streak = rec.care_streak + 1 if choice.queue == self.office.care_queue.id else 0
        return {"ticket": self.call_ticket(conn, number, self.m.tickets[choice.id])}

    def call_ticket(self, conn: Connection, number: int, t: TicketRec) -> dict:
        now = self.now()
        self.write_ticket(conn, t, status=Status.CALLED, called_at=now, counter=number, target_counter=None,
                          first_called_at=t.first_called_at or now)
        self.write_counter(conn, number, ticket_id=t.id)
        ticket = self.ticket_json(t)
        self.emit(conn, P.TICKET_CALLED, ticket=ticket, counter=self.counter_json(number))
        return ticket

    def call_number(self, conn: Connection, number: int, ticket_number: str) -> dict:
        today = self.roll_day(conn)
        t = self.m.find_number(ticket_number.strip().upper(), today)
        if t is None:
            raise ApiError(404, P.E_NOT_FOUND, f"no ticket {ticket_number} today")
        if t.status == Status.CALLED and t.counter == number:
            raise ApiError(409, P.E_CONFLICT, f"{t.number} is already called to this counter; use recall")
        if t.status not in (*WAITING_STATES, Status.NO_SHOW):
            raise ApiError(409, P.E_CONFLICT, f"{t.number} is {t.status}, it cannot be called")
        self.finish_current(conn, number)
        return {"ticket": self.call_ticket(conn, number, t)}

    def recall(self, conn: Connection, number: int) -> dict:
        t = self.m.current(number)
        if t is None:
            raise ApiError(409, P.E_CONFLICT, "this counter has no current ticket to recall")
        self.write_ticket(conn, t, called_at=self.now(), recalls=t.recalls + 1)
        out = self.ticket_json(t)
        self.emit(conn, P.TICKET_RECALLED, ticket=out, counter=self.counter_json(number))
        return {"ticket": out}

    def no_show(self, conn: Connection, number: int) -> dict:
        done = self.finish_current(conn, number, Status.NO_SHOW)
        if done is None:
            raise ApiError(409, P.E_CONFLICT, "this counter has no current ticket")
        return {"ticket": done}

    def complete(self, conn: Connection, number: int) -> dict:
        done = self.finish_current(conn, number)
        if done is None:
            raise ApiError(409, P.E_CONFLICT, "this counter has no current ticket")
        return {"ticket": done}

    def transfer(self, conn: Connection, number: int, service_id: str | None, to_counter: int | None) -> dict:
        if (service_id is None) == (to_counter is None):
            raise ApiError(422, P.E_INVALID, 'give either {"service": ID} or {"counter": N}')
        t = self.m.current(number)
        if t is None:
            raise ApiError(409, P.E_CONFLICT, "this counter has no current ticket to transfer")
        values = {"status": Status.TRANSFERRED, "counter": None}
        if service_id is not None:
            try:
                service = self.office.service(service_id)
            except KeyError:
                raise ApiError(422, P.E_INVALID, f"unknown service {service_id!r}") from None
            # The ticket keeps its issue time, so it keeps its place in the new queue.
            values.update(service=service.id, queue=t.queue if t.category else service.queue)
        else:
            try:
                self.office.counter(to_counter)
            except KeyError:
                raise ApiError(422, P.E_INVALID, f"unknown counter {to_counter}") from None
            if to_counter == number:
                raise ApiError(409, P.E_CONFLICT, "the ticket is already at this counter")
            values["target_counter"] = to_counter
        self.write_ticket(conn, t, **values)
        self.write_counter(conn, number, ticket_id=None)
        out = self.ticket_json(t)
        self.emit(conn, P.TICKET_TRANSFERRED, ticket=out, counter=self.counter_json(number),
                  to={"service": service_id, "counter": to_counter})
        return {"ticket": out}

    def pause(self, conn: Connection, number: int, reason: str) -> dict:
        """Pause the counter; its current ticket is completed first."""
        self.finish_current(conn, number)
        self.write_counter(conn, number, status="paused", reason=reason.strip())
        counter = self.counter_json(number)
        self.emit(conn, P.COUNTER_PAUSED, counter=counter, reason=reason.strip())
        return {"counter": counter}

    def resume(self, conn: Connection, number: int) -> dict:
        self.write_counter(conn, number, status="open", reason="")
        counter = self.counter_json(number)
        self.emit(conn, P.COUNTER_RESUMED, counter=counter)
        return {"counter": counter}

    # ----- alerts from devices ---------------------------------------------------------------

    def alert_json(self, a: dict) -> dict:
        return {**a, "raised_at": self.iso(a["raised_at"])}

    def raise_alert(self, conn: Connection, source: str, kind: str, code: str, message: dict) -> dict:
        old = next((a for a in self.m.alerts.values() if a["source"] == source and a["kind"] == kind), None)
        values = dict(code=code, message=json.dumps(message, ensure_ascii=False), raised_at=self.now())
        if old is None:
            alert_id = conn.execute(insert(db.alerts).values(source=source, kind=kind, **values)).inserted_primary_key[0]
        else:
            alert_id = old["id"]
            conn.execute(update(db.alerts).where(db.alerts.c.id == alert_id).values(**values))
        self.m.alerts[alert_id] = {"id": alert_id, "source": source, "kind": kind, "code": code,
                                   "message": message, "raised_at": values["raised_at"]}
        alert = self.alert_json(self.m.alerts[alert_id])
        self.emit(conn, P.ALERT_RAISED, alert=alert)
        return {"alert": alert}

    def clear_alert(self, conn: Connection, source: str, kind: str) -> dict:
        found = [a for a in self.m.alerts.values() if a["source"] == source and a["kind"] == kind]
        for a in found:
            conn.execute(update(db.alerts).where(db.alerts.c.id == a["id"]).values(cleared_at=self.now()))
            del self.m.alerts[a["id"]]
            self.emit(conn, P.ALERT_CLEARED, alert=self.alert_json(a))
        return {"cleared": len(found)}

    # ----- reading ---------------------------------------------------------------------------

    def seq(self, conn: Connection | None = None) -> int:
        return self.m.seq

    def state(self, conn: Connection | None = None) -> dict:
        return {
            "seq": self.m.seq,
            "now": self.iso(self.now()),  # the service's clock, for devices to measure waits by
            "business_day": self.today(),
            "counters": [self.counter_json(c.number) for c in self.office.counters],
            "waiting": self.waiting_counts(),
            "recent_calls": list(self.m.recent_calls),
            "alerts": [self.alert_json(a) for a in self.m.alerts.values()],
        }

    def events_after(self, conn: Connection, seq: int, limit: int = 500) -> list[dict] | None:
        """Events after `seq`, or None when some of them are no longer kept."""
        rows = conn.execute(
            select(db.events.c.seq, db.events.c.type, db.events.c.body).where(db.events.c.seq > seq)
            .order_by(db.events.c.seq).limit(limit + 1)
        ).all()
        if len(rows) > limit or (rows and rows[0].seq != seq + 1):
            return None
        return [self.stored_event(r.seq, r.type, r.body) for r in rows]

    def get_ticket(self, conn: Connection, ticket_id: int) -> dict:
        t = self.m.tickets.get(ticket_id)
        if t is None:
            row = conn.execute(select(db.tickets).where(db.tickets.c.id == ticket_id)).first()
            if row is None:
                raise ApiError(404, P.E_NOT_FOUND, f"no ticket with id {ticket_id}")
            t = TicketRec(**row._mapping)
        return {"ticket": self.ticket_json(t)}

    def stats(self, conn: Connection, day: str | None = None) -> dict:
        """Average wait, service and total time per counter and per service for a day."""
        t = db.tickets.c
        day = day or self.today()
        wait = t.first_called_at - t.issued_at
        service = t.completed_at - t.first_called_at

        def group(column):
            out = {}
            rows = conn.execute(
                select(column, func.count(), func.avg(wait), func.avg(service), func.avg(t.completed_at - t.issued_at))
                .where(and_(t.business_day == day, t.status == Status.DONE, t.first_called_at.is_not(None)))
                .group_by(column)
            )
            for key, n, w, s, total in rows:
                out[str(key)] = {"served": n, "avg_wait_minutes": round(w / 60, 1),
                                 "avg_service_minutes": round(s / 60, 1), "avg_total_minutes": round(total / 60, 1)}
            return out

        no_shows = conn.execute(
            select(t.counter, func.count()).where(and_(t.business_day == day, t.status == Status.NO_SHOW))
            .group_by(t.counter)).all()
        issued = conn.execute(select(func.count()).where(t.business_day == day)).scalar()
        return {"day": day, "issued": issued, "by_counter": group(t.counter), "by_service": group(t.service),
                "no_shows": {str(k): v for k, v in no_shows}}
