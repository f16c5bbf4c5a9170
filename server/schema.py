"""Which schema a database file has, and bringing it to this release's.

Rules:
- Everything that opens a database goes through `ensure_current` (the CLI through
  `open_database`, which also checks the file and keeps a copy before an upgrade).
- A new, empty file gets this release's tables (create_all) and is stamped with the head
  revision.
- A 0.1.0 file (the tables, but no `alembic_version`) is stamped 0001, then upgraded.
- An older file is upgraded by the Alembic revisions in server/migrations/, in one
  transaction: all of it or nothing.
- A file of this release is left alone, and costs one query.
- A file from a newer release is refused: this program must not write to tables it does
  not know.
- Before the CLI upgrades a file, it copies it aside with SQLite's online backup
  (`queue.db.before-0.2.0`), never over an earlier copy.
- On PostgreSQL the same holds per office schema (`office_<id>`, made when missing): its
  own alembic_version, the same revisions. Two processes opening one office at once (a
  service and its standby, a `token create`) take turns on a transaction-level advisory
  lock. No copy is made before an upgrade: the county's pg_dump (or its replication) is
  the office's backup, and the log says so.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path
from typing import Callable

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DatabaseError, DBAPIError

from server import db

RELEASE = "0.4.0"
HEAD = "0005"
# Every revision, and the release whose schema it is (the newest revision of that release).
RELEASES = {"0001": "0.1.0", "0002": "0.2.0", "0003": "0.3.0", "0004": "0.3.0", "0005": "0.3.0"}
RELEASE_0_1_0_TABLES = {"tickets", "numbering", "counters", "events", "tokens", "idempotency",
                        "alerts", "meta"}
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class DatabaseFault(Exception):
    """A database file this program cannot use; the message names the file and what to do."""


# pg_advisory_xact_lock(MIGRATE_LOCK, hashtext(office)): one opener of an office at a time.
MIGRATE_LOCK = 0x5148_0002


def _postgres(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


def _office_schema(conn: Connection) -> str | None:
    if not _postgres(conn):
        return None
    # The search_path set by server/db.py: the office's schema.
    return conn.execute(text("SHOW search_path")).scalar().split(",")[0].strip().strip('"')


def _take_turn(conn: Connection) -> None:
    """PostgreSQL: waits for whoever else is making or upgrading this office's schema, and
    makes the schema when it is missing (in this transaction)."""
    if not _postgres(conn):
        return
    schema = _office_schema(conn)
    conn.execute(text("SELECT pg_advisory_xact_lock(:k, hashtext(:s))"), {"k": MIGRATE_LOCK, "s": schema})
    if conn.execute(text("SELECT 1 FROM pg_namespace WHERE nspname = :s"), {"s": schema}).first() is None:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))


def revision(conn: Connection) -> str | None:
    """The file's schema revision: None for a new file, "0001" for an unstamped 0.1.0 file."""
    tables = set(inspect(conn).get_table_names(schema=_office_schema(conn)))
    if "alembic_version" in tables:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if not tables - {"sqlite_sequence"}:
        return None
    if RELEASE_0_1_0_TABLES <= tables:
        return "0001"
    raise DatabaseFault(f"{_name(conn)} holds other tables than Queue Hall's ({', '.join(sorted(tables))}): "
                        "give the path of the service's database, or a new file")


def ensure_current(engine: Engine, before_upgrade: Callable[[str], None] | None = None) -> str | None:
    """Makes or upgrades the file to this release's schema; says what it did (None: nothing).

    `before_upgrade(release)` runs before an older file is changed (the CLI copies it there)."""
    with engine.connect() as conn:
        _take_turn(conn)
        found = revision(conn)
        if found == HEAD:
            conn.rollback()
            return None
        if found is not None and found not in RELEASES:
            raise DatabaseFault(
                f"{_name(conn)} was written by a newer release of Queue Hall (schema {found}); this is "
                f"release {RELEASE} (schema {HEAD}): install the newer release again, or restore the copy "
                "made before its upgrade (queue.db.before-…)")
        if found is None:
            db.metadata.create_all(conn)
            _alembic(conn, "stamp", HEAD)
            conn.commit()
            return f"made a new database at schema {HEAD} (release {RELEASE})"
        conn.rollback()
        if before_upgrade is not None:
            before_upgrade(RELEASES[found])
        _take_turn(conn)
        found = revision(conn)  # another process may have upgraded it meanwhile
        if found == HEAD:
            conn.rollback()
            return None
        stamped = "alembic_version" in inspect(conn).get_table_names(schema=_office_schema(conn))
        if not stamped:
            _alembic(conn, "stamp", found)
        _alembic(conn, "upgrade", HEAD)
        conn.commit()
        return f"upgraded from release {RELEASES[found]} (schema {found}) to release {RELEASE} (schema {HEAD})"


def _alembic(conn: Connection, command_name: str, target: str) -> None:
    logging.getLogger("alembic").setLevel(logging.WARNING)  # open_database logs one line itself
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    getattr(command, command_name)(config, target)


def script_revisions() -> dict[str, str | None]:
    """Every revision in server/migrations/versions and the one before it (for the tests)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return {r.revision: r.down_revision for r in ScriptDirectory.from_config(config).walk_revisions()}


def _name(conn: Connection) -> str:
    if _postgres(conn):
        return f"{conn.engine.url.render_as_string(hide_password=True)} (schema {_office_schema(conn)})"
    return str(conn.engine.url.database or conn.engine.url)


# ----- the CLI's way in ----------------------------------------------------------------

def check_path(path: Path, must_exist: bool = False) -> None:
    """Faults the file system shows before SQLite is asked; one line each, naming the file."""
    if path.is_dir():
        raise DatabaseFault(f"{path} is a folder, not a database file: give a file's path, "
                            f"e.g. --db {path / 'queue.db'}")
    folder = path.parent
    if not folder.is_dir():
        raise DatabaseFault(f"{folder}: folder does not exist; make it (mkdir -p {folder}) or choose another --db")
    if not path.exists():
        if must_exist:
            raise DatabaseFault(f"{path}: database file not found; check --db")
    elif not os.access(path, os.R_OK | os.W_OK):
        raise DatabaseFault(f"{path} is read-only: let the service's user read and write it "
                            f"(e.g. chown queuehall {path}; chmod u+rw {path})")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseFault(f"{folder} is read-only: the service writes {path.name}-wal, {path.name}-shm and "
                            f"{path.name}.lock beside the database; let its user write the folder")


def fault_of(path: Path, error: Exception) -> DatabaseFault:
    """What SQLite's error means for the user of the file."""
    detail = str(getattr(error, "orig", None) or error)
    if "readonly" in detail or "read-only" in detail:
        return DatabaseFault(f"{path} cannot be written ({detail}): let the service's user write the file "
                             "and its folder")
    if "disk is full" in detail or "disk I/O" in detail:
        return DatabaseFault(f"{path}: the disk is full or failing ({detail}): free some space on "
                             f"{path.parent}, then try again")
    if "locked" in detail or "busy" in detail:
        return DatabaseFault(f"{path} is busy ({detail}): another program holds a long write on it; "
                             "try again in a moment")
    if "unable to open" in detail:
        return DatabaseFault(f"{path} cannot be opened ({detail}): check the path and that the service's "
                             "user may read and write it and its folder")
    return damaged(path, detail)


def damaged(path: Path, detail: object) -> DatabaseFault:
    return DatabaseFault(f"{path} is not a Queue Hall database or is damaged ({detail}): restore the last "
                         "backup over it (queue-server backup makes them), or move it aside to start a new one")


def postgres_fault(where: "db.Place", error: Exception) -> DatabaseFault:
    """What PostgreSQL's error means for the office's administrator."""
    detail = " ".join(str(getattr(error, "orig", None) or error).split())
    if "permission denied" in detail:
        return DatabaseFault(f"{where}: {detail}: the service's role needs the office's schema (the county's "
                             f"DBA: CREATE SCHEMA {where.schema} AUTHORIZATION <role>, see the README)")
    if "does not exist" in detail and "database" in detail:
        return DatabaseFault(f"{where}: {detail}: create it first (createdb), or check --db")
    if any(word in detail for word in ("connect", "Connection refused", "timeout", "password", "authentication",
                                       "terminating", "server closed")):
        return DatabaseFault(f"{where}: cannot reach the database ({detail}): check --db, that PostgreSQL runs "
                             "and that pg_hba.conf lets this host in")
    return DatabaseFault(f"{where}: the database refused: {detail}")


def open_place(where: "db.Place", log: Callable[[str], None], must_exist: bool = False) -> Engine:
    """open_database for either engine."""
    if not where.postgres:
        return open_database(where.path, log, must_exist=must_exist)
    engine = db.make_engine(where)
    try:
        def no_copy(release: str) -> None:
            log(f"{where}: a release {release} schema; no copy is made before the upgrade on PostgreSQL: "
                "the county's pg_dump (or its replication) is the office's backup")

        done = ensure_current(engine, no_copy)
        if done:
            log(f"{where}: {done}")
    except DatabaseFault:
        engine.dispose()
        raise
    except DBAPIError as e:
        engine.dispose()
        raise postgres_fault(where, e) from None
    return engine


def open_database(path: str | Path, log: Callable[[str], None], must_exist: bool = False,
                  full_check: bool = True) -> Engine:
    """An engine on a checked file of this release's schema; an older file is copied aside
    (log says where) and upgraded. Raises DatabaseFault with one line for the user."""
    if isinstance(path, db.Place) or db.is_url(str(path)):
        raise TypeError("open_database is SQLite's: use open_place for a PostgreSQL office")
    path = Path(path)
    check_path(path, must_exist)
    engine = db.make_engine(path)
    try:
        if full_check:
            with engine.connect() as conn:
                result = conn.exec_driver_sql("PRAGMA quick_check").scalar()
                conn.rollback()
            if result != "ok":
                raise damaged(path, result)

        def copy_aside(release: str) -> None:
            copy = backup_copy(path, RELEASE)
            log(f"{path}: a release {release} database; copied it to {copy} before the upgrade")

        done = ensure_current(engine, copy_aside)
        if done:
            log(f"{path}: {done}")
    except DatabaseFault:
        engine.dispose()
        raise
    except (DatabaseError, sqlite3.DatabaseError) as e:
        engine.dispose()
        raise fault_of(path, e) from None
    return engine


def backup_copy(path: Path, release: str) -> Path:
    """`queue.db.before-0.2.0` (or .1, .2 … if that exists), by SQLite's online backup."""
    copy = path.with_name(f"{path.name}.before-{release}")
    n = 0
    while copy.exists():
        n += 1
        copy = path.with_name(f"{path.name}.before-{release}.{n}")
    with sqlite3.connect(path) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    return copy
