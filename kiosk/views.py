"""What each kiosk screen shows, computed by plain functions from the office, the state and
the ticket (no Qt: tests check them directly). Texts are bilingual `Text`s; a screen shows
the chosen language large and the other under it.

Rules: services, categories and queues always come from the office; the care path is the
office's categories and a care ticket waits near the counters that take the queue the
office routes categories to first. Dates are 民國 in Chinese, Western in English."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from shared import catalogue
from shared.catalogue import appointments as appointment_words
from shared.catalogue import hours as hours_words
from shared.catalogue import kiosk as words
from shared.estimate import format_range
from shared.hours import state_at
from shared.i18n import Text
from shared.office import Office, Queue
from shared.tickets import roc_date


@dataclass(frozen=True)
class Choice:
    """A touch target: what it asks for (a service or category id) and its name."""
    id: str
    name: Text


@dataclass(frozen=True)
class ClosedView:
    """Outside opening hours, instead of the services: closed, or appointments only."""
    title: Text
    opens: Text                       # 「下次開放：週一 08:00」
    hours: Text | None                # the office's hours as people read them
    session: Text | None = None       # in an appointment-only session: its name and end
    services: Text | None = None      # …and the services it is for, when not all
    check_in: Text | None = None      # …and that those who booked check in here

    @property
    def appointments_only(self) -> bool:
        return self.session is not None


@dataclass(frozen=True)
class HomeView:
    office: Text
    services: tuple[Choice, ...]
    care_title: Text
    categories: tuple[Choice, ...]
    footer: Text                      # the waiting counts, or that the printer is not printing
    printer_down: bool
    clock: Text
    closed: ClosedView | None = None  # outside opening hours: shown instead of the services
    appointments: bool = True         # the appointment check-in is offered (open, or a session)


@dataclass(frozen=True)
class CareView:
    title: Text
    category: Choice
    services: tuple[Choice, ...]


@dataclass(frozen=True)
class ConfirmationView:
    number: str
    care: bool
    service: Text
    where: Text
    ahead: Text
    documents: tuple[Text, ...]
    band: Text                        # printing / take your ticket / note your number
    fault: Text | None                # why it did not print, and that the clerks know
    note: Text | None                 # a touch after the ticket: it is already issued
    countdown: Text
    booked: Text | None = None        # an appointment's slot and service, or why it became ordinary


@dataclass(frozen=True)
class MessageView:
    busy: bool                        # a spinner; otherwise a fault (a warning sign)
    title: Text
    detail: Text | None = None


def choices(items) -> tuple[Choice, ...]:
    return tuple(Choice(item.id, item.name) for item in items)


def clock_text(now: datetime) -> Text:
    return Text(f"{roc_date(now, with_weekday=True)} {now:%H:%M}", f"{now:%a} {now.day} {now:%b %Y  %H:%M}")


def care_queue(office: Office) -> Queue:
    """The queue the office routes categories to. The office as a device gets it does not
    say which queues a counter serves: then it is the queue no service leads to."""
    try:
        return office.care_queue
    except KeyError:
        unrouted = [q for q in office.queues if all(s.queue != q.id for s in office.services)]
        return (unrouted or list(office.queues))[-1]


def home_view(office: Office, state: dict | None, now: datetime, printer_down: bool = False) -> HomeView:
    waiting = (state or {}).get("waiting", {})
    counts = Text.join((words.WAITING_QUEUE.format(queue=q.name, n=waiting.get(q.id, 0)) for q in office.queues),
                       "・", " · ")
    closed = closed_view(office, now)
    return HomeView(office.name, choices(office.services), care_queue(office).name, choices(office.categories),
                    words.PRINTER_DOWN if printer_down else words.WAITING + counts, printer_down, clock_text(now),
                    closed, closed is None or closed.appointments_only)


def closed_view(office: Office, now: datetime) -> ClosedView | None:
    """None in opening hours (shared.hours, at the service's time `now`)."""
    if office.hours is None:
        return None
    local = now.astimezone(office.tz)
    state = state_at(office.hours, local)
    if state.open:
        return None
    hours = office.hours_text if office.hours_text.zh else hours_words.summary(office.hours)
    opens = hours_words.next_opening(state, local)
    if not state.appointments_only:
        return ClosedView(hours_words.CLOSED, opens, hours)
    until = hours_words.SESSION_UNTIL.format(time=f"{state.closes_at:%H:%M}")
    session = state.session + Text("・", " · ") + until if state.session else until
    names = [s.name for s in office.services if s.id in state.services]
    only = hours_words.ONLY_SERVICES.format(services=Text.join(names, "、", ", ")) if names else None
    return ClosedView(hours_words.APPOINTMENTS_ONLY, opens, hours, session, only, hours_words.CHECK_IN)


def care_view(office: Office, category_id: str) -> CareView:
    category = next((c for c in office.categories if c.id == category_id), None)
    choice = Choice(category_id, category.name if category else Text(category_id, category_id))
    return CareView(care_queue(office).name + Text("・", " · ") + choice.name, choice, choices(office.services))


def where_to_wait(office: Office, ticket: dict) -> Text:
    """Near the counters that take the ticket's queue first, when that is the care queue;
    otherwise anywhere in the hall."""
    care = care_queue(office).id
    if (ticket.get("queue") or (care if ticket.get("category") else "")) != care:
        return words.GO_HALL
    first = [c.name for c in office.counters if c.serves and c.serves[0] == care] or \
        [c.name for c in office.counters if c.is_care]
    return words.GO_TO.format(counter=Text.join(first, "、", ", ")) if first else words.GO_HALL


def wait_range_text(low: float, high: float) -> Text:
    """「約 10–20 分鐘」 / "about 10–20 minutes"."""
    return Text(format_range(low, high, "zh-TW"), format_range(low, high, "en"))


def confirmation_view(office: Office, ticket: dict, ahead: int, wait_minutes: float | list | None,
                      printing: str = "printing", fault: Text | None = None, note: bool = False,
                      seconds_left: int = 0, booked: Text | None = None,
                      called_from: Text | None = None) -> ConfirmationView:
    """`printing`: "printing", "printed" or "fault" (then `fault` says why). An appointment
    check-in: `booked` (its slot and service, or why the ticket is ordinary) and, for an
    appointment ticket, `called_from` and its wait's range instead of how many wait ahead."""
    service = next((s for s in office.services if s.id == ticket.get("service")), None)
    label = service.name if service else Text.from_json(ticket.get("service"))
    category = next((c for c in office.categories if c.id == ticket.get("category")), None)
    if category is not None:
        label = label + Text("・", " · ") + category.name
    if ahead <= 0:
        ahead_text = words.NEXT_UP
    elif isinstance(wait_minutes, (list, tuple)):  # the service's range, e.g. [10, 20]
        ahead_text = words.AHEAD_RANGE.format(ahead=ahead, range=wait_range_text(*wait_minutes))
    elif wait_minutes is None:
        ahead_text = words.AHEAD.format(ahead=ahead)
    else:
        ahead_text = words.AHEAD_WAIT.format(ahead=ahead, minutes=max(1, round(wait_minutes)))
    if called_from is not None:  # an appointment ticket: its slot, and when it is likely called
        ahead_text = called_from
        if isinstance(wait_minutes, (list, tuple)) and len(wait_minutes) == 2:
            ahead_text = called_from + Text("・", " · ") + wait_range_text(*wait_minutes)
    band = {"printed": words.PRINTED, "fault": words.NOTE_NUMBER}.get(printing, words.PRINTING)
    return ConfirmationView(
        str(ticket.get("number", "")), bool(ticket.get("category")), label, where_to_wait(office, ticket), ahead_text,
        service.documents if service else (), band,
        Text.join([fault, words.CLERKS_TOLD], "・", " · ") if printing == "fault" and fault else None,
        words.ALREADY_ISSUED if note else None,
        words.HOME_IN.format(seconds=seconds_left) if seconds_left > 0 else Text("", ""), booked)


def check_in_problem(error_code: str | None, message: str, by_phone: bool) -> Text:
    """A refused check-in, said plainly (the service's message is for staff, in English)."""
    if error_code == "not_found":
        return appointment_words.UNKNOWN_PHONE if by_phone else appointment_words.UNKNOWN_CODE
    if error_code == "closed":
        return appointment_words.LATE_CLOSED
    if error_code == "conflict":
        for phrase, text in (("type the booking code", appointment_words.SEVERAL),
                             ("already checked in", appointment_words.USED),
                             ("cancelled", appointment_words.CANCELLED),
                             ("not today", appointment_words.OTHER_DAY), ("was for", appointment_words.OTHER_DAY),
                             ("earlier day", appointment_words.OTHER_DAY)):
            if phrase in message:
                return text
    return appointment_words.CANNOT


def paused_view(status: str, started: bool) -> MessageView:
    """No tickets while the queue system cannot be reached or refuses this kiosk's token."""
    if status == "refused":
        return MessageView(False, words.PAUSED, catalogue.ERRORS["unauthorized"])
    if not started:
        return MessageView(True, words.CONNECTING)
    return MessageView(False, words.PAUSED, words.RECONNECTING)


def refused_view(error_code: str | None) -> MessageView:
    detail = catalogue.ERRORS.get(error_code or "", words.BAD_ANSWER)
    return MessageView(False, words.NO_TICKET, detail)


def staff_lines(service_url: str, connected: bool, printer_url: str, printer_fault: Text | None,
                printer_checked: bool) -> tuple[Text, ...]:
    printer_state = printer_fault or (words.PRINTER_OK if printer_checked else words.PRINTER_UNKNOWN)
    return (words.STAFF_SERVICE.format(url=service_url, state=words.ONLINE if connected else words.OFFLINE),
            words.STAFF_PRINTER.format(printer=printer_url, state=printer_state))
