"""The service's time as the display sees it.

The display's own clock may be wrong (a small computer without a battery clock and no
internet starts at a wrong time), so it follows the service: each snapshot carries the
service's time and each live event says when it happened; the difference is kept. The
hall clock and the age of calls missed during an outage are both measured on it."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone


def parse_time(text) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


class ServiceTime:
    def __init__(self):
        self.offset = timedelta(0)

    def observe(self, at) -> None:
        """A time the service gave just now (a snapshot's "now", a live event's "at")."""
        moment = parse_time(at)
        if moment is not None:
            self.offset = moment - datetime.now(timezone.utc)

    def now(self) -> datetime:
        return datetime.now(timezone.utc) + self.offset

    def age_seconds(self, at) -> float | None:
        moment = parse_time(at)
        return None if moment is None else (self.now() - moment).total_seconds()
