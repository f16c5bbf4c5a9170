"""A county's offices side by side: `queue-server report --db postgresql+psycopg://… --all-offices`.

Every office of a PostgreSQL database has its own schema `office_<id>` (server/db.py); an
office is one whose schema has been made by the service (it holds alembic_version). Each is
read with the office report's own function (server/reports.py `day_stats`), with the
search_path set to its schema in turn, in one read-only transaction: the figures of every
office are of the same moment. The office's averages are those of its counters, weighted
by the tickets each served.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from server import reports

PREFIX = "office_"


def offices(conn: Connection) -> list[str]:
    """The ids of the offices in this database, sorted."""
    rows = conn.execute(text(
        "SELECT n.nspname FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid "
        "WHERE n.nspname LIKE 'office\\_%' AND c.relname = 'alembic_version' ORDER BY n.nspname"))
    return [name.removeprefix(PREFIX) for (name,) in rows]


def office_summary(stats: dict) -> dict:
    """One line of figures from an office's day_stats."""
    served = sum(r["served"] for r in stats["by_counter"].values())

    def mean(key: str):
        if not served:
            return None
        return round(sum(r[key] * r["served"] for r in stats["by_counter"].values()) / served, 1)

    sat = stats["satisfaction"]
    return {"issued": stats["issued"], "served": served, "avg_wait_minutes": mean("avg_wait_minutes"),
            "avg_service_minutes": mean("avg_service_minutes"), "avg_total_minutes": mean("avg_total_minutes"),
            "no_shows": sum(stats["no_shows"].values()), "ratings": sat["ratings"],
            "satisfied_share": sat["satisfied_share"], "mean_score": sat["mean_score"]}


def day_report(engine: Engine, day: str) -> list[dict]:
    """Every office's figures for `day`: [{"office": id, **office_summary}, …]."""
    out = []
    with engine.connect() as conn:
        conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
        for office in offices(conn):
            conn.execute(text(f'SET LOCAL search_path TO "{PREFIX}{office}"'))
            out.append({"office": office, **office_summary(reports.day_stats(conn, day))})
        conn.rollback()
    return out
