"""How long each waiting ticket will still wait: the queue replayed forward with the real
routing rules, service times learned from the day, and a range meant to hold the real wait
for about 8 citizens in 10.

Service times (`ServiceTimeLearner`):
- A sample is the time one citizen took at a counter, from the call to the end (done, no-show
  or transferred on): a no-show costs the counter time too, so it belongs in the average.
- Per service, the samples' weights halve every `half_life` newer samples of that service
  (recent ones count most); the office's typical minutes (`Service.minutes`) count as
  `prior_weight` samples, so before any sample the typical minutes hold, and a few samples
  move the estimate only part of the way. Five: one citizen's time varies about ±60%
  around its service's mean, the typical minutes miss a service's mean by about ±25%, and
  (0.6 / 0.25)² ≈ 5 samples tell as much as the typical minutes do.
- Optionally (`per_counter=True`) each counter's pace (its times ÷ the service's learned
  time), weighted the same way and drawn towards 1 by a prior. Off by default: on
  bench/office_day.py, with clerks 0.8–1.25 times as fast as one another, it made the
  error slightly worse (which counter takes whom matters less than how much work is ahead).
- The spread of a service's times comes the same way, starting from `prior_cv` × typical.
- The typical minutes themselves are scaled by how the day's samples of all services
  compare with theirs (an office whose typical minutes are 20% short for every service
  shows it after a few citizens of any service).

The replay (`replay`), from `now`, with the learned means:
- Each open counter first finishes its current citizen: the rest of a service time that has
  already lasted `spent_minutes` (a long one is likely to last longer still). With several
  busy counters, the first of them is likely to be done well before any one's expected
  rest: the k-th of n to finish is taken at the moment by which k - ½ of them are expected
  to be done (the sum of their rests' distribution functions reaches k - ½; for n alike
  counters, each rest's quantile (k - ½) / n), and the moments go to the counters in the
  order of their expected rests. (0.3.0 took each counter at its own quantile (k - ½) / n:
  with a few long services in progress it put the last of them far out, and waits at busy
  8-counter offices came out about 5 minutes long.)
- Then, whenever a counter is free, `shared.routing.choose_next` picks its next ticket with
  the replay's clock (so the care limit, the care counter's general tickets, `care_in_a_row`
  and tickets transferred to a counter all work as at the real counter; a counter limited
  to some services takes the oldest of those); the ticket's wait is that moment.
- A paused counter is taken to be back `PAUSE_MINUTES` after it paused (at least
  `PAUSE_LEFT_MINUTES` from now, however long it has been away): nobody knows when a clerk
  comes back, but taking it as gone for good made every wait during a pause too long.
  A ticket that no counter serving it will call gets no estimate (None).
- Appointments, as routing calls them: a checked-in appointment ticket (a waiting ticket
  with `not_before`, its slot) goes to the first counter free from its slot that takes
  its service, before general and care tickets (a care ticket past its limit still goes
  first); before its slot a free counter takes the others, or waits for the slot when
  nobody else waits. Its forecast: the minutes until its slot, known, plus the rest, with
  the spread of the rest only. In an appointment-only session (`appointments_only`)
  counters take appointment tickets only (the others get None).
- Booked citizens not checked in yet (`booked`, today's with the slot still ahead or at
  most `late_minutes` past) are expected at their slot like appointment tickets, each
  taking a counter for its service's time × the chance that they come (`booked_weight`:
  the day's kept share, `show_share`, before any the prior SHOW_PRIOR; fading to 0 over
  the late minutes after the slot); they get no forecast (no ticket yet). Measured on
  bench/office_day.py (24 days, 12% of walk-ins booked instead, 85% of them come on time,
  most a few minutes early): ignoring the bookings made the walk-ins' promises 1 minute
  too short more on average (bias +2.0 instead of +1.0) and sent 2 points more of them
  (17% instead of 15%) over 5 minutes past the point; counting every booking as sure to
  come gave the same error within 0.01 minute. Bookings past their slot count less and
  less: counting them fully (or not at all) was no better.
- Citizens who come later are not in the queue yet, but care tickets among them go ahead
  of general ones; `future_care` (the share of the office's time that new care tickets
  took lately, `ServiceTimeLearner.future_care`) stretches the general tickets' waits:
  fully for the care counters' share of the open counters (newcomers overtake there at
  once), by `FUTURE_CARE_LATER` at the others (only after the care limit).

The point and the range: the replay gives each ticket's expected wait and its spread,
from the services' spread (the calls ahead of a ticket are shared among the open counters,
so the spread grows like the square root of the work ahead divided by the counters) and
from the learned means' own uncertainty (which does not average out: it grows with the work
ahead). The wait, a sum of lognormal service times, is taken as lognormal with that mean and
spread (Fenton–Wilkinson). The promised point is its median, not its mean: the median is
what makes the absolute error smallest, and a right-skewed wait's median lies below its
mean. The skew that puts the median below the mean comes from the services started in the
replay and the means' uncertainty, not from the current citizens' rests: the moments those
end are already medians (of the order in which the counters finish), so their spread widens
the range but does not move the point again. `low`/`high` lie ∓ `RANGE_Z` standard
deviations of the log (of the whole spread) around the point, so the range always holds
it; the width calibrated on `bench/office_day.py` for the printed (rounded) range.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta
from heapq import heappop, heappush
from typing import Callable, NamedTuple

from shared.office import Office
from shared.routing import Waiting, choose_next

# ----- the 0.1.0 ("textbook") estimate, kept for the service until it switches ----------

MIN_SAMPLES = 3


def expected_minutes(typical: float, measured_avg: float | None, samples: int) -> float:
    if measured_avg is not None and samples >= MIN_SAMPLES:
        return measured_avg
    return typical


def estimated_wait(work_ahead_minutes: float, open_counters: int) -> float | None:
    """Minutes, rounded up to a whole one; None when no counter serving the queue is open."""
    if open_counters <= 0:
        return None
    minutes = work_ahead_minutes / open_counters
    return float(int(minutes) + (0 if minutes == int(minutes) else 1))


# ----- service times -----------------------------------------------------------------------

class _Decayed:
    """Recency-weighted sums of samples: each new sample multiplies the old weights by `keep`."""

    __slots__ = ("w", "wx", "wxx", "n")

    def __init__(self):
        self.w = self.wx = self.wxx = 0.0
        self.n = 0

    def add(self, x: float, keep: float) -> None:
        self.w = self.w * keep + 1.0
        self.wx = self.wx * keep + x
        self.wxx = self.wxx * keep + x * x
        self.n += 1


class ServiceTimeLearner:
    """What a citizen of each service takes at a counter, learned as the day goes."""

    def __init__(self, office: Office, half_life: float = 20, prior_weight: float = 5,
                 prior_cv: float = 0.6, pace_prior: float = 8, per_counter: bool = False,
                 care_window: float = 60):
        self.typical = {s.id: float(s.minutes) for s in office.services}
        self.default_minutes = sum(self.typical.values()) / len(self.typical) if self.typical else 10.0
        self.keep = 0.5 ** (1 / half_life)
        self.prior_weight = prior_weight
        self.prior_cv = prior_cv
        self.pace_prior = pace_prior
        self.per_counter = per_counter
        self.services: dict[str, _Decayed] = {}
        self.office_factor = _Decayed()  # samples ÷ typical minutes, over all services
        self.paces: dict[int, _Decayed] = {}
        self._cache: dict[tuple[str, int | None], tuple[float, float, float]] = {}
        self.care_window = care_window
        self._care_issues: deque[tuple[datetime, str]] = deque()

    def add(self, service: str, minutes: float, counter: int | None = None) -> None:
        """One citizen's time at a counter (call to done, no-show or transfer), in minutes."""
        minutes = max(0.0, float(minutes))
        if counter is not None:
            base = self.mean(service)
            if base > 0:
                self.paces.setdefault(counter, _Decayed()).add(minutes / base, self.keep)
        self.services.setdefault(service, _Decayed()).add(minutes, self.keep)
        if service in self.typical:
            self.office_factor.add(minutes / self.typical[service], self.keep)
        self._cache.clear()

    def care_issued(self, service: str, at: datetime) -> None:
        """A care ticket was issued: for `future_care`."""
        self._care_issues.append((at, service))

    def future_care(self, now: datetime, open_counters: int) -> float:
        """The share of the open counters' time that care tickets issued in the last
        `care_window` minutes will take: new ones will likely come at the same pace."""
        start = now - timedelta(minutes=self.care_window)
        issues = self._care_issues
        while issues and issues[0][0] < start:
            issues.popleft()
        if open_counters <= 0 or not issues:
            return 0.0
        work = sum(self.mean(service) for _, service in issues)
        return work / (self.care_window * open_counters)

    def samples(self, service: str) -> int:
        s = self.services.get(service)
        return s.n if s else 0

    def pace(self, counter: int | None) -> float:
        """The counter's times relative to the office's: 1.2 is 20% slower."""
        p = self.paces.get(counter) if self.per_counter and counter is not None else None
        if p is None:
            return 1.0
        return (self.pace_prior + p.wx) / (self.pace_prior + p.w)

    def stats(self, service: str, counter: int | None = None) -> tuple[float, float, float]:
        """(mean, variance, variance of the mean itself) in minutes for one citizen."""
        key = (service, counter)
        got = self._cache.get(key)
        if got is not None:
            return got
        f = self.office_factor
        typical = self.typical.get(service, self.default_minutes) * (self.prior_weight + f.wx) / (
            self.prior_weight + f.w)
        w0 = self.prior_weight
        prior_var = (typical * self.prior_cv) ** 2
        s = self.services.get(service)
        if s is None:
            mean, var, n = typical, prior_var, 0.0
        else:
            mean = (w0 * typical + s.wx) / (w0 + s.w)
            second = (w0 * (prior_var + typical * typical) + s.wxx) / (w0 + s.w)
            var = max(second - mean * mean, (0.1 * mean) ** 2)
            n = s.w
        # The typical minutes may be far off: count them as a mean known to about ±30%.
        mean_var = (w0 * (0.3 * typical) ** 2 * w0 + var * n) / (w0 + n) ** 2
        pace = self.pace(counter)
        got = (mean * pace, var * pace * pace, mean_var * pace * pace)
        self._cache[key] = got
        return got

    def mean(self, service: str, counter: int | None = None) -> float:
        return self.stats(service, counter)[0]

    def remaining(self, service: str, counter: int | None, spent: float) -> tuple[float, float]:
        """Expected rest (mean, variance) of a service time that has lasted `spent` minutes,
        the times taken as lognormal with the learned mean and spread."""
        mean, var, _ = self.stats(service, counter)
        if spent <= 0:
            return mean, var
        mu, sigma = _lognormal(mean, var)
        sigma2 = sigma * sigma
        z = (math.log(spent) - mu) / sigma
        tail = _upper(z)  # P(S > spent)
        if tail < 1e-6:  # far beyond anything seen: expect a short while more
            return 0.1 * mean, (0.1 * mean) ** 2
        first = math.exp(mu + sigma2 / 2) * _upper(z - sigma) / tail
        second = math.exp(2 * mu + 2 * sigma2) * _upper(z - 2 * sigma) / tail
        rest = max(first - spent, 0.05 * mean)
        rest_var = max(second - first * first, 0.0)
        return rest, rest_var

    def rest_cdf(self, service: str, counter: int | None, spent: float) -> Callable[[float], float]:
        """P(rest <= x): the distribution of the rest of a service time that has lasted
        `spent` minutes (lognormal with the learned mean and spread)."""
        mu, sigma = _lognormal(*self.stats(service, counter)[:2])
        scale = 1 / (sigma * math.sqrt(2))
        below = 0.5 * math.erfc(-(math.log(spent) - mu) * scale) if spent > 0 else 0.0
        left = 1 - below
        if left < 1e-9:  # far beyond anything seen: about to end
            return lambda x: 1.0
        erfc, log = math.erfc, math.log
        return lambda x: (0.5 * erfc(-(log(spent + x) - mu) * scale) - below) / left


def _lognormal(mean: float, var: float) -> tuple[float, float]:
    """The (mu, sigma) of the log of a lognormal time with this mean and variance."""
    sigma2 = math.log1p(var / (mean * mean))
    return math.log(mean) - sigma2 / 2, math.sqrt(sigma2)


def _upper(z: float) -> float:
    """P(Z > z) for a standard normal Z."""
    return 0.5 * math.erfc(z / math.sqrt(2))


def finish_moments(cdfs: list[Callable[[float], float]], start: float, top: float, steps: int = 2) -> list[float]:
    """When the first, second, ... of several running services end: the k-th moment is where
    the expected number ended (the sum of their distribution functions) reaches k - ½.
    Found on a grid doubling from `start` (before the first) up to `top` minutes, `steps`
    points per doubling, and interpolated; those not ended by `top` are put at `top`."""
    n = len(cdfs)
    out: list[float] = []
    prev_x = prev_s = 0.0
    x = start
    ratio = 2 ** (1 / steps)
    done = 0.0  # the services surely ended by now (a distribution function never goes down)
    while len(out) < n:
        total = done
        running = []
        for f in cdfs:
            p = f(x)
            if p > 0.9999:
                done += 1.0
                total += 1.0
            else:
                total += p
                running.append(f)
        cdfs = running
        while len(out) < n and total >= len(out) + 0.5:
            goal = len(out) + 0.5
            out.append(prev_x + (x - prev_x) * (goal - prev_s) / (total - prev_s))
        if x >= top:
            break
        prev_x, prev_s = x, total
        x = min(x * ratio, top)
    return out + [top] * (n - len(out))


# ----- the replay ---------------------------------------------------------------------------

@dataclass(frozen=True)
class CounterNow:
    """A counter as it is now."""

    number: int
    open: bool = True  # False: paused
    service: str | None = None  # its current citizen's service; None: nobody at the counter
    spent_minutes: float = 0.0  # how long the current citizen has been at the counter
    care_streak: int = 0  # care tickets it called in a row just before
    paused_minutes: float = 0.0  # how long a paused counter has been paused (0: unknown)


@dataclass(frozen=True)
class WaitingTicket(Waiting):
    """A waiting ticket as the replay needs it (a `routing.Waiting`, so routing takes it)."""

    service: str = ""
    seq: int = 0  # issue sequence: the order among tickets issued in the same second
    target_counter: int | None = None  # transferred to this counter


@dataclass(frozen=True)
class Booked:
    """A booked appointment of today not checked in yet: expected at its slot, `weight` the
    chance that the citizen comes (`booked_weight`)."""

    slot: datetime
    service: str
    weight: float = 1.0


class Forecast(NamedTuple):
    """Minutes from now until the ticket is called: the point promised (about the median), a range
    and the expected value (the mean, the replay's own clock)."""

    minutes: float
    low: float
    high: float
    expected: float = 0.0


# Both measured on bench/office_day.py: the printed range's half-width in standard
# deviations, and how much of the care work still to come counts as overtaking a general
# ticket at a general counter (at the care counter newcomers overtake it at once, all of
# them; at a general counter only after the care limit, so not those who come near the end
# of its wait).
RANGE_Z = 0.6
FUTURE_CARE_LATER = 0.5
# A paused counter's pause, in all, and the least that is left of it. Breaks run 15 minutes
# to an hour; on the simulator (pauses of 20–45 minutes) anything from 20 to 40 gave the
# same figures.
PAUSE_MINUTES = 30.0
PAUSE_LEFT_MINUTES = 3.0
# How many booked citizens come on time: the day's kept share, drawn towards SHOW_PRIOR
# (counted as SHOW_PRIOR_WEIGHT bookings) until the day has its own. On bench/office_day.py
# (85% keep their slot) see `booked_weight`.
SHOW_PRIOR = 0.85
SHOW_PRIOR_WEIGHT = 5.0
_BOOKED_ID = 1 << 50  # the replay's own ids for booked citizens: after every real ticket


def show_share(kept: int, resolved: int) -> float:
    """The share of booked citizens expected to check in on time: `kept` of the day's
    `resolved` bookings (kept, late or missed) did, with the prior before them."""
    return (SHOW_PRIOR * SHOW_PRIOR_WEIGHT + kept) / (SHOW_PRIOR_WEIGHT + resolved)


def booked_weight(share: float, slot: datetime, now: datetime, late_minutes: float) -> float:
    """How likely a booking not checked in yet still comes in time: `share` up to its slot,
    then less and less until `late_minutes` after it (later, the citizen gets an ordinary
    ticket at the back of the queue)."""
    past = (now - slot).total_seconds() / 60
    if past <= 0:
        return share
    if past >= late_minutes:
        return 0.0
    return share * (1 - past / late_minutes)


def replay(office: Office, counters: list[CounterNow], waiting: list[WaitingTicket],
           learner: ServiceTimeLearner, now: datetime, future_care: float = 0.0,
           booked: list[Booked] | tuple = (), appointments_only: bool = False) -> dict[int, Forecast | None]:
    """Each waiting ticket's forecast, by ticket id; None for one no open counter will call.
    A waiting ticket with `not_before` is a checked-in appointment ticket (its slot);
    `booked`: today's bookings not checked in yet; `appointments_only`: an
    appointment-only session (`shared.hours`)."""
    care = office.care_queue.id
    by_number = {c.number: c for c in office.counters}
    lanes: dict[str, list[WaitingTicket]] = {}
    sent: dict[int, list[WaitingTicket]] = {}
    pending: list[WaitingTicket] = []  # appointment tickets, then the booked citizens expected
    for t in sorted(waiting, key=_order):
        if t.target_counter is not None:
            sent.setdefault(t.target_counter, []).append(t)
        elif t.not_before is not None:
            pending.append(t)
        else:
            lanes.setdefault(t.queue, []).append(t)
    chance: dict[int, float] = {}  # a booked citizen's id: the chance that they come
    if booked:
        queue = office.appointments.queue if office.appointments else "appointment"
        for k, b in enumerate(booked):
            if b.weight > 0:
                w = WaitingTicket(_BOOKED_ID + k, queue, b.slot, service=b.service, not_before=b.slot)
                chance[w.id] = b.weight
                pending.append(w)
    slot_in = {w.id: (w.not_before - now).total_seconds() / 60 for w in pending}
    pending.sort(key=lambda w: slot_in[w.id])  # routing needs only the due ones: a prefix
    at = {q: 0 for q in lanes}  # index of each lane's head
    heads = {q: lane[0] for q, lane in lanes.items()}
    sent_at = {n: 0 for n in sent}

    free: list[tuple[float, int]] = []  # (minutes from now when the counter is free, counter)
    streak: dict[int, int] = {}
    open_numbers = []
    spread = 0.0  # services' variance started so far, all counters together
    drift = 0.0  # uncertainty of the learned means, summed over the services started so far
    busy = []
    for c in counters:
        if c.number not in by_number:
            continue
        open_numbers.append(c.number)
        streak[c.number] = c.care_streak
        if not c.open:
            heappush(free, (max(PAUSE_MINUTES - c.paused_minutes, PAUSE_LEFT_MINUTES), c.number))
        elif c.service is not None:
            rest, rest_var = learner.remaining(c.service, c.number, c.spent_minutes)
            busy.append((rest, c))
            spread += rest_var
        else:
            heappush(free, (0.0, c.number))
    # Several counters finish their citizens in some order, the first one sooner than any
    # one's expected rest (the docstring).
    busy.sort(key=lambda rc: rc[0])
    if len(busy) > 1:
        cdfs = [learner.rest_cdf(c.service, c.number, c.spent_minutes) for _, c in busy]
        moments = finish_moments(cdfs, busy[0][0] / 16, 8 * busy[-1][0])
        busy = [(moment, c) for moment, (_, c) in zip(moments, busy)]
    for rest, c in busy:
        heappush(free, (rest, c.number))
    first_spread = spread  # the current citizens' rests: they widen the range, not move the point
    care_open = any(by_number[c.number].is_care for c in counters if c.open and c.number in by_number)
    servers = max(1, len(open_numbers))
    at_once = sum(1 for n in open_numbers if by_number[n].is_care) / servers
    weight = at_once + (1 - at_once) * FUTURE_CARE_LATER
    stretch = 1.0 / (1.0 - min(future_care * weight, 0.5))
    limits = {n: office.care_limit_for(by_number[n]) for n in open_numbers}

    out: dict[int, Forecast | None] = {t.id: None for t in waiting}
    left = len(waiting)
    general_sd = stretch / servers
    care_sd = 1.0 / servers
    # Only a general counter that helps the care queue looks at the clock (the care limit).
    clocked = {n for n in open_numbers if by_number[n].help_care and not by_number[n].is_care}
    ages = {t.id: (now - t.issued_at).total_seconds() / 60 for t in lanes.get(care, ())}
    stats = learner.stats
    sqrt = math.sqrt
    # Counters limited to some services take the oldest of theirs, from inside a lane:
    # those are `taken` out of turn, and a lane's head moves past them.
    limited = {n for n in open_numbers if by_number[n].services}
    taken: set[int] = set()
    while free and left:
        t, number = heappop(free)
        counter = by_number[number]
        lane = sent.get(number)
        here = lane[sent_at[number]] if lane and sent_at[number] < len(lane) else None
        mine = _heads_of(counter, lanes, at, taken) if number in limited else heads
        # The clock matters only once the care head reaches this counter's limit (or with
        # the care counter closed); before that routing decides the same with `now`.
        due = 0
        while due < len(pending) and slot_in[pending[due].id] <= t:  # (pending: mostly none)
            due += 1
        # An appointment is due from its slot: then routing needs the replay's clock too.
        if due:
            moment = max(now + timedelta(minutes=t), pending[due - 1].not_before)
        elif number in clocked and care in mine and (not care_open or ages[mine[care].id] + t >= limits[number]):
            moment = now + timedelta(minutes=t)
        else:
            moment = now
        choice = choose_next(office, counter, mine, moment, care_open, here, streak[number],
                             pending[:due] if due else (), appointments_only)
        if choice is None:
            # Only the care limit or an appointment's slot can give this counter a ticket
            # later: wait for the first of them.
            wake = math.inf
            head = mine.get(care)
            if head is not None and number in clocked and not appointments_only:
                wake = (head.issued_at - now).total_seconds() / 60 + limits[number]
            for w in pending[due:]:
                if slot_in[w.id] >= wake:
                    break
                if counter.takes(w.service):
                    wake = slot_in[w.id]
                    break
            if t < wake < math.inf:
                heappush(free, (wake, number))
            continue
        q = choice.queue
        if choice.not_before is not None and choice is not here:
            pending.remove(choice)
            streak[number] = 0
            mean, var, mean_var = stats(choice.service, number)
            p = chance.get(choice.id)
            if p is not None:  # a booked citizen, maybe: the counter's time as likely as they come
                spread += p * var + p * (1 - p) * mean * mean
                drift += p * sqrt(mean_var)
                heappush(free, (t + p * mean, number))
                continue
            left -= 1
            # Until its slot the wait is known; only the rest is uncertain.
            fixed = max(0.0, slot_in[choice.id])
            rest = t - fixed
            share = care_sd * (rest / t if t > 0 else 0.0)
            f = _forecast(rest, sqrt(spread + drift * drift) * share,
                          sqrt(spread - first_spread + drift * drift) * share)
            out[choice.id] = Forecast(fixed + f.minutes, fixed + f.low, fixed + f.high, fixed + f.expected)
            spread += var
            drift += sqrt(mean_var)
            heappush(free, (t + mean, number))
            continue
        if choice is here:
            sent_at[number] += 1
        elif heads.get(q) is not choice:
            taken.add(choice.id)
        else:
            lane = lanes[q]
            i = at[q] + 1
            while i < len(lane) and lane[i].id in taken:
                i += 1
            at[q] = i
            if i < len(lane):
                heads[q] = lane[i]
            else:
                del heads[q]
        left -= 1
        if q == care:
            streak[number] += 1
            minutes = t
            scale = care_sd
        else:
            streak[number] = 0
            minutes = t * stretch
            scale = general_sd
        skew = spread - first_spread + drift * drift
        out[choice.id] = _forecast(minutes, sqrt(first_spread + skew) * scale, sqrt(skew) * scale)
        mean, var, mean_var = stats(choice.service, number)
        spread += var
        drift += sqrt(mean_var)
        heappush(free, (t + mean, number))
    return out


def _heads_of(counter, lanes: dict[str, list[WaitingTicket]], at: dict[str, int], taken: set[int]
              ) -> dict[str, WaitingTicket]:
    """A counter limited to some services: each lane's oldest ticket it takes and nobody took."""
    heads = {}
    for q, lane in lanes.items():
        for i in range(at[q], len(lane)):
            w = lane[i]
            if w.id not in taken and counter.takes(w.service):
                heads[q] = w
                break
    return heads


def _forecast(mean: float, sd: float, skew_sd: float, sqrt=math.sqrt, log1p=math.log1p, exp=math.exp,
              new=tuple.__new__) -> Forecast:
    """The wait taken as lognormal with this mean: the point is its median with only
    `skew_sd` as its standard deviation, the range around the point as wide as the whole
    `sd` makes it (the module's docstring). (Math bound as defaults and the tuple made
    directly: the replay makes one per waiting ticket.)"""
    if mean <= 0.0:
        return Forecast(0.0, 0.0, RANGE_Z * sd, 0.0)
    r = skew_sd / mean
    point = mean / sqrt(1 + r * r)
    q = sd / mean
    widen = exp(RANGE_Z * sqrt(log1p(q * q)))
    return new(Forecast, (point, point / widen, point * widen, mean))


def _order(t: WaitingTicket):
    """The issue order (the service's ticket sequence), never the wall clock when known."""
    return (t.seq, t.issued_at, t.id)


# ----- how a citizen reads it ------------------------------------------------------------------

def printed_range(low: float, high: float) -> tuple[int, int]:
    """The range as printed: whole 5 minutes (10 above an hour), widened outwards; (0, N)
    reads "within N minutes"."""
    step = 5 if high <= 60 else 10
    lo = int(math.floor(max(0.0, low) / step)) * step
    hi = int(math.ceil(max(high, 0.001) / step)) * step
    if hi <= lo:
        hi = lo + step
    return lo, hi


def format_range(low: float, high: float, lang: str = "zh-TW") -> str:
    """「約 10–20 分鐘」 / "about 10–20 minutes"; 「5 分鐘內」 / "under 5 minutes" for short ones."""
    lo, hi = printed_range(low, high)
    en = lang == "en"
    if lo == 0:
        return f"under {hi} minutes" if en else f"{hi} 分鐘內"
    return f"about {lo}–{hi} minutes" if en else f"約 {lo}–{hi} 分鐘"


def short_range(printed: list[int] | tuple[int, int] | None, lang: str = "zh-TW") -> str:
    """A printed range (`printed_range`) where space is short: 「5–10 分」, 「5 分內」,
    "5–10 min", "<5 min"; "—" when there is none (no open counter will call the ticket)."""
    if not printed or len(printed) != 2:
        return "—"
    lo, hi = printed
    en = lang == "en"
    if lo == 0:
        return f"<{hi} min" if en else f"{hi} 分內"
    return f"{lo}–{hi} min" if en else f"{lo}–{hi} 分"
