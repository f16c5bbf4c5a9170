"""Where an office's record is kept, its tables, and connections set up for short, durable writes.

Two engines, one schema and one code path:
- SQLite (the default): one file per office, `--db /var/lib/queuehall/queue.db`.
- PostgreSQL (a county): `--db postgresql+psycopg://USER@HOST/county --office jincheng`.
  Several offices share one database, each in its own SCHEMA `office_<id>` holding the same
  tables, migrated by the same Alembic revisions (alembic_version per schema). Every
  connection's search_path is that schema, so the service's SQL never names it: an office's
  queue, numbering and ticket ids cannot mix with another's, a county DBA can grant an
  office's account its schema only, and county reports read each schema in one database.
  Durability is the same promise: synchronous_commit is on, so an answered change is
  committed and flushed to the server's disk (and to a synchronous standby, if the DBA has one).
  Ticket ids, alert and rating ids and event seqs are given by the service (the hall in
  memory, numbered on from the record's largest at load), never by a sequence: a PostgreSQL
  sequence leaves gaps when a transaction rolls back, and devices resume with `since`
  expecting seq + 1. A rolled-back turn rebuilds the hall from the record (server/writer.py),
  so the next event takes the number the lost one had, and none was ever published.
  SQLite-only things have their PostgreSQL way: token revocation (server/auth.py), the one
  live service (server/lock.py), upserts (server/store.py), the copy before an upgrade
  (server/schema.py: pg_dump's job).

The tables here are the current schema; every change to them needs an Alembic revision in
server/migrations/versions/ (tests/test_migrations.py compares the two). Files are opened
and brought up to date by server/schema.py, never with create_all alone.

The WAL is kept small, so that a nearly full disk still takes tickets. SQLite folds the WAL
back into the file (a checkpoint) every WAL_AUTOCHECKPOINT pages and then writes the WAL
again from its start, reusing the space it has: once the WAL reached that size it needs no
more disk, and freed space goes to the tickets themselves. Release 0.1.0 used SQLite's
1,000 pages (a 4 MB WAL, grown a commit at a time after each start: freeing 684 KB let 18
tickets through); 200 pages is an 800 KB WAL. A checkpoint costs two more disk syncs, so a
smaller WAL costs throughput: at 200 pages about one checkpoint every 25 commits.
JOURNAL_SIZE_LIMIT truncates a WAL that one large transaction grew beyond 1 MB.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import (Column, Float, Index, Integer, MetaData, String, Table, Text, create_engine,
                        event)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError

metadata = MetaData()

tickets = Table(
    "tickets", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("queue", String, nullable=False),
    Column("number", String, nullable=False),
    Column("seq_no", Integer, nullable=False),
    Column("business_day", String, nullable=False),
    Column("service", String, nullable=False),
    Column("category", String),
    Column("status", String, nullable=False),
    Column("issued_at", Float, nullable=False),
    Column("called_at", Float),          # last call
    Column("first_called_at", Float),    # service started: wait = first_called_at - issued_at
    Column("completed_at", Float),
    Column("counter", Integer),          # counter that called it last
    Column("target_counter", Integer),   # after a transfer to a counter
    Column("recalls", Integer, nullable=False, default=0),
    Column("clerk", String, nullable=False, default="", server_default=""),  # at the first call (reports)
    Index("ix_tickets_waiting", "status", "queue", "issued_at"),
    Index("ix_tickets_day", "business_day", "status"),
)

numbering = Table(
    "numbering", metadata,
    Column("queue", String, primary_key=True),
    Column("business_day", String, primary_key=True),
    Column("last", Integer, nullable=False),
)

counters = Table(
    "counters", metadata,
    Column("number", Integer, primary_key=True),
    Column("status", String, nullable=False, default="open"),
    Column("reason", String, nullable=False, default=""),
    Column("ticket_id", Integer),
    # Care tickets called in a row at this counter (routing lets a general one through after N).
    Column("care_streak", Integer, nullable=False, default=0, server_default="0"),
    Column("last_done_id", Integer),   # the ticket it served last: what its rating pad rates
)

events = Table(
    "events", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("type", String, nullable=False),
    Column("body", Text, nullable=False),
    Index("ix_events_type", "type", "seq"),
    sqlite_autoincrement=True,  # a seq is never reused, even after old events are pruned
)

tokens = Table(
    "tokens", metadata,
    Column("hash", String, primary_key=True),
    Column("role", String, nullable=False),
    Column("counter", Integer),
    Column("label", String, nullable=False, default=""),
    Column("created_at", Float, nullable=False),
    Column("revoked_at", Float),  # set by `queue-server token revoke`; refused from then on
)

idempotency = Table(
    "idempotency", metadata,
    Column("principal", String, primary_key=True),
    Column("key", String, primary_key=True),
    Column("request", Text, nullable=False, server_default=""),  # sha256 of method, path and body
    Column("status", Integer, nullable=False),
    Column("body", Text, nullable=False),
    Column("created_at", Float, nullable=False),
)

alerts = Table(
    "alerts", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", String, nullable=False),
    Column("kind", String, nullable=False),
    Column("code", String, nullable=False, default=""),
    Column("message", Text, nullable=False),
    Column("raised_at", Float, nullable=False),
    Column("cleared_at", Float),
)

ratings = Table(
    "ratings", metadata,
    Column("id", Integer, primary_key=True),
    Column("ticket_id", Integer, nullable=False, unique=True),
    Column("business_day", String, nullable=False),
    Column("counter", Integer, nullable=False),
    Column("clerk", String, nullable=False, default=""),
    Column("service", String, nullable=False),
    Column("score", Integer, nullable=False),
    Column("reasons", Text, nullable=False, default="[]"),   # JSON list of RATING_REASONS
    Column("rated_at", Float, nullable=False),
    Index("ix_ratings_day", "business_day"),
)

# The unsatisfied-citizen programme: a rating of 1 or 2 opens a case, closed with a note.
followups = Table(
    "followups", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("rating_id", Integer, nullable=False, unique=True),
    Column("status", String, nullable=False, default="open"),   # "open" or "closed"
    Column("opened_at", Float, nullable=False),
    Column("closed_at", Float),
    Column("note", Text, nullable=False, default=""),
    Index("ix_followups_status", "status", "id"),
)

# The public side (server/public/): each ticket's unguessable code for the citizen's phone
# page (its QR), and the nine-item satisfaction survey answered there, once per ticket.
public_codes = Table(
    "public_codes", metadata,
    Column("code", String, primary_key=True),
    Column("ticket_id", Integer, nullable=False, unique=True),
    Column("business_day", String, nullable=False),
)

survey_answers = Table(
    "survey_answers", metadata,
    Column("id", Integer, primary_key=True),
    Column("ticket_id", Integer, nullable=False, unique=True),
    Column("business_day", String, nullable=False),
    Column("counter", Integer),
    Column("service", String, nullable=False),
    Column("scores", Text, nullable=False),   # JSON {item id: 1..5} of server/public/survey.py
    Column("answered_at", Float, nullable=False),
    Index("ix_survey_answers_day", "business_day"),
)

# Appointments (shared/appointments.py): a citizen's booked slot, checked in at the kiosk.
appointments = Table(
    "appointments", metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String, nullable=False, unique=True),   # the booking code typed at the kiosk
    Column("day", String, nullable=False),
    Column("slot", String, nullable=False),                # HH:MM, the office's time
    Column("service", String, nullable=False),
    Column("note", String, nullable=False, default=""),    # at most initials and the last digits of a phone
    Column("phone_last4", String, nullable=False, default=""),
    Column("status", String, nullable=False),
    Column("ticket_id", Integer),                          # the ticket its check-in issued
    Column("booked_at", Float, nullable=False),
    Column("checked_in_at", Float),
    Index("ix_appointments_day", "day", "status"),
)


# The office console (server/console/): staff accounts, and the office settings changed
# there (notices, clerks, services' minutes and documents) over the office file's.
staff = Table(
    "staff", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String, nullable=False, unique=True),
    Column("role", String, nullable=False),              # "director" or "clerk"
    Column("password_hash", String, nullable=False),     # argon2
    Column("created_at", Float, nullable=False),
    Column("disabled_at", Float),                        # refused from then on
    Column("sessions_from", Float, nullable=False, default=0, server_default="0"),  # earlier sessions are over
)

office_settings = Table(
    "office_settings", metadata,
    Column("key", String, primary_key=True),     # "notices", "clerks", "services"
    Column("value", Text, nullable=False),       # JSON
    Column("changed_at", Float, nullable=False),
    Column("changed_by", String, nullable=False, default=""),
)


meta = Table(
    "meta", metadata,
    Column("key", String, primary_key=True),
    Column("value", String, nullable=False),
)


def _driver_errors() -> tuple[type[Exception], ...]:
    import sqlite3

    try:
        import psycopg
    except ImportError:  # an SQLite-only install
        return (sqlite3.Error,)
    return (sqlite3.Error, psycopg.Error)


# What the drivers raise when used directly (server/auth.py reads tokens on the raw connection).
DRIVER_ERRORS = _driver_errors()

OFFICE_ID = re.compile(r"[a-z0-9_]{1,40}")


class PlaceError(ValueError):
    """A --db or --office the program cannot use; the message says what to give."""


@dataclass(frozen=True)
class Place:
    """Where one office's record is: an SQLite file, or a schema of a PostgreSQL database."""

    url: str                 # SQLAlchemy URL
    path: Path | None        # the SQLite file
    office: str | None       # PostgreSQL: the office id, and so its schema

    @property
    def postgres(self) -> bool:
        return self.path is None

    @property
    def schema(self) -> str | None:
        return schema_name(self.office) if self.office else None

    def __str__(self) -> str:
        if self.path is not None:
            return str(self.path)
        return f"{make_url(self.url).render_as_string(hide_password=True)} (office {self.office})"


def schema_name(office: str) -> str:
    return f"office_{office}"


def is_url(text: str) -> bool:
    return "://" in str(text)


def place(where: "str | Path | Place", office: str | None = None) -> Place:
    """`--db` (a file path or a postgresql URL) and `--office` as a Place, or PlaceError."""
    if isinstance(where, Place):
        return where
    if not is_url(str(where)):
        return Place(f"sqlite:///{Path(where)}", Path(where), None)
    try:
        url = make_url(str(where))
    except ArgumentError:
        raise PlaceError(f"{where} is not a database URL: give e.g. "
                         "postgresql+psycopg://queuehall@db.county.local/county, or an SQLite file's path") from None
    if url.get_backend_name() != "postgresql":
        raise PlaceError(f"--db {url.get_backend_name()}://…: Queue Hall runs on SQLite (a file path) or "
                         "PostgreSQL (postgresql+psycopg://…)")
    if url.drivername != "postgresql+psycopg":
        url = url.set(drivername="postgresql+psycopg")
    if not url.database:
        raise PlaceError(f"{where}: the URL names no database: end it with /DATABASE, e.g. …/county")
    if office is None:
        raise PlaceError("a PostgreSQL database holds several offices: give --office ID (e.g. --office jincheng), "
                         "the office's id as in its office file")
    if not OFFICE_ID.fullmatch(office):
        raise PlaceError(f"--office {office!r}: an office id is 1 to 40 small letters, digits or _ (it names the "
                         "office's schema)")
    return Place(url.render_as_string(hide_password=False), None, office)


WAL_AUTOCHECKPOINT = 200          # pages (4 KB each)
JOURNAL_SIZE_LIMIT = 1024 * 1024  # bytes


def make_engine(where: "str | Path | Place", office: str | None = None) -> Engine:
    """An engine on the office's record; a committed change is on disk.

    SQLite: WAL mode with full sync. PostgreSQL: search_path is the office's schema and
    synchronous_commit on, set when the connection is made (no statement per connection)."""
    where = place(where, office)
    if where.postgres:
        options = f"-c search_path={where.schema} -c synchronous_commit=on"
        return create_engine(where.url, connect_args={"options": options, "connect_timeout": 10},
                             pool_pre_ping=True)
    # One connection, used by one thread at a time (see server/writer.py).
    engine = create_engine(where.url, connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _setup(dbapi_conn, _record):
        # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA busy_timeout=5000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT}")
        cur.execute(f"PRAGMA journal_size_limit={JOURNAL_SIZE_LIMIT}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        # Take the write lock at the start, so a CLI writing tokens never deadlocks us.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def create_schema(engine: Engine) -> None:
    """The file made or brought up to the current schema (see server/schema.py)."""
    from server import schema

    schema.ensure_current(engine)
