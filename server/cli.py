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


IMPORT_HELP = """Book every row of a CSV file (UTF-8, as a spreadsheet saves it), in one transaction:
a file with a bad row books nothing, and each bad row is named by its line number.

Columns (a header line names them, in any order):
  date         the day, YYYY-MM-DD (today or later)
  time         the slot, HH:MM (24-hour clock, the office's time)
  service      the service's id or its name (e.g. transcript, 戶籍謄本)
  code         optional: 6 digits, never used before; left empty, one is drawn (printed below)
  phone_last4  optional: the last 4 digits of the citizen's phone (check-in by them)
  note         optional: at most initials and the last 4 digits of a phone (e.g. W.X.M. 5678);
               a name, phone or ID number is refused

The service must not be running on the same database (it holds the bookings of the day in
memory): stop it first, or book each row with POST /api/v1/appointments."""
COLUMNS = ("date", "time", "service", "code", "phone_last4", "note")


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

    user = sub.add_parser("user", help="staff accounts of the office console (/console)")
    user_sub = user.add_subparsers(dest="user_command", required=True)
    user_create = user_sub.add_parser("create", help="make an account; the password is read from standard input")
    user_create.add_argument("--db", required=True)
    user_create.add_argument("--name", required=True)
    user_create.add_argument("--role", required=True, choices=["director", "clerk"])
    user_list = user_sub.add_parser("list", help="every account: name, role, made, disabled")
    user_list.add_argument("--db", required=True)
    user_passwd = user_sub.add_parser("passwd", help="a new password (from standard input); ends its sessions")
    user_passwd.add_argument("--db", required=True)
    user_passwd.add_argument("--name", required=True)
    user_disable = user_sub.add_parser("disable", help="refuse an account from now on; ends its sessions")
    user_disable.add_argument("--db", required=True)
    user_disable.add_argument("--name", required=True)

    sub.add_parser("config", help="print the default office TOML to start from")

    report = sub.add_parser("report", help="the day's waiting and service times per counter and service; "
                            "with --from and --to, a range's figures per counter, clerk, service, queue and hour")
    add_db(report)
    report.add_argument("--config", help="office TOML file (for the names)")
    report.add_argument("--day", help="YYYY-MM-DD (default: today in the office's time zone)")
    report.add_argument("--from", dest="first", help="YYYY-MM-DD: the first day of a range")
    report.add_argument("--to", dest="last", help="YYYY-MM-DD: the range's last day (default: today)")
    report.add_argument("--all-offices", action="store_true",
                        help="PostgreSQL: every office of the database side by side (a county's report)")

    appointments = sub.add_parser("appointments", help="appointments: import a day's bookings from CSV")
    appointments_sub = appointments.add_subparsers(dest="appointments_command", required=True)
    importing = appointments_sub.add_parser(
        "import", help="book every row of a CSV file, all or nothing",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=IMPORT_HELP)
    add_db(importing)
    importing.add_argument("--config", help="office TOML file (default: the built-in default office)")
    importing.add_argument("file", help="the CSV file (UTF-8, a header line first)")

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
        if args.command == "user":
            return manage_user(args)
        if args.command == "migrate":
            return migrate_db(args)
        if args.command == "backup":
            return backup_db(args)
        if args.command == "appointments":
            return import_appointments(args)
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


def read_password() -> str:
    """The password from standard input: asked twice at a terminal, else its first line."""
    if sys.stdin.isatty():
        import getpass

        first = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != first:
            raise ConfigError("the two passwords differ; nothing was changed")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def manage_user(args) -> int:
    from server.console import accounts

    if args.user_command == "list":
        engine = open_db(args)
        with engine.connect() as conn:
            rows = accounts.list_all(conn)
            conn.rollback()
        engine.dispose()
        table = [("NAME", "ROLE", "CREATED", "DISABLED")]
        table += [(r.name, r.role, _when(r.created_at), _when(r.disabled_at)) for r in rows]
        widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
        for row in table:
            print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
        if not rows:
            print("(no accounts yet: queue-server user create --db … --name … --role director)")
        return 0
    password = read_password() if args.user_command in ("create", "passwd") else ""
    engine = open_db(args, must_exist=args.user_command != "create")
    try:
        with engine.begin() as conn:
            if args.user_command == "create":
                accounts.create(conn, args.name, args.role, password)
                done = f"Made the {args.role} account {args.name.strip()!r}; log in at /console"
            elif args.user_command == "passwd":
                accounts.set_password(conn, args.name, password)
                done = f"Changed the password of {args.name.strip()!r}; its open sessions have ended"
            else:
                accounts.disable(conn, args.name)
                done = f"Disabled {args.name.strip()!r}; it cannot log in, and its open sessions have ended"
    except accounts.AccountError as e:
        say(f"{args.db}: {e}")
        return 1
    finally:
        engine.dispose()
    print(done)
    return 0


def import_appointments(args) -> int:
    """All rows or none: each is booked through the hall, as the API books it."""
    import csv

    from server.appointment_api import code_for
    from server.errors import ApiError
    from server.lock import LockHeld
    from server.operations import Operations
    from shared import hall as H

    office = load_office(args.config)
    if office.appointments is None:
        raise ConfigError(f"the office {office.id} takes no appointments: add an [appointments] table to its "
                          "office file (and give it with --config)")
    try:
        with open(args.file, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
    except FileNotFoundError:
        say(f"{args.file}: file not found")
        return 1
    except (OSError, UnicodeDecodeError) as e:
        say(f"{args.file}: cannot read it as UTF-8 text: {e}")
        return 1
    if not rows:
        say(f"{args.file}: empty; the first line names the columns: {', '.join(COLUMNS)}")
        return 1
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in ("date", "time", "service") if c not in header]
    unknown = [h for h in header if h not in COLUMNS]
    if missing or unknown:
        say(f"{args.file} line 1: " + "; ".join(
            ([f"missing column {', '.join(missing)}"] if missing else []) +
            ([f"unknown column {', '.join(unknown)}"] if unknown else [])) + f" (columns: {', '.join(COLUMNS)})")
        return 1
    names = {s.id: s.id for s in office.services}
    names.update({n: s.id for s in office.services for n in (s.name.zh, s.name.en)})

    from server import db

    try:
        lock = office_lock(place_of(args), wait=False) if db.is_url(args.db) else take_lock(Path(args.db))
    except LockHeld as e:
        say(f"{e}. Appointments are not imported under a running service (it keeps the day's bookings in "
            "memory): stop it first, or book each row with POST /api/v1/appointments")
        return 1
    try:
        engine = open_db(args, must_exist=False)
        ops = Operations(office)
        booked, problems = [], []
        with engine.connect() as conn:
            ops.prepare(conn)
            for line, cells in enumerate(rows[1:], start=2):
                if not any(c.strip() for c in cells):
                    continue
                row = {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)}
                try:
                    service = names.get(row["service"], row["service"])
                    code = code_for(ops.hall, conn, row.get("code") or None)
                    answer = ops.run(conn, H.Book(row["date"], row["time"], service, code, row.get("note", ""),
                                                  row.get("phone_last4", "")))
                    booked.append((line, answer["appointment"]))
                except ApiError as e:
                    problems.append(f"{args.file} line {line}: {e.message}")
            if problems:
                conn.rollback()
            else:
                conn.commit()
        engine.dispose()
    finally:
        lock.release()
    if problems:
        for p in problems:
            print(p, file=sys.stderr)
        say(f"nothing imported: {len(problems)} bad row{'s' if len(problems) > 1 else ''}; fix "
            f"{'them' if len(problems) > 1 else 'it'} and import the whole file again")
        return 1
    for line, a in booked:
        print(f"line {line}: {a['day']} {a['slot']}  {a['service']}  code {a['code']}")
    print(f"Imported {len(booked)} appointments into {args.db}")
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
    if args.first or args.last:
        return print_range_report(args, office)
    if args.day:
        try:
            date.fromisoformat(args.day)
        except ValueError:
            raise ConfigError(f"--day {args.day!r} must look like 2026-11-26") from None
    if args.all_offices:
        return print_county_report(args, Operations(office).today() if not args.day else args.day)
    from server.store import appointment_figures

    engine = open_db(args)
    with engine.connect() as conn:
        stats = Operations(office).stats(conn, args.day)
        booked = appointment_figures(conn, stats["day"], stats["day"]).get(stats["day"], {})
        conn.rollback()
    engine.dispose()
    print_office_report(office, stats, booked)
    return 0


def _pad(text: str, width: int = 44) -> str:
    """Left-aligned in a terminal, where a Chinese character takes two columns."""
    import unicodedata

    columns = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(1, width - columns)


def print_office_report(office, stats: dict, booked: dict | None = None) -> None:
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
    if booked:
        print(f"\n{pad('預約 Appointments')}{'booked':>7} {'kept':>7} {'late':>8} {'missed':>7} {'cancelled':>10}")
        for key, r in sorted(booked.items()):
            print(f"{pad(names(key, 'service'))}{r['booked']:>7} {r['kept']:>7} {r['late']:>8} {r['missed']:>7} "
                  f"{r['cancelled']:>10}")


def print_range_report(args, office) -> int:
    """The figures of the days --from to --to (server/report_range.py), as the console shows them."""
    import unicodedata
    from datetime import datetime, timezone

    from server import report_range, reports
    from shared.tickets import business_day

    if args.day:
        raise ConfigError("give either --day or --from/--to, not both")
    if not args.first:
        raise ConfigError("--to needs --from (the range's first day, e.g. --from 2026-11-01)")
    last = args.last or business_day(datetime.now(timezone.utc), office.tz).isoformat()
    try:
        period = report_range.period_between(args.first, last)
    except report_range.PeriodError as e:
        raise ConfigError(str(e)) from None
    engine = open_db(args)
    with engine.connect() as conn:
        rows = reports.ticket_rows(conn, period.first.isoformat(), period.last.isoformat())
        conn.rollback()
    engine.dispose()
    report = report_range.build(rows, office, period)

    def pad(text: str, width: int = 24) -> str:
        columns = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
        return text + " " * max(1, width - columns)

    def figure(value, form: str = ".1f") -> str:
        return "—" if value is None else format(value, form)

    def line(name: str, g: dict) -> str:
        w, sv, sat = g["wait"], g["service"], g["satisfaction"]
        return (f"{pad(name)}{g['tickets']:>7} {g['served']:>6} {g['no_shows']:>8}  "
                + " ".join(f"{figure(w[k]):>6}" for k in ("mean", "median", "p90")) + "  "
                + " ".join(f"{figure(sv[k]):>6}" for k in ("mean", "median", "p90"))
                + f"  {sat['ratings']:>7} {figure(sat['satisfied_share'], '.0%'):>9}")

    total = report["total"]
    print(f"{office.name.zh}  {office.name.en}")
    print(f"{report['period']['label']}: {total['tickets']} tickets issued, {total['served']} served, "
          f"{total['no_shows']} no-shows")
    print(f"\n{pad('')}{'':24}{'wait, minutes':^20}  {'service, minutes':^20}")
    print(f"{pad('')}{'tickets':>7} {'served':>6} {'no-shows':>8}  {'mean':>6} {'median':>6} {'p90':>6}  "
          f"{'mean':>6} {'median':>6} {'p90':>6}  {'ratings':>7} {'satisfied':>9}")
    print(line("總計 Total", total))
    for key, title, _ in report_range.GROUPS:
        if key == "by_day" and period.days == 1 or not report[key]:
            continue
        print(f"\n{title}")
        for g in report[key]:
            if key != "by_day" or g["tickets"]:
                print(line("  " + g["label"], g))
    print_survey(report["survey"], pad, figure)
    return 0


def print_survey(survey: dict, pad, figure) -> None:
    """The phone survey's figures (server/report_range.py): per item, over time, per service
    and per counter."""
    from server.report_range import SURVEY_STEPS

    WIDTH = 46  # the longest item with its English: "櫃台人員服務態度 Counter staff's attitude"

    print(f"\n滿意度調查 Satisfaction survey: {survey['answers']} answers", end="")
    if not survey["answers"]:
        print()
        return
    print(f", overall mean {figure(survey['mean'], '.2f')}, {figure(survey['satisfied_share'], '.0%')} "
          "of item scores 4–5")
    print(f"{pad('', WIDTH)}{'answers':>7} {'mean':>5} {'4–5':>5}  " + " ".join(f"{n:>5}" for n in range(1, 6)))
    for i in survey["items"]:
        print(f"{pad('  ' + i['label'] + ' ' + i['label_en'], WIDTH)}{i['answers']:>7} {figure(i['mean'], '.2f'):>5} "
              f"{figure(i['satisfied_share'], '.0%'):>5}  " + " ".join(f"{c:>5}" for c in i["distribution"]))
    zh, en = SURVEY_STEPS[survey["step"]]
    for key, title in (("by_time", f"{zh} {en}"), ("by_service", "業務 per service"),
                       ("by_counter", "櫃台 per counter")):
        groups = [g for g in survey[key] if g["answers"]]
        if not groups:
            continue
        print(f"\n{pad(title, WIDTH)}{'answers':>7} {'mean':>5} {'4–5':>5}")
        for g in groups:
            print(f"{pad('  ' + g['label'], WIDTH)}{g['answers']:>7} {figure(g['mean'], '.2f'):>5} "
                  f"{figure(g['satisfied_share'], '.0%'):>5}")


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
