"""The unsatisfied-citizen programme: every rating of 1 or 2 opens a case that the office
answers and closes with a note. Cases are for staff only: never in events, never on a
citizen's or the hall's screen."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from server import db
from server.errors import ApiError
from shared import protocol as P
from shared.office import Office

MAX_NOTE = 2000


def _case(row, office: Office) -> dict:
    tz = office.tz

    def iso(ts):
        return None if ts is None else datetime.fromtimestamp(ts, tz).isoformat(timespec="seconds")

    return {"id": row.id, "status": row.status, "ticket": {"id": row.ticket_id, "number": row.number},
            "counter": row.counter, "clerk": row.clerk, "service": row.service, "score": row.score,
            "reasons": json.loads(row.reasons), "rated_at": iso(row.rated_at), "opened_at": iso(row.opened_at),
            "closed_at": iso(row.closed_at), "note": row.note}


def _query():
    f, r, t = db.followups.c, db.ratings.c, db.tickets.c
    return (select(f.id, f.status, f.opened_at, f.closed_at, f.note, r.ticket_id, r.counter, r.clerk, r.service,
                   r.score, r.reasons, r.rated_at, t.number)
            .join_from(db.followups, db.ratings, f.rating_id == r.id)
            .join(db.tickets, t.id == r.ticket_id))


def list_cases(conn: Connection, office: Office, status: str | None = None) -> dict:
    query = _query().order_by(db.followups.c.id)
    if status is not None:
        query = query.where(db.followups.c.status == status)
    return {"followups": [_case(row, office) for row in conn.execute(query)]}


def close_case(conn: Connection, office: Office, case_id: int, note: str, now: float) -> dict:
    row = conn.execute(_query().where(db.followups.c.id == case_id)).first()  # the route bounds the id
    if row is None:
        raise ApiError(404, P.E_NOT_FOUND, f"no follow-up case {case_id}")
    if row.status == "closed":
        raise ApiError(409, P.E_CONFLICT, f"follow-up case {case_id} is already closed")
    if not note.strip():
        raise ApiError(422, P.E_INVALID, "a note is needed: what the office did about it")
    conn.execute(update(db.followups).where(db.followups.c.id == case_id)
                 .values(status="closed", closed_at=now, note=note.strip()))
    return {"followup": _case(conn.execute(_query().where(db.followups.c.id == case_id)).first(), office)}
