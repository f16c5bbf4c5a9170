"""Errors answered as JSON: {"error": {"code": ..., "message": ...}}, and how faults are logged.

Logging rules: a refused request is one line (method, path, status, code, message), never
a traceback; a fault of the service (an exception it did not expect, e.g. a full disk) logs
its traceback the first time it is seen (same exception type and message), and one line
each time it comes back, so a fault that refuses every request cannot flood the log.
"""

from __future__ import annotations

import logging

MAX_FAULTS_REMEMBERED = 256


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def body(self) -> dict:
        return {"error": {"code": self.code, "message": self.message}}


MAX_LOGGED_TEXT = 300  # a refusal's message and path in the log, whatever a client sent


def printable(text: str) -> str:
    """A peer's text as one bounded log line: control characters escaped (no forged lines)."""
    text = shorten(text)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def shorten(text: str, limit: int = MAX_LOGGED_TEXT) -> str:
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters)"


def log_refused(log: logging.Logger, method: str, path: str, status: int, code: str, message: str) -> None:
    log.log(logging.WARNING if status >= 500 else logging.INFO,
            "refused %s %s: %d %s: %s", printable(method), printable(path), status, code, printable(message))


class Faults:
    """Remembers the faults already logged with their traceback."""

    def __init__(self):
        self.seen: dict[tuple[str, str], int] = {}

    def log(self, log: logging.Logger, what: str, exc: BaseException) -> None:
        key = (type(exc).__qualname__, str(exc))
        count = self.seen.get(key)
        if count is None:
            if len(self.seen) >= MAX_FAULTS_REMEMBERED:
                self.seen.clear()
            self.seen[key] = 1
            log.error("%s: %s: %s", what, key[0], key[1], exc_info=exc)
        else:
            self.seen[key] = count + 1
            log.error("%s: %s: %s (seen %d times; traceback logged the first time)", what, key[0], key[1],
                      count + 1)


faults = Faults()  # one per process: a fault is the same fault whichever request meets it
