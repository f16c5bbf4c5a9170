"""What the service does to the queue, one method per request, each inside one transaction.

Every method takes the open SQLAlchemy connection (the caller begins and commits) and
returns the answer's JSON body; the events it caused are collected in `self.events` and
written in the same transaction, so an event exists exactly when its change does.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Callable

from sqlalchemy import and_, func, insert, select, update
from sqlalchemy.engine import Connection

from server import db
from server.errors import ApiError
from shared import protocol as P
from shared.estimate import estimated_wait, expected_minutes
from shared.office import Office
from shared.routing import Waiting, choose_next
from shared.tickets import (ACTIVE_STATES, WAITING_STATES, Status, business_day, format_number,
                            next_free_number)

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class Operations:
    def __init__(self, office: Office, clock: Clock = utc_now):
        self.office = office
        self.clock = clock
        self.events: list[dict] = []  # events of the current transaction, with their seq

    # ----- helpers -------------------------------------------------------------------

    def now(self) -> float:
        return self.clock().timestamp()

    def iso(self, ts: float | None) -> str | None:
        if ts is None:
            return None
        return datetime.fromtimestamp(ts, self.office.tz).isoformat(timespec="seconds")

    def ticket_json(self, row) -> dict | None:
        if row is None:
            return None
        return {
            "id": row.id,
            "number": row.number,
            "queue": row.queue,
            "service": row.service,
            "category": row.category,
            "status": row.status,
            "issued_at": self.iso(row.issued_at),
            "called_at": self.iso(row.called_at),
            "completed_at": self.iso(row.completed_at),
            "counter": row.counter,
            "target_counter": row.target_counter,
            "recalls": row.recalls,
        }

    def ticket_row(self, conn: Connection, ticket_id):
        if ticket_id is None:
            return None
        return conn.execute(select(db.tickets).where(db.tickets.c.id == ticket_id)).first()

    def counter_row(self, conn: Connection, number: int):
        return conn.execute(select(db.counters).where(db.counters.c.number == number)).first()

    def counter_json(self, conn: Connection, number: int) -> dict:
        row = self.counter_row(conn, number)
        c = self.office.counter(number)
        return {
            "number": c.number,
            "name": c.name.to_json(),
            "kind": c.kind,
            "clerk": c.clerk,
            "status": row.status,
            "reason": row.reason,
            "ticket": self.ticket_json(self.ticket_row(conn, row.ticket_id)),
        }

    def waiting_counts(self, conn: Connection) -> dict[str, int]:
        counts = {q.id: 0 for q in self.office.queues}
        rows = conn.execute(
            select(db.tickets.c.queue, func.count())
            .where(db.tickets.c.status.in_(WAITING_STATES))
            .group_by(db.tickets.c.queue)
        )
        for queue, n in rows:
            counts[queue] = n
        return counts

    def emit(self, conn: Connection, type_: str, **body) -> dict:
        """Record an event; its seq comes from the table, the stored body leaves it out."""
        body = {"at": self.iso(self.now()), **body, "waiting": self.waiting_counts(conn)}
        text = json.dumps(body, ensure_ascii=False)
        seq = conn.execute(insert(db.events).values(type=type_, body=text)).inserted_primary_key[0]
        event = {"type": type_, "seq": seq, **body}
        self.events.append(event)
        return event

    @staticmethod
    def stored_event(seq: int, type_: str, body: str) -> dict:
        return {"type": type_, "seq": seq, **json.loads(body)}

    def set_ticket(self, conn: Connection, ticket_id: int, **values) -> None:
        conn.execute(update(db.tickets).where(db.tickets.c.id == ticket_id).values(**values))

    def set_counter(self, conn: Connection, number: int, **values) -> None:
        conn.execute(update(db.counters).where(db.counters.c.number == number).values(**values))

    # ----- start-up and the day change -----------------------------------------------

    def prepare(self, conn: Connection) -> None:
        """Rows for every configured counter; the day change if the service was down over it."""
        have = {r.number for r in conn.execute(select(db.counters.c.number))}
        for c in self.office.counters:
            if c.number not in have:
                conn.execute(insert(db.counters).values(number=c.number, status="open", reason="", ticket_id=None))
        self.roll_day(conn)

    def today(self) -> str:
        return business_day(self.clock(), self.office.tz).isoformat()

    def roll_day(self, conn: Connection) -> str:
        """At the first request of a new business day, tickets still waiting from an earlier
        day are cancelled (the office closed; nobody waits overnight) and numbering restarts."""
        today = self.today()
        known = conn.execute(select(db.meta.c.value).where(db.meta.c.key == "business_day")).scalar()
        if known == today:
            return today
        if known is None:
            conn.execute(insert(db.meta).values(key="business_day", value=today))
        else:
            conn.execute(update(db.meta).where(db.meta.c.key == "business_day").values(value=today))
            conn.execute(
                update(db.tickets)
                .where(and_(db.tickets.c.status.in_(WAITING_STATES), db.tickets.c.business_day < today))
                .values(status=Status.CANCELLED, completed_at=self.now())
            )
        return today

    # ----- issuing -------------------------------------------------------------------

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
        t = db.tickets.c

        last = conn.execute(
            select(db.numbering.c.last).where(and_(db.numbering.c.queue == queue.id,
                                                   db.numbering.c.business_day == today))
        ).scalar()
        in_use = {
            n for (n,) in conn.execute(
                select(t.seq_no).where(and_(t.queue == queue.id, t.status.in_(ACTIVE_STATES)))
            )
        }
        try:
            seq_no = next_free_number(last or 0, in_use)
        except OverflowError as e:
            raise ApiError(409, P.E_CONFLICT, str(e)) from None
        if last is None:
            conn.execute(insert(db.numbering).values(queue=queue.id, business_day=today, last=seq_no))
        else:
            conn.execute(
                update(db.numbering)
                .where(and_(db.numbering.c.queue == queue.id, db.numbering.c.business_day == today))
                .values(last=seq_no)
            )

        ahead, estimate = self.forecast(conn, queue.id)
        ticket_id = conn.execute(
            insert(db.tickets).values(
                queue=queue.id, number=format_number(queue.prefix, seq_no), seq_no=seq_no,
                business_day=today, service=service_id, category=category_id,
                status=Status.WAITING, issued_at=self.now(), recalls=0,
            )
        ).inserted_primary_key[0]
        ticket = self.ticket_json(self.ticket_row(conn, ticket_id))
        self.emit(conn, P.TICKET_ISSUED, ticket=ticket)
        return {"ticket": ticket, "ahead": ahead, "estimated_wait_minutes": estimate}

    def forecast(self, conn: Connection, queue_id: str) -> tuple[int, float | None]:
        """People waiting in the queue now, and the estimated wait for one more."""
        t = db.tickets.c
        waiting_by_service = dict(
            conn.execute(
                select(t.service, func.count())
                .where(and_(t.queue == queue_id, t.status.in_(WAITING_STATES)))
                .group_by(t.service)
            ).all()
        )
        ahead = sum(waiting_by_service.values())
        measured = {
            service: (avg / 60, n)
            for service, avg, n in conn.execute(
                select(t.service, func.avg(t.completed_at - t.first_called_at), func.count())
                .where(and_(t.business_day == self.today(), t.status == Status.DONE,
                            t.first_called_at.is_not(None)))
                .group_by(t.service)
            )
        }
        work = 0.0
        for service_id, n in waiting_by_service.items():
            try:
                typical = self.office.service(service_id).minutes
            except KeyError:
                typical = 10
            avg, samples = measured.get(service_id, (None, 0))
            work += n * expected_minutes(typical, avg, samples)
        open_numbers = {
            r.number for r in conn.execute(select(db.counters.c.number).where(db.counters.c.status == "open"))
        }
        serving = [c for c in self.office.counters if c.number in open_numbers and queue_id in c.serves]
        if not serving and queue_id == self.office.care_queue.id:
            serving = [c for c in self.office.counters if c.number in open_numbers and c.help_care]
        return ahead, estimated_wait(work, len(serving))

    # ----- counter actions -----------------------------------------------------------

    def current(self, conn: Connection, number: int):
        row = self.counter_row(conn, number)
        return row, self.ticket_row(conn, row.ticket_id)

    def finish_current(self, conn: Connection, number: int, status: Status = Status.DONE) -> dict | None:
        _, ticket = self.current(conn, number)
        if ticket is None:
            return None
        self.set_ticket(conn, ticket.id, status=status, completed_at=self.now())
        self.set_counter(conn, number, ticket_id=None)
        done = self.ticket_json(self.ticket_row(conn, ticket.id))
        event = P.TICKET_COMPLETED if status == Status.DONE else P.TICKET_NO_SHOW
        self.emit(conn, event, ticket=done, counter=self.counter_json(conn, number))
        return done

    def care_counter_open(self, conn: Connection) -> bool:
        care = [c.number for c in self.office.counters if c.is_care]
        if not care:
            return False
        return conn.execute(
            select(func.count()).select_from(db.counters)
            .where(and_(db.counters.c.number.in_(care), db.counters.c.status == "open"))
        ).scalar() > 0

    def heads(self, conn: Connection) -> dict[str, Waiting]:
        t = db.tickets.c
        found = {}
        for q in self.office.queues:
            row = conn.execute(
                select(t.id, t.queue, t.issued_at)
                .where(and_(t.queue == q.id, t.status.in_(WAITING_STATES), t.target_counter.is_(None)))
                .order_by(t.issued_at, t.id).limit(1)
            ).first()
            if row is not None:
                found[q.id] = self.waiting(row)
        return found

    def waiting(self, row) -> Waiting:
        return Waiting(row.id, row.queue, datetime.fromtimestamp(row.issued_at, timezone.utc))

    def next(self, conn: Connection, number: int) -> dict:
        self.roll_day(conn)
        self.finish_current(conn, number)
        t = db.tickets.c
        here = conn.execute(
            select(t.id, t.queue, t.issued_at)
            .where(and_(t.status.in_(WAITING_STATES), t.target_counter == number))
            .order_by(t.issued_at, t.id).limit(1)
        ).first()
        choice = choose_next(
            self.office, self.office.counter(number), self.heads(conn), self.clock(),
            self.care_counter_open(conn), self.waiting(here) if here else None,
        )
        row = self.counter_row(conn, number)
        if row.status == "paused":  # pressing next on a paused counter opens it
            self.set_counter(conn, number, status="open", reason="")
            self.emit(conn, P.COUNTER_RESUMED, counter=self.counter_json(conn, number))
        if choice is None:
            return {"ticket": None}
        return {"ticket": self.call_ticket(conn, number, choice.id)}

    def call_ticket(self, conn: Connection, number: int, ticket_id: int) -> dict:
        now = self.now()
        row = self.ticket_row(conn, ticket_id)
        self.set_ticket(conn, ticket_id, status=Status.CALLED, called_at=now, counter=number,
                        target_counter=None, first_called_at=row.first_called_at or now)
        self.set_counter(conn, number, ticket_id=ticket_id)
        ticket = self.ticket_json(self.ticket_row(conn, ticket_id))
        self.emit(conn, P.TICKET_CALLED, ticket=ticket, counter=self.counter_json(conn, number))
        return ticket

    def call_number(self, conn: Connection, number: int, ticket_number: str) -> dict:
        today = self.roll_day(conn)
        t = db.tickets.c
        row = conn.execute(
            select(db.tickets).where(and_(t.number == ticket_number.strip().upper(), t.business_day == today))
            .order_by(t.id.desc()).limit(1)
        ).first()
        if row is None:
            raise ApiError(404, P.E_NOT_FOUND, f"no ticket {ticket_number} today")
        if row.status == Status.CALLED and row.counter == number:
            raise ApiError(409, P.E_CONFLICT, f"{row.number} is already called to this counter; use recall")
        if row.status not in (*WAITING_STATES, Status.NO_SHOW):
            raise ApiError(409, P.E_CONFLICT, f"{row.number} is {row.status}, it cannot be called")
        self.finish_current(conn, number)
        return {"ticket": self.call_ticket(conn, number, row.id)}

    def recall(self, conn: Connection, number: int) -> dict:
        _, ticket = self.current(conn, number)
        if ticket is None:
            raise ApiError(409, P.E_CONFLICT, "this counter has no current ticket to recall")
        self.set_ticket(conn, ticket.id, called_at=self.now(), recalls=ticket.recalls + 1)
        out = self.ticket_json(self.ticket_row(conn, ticket.id))
        self.emit(conn, P.TICKET_RECALLED, ticket=out, counter=self.counter_json(conn, number))
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
        _, ticket = self.current(conn, number)
        if ticket is None:
            raise ApiError(409, P.E_CONFLICT, "this counter has no current ticket to transfer")
        values = {"status": Status.TRANSFERRED, "counter": None}
        if service_id is not None:
            try:
                service = self.office.service(service_id)
            except KeyError:
                raise ApiError(422, P.E_INVALID, f"unknown service {service_id!r}") from None
            # The ticket keeps its issue time, so it keeps its place in the new queue.
            values.update(service=service.id, queue=ticket.queue if ticket.category else service.queue)
        else:
            try:
                self.office.counter(to_counter)
            except KeyError:
                raise ApiError(422, P.E_INVALID, f"unknown counter {to_counter}") from None
            if to_counter == number:
                raise ApiError(409, P.E_CONFLICT, "the ticket is already at this counter")
            values["target_counter"] = to_counter
        self.set_ticket(conn, ticket.id, **values)
        self.set_counter(conn, number, ticket_id=None)
        out = self.ticket_json(self.ticket_row(conn, ticket.id))
        self.emit(conn, P.TICKET_TRANSFERRED, ticket=out, counter=self.counter_json(conn, number),
                  to={"service": service_id, "counter": to_counter})
        return {"ticket": out}

    def pause(self, conn: Connection, number: int, reason: str) -> dict:
        """Pause the counter; its current ticket is completed first."""
        self.finish_current(conn, number)
        self.set_counter(conn, number, status="paused", reason=reason.strip())
        counter = self.counter_json(conn, number)
        self.emit(conn, P.COUNTER_PAUSED, counter=counter, reason=reason.strip())
        return {"counter": counter}

    def resume(self, conn: Connection, number: int) -> dict:
        self.set_counter(conn, number, status="open", reason="")
        counter = self.counter_json(conn, number)
        self.emit(conn, P.COUNTER_RESUMED, counter=counter)
        return {"counter": counter}

    # ----- alerts from devices -------------------------------------------------------

    def alert_json(self, row) -> dict:
        return {"id": row.id, "source": row.source, "kind": row.kind, "code": row.code,
                "message": json.loads(row.message), "raised_at": self.iso(row.raised_at)}

    def open_alerts(self, conn: Connection) -> list[dict]:
        rows = conn.execute(select(db.alerts).where(db.alerts.c.cleared_at.is_(None)).order_by(db.alerts.c.id))
        return [self.alert_json(r) for r in rows]

    def raise_alert(self, conn: Connection, source: str, kind: str, code: str, message: dict) -> dict:
        a = db.alerts.c
        old = conn.execute(
            select(a.id).where(and_(a.source == source, a.kind == kind, a.cleared_at.is_(None)))
        ).scalar()
        values = dict(code=code, message=json.dumps(message, ensure_ascii=False), raised_at=self.now())
        if old is None:
            alert_id = conn.execute(insert(db.alerts).values(source=source, kind=kind, **values)).inserted_primary_key[0]
        else:
            alert_id = old
            conn.execute(update(db.alerts).where(a.id == old).values(**values))
        alert = self.alert_json(conn.execute(select(db.alerts).where(a.id == alert_id)).first())
        self.emit(conn, P.ALERT_RAISED, alert=alert)
        return {"alert": alert}

    def clear_alert(self, conn: Connection, source: str, kind: str) -> dict:
        a = db.alerts.c
        rows = conn.execute(
            select(db.alerts).where(and_(a.source == source, a.kind == kind, a.cleared_at.is_(None)))
        ).all()
        for row in rows:
            conn.execute(update(db.alerts).where(a.id == row.id).values(cleared_at=self.now()))
            self.emit(conn, P.ALERT_CLEARED, alert=self.alert_json(row))
        return {"cleared": len(rows)}

    # ----- reading ---------------------------------------------------------------------

    def seq(self, conn: Connection) -> int:
        return conn.execute(select(func.coalesce(func.max(db.events.c.seq), 0))).scalar()

    def recent_calls(self, conn: Connection) -> list[dict]:
        rows = conn.execute(
            select(db.events.c.seq, db.events.c.type, db.events.c.body).where(db.events.c.type.in_(P.CALL_EVENTS))
            .order_by(db.events.c.seq.desc()).limit(self.office.recent_calls)
        )
        calls = []
        for seq, type_, body in rows:
            e = self.stored_event(seq, type_, body)
            calls.append({"seq": e["seq"], "type": e["type"], "at": e["at"], "number": e["ticket"]["number"],
                          "ticket_id": e["ticket"]["id"], "queue": e["ticket"]["queue"],
                          "counter": e["counter"]["number"], "recall": e["type"] == P.TICKET_RECALLED})
        return calls

    def state(self, conn: Connection) -> dict:
        return {
            "seq": self.seq(conn),
            "business_day": self.today(),
            "counters": [self.counter_json(conn, c.number) for c in self.office.counters],
            "waiting": self.waiting_counts(conn),
            "recent_calls": self.recent_calls(conn),
            "alerts": self.open_alerts(conn),
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
        row = self.ticket_row(conn, ticket_id)
        if row is None:
            raise ApiError(404, P.E_NOT_FOUND, f"no ticket with id {ticket_id}")
        return {"ticket": self.ticket_json(row)}

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

        no_shows = dict(conn.execute(
            select(t.counter, func.count()).where(and_(t.business_day == day, t.status == Status.NO_SHOW))
            .group_by(t.counter)).all())
        issued = conn.execute(select(func.count()).where(t.business_day == day)).scalar()
        return {"day": day, "issued": issued, "by_counter": group(t.counter), "by_service": group(t.service),
                "no_shows": {str(k): v for k, v in no_shows.items()}}
