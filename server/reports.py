"""The office's yardsticks from the record: waiting, service and total time per counter and
per service for a day, and no-shows (GET /stats and `queue-server report`); and the ticket
rows of a range of days with their ratings and phone survey answers, for the figures of
server/report_range.py."""

from __future__ import annotations

import json

from sqlalchemy import and_, case, func, select
from sqlalchemy.engine import Connection

from server import db
from server.report_range import TicketRow
from shared.tickets import Status


def day_stats(conn: Connection, day: str) -> dict:
    t = db.tickets.c
    # A clock stepped back can make a difference negative: it counts as no time.
    wait = _not_negative(t.first_called_at - t.issued_at)
    service = _not_negative(t.completed_at - t.first_called_at)
    total = _not_negative(t.completed_at - t.issued_at)

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
            "no_shows": {str(k): v for k, v in no_shows}, "satisfaction": satisfaction(conn, day, day)}


def _not_negative(difference):
    """max(difference, 0), NULL staying NULL, on SQLite and PostgreSQL alike (SQLite's
    two-argument max is PostgreSQL's greatest)."""
    return case((difference < 0, 0.0), else_=difference)


def satisfaction(conn: Connection, first: str, last: str) -> dict:
    """Ratings from day `first` to `last`: count, share satisfied (4–5) and mean score, in
    all and per counter, clerk, service and day; and the reasons given, counted."""
    r = db.ratings.c
    period = and_(r.business_day >= first, r.business_day <= last)
    satisfied = func.sum(case((r.score >= 4, 1), else_=0))

    def summary(n, good, total) -> dict:
        return {"ratings": n, "satisfied_share": round(good / n, 3) if n else None,
                "mean_score": round(total / n, 2) if n else None}

    def group(column) -> dict:
        rows = conn.execute(select(column, func.count(), satisfied, func.sum(r.score)).where(period)
                            .group_by(column))
        return {str(key): summary(n, good or 0, total or 0) for key, n, good, total in rows}

    n, good, total = conn.execute(select(func.count(), satisfied, func.sum(r.score)).where(period)).one()
    reasons: dict[str, int] = {}
    for (text,) in conn.execute(select(r.reasons).where(and_(period, r.reasons != "[]"))):
        for reason in json.loads(text):
            reasons[reason] = reasons.get(reason, 0) + 1
    return {**summary(n, good or 0, total or 0), "by_counter": group(r.counter), "by_clerk": group(r.clerk),
            "by_service": group(r.service), "by_day": group(r.business_day), "reasons": reasons}


def ticket_rows(conn: Connection, first: str, last: str) -> list[TicketRow]:
    """Every ticket of the days `first` to `last` (YYYY-MM-DD), in issue order, with its rating
    and its phone survey's scores."""
    t, r, a = db.tickets.c, db.ratings.c, db.survey_answers.c
    query = (select(t.id, t.business_day, t.number, t.queue, t.service, t.status, t.issued_at, t.first_called_at,
                    t.completed_at, t.counter, t.clerk, r.score, r.counter.label("rated_counter"),
                    r.clerk.label("rated_clerk"), a.scores)
             .select_from(db.tickets.outerjoin(db.ratings, r.ticket_id == t.id)
                          .outerjoin(db.survey_answers, a.ticket_id == t.id))
             .where(and_(t.business_day >= first, t.business_day <= last)).order_by(t.id))
    return [TicketRow(*row[:-1], survey=_scores(row[-1])) if row[-1] else TicketRow(*row[:-1])
            for row in conn.execute(query)]


def _scores(text: str) -> dict | None:
    try:
        scores = json.loads(text)
    except ValueError:
        return None
    return scores if isinstance(scores, dict) else None
