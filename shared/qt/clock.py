"""The service's clock, as a device follows it.

A device's own clock may be wrong (a small computer without a battery clock and no
internet starts at a wrong time), so every app measures on the service's: each snapshot
carries the service's time (`state.now`) and each live event says when it happened
(`at`); the difference from the local clock is kept. Events replayed after a reconnection
("missed") are old and do not move the clock."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Callable
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject


def parse_time(text) -> datetime | None:
    """An ISO 8601 time with its UTC offset, or None."""
    try:
        moment = datetime.fromisoformat(str(text))
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo is not None else None


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class ServiceClock(QObject):
    """`now()` on the service's clock; follows `client` (a ServiceClient) when given."""

    def __init__(self, client=None, parent: QObject | None = None, local: Callable[[], datetime] = utc_now):
        super().__init__(parent)
        self.local = local
        self.offset = timedelta(0)
        self.tz: ZoneInfo | None = None
        if client is not None:
            client.snapshot.connect(lambda state: self.observe(state.get("now")))
            client.event.connect(lambda e: None if e.get("missed") else self.observe(e.get("at")))
            client.officeLoaded.connect(self._office)

    def _office(self, office: dict) -> None:
        try:
            self.tz = ZoneInfo(office.get("timezone") or "Asia/Taipei")
        except (ValueError, KeyError):
            self.tz = None

    def observe(self, at) -> None:
        """A time the service gave just now (a snapshot's "now", a live event's "at")."""
        moment = parse_time(at)
        if moment is not None:
            self.offset = moment - self.local()

    def now(self) -> datetime:
        """The service's time now, in the office's time zone once the office is known."""
        moment = self.local() + self.offset
        return moment.astimezone(self.tz) if self.tz is not None else moment

    def seconds_since(self, at) -> float | None:
        moment = parse_time(at)
        return None if moment is None else (self.now() - moment).total_seconds()

    def minutes_between(self, start, end=None) -> int:
        """Whole minutes from `start` to `end` (default: now), never below 0; 0 when
        `start` is unknown."""
        begin = parse_time(start)
        if begin is None:
            return 0
        finish = parse_time(end) if end is not None else self.now()
        return max(0, int(((finish or self.now()) - begin).total_seconds() // 60))
