"""queue-server: run the service, make device tokens, print the default office file."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from shared.office import ConfigError, default_office_text, load_office
from shared.protocol import COUNTER_ROLES, ROLES


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="queue-server", description="Queue Hall queue service")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the service")
    serve.add_argument("--db", required=True, help="SQLite file (made if missing)")
    serve.add_argument("--config", help="office TOML file (default: the built-in default office)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0 for the LAN)")
    serve.add_argument("--port", type=int, default=8600)
    serve.add_argument("--public-host", default="127.0.0.1", help="address of the public side (phone page, board, feed)")
    serve.add_argument("--public-port", type=int, help="port of the public side (off unless given)")
    serve.add_argument("--public-proxy-header", help="behind a reverse proxy: the header carrying the client's "
                                                     "address, e.g. X-Forwarded-For (off by default)")

    token = sub.add_parser("token", help="device tokens")
    token_sub = token.add_subparsers(dest="token_command", required=True)
    create = token_sub.add_parser("create", help="make a token; it is printed as the last line")
    create.add_argument("--db", required=True)
    create.add_argument("--role", required=True, choices=list(ROLES))
    create.add_argument("--counter", type=int, help="the counter a counter or rating token is for")
    create.add_argument("--label", default="", help="a note, e.g. 'kiosk by the door'")

    sub.add_parser("config", help="print the default office TOML to start from")

    report = sub.add_parser("report", help="the day's waiting and service times per counter and service")
    report.add_argument("--db", required=True)
    report.add_argument("--config", help="office TOML file (for the names)")
    report.add_argument("--day", help="YYYY-MM-DD (default: today in the office's time zone)")

    backup = sub.add_parser("backup", help="copy the database safely while the service runs")
    backup.add_argument("--db", required=True)
    backup.add_argument("--out", required=True, help="the copy to write (e.g. /var/backups/queue-2026-11-26.db)")

    args = parser.parse_args(argv)
    try:
        if args.command == "config":
            sys.stdout.write(default_office_text())
            return 0
        if args.command == "token":
            return create_token(args)
        if args.command == "backup":
            return backup_db(args)
        if args.command == "report":
            return print_report(args)
        return serve_forever(args)
    except ConfigError as e:
        print(f"queue-server: configuration error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0


def create_token(args) -> int:
    from server import auth, db

    if args.role in COUNTER_ROLES and args.counter is None:
        print(f"queue-server: a {args.role} token needs --counter N", file=sys.stderr)
        return 2
    engine = db.make_engine(args.db)
    db.create_schema(engine)
    with engine.begin() as conn:
        token = auth.create_token(conn, args.role, args.counter, args.label)
    engine.dispose()
    what = f"{args.role} of counter {args.counter}" if args.role in COUNTER_ROLES else args.role
    print(f"Token for {what} (keep it secret; it is stored hashed and cannot be shown again):")
    print(token)
    return 0


def backup_db(args) -> int:
    """SQLite's online backup: a consistent copy even while the service writes."""
    import sqlite3

    source = Path(args.db)
    if not source.exists():
        raise ConfigError(f"{source}: database file not found")
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(args.out) as dst:
            src.backup(dst)
    except sqlite3.Error as e:
        print(f"queue-server: backup failed: {e}", file=sys.stderr)
        return 1
    print(f"Backed up {source} to {args.out}")
    return 0


def print_report(args) -> int:
    """The office's yardsticks for one day, as a table (the same figures as GET /stats)."""
    import unicodedata
    from datetime import date

    from server import db
    from server.operations import Operations

    office = load_office(args.config)
    if args.day:
        try:
            date.fromisoformat(args.day)
        except ValueError:
            raise ConfigError(f"--day {args.day!r} must look like 2026-11-26") from None
    if not Path(args.db).exists():
        raise ConfigError(f"{args.db}: database file not found")
    engine = db.make_engine(args.db)
    with engine.connect() as conn:
        stats = Operations(office).stats(conn, args.day)
    engine.dispose()

    def names(key: str, kind: str) -> str:
        try:
            thing = office.counter(int(key)) if kind == "counter" else office.service(key)
            return f"{thing.name.zh} {thing.name.en}"
        except (KeyError, ValueError):
            return key

    def pad(text: str, width: int = 44) -> str:
        """Left-aligned in a terminal, where a Chinese character takes two columns."""
        columns = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
        return text + " " * max(1, width - columns)

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
        print("\n未到 No-shows: " + ", ".join(f"{names(k, 'counter')}: {v}" for k, v in sorted(stats["no_shows"].items())))
    return 0


def serve_forever(args) -> int:
    import uvicorn

    from server import listen
    from server.app import create_app

    office = load_office(args.config)
    db_path = Path(args.db)
    if not db_path.parent.exists():
        raise ConfigError(f"{db_path.parent}: folder does not exist")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_app(db_path, office)
    try:
        if args.public_port is None:
            uvicorn.Server(listen.config(app, args.host, args.port)).run()
        else:
            from server.public.listener import serve
            serve(app, args.host, args.port, args.public_host, args.public_port, args.public_proxy_header)
    except OSError as e:
        print(f"queue-server: cannot listen on {args.host}:{args.port}: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
