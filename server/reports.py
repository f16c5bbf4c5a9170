"""The office's yardsticks from the record: waiting, service and total time per counter and
per service for a day, and no-shows (GET /stats and `queue-server report`)."""

from __future__ import annotations

from sqlalchemy import and_, func, select
from sqlalchemy.engine import Connection

from server import db
from shared.tickets import Status


def day_stats(conn: Connection, day: str) -> dict:
    t = db.tickets.c
    # A clock stepped back can make a difference negative: it counts as no time.
    wait = func.max(t.first_called_at - t.issued_at, 0)
    service = func.max(t.completed_at - t.first_called_at, 0)
    total = func.max(t.completed_at - t.issued_at, 0)

    def group(column):
        out = {}
        rows = conn.execute(
            select(column, func.count(), func.avg(wait), func.avg(service), func.avg(total))
            .where(and_(t.business_day == day, t.status == Status.DONE, t.first_called_at.is_not(None)))
            .group_by(column)
        )
        for key, n, w, s, whole in rows:
            out[str(key)] = {"served": n, "avg_wait_minutes": round(w / 60, 1),
                             "avg_service_minutes": round(s / 60, 1), "avg_total_minutes": round(whole / 60, 1)}
        return out

    no_shows = conn.execute(
        select(t.counter, func.count()).where(and_(t.business_day == day, t.status == Status.NO_SHOW))
        .group_by(t.counter)).all()
    issued = conn.execute(select(func.count()).where(t.business_day == day)).scalar()
    return {"day": day, "issued": issued, "by_counter": group(t.counter), "by_service": group(t.service),
            "no_shows": {str(k): v for k, v in no_shows}}
