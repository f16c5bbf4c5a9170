"""One live service per office: per database file on SQLite, per office schema on PostgreSQL.

`queue-server serve` holds an exclusive `flock` on `PATH.lock` beside the database for as
long as it runs, and writes its PID, host and start time there. The kernel releases the
lock when the process ends, however it ends (SIGKILL included), so a stale file never
blocks a start; a second `serve` on the same file is refused at once, naming the holder.
The file is left in place: removing it would let two processes lock two different files.
With `serve --standby` a second process waits for the lock instead of refusing.

On PostgreSQL the database enforces it: the live process holds a session-level advisory
lock keyed by the office (`pg_try_advisory_lock(LIVE_LOCK, hashtext('office_<id>'))`) on
a connection of its own, kept for its whole life. A second `serve` for the same office is a
standby: it logs that it waits, asks again every WAIT_SECONDS and does not listen on its
port meanwhile (devices given both addresses get "connection refused" from it, at once, and
use the other). When the live process dies its connection closes and PostgreSQL drops the
lock: at once for a killed process (the kernel closes its socket), within KEEPALIVE's
~6 s for a dead host (TCP keepalives set on the lock's connection). The standby then
takes the lock, loads the queue from the database and listens: within 10 s in all.
The live process checks its lock connection every CHECK_SECONDS; if it is lost (the
database restarted, the network cut) it stops at once, since a standby may take over.
The connection's application_name names the holder, for the refusal and for the DBA.
"""

from __future__ import annotations

import fcntl
import os
import socket
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Callable

WAIT_SECONDS = 0.5
CHECK_SECONDS = 1.0
LIVE_LOCK = 0x5148_0001
# Both ends notice a dead peer within ~5 s: libpq's keepalives (this side) and the server's
# (its tcp_keepalives_*, settable per session), so a dead host's lock is dropped.
KEEPALIVE = {"keepalives": 1, "keepalives_idle": 2, "keepalives_interval": 1, "keepalives_count": 3,
             "options": "-c tcp_keepalives_idle=2 -c tcp_keepalives_interval=1 -c tcp_keepalives_count=3"}


class LockHeld(Exception):
    """Another live process serves this database; the message names it."""


class DatabaseLock:
    def __init__(self, db_path: str | Path):
        self.db_path = Path(db_path)
        self.path = self.db_path.with_name(self.db_path.name + ".lock")
        self.fd: int | None = None

    def acquire(self, wait: bool = False, on_wait: Callable[[str], None] = lambda holder: None) -> "DatabaseLock":
        """Raises LockHeld (unless `wait`: then waits, calling on_wait once), or OSError
        when the lock file cannot be made."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if wait:
                    if not told:
                        on_wait(self.holder(fd))
                        told = True
                    time.sleep(WAIT_SECONDS)
                    continue
                holder = self.holder(fd)
                os.close(fd)
                raise LockHeld(f"{self.db_path} is in use by another queue-server ({holder}); stop that one first "
                               "(systemctl stop queue-server, or end that process), or give another --db") from None
            except BaseException:
                os.close(fd)
                raise
        started = datetime.now().astimezone().isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid={os.getpid()} host={socket.gethostname()} since={started}\n".encode(), 0)
        self.fd = fd
        return self

    @staticmethod
    def holder(fd: int) -> str:
        try:
            fields = dict(part.split("=", 1) for part in os.pread(fd, 512, 0).decode().split() if "=" in part)
        except (OSError, UnicodeDecodeError, ValueError):
            fields = {}
        if "pid" not in fields:
            return "a process that is just starting"
        return f"PID {fields['pid']} on {fields.get('host', '?')}, since {fields.get('since', '?')}"

    def release(self) -> None:
        if self.fd is not None:
            fd, self.fd = self.fd, None
            try:
                os.ftruncate(fd, 0)
            finally:
                os.close(fd)  # closing the only descriptor releases the flock


class OfficeLock:
    """The PostgreSQL advisory lock of one live service per office (see the module's rules)."""

    def __init__(self, url: str, office: str):
        from server.db import schema_name

        self.url = url.replace("postgresql+psycopg://", "postgresql://", 1)
        self.office = office
        self.schema = schema_name(office)
        started = datetime.now().strftime("%m-%d %H:%M")
        # PostgreSQL keeps 63 bytes of it: the host last, as it may be long.
        self.name = f"queue-server {office} pid={os.getpid()} since {started} host={socket.gethostname()}"[:63]
        self.conn = None
        self._stop = threading.Event()

    def _connect(self):
        import psycopg

        return psycopg.connect(self.url, autocommit=True, application_name=self.name, connect_timeout=10,
                               **KEEPALIVE)

    def _try(self) -> bool:
        return bool(self.conn.execute("SELECT pg_try_advisory_lock(%s, hashtext(%s))",
                                      (LIVE_LOCK, self.schema)).fetchone()[0])

    def holder(self) -> str:
        row = self.conn.execute(
            "SELECT a.application_name, host(a.client_addr) FROM pg_locks l JOIN pg_stat_activity a USING (pid) "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = %s::bigint::oid "
            "AND l.objid = (hashtext(%s)::bigint & 4294967295)::oid AND l.objsubid = 2",
            (LIVE_LOCK, self.schema)).fetchone()
        if row is None:
            return "a process that has just ended"
        return f"{row[0] or 'a process'}" + (f" from {row[1]}" if row[1] else "")

    def acquire(self, wait: bool = True, on_wait: Callable[[str], None] = lambda holder: None) -> "OfficeLock":
        """Takes the lock (waiting as a standby when `wait`), or raises LockHeld.
        psycopg.OperationalError when the database cannot be reached."""
        self.conn = self._connect()
        told = False
        try:
            while not self._try():
                if not wait:
                    raise LockHeld(f"office {self.office} is served by another queue-server ({self.holder()}); "
                                   "stop that one first, or give another --office")
                if not told:
                    on_wait(self.holder())
                    told = True
                if self._stop.wait(WAIT_SECONDS):
                    raise LockHeld(f"office {self.office}: stopped while waiting as a standby")
        except BaseException:
            self.release()
            raise
        return self

    def watch(self, lost: Callable[[str], None]) -> threading.Thread:
        """Checks the lock's connection every CHECK_SECONDS; `lost(why)` once if it broke."""
        def run():
            while not self._stop.wait(CHECK_SECONDS):
                try:
                    self.conn.execute("SELECT 1")
                except Exception as e:  # psycopg.Error, or the connection closed under us
                    if not self._stop.is_set():
                        lost(" ".join(str(e).split()) or type(e).__name__)
                    return

        thread = threading.Thread(target=run, name="office-lock-watch", daemon=True)
        thread.start()
        return thread

    def release(self) -> None:
        self._stop.set()
        if self.conn is not None:
            conn, self.conn = self.conn, None
            try:
                conn.close()  # the session ends: PostgreSQL drops the lock
            except Exception:
                pass
