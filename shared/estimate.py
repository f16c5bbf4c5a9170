"""How long a new ticket will roughly wait.

The work ahead (each waiting ticket's expected service time) shared among the open
counters that call from the queue. A service's expected time is today's measured average
once a few tickets of it were served, before that the office's typical time.
"""

from __future__ import annotations

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
