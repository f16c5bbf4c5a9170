"""The real service for tests: on 127.0.0.1 with a real SQLite file or a real PostgreSQL
office schema (a db.Place, from tests/pg.py's `db_url` fixture), in a thread of the test
process (so a test can set its clock) or as its own process (so a test can kill it)."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
import uvicorn

from server import auth, db, listen
from server.app import create_app
from shared.office import Office, load_office

# How long a service may take to start (or to refuse to): a deadline, not a wait. Generous,
# because the suite runs one test per core (pytest-xdist) and a starting service imports
# for seconds of CPU; a quiet machine starts one in about one second.
START_SECONDS = 60


def run_cli(*args: str, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """`queue-server ARGS` as a child process; stdout and stderr as text."""
    return subprocess.run([sys.executable, "-m", "server.cli", *args], capture_output=True, text=True,
                          env=env, timeout=timeout, cwd=Path(__file__).resolve().parents[1])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class FakeClock:
    def __init__(self, start: datetime | None = None):
        self.now = start or datetime(2026, 11, 26, 1, 0, tzinfo=timezone.utc)  # 09:00 in Taipei

    def __call__(self) -> datetime:
        return self.now

    def advance(self, minutes: float = 0, seconds: float = 0) -> None:
        self.now += timedelta(minutes=minutes, seconds=seconds)


def make_token(db_path: "Path | db.Place", role: str, counter: int | None = None) -> str:
    engine = db.make_engine(db_path)
    db.create_schema(engine)
    with engine.begin() as conn:
        token = auth.create_token(conn, role, counter)
    engine.dispose()
    return token


def db_args(where: "Path | str | db.Place") -> list[str]:
    """The CLI's --db (and --office) for a database the tests made."""
    where = db.place(where)
    return ["--db", str(where.path)] if where.path is not None else ["--db", where.url, "--office", where.office]


class _Tokens:
    def __init__(self, db_path: Path):
        self.db_path = db_path
        self._made: dict = {}

    def __call__(self, role: str, counter: int | None = None) -> str:
        key = (role, counter)
        if key not in self._made:
            self._made[key] = make_token(self.db_path, role, counter)
        return self._made[key]


class LiveServer:
    """The service in a thread; stop() and start() again keep the file and the port."""

    def __init__(self, db_path: "Path | db.Place", office: Office | None = None, clock=None,
                 port: int | None = None, public: bool | dict = False):
        self.where = db.place(db_path)
        self.db_path = self.where.path  # None on PostgreSQL
        self.db_args = db_args(self.where)
        self.office = office or load_office()
        self.clock = clock or FakeClock()
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # The public side (server/public) on its own port, when asked for (a dict: its limits).
        self.public_port = free_port() if public is not False else None
        self.public_limits = public if isinstance(public, dict) else {}
        self.public_url = f"http://127.0.0.1:{self.public_port}" if self.public_port else None
        self.token = _Tokens(self.where)
        self._server: uvicorn.Server | None = None
        self._public_server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> "LiveServer":
        app = create_app(self.where, self.office, self.clock)
        if self.public_port is None:
            config = listen.config(app, "127.0.0.1", self.port, ws_ping_interval=None, lifespan="on")
            self._server = uvicorn.Server(config)
            self._thread = threading.Thread(target=self._server.run, daemon=True)
        else:
            from server.public.listener import serve_all, servers
            both = servers(app, "127.0.0.1", self.port, "127.0.0.1", self.public_port,
                           public_limits=self.public_limits, ws_ping_interval=None, lifespan="on")
            self._server, self._public_server = both
            self._thread = threading.Thread(target=lambda: asyncio.run(serve_all(both)), daemon=True)
        self._thread.start()
        deadline = time.monotonic() + START_SECONDS
        while not (self._server.started and getattr(self._public_server, "started", True)):
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("service did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
            self._thread.join(10)
            self._server = None

    @property
    def running(self) -> bool:
        return self._server is not None

    def client(self, role: str = "admin", counter: int | None = None) -> httpx.Client:
        return httpx.Client(base_url=self.url + "/api/v1", timeout=10,
                            headers={"Authorization": f"Bearer {self.token(role, counter)}"})


class ServerProcess:
    """`queue-server serve` as a child process, for tests that kill it."""

    def __init__(self, db_path: "Path | db.Place", port: int | None = None, config: Path | None = None,
                 env: dict | None = None, log_dir: Path | None = None, extra: tuple[str, ...] = ()):
        self.where = db.place(db_path)
        self.db_path = self.where.path  # None on PostgreSQL
        self.log_dir = Path(log_dir) if log_dir else (self.db_path.parent if self.db_path else
                                                      Path(tempfile.gettempdir()))
        self.extra = extra
        self.port = port or free_port()
        self.config = config
        self.env = {**os.environ, **(env or {})}
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def _popen(self, log) -> subprocess.Popen:
        cmd = [sys.executable, "-m", "server.cli", "serve", *db_args(self.where), "--port", str(self.port),
               *self.extra]
        if self.config:
            cmd += ["--config", str(self.config)]
        return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log,
                                cwd=Path(__file__).resolve().parents[1], env=self.env)

    def refused(self, timeout: float = START_SECONDS) -> tuple[int, str]:
        """For a start that must fail: its exit code and what it wrote on stderr (kept in a
        temporary file: the database's folder may be missing or read-only)."""
        with tempfile.TemporaryFile() as log:
            proc = self._popen(log)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
                raise AssertionError("the service started instead of refusing") from None
            log.seek(0)
            return proc.returncode, log.read().decode(errors="replace")

    def launch(self) -> "ServerProcess":
        """Started, not waited for (a standby does not listen until it takes over)."""
        # The log goes to a file: a pipe nobody reads would block the service once full.
        name = self.db_path.name if self.db_path else f"office_{self.where.office}"
        self.log_path = self.log_dir / f"{name}.{self.port}.log"
        with open(self.log_path, "ab") as log:
            self.proc = self._popen(log)
        return self

    def start(self) -> "ServerProcess":
        self.launch()
        self.wait_listening()
        return self

    def wait_listening(self, timeout: float = START_SECONDS) -> "ServerProcess":
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"service exited: {self.log()}")
            try:
                if httpx.get(self.url + "/api/v1/health", timeout=0.5).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.05)
        self.kill()  # a test that fails here must not leave the service running
        raise RuntimeError(f"service did not start within {timeout} s: {self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def kill(self) -> None:
        if self.proc is not None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
            self.proc = None

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
            self.proc = None
