"""Tickets: their life cycle, their numbers and the business day they belong to."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo


class Status(StrEnum):
    WAITING = "waiting"          # in its queue
    CALLED = "called"            # called to a counter, being served
    DONE = "done"                # served
    NO_SHOW = "no_show"          # called, did not come; can be called again by number
    CANCELLED = "cancelled"      # left the queue (e.g. still waiting when the day closed)
    TRANSFERRED = "transferred"  # sent on to another service or counter, waiting there


WAITING_STATES = (Status.WAITING, Status.TRANSFERRED)
# A number in one of these states is in use: it is never handed out again.
ACTIVE_STATES = (Status.WAITING, Status.TRANSFERRED, Status.CALLED)
MAX_NUMBER = 999


def format_number(prefix: str, n: int) -> str:
    """A018: the queue's prefix and three digits."""
    return f"{prefix}{n:03d}"


def next_free_number(last: int, in_use: set[int]) -> int:
    """The number after `last` (1..999, wrapping), skipping numbers still in use."""
    n = last
    for _ in range(MAX_NUMBER):
        n = n % MAX_NUMBER + 1
        if n not in in_use:
            return n
    raise OverflowError("all 999 numbers of this queue are waiting or being served")


def business_day(moment: datetime, tz: ZoneInfo) -> date:
    """The office's calendar day of an instant: numbering restarts when it changes."""
    return moment.astimezone(tz).date()


def roc_date(moment: datetime | date, with_weekday: bool = False) -> str:
    """民國115年11月26日 (optionally with （四）): the date as Taiwanese offices write it."""
    d = moment.date() if isinstance(moment, datetime) else moment
    text = f"民國{d.year - 1911}年{d.month}月{d.day}日"
    if with_weekday:
        text += f"（{'一二三四五六日'[d.weekday()]}）"
    return text
