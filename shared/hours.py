"""Opening hours: when the office issues ordinary tickets, and when it sees only citizens
who booked.

An office's hours (`OpeningHours`, the office file's `[hours]` table, read by
`read_hours`; `Office.hours` is None for an office without one: always open):
- `weekly`: for each weekday (Monday first), the spans in which ordinary tickets are
  issued; a weekday without spans is closed.
- `lunch`: a span closed on every day (None: open over lunch).
- `sessions`: appointment-only sessions (`[[hours.by_appointment]]`): a span on some
  weekdays and/or on some dates, for every service or only some (`services`).
- `closed_days`: dates the office is closed (holidays): no weekly hours and no weekday
  session that day; a session that names the date itself still runs (marriage
  registration on a holiday, by appointment).

`state_at(hours, moment)`, with `moment` the office's local time (an aware datetime is
read on its own wall clock; convert to the office's time zone first):
- Spans are [start, end): open at 08:00:00, closed at 17:00:00. Times are wall-clock
  times of the office (Asia/Taipei has no summer time).
- `open`: the moment is inside a weekly span of its weekday, outside lunch, not on a
  closed day. Where ordinary hours and a session overlap, ordinary hours win.
- `appointments_only`: not open, and inside a session that runs that day; `services`
  then says which services the session is for (empty: all).
- `opens_at`: when not open, the next moment it is (ordinary hours; up to a year ahead,
  else None); None while open.
- `closes_at`: while open, when ordinary tickets stop (lunch or the day's end; spans that
  touch count as one); in a session, when it ends (or ordinary hours begin); else None.
- The datetimes returned carry the moment's tzinfo.

`lunch_ends(hours, moment)`: inside the lunch break of a day the office opens again after
it, when it does (else None: closed for the day is not a lunch break).
`next_change(hours, moment)`: a moment, later than `moment`, up to which `state_at` stays
as it is (the next span's start or end that day, else the next midnight, when the words
"today" and "tomorrow" move on): a screen that follows the hours wakes up then.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Callable, NoReturn

from shared.i18n import Text

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
LOOK_AHEAD_DAYS = 366


@dataclass(frozen=True, order=True)
class Span:
    """[start, end) on one day."""

    start: time
    end: time

    def __contains__(self, t: time) -> bool:
        return self.start <= t < self.end

    def text(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


@dataclass(frozen=True)
class Session:
    """An appointment-only session."""

    span: Span
    weekdays: frozenset[int] = frozenset()   # 0 = Monday
    dates: frozenset[date] = frozenset()
    services: tuple[str, ...] = ()           # empty: every service
    name: Text = field(default_factory=lambda: Text("", ""))

    def runs_on(self, day: date, closed: bool) -> bool:
        return day in self.dates or (not closed and day.weekday() in self.weekdays)


@dataclass(frozen=True)
class OpeningHours:
    weekly: tuple[tuple[Span, ...], ...] = ((),) * 7
    lunch: Span | None = None
    sessions: tuple[Session, ...] = ()
    closed_days: frozenset[date] = frozenset()

    def ordinary(self, day: date) -> list[Span]:
        """The spans of `day` in which ordinary tickets are issued, in order, touching
        ones joined."""
        if day in self.closed_days:
            return []
        spans: list[Span] = []
        for span in self.weekly[day.weekday()]:
            spans += _minus(span, self.lunch) if self.lunch else [span]
        return _joined(spans)

    def sessions_on(self, day: date) -> list[Session]:
        closed = day in self.closed_days
        return [s for s in self.sessions if s.runs_on(day, closed)]

    def to_json(self) -> dict:
        """As the office file writes it (and `read_hours` reads it back)."""
        return {
            **{name: [s.text() for s in self.weekly[i]] for i, name in enumerate(WEEKDAYS)},
            "lunch": self.lunch.text() if self.lunch else "open",
            "closed_days": [d.isoformat() for d in sorted(self.closed_days)],
            "by_appointment": [
                {"days": [WEEKDAYS[i] for i in sorted(s.weekdays)], "dates": [d.isoformat() for d in sorted(s.dates)],
                 "time": s.span.text(), "services": list(s.services), "name": s.name.to_json()}
                for s in self.sessions
            ],
        }


@dataclass(frozen=True)
class HoursState:
    open: bool                          # ordinary tickets are issued now
    appointments_only: bool = False     # an appointment-only session is on now
    opens_at: datetime | None = None    # the next opening (when not open)
    closes_at: datetime | None = None   # when the opening or the session now ends
    services: tuple[str, ...] = ()      # in a session: the services it is for (empty: all)
    session: Text | None = None         # in a session: its name

    def to_json(self) -> dict:
        iso = lambda d: d.isoformat(timespec="seconds") if d else None  # noqa: E731
        return {"open": self.open, "appointments_only": self.appointments_only, "opens_at": iso(self.opens_at),
                "closes_at": iso(self.closes_at), "services": list(self.services),
                "session": self.session.to_json() if self.session else None}


ALWAYS_OPEN = HoursState(open=True)


def state_at(hours: OpeningHours | None, moment: datetime) -> HoursState:
    if hours is None:
        return ALWAYS_OPEN
    day, now = moment.date(), moment.time()
    at = lambda d, t: datetime.combine(d, t, moment.tzinfo)  # noqa: E731
    ordinary = hours.ordinary(day)
    for span in ordinary:
        if now in span:
            return HoursState(True, closes_at=at(day, span.end))
    opens_at = _next_opening(hours, day, now, at)
    running = [s for s in hours.sessions_on(day) if now in s.span]
    if not running:
        return HoursState(False, opens_at=opens_at)
    end = _stretch_end([s.span for s in hours.sessions_on(day)], now)
    later = [s.start for s in ordinary if s.start > now]
    if later:
        end = min(end, later[0])
    services: tuple[str, ...] = ()
    if all(s.services for s in running):
        services = tuple(dict.fromkeys(x for s in running for x in s.services))
    name = running[0].name if running[0].name.zh else None
    return HoursState(False, True, opens_at, at(day, end), services, name)


def lunch_ends(hours: OpeningHours | None, moment: datetime) -> datetime | None:
    if hours is None or hours.lunch is None or moment.time() not in hours.lunch:
        return None
    back = datetime.combine(moment.date(), hours.lunch.end, moment.tzinfo)
    return back if state_at(hours, moment).opens_at == back else None


def next_change(hours: OpeningHours | None, moment: datetime) -> datetime:
    day, now = moment.date(), moment.time()
    edges = [t for s in (*hours.ordinary(day), *(x.span for x in hours.sessions_on(day)))
             for t in (s.start, s.end)] if hours else []
    later = [t for t in edges if t > now]
    if later:
        return datetime.combine(day, min(later), moment.tzinfo)
    return datetime.combine(day + timedelta(days=1), time(0), moment.tzinfo)


def _next_opening(hours: OpeningHours, day: date, now: time, at) -> datetime | None:
    for ahead in range(LOOK_AHEAD_DAYS + 1):
        d = day + timedelta(days=ahead)
        for span in hours.ordinary(d):
            if ahead or span.start > now:
                return at(d, span.start)
    return None


def _minus(span: Span, cut: Span) -> list[Span]:
    parts = []
    if span.start < cut.start:
        parts.append(Span(span.start, min(span.end, cut.start)))
    if span.end > cut.end:
        parts.append(Span(max(span.start, cut.end), span.end))
    return [p for p in parts if p.start < p.end]


def _joined(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for s in sorted(spans):
        if out and s.start <= out[-1].end:
            out[-1] = Span(out[-1].start, max(out[-1].end, s.end))
        else:
            out.append(s)
    return out


def _stretch_end(spans: list[Span], now: time) -> time:
    """The end of the run of (overlapping or touching) spans that holds `now`."""
    for s in _joined(spans):
        if now in s:
            return s.end
    return now


# ----- reading the office file's [hours] (and the office's JSON, which has the same form) ----

Fail = Callable[[str, str], NoReturn]
_TIME = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–~～]\s*(\d{1,2}):(\d{2})\s*$")
KEYS = {*WEEKDAYS, "lunch", "closed_days", "by_appointment"}
SESSION_KEYS = {"days", "dates", "time", "services", "name"}


def read_hours(data, fail: Fail, services: set[str] | None = None) -> OpeningHours:
    """`data`: the `[hours]` table (or the JSON of `OpeningHours.to_json`); `fail(where,
    what)` reports a mistake (it raises); `services`: the office's service ids."""
    where = "[hours]"
    if not isinstance(data, dict):
        fail(where, "must be a table")
    unknown = sorted(set(data) - KEYS)
    if unknown:
        fail(where, f"unknown key {unknown[0]!r}; the keys are {', '.join(WEEKDAYS)}, lunch, closed_days "
                    f"and [[hours.by_appointment]]")
    weekly = []
    for name in WEEKDAYS:
        value = data.get(name, [])
        if value == "closed":
            value = []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            fail(where, f"'{name}' must be a time span like \"08:00-17:00\", a list of them, or \"closed\"")
        spans = sorted(read_span(v, f"{where} {name}", fail) for v in value)
        for a, b in zip(spans, spans[1:]):
            if b.start < a.end:
                fail(where, f"'{name}': {a.text()} and {b.text()} overlap")
        weekly.append(tuple(spans))
    lunch = data.get("lunch", "open")
    if lunch in ("open", False, None):
        lunch = None
    elif isinstance(lunch, str):
        lunch = read_span(lunch, f"{where} lunch", fail)
    else:
        fail(where, "'lunch' must be \"open\" (open over lunch) or the span closed, like \"12:00-13:30\"")
    closed = data.get("closed_days", [])
    if not isinstance(closed, list):
        fail(where, "'closed_days' must be a list of dates, like [2027-01-01, 2027-02-08]")
    closed_days = frozenset(read_date(d, f"{where} closed_days", fail) for d in closed)
    sessions = data.get("by_appointment", [])
    if not isinstance(sessions, list) or not all(isinstance(s, dict) for s in sessions):
        fail("[[hours.by_appointment]]", "each session must be a table")
    return OpeningHours(tuple(weekly), lunch, tuple(read_session(s, f"[[hours.by_appointment]] #{i + 1}", fail,
                                                                services) for i, s in enumerate(sessions)),
                        closed_days)


def read_session(data: dict, where: str, fail: Fail, services: set[str] | None) -> Session:
    unknown = sorted(set(data) - SESSION_KEYS)
    if unknown:
        fail(where, f"unknown key {unknown[0]!r}; the keys are {', '.join(sorted(SESSION_KEYS))}")
    if "time" not in data:
        fail(where, "'time' is missing, e.g. time = \"17:30-20:00\"")
    span = read_span(data["time"], f"{where} time", fail)
    days = data.get("days", [])
    if isinstance(days, str):
        days = [days]
    if not isinstance(days, list) or not all(isinstance(d, str) for d in days):
        fail(where, "'days' must list weekdays, e.g. [\"wednesday\"]")
    for d in days:
        if d.lower() not in WEEKDAYS:
            fail(where, f"unknown weekday {d!r}; weekdays are {', '.join(WEEKDAYS)}")
    dates = data.get("dates", [])
    if not isinstance(dates, list):
        fail(where, "'dates' must be a list of dates, like [2027-05-20]")
    on_dates = frozenset(read_date(d, f"{where} dates", fail) for d in dates)
    if not days and not on_dates:
        fail(where, "say when it runs: 'days' (weekdays) and/or 'dates'")
    chosen = data.get("services", [])
    if not isinstance(chosen, list) or not all(isinstance(s, str) for s in chosen):
        fail(where, "'services' must list service ids (left out: every service)")
    if services is not None:
        for s in chosen:
            if s not in services:
                fail(where, f"unknown service {s!r}; services are {sorted(services)}")
    name = data.get("name", {})
    if isinstance(name, str):
        name = {"zh-TW": name, "en": name}
    if not isinstance(name, dict) or not all(isinstance(v, str) for v in name.values()):
        fail(where, "'name' must be { zh-TW = \"...\", en = \"...\" }")
    return Session(span, frozenset(WEEKDAYS.index(d.lower()) for d in days), on_dates, tuple(chosen),
                   Text.from_json(name) if name else Text("", ""))


def read_span(value, where: str, fail: Fail) -> Span:
    m = _TIME.match(value) if isinstance(value, str) else None
    if not m:
        fail(where, f"{value!r} must be a time span like \"08:00-17:00\" (24-hour clock)")
    h1, m1, h2, m2 = (int(g) for g in m.groups())
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
        fail(where, f"{value!r}: times run from 00:00 to 23:59")
    span = Span(time(h1, m1), time(h2, m2))
    if span.end <= span.start:
        fail(where, f"{value!r} ends before it starts (a span stays within one day)")
    return span


def read_date(value, where: str, fail: Fail) -> date:
    if isinstance(value, datetime):
        fail(where, f"{value!r} must be a date without a time, like 2027-01-01")
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        fail(where, f"{value!r} must be a date like 2027-01-01")
