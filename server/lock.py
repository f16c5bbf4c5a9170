"""One live service per database file.

`queue-server serve` holds an exclusive `flock` on `PATH.lock` beside the database for as
long as it runs, and writes its PID, host and start time there. The kernel releases the
lock when the process ends, however it ends (SIGKILL included), so a stale file never
blocks a start; a second `serve` on the same file is refused at once, naming the holder.
The file is left in place: removing it would let two processes lock two different files.
"""

from __future__ import annotations

import fcntl
import os
import socket
from datetime import datetime
from pathlib import Path


class LockHeld(Exception):
    """Another live process serves this database; the message names it."""


class DatabaseLock:
    def __init__(self, db_path: str | Path):
        self.db_path = Path(db_path)
        self.path = self.db_path.with_name(self.db_path.name + ".lock")
        self.fd: int | None = None

    def acquire(self) -> "DatabaseLock":
        """Raises LockHeld, or OSError when the lock file cannot be made."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
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
