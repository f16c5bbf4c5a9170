"""Appointments: citizens who booked a slot check in at the kiosk and do not wait.

The rules (the hall's commands `Book`, `CancelAppointment`, `CheckIn` apply them; who is
called when is `shared.routing`):
- An appointment is a day, a slot time ("HH:MM", the office's wall clock), a service and a
  booking code of CODE_DIGITS digits (unguessable: drawn by `secrets`, typed on the
  kiosk's numeric pad), with an optional short note and the last 4 digits of a phone.
- The note is for the clerk to recognise the citizen and holds at most initials (Latin
  letters, up to 3 a word, e.g. "W.X.M.") and the last digits of a phone (up to 4).
  Refused (personal data law), each with its reason: Chinese characters (a name), a word
  of more than 3 letters (a name), more than 4 digits (a phone or ID number), anything
  shaped like a national ID (A123456789), and other signs.
- Status: booked -> checked_in -> served; booked -> late (checked in more than
  `late_minutes` after the slot: an ordinary ticket of the service instead, told why);
  booked -> no_show (not checked in `late_minutes` after the slot; the Tick marks it, and
  a citizen who comes later that day still gets an ordinary ticket: status late);
  booked -> cancelled. Early check-in is fine, on the appointment's day only.
- "More than N minutes after the slot": at slot + N minutes exactly it is still on time.
- Reports count, per day and service: booked (all but cancelled), kept (checked in on
  time), late, missed (no-shows) and cancelled.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Callable, Iterable
from zoneinfo import ZoneInfo

from shared.i18n import Text

CODE_DIGITS = 6
NOTE_MAX = 20
LATE_MINUTES = 15
QUEUE_ID = "appointment"
PREFIX = "R"

BOOKED = "booked"
CHECKED_IN = "checked_in"
SERVED = "served"
LATE = "late"
NO_SHOW = "no_show"
CANCELLED = "cancelled"
STATUSES = (BOOKED, CHECKED_IN, SERVED, LATE, NO_SHOW, CANCELLED)

LATE_REASON = Text("您晚到超過 {minutes} 分鐘，已改為一般號碼，謝謝您耐心等候",
                   "You came over {minutes} min late, so this is an ordinary number. Thank you for waiting")


@dataclass(frozen=True)
class AppointmentRules:
    """The office file's `[appointments]`: the appointment tickets' queue and prefix, and
    how late a citizen may check in."""

    queue: str = QUEUE_ID
    prefix: str = PREFIX
    name: Text = Text("預約", "Appointment")
    late_minutes: float = LATE_MINUTES

    def to_json(self) -> dict:
        return {"queue": self.queue, "prefix": self.prefix, "name": self.name.to_json(),
                "late_minutes": self.late_minutes}


@dataclass
class Appointment:
    id: int
    code: str
    day: str                    # YYYY-MM-DD
    slot: str                   # HH:MM, the office's wall clock
    service: str
    note: str = ""
    phone_last4: str = ""
    status: str = BOOKED
    ticket_id: int | None = None
    booked_at: float = 0.0
    checked_in_at: float | None = None

    def slot_at(self, tz: ZoneInfo) -> datetime:
        return datetime.combine(date.fromisoformat(self.day), time.fromisoformat(self.slot), tz)

    def late_after(self, tz: ZoneInfo, late_minutes: float) -> float:
        """The moment (seconds since the epoch) after which a check-in is late."""
        return (self.slot_at(tz) + timedelta(minutes=late_minutes)).timestamp()

    def copy(self) -> "Appointment":
        new = object.__new__(Appointment)
        new.__dict__.update(self.__dict__)
        return new


# ----- checking what people type -------------------------------------------------------------

class BadInput(ValueError):
    """A field that cannot be taken; the message says why, in English, for an admin."""


_ID = re.compile(r"[A-Z][12489]\d{8}")
_SLOT = re.compile(r"^(\d{1,2}):(\d{2})$")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORDS = re.compile(r"[A-Za-z]+|\d+|[^\sA-Za-z\d]")
_SEPARATORS = set(".-/,")


def check_note(note: str | None) -> str:
    """The note as kept (trimmed), or BadInput saying what it refuses and why."""
    note = (note or "").strip()
    if not note:
        return ""
    if len(note) > NOTE_MAX:
        raise BadInput(f"note is longer than {NOTE_MAX} characters: it holds at most initials and the last "
                       "4 digits of a phone, e.g. \"W.X.M. 5678\"")
    if _CJK.search(note):
        raise BadInput("note has Chinese characters, which look like a name: write Latin initials instead, "
                       "e.g. \"W.X.M.\" (never a full name, phone or ID number)")
    if _ID.search(note.upper().replace(" ", "")):
        raise BadInput("note looks like a national ID number: never write one; at most initials and the "
                       "last 4 digits of a phone")
    digits = sum(c.isdigit() for c in note)
    if digits > 4:
        raise BadInput(f"note has {digits} digits, which looks like a phone or ID number: at most the last "
                       "4 digits of a phone")
    for word in _WORDS.findall(note):
        if word.isalpha() and len(word) > 3:
            raise BadInput(f"note word {word!r} looks like a name: only initials (up to 3 letters a word, e.g. "
                           "\"WXM\" or \"W.X.M.\")")
        if not word.isalnum() and word not in _SEPARATORS:
            raise BadInput(f"note has {word!r}: only initials, digits, spaces and . - / , are kept")
    return note


def check_phone_last4(value: str | None) -> str:
    value = (value or "").strip()
    if value and not (len(value) == 4 and value.isascii() and value.isdigit()):
        raise BadInput("phone_last4 must be exactly the last 4 digits of a phone, e.g. \"5678\"")
    return value


def check_code(value: str) -> str:
    value = (value or "").strip()
    if not (len(value) == CODE_DIGITS and value.isascii() and value.isdigit()):
        raise BadInput(f"code must be {CODE_DIGITS} digits, e.g. \"{'4' * CODE_DIGITS}\"")
    return value


def check_day(value: str) -> str:
    try:
        return date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise BadInput(f"day {value!r} must be a date like 2026-11-27") from None


def check_slot(value: str) -> str:
    m = _SLOT.match(str(value).strip())
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise BadInput(f"time {value!r} must be a time like 10:00 (24-hour clock)")
    return f"{int(m.group(1)):02d}:{m.group(2)}"


def new_code(taken: Callable[[str], bool]) -> str:
    """A code of CODE_DIGITS random digits that `taken` does not know (no leading zero,
    so that a spreadsheet keeps it)."""
    for _ in range(1000):
        code = str(secrets.randbelow(9 * 10 ** (CODE_DIGITS - 1)) + 10 ** (CODE_DIGITS - 1))
        if not taken(code):
            return code
    raise RuntimeError("no free booking code found in 1000 draws")


# ----- reports -----------------------------------------------------------------------------------

FIGURES = ("booked", "kept", "late", "missed", "cancelled")


def figures(appointments: Iterable[Appointment]) -> dict[str, dict[str, dict[str, int]]]:
    """{day: {service: {booked, kept, late, missed, cancelled}}}: booked counts every
    appointment not cancelled; kept those checked in on time (waiting, called or served)."""
    out: dict[str, dict[str, dict[str, int]]] = {}
    for a in appointments:
        row = out.setdefault(a.day, {}).setdefault(a.service, dict.fromkeys(FIGURES, 0))
        if a.status == CANCELLED:
            row["cancelled"] += 1
            continue
        row["booked"] += 1
        if a.status in (CHECKED_IN, SERVED):
            row["kept"] += 1
        elif a.status == LATE:
            row["late"] += 1
        elif a.status == NO_SHOW:
            row["missed"] += 1
    return out
