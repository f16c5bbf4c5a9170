"""Whole office days against the real service: how right is the wait promised to a citizen?

Each day drives the real service (`tests.servers.LiveServer` on 127.0.0.1 with a real
SQLite file and a fake clock, over HTTP), minute by simulated minute, so a day takes seconds:
- citizens come as a Poisson stream with a morning peak (09:00–10:30) and a lunch dip
  (12:00–13:30), from 08:00 until the doors close at 16:30; 12% have a care category;
- services in a fixed mix; each service's true mean time is the office's typical minutes
  times a factor of 0.6–1.6 drawn for the day (the service does not know it), each
  citizen's time lognormal around it (cv 0.6, `--cv`), each clerk 0.8–1.25 times as fast
  as another;
- 5% do not come when called (the clerk waits a minute or two, then presses no-show);
  2% are sent on to another counter after their service;
- from 2 counters up, one general counter pauses for 20–45 minutes some time 10:00–15:00;
- appointments (on by default; `--no-appointments` gives the days as 0.3.0 measured them): 12%
  of the walk-in citizens without a care category booked a slot ahead instead (08:30–16:00,
  every 15 minutes, spread evenly; booked through POST /appointments before the office
  opens); 85% check in at the kiosk 0–10 minutes before their slot, 7% 0–25 minutes after
  it (over 15: an ordinary ticket, told why) and 8% never come. These draws come from a
  random stream of their own, so the rest of the day's plan is the same with or without;
- offices of 1, 3, 5 and 8 counters (counter 1 is the care counter; at 8 it calls a general
  ticket after 3 care ones in a row), busy days (the counters' whole time needed on
  average, so the morning peak builds a queue that the lunch dip clears) and quiet ones
  (about 55%).

For every ticket the simulator records what each method promised at its issue and the real
wait (issue to first call):
- textbook: people ahead in its queue × the day's average service time ÷ the open counters
  that call the queue (an appointment ticket: the open counters, all of which call it);
- service: `estimated_wait_minutes` in the service's answer to POST /tickets (since 0.2.0
  the service's own replay; in 0.1.0 the textbook estimate rounded up);
- replay: `shared.estimate.replay` from the state the simulator knows at the issue (it drove
  every ticket and counter), with a `ServiceTimeLearner` fed the counter time of every
  citizen; its printed range is `shared.estimate.printed_range`.
No-show tickets are left out of the figures (those citizens were gone). An appointment
ticket's promise is the one made at its check-in; the table has a row of them alone.

    .venv/bin/python bench/office_day.py              # 1, 3, 5, 8 counters × busy, quiet × 12 seeds (96 days)
    .venv/bin/python bench/office_day.py --seeds 1    # a quicker look
    .venv/bin/python bench/office_day.py --no-appointments     # the days without appointments
    .venv/bin/python bench/office_day.py --record days.pkl     # keep the days as the estimate saw them
    .venv/bin/python bench/office_day.py --rerun days.pkl      # the replay again on them, in seconds

A day does not depend on any estimate (the clerks call through the real service, whose
routing does not look at the promises), so `--record` keeps what the replay saw (the
learner's samples, the care issues, each issue's counters and waiting tickets, each first
call, the bookings not checked in at each issue) and `rerun` measures a changed `shared.estimate` (or a learner or estimate passed in)
on exactly the same days, without the service: how the constants here were tuned.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import pickle
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from heapq import heappop, heappush
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from shared import estimate  # noqa: E402
from shared.estimate import (  # noqa: E402
    Booked, CounterNow, ServiceTimeLearner, WaitingTicket, printed_range, replay)
from shared.office import Counter, Name, Office, load_office  # noqa: E402
from tests.servers import FakeClock, LiveServer  # noqa: E402

OPEN, CLOSE_DOORS = 0, 510  # minutes after 08:00: doors close for new tickets at 16:30
# Arrival rate relative to the day's average: (from minute, multiplier).
PROFILE = ((0, 0.9), (60, 1.5), (150, 1.1), (240, 0.5), (330, 1.0), (480, 0.6))
PEAK = max(m for _, m in PROFILE)
MIX = {"transcript": 30, "id_card": 12, "move": 12, "passport": 10, "seal": 8, "certificate": 8,
       "registration": 6, "birth": 5, "house_number": 5, "marriage": 4}
CARE_SHARE = 0.12
NO_SHOW = 0.05
TRANSFER = 0.02
SERVICE_CV = 0.6
LOADS = {"busy": 1.0, "quiet": 0.55}
# Appointments: the share of walk-in citizens (no care category) who book ahead instead,
# their slots (minutes after 08:00: 08:30–16:00 every 15), and how they come: most a few
# minutes early (Taiwanese offices ask them to come 5–10 minutes before), some late (within
# `late_minutes`, 15, still an appointment ticket; later an ordinary one), some never.
APPOINTMENT_SHARE = 0.12
SLOTS = range(30, 481, 15)
EARLY_MINUTES = (0.0, 10.0)
LATE_SHARE, LATE_MINUTES = 0.07, (0.0, 25.0)
NEVER_SHARE = 0.08
DEPLOYED_OFFICE = Path(__file__).resolve().parents[1] / "deploy" / "office.toml"
METHODS = ("textbook", "service", "replay")


# ----- the offices ------------------------------------------------------------------------

def office_of(counters: int, appointments: bool = False) -> Office:
    """The default office's services and queues with `counters` counters; counter 1 is the
    care counter. `appointments`: with deploy/office.toml's `[appointments]` (R tickets, 15
    minutes' grace), without its opening hours (a simulated day has its own)."""
    base = load_office()
    if appointments:
        base = dataclasses.replace(base, appointments=load_office(DEPLOYED_OFFICE).appointments)
    care = dataclasses.replace(base.counters[0], care_in_a_row=3 if counters >= 8 else None)
    general = [Counter(number=n, name=Name(f"{n} 號櫃台", f"Counter {n}"), kind="general", clerk=f"clerk {n}",
                       serves=("general",), help_care=True) for n in range(2, counters + 1)]
    return dataclasses.replace(base, id=f"sim{counters}", counters=(care, *general))


# ----- one day --------------------------------------------------------------------------------

@dataclass
class Record:
    queue: str
    issued: float
    promised: dict  # method -> minutes (None: the method gave none)
    printed: tuple[int, int] | None  # the replay's printed range
    forecast: object = None  # the replay's Forecast
    called: float | None = None
    no_show: bool = False
    appointment: bool = False  # an appointment ticket (its promise made at the check-in)
    day: str = ""  # "counters load seed": for the interval over days

    @property
    def wait(self) -> float:
        return self.called - self.issued


@dataclass
class Booking:
    """A citizen who booked: the slot (minutes after 08:00), when they check in (None: never)."""

    code: str
    service: str
    slot: float
    check_in: float | None
    status: str = "booked"  # booked, kept (checked in on time), late, missed


@dataclass
class Desk:
    """The simulator's view of one counter."""

    number: int
    paused: bool = False
    paused_at: float = 0.0
    pause_due: float | None = None  # minutes of a pause to start when the citizen leaves
    ticket: int | None = None
    service: str | None = None
    called: float = 0.0
    ends: str = "done"  # how the current citizen leaves: done, no_show, transfer
    streak: int = 0
    alarm: int = 0  # only the latest "free" event of a counter counts


@dataclass
class Day:
    server: LiveServer
    office: Office
    date: datetime  # 08:00 local, in UTC
    rng: random.Random
    load: float
    close_doors: float = CLOSE_DOORS
    cv: float = SERVICE_CV
    booking_rng: random.Random | None = None  # None: no appointments
    records: dict[int, Record] = field(default_factory=dict)
    replay_seconds: list[tuple[int, float]] = field(default_factory=list)

    def __post_init__(self):
        office, rng = self.office, self.rng
        self.true_mean = {s.id: s.minutes * rng.uniform(0.6, 1.6) for s in office.services}
        self.pace = {c.number: rng.uniform(0.8, 1.25) for c in office.counters}
        self.desks = {c.number: Desk(c.number) for c in office.counters}
        self.learner = ServiceTimeLearner(office)
        self.waiting: dict[int, WaitingTicket] = {}
        self.events: list = []
        self.order = 0
        self.done_minutes: list[float] = []  # every citizen's counter time, for the textbook
        self.kiosk = self.server.client("admin")
        self.care_queue = office.care_queue.id
        self.bookings: list[Booking] = []
        self.appointment_queue = office.appointments.queue if office.appointments else None
        # What the estimate saw, in order, to tune it offline (`--record`, `rerun`):
        # ("add", service, minutes, counter, ends), ("care", service, at), ("call", ticket, t),
        # ("issue", ticket, t, counters, waiting, booked, kept, resolved): `booked` the
        # bookings not checked in as (slot, service), `kept` and `resolved` the day's counts
        # for `estimate.show_share`.
        self.log: list[tuple] = []

    # ----- time and requests -------------------------------------------------------------

    def at(self, t: float) -> datetime:
        return self.date + timedelta(minutes=t)

    def post(self, t: float, path: str, body: dict | None = None) -> dict:
        self.server.clock.now = self.at(t)
        r = self.kiosk.post(path, json=body or {})
        if r.status_code >= 300:
            raise RuntimeError(f"{path}: {r.status_code} {r.text}")
        return r.json()

    def push(self, t: float, kind: str, arg=None) -> None:
        self.order += 1
        heappush(self.events, (t, self.order, kind, arg))

    # ----- the plan of the day -------------------------------------------------------------

    def plan(self) -> None:
        rng = self.rng
        counters = len(self.office.counters)
        weights = sum(MIX.values())
        mean_time = sum(self.true_mean[s] * w for s, w in MIX.items()) / weights
        mean_time *= statistics.fmean(self.pace.values())
        rate = self.load * counters / mean_time  # citizens a minute, on average over the day
        t = OPEN
        arrivals = []
        services, mix = list(MIX), list(MIX.values())
        categories = [c.id for c in self.office.categories]
        while True:
            t += rng.expovariate(rate * PEAK)
            if t >= self.close_doors:
                break
            if rng.random() * PEAK > profile(t):
                continue
            category = rng.choice(categories) if rng.random() < CARE_SHARE else None
            arrivals.append((t, rng.choices(services, mix)[0], category))
        pause = None
        if counters >= 2:
            pause_at = rng.uniform(120, min(420, self.close_doors))
            who = rng.randint(2, counters)
            pause = (pause_at, (who, rng.uniform(20, 45)))
        for t, service, category in arrivals:
            if not self.booked_instead(category):
                self.push(t, "arrive", (service, category))
            else:
                self.book(service)
        if pause:
            self.push(pause[0], "pause", pause[1])
        if self.bookings:
            self.push(OPEN - 30, "book", None)

    def booked_instead(self, category: str | None) -> bool:
        """Whether a walk-in citizen booked ahead instead (appointments on, no care category)."""
        return self.booking_rng is not None and category is None and self.booking_rng.random() < APPOINTMENT_SHARE

    def book(self, service: str) -> None:
        rng = self.booking_rng
        slots = [s for s in SLOTS if s <= self.close_doors - 30] or [SLOTS[0]]
        slot = float(rng.choice(slots))
        come = rng.random()
        if come < NEVER_SHARE:
            check_in = None
        elif come < NEVER_SHARE + LATE_SHARE:
            check_in = slot + rng.uniform(*LATE_MINUTES)
        else:
            check_in = slot - rng.uniform(*EARLY_MINUTES)
        self.bookings.append(Booking("", service, slot, check_in))

    def run(self) -> list[Record]:
        self.plan()
        for d in self.desks.values():
            self.wake(OPEN, d)
        while self.events:
            t, _, kind, arg = heappop(self.events)
            if t > 24 * 60:
                raise RuntimeError(f"the day does not end: {len(self.waiting)} tickets still wait "
                                   f"({list(self.waiting.values())[:3]}), counters {list(self.desks.values())}")
            if kind == "arrive":
                self.arrive(t, *arg)
            elif kind == "free":
                number, wake = arg
                if wake == self.desks[number].alarm:
                    self.free(t, number)
            elif kind == "pause":
                number, minutes = arg
                desk = self.desks[number]
                desk.pause_due = minutes
                if desk.ticket is None:
                    self.start_pause(t, desk)
            elif kind == "resume":
                self.post(t, f"/counters/{arg}/resume")
                self.desks[arg].paused = False
                self.free(t, arg)
            elif kind == "book":
                self.book_all(t)
            elif kind == "check_in":
                self.check_in(t, arg)
        self.kiosk.close()
        return [r for r in self.records.values() if r.called is not None and not r.no_show]

    # ----- citizens --------------------------------------------------------------------------

    def book_all(self, t: float) -> None:
        """Before the office opens: every booking of the day, through the service's API."""
        day = self.at(t).astimezone(self.office.tz).date().isoformat()
        for b in self.bookings:
            slot = (self.at(b.slot).astimezone(self.office.tz)).strftime("%H:%M")
            b.code = self.post(t, "/appointments", {"day": day, "time": slot, "service": b.service})[
                "appointment"]["code"]
            if b.check_in is not None:
                self.push(b.check_in, "check_in", b)

    def check_in(self, t: float, b: Booking) -> None:
        answer = self.post(t, f"/appointments/{b.code}/check-in")
        b.status = "late" if answer["ordinary"] else "kept"
        self.issued(t, answer, b.service, None if answer["ordinary"] else self.at(b.slot))

    def booked_ahead(self, t: float) -> tuple[list[tuple[datetime, str]], int, int]:
        """The bookings not checked in that may still come (as the service's hall sees them),
        and the day's kept and resolved ones so far."""
        late = self.office.appointments.late_minutes if self.office.appointments else 0
        ahead, kept, resolved = [], 0, 0
        for b in self.bookings:
            if b.status == "booked" and t > b.slot + late:
                b.status = "missed"
            if b.status == "booked":
                ahead.append((self.at(b.slot), b.service))
            else:
                resolved += 1
                kept += b.status == "kept"
        return ahead, kept, resolved

    def arrive(self, t: float, service: str, category: str | None) -> None:
        answer = self.post(t, "/tickets", {"service": service, "category": category})
        self.issued(t, answer, service)

    def issued(self, t: float, answer: dict, service: str, slot: datetime | None = None) -> None:
        """A ticket issued (a walk-in's, or a check-in's: `slot` for an appointment ticket)."""
        ticket = answer["ticket"]
        now = self.at(t)
        waiting = WaitingTicket(ticket["id"], ticket["queue"], now, service=service, seq=ticket["id"],
                                not_before=slot)
        if ticket["queue"] == self.care_queue:
            self.learner.care_issued(service, now)
            self.log.append(("care", service, now))
        promised = {"textbook": self.textbook(ticket["queue"]), "service": answer["estimated_wait_minutes"]}
        self.waiting[waiting.id] = waiting
        started = time.perf_counter()
        counters = [CounterNow(d.number, not d.paused, d.service, t - d.called if d.ticket else 0.0, d.streak,
                               t - d.paused_at if d.paused else 0.0)
                    for d in self.desks.values()]
        open_count = sum(1 for c in counters if c.open)
        ahead, kept, resolved = self.booked_ahead(t)
        self.log.append(("issue", waiting.id, t, counters, list(self.waiting.values()), ahead, kept, resolved))
        forecasts = replay(self.office, counters, list(self.waiting.values()), self.learner, now,
                           self.learner.future_care(now, open_count), weigh(self.office, ahead, kept, resolved, now))
        self.replay_seconds.append((len(self.waiting), time.perf_counter() - started))
        mine = forecasts[waiting.id]
        promised["replay"] = mine.minutes if mine else None
        printed = printed_range(mine.low, mine.high) if mine else None
        self.records[waiting.id] = Record(ticket["queue"], t, promised, printed, mine, appointment=slot is not None)
        for d in self.desks.values():  # an idle clerk calls at once
            if d.ticket is None and not d.paused and d.pause_due is None:
                self.call_next(t, d)

    def textbook(self, queue: str) -> float | None:
        ahead = sum(1 for w in self.waiting.values() if w.queue == queue)
        if self.done_minutes:
            average = statistics.fmean(self.done_minutes)
        else:
            average = statistics.fmean(s.minutes for s in self.office.services)
        serving = [c for c in self.office.counters if not self.desks[c.number].paused and queue in c.serves]
        if queue == self.appointment_queue:
            serving = [c for c in self.office.counters if not self.desks[c.number].paused]
        if not serving and queue == self.care_queue:
            serving = [c for c in self.office.counters if not self.desks[c.number].paused and c.help_care]
        return ahead * average / len(serving) if serving else None

    # ----- counters ---------------------------------------------------------------------------

    def free(self, t: float, number: int) -> None:
        desk = self.desks[number]
        if desk.ticket is not None:
            minutes = t - desk.called
            self.learner.add(desk.service, minutes, number)
            self.log.append(("add", desk.service, minutes, number, desk.ends))
            self.done_minutes.append(minutes)
            if desk.ends == "no_show":
                self.post(t, f"/counters/{number}/no-show")
                desk.ticket = None
            elif desk.ends == "transfer":
                others = [n for n in self.desks if n != number]
                target = self.rng.choice(others)
                self.post(t, f"/counters/{number}/transfer", {"counter": target})
                old = self.waiting_record(desk)
                self.waiting[desk.ticket] = dataclasses.replace(old, target_counter=target)
                desk.ticket = None
                other = self.desks[target]
                if other.ticket is None and not other.paused and other.pause_due is None:
                    self.call_next(t, other)  # an idle clerk calls at once
            if desk.pause_due is not None:
                self.start_pause(t, desk)
                return
        if not desk.paused:
            self.call_next(t, desk)

    def waiting_record(self, desk: Desk) -> WaitingTicket:
        r = self.records[desk.ticket]
        return WaitingTicket(desk.ticket, r.queue, self.at(r.issued), service=desk.service, seq=desk.ticket)

    def start_pause(self, t: float, desk: Desk) -> None:
        self.post(t, f"/counters/{desk.number}/pause", {"reason": "break"})  # completes the citizen
        desk.ticket = desk.service = None
        desk.paused, desk.paused_at = True, t
        desk.alarm += 1
        self.push(t + desk.pause_due, "resume", desk.number)
        desk.pause_due = None

    def call_next(self, t: float, desk: Desk) -> None:
        ticket = self.post(t, f"/counters/{desk.number}/next")["ticket"]
        if ticket is None:
            desk.ticket = desk.service = None
            desk.alarm += 1
            if self.waiting:  # a care ticket this counter may take once it has waited long enough
                self.wake(t + 1, desk)
            return
        tid = ticket["id"]
        self.waiting.pop(tid, None)
        record = self.records[tid]
        if record.called is None:
            record.called = t
            self.log.append(("call", tid, t))
        desk.streak = desk.streak + 1 if ticket["queue"] == self.care_queue else 0
        desk.ticket, desk.service, desk.called = tid, ticket["service"], t
        rng = self.rng
        if rng.random() < NO_SHOW and record.called == t:
            desk.ends, minutes = "no_show", rng.uniform(1, 2)
            record.no_show = True
        else:
            transfer = len(self.desks) > 1 and rng.random() < TRANSFER
            desk.ends = "transfer" if transfer else "done"
            mean = self.true_mean[ticket["service"]] * self.pace[desk.number]
            sigma = math.sqrt(math.log1p(self.cv ** 2))
            minutes = rng.lognormvariate(math.log(mean) - sigma * sigma / 2, sigma)
        self.wake(t + minutes, desk)

    def wake(self, t: float, desk: Desk) -> None:
        desk.alarm += 1
        self.push(t, "free", (desk.number, desk.alarm))


def weigh(office: Office, ahead: list[tuple[datetime, str]], kept: int, resolved: int, now: datetime
          ) -> list[Booked]:
    """The bookings not checked in as the replay takes them (as `Hall._booked_ahead` does)."""
    if not ahead or office.appointments is None:
        return []
    share = estimate.show_share(kept, resolved)
    late = office.appointments.late_minutes
    return [Booked(slot, service, w) for slot, service in ahead
            if (w := estimate.booked_weight(share, slot, now, late)) > 0]


def profile(t: float) -> float:
    rate = 0.0
    for start, m in PROFILE:
        if t >= start:
            rate = m
    return rate


# ----- figures -----------------------------------------------------------------------------------

def figures(records: list[Record]) -> dict[str, dict]:
    out = {}
    for method in METHODS:
        pairs = [(r.promised[method], r.wait) for r in records if r.promised[method] is not None]
        if not pairs:
            out[method] = None
            continue
        row = {"n": len(pairs),
               "mae": statistics.fmean(abs(p - w) for p, w in pairs),
               "bias": statistics.fmean(w - p for p, w in pairs),
               "late5": sum(1 for p, w in pairs if w > p + 5) / len(pairs)}
        if method == "replay":
            ranged = [(r.printed, r.wait) for r in records if r.printed is not None]
            row["hit"] = sum(1 for (lo, hi), w in ranged if lo <= w <= hi) / len(ranged)
            row["late5_high"] = sum(1 for (lo, hi), w in ranged if w > hi + 5) / len(ranged)
        out[method] = row
    return out


def table(groups: list[tuple[str, list[Record], int]]) -> str:
    head = (f"{'office, day':<22}{'days':>5}{'tickets':>8}{'mean wait':>10} | "
            + " | ".join(f"{m:^23}" for m in METHODS) + " | replay range")
    sub = (f"{'':<22}{'':>5}{'':>8}{'min':>10} | " + " | ".join(f"{'MAE':>6} {'bias':>6} {'>5 late':>8}" for _ in METHODS)
           + f" | {'holds':>6} {'>5 past':>8}")
    lines = [head, sub, "-" * len(sub)]
    for name, records, days in groups:
        f = figures(records)
        cells = []
        for m in METHODS:
            row = f[m]
            cells.append(f"{row['mae']:>6.1f} {row['bias']:>+6.1f} {row['late5']:>8.0%}" if row else f"{'—':>22}")
        r = f["replay"]
        mean_wait = statistics.fmean(x.wait for x in records) if records else 0
        lines.append(f"{name:<22}{days:>5}{len(records):>8}{mean_wait:>10.1f} | " + " | ".join(cells)
                     + (f" | {r['hit']:>6.0%} {r['late5_high']:>8.0%}" if r else ""))
    return "\n".join(lines)


def run(shapes: list[int], loads: list[str], seeds: list[int], close_doors: float = CLOSE_DOORS,
        out=None, cv: float = SERVICE_CV, record: str | None = None, appointments: bool = True) -> dict:
    out = out or sys.stdout
    recorded = []
    groups = []
    everything: list[Record] = []
    timings: list[tuple[int, float]] = []
    day_seconds = []
    with tempfile.TemporaryDirectory(dir="/dev/shm" if Path("/dev/shm").is_dir() else None) as tmp:
        for counters in shapes:
            office = office_of(counters, appointments)
            server = LiveServer(Path(tmp) / f"office{counters}.db", office=office, clock=FakeClock()).start()
            try:
                day_no = 0
                for load in loads:
                    records: list[Record] = []
                    for seed in seeds:
                        day_no += 1
                        date = datetime(2026, 12, 1, 0, 0, tzinfo=timezone.utc) + timedelta(days=day_no)
                        started = time.perf_counter()
                        bookings = random.Random(f"appointments-{counters}-{load}-{seed}") if appointments else None
                        day = Day(server, office, date, random.Random(f"{counters}-{load}-{seed}"), LOADS[load],
                                  close_doors, cv, bookings)
                        got = day.run()
                        for r in day.records.values():
                            r.day = f"{counters} {load} {seed}"
                        day_seconds.append(time.perf_counter() - started)
                        if record:
                            recorded.append(RecordedDay(counters, load, seed, office, date, day.log,
                                                        day.records))
                        records += got
                        timings += day.replay_seconds
                    groups.append((f"{counters} counters, {load}", records, len(seeds)))
                    everything += records
            finally:
                server.stop()
    booked = [r for r in everything if r.appointment]
    if booked:
        groups.append(("appointment tickets", booked, len(shapes) * len(loads) * len(seeds)))
    groups.append(("all", everything, len(shapes) * len(loads) * len(seeds)))
    if record:
        with open(record, "wb") as f:
            pickle.dump([_shallow(d) | {"records": {i: _shallow(r) for i, r in d.records.items()}}
                         for d in recorded], f)
    print(f"Promised and real waits over {groups[-1][2]} simulated office days "
          f"(seeds {seeds}, service times' cv {cv}, "
          + (f"{APPOINTMENT_SHARE:.0%} of walk-ins booked ahead" if appointments else "no appointments")
          + "); minutes; no-shows left out.", file=out)
    print("MAE: mean absolute error of the point; bias: real minus promised, on average; >5 late: waited over 5 minutes longer than promised; "
          "holds: the real wait inside the printed range; >5 past: over 5 minutes past its top.\n", file=out)
    print(table(groups), file=out)
    print(f"\nA simulated day took {statistics.fmean(day_seconds):.1f} s on average "
          f"(longest {max(day_seconds):.1f} s).", file=out)
    if timings:
        per = sorted(s * 1000 for _, s in timings)
        big = [s * 1000 for n, s in timings if n >= 50]
        print(f"Replay at each issue: {len(per)} runs, median {per[len(per) // 2]:.3f} ms, "
              f"p99 {per[int(len(per) * 0.99)]:.3f} ms, most waiting {max(n for n, _ in timings)}"
              + (f"; with 50+ waiting: mean {statistics.fmean(big):.3f} ms" if big else ""), file=out)
    print(f"Replay of 100 waiting tickets at 8 counters: {replay_speed():.3f} ms per run", file=out)
    if appointments:
        print(f"Replay of 100 waiting tickets at 8 counters, 5 of them appointment tickets, and 30 bookings "
              f"not checked in: {replay_speed(appointments=True):.3f} ms per run", file=out)
    summary = figures(everything)
    print("", file=out)
    print(goals("Goals", summary, everything), file=out)
    if booked:
        walk_ins = [r for r in everything if not r.appointment]
        print(goals("Walk-in tickets alone", figures(walk_ins), walk_ins), file=out)
        print(goals("Appointment tickets alone", figures(booked), booked), file=out)
    return summary


def interval(records: list[Record], rounds: int = 2000) -> tuple[float, float] | None:
    """How sure the replay's MAE ÷ the textbook's is: a 95% interval from resampling whole
    days (a day's errors go together: one slow clerk or long service moves them all), each
    office and load apart. None for fewer than 2 days of some office and load."""
    days: dict[str, list[float]] = {}
    for r in records:
        if r.promised["replay"] is not None and r.promised["textbook"] is not None:
            sums = days.setdefault(r.day, [0.0, 0.0])
            sums[0] += abs(r.promised["replay"] - r.wait)
            sums[1] += abs(r.promised["textbook"] - r.wait)
    strata: dict[str, list[list[float]]] = {}
    for day, sums in days.items():
        strata.setdefault(day.rsplit(" ", 1)[0], []).append(sums)
    if not strata or min(len(d) for d in strata.values()) < 2:
        return None
    rng = random.Random(0)
    ratios = []
    for _ in range(rounds):
        a = b = 0.0
        for group in strata.values():
            for _ in group:
                x = rng.choice(group)
                a += x[0]
                b += x[1]
        ratios.append(a / b)
    ratios.sort()
    return ratios[int(rounds * 0.025)], ratios[int(rounds * 0.975)]


def goals(title: str, summary: dict, records: list[Record] | None = None) -> str:
    text, r = summary["textbook"]["mae"], summary["replay"]
    sure = interval(records) if records else None
    return (f"{title}: replay MAE {r['mae']:.1f} = {r['mae'] / text:.1%} of the textbook's"
            + (f" (95% interval over days {sure[0]:.0%}–{sure[1]:.0%})" if sure else "") + " (≤ 70%); "
            f"{r['late5']:.0%} waited over 5 min longer than the point (≤ 15%), "
            f"{r['late5_high']:.0%} over 5 min past the printed range; "
            f"the printed range held {r['hit']:.0%} (75–85%).")


# ----- the same days again, offline ------------------------------------------------------------

@dataclass
class RecordedDay:
    """A simulated day as the estimate saw it (`--record`): the day does not depend on the
    estimate, so another estimate can be measured on it without the service (`rerun`)."""

    counters: int
    load: str
    seed: int
    office: Office
    date: datetime
    log: list[tuple]
    records: dict[int, Record]


def _shallow(instance) -> dict:
    return {f.name: getattr(instance, f.name) for f in dataclasses.fields(instance)}


def load_recorded(path: str) -> list[RecordedDay]:
    """The days kept by `--record` (kept as plain data, so a script of any name reads them)."""
    with open(path, "rb") as f:
        days = pickle.load(f)
    return [RecordedDay(**(d | {"records": {i: Record(**r) for i, r in d["records"].items()}})) for d in days]


def rerun(days: list[RecordedDay], learner=ServiceTimeLearner, estimate=None) -> list[tuple[str, list[Record], int]]:
    """The replay's promises made again on recorded days, with `learner(office)` fed as the
    day went and `estimate(office, counters, waiting, learner, now, ticket)` (a Forecast or
    None; by default `replay`); the groups for `table`. A learner with a `called(ticket, at)`
    method is also told each ticket's first call (for a day-level calibration)."""
    groups: dict[str, list[Record]] = {}
    count: dict[str, int] = {}
    for day in days:
        office = day.office
        learn = learner(office)
        records = {i: dataclasses.replace(r, promised=dict(r.promised), day=f"{day.counters} {day.load} {day.seed}")
                   for i, r in day.records.items()}
        for event in day.log:
            kind = event[0]
            if kind == "add":
                learn.add(event[1], event[2], event[3])
            elif kind == "care":
                learn.care_issued(event[1], event[2])
            elif kind == "call":
                if hasattr(learn, "called"):
                    learn.called(event[1], day.date + timedelta(minutes=event[2]))
            else:
                _, tid, t, counters, waiting, *booked = event
                ahead, kept, resolved = booked or ([], 0, 0)  # (days recorded before appointments)
                now = day.date + timedelta(minutes=t)
                if estimate is None:
                    open_count = sum(1 for c in counters if c.open)
                    mine = replay(office, counters, waiting, learn, now, learn.future_care(now, open_count),
                                  weigh(office, ahead, kept, resolved, now)).get(tid)
                else:
                    mine = estimate(office, counters, waiting, learn, now, tid)
                r = records[tid]
                r.promised["replay"] = mine.minutes if mine else None
                r.printed = printed_range(mine.low, mine.high) if mine else None
                r.forecast = mine
        name = f"{day.counters} counters, {day.load}"
        groups.setdefault(name, []).extend(r for r in records.values() if r.called is not None and not r.no_show)
        count[name] = count.get(name, 0) + 1
    out = [(name, records, count[name]) for name, records in groups.items()]
    everything = [r for _, records, _ in out for r in records]
    booked = [r for r in everything if r.appointment]
    if booked:
        out.append(("appointment tickets", booked, len(days)))
    out.append(("all", everything, len(days)))
    return out


def report_rerun(groups: list[tuple[str, list[Record], int]], out=None) -> dict:
    """The table and the goals for days made again by `rerun` (the textbook's and the
    service's promises are those of the recorded day)."""
    out = out or sys.stdout
    print(table(groups), file=out)
    summary = figures(groups[-1][1])
    print("", file=out)
    print(goals("Goals", summary, groups[-1][1]), file=out)
    if groups[-2][0] == "appointment tickets":
        walk_ins = [r for r in groups[-1][1] if not r.appointment]
        print(goals("Walk-in tickets alone", figures(walk_ins), walk_ins), file=out)
        print(goals("Appointment tickets alone", figures(groups[-2][1]), groups[-2][1]), file=out)
    return summary


def replay_speed(waiting: int = 100, runs: int = 300, appointments: bool = False) -> float:
    """Milliseconds per replay; `appointments`: 5 of the tickets checked in for slots in the
    next half hour, and 30 bookings not checked in, every 15 minutes from now."""
    office = office_of(8, appointments)
    learner = ServiceTimeLearner(office)
    rng = random.Random(1)
    now = datetime(2026, 12, 1, 2, 0, tzinfo=timezone.utc)
    services = list(MIX)
    for _ in range(200):
        learner.add(rng.choice(services), rng.uniform(2, 20), rng.randint(1, 8))
    tickets = [WaitingTicket(i, "care" if rng.random() < CARE_SHARE else "general",
                             now - timedelta(minutes=waiting - i), service=rng.choice(services), seq=i)
               for i in range(waiting)]
    booked = []
    if appointments:
        for i in range(5):
            tickets[-1 - i] = dataclasses.replace(tickets[-1 - i], queue=office.appointments.queue,
                                                  not_before=now + timedelta(minutes=5 * i + 5))
        booked = [Booked(now + timedelta(minutes=15 * i), rng.choice(services), 0.85) for i in range(30)]
    counters = [CounterNow(n, n != 4, rng.choice(services), rng.uniform(0, 10)) for n in range(1, 9)]
    for _ in range(20):
        replay(office, counters, tickets, learner, now, 0.1, booked)
    best = math.inf
    for _ in range(5):  # the best of 5 batches: the machine is shared
        started = time.perf_counter()
        for _ in range(runs // 5):
            replay(office, counters, tickets, learner, now, 0.1, booked)
        best = min(best, (time.perf_counter() - started) / (runs // 5))
    return best * 1000


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", default="1,3,5,8", help="counters of each office, e.g. 1,3,5,8")
    parser.add_argument("--loads", default="busy,quiet", help="busy, quiet or both")
    parser.add_argument("--seeds", type=int, default=12, help="days of each office and load (12: 96 days, a few minutes)")
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--cv", type=float, default=SERVICE_CV,
                        help="spread of a citizen's service time around its true mean (lognormal)")
    parser.add_argument("--record", help="keep the days as the estimate saw them in this file (for `rerun`)")
    parser.add_argument("--rerun", metavar="FILE",
                        help="no simulation: the replay's figures on days kept with --record "
                             "(the other options are ignored)")
    parser.add_argument("--close-doors", default="16:30", help="last ticket, HH:MM (a shorter day: earlier)")
    parser.add_argument("--appointments", action=argparse.BooleanOptionalAction, default=True,
                        help=f"{APPOINTMENT_SHARE:.0%} of walk-ins book a slot ahead instead (default); "
                             "--no-appointments: the days as 0.3.0 measured them")
    args = parser.parse_args(argv)
    if args.rerun:
        groups = rerun(load_recorded(args.rerun))
        return report_rerun(groups)
    hh, mm = (int(x) for x in args.close_doors.split(":"))
    return run([int(x) for x in args.shapes.split(",")], args.loads.split(","),
               list(range(args.first_seed, args.first_seed + args.seeds)), (hh - 8) * 60 + mm, cv=args.cv,
               record=args.record, appointments=args.appointments)


if __name__ == "__main__":
    main()
