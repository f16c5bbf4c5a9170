"""Which waiting ticket a counter calls next.

The rules, in order, for one counter:
1. A ticket transferred to this very counter goes first (it was already being served).
2. A general counter that helps the care queue takes the oldest care ticket when it has
   waited longer than the care limit, or when no care counter is open.
3. Otherwise the counter's queues in the order it lists them (`serves`): the care counter
   calls care tickets first, then general ones; with `care_in_a_row = N` it takes a
   general ticket after N care tickets in a row, so general tickets keep moving too.
Inside one queue: first come, first served (oldest issue time first).

Appointment tickets (`appointments`: the checked-in ones waiting, each with its slot as
`not_before`) come between rules 1 and 2:
- From its slot, an appointment ticket is called by the first counter that becomes free
  and takes its service, before any general or care ticket (but after a ticket
  transferred to that counter). Several due: the earliest slot first, then check-in order.
  Before its slot it waits, whatever else waits.
- Nobody starves: a care ticket that has waited past the care limit still goes first, at
  a counter that takes care tickets (the care counter, or a general one helping care).
- In an appointment-only session (`appointments_only`) counters call appointment tickets
  only (and tickets transferred to them).

A counter limited to some services (`Counter.services`) is only ever routed tickets of
those: its heads (`heads_for`) are, in each queue, the oldest ticket of its services, so
rules 2 and 3 (the care limit too) work on those alone. The other tickets wait for the
counters that take them, and count as waiting all the while; a ticket no open counter
takes waits (and has no estimate) until one opens. A ticket a clerk transferred to the
counter (rule 1) or calls by its number is the clerk's choice, not routing: it is called.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Iterable, Mapping, Sequence, TypeVar

from shared.office import Counter, Office


@dataclass(frozen=True)
class Waiting:
    """The facts routing needs about a waiting ticket."""

    id: int
    queue: str
    issued_at: datetime
    service: str = ""
    not_before: datetime | None = None   # an appointment ticket: its slot


Item = TypeVar("Item")


def heads_for(counter: Counter, lines: Mapping[str, Iterable[Item]], waiting: Callable[[Item], Waiting]
              ) -> dict[str, Waiting]:
    """Each queue's oldest ticket `counter` takes: `lines` holds each queue's waiting tickets
    in call order (as anything `waiting` turns into a `Waiting`)."""
    heads = {}
    for queue, line in lines.items():
        for item in line:
            w = waiting(item)
            if counter.takes(w.service):
                heads[queue] = w
                break
    return heads


def choose_next(
    office: Office,
    counter: Counter,
    heads: dict[str, Waiting],
    now: datetime,
    care_counter_open: bool,
    transferred_here: Waiting | None = None,
    care_streak: int = 0,
    appointments: Sequence[Waiting] = (),
    appointments_only: bool = False,
) -> Waiting | None:
    """`heads` maps each queue to its oldest waiting ticket this counter takes (queues with
    none left out; `heads_for`); `care_streak` is how many care tickets this counter called
    in a row just before."""
    if transferred_here is not None:
        return transferred_here
    if counter.services:
        heads = {q: w for q, w in heads.items() if counter.takes(w.service)}
    care = office.care_queue.id
    care_head = heads.get(care)
    due = [w for w in appointments if counter.takes(w.service) and (w.not_before is None or w.not_before <= now)
           ] if appointments else ()
    if due or appointments_only:
        if care_head is not None and not appointments_only and (counter.is_care or counter.help_care):
            if (now - care_head.issued_at).total_seconds() / 60 >= office.care_limit_for(counter):
                return care_head
        return min(due, key=lambda w: (w.not_before or w.issued_at, w.id)) if due else None
    if care_head is not None and not counter.is_care and counter.help_care:
        waited_minutes = (now - care_head.issued_at).total_seconds() / 60
        if not care_counter_open or waited_minutes >= office.care_limit_for(counter):
            return care_head
    order = counter.serves
    if counter.care_in_a_row and care_streak >= counter.care_in_a_row and care in order:
        order = [q for q in order if q != care] + [care]
    for queue_id in order:
        if queue_id in heads:
            return heads[queue_id]
    return None
