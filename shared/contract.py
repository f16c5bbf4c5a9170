"""The wire contract between the service and its devices, as typed models (pydantic only).

Rules:
- These models are the JSON the service sends and accepts under /api/v1 and on
  WS /events; `shared/protocol.py` holds the names (paths, event types, error codes).
  A field added to the wire is added here, once.
- Answers and events are read leniently (unknown fields are ignored), so a device keeps
  working with a newer service; request bodies are checked strictly enough that what
  the schema allows, the service accepts (office-specific values such as service ids are
  narrowed in the OpenAPI page by the service, which knows its office).
- Times are ISO 8601 strings with the office's UTC offset; a bilingual text is
  {"zh-TW": ..., "en": ...}.
- Every refusal is {"error": {"code", "message"}} with a code of `ErrorCode`.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

from shared import hall as H
from shared import protocol as P

# ----- small pieces ------------------------------------------------------------------------


class Name(BaseModel):
    """A text in Traditional Chinese and English."""

    model_config = ConfigDict(validate_by_name=True, validate_by_alias=True, serialize_by_alias=True)
    zh_tw: str = Field(alias="zh-TW")
    en: str


TicketStatus = Literal["waiting", "called", "done", "no_show", "cancelled", "transferred"]
CounterKind = Literal["general", "care"]
CounterStatus = Literal["open", "paused"]
Role = Literal[P.ROLES]  # type: ignore[valid-type]
ErrorCode = Literal[P.ERROR_CODES]  # type: ignore[valid-type]
Waiting = Annotated[dict[str, int], Field(description="Waiting tickets per queue id.")]


class Ticket(BaseModel):
    id: int
    number: str = Field(description="As printed and called, e.g. A018.")
    queue: str
    service: str
    category: str | None
    status: TicketStatus
    issued_at: str
    called_at: str | None
    completed_at: str | None
    counter: int | None = Field(description="The counter that called it last.")
    target_counter: int | None = Field(description="After a transfer to a counter: that counter.")
    recalls: int


class Counter(BaseModel):
    number: int
    name: Name
    kind: CounterKind
    clerk: str
    status: CounterStatus
    reason: str = Field(description="Why it is paused; empty when open.")
    ticket: Ticket | None = Field(description="The ticket it serves now.")


class RecentCall(BaseModel):
    seq: int
    type: Literal["ticket.called", "ticket.recalled"]
    at: str
    number: str
    ticket_id: int
    queue: str
    counter: int
    recall: bool


class Alert(BaseModel):
    id: int
    source: str
    kind: str
    code: str
    message: dict[str, str]
    raised_at: str


# ----- requests ----------------------------------------------------------------------------


class IssueBody(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"service": "transcript"},
                                                              {"service": "birth", "category": "elderly"}]})
    service: str = Field(min_length=1, max_length=64)
    category: str | None = Field(default=None, max_length=64)


class CallBody(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"number": "A001"}]})
    number: str = Field(min_length=2, max_length=8)


class TransferBody(BaseModel):
    """To another service (keeps its place in line) or to one counter: give one of the two."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"service": "seal"}, {"counter": 3}], "oneOf": [
        {"required": ["service"], "properties": {"service": {"type": "string"}, "counter": {"type": "null"}}},
        {"required": ["counter"], "properties": {"counter": {"type": "integer"}, "service": {"type": "null"}}},
    ]})
    service: str | None = Field(default=None, max_length=64)
    counter: int | None = None


class PauseBody(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"reason": "休息 Break"}]})
    reason: str = Field(default="", max_length=200)


MAX_ALERT_TEXT = 300
RatingReason = Literal[H.RATING_REASONS]  # type: ignore[valid-type]


class RatingBody(BaseModel):
    score: int = Field(ge=1, le=5, description="5 非常滿意 very satisfied … 1 非常不滿意 very unsatisfied")
    reasons: list[RatingReason] = Field(default_factory=list, max_length=len(H.RATING_REASONS),
                                        description="Why, when unsatisfied (optional).")


class CloseFollowupBody(BaseModel):
    note: str = Field(min_length=1, max_length=2000, description="What the office did about it.")


class ClerkBody(BaseModel):
    name: str = Field(max_length=40, description="The clerk's account name (the office console's); "
                                                  "empty: no clerk at this counter.")
    password: str | None = Field(default=None, max_length=1024,
                                 description="The account's password; needed for a name, not for empty.")


class AlertBody(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"source": "kiosk-1", "kind": "printer", "code": "paper_out",
         "message": {"zh-TW": "取號機缺紙", "en": "Kiosk out of paper"}}]})
    source: str = Field(min_length=1, max_length=64)
    kind: str = Field(min_length=1, max_length=32)
    code: str = Field(default="", max_length=32)
    # Shown on the hall display and every counter: two languages, a line each.
    message: dict[Literal["zh-TW", "en"], Annotated[str, Field(max_length=MAX_ALERT_TEXT)]] = Field(
        default_factory=dict)


class ClearAlertBody(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"source": "kiosk-1", "kind": "printer"}]})
    source: str = Field(min_length=1, max_length=64)
    kind: str = Field(min_length=1, max_length=32)


# ----- answers -----------------------------------------------------------------------------


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    reason: str | None = None  # when degraded: "disk_full" or "database_error"; details in the log
    office: str
    seq: int
    business_day: str


class WhoAmI(BaseModel):
    role: Role
    counter: int | None


class OfficeQueue(BaseModel):
    id: str
    prefix: str
    name: Name


class OfficeService(BaseModel):
    id: str
    name: Name
    queue: str
    minutes: float
    documents: list[Name]
    next_steps: list[Name] = Field(default_factory=list, description="What the citizen does afterwards.")


class OfficeCategory(BaseModel):
    id: str
    name: Name


class OfficeCounter(BaseModel):
    number: int
    name: Name
    kind: CounterKind
    clerk: str
    serves: list[str] = Field(default_factory=list, description="The queues it calls, in the order it calls them.")
    services: list[str] = Field(default_factory=list, exclude_if=lambda v: not v,
                                description="The only services it takes (left out: every one).")


Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
TimeSpan = Annotated[str, Field(pattern=r"^\d{2}:\d{2}-\d{2}:\d{2}$", examples=["08:00-17:00"])]


class AppointmentSession(BaseModel):
    """An appointment-only session: on these weekdays and/or dates, for these services (empty: all)."""

    days: list[Weekday]
    dates: list[str] = Field(description="YYYY-MM-DD")
    time: TimeSpan
    services: list[str]
    name: Name


class OpeningHours(BaseModel):
    """When ordinary tickets are issued, in the office's time zone (rules: shared/hours.py)."""

    monday: list[TimeSpan]
    tuesday: list[TimeSpan]
    wednesday: list[TimeSpan]
    thursday: list[TimeSpan]
    friday: list[TimeSpan]
    saturday: list[TimeSpan]
    sunday: list[TimeSpan]
    lunch: str = Field(description='"open" (open over lunch) or the span closed, e.g. "12:00-13:30".')
    closed_days: list[str] = Field(description="Dates closed (holidays), YYYY-MM-DD.")
    by_appointment: list[AppointmentSession]


class HoursNow(BaseModel):
    """The opening hours at the state's `now` (devices work it out again from the office's
    `opening_hours` as time passes)."""

    open: bool = Field(description="Ordinary tickets are issued now.")
    appointments_only: bool = Field(description="An appointment-only session is on now.")
    opens_at: str | None = Field(description="When not open: the next opening.")
    closes_at: str | None = Field(description="When the opening or the session now ends.")
    services: list[str] = Field(default_factory=list, description="In a session: its services (empty: all).")
    session: Name | None = None


class OfficeAppointments(BaseModel):
    queue: str = Field(description="The appointment tickets' queue id.")
    prefix: str = Field(description="Their numbers' letter, e.g. R.")
    name: Name
    late_minutes: float = Field(description="Checked in more than this after the slot: an ordinary ticket.")


class Office(BaseModel):
    id: str
    name: Name
    timezone: str
    queues: list[OfficeQueue]
    services: list[OfficeService]
    categories: list[OfficeCategory]
    counters: list[OfficeCounter]
    notices: list[Name]
    ticket_footer: Name
    hours: Name | None = Field(default=None, description="The opening hours as people read them.")
    opening_hours: OpeningHours | None = Field(default=None, description="None: always open.")
    appointments: OfficeAppointments | None = Field(default=None, description="None: no appointments taken.")


class Upcoming(BaseModel):
    ticket_id: int
    number: str
    queue: str
    range: list[int] | None = Field(min_length=2, max_length=2, description=(
        "The wait from now as printed, [low, high] whole minutes ([0, N]: within N minutes); "
        "None when no open counter will call it."))


class State(BaseModel):
    seq: int = Field(description="The last event's seq; the events that follow start at seq + 1.")
    now: str = Field(description="The service's clock, for devices to measure waits by.")
    business_day: str
    counters: list[Counter]
    waiting: Waiting
    recent_calls: list[RecentCall] = Field(description="Newest first, at most recent_calls_limit.")
    recent_calls_limit: int = Field(description="How many recent calls the office keeps (office.recent_calls).")
    alerts: list[Alert]
    hours: HoursNow | None = None
    upcoming: list[Upcoming] = Field(default=[], description=(
        "The next waiting tickets of each queue (at most 6 each), soonest first, with their estimated "
        "wait. A reading of the clock like `now`: events do not carry it; devices read GET /state "
        "again after events and each minute."))


class Figures(BaseModel):
    served: int
    avg_wait_minutes: float
    avg_service_minutes: float
    avg_total_minutes: float


class Satisfied(BaseModel):
    ratings: int
    satisfied_share: float | None = Field(description="Share of ratings of 4 or 5 (None without ratings).")
    mean_score: float | None


class Satisfaction(Satisfied):
    by_counter: dict[str, Satisfied]
    by_clerk: dict[str, Satisfied]
    by_service: dict[str, Satisfied]
    by_day: dict[str, Satisfied]
    reasons: dict[str, int] = Field(description="How often each reason was given.")


class Stats(BaseModel):
    day: str
    issued: int
    by_counter: dict[str, Figures]
    by_service: dict[str, Figures]
    no_shows: dict[str, int]
    satisfaction: Satisfaction


class IssueAnswer(BaseModel):
    ticket: Ticket
    ahead: int = Field(description="Tickets waiting before this one in its queue.")
    estimated_wait_minutes: float | None = Field(description="The expected wait, whole minutes; None when "
                                                 "no open counter will call it.")
    estimated_wait_range: list[int] | None = Field(
        default=None, min_length=2, max_length=2,
        description="[low, high] minutes, in steps of 5 (10 above an hour), meant to hold the real wait for "
                    "about 8 citizens in 10; [0, N] reads 'within N minutes'.")
    public_code: str | None = Field(default=None, description="The code of the ticket's public phone page "
                                    "({public_url}/t/{code}), for the QR code the kiosk prints.")


AppointmentStatus = Literal["booked", "checked_in", "served", "late", "no_show", "cancelled"]
Digits4 = Annotated[str, Field(pattern=r"^\d{4}$", examples=["5678"])]
BookingCode = Annotated[str, Field(pattern=r"^\d{6}$", examples=["418205"])]


class AppointmentShown(BaseModel):
    """An appointment as every device may see it (in events): no code, note or phone digits."""

    id: int
    day: str
    slot: str = Field(description="HH:MM, the office's time.")
    service: str
    status: AppointmentStatus
    ticket_id: int | None = Field(description="The ticket its check-in issued.")


class Appointment(AppointmentShown):
    """An appointment as staff see it (admin, the counter serving it, the kiosk checking it in)."""

    code: str = Field(description="The booking code the citizen types at the kiosk.")
    note: str = Field(description="At most initials and the last digits of a phone.")
    phone_last4: str = Field(description="For check-in by the phone's last 4 digits; empty: none given.")
    booked_at: str
    checked_in_at: str | None


class BookBody(BaseModel):
    day: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$", examples=["2026-11-27"])
    time: str = Field(pattern=r"^\d{1,2}:\d{2}$", examples=["10:00"], description="The slot, the office's time.")
    service: str = Field(min_length=1, max_length=64)
    code: BookingCode | None = Field(default=None, description="Left out: the service draws one.")
    note: str = Field(default="", max_length=200, description="At most initials and the last 4 digits of a "
                      "phone (e.g. \"W.X.M. 5678\"); a name, phone or ID number is refused.")
    phone_last4: Digits4 | None = None


class PhoneCheckInBody(BaseModel):
    phone_last4: Digits4


class AppointmentAnswer(BaseModel):
    appointment: Appointment


class AppointmentsAnswer(BaseModel):
    day: str | None
    appointments: list[Appointment]


class CheckInAnswer(IssueAnswer):
    appointment: Appointment
    ordinary: bool = Field(description="Checked in late: an ordinary ticket of the service instead.")
    reason: Name | None = Field(description="Why it is ordinary, as the kiosk tells the citizen.")


class TicketAnswer(BaseModel):
    ticket: Ticket


class NextAnswer(BaseModel):
    ticket: Ticket | None = Field(description="The ticket called, or None when nobody waits.")


class CounterAnswer(BaseModel):
    counter: Counter


class AlertAnswer(BaseModel):
    alert: Alert


class ClearedAnswer(BaseModel):
    cleared: int


class Rating(BaseModel):
    id: int
    ticket_id: int
    counter: int
    clerk: str
    service: str
    score: int
    reasons: list[str]
    rated_at: str


class RatingAnswer(BaseModel):
    rating: Rating


class TicketRef(BaseModel):
    id: int
    number: str


class Followup(BaseModel):
    """A case of the unsatisfied-citizen programme (staff only)."""

    id: int
    status: Literal["open", "closed"]
    ticket: TicketRef
    counter: int
    clerk: str
    service: str
    score: int
    reasons: list[str]
    rated_at: str
    opened_at: str
    closed_at: str | None
    note: str


class FollowupsAnswer(BaseModel):
    followups: list[Followup]


class FollowupAnswer(BaseModel):
    followup: Followup


class RestoredAnswer(BaseModel):
    """The tickets put back in their queues by undoing the day change."""

    tickets: list[Ticket]


class ErrorDetail(BaseModel):
    code: ErrorCode
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


# ----- events on WS /events ---------------------------------------------------------------


class _Event(BaseModel):
    seq: int
    at: str
    waiting: Waiting


class TicketIssued(_Event):
    type: Literal["ticket.issued"]
    ticket: Ticket


class TicketCalled(_Event):
    type: Literal["ticket.called"]
    ticket: Ticket
    counter: Counter


class TicketRecalled(_Event):
    type: Literal["ticket.recalled"]
    ticket: Ticket
    counter: Counter


class TicketCompleted(_Event):
    type: Literal["ticket.completed"]
    ticket: Ticket
    counter: Counter


class TicketNoShow(_Event):
    type: Literal["ticket.no_show"]
    ticket: Ticket
    counter: Counter


class TransferTarget(BaseModel):
    service: str | None
    counter: int | None


class TicketTransferred(_Event):
    type: Literal["ticket.transferred"]
    ticket: Ticket
    counter: Counter
    to: TransferTarget


class CounterPaused(_Event):
    type: Literal["counter.paused"]
    counter: Counter
    reason: str


class CounterResumed(_Event):
    type: Literal["counter.resumed"]
    counter: Counter


class AlertRaised(_Event):
    type: Literal["alert.raised"]
    alert: Alert


class AlertCleared(_Event):
    type: Literal["alert.cleared"]
    alert: Alert


class CancelledTicket(TicketRef):
    was: str  # the status it had: "waiting" or "transferred"


class TicketRated(_Event):
    type: Literal["ticket.rated"]
    ticket: Ticket
    rating: Rating


class DayChanged(_Event):
    """The business day began: tickets still waiting from the day before are cancelled
    and numbering restarts (`waiting` holds the new day's counts)."""

    type: Literal["day.changed"]
    day: str
    previous_day: str | None
    cancelled: list[CancelledTicket]


class DayChangeUndone(_Event):
    """An admin put back the tickets the last day change cancelled."""

    type: Literal["day.change_undone"]
    day: str
    restored: list[TicketRef]


class OfficeChanged(_Event):
    """The office console changed the notices, a counter's clerk, or a service's typical
    minutes or documents: the office as GET /office now answers it."""

    type: Literal["office.changed"]
    office: Office
class AppointmentBooked(_Event):
    type: Literal["appointment.booked"]
    appointment: AppointmentShown


class AppointmentCancelled(_Event):
    type: Literal["appointment.cancelled"]
    appointment: AppointmentShown


class AppointmentCheckedIn(_Event):
    type: Literal["appointment.checked_in"]
    appointment: AppointmentShown
    ticket: Ticket
    ordinary: bool


class AppointmentNoShow(_Event):
    type: Literal["appointment.no_show"]
    appointment: AppointmentShown


class AppointmentServed(_Event):
    type: Literal["appointment.served"]
    appointment: AppointmentShown
    ticket: Ticket


Event = Annotated[
    Union[TicketIssued, TicketCalled, TicketRecalled, TicketCompleted, TicketNoShow, TicketTransferred,
          CounterPaused, CounterResumed, AlertRaised, AlertCleared, TicketRated, DayChanged, DayChangeUndone,
          OfficeChanged,
          AppointmentBooked, AppointmentCancelled, AppointmentCheckedIn, AppointmentNoShow, AppointmentServed],
    Field(discriminator="type"),
]


class Snapshot(BaseModel):
    """The first message on WS /events: the state, and with `since` the events after it
    (`missed` is None when some of them are no longer kept)."""

    type: Literal["snapshot"]
    seq: int
    state: State
    missed: list[Event] | None = None


class SocketError(BaseModel):
    """Sent instead of a snapshot when the token is refused; the socket then closes (4401)."""

    type: Literal["error"]
    error: ErrorDetail
