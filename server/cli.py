"""queue-server: run the service, upgrade its database, manage device tokens, print the
default office file, report a day (one office, or every office of a county), back up.

`--db` is an SQLite file's path (one office per file) or a PostgreSQL URL
(postgresql+psycopg://USER@HOST[:PORT]/DATABASE, several offices per database, each in its
schema office_<id>; `--office ID` names the office, by default the office file's id).

Every fault a user can make (a bad port, a damaged or read-only database, a second service
on one file) is one line on stderr naming the file and what to do, with exit code 1 or 2.
"""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
import sys
from datetime import datetime
from pathlib import Path

from shared.office import ConfigError, default_office_text, load_office
from shared.protocol import COUNTER_ROLES, ROLES

log = logging.getLogger("queue.server")


def port_number(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text} is not a port: give a number from 1 to 65535")
    return port


DB_HELP = "SQLite file (made if missing), or postgresql+psycopg://USER@HOST[:PORT]/DATABASE"
OFFICE_HELP = "PostgreSQL: the office (its schema office_ID); default: the office file's id"


def add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", required=True, help=DB_HELP)
    parser.add_argument("--office", help=OFFICE_HELP)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="queue-server", description="Queue Hall queue service")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the service (upgrades an older database first, keeping a copy)")
    add_db(serve)
    serve.add_argument("--standby", action="store_true",
                       help="SQLite: wait while another service holds the file, then take over "
                            "(on PostgreSQL a second service for an office always waits)")
    serve.add_argument("--config", help="office TOML file (default: the built-in default office)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0 for the LAN)")
    serve.add_argument("--port", type=port_number, default=8600)
    serve.add_argument("--public-host", default="127.0.0.1", help="address of the public side (phone page, board, feed)")
    serve.add_argument("--public-port", type=port_number, help="port of the public side (off unless given)")
    serve.add_argument("--public-proxy-header", help="behind a reverse proxy: the header carrying the client's "
                                                     "address, e.g. X-Forwarded-For (off by default)")

    migrate = sub.add_parser("migrate", help="bring a database of an earlier release to this one")
    add_db(migrate)
    migrate.add_argument("--config", help="office TOML file (its id is the default --office)")

    token = sub.add_parser("token", help="device tokens")
    token_sub = token.add_subparsers(dest="token_command", required=True)
    create = token_sub.add_parser("create", help="make a token; it is printed as the last line")
    add_db(create)
    create.add_argument("--role", required=True, choices=list(ROLES))
    create.add_argument("--counter", type=int, help="the counter a counter or rating token is for")
    create.add_argument("--label", default="", help="a note, e.g. 'kiosk by the door'")
    create.add_argument("--config", help="office TOML file, to check the counter (default: the built-in office)")
    listing = token_sub.add_parser("list", help="every token: id, role, counter, label, made, revoked")
    add_db(listing)
    listing.add_argument("--config", help="office TOML file (its id is the default --office)")
    revoke = token_sub.add_parser("revoke", help="refuse a token from now on (a running service too)")
    add_db(revoke)
    revoke.add_argument("--config", help="office TOML file (its id is the default --office)")
    revoke.add_argument("id", help="the token's ID from `queue-server token list` (its first characters)")

    sub.add_parser("config", help="print the default office TOML to start from")

    report = sub.add_parser("report", help="the day's waiting and service times per counter and service")
    add_db(report)
    report.add_argument("--config", help="office TOML file (for the names)")
    report.add_argument("--day", help="YYYY-MM-DD (default: today in the office's time zone)")
    report.add_argument("--all-offices", action="store_true",
                        help="PostgreSQL: every office of the database side by side (a county's report)")

    backup = sub.add_parser("backup", help="copy the database safely while the service runs")
    add_db(backup)
    backup.add_argument("--out", required=True, help="the copy to write (e.g. /var/backups/queue-2026-11-26.db)")

    args = parser.parse_args(argv)
    from server.db import PlaceError
    from server.lock import LockHeld
    from server.schema import DatabaseFault, fault_of

    try:
        if args.command == "config":
            sys.stdout.write(default_office_text())
            return 0
        if args.command == "token":
            return {"create": create_token, "list": list_tokens, "revoke": revoke_token}[args.token_command](args)
        if args.command == "migrate":
            return migrate_db(args)
        if args.command == "backup":
            return backup_db(args)
        if args.command == "report":
            return print_report(args)
        return serve_forever(args)
    except (ConfigError, PlaceError) as e:
        print(f"queue-server: configuration error: {e}", file=sys.stderr)
        return 2
    except (DatabaseFault, LockHeld) as e:
        print(f"queue-server: {e}", file=sys.stderr)
        return 1
    except sqlite3.DatabaseError as e:
        print(f"queue-server: {fault_of(Path(args.db), e)}", file=sys.stderr)
        return 1
    except Exception as e:
        # SQLAlchemy wraps SQLite's errors: a page found damaged in the middle of a query.
        from sqlalchemy.exc import DBAPIError

        from server import db
        from server.schema import postgres_fault
        if getattr(args, "db", None) and db.is_url(args.db) and isinstance(e, (DBAPIError, *db.DRIVER_ERRORS)):
            print(f"queue-server: {postgres_fault(place_of(args), e)}", file=sys.stderr)
            return 1
        if isinstance(e, DBAPIError) and getattr(args, "db", None):
            print(f"queue-server: {fault_of(Path(args.db), e)}", file=sys.stderr)
            return 1
        raise
    except KeyboardInterrupt:
        return 0


def say(line: str) -> None:
    print(f"queue-server: {line}", file=sys.stderr)


def place_of(args):
    """--db and --office as a db.Place (the office file's id when --office is not given)."""
    from server import db

    if not db.is_url(args.db):
        if getattr(args, "office", None):
            raise db.PlaceError("--office is for a PostgreSQL --db; an SQLite file holds one office")
        return db.place(args.db)
    office = args.office or load_office(getattr(args, "config", None)).id
    return db.place(args.db, office)


def open_db(args, must_exist: bool = True):
    from server import schema

    return schema.open_place(place_of(args), say, must_exist=must_exist)


def office_lock(where, wait: bool, on_wait=lambda holder: None):
    """PostgreSQL's lock of one live service per office (server/lock.py)."""
    from server.lock import OfficeLock
    from server.schema import postgres_fault

    try:
        return OfficeLock(where.url, where.office).acquire(wait, on_wait)
    except Exception as e:
        from server import db
        if isinstance(e, db.DRIVER_ERRORS):
            raise postgres_fault(where, e) from None
        raise


def take_lock(path: Path, wait: bool = False, on_wait=lambda holder: None):
    """The lock of one service per database file (server/lock.py)."""
    from server.lock import DatabaseLock
    from server.schema import DatabaseFault

    lock = DatabaseLock(path)
    try:
        return lock.acquire(wait, on_wait)
    except OSError as e:
        raise DatabaseFault(f"{lock.path}: cannot make the lock file ({e.strerror}): let the service's "
                            "user write the database's folder") from None


def migrate_db(args) -> int:
    from server import schema

    where = place_of(args)
    if where.postgres:
        lock = office_lock(where, wait=False)  # not under a running service
    else:
        schema.check_path(where.path, must_exist=True)
        lock = take_lock(where.path)
    try:
        said = []
        engine = schema.open_place(where, lambda line: (said.append(line), print(line)), must_exist=True)
        engine.dispose()
    finally:
        lock.release()
    if not said:
        print(f"{where}: already at release {schema.RELEASE} (schema {schema.HEAD}); nothing to do")
    return 0


def create_token(args) -> int:
    from server import auth

    if args.role in COUNTER_ROLES:
        if args.counter is None:
            raise ConfigError(f"a {args.role} token needs --counter N")
        office = load_office(args.config)
        try:
            office.counter(args.counter)
        except KeyError:
            have = ", ".join(str(c.number) for c in office.counters)
            raise ConfigError(f"the office {office.id} has no counter {args.counter} (it has {have}); "
                              "give one of those, or the office file with --config") from None
    elif args.counter is not None:
        raise ConfigError(f"--counter is for {' and '.join(COUNTER_ROLES)} tokens only, not {args.role}")
    engine = open_db(args, must_exist=False)
    with engine.begin() as conn:
        token = auth.create_token(conn, args.role, args.counter, args.label)
    engine.dispose()
    what = f"{args.role} of counter {args.counter}" if args.role in COUNTER_ROLES else args.role
    print(f"Token for {what} (keep it secret; it is stored hashed and cannot be shown again):")
    print(token)
    return 0


def _when(seconds: float | None) -> str:
    return datetime.fromtimestamp(seconds).astimezone().strftime("%Y-%m-%d %H:%M") if seconds else "-"


def list_tokens(args) -> int:
    from server import auth

    engine = open_db(args)
    with engine.connect() as conn:
        rows = auth.list_tokens(conn)
        conn.rollback()
    engine.dispose()
    table = [("ID", "ROLE", "COUNTER", "LABEL", "CREATED", "REVOKED")]
    table += [(r.hash[:auth.SHORT_ID], r.role, str(r.counter) if r.counter is not None else "-", r.label or "-",
               _when(r.created_at), _when(r.revoked_at)) for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    for row in table:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    if not rows:
        print("(no tokens yet: queue-server token create --db … --role …)")
    return 0


def revoke_token(args) -> int:
    from server import auth

    engine = open_db(args)
    try:
        with engine.begin() as conn:
            try:
                row = auth.find_token(conn, args.id)
            except ValueError as e:
                say(f"{place_of(args)}: {e}")
                return 1
            if row.revoked_at is not None:
                print(f"Token {row.hash[:auth.SHORT_ID]} ({row.role}, {row.label or 'no label'}) "
                      f"was already revoked at {_when(row.revoked_at)}")
                return 0
            auth.revoke(conn, row.hash)
    finally:
        engine.dispose()
    print(f"Revoked token {row.hash[:auth.SHORT_ID]} ({row.role}"
          f"{f' {row.counter}' if row.counter is not None else ''}, {row.label or 'no label'}); "
          "a running service refuses it from now on")
    return 0


def backup_db(args) -> int:
    """SQLite's online backup: a consistent copy even while the service writes. The file is
    copied as it is, of whatever release: a backup is never upgraded. On PostgreSQL the
    engine's own tools do it; this says which."""
    from server import db, schema

    if db.is_url(args.db):
        where = place_of(args)
        name = db.make_url(where.url).database
        say(f"{where}: on PostgreSQL the database server backs up: pg_dump --format=custom "
            f"--schema={where.schema} --file={args.out} {name} (one office), pg_dump -Fc {name} (the county), "
            "or the server's base backups and WAL archiving / streaming replication; see the README")
        return 2
    source = Path(args.db)
    schema.check_path(source, must_exist=True)
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(args.out) as dst:
            src.backup(dst)
    except sqlite3.Error as e:
        print(f"queue-server: backup failed: {e}", file=sys.stderr)
        return 1
    print(f"Backed up {source} to {args.out}")
    return 0


def print_report(args) -> int:
    """The office's yardsticks for one day, as a table (the same figures as GET /stats);
    with --all-offices, every office of a PostgreSQL database side by side."""
    from datetime import date

    from server.operations import Operations

    office = load_office(args.config)
    if args.day:
        try:
            date.fromisoformat(args.day)
        except ValueError:
            raise ConfigError(f"--day {args.day!r} must look like 2026-11-26") from None
    if args.all_offices:
        return print_county_report(args, Operations(office).today() if not args.day else args.day)
    engine = open_db(args)
    with engine.connect() as conn:
        stats = Operations(office).stats(conn, args.day)
        conn.rollback()
    engine.dispose()
    print_office_report(office, stats)
    return 0


def _pad(text: str, width: int = 44) -> str:
    """Left-aligned in a terminal, where a Chinese character takes two columns."""
    import unicodedata

    columns = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(1, width - columns)


def print_office_report(office, stats: dict) -> None:
    def names(key: str, kind: str) -> str:
        try:
            thing = office.counter(int(key)) if kind == "counter" else office.service(key)
            return f"{thing.name.zh} {thing.name.en}"
        except (KeyError, ValueError):
            return key

    pad = _pad
    print(f"{office.name.zh}  {office.name.en}")
    print(f"{stats['day']}: {stats['issued']} tickets issued")
    for kind, title in (("counter", "櫃台 Counter"), ("service", "服務項目 Service")):
        rows = stats[f"by_{kind}"]
        print(f"\n{pad(title)}{'served':>7} {'wait':>7} {'service':>8} {'total':>7}  (average minutes)")
        for key, r in sorted(rows.items()):
            print(f"{pad(names(key, kind))}{r['served']:>7} {r['avg_wait_minutes']:>7.1f} "
                  f"{r['avg_service_minutes']:>8.1f} {r['avg_total_minutes']:>7.1f}")
        if not rows:
            print("  (none served)")
    sat = stats["satisfaction"]
    print(f"\n滿意度 Satisfaction: {sat['ratings']} ratings", end="")
    if sat["ratings"]:
        print(f", {sat['satisfied_share']:.0%} satisfied (4–5), mean {sat['mean_score']:.2f}")
        for key, r in sorted(sat["by_counter"].items()):
            print(f"  {pad(names(key, 'counter'))}{r['ratings']:>7} {r['satisfied_share']:>7.0%} {r['mean_score']:>8.2f}")
        if sat["reasons"]:
            print("  reasons: " + ", ".join(f"{k} {v}" for k, v in sorted(sat["reasons"].items())))
    else:
        print()
    if stats["no_shows"]:
        print("\n過號 No-shows: " + ", ".join(f"{names(k, 'counter')}: {v}" for k, v in sorted(stats["no_shows"].items())))


def print_county_report(args, day: str) -> int:
    """One line per office of the database (server/county.py reads them)."""
    from server import county, db
    from server.schema import DatabaseFault

    if not db.is_url(args.db):
        raise db.PlaceError("--all-offices reads a county's PostgreSQL database; an SQLite file holds one office "
                            "(leave out --all-offices)")
    engine = db.make_engine(db.place(args.db, args.office or "county"))
    try:
        rows = county.day_report(engine, day)
    finally:
        engine.dispose()
    if not rows:
        raise DatabaseFault(f"{make_safe(args.db)}: no office's schema (office_<id>) in this database yet: "
                            "start each office's service once (queue-server serve --db … --office ID)")
    print(f"縣內各所 County report: {day}")
    header = (f"{_pad('所 Office', 16)}{'issued':>7} {'served':>7} {'wait':>7} {'service':>8} {'total':>7} "
              f"{'no-show':>8} {'ratings':>8} {'satisfied':>10} {'mean':>6}")
    print(header)
    for r in rows:
        def minutes(v):
            return f"{v:.1f}" if v is not None else "-"
        share = f"{r['satisfied_share']:.0%}" if r["satisfied_share"] is not None else "-"
        mean = f"{r['mean_score']:.2f}" if r["mean_score"] is not None else "-"
        print(f"{_pad(r['office'], 16)}{r['issued']:>7} {r['served']:>7} {minutes(r['avg_wait_minutes']):>7} "
              f"{minutes(r['avg_service_minutes']):>8} {minutes(r['avg_total_minutes']):>7} {r['no_shows']:>8} "
              f"{r['ratings']:>8} {share:>10} {mean:>6}")
    print("(minutes are averages over the tickets served; satisfied: ratings of 4–5)")
    return 0


def make_safe(url: str) -> str:
    from server import db

    return db.make_url(url).render_as_string(hide_password=True)


def serve_forever(args) -> int:
    """One live service per office (server/lock.py); an older database is upgraded first
    (an SQLite file copied aside). A second service for a PostgreSQL office (or an SQLite
    one with --standby) waits, not listening, and takes over when the first ends."""
    import uvicorn

    from server import listen, schema
    from server.app import create_app

    office = load_office(args.config)
    where = place_of(args)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    waited = []

    def waiting(holder: str) -> None:
        waited.append(holder)
        log.info("standby: %s is served by %s; waiting to take over (not listening on %s:%s until then)",
                 where, holder, args.host, args.port)

    if where.postgres:
        lock = office_lock(where, wait=True, on_wait=waiting)
    else:
        schema.check_path(where.path)
        lock = take_lock(where.path, wait=args.standby, on_wait=waiting)
    try:
        if getattr(lock, "conn", None) is not None:  # PostgreSQL: stop at once if the lock is lost
            def lost(why: str) -> None:
                log.error("lost the lock of %s (%s): stopping now, a standby may take over", where, why)
                logging.shutdown()
                os._exit(3)

            lock.watch(lost)
        schema.open_place(where, log.info).dispose()
        if waited:
            log.info("took over %s: the queue is loaded from the database", where)
        if where.postgres:
            log.info("serving %s (holding its lock; a second service for it waits as a standby)", where)
        app = create_app(where, office)
        try:
            if args.public_port is None:
                uvicorn.Server(listen.config(app, args.host, args.port)).run()
            else:
                from server.public.listener import serve
                serve(app, args.host, args.port, args.public_host, args.public_port, args.public_proxy_header)
        except OSError as e:
            print(f"queue-server: cannot listen on {args.host}:{args.port}: {e}", file=sys.stderr)
            return 1
    finally:
        lock.release()
    return 0

if __name__ == "__main__":
    sys.exit(main())
