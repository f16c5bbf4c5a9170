"""The record of the hall: loading it from the database, and writing a command's events.

The hall (`shared.hall`) decides; this module only keeps the record in step with it. Each
event carries the new form of what it changed, and becomes the row updates that bring the
file to the same state, plus the event's own row (the event log devices catch up from).
Statements are built once. The writes of every command (`Fast`) go straight to SQLite's
own connection, inside the same SQLAlchemy transaction: SQLAlchemy's work per execution
costs several times SQLite's for these one-row writes (other databases take SQLAlchemy's
ordinary path).
"""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import datetime

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from server import db
from server.wire import Wire
from shared import hall as H
from shared.appointments import Appointment, figures
from shared.office import Office
from shared.tickets import ACTIVE_STATES


class Fast:
    """A statement compiled once for SQLite and run on the DBAPI connection under `conn`,
    in its transaction (begun as SQLAlchemy begins it, if it was not yet)."""

    def __init__(self, statement, keys: tuple[str, ...] | None = None):
        self.statement = statement
        self.keys = list(keys) if keys else None
        self.sql: str | None = None  # compiled at the first use on SQLite
        self.order: tuple[str, ...] | None = None  # the names of a positional paramstyle's values

    def __call__(self, conn: Connection, params: dict | list[dict]) -> None:
        if conn.dialect.name != "sqlite":
            conn.execute(self.statement, params)
            return
        if self.sql is None:
            compiled = self.statement.compile(dialect=conn.dialect, column_keys=self.keys)
            self.sql = compiled.string
            self.order = tuple(compiled.positiontup) if compiled.positiontup is not None else None
        if not conn.in_transaction():
            conn.begin()
        cursor = conn.connection.dbapi_connection.cursor()
        order = self.order
        if isinstance(params, list):
            cursor.executemany(self.sql, params if order is None else [[p[k] for k in order] for p in params])
        else:
            cursor.execute(self.sql, params if order is None else [params[k] for k in order])
        cursor.close()


TICKET_FIELDS = tuple(f.name for f in fields(H.Ticket))
_MUTABLE = tuple(f for f in TICKET_FIELDS if f not in ("id", "number", "seq_no", "issued_at", "category"))

INSERT_TICKET = Fast(insert(db.tickets), TICKET_FIELDS)
UPDATE_TICKET = Fast(update(db.tickets).where(db.tickets.c.id == bindparam("t_id"))
                     .values({c: bindparam(f"v_{c}") for c in _MUTABLE}))
UPDATE_COUNTER = Fast(update(db.counters).where(db.counters.c.number == bindparam("c_number"))
                      .values(status=bindparam("v_status"), reason=bindparam("v_reason"),
                              ticket_id=bindparam("v_ticket_id"), care_streak=bindparam("v_care_streak"),
                              last_done_id=bindparam("v_last_done_id")))
INSERT_EVENT = Fast(insert(db.events), ("seq", "type", "body"))


def _upsert(table, keys: tuple[str, ...]) -> dict[str, Fast]:
    """INSERT … ON CONFLICT (keys) DO UPDATE, for each engine (SQLite 3.24+, PostgreSQL)."""
    out = {}
    for name, dialect in (("sqlite", sqlite), ("postgresql", postgresql)):
        stmt = dialect.insert(table)
        out[name] = Fast(stmt.on_conflict_do_update(
            index_elements=list(keys), set_={c.name: stmt.excluded[c.name] for c in table.c if c.name not in keys}),
            tuple(c.name for c in table.c))
    return out


UPSERT_NUMBERING = _upsert(db.numbering, ("queue", "business_day"))
UPSERT_META = _upsert(db.meta, ("key",))
APPOINTMENT_FIELDS = tuple(f.name for f in fields(Appointment))
INSERT_APPOINTMENT = insert(db.appointments)
UPDATE_APPOINTMENT = (update(db.appointments).where(db.appointments.c.id == bindparam("a_id"))
                      .values(status=bindparam("v_status"), ticket_id=bindparam("v_ticket_id"),
                              checked_in_at=bindparam("v_checked_in_at")))
IDEMPOTENCY_DAYS = 2  # a retry comes within seconds; two days of answers is plenty


def prepare(conn: Connection, office: Office) -> None:
    """A row for every configured counter."""
    have = {r.number for r in conn.execute(select(db.counters.c.number))}
    for c in office.counters:
        if c.number not in have:
            conn.execute(insert(db.counters).values(number=c.number, status="open", reason="", ticket_id=None,
                                                    care_streak=0, last_done_id=None))


def load(conn: Connection, office: Office) -> H.Hall:
    """The hall as the record has it."""
    hall = H.Hall(office)
    hall.day = conn.execute(select(db.meta.c.value).where(db.meta.c.key == "business_day")).scalar()
    t = db.tickets.c
    query = select(db.tickets)
    if hall.day is not None:
        query = query.where((t.business_day >= hall.day) | t.status.in_(ACTIVE_STATES))
    for r in conn.execute(query):
        hall.add(ticket_from_row(r))
    hall.last_ticket_id = conn.execute(select(func.coalesce(func.max(t.id), 0))).scalar()
    for r in conn.execute(select(db.counters)):
        if r.number in hall.counters:
            hall.counters[r.number] = H.Counter(r.number, r.status, r.reason, r.ticket_id, r.care_streak or 0,
                                                r.last_done_id)
    for r in conn.execute(select(db.numbering)):
        hall.numbering[(r.queue, r.business_day)] = r.last
    for r in conn.execute(select(db.alerts).where(db.alerts.c.cleared_at.is_(None))):
        hall.alerts[r.id] = H.Alert(r.id, r.source, r.kind, r.code, json.loads(r.message), r.raised_at)
    hall.last_alert_id = conn.execute(select(func.coalesce(func.max(db.alerts.c.id), 0))).scalar()
    hall.seq = conn.execute(select(func.coalesce(func.max(db.events.c.seq), 0))).scalar()
    hall.last_rating_id = conn.execute(select(func.coalesce(func.max(db.ratings.c.id), 0))).scalar()
    if hall.day is not None:
        rated = select(db.ratings.c.ticket_id).where(db.ratings.c.business_day >= hall.day)
        hall.rated = {r.ticket_id for r in conn.execute(rated)}

    e = db.events.c
    calls = conn.execute(select(e.seq, e.type, e.body).where(e.type.in_(H.CALL_EVENTS))
                         .order_by(e.seq.desc()).limit(office.recent_calls)).all()
    for r in reversed(calls):
        body = json.loads(r.body)
        ticket = body["ticket"]
        hall.remember_call(H.Call(r.seq, r.type, datetime.fromisoformat(body["at"]).timestamp(), ticket["number"],
                                  ticket["id"], ticket["queue"], body["counter"]["number"]))
    change = conn.execute(select(e.body).where(e.type == H.DAY_CHANGED).order_by(e.seq.desc()).limit(1)).scalar()
    if change is not None:
        body = json.loads(change)
        was = {c["id"]: c.get("was", "waiting") for c in body.get("cancelled", [])}
        if body.get("previous_day") and body.get("day") == hall.day and was:
            rows = conn.execute(select(db.tickets).where(t.id.in_(list(was))))
            cancelled = {r.id: (was[r.id], ticket_from_row(r)) for r in rows if r.status == "cancelled"}
            hall.last_day_change = H.DayChange(body["day"], body["previous_day"], cancelled)
    if hall.day is not None:
        for r in conn.execute(select(db.appointments).where(db.appointments.c.day >= hall.day)):
            hall.add_appointment(appointment_from_row(r))
    hall.last_appointment_id = conn.execute(select(func.coalesce(func.max(db.appointments.c.id), 0))).scalar()
    hall.relearn()
    return hall


def appointment_from_row(r) -> Appointment:
    return Appointment(**{f: getattr(r, f) for f in APPOINTMENT_FIELDS})


def find_appointment(conn: Connection, code: str) -> Appointment | None:
    """Any appointment with this code, however old (the hall keeps today's and later ones)."""
    row = conn.execute(select(db.appointments).where(db.appointments.c.code == code)).first()
    return appointment_from_row(row) if row is not None else None


def list_appointments(conn: Connection, day: str | None = None, ticket_id: int | None = None) -> list[Appointment]:
    a = db.appointments.c
    query = select(db.appointments).order_by(a.day, a.slot, a.id)
    if day is not None:
        query = query.where(a.day == day)
    if ticket_id is not None:
        query = query.where(a.ticket_id == ticket_id)
    return [appointment_from_row(r) for r in conn.execute(query)]


def appointment_figures(conn: Connection, first: str, last: str) -> dict[str, dict[str, dict[str, int]]]:
    """{day: {service: {booked, kept, late, missed, cancelled}}} from day `first` to `last`
    (shared.appointments.figures: the reports' and the console's)."""
    a = db.appointments.c
    rows = conn.execute(select(db.appointments).where((a.day >= first) & (a.day <= last)))
    return figures(appointment_from_row(r) for r in rows)


def save_appointment(conn: Connection, a: Appointment, new: bool) -> None:
    if new:
        conn.execute(INSERT_APPOINTMENT, {f: getattr(a, f) for f in APPOINTMENT_FIELDS})
    else:
        conn.execute(UPDATE_APPOINTMENT, {"a_id": a.id, "v_status": a.status, "v_ticket_id": a.ticket_id,
                                          "v_checked_in_at": a.checked_in_at})


def ticket_from_row(r) -> H.Ticket:
    return H.Ticket(**{f: getattr(r, f) for f in TICKET_FIELDS})


def ticket_values(t: H.Ticket) -> dict:
    return {"t_id": t.id, **{f"v_{c}": getattr(t, c) for c in _MUTABLE}}


def save(conn: Connection, events: list[H.Event], wire: Wire) -> list[dict]:
    """Writes the events and what they changed; returns them as devices get them."""
    out = []
    counters: dict[int, H.Counter] = {}  # each counter written once, as the last event left it
    for e in events:
        if e.type == H.TICKET_ISSUED:
            t = e.ticket
            INSERT_TICKET(conn, {f: getattr(t, f) for f in TICKET_FIELDS})
            UPSERT_NUMBERING[conn.dialect.name](
                conn, {"queue": t.queue, "business_day": t.business_day, "last": t.seq_no})
        elif e.ticket is not None:
            UPDATE_TICKET(conn, ticket_values(e.ticket))
        if e.tickets:
            UPDATE_TICKET(conn, [ticket_values(t) for t in e.tickets])
        if e.counter is not None:
            counters[e.counter.counter.number] = e.counter.counter
        if e.alert is not None:
            save_alert(conn, e.alert)
        if e.type == H.TICKET_RATED:
            save_rating(conn, e.data["rating"], e.ticket.business_day)
        if "appointment" in e.data:
            save_appointment(conn, e.data["appointment"], new=e.type == H.APPOINTMENT_BOOKED)
        if e.type in (H.DAY_CHANGED, H.DAY_CHANGE_UNDONE):
            record_day(conn, e.data["day"])
        if e.type == H.DAY_CHANGED:
            conn.execute(delete(db.idempotency).where(db.idempotency.c.created_at < e.at - IDEMPOTENCY_DAYS * 86400))
        body = wire.event_body(e)
        text = json.dumps(body, ensure_ascii=False)
        INSERT_EVENT(conn, {"seq": e.seq, "type": e.type, "body": text})
        out.append(Published(e.type, e.seq, body, text))
    for c in counters.values():
        UPDATE_COUNTER(conn, {"c_number": c.number, "v_status": c.status, "v_reason": c.reason,
                                      "v_ticket_id": c.ticket_id, "v_care_streak": c.care_streak,
                                      "v_last_done_id": c.last_done_id})
    return out


class Published(dict):
    """An event as devices get it, with its JSON text made from the stored body's (the
    same text `json.dumps` of the whole event gives): serialized once."""

    __slots__ = ("text",)

    def __init__(self, type_: str, seq: int, body: dict, body_text: str):
        super().__init__({"type": type_, "seq": seq, **body})
        if "type" in body or "seq" in body:
            self.text = json.dumps(self, ensure_ascii=False)
        else:
            head = f'{{"type": {json.dumps(type_, ensure_ascii=False)}, "seq": {seq}'
            self.text = head + (", " + body_text[1:] if body else "}")


def record_day(conn: Connection, day: str) -> None:
    UPSERT_META[conn.dialect.name](conn, {"key": "business_day", "value": day})


def save_rating(conn: Connection, r: H.Rating, day: str) -> None:
    conn.execute(insert(db.ratings).values(id=r.id, ticket_id=r.ticket_id, business_day=day, counter=r.counter,
                                           clerk=r.clerk, service=r.service, score=r.score,
                                           reasons=json.dumps(list(r.reasons)), rated_at=r.at))
    if r.unsatisfied:
        conn.execute(insert(db.followups).values(rating_id=r.id, status="open", opened_at=r.at, note=""))


def save_alert(conn: Connection, a: H.Alert) -> None:
    values = dict(source=a.source, kind=a.kind, code=a.code, message=json.dumps(a.message, ensure_ascii=False),
                  raised_at=a.raised_at, cleared_at=a.cleared_at)
    if conn.execute(update(db.alerts).where(db.alerts.c.id == a.id).values(**values)).rowcount == 0:
        conn.execute(insert(db.alerts).values(id=a.id, **values))


def events_after(conn: Connection, seq: int, limit: int = 500) -> list[dict] | None:
    """Events after `seq`, or None when some of them are no longer kept."""
    e = db.events.c
    rows = conn.execute(select(e.seq, e.type, e.body).where(e.seq > seq).order_by(e.seq).limit(limit + 1)).all()
    if len(rows) > limit or (rows and rows[0].seq != seq + 1):
        return None
    return [{"type": r.type, "seq": r.seq, **json.loads(r.body)} for r in rows]


def find_ticket(conn: Connection, ticket_id: int) -> H.Ticket | None:
    row = conn.execute(select(db.tickets).where(db.tickets.c.id == ticket_id)).first()
    return ticket_from_row(row) if row is not None else None
