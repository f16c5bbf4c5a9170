"""The demo's office on this machine: the service as a child process on an SQLite file in
the data folder, and the tokens for its devices, made once and kept beside the file."""

from __future__ import annotations

import ctypes
import json
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

from shared.office import load_office

HEALTH_TIMEOUT_S = 20


class DemoError(RuntimeError):
    """Something the person running the demo must fix; the message says what."""


def port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def device_tokens(data: Path) -> dict:
    """Tokens for the kiosk, the display, the admin and each counter, kept in tokens.json."""
    from server import auth, db

    path = data / "tokens.json"
    if path.exists():
        return json.loads(path.read_text())
    engine = db.make_engine(data / "queue.db")
    db.create_schema(engine)
    tokens = {}
    with engine.begin() as conn:
        for role in ("kiosk", "display", "admin"):
            tokens[role] = auth.create_token(conn, role, label=f"demo {role}")
        for c in load_office().counters:
            tokens[f"counter-{c.number}"] = auth.create_token(conn, "counter", c.number, f"demo counter {c.number}")
    engine.dispose()
    path.write_text(json.dumps(tokens, indent=2))
    path.chmod(0o600)
    return tokens


def die_with_parent() -> None:
    """In the child, before it runs: the kernel sends it SIGTERM when the demo dies, even
    by SIGKILL, so a killed demo leaves no service behind (Linux; elsewhere a no-op)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (AttributeError, OSError):
        pass


class ServiceProcess:
    """`queue-server serve` for the demo; stopped when the demo ends, and with it."""

    def __init__(self, data: Path, port: int):
        self.data, self.port = data, port
        self.url = f"http://127.0.0.1:{port}"
        self.proc: subprocess.Popen | None = None
        self.log_path = data / "service.log"

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc is not None else None

    def exit_code(self) -> int | None:
        """None while it runs."""
        return self.proc.poll() if self.proc is not None else -1

    def start(self, wait: bool = True) -> "ServiceProcess":
        """Starts the service; with `wait`, returns once it answers (or raises DemoError)."""
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "server.cli", "serve", "--db", str(self.data / "queue.db"),
                 "--port", str(self.port)], stdout=log, stderr=subprocess.STDOUT,
                cwd=Path(__file__).resolve().parents[1], preexec_fn=die_with_parent)
        if not wait:
            return self
        deadline = time.monotonic() + HEALTH_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise DemoError(f"the queue service stopped at start; see {self.log_path}")
            try:
                with urlopen(self.url + "/api/v1/health", timeout=0.5) as r:
                    if r.status == 200:
                        return self
            except (URLError, OSError):
                time.sleep(0.1)
        self.stop()
        raise DemoError(f"the queue service did not answer within {HEALTH_TIMEOUT_S} s; see {self.log_path}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
