"""A throw-away PostgreSQL server for the tests, and the `db_url` fixture that runs a test on
both engines.

`TempPostgres` runs Debian's `initdb` and `pg_ctl` (PostgreSQL 15 or newer, found on PATH or
under /usr/lib/postgresql/*/bin) in a temporary folder on a free port of 127.0.0.1, as an
unprivileged user when the tests run as root (initdb refuses root), and removes it all at
stop. `scripts/pg-temp.sh` runs the same code from a shell. When QUEUE_TEST_PG_URL is set
(e.g. by CI with its own server) that server is used instead and nothing is started.
Where no server can start, the PostgreSQL half of the tests is skipped with the reason.

Each test gets its own office schema (`office_t<n>`) in the one database `county`: the
service's own way of keeping offices apart, and much cheaper than a database per test.
The test server runs with fsync off (the tests never pull the plug); the benchmark's does not.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

DATABASE = "county"
USER = "queuehall"


def _bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class TempPostgres:
    def __init__(self, fsync: bool = False):
        self.fsync = fsync
        self.folder: Path | None = None
        self._set_port(_free_port())
        self.as_user: list[str] = []

    def _set_port(self, port: int) -> None:
        self.port = port
        self.url = f"postgresql+psycopg://{USER}@127.0.0.1:{self.port}/{DATABASE}"

    def _start_server(self, pg_ctl: str, data: Path) -> None:
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                   f"-c fsync={'on' if self.fsync else 'off'} -c max_connections=200 "
                   "-c shared_buffers=32MB")
        self._run(pg_ctl, "-D", str(data), "-o", options, "-l", str(self.folder / "log"), "-w", "-t", "60",
                  "start")

    def _port_taken(self) -> bool:
        log = self.folder / "log"
        return log.exists() and "could not bind" in log.read_text(errors="replace")

    def _run(self, *cmd: str, timeout: float = 120) -> None:
        done = subprocess.run([*self.as_user, *cmd], capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(f"{Path(cmd[0]).name} failed: {(done.stderr or done.stdout).strip()[-400:]}")

    def start(self) -> "TempPostgres":
        """Raises RuntimeError saying why PostgreSQL cannot start here."""
        initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
        if not initdb or not pg_ctl:
            raise RuntimeError("initdb/pg_ctl not found: install Debian's postgresql package "
                               "(scripts/system-deps.sh)")
        self.folder = Path(tempfile.mkdtemp(prefix="queuehall-pg-"))
        if os.geteuid() == 0:
            user = pwd.getpwnam("nobody")
            os.chown(self.folder, user.pw_uid, user.pw_gid)
            runuser = shutil.which("runuser")
            self.as_user = [runuser, "-u", "nobody", "--"] if runuser else ["su", "nobody", "-s", "/bin/sh", "-c"]
            if not runuser:
                raise RuntimeError("running as root without runuser: cannot run initdb as another user")
        data = self.folder / "data"
        try:
            self._run(initdb, "-D", str(data), "-U", USER, "--auth=trust", "-E", "UTF8", "--no-locale",
                      "--no-sync")
            for attempt in range(3):
                try:
                    self._start_server(pg_ctl, data)
                    break
                except RuntimeError as e:
                    # The free port was taken between finding it and listening (by another
                    # test worker starting its own server at the same moment): another port.
                    if attempt == 2 or not self._port_taken():
                        raise
                    (self.folder / "log").unlink()
                    self._set_port(_free_port())
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as e:
            self.stop()
            raise RuntimeError(f"PostgreSQL cannot start here: {e}") from None
        import psycopg

        deadline = time.monotonic() + 30
        while True:
            try:
                with psycopg.connect(host="127.0.0.1", port=self.port, user=USER, dbname="postgres",
                                     autocommit=True) as conn:
                    conn.execute(f"CREATE DATABASE {DATABASE}")
                break
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        return self

    def stop(self) -> None:
        if self.folder is None:
            return
        pg_ctl = _bin("pg_ctl")
        data = self.folder / "data"
        if pg_ctl and (data / "postmaster.pid").exists():
            subprocess.run([*self.as_user, pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"],
                           capture_output=True, timeout=60)
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None


_schemas = itertools.count(1)


def new_office_id() -> str:
    """An office id (and so a schema) no other test of this run uses."""
    return f"t{os.getpid()}_{next(_schemas)}"


def drop_office(url: str, office: str) -> None:
    import psycopg

    from server.db import schema_name

    plain = url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema_name(office)}" CASCADE')


class external:
    """A server someone else runs (QUEUE_TEST_PG_URL). Given a worker (pytest-xdist's `gw0`…),
    the worker gets a database of its own beside the URL's (`county_gw0`), made afresh and
    dropped at stop: the county report reads every office of its database, so two workers
    must not share one. Where the URL's user may not create databases, the URL's database is
    shared (each test still has its own schema) and the run is warned."""

    def __init__(self, url: str, worker: str | None = None):
        self.given = url if "+psycopg" in url else url.replace("postgresql://", "postgresql+psycopg://", 1)
        self.url = self.given
        self.made: str | None = None
        if worker:
            self._own_database(worker)

    def _on_given(self, statement: str) -> None:
        import psycopg

        plain = self.given.replace("postgresql+psycopg://", "postgresql://", 1)
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(statement)

    def _own_database(self, worker: str) -> None:
        import warnings

        import psycopg
        from sqlalchemy.engine import make_url

        given = make_url(self.given)
        name = f"{given.database}_{worker}"
        try:
            self._on_given(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # left by a run that crashed
            self._on_given(f'CREATE DATABASE "{name}"')
        except psycopg.errors.InsufficientPrivilege as e:
            warnings.warn(f"QUEUE_TEST_PG_URL: cannot create a database per test worker ({e}); the workers "
                          f"share {given.database}: the county report's test may see other workers' offices")
            return
        self.made = name
        self.url = given.set(database=name).render_as_string(hide_password=False)

    def stop(self) -> None:
        if self.made:
            self._on_given(f'DROP DATABASE IF EXISTS "{self.made}" WITH (FORCE)')
            self.made = None


def office_place(postgres) -> "object":
    from server import db

    return db.place(postgres.url, new_office_id())


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """The test runs twice: on an SQLite file, and on a fresh office schema of the run's
    PostgreSQL (skipped, saying why, where PostgreSQL cannot start)."""
    if request.param == "sqlite":
        yield tmp_path / "queue.db"
        return
    postgres = request.getfixturevalue("postgres")
    where = office_place(postgres)
    yield where
    drop_office(postgres.url, where.office)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def module_db_url(request, tmp_path_factory):
    """`db_url` for a module whose tests share one service per engine (a module-scoped
    fixture): an SQLite file in a folder of the module's, or an office schema of its own."""
    if request.param == "sqlite":
        yield tmp_path_factory.mktemp(request.module.__name__.rpartition(".")[2]) / "queue.db"
        return
    postgres = request.getfixturevalue("postgres")
    where = office_place(postgres)
    yield where
    drop_office(postgres.url, where.office)


def run_sql(where, statement: str, params: tuple = ()) -> list[tuple]:
    """One statement on a test's database, SQLite file or PostgreSQL office (`?` parameters),
    committed; the rows it returned."""
    from server import db

    where = db.place(where)
    if where.path is not None:
        import sqlite3

        conn = sqlite3.connect(where.path)
        try:
            with conn:
                return conn.execute(statement, params).fetchall()
        finally:
            conn.close()
    import psycopg

    plain = where.url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(plain, options=f"-c search_path={where.schema}") as conn:
        cur = conn.execute(statement.replace("?", "%s"), params)
        return cur.fetchall() if cur.description else []


def _cli(argv: list[str]) -> int:
    """scripts/pg-temp.sh: `start` prints the export line of QUEUE_TEST_PG_URL and keeps the
    server's folder in STATE; `stop` stops it and removes the folder."""
    import json
    import sys

    state = Path(os.environ.get("QUEUE_PG_STATE", Path(tempfile.gettempdir()) / "queuehall-pg.json"))
    if argv[:1] == ["start"]:
        try:
            pg = TempPostgres(fsync="--fsync" in argv).start()
        except RuntimeError as e:
            print(f"pg-temp: {e}", file=sys.stderr)
            return 1
        state.write_text(json.dumps({"folder": str(pg.folder), "url": pg.url, "as_user": pg.as_user}))
        print(f"export QUEUE_TEST_PG_URL={pg.url}")
        return 0
    if argv[:1] == ["stop"]:
        if not state.exists():
            print(f"pg-temp: nothing started ({state} not found)", file=sys.stderr)
            return 1
        saved = json.loads(state.read_text())
        pg = TempPostgres()
        pg.folder, pg.url, pg.as_user = Path(saved["folder"]), saved["url"], saved["as_user"]
        pg.stop()
        state.unlink()
        return 0
    print("usage: scripts/pg-temp.sh start [--fsync] | stop", file=sys.stderr)
    return 2


if __name__ == "__main__":
    import sys

    sys.exit(_cli(sys.argv[1:]))
