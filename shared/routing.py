"""Which waiting ticket a counter calls next.

The rules, in order, for one counter:
1. A ticket transferred to this very counter goes first (it was already being served).
2. A general counter that helps the care queue takes the oldest care ticket when it has
   waited longer than the care limit, or when no care counter is open.
3. Otherwise the counter's queues in the order it lists them (`serves`): the care counter
   calls care tickets first, then general ones; with `care_in_a_row = N` it takes a
   general ticket after N care tickets in a row, so general tickets keep moving too.
Inside one queue: first come, first served (oldest issue time first).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from shared.office import Counter, Office


@dataclass(frozen=True)
class Waiting:
    """The facts routing needs about a waiting ticket."""

    id: int
    queue: str
    issued_at: datetime
    service: str = ""


def choose_next(
    office: Office,
    counter: Counter,
    heads: dict[str, Waiting],
    now: datetime,
    care_counter_open: bool,
    transferred_here: Waiting | None = None,
    care_streak: int = 0,
) -> Waiting | None:
    """`heads` maps each queue to its oldest waiting ticket (queues with nobody left out);
    `care_streak` is how many care tickets this counter called in a row just before."""
    if transferred_here is not None:
        return transferred_here
    care = office.care_queue.id
    care_head = heads.get(care)
    if care_head is not None and not counter.is_care and counter.help_care:
        waited_minutes = (now - care_head.issued_at).total_seconds() / 60
        if not care_counter_open or waited_minutes >= office.care_limit_for(counter):
            return care_head
    order = list(counter.serves)
    if counter.care_in_a_row and care_streak >= counter.care_in_a_row and care in order:
        order.remove(care)
        order.append(care)
    for queue_id in order:
        if queue_id in heads:
            return heads[queue_id]
    return None
