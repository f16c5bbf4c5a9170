"""The office's figures for a day, a week, a month or any range of days: pure functions over
ticket rows (read by `server.reports.ticket_rows`), for the console's report page, its CSV and
.xlsx files, the printed monthly report and `queue-server report --from --to`.

Rules:
- A period is whole business days, `first` to `last`, at most MAX_DAYS of them; a period
  asked for wrongly is a PeriodError whose message says what to give instead.
- Tickets issued: every ticket of the period. Served: done. No-shows: no_show.
- Waiting time is from issue to the first call, service time from the first call to the
  end, both in minutes over the tickets served (as GET /stats and `queue-server report`
  count them); a clock stepped back counts as no time.
- Mean, median and 90th percentile; percentiles interpolate between the two nearest values
  (Excel's PERCENTILE.INC), so a spreadsheet of the CSV's minutes gives the same figures.
- Per hour of day: the hour the ticket was issued, in the office's time zone. Per counter
  and per clerk: the counter that called it last and the clerk who first called it (tickets
  never called are in neither). Per service and per queue: as it ended (after a transfer).
- Satisfaction (ratings 1–5, satisfied: 4 or 5) counts in every group of the ticket rated,
  except per counter and per clerk, where it counts for the counter and the clerk rated (the
  rating pad's own), as GET /stats counts them.
- The phone survey (server/public/survey.py: nine items scored 1–5, any of them may be left
  out) counts in the period of its ticket's day, per service and per counter of its ticket
  (as it ended: the survey is answered once the ticket was served), never per clerk. Per
  item: its answers, mean, share satisfied (4 or 5) and how many gave each score. "Overall"
  is every item score given, each counting once: its mean and share satisfied. Over time:
  per day for a period of up to 31 days, per week (Monday to Sunday, cut at the period's
  ends) up to 92 days, per month beyond. Scores of items no longer asked, or not 1–5, are
  left out.
"""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Callable, Iterable, Mapping

from server.public.survey import ITEM_IDS as SURVEY_ITEM_IDS
from server.public.survey import ITEMS as SURVEY_ITEMS
from shared.office import Office
from shared.tickets import Status

MAX_DAYS = 366
NO_CLERK = "未記錄 not recorded"
WEEKDAYS = "一二三四五六日"
STATUS_NAMES = {"waiting": "等候中", "called": "服務中", "done": "完成", "no_show": "過號", "cancelled": "取消",
                "transferred": "轉送中"}


class PeriodError(ValueError):
    """A period asked for wrongly; the message (zh-TW, then English) says what to give."""


@dataclass(frozen=True)
class Period:
    first: date
    last: date
    kind: str = "range"   # "day", "week", "month" or "range": how it was asked for

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def label(self) -> str:
        if self.kind == "day":
            return f"{self.first.isoformat()}（{WEEKDAYS[self.first.weekday()]}）"
        if self.kind == "month":
            return f"{self.first.year} 年 {self.first.month} 月"
        if self.kind == "week":
            year, week, _ = self.first.isocalendar()
            return f"{year} 第 {week} 週 ({self.first.isoformat()} – {self.last.isoformat()})"
        return f"{self.first.isoformat()} – {self.last.isoformat()}"

    def day_list(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range(self.days)]


def _date(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise PeriodError(f"{what}「{text}」不是日期，請寫成 2026-11-26。 "
                          f"{what.split()[-1]} {text!r} is not a date: write it like 2026-11-26.") from None


def period_between(first: str, last: str) -> Period:
    """The days from `first` to `last` (YYYY-MM-DD), both included."""
    start, end = _date(first, "起日 from"), _date(last, "迄日 to")
    if end < start:
        raise PeriodError(f"迄日 {end} 早於起日 {start}：請對調。 to ({end}) is before from ({start}): swap them.")
    if (end - start).days + 1 > MAX_DAYS:
        raise PeriodError(f"區間 {(end - start).days + 1} 天，最多 {MAX_DAYS} 天：請分段查詢。 "
                          f"The range is {(end - start).days + 1} days; at most {MAX_DAYS}: ask for it in parts.")
    return Period(start, end, "range")


def period_of_month(month: str) -> Period:
    """A month given as YYYY-MM."""
    try:
        year, number = (int(part) for part in month.strip().split("-"))
        first = date(year, number, 1)
    except ValueError:
        raise PeriodError(f"月份「{month}」請寫成 2026-11。 month {month!r}: write it like 2026-11.") from None
    return Period(first, first.replace(day=calendar.monthrange(year, number)[1]), "month")


def period_of_week(week: str) -> Period:
    """An ISO week given as YYYY-Www (what a browser's week field sends), Monday to Sunday."""
    try:
        year, number = week.strip().upper().split("-W")
        monday = date.fromisocalendar(int(year), int(number), 1)
    except ValueError:
        raise PeriodError(f"週「{week}」請寫成 2026-W48。 week {week!r}: write it like 2026-W48.") from None
    return Period(monday, monday + timedelta(days=6), "week")


def period_asked(params: Mapping[str, str], today: date) -> Period:
    """The period a request's query asks for: `day`, `week`, `month`, or `from` and `to`;
    nothing: the month of `today`."""
    given = {k: v for k, v in params.items() if k in ("day", "week", "month", "from", "to") and v}
    if "from" in given or "to" in given:
        if "from" not in given or "to" not in given:
            raise PeriodError("區間需要起日與迄日。 A range needs both from and to (YYYY-MM-DD).")
        return period_between(given["from"], given["to"])
    if "day" in given:
        day = _date(given["day"], "日期 day")
        return Period(day, day, "day")
    if "week" in given:
        return period_of_week(given["week"])
    if "month" in given:
        return period_of_month(given["month"])
    return period_of_month(f"{today.year}-{today.month:02d}")


# ----- the rows ----------------------------------------------------------------------------

@dataclass(slots=True)
class TicketRow:
    """A ticket as the reports need it, with its rating (if any)."""

    id: int
    business_day: str
    number: str
    queue: str
    service: str
    status: str
    issued_at: float
    first_called_at: float | None
    completed_at: float | None
    counter: int | None
    clerk: str
    score: int | None = None           # the rating, 1..5
    rated_counter: int | None = None   # the rating pad's counter and clerk
    rated_clerk: str | None = None
    survey: dict[str, int] | None = None   # the phone survey's scores {item id: 1..5}, if answered

    @property
    def served(self) -> bool:
        return self.status == Status.DONE and self.first_called_at is not None

    @property
    def wait_minutes(self) -> float | None:
        """From issue to the first call (None: never called)."""
        if self.first_called_at is None:
            return None
        return max(0.0, self.first_called_at - self.issued_at) / 60

    @property
    def service_minutes(self) -> float | None:
        """From the first call to the end, for a ticket served."""
        if not self.served or self.completed_at is None:
            return None
        return max(0.0, self.completed_at - self.first_called_at) / 60


class LocalTime:
    """Moments as the office's wall clock shows them, fast for a year of tickets: the UTC
    offset is looked up once per hour (exact where offsets change on the hour, as they do in
    Taiwan, which has none)."""

    def __init__(self, tz: tzinfo):
        self.tz = tz
        self._offsets: dict[int, int] = {}

    def seconds(self, ts: float) -> int:
        """Local seconds since 1970-01-01 00:00 local."""
        hour = int(ts // 3600)
        offset = self._offsets.get(hour)
        if offset is None:
            offset = self._offsets[hour] = int(datetime.fromtimestamp(hour * 3600, self.tz).utcoffset()
                                               .total_seconds())
        return int(ts) + offset

    def hour(self, ts: float) -> int:
        return self.seconds(ts) // 3600 % 24

    def clock(self, ts: float) -> str:
        s = self.seconds(ts) % 86400
        return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


# ----- the figures -------------------------------------------------------------------------

def percentile(values: list[float], q: float) -> float:
    """The q-th quantile (0..1) of sorted `values`, interpolated (Excel's PERCENTILE.INC)."""
    if not values:
        raise ValueError("no values")
    at = (len(values) - 1) * q
    low = math.floor(at)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (at - low)


def spread(values: Iterable[float]) -> dict:
    """Count, mean, median and 90th percentile in minutes (one decimal); None without values."""
    ordered = sorted(values)
    if not ordered:
        return {"n": 0, "mean": None, "median": None, "p90": None}
    return {"n": len(ordered), "mean": round(sum(ordered) / len(ordered), 1),
            "median": round(percentile(ordered, 0.5), 1), "p90": round(percentile(ordered, 0.9), 1)}


def satisfaction(scores: Iterable[int]) -> dict:
    scores = list(scores)
    n = len(scores)
    return {"ratings": n, "satisfied_share": round(sum(1 for s in scores if s >= 4) / n, 3) if n else None,
            "mean_score": round(sum(scores) / n, 2) if n else None}


def figures(tickets: list[tuple], scores: list[int]) -> dict:
    """One group's figures from (row, hour, wait, service) of its tickets (wait and service
    set for a ticket served only): tickets, served, no-shows, waiting and service time,
    satisfaction."""
    served = [t for t in tickets if t[3] is not None]
    return {"tickets": len(tickets), "served": len(served),
            "no_shows": sum(1 for t in tickets if t[0].status == Status.NO_SHOW),
            "wait": spread([t[2] for t in served]), "service": spread([t[3] for t in served]),
            "satisfaction": satisfaction(scores)}


def build(rows: Iterable[TicketRow], office: Office, period: Period) -> dict:
    """Every figure of the period: in all, per day, per hour of issue, per counter, per clerk,
    per service and per queue; each group as {"key", "label", "short" (a chart's label),
    figures...}, in a fixed order."""
    first, last = period.first.isoformat(), period.last.isoformat()
    local = LocalTime(office.tz)
    facts = []  # (row, hour of issue, wait, service): each worked out once
    for r in rows:
        if first <= r.business_day <= last:
            served = r.served
            facts.append((r, local.hour(r.issued_at), r.wait_minutes if served else None,
                          r.service_minutes if served else None))
    rated = [f for f in facts if f[0].score is not None]

    def grouped(ticket_key: Callable[[tuple], object], rating_key: Callable[[tuple], object],
                order: list, label: Callable[[object], str], all_keys: bool = False,
                short: Callable[[object], str] | None = None) -> list[dict]:
        tickets: dict[object, list[tuple]] = {}
        for f in facts:
            key = ticket_key(f)
            if key is not None:
                tickets.setdefault(key, []).append(f)
        scores: dict[object, list[int]] = {}
        for f in rated:
            key = rating_key(f)
            if key is not None:
                scores.setdefault(key, []).append(f[0].score)
        keys = set(tickets) | set(scores) | (set(order) if all_keys else set())
        place = {k: i for i, k in enumerate(order)}
        ranked = sorted(keys, key=lambda k: (place.get(k, len(order)), str(k)))
        return [{"key": k, "label": label(k), "short": short(k) if short else label(k),
                 **figures(tickets.get(k, []), scores.get(k, []))} for k in ranked]

    def counter_name(n) -> str:
        try:
            return office.counter(int(n)).name.zh
        except (KeyError, ValueError):
            return f"{n} 號櫃台"

    def service_name(s) -> str:
        try:
            return office.service(s).name.zh
        except KeyError:
            return str(s)

    queue_names = {q.id: q.name.zh for q in office.queues}
    days = [d.isoformat() for d in period.day_list()]
    one_month = (period.first.year, period.first.month) == (period.last.year, period.last.month)

    def short_day(day: str) -> str:
        d = date.fromisoformat(day)
        return str(d.day) if one_month else f"{d.month}/{d.day}"

    hours = sorted({f[1] for f in facts})
    clerks = sorted({f[0].clerk for f in facts if f[0].counter is not None}
                    | {f[0].rated_clerk or "" for f in rated})
    return {
        "period": {"first": first, "last": last, "kind": period.kind, "label": period.label, "days": period.days},
        "office": {"id": office.id, "name": office.name.zh, "name_en": office.name.en},
        "total": figures(facts, [f[0].score for f in rated]),
        "by_day": grouped(lambda f: f[0].business_day, lambda f: f[0].business_day, days, day_label,
                          all_keys=period.days <= 31, short=short_day),
        "by_hour": grouped(lambda f: f[1], lambda f: f[1], hours, hour_label),
        "by_counter": grouped(lambda f: f[0].counter, lambda f: f[0].rated_counter,
                              [c.number for c in office.counters], counter_name),
        "by_clerk": grouped(lambda f: f[0].clerk if f[0].counter is not None else None, lambda f: f[0].rated_clerk,
                            [c for c in clerks if c] + [""], lambda c: c or NO_CLERK),
        "by_service": grouped(lambda f: f[0].service, lambda f: f[0].service, [s.id for s in office.services],
                              service_name),
        "by_queue": grouped(lambda f: f[0].queue, lambda f: f[0].queue, [q.id for q in office.queues],
                            lambda q: queue_names.get(q, str(q))),
        "survey": survey_figures([f[0] for f in facts if f[0].survey], office, period, counter_name, service_name),
    }


# ----- the phone survey --------------------------------------------------------------------

def valid_scores(scores: Mapping | None) -> dict[str, int]:
    """The scores of the items asked, each 1..5; anything else left out."""
    if not isinstance(scores, Mapping):
        return {}
    return {item: score for item, score in scores.items()
            if item in SURVEY_ITEM_IDS and type(score) is int and 1 <= score <= 5}


def item_figures(scores: list[int]) -> dict:
    """Answers, mean (two decimals), share satisfied (4–5, three decimals) and the count of
    each score 1..5."""
    n = len(scores)
    counts = [0] * 5
    for score in scores:
        counts[score - 1] += 1
    return {"answers": n, "mean": round(sum(scores) / n, 2) if n else None,
            "satisfied_share": round((counts[3] + counts[4]) / n, 3) if n else None, "distribution": counts}


def survey_step(period: Period) -> str:
    return "day" if period.days <= 31 else "week" if period.days <= 92 else "month"


def survey_figures(answered: list[TicketRow], office: Office, period: Period,
                   counter_name: Callable[[object], str], service_name: Callable[[object], str]) -> dict:
    """The survey's figures from the period's tickets answered: in all, per item, over time,
    per service and per counter (each group: answers, overall mean and share satisfied, and
    each item's mean)."""
    answers = [(r, valid_scores(r.survey)) for r in answered]
    answers = [(r, scores) for r, scores in answers if scores]
    step = survey_step(period)

    def summary(group: list[tuple[TicketRow, dict]]) -> dict:
        sums = dict.fromkeys(SURVEY_ITEM_IDS, 0)
        counts = dict.fromkeys(SURVEY_ITEM_IDS, 0)
        satisfied = 0
        for _, scores in group:
            for item, score in scores.items():
                sums[item] += score
                counts[item] += 1
                satisfied += score >= 4
        n = sum(counts.values())
        return {"answers": len(group), "mean": round(sum(sums.values()) / n, 2) if n else None,
                "satisfied_share": round(satisfied / n, 3) if n else None,
                "item_means": {item: round(sums[item] / counts[item], 2) if counts[item] else None
                               for item in SURVEY_ITEM_IDS}}

    def grouped(key: Callable[[TicketRow], object], order: list, label: Callable[[object], str],
                short: Callable[[object], str] | None = None, all_keys: bool = False) -> list[dict]:
        groups: dict[object, list] = {}
        for answer in answers:
            k = key(answer[0])
            if k is not None:
                groups.setdefault(k, []).append(answer)
        place = {k: i for i, k in enumerate(order)}
        keys = sorted(set(groups) | (set(order) if all_keys else set()),
                      key=lambda k: (place.get(k, len(order)), str(k)))
        return [{"key": k, "label": label(k), "short": short(k) if short else label(k), **summary(groups.get(k, []))}
                for k in keys]

    def time_key(r: TicketRow) -> str:
        day = date.fromisoformat(r.business_day)
        if step == "day":
            return r.business_day
        if step == "week":
            return max(period.first, day - timedelta(days=day.weekday())).isoformat()
        return r.business_day[:7]

    if step == "day":
        times = [d.isoformat() for d in period.day_list()]
    elif step == "week":
        times = sorted({max(period.first, d - timedelta(days=d.weekday())).isoformat() for d in period.day_list()})
    else:
        times = sorted({d.isoformat()[:7] for d in period.day_list()})

    def time_label(key: str) -> str:
        if step == "day":
            return day_label(key)
        if step == "week":
            start = date.fromisoformat(key)
            end = min(period.last, start + timedelta(days=6 - start.weekday()))
            return f"{start.month}/{start.day}–{end.month}/{end.day}"
        return f"{key[:4]} 年 {int(key[5:])} 月"

    def time_short(key: str) -> str:
        if step == "day":
            d = date.fromisoformat(key)
            return str(d.day) if period.first.replace(day=1) == period.last.replace(day=1) else f"{d.month}/{d.day}"
        if step == "week":
            d = date.fromisoformat(key)
            return f"{d.month}/{d.day}"
        return key if period.first.year != period.last.year else f"{int(key[5:])}月"

    given: dict[str, list[int]] = {item: [] for item in SURVEY_ITEM_IDS}
    for _, scores in answers:
        for item, score in scores.items():
            given[item].append(score)
    items = [{"key": item, "label": name.zh, "label_en": name.en, **item_figures(given[item])}
             for item, name in SURVEY_ITEMS]
    return {
        "answers": len(answers), **{k: v for k, v in summary(answers).items() if k != "answers"},
        "items": items, "step": step,
        "by_time": grouped(time_key, times, time_label, time_short, all_keys=True),
        "by_service": grouped(lambda r: r.service, [s.id for s in office.services], service_name),
        "by_counter": grouped(lambda r: r.counter, [c.number for c in office.counters], counter_name),
    }


SURVEY_STEPS = {"day": ("每日", "per day"), "week": ("每週", "per week"), "month": ("每月", "per month")}


def day_label(day: str) -> str:
    d = date.fromisoformat(day)
    return f"{d.month}/{d.day}（{WEEKDAYS[d.weekday()]}）"


def hour_label(hour: int) -> str:
    return f"{hour:02d}:00–{hour + 1:02d}:00"


GROUPS = (("by_day", "每日 By day", "日期 Day"), ("by_hour", "時段 By hour of issue", "時段 Hour"),
          ("by_counter", "櫃台 By counter", "櫃台 Counter"), ("by_clerk", "承辦人 By clerk", "承辦人 Clerk"),
          ("by_service", "業務 By service", "業務 Service"), ("by_queue", "佇列 By queue", "佇列 Queue"))
