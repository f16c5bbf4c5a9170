"""The hall's queue as one state machine: a command in, the events it caused out.

`Hall` holds what the office's queue is right now (tickets of the day, the counters, the
numbers in use, the alerts) and changes only through `handle(command, now)`. A command is
checked against the queue first and refused (`Refusal`) before anything changes; otherwise
the hall changes and returns the events it caused, each carrying the new form of whatever
it changed. Whoever keeps the record (the service's store) turns those events into rows;
whoever shows the queue turns them into messages. No Qt, no web, no SQL here.

The rules (who is called next is `shared.routing`, numbers are `shared.tickets`):
- The business day is the office's calendar day. At the first command of a later day,
  tickets still waiting from an earlier one are cancelled (the office closed; nobody waits
  overnight) and numbering restarts. The day never goes back: a clock set back keeps today.
  An admin can undo the last day change on the same day (a clock set wrong must not throw
  away a hall full of citizens).
- First come, first served inside a queue by issue order (the ticket id), never by the
  wall clock, so a clock step cannot reorder anyone. A ticket transferred to another
  service keeps its place; one transferred to a counter is called there first.
- Next completes the counter's current ticket first, and opens a paused counter.
  Pause completes the current ticket first.
- Durations are never negative, whatever the clock did.
- The office's settings (notices, the clerk at each counter, each service's typical minutes
  and documents) can change during the day (`ChangeOffice`); its queues, services and
  counters cannot (that needs a restart with another office file).
- Appointments (`shared.appointments` holds their rules): the hall keeps those of today
  and later. A check-in on time issues a ticket in the appointment queue (its own
  prefix), called from its slot (`shared.routing`); a late one an ordinary ticket of the
  service. Each Tick marks today's appointments not checked in `late_minutes` after their
  slot as no-shows; the day change marks earlier days' ones and forgets them. An
  appointment ticket served makes its appointment served.
"""

from __future__ import annotations

import bisect
from collections import deque
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone

from shared import appointments as A
from shared.appointments import Appointment
from shared.catalogue import hours as hours_words
from shared.estimate import (Booked, CounterNow, Forecast, ServiceTimeLearner, WaitingTicket, booked_weight, replay,
                             show_share)
from shared.hours import state_at
from shared.i18n import Text
from shared.office import Office, Queue
from shared.protocol import (ALERT_CLEARED, ALERT_RAISED, APPOINTMENT_BOOKED, APPOINTMENT_CANCELLED,
                             APPOINTMENT_CHECKED_IN, APPOINTMENT_NO_SHOW, APPOINTMENT_SERVED, CALL_EVENTS,
                             COUNTER_PAUSED, COUNTER_RESUMED, DAY_CHANGE_UNDONE, DAY_CHANGED, OFFICE_CHANGED, TICKET_CALLED,
                             TICKET_COMPLETED, TICKET_ISSUED, TICKET_NO_SHOW, TICKET_RATED, TICKET_RECALLED,
                             TICKET_TRANSFERRED)
from shared.routing import Waiting, choose_next, heads_for
from shared.tickets import ACTIVE_STATES, WAITING_STATES, Status, business_day, format_number, next_free_number


# ----- what the hall holds ------------------------------------------------------------

@dataclass
class Ticket:
    id: int
    queue: str
    number: str
    seq_no: int
    business_day: str
    service: str
    category: str | None
    status: str
    issued_at: float
    called_at: float | None = None        # last call
    first_called_at: float | None = None  # service started: wait = first_called_at - issued_at
    completed_at: float | None = None
    counter: int | None = None            # counter that called it last
    target_counter: int | None = None     # after a transfer to a counter
    recalls: int = 0
    clerk: str = ""                       # the clerk at its counter when first called (for the reports)

    @property
    def waiting(self) -> bool:
        return self.status in WAITING_STATES

    def copy(self) -> "Ticket":
        return _copy(self)


@dataclass
class Counter:
    number: int
    status: str = "open"   # "open" or "paused"
    reason: str = ""
    ticket_id: int | None = None
    care_streak: int = 0   # care tickets called in a row (for `care_in_a_row`)
    last_done_id: int | None = None  # the ticket it served last: the one its rating pad rates

    def copy(self) -> "Counter":
        return _copy(self)


@dataclass
class Alert:
    id: int
    source: str
    kind: str
    code: str
    message: dict[str, str]
    raised_at: float
    cleared_at: float | None = None


@dataclass(frozen=True)
class Rating:
    """A citizen's answer on the counter's rating pad: tied to the ticket, never to a person."""

    id: int
    ticket_id: int
    counter: int
    clerk: str
    service: str
    score: int                 # 1 (very unsatisfied) .. 5 (very satisfied)
    reasons: tuple[str, ...]   # why, when unsatisfied (RATING_REASONS)
    at: float

    @property
    def unsatisfied(self) -> bool:
        """A score of 1 or 2 opens a follow-up case (the office's unsatisfied-citizen programme)."""
        return self.score <= 2


# What an unsatisfied citizen can say was wrong: the office survey's items.
RATING_REASONS = ("waiting_time", "attitude", "efficiency", "professionalism", "process", "facilities",
                  "signage", "other")


@dataclass(frozen=True)
class Call:
    """A line of the hall display's recent calls."""

    seq: int
    type: str
    at: float
    number: str
    ticket_id: int
    queue: str
    counter: int

    @property
    def recall(self) -> bool:
        return self.type == TICKET_RECALLED


@dataclass(frozen=True)
class CounterView:
    """A counter as an event carries it: its state and its current ticket."""

    counter: Counter
    ticket: Ticket | None


@dataclass(frozen=True)
class Event:
    """What a command changed; every object in it is a copy, safe to keep."""

    type: str
    seq: int
    at: float
    waiting: dict[str, int]
    ticket: Ticket | None = None
    counter: CounterView | None = None
    alert: Alert | None = None
    tickets: tuple[Ticket, ...] = ()   # further tickets changed (e.g. cancelled at the day change)
    data: dict = field(default_factory=dict)


@dataclass
class DayChange:
    """The last day change, kept so that an admin can undo it the same day."""

    day: str
    previous_day: str | None
    cancelled: dict[int, tuple[str, Ticket]]   # ticket id -> (status before, the cancelled ticket)


ESTIMATE_REUSE_SECONDS = 1.0  # a replay of the same queue this recent still holds


def _utc(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, timezone.utc)


def _copy(record):
    """A shallow copy, cheaper than dataclasses.replace: events copy on every command."""
    new = object.__new__(type(record))
    new.__dict__.update(record.__dict__)
    return new


class Refusal(Exception):
    """A command that cannot be done as asked; nothing has changed."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind  # "invalid", "not_found", "conflict" or "closed" (outside opening hours)
        self.message = message


# ----- commands -----------------------------------------------------------------------

@dataclass(frozen=True)
class Tick:
    """Nothing but the passing of time: the day change, if one is due."""


@dataclass(frozen=True)
class Issue:
    service: str
    category: str | None = None


@dataclass(frozen=True)
class Next:
    counter: int


@dataclass(frozen=True)
class Recall:
    counter: int


@dataclass(frozen=True)
class NoShow:
    counter: int


@dataclass(frozen=True)
class Complete:
    counter: int


@dataclass(frozen=True)
class CallNumber:
    counter: int
    number: str


@dataclass(frozen=True)
class Transfer:
    counter: int
    service: str | None = None
    to_counter: int | None = None


@dataclass(frozen=True)
class Pause:
    counter: int
    reason: str = ""


@dataclass(frozen=True)
class Resume:
    counter: int


@dataclass(frozen=True)
class RaiseAlert:
    source: str
    kind: str
    code: str = ""
    message: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ClearAlert:
    source: str
    kind: str


@dataclass(frozen=True)
class UndoDayChange:
    pass


@dataclass(frozen=True)
class Rate:
    """The rating pad of `counter` rates the ticket the counter served last (or, before it
    has served any, the one it is serving)."""

    counter: int
    score: int
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChangeOffice:
    """The office with other settings (notices, clerks, services' minutes and documents):
    the same queues, services and counters."""

    office: Office


@dataclass(frozen=True)
class Book:
    """An appointment (the code drawn by the caller: the hall draws nothing at random)."""

    day: str
    slot: str
    service: str
    code: str
    note: str = ""
    phone_last4: str = ""


@dataclass(frozen=True)
class CancelAppointment:
    code: str


@dataclass(frozen=True)
class CheckIn:
    """By the booking code, or by the last 4 digits of the phone (today's bookings)."""

    code: str = ""
    phone_last4: str = ""


# ----- answers ------------------------------------------------------------------------

@dataclass(frozen=True)
class Issued:
    ticket: Ticket
    ahead: int
    wait: Forecast | None   # minutes until it is called, with a range; None: no open counter calls it


@dataclass(frozen=True)
class CheckedIn:
    appointment: Appointment
    issued: Issued
    ordinary: bool          # late: an ordinary ticket of the service instead
    reason: Text | None     # why, as the kiosk says it


@dataclass(frozen=True)
class Outcome:
    answer: object          # Issued, a Ticket or None, a CounterView, an Alert, a count
    events: list[Event]


# ----- the hall -----------------------------------------------------------------------

class Hall:
    def __init__(self, office: Office):
        self.office = office
        self.queue_ids = [q.id for q in office.queues]
        if office.appointments is not None:
            self.queue_ids.append(office.appointments.queue)
        self.day: str | None = None
        self.seq = 0                 # the last event's number; rises by one per event, for ever
        self.last_ticket_id = 0
        self.last_alert_id = 0
        self.tickets: dict[int, Ticket] = {}
        # Waiting ticket ids in call order (issue order), per queue; those sent to one
        # counter are kept apart, per counter.
        self.lines: dict[str, list[int]] = {}
        self.lines_to_counter: dict[int, list[int]] = {}
        self.counters = {c.number: Counter(c.number) for c in office.counters}
        self.numbering: dict[tuple[str, str], int] = {}   # (queue, day) -> last number given
        self.in_use: dict[str, set[int]] = {}              # numbers active, per queue
        self.recent_calls: deque[Call] = deque(maxlen=office.recent_calls)
        self.alerts: dict[int, Alert] = {}
        self.learner = ServiceTimeLearner(office)       # today's service times, for the estimates
        self.serving_since: dict[int, float] = {}          # counter -> when it called its citizen
        self.paused_since: dict[int, float] = {}           # counter -> when it paused (for the estimates)
        # The last replay (seq, at, forecasts): every phone page following an event asks at once.
        self._estimates: tuple[int, float, dict] | None = None
        self._for_estimate: dict[int, WaitingTicket] = {}
        self.last_day_change: DayChange | None = None
        self.rated: set[int] = set()   # tickets of the day with a rating
        self.last_rating_id = 0
        self.appointments: dict[str, Appointment] = {}    # by code: today's and later ones
        self.appointment_of: dict[int, Appointment] = {}  # by the ticket its check-in issued
        self.last_appointment_id = 0
        self._no_show_due: float | None = None            # the earliest booked one's no-show moment
        self._events: list[Event] = []
        self._now = 0.0

    # ----- building the hall from a record ----------------------------------------------

    def add(self, t: Ticket) -> None:
        """A ticket as it was recorded (when loading); no event."""
        self.tickets[t.id] = t
        self._index(t)
        self.last_ticket_id = max(self.last_ticket_id, t.id)

    def add_appointment(self, a: Appointment) -> None:
        """An appointment as it was recorded (when loading); no event."""
        self.appointments[a.code] = a
        if a.ticket_id is not None:
            self.appointment_of[a.ticket_id] = a
        self.last_appointment_id = max(self.last_appointment_id, a.id)
        self._refresh_no_show_due()

    def relearn(self) -> None:
        """After loading: today's service times learnt again from the tickets served."""
        self.learner = ServiceTimeLearner(self.office)
        today = [t for t in self.tickets.values() if t.business_day == self.day]
        for t in sorted(today, key=lambda t: t.completed_at or 0):
            if t.status in (Status.DONE, Status.NO_SHOW) and t.called_at and t.completed_at:
                self.learner.add(t.service, (t.completed_at - t.called_at) / 60, t.counter)
        for t in sorted(today, key=lambda t: t.id):
            if t.queue == self.office.care_queue.id:
                self.learner.care_issued(t.service, _utc(t.issued_at))

    def remember_call(self, call: Call) -> None:
        self.recent_calls.appendleft(call)

    # ----- the one way in ------------------------------------------------------------------

    def handle(self, command, now: float) -> Outcome:
        """Do `command` at `now` (seconds since the epoch); raises Refusal, changing nothing."""
        self._now = now
        self._events = []
        handler = getattr(self, "_" + type(command).__name__)
        answer = handler(command)
        events, self._events = self._events, []
        return Outcome(answer, events)

    # ----- questions -------------------------------------------------------------------------

    def today(self, now: float) -> str:
        """The business day at `now`: the calendar day, but never earlier than the hall's."""
        day = business_day(datetime.fromtimestamp(now, timezone.utc), self.office.tz).isoformat()
        return max(day, self.day) if self.day else day

    def current(self, counter: int) -> Ticket | None:
        tid = self.counters[counter].ticket_id
        return self.tickets.get(tid) if tid is not None else None

    def waiting_counts(self) -> dict[str, int]:
        counts = {q: len(self.lines.get(q, [])) for q in self.queue_ids}
        for line in self.lines_to_counter.values():
            for tid in line:
                q = self.tickets[tid].queue
                counts[q] = counts.get(q, 0) + 1
        return counts

    def waiting_in(self, queue: str) -> list[Ticket]:
        ids = list(self.lines.get(queue, []))
        ids += [i for line in self.lines_to_counter.values() for i in line if self.tickets[i].queue == queue]
        return [self.tickets[i] for i in ids]

    def clerk_at(self, counter: int) -> str:
        """The clerk now at that counter ("" when none is set)."""
        return self.office.counter(counter).clerk

    def view(self, counter: int) -> CounterView:
        current = self.current(counter)
        return CounterView(self.counters[counter].copy(), current.copy() if current else None)

    def find_number(self, number: str, day: str) -> Ticket | None:
        found = [t for t in self.tickets.values() if t.number == number and t.business_day == day]
        return max(found, key=lambda t: t.id) if found else None

    def estimates(self, now: float) -> dict[int, Forecast | None]:
        """Every waiting ticket's wait from `now`, in minutes with a range (None: no open
        counter will call it): the queue replayed with the real routing (shared.estimate)."""
        cached = self._estimates
        if cached is not None and cached[0] == self.seq and abs(cached[1] - now) < ESTIMATE_REUSE_SECONDS:
            return cached[2]
        counters = []
        for c in self.office.counters:
            state, current = self.counters[c.number], self.current(c.number)
            spent = (now - self.serving_since.get(c.number, current.called_at or now)) / 60 if current else 0.0
            paused = (now - self.paused_since[c.number]) / 60 if c.number in self.paused_since else 0.0
            counters.append(CounterNow(c.number, state.status == "open", current.service if current else None,
                                       max(0.0, spent), state.care_streak, max(0.0, paused)))
        ids = [i for line in (*self.lines.values(), *self.lines_to_counter.values()) for i in line]
        waiting = [self._as_estimated(i) for i in ids]
        open_count = sum(1 for c in counters if c.open)
        moment = _utc(now)
        forecasts = replay(self.office, counters, waiting, self.learner, moment,
                           self.learner.future_care(moment, open_count), self._booked_ahead(moment),
                           self._appointments_only(moment))
        self._estimates = (self.seq, now, forecasts)
        return forecasts

    def _booked_ahead(self, now: datetime) -> list[Booked]:
        """Today's bookings not checked in yet that may still come in time, each with the
        chance that it does (shared.estimate: `show_share`, `booked_weight`)."""
        rules = self.office.appointments
        if rules is None or not self.appointments:
            return []
        tz, today = self.office.tz, self.day
        kept = resolved = 0
        ahead = []
        for a in self.appointments.values():
            if a.day != today:
                continue
            if a.status == A.BOOKED:
                if a.ticket_id is None:  # (one checking in now has its ticket already)
                    ahead.append(a)
            elif a.status != A.CANCELLED:
                resolved += 1
                kept += a.status in (A.CHECKED_IN, A.SERVED)
        share = show_share(kept, resolved)
        out = []
        for a in ahead:
            slot = a.slot_at(tz)
            weight = booked_weight(share, slot, now, rules.late_minutes)
            if weight > 0:
                out.append(Booked(slot, a.service, weight))
        return out

    def _as_estimated(self, ticket_id: int) -> WaitingTicket:
        """A waiting ticket as the estimate takes it, made once per form of the ticket."""
        w = self._for_estimate.get(ticket_id)
        if w is None:
            t = self.tickets[ticket_id]
            rules = self.office.appointments
            slot = None  # an appointment ticket waits for its slot (as in `_due_appointments`)
            if rules is not None and t.queue == rules.queue and t.target_counter is None:
                slot = self._slot(t)
            w = self._for_estimate[ticket_id] = WaitingTicket(
                t.id, t.queue, _utc(t.issued_at), service=t.service, seq=t.id, target_counter=t.target_counter,
                not_before=slot)
        return w

    # ----- commands ---    # ----- commands ---------------------------------------------------------------------------

    def _Tick(self, _cmd: Tick) -> None:
        self._change_day()
        if self._no_show_due is not None and self._now > self._no_show_due:
            self._mark_no_shows()

    def _change_day(self) -> None:
        today = self.today(self._now)
        if today == self.day:
            return
        if self.day is None:  # a new hall: its first day, nothing to change
            self.day = today
            return
        previous, cancelled = self.day, {}
        for t in list(self.tickets.values()):
            if t.waiting and t.business_day < today:
                was = t.status
                self._change(t, status=Status.CANCELLED, completed_at=self._now)
                cancelled[t.id] = (was, replace(t))
            if t.business_day < today and t.status != Status.CALLED:
                del self.tickets[t.id]  # finished: only the record keeps it
        self.learner = ServiceTimeLearner(self.office)
        self.rated.clear()
        for c in self.counters.values():
            c.last_done_id = None
        self.day = today
        self.last_day_change = DayChange(today, previous, cancelled)
        self._emit(DAY_CHANGED, tickets=tuple(t for _, t in cancelled.values()), data={
            "day": today, "previous_day": previous,
            "cancelled": [{"id": t.id, "number": t.number, "was": was} for was, t in cancelled.values()]})
        self._forget_appointments_before(today)

    def _UndoDayChange(self, _cmd: UndoDayChange) -> list[Ticket]:
        """Puts the tickets cancelled by today's day change back in their queues, with
        their numbers; a day that came from a clock set ahead goes back with them."""
        change = self.last_day_change
        if change is None or change.day != self.day or not change.cancelled:
            raise Refusal("conflict", "there is no day change of today to undo")
        calendar_day = business_day(datetime.fromtimestamp(self._now, timezone.utc), self.office.tz).isoformat()
        if calendar_day < self.day:
            self.day = max(calendar_day, change.previous_day or calendar_day)
        restored = []
        for ticket_id, (was, copy) in sorted(change.cancelled.items()):
            if ticket_id in self.tickets:
                continue
            t = replace(copy, status=was, completed_at=None, business_day=self.day)
            self.tickets[t.id] = t
            self._index(t)
            restored.append(replace(t))
        self.last_day_change = None
        self._emit(DAY_CHANGE_UNDONE, tickets=tuple(restored), data={
            "day": self.day, "restored": [{"id": t.id, "number": t.number} for t in restored]})
        return restored

    def _Issue(self, cmd: Issue) -> Issued:
        office = self.office
        self._check_open()
        try:
            office.service(cmd.service)
        except KeyError:
            raise Refusal("invalid", f"unknown service {cmd.service!r}; services are "
                          f"{[s.id for s in office.services]}") from None
        if cmd.category is not None:
            try:
                office.category(cmd.category)
            except KeyError:
                raise Refusal("invalid", f"unknown category {cmd.category!r}; categories are "
                              f"{[c.id for c in office.categories]}") from None
        return self._issue(office.queue_for(cmd.service, cmd.category), cmd.service, cmd.category)

    def _issue(self, queue: Queue, service: str, category: str | None,
               appointment: Appointment | None = None) -> Issued:
        office = self.office
        day = self.day or self.today(self._now)
        try:
            n = next_free_number(self.numbering.get((queue.id, day), 0), self.in_use.get(queue.id, set()))
        except OverflowError as e:
            raise Refusal("conflict", str(e)) from None
        ahead = len(self.waiting_in(queue.id))
        self.numbering[(queue.id, day)] = n
        self.last_ticket_id += 1
        t = Ticket(id=self.last_ticket_id, queue=queue.id, number=format_number(queue.prefix, n), seq_no=n,
                   business_day=day, service=service, category=category, status=Status.WAITING,
                   issued_at=self._now)
        self.tickets[t.id] = t
        if appointment is not None:  # known before its forecast (called from its slot, no longer expected)
            self.appointment_of[t.id] = appointment
            appointment.ticket_id = t.id
        self._index(t)
        if queue.id == office.care_queue.id:
            self.learner.care_issued(t.service, _utc(self._now))
        self._emit(TICKET_ISSUED, ticket=t)
        forecast = self.estimates(self._now).get(t.id)
        return Issued(t.copy(), ahead, forecast)

    def _Book(self, cmd: Book) -> Appointment:
        self._appointment_rules()
        try:
            day, slot = A.check_day(cmd.day), A.check_slot(cmd.slot)
            code, note = A.check_code(cmd.code), A.check_note(cmd.note)
            phone = A.check_phone_last4(cmd.phone_last4)
        except A.BadInput as e:
            raise Refusal("invalid", str(e)) from None
        try:
            self.office.service(cmd.service)
        except KeyError:
            raise Refusal("invalid", f"unknown service {cmd.service!r}; services are "
                          f"{[s.id for s in self.office.services]}") from None
        today = self.day or self.today(self._now)
        if day < today:
            raise Refusal("invalid", f"day {day} is past (today is {today})")
        if code in self.appointments:
            raise Refusal("conflict", f"booking code {code} is taken; give another or leave it out to get one")
        self.last_appointment_id += 1
        a = Appointment(self.last_appointment_id, code, day, slot, cmd.service, note, phone, booked_at=self._now)
        self.appointments[code] = a
        self._refresh_no_show_due()
        self._emit(APPOINTMENT_BOOKED, data={"appointment": a.copy()})
        return a.copy()

    def _CancelAppointment(self, cmd: CancelAppointment) -> Appointment:
        self._appointment_rules()
        a = self.appointments.get(cmd.code.strip())
        if a is None:
            raise Refusal("not_found", f"no booking with code {cmd.code.strip()}")
        if a.status != A.BOOKED:
            raise Refusal("conflict", f"booking {a.code} is {a.status.replace('_', ' ')}: only a booked one can be "
                                      "cancelled")
        a.status = A.CANCELLED
        self._refresh_no_show_due()
        self._emit(APPOINTMENT_CANCELLED, data={"appointment": a.copy()})
        return a.copy()

    def _CheckIn(self, cmd: CheckIn) -> CheckedIn:
        rules = self._appointment_rules()
        a = self._find_booking(cmd)
        tz = self.office.tz
        if a.status == A.CANCELLED:
            raise Refusal("conflict", f"booking {a.code} was cancelled")
        if a.status in (A.CHECKED_IN, A.SERVED, A.LATE):
            done = self.tickets.get(a.ticket_id) if a.ticket_id is not None else None
            raise Refusal("conflict", f"booking {a.code} is already checked in" +
                          (f" (ticket {done.number})" if done else ""))
        today = self.day or self.today(self._now)
        if a.day != today:
            raise Refusal("conflict", f"booking {a.code} is for {a.day} {a.slot}, not today ({today})")
        late = self._now > a.late_after(tz, rules.late_minutes)
        if late:
            state = state_at(self.office.hours, datetime.fromtimestamp(self._now, tz))
            if not state.open:
                raise Refusal("closed", f"booking {a.code} was for {a.slot}: more than {rules.late_minutes:g} "
                                        "minutes late, and ordinary tickets are not issued now; please book again. "
                                        + hours_words.refusal(state, datetime.fromtimestamp(self._now, tz)))
            issued = self._issue(self.office.queue_for(a.service, None), a.service, None, a)
        else:
            issued = self._issue(Queue(rules.queue, rules.prefix, rules.name), a.service, None, a)
        a.status = A.LATE if late else A.CHECKED_IN
        a.checked_in_at = self._now  # (its ticket recorded by `_issue`)
        self._refresh_no_show_due()
        self._emit(APPOINTMENT_CHECKED_IN, ticket=self.tickets[a.ticket_id],
                   data={"appointment": a.copy(), "ordinary": late})
        reason = A.LATE_REASON.format(minutes=f"{rules.late_minutes:g}") if late else None
        return CheckedIn(a.copy(), issued, late, reason)

    def _Next(self, cmd: Next) -> Ticket | None:
        number = self._counter(cmd.counter)
        self._finish_current(number)
        counter = self.counters[number]
        if counter.status == "paused":  # pressing next on a paused counter opens it
            counter.status, counter.reason = "open", ""
            self._emit(COUNTER_RESUMED, counter=number)
        here = self.office.counter(number)
        heads = heads_for(here, self.lines, lambda i: self._as_waiting(self.tickets[i]))
        to_here = self.lines_to_counter.get(number)
        moment = datetime.fromtimestamp(self._now, timezone.utc)
        choice = choose_next(self.office, here, heads, moment, self._care_counter_open(),
                             self._as_waiting(self.tickets[to_here[0]]) if to_here else None,
                             counter.care_streak, appointments=self._due_appointments(here),
                             appointments_only=self._appointments_only(moment))
        if choice is None:
            return None
        counter.care_streak = counter.care_streak + 1 if choice.queue == self.office.care_queue.id else 0
        return self._call(number, self.tickets[choice.id])

    def _CallNumber(self, cmd: CallNumber) -> Ticket:
        number = self._counter(cmd.counter)
        wanted = cmd.number.strip().upper()
        t = self.find_number(wanted, self.day)
        if t is None:
            raise Refusal("not_found", f"no ticket {wanted} today")
        if t.status == Status.CALLED and t.counter == number:
            raise Refusal("conflict", f"{t.number} is already called to this counter; use recall")
        if t.status not in (*WAITING_STATES, Status.NO_SHOW):
            raise Refusal("conflict", f"{t.number} is {t.status}, it cannot be called")
        self._finish_current(number)
        return self._call(number, t)

    def _Recall(self, cmd: Recall) -> Ticket:
        number = self._counter(cmd.counter)
        t = self._current_or_refuse(number, "this counter has no current ticket to recall")
        self._change(t, called_at=self._now, recalls=t.recalls + 1)
        self._emit(TICKET_RECALLED, ticket=t, counter=number)
        return t.copy()

    def _NoShow(self, cmd: NoShow) -> Ticket:
        number = self._counter(cmd.counter)
        self._current_or_refuse(number, "this counter has no current ticket")
        return self._finish_current(number, Status.NO_SHOW)

    def _Complete(self, cmd: Complete) -> Ticket:
        number = self._counter(cmd.counter)
        self._current_or_refuse(number, "this counter has no current ticket")
        return self._finish_current(number)

    def _Transfer(self, cmd: Transfer) -> Ticket:
        number = self._counter(cmd.counter)
        if (cmd.service is None) == (cmd.to_counter is None):
            raise Refusal("invalid", 'give either {"service": ID} or {"counter": N}')
        t = self._current_or_refuse(number, "this counter has no current ticket to transfer")
        values: dict = {"status": Status.TRANSFERRED, "counter": None}
        if cmd.service is not None:
            try:
                service = self.office.service(cmd.service)
            except KeyError:
                raise Refusal("invalid", f"unknown service {cmd.service!r}") from None
            # The ticket keeps its issue order, so it keeps its place in the new queue.
            values.update(service=service.id, queue=t.queue if t.category else service.queue)
        else:
            try:
                self.office.counter(cmd.to_counter)
            except KeyError:
                raise Refusal("invalid", f"unknown counter {cmd.to_counter}") from None
            if cmd.to_counter == number:
                raise Refusal("conflict", "the ticket is already at this counter")
            values["target_counter"] = cmd.to_counter
        self._learn(number, t)
        self._change(t, **values)
        self.counters[number].ticket_id = None
        self._emit(TICKET_TRANSFERRED, ticket=t, counter=number,
                   data={"to": {"service": cmd.service, "counter": cmd.to_counter}})
        return t.copy()

    def _Pause(self, cmd: Pause) -> CounterView:
        number = self._counter(cmd.counter)
        self._finish_current(number)
        counter = self.counters[number]
        counter.status, counter.reason = "paused", cmd.reason.strip()
        self.paused_since[number] = self._now
        self._emit(COUNTER_PAUSED, counter=number, data={"reason": counter.reason})
        return self.view(number)

    def _Resume(self, cmd: Resume) -> CounterView:
        number = self._counter(cmd.counter)
        counter = self.counters[number]
        counter.status, counter.reason = "open", ""
        self.paused_since.pop(number, None)
        self._emit(COUNTER_RESUMED, counter=number)
        return self.view(number)

    def _RaiseAlert(self, cmd: RaiseAlert) -> Alert:
        alert = next((a for a in self.alerts.values() if a.source == cmd.source and a.kind == cmd.kind), None)
        if alert is None:
            self.last_alert_id += 1
            alert = Alert(self.last_alert_id, cmd.source, cmd.kind, cmd.code, dict(cmd.message), self._now)
            self.alerts[alert.id] = alert
        else:
            alert.code, alert.message, alert.raised_at = cmd.code, dict(cmd.message), self._now
        self._emit(ALERT_RAISED, alert=alert)
        return replace(alert)

    def _Rate(self, cmd: Rate) -> Rating:
        number = self._counter(cmd.counter)
        if not 1 <= cmd.score <= 5:
            raise Refusal("invalid", "score must be 1 to 5")
        unknown = [r for r in cmd.reasons if r not in RATING_REASONS]
        if unknown:
            raise Refusal("invalid", f"unknown reasons {unknown}; reasons are {list(RATING_REASONS)}")
        counter = self.counters[number]
        t = self.tickets.get(counter.last_done_id) if counter.last_done_id is not None else self.current(number)
        if t is None:
            raise Refusal("conflict", "this counter has served nobody to rate yet")
        if t.id in self.rated:
            raise Refusal("conflict", f"{t.number} is already rated")
        self.last_rating_id += 1
        rating = Rating(self.last_rating_id, t.id, number, self.clerk_at(number), t.service,
                        cmd.score, tuple(dict.fromkeys(cmd.reasons)), self._now)
        self.rated.add(t.id)
        self._emit(TICKET_RATED, ticket=t, data={"rating": rating})
        return rating

    def _ChangeOffice(self, cmd: ChangeOffice) -> Office:
        new, old = cmd.office, self.office
        same = ([q.id for q in new.queues] == [q.id for q in old.queues]
                and [s.id for s in new.services] == [s.id for s in old.services]
                and [c.number for c in new.counters] == [c.number for c in old.counters])
        if not same:
            raise Refusal("invalid", "the queues, services and counters cannot change while the service runs; "
                          "change the office file and restart")
        self.office = new
        self.relearn()  # the typical minutes are the estimates' starting point
        self._estimates = None
        self._emit(OFFICE_CHANGED, data={"office": new.to_json()})
        return new

    def _ClearAlert(self, cmd: ClearAlert) -> int:
        found = [a for a in self.alerts.values() if a.source == cmd.source and a.kind == cmd.kind]
        for alert in found:
            alert.cleared_at = self._now
            del self.alerts[alert.id]
            self._emit(ALERT_CLEARED, alert=alert)
        return len(found)

    # ----- steps shared by the commands ---------------------------------------------------------

    def _check_open(self) -> None:
        """Ordinary tickets only in opening hours (shared.hours), not in an appointment-only
        session: refused as "closed", saying when the office opens."""
        if self.office.hours is None:
            return
        local = datetime.fromtimestamp(self._now, self.office.tz)
        state = state_at(self.office.hours, local)
        if not state.open:
            raise Refusal("closed", hours_words.refusal(state, local))

    def _appointment_rules(self) -> A.AppointmentRules:
        if self.office.appointments is None:
            raise Refusal("conflict", "this office takes no appointments (no [appointments] in its office file)")
        return self.office.appointments

    def _find_booking(self, cmd: CheckIn) -> Appointment:
        code, phone = cmd.code.strip(), cmd.phone_last4.strip()
        if code:
            a = self.appointments.get(code)
            if a is None:
                raise Refusal("not_found", f"no booking with code {code}")
            return a
        if not phone:
            raise Refusal("invalid", "give the booking code, or the last 4 digits of the phone given when booking")
        today = self.day or self.today(self._now)
        found = [a for a in self.appointments.values() if a.day == today and a.phone_last4 == phone
                 and a.status in (A.BOOKED, A.NO_SHOW)]
        if not found:
            raise Refusal("not_found", f"no booking today for a phone ending in {phone}")
        if len(found) > 1:
            raise Refusal("conflict", f"{len(found)} bookings today for a phone ending in {phone}: "
                                      "type the booking code instead")
        return found[0]

    def _refresh_no_show_due(self) -> None:
        rules = self.office.appointments
        due = [a.late_after(self.office.tz, rules.late_minutes) for a in self.appointments.values()
               if a.status == A.BOOKED] if rules else []
        self._no_show_due = min(due) if due else None

    def _mark_no_shows(self) -> None:
        """Booked appointments whose check-in time is over are no-shows."""
        rules, tz = self.office.appointments, self.office.tz
        for a in sorted(self.appointments.values(), key=lambda a: (a.day, a.slot, a.id)):
            if a.status == A.BOOKED and self._now > a.late_after(tz, rules.late_minutes):
                a.status = A.NO_SHOW
                self._emit(APPOINTMENT_NO_SHOW, data={"appointment": a.copy()})
        self._refresh_no_show_due()

    def _forget_appointments_before(self, day: str) -> None:
        """At the day change: earlier days' bookings not kept are no-shows, then only the
        record keeps them."""
        if self.office.appointments is None:
            return
        for a in list(self.appointments.values()):
            if a.day < day:
                if a.status == A.BOOKED:
                    a.status = A.NO_SHOW
                    self._emit(APPOINTMENT_NO_SHOW, data={"appointment": a.copy()})
                del self.appointments[a.code]
                if a.ticket_id is not None and a.ticket_id not in self.tickets:
                    self.appointment_of.pop(a.ticket_id, None)
        self._refresh_no_show_due()

    def _due_appointments(self, counter) -> list[Waiting]:
        """The appointment tickets waiting, with their slots, that this counter takes."""
        rules = self.office.appointments
        if rules is None:
            return []
        out = []
        for i in self.lines.get(rules.queue, []):
            t = self.tickets[i]
            out.append(Waiting(t.id, t.queue, _utc(t.issued_at), t.service, self._slot(t)))
        return out

    def _slot(self, t: Ticket) -> datetime:
        """An appointment ticket's slot (its issue time if its booking is not known)."""
        a = self.appointment_of.get(t.id)
        return a.slot_at(self.office.tz) if a else _utc(t.issued_at)

    def _appointments_only(self, moment: datetime) -> bool:
        """An appointment-only session at `moment` (shared.hours): counters call appointment
        tickets only."""
        return self.office.hours is not None and state_at(self.office.hours,
                                                          moment.astimezone(self.office.tz)).appointments_only

    def _counter(self, number: int) -> int:
        if number not in self.counters:
            raise Refusal("not_found", f"no counter {number}")
        return number

    def _current_or_refuse(self, number: int, message: str) -> Ticket:
        t = self.current(number)
        if t is None:
            raise Refusal("conflict", message)
        return t

    def _finish_current(self, number: int, status: str = Status.DONE) -> Ticket | None:
        t = self.current(number)
        if t is None:
            return None
        self._learn(number, t)
        self._change(t, status=status, completed_at=self._now)
        self.counters[number].ticket_id = None
        if status == Status.DONE:
            self.counters[number].last_done_id = t.id
        self._emit(TICKET_COMPLETED if status == Status.DONE else TICKET_NO_SHOW, ticket=t, counter=number)
        a = self.appointment_of.get(t.id)
        if status == Status.DONE and a is not None and a.status == A.CHECKED_IN:
            a.status = A.SERVED
            self._emit(APPOINTMENT_SERVED, ticket=t, data={"appointment": a.copy()})
        return t.copy()

    def _call(self, number: int, t: Ticket) -> Ticket:
        self._change(t, status=Status.CALLED, called_at=self._now, counter=number, target_counter=None,
                     first_called_at=t.first_called_at or self._now,
                     clerk=t.clerk if t.first_called_at else self.clerk_at(number))
        self.counters[number].ticket_id = t.id
        self.serving_since[number] = self._now
        self._emit(TICKET_CALLED, ticket=t, counter=number)
        return t.copy()

    def _learn(self, number: int, t: Ticket) -> None:
        """The time this counter spent on its citizen, for the estimates (never negative)."""
        since = self.serving_since.pop(number, t.called_at or self._now)
        self.learner.add(t.service, max(0.0, self._now - since) / 60, number)

    def _care_counter_open(self) -> bool:
        return any(c.is_care and self.counters[c.number].status == "open" for c in self.office.counters)

    @staticmethod
    def _as_waiting(t: Ticket) -> Waiting:
        return Waiting(t.id, t.queue, datetime.fromtimestamp(t.issued_at, timezone.utc), t.service)

    def _emit(self, type_: str, ticket: Ticket | None = None, counter: int | None = None,
              alert: Alert | None = None, tickets: tuple[Ticket, ...] = (), data: dict | None = None) -> None:
        self.seq += 1
        event = Event(type_, self.seq, self._now, self.waiting_counts(),
                      ticket=ticket.copy() if ticket else None,
                      counter=self.view(counter) if counter is not None else None,
                      alert=replace(alert) if alert else None, tickets=tickets, data=data or {})
        if type_ in CALL_EVENTS:
            self.recent_calls.appendleft(Call(event.seq, type_, self._now, ticket.number, ticket.id,
                                              ticket.queue, counter))
        self._events.append(event)

    # ----- keeping the lines in step with a ticket --------------------------------------------

    def _change(self, t: Ticket, **values) -> None:
        self._for_estimate.pop(t.id, None)
        self._unindex(t)
        for k, v in values.items():
            setattr(t, k, v)
        self._index(t)

    def _line(self, t: Ticket) -> list[int]:
        if t.target_counter is not None:
            return self.lines_to_counter.setdefault(t.target_counter, [])
        return self.lines.setdefault(t.queue, [])

    def _index(self, t: Ticket) -> None:
        if t.waiting:
            bisect.insort(self._line(t), t.id)
        if t.status in ACTIVE_STATES:
            self.in_use.setdefault(t.queue, set()).add(t.seq_no)

    def _unindex(self, t: Ticket) -> None:
        if t.waiting:
            line = self._line(t)
            i = bisect.bisect_left(line, t.id)
            if i < len(line) and line[i] == t.id:
                del line[i]
        if t.status in ACTIVE_STATES:
            self.in_use.get(t.queue, set()).discard(t.seq_no)
