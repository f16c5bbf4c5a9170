"""What the counter window shows, computed by `counter_view` from the service's state,
the office and what the window itself knows (`Situation`): a plain function, tested
without Qt. Texts are bilingual; colours are theme roles."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from counter_client.actions import KEY_NAMES, applies
from shared import catalogue as C
from shared.catalogue import appointments as A
from shared.catalogue import counter as T
from shared.estimate import short_range
from shared.i18n import Text

UPCOMING_SHOWN = 3  # next numbers shown per queue

BUTTONS = (  # the action each button does when the counter is open, its tone
    ("next", "go"), ("recall", "plain"), ("no_show", "warn"), ("complete", "done"),
    ("transfer", "plain"), ("call", "plain"), ("pause", "plain"),
)


@dataclass(frozen=True)
class Row:
    name: Text
    value: Text
    role: str = "text"


@dataclass(frozen=True)
class Button:
    slot: str       # which button: one of BUTTONS
    action: str     # what pressing it does now (F7 resumes a paused counter, F3 may undo)
    label: Text
    key: str
    tone: str
    enabled: bool


@dataclass(frozen=True)
class Situation:
    """What the window knows besides the service's state."""

    now: datetime
    number: int | None = None          # the counter, once /whoami said which
    connection: str = "connecting"      # shared.qt.connection's status
    fault: Text | None = None           # what only the administrator can fix
    busy: bool = False                  # an action is in flight
    dialog: bool = False                # a dialog is asking
    stats: dict | None = None           # today's figures for this counter
    dismissed: frozenset = field(default_factory=frozenset)  # alerts the clerk closed
    undo: str | None = None             # the number a no-show can be undone for, while it can
    upcoming: tuple = ()                # GET /state's `upcoming`: next waiting tickets with their waits
    booking: dict | None = None         # the appointment of the ticket being served (GET /appointments?ticket=)


@dataclass(frozen=True)
class CounterView:
    title: Text
    clerk: str                           # the clerk's name, from the office
    banner: tuple[str, Text] | None     # ("fault" | "info", text)
    alerts: Text | None
    big: Text
    big_role: str
    detail: Text                         # the ticket's service, the pause reason, or the idle line
    category: Text | None
    times: Text
    next_steps: Text | None              # what the citizen does afterwards, to go through with them
    waiting: tuple[Row, ...]
    upcoming: tuple[Text, ...]           # per queue with anyone waiting: its next numbers and their waits
    today: tuple[Row, ...]
    buttons: tuple[Button, ...]
    booked: Text | None = None           # the citizen booked: 「預約 10:00・W.X.M. 5678」


def find(items, key: str, value):
    return next((item for item in items or () if item.get(key) == value), None)


def minutes(start: str | None, end: datetime | str | None) -> int:
    try:
        begin = datetime.fromisoformat(start)
        finish = end if isinstance(end, datetime) else datetime.fromisoformat(end)
    except (TypeError, ValueError):
        return 0
    return max(0, int((finish - begin).total_seconds() // 60))


def booked_queue(office: dict) -> dict | None:
    """The appointment tickets' queue, when the office takes appointments."""
    rules = office.get("appointments")
    return {"id": rules["queue"], "name": rules["name"]} if isinstance(rules, dict) else None


def counter_view(state: dict | None, office: dict | None, s: Situation) -> CounterView:
    state, office = state or {}, office or {}
    counter = find(state.get("counters"), "number", s.number)
    own = find(office.get("counters"), "number", s.number)
    title = Text.from_json(own["name"]) if own else (C.COUNTER.format(n=s.number) if s.number else Text("", ""))
    clerk = own.get("clerk", "") if own else ""

    banner = None
    if s.fault is not None:
        banner = ("fault", s.fault)
    elif s.connection == "refused":
        banner = ("fault", C.ERRORS["unauthorized"])
    elif s.connection == "unreachable":
        banner = ("fault", C.RECONNECTING if state else C.UNREACHABLE)
    elif s.connection == "connecting":
        banner = ("info", C.RECONNECTING if state else C.CONNECTING)
    alerts = [Text.from_json(a["message"]) for a in state.get("alerts", []) if a["id"] not in s.dismissed]

    ticket = counter["ticket"] if counter else None
    category, times, steps, booked = None, Text("", ""), None, None
    booking = s.booking
    if ticket is not None and booking is not None and booking.get("ticket_id") == ticket.get("id"):
        note = f"・{booking['note']}" if booking.get("note") else ""
        booked = A.MARK.format(slot=booking.get("slot", ""), note=note)
    if counter is not None and counter["status"] == "paused":
        big, role = C.PAUSED, "warn"
        detail = Text.from_json(counter.get("reason") or "")
        times = T.PAUSED_HINT
    elif ticket is None:
        big, role = Text("—", "—"), "muted"
        detail = T.IDLE if counter else Text("", "")
        times = T.IDLE_HINT if counter and s.fault is None else Text("", "")
    else:
        big, role = Text(ticket["number"], ticket["number"]), "care" if ticket.get("category") else "accent"
        service = find(office.get("services"), "id", ticket["service"])
        detail = Text.from_json(service["name"] if service else ticket["service"])
        if service and service.get("next_steps"):
            steps = T.NEXT_STEPS + Text.join([Text.from_json(n) for n in service["next_steps"]], "；", "; ")
        if ticket.get("category"):
            found = find(office.get("categories"), "id", ticket["category"])
            category = Text.from_json(found["name"] if found else ticket["category"])
        times = Text.join([T.WAITED.format(m=minutes(ticket["issued_at"], ticket.get("called_at"))),
                           T.SERVING.format(m=minutes(ticket.get("called_at"), s.now))]
                          + ([T.RECALLED.format(n=ticket["recalls"])] if ticket.get("recalls") else []),
                          "・", " · ")

    waiting = tuple(Row(Text.from_json(q["name"]), Text.from_json(str(state.get("waiting", {}).get(q["id"], "—"))),
                        "accent") for q in [*office.get("queues", []), *filter(None, [booked_queue(office)])])
    upcoming = []
    for q in [*office.get("queues", []), *filter(None, [booked_queue(office)])]:
        mine = [t for t in s.upcoming if isinstance(t, dict) and t.get("queue") == q.get("id")][:UPCOMING_SHOWN]
        if mine:
            upcoming.append(Text("・".join(f"{t.get('number', '')} {short_range(t.get('range'))}" for t in mine),
                                 " · ".join(f"{t.get('number', '')} {short_range(t.get('range'), 'en')}"
                                            for t in mine)))
    stats = s.stats or {}
    average = stats.get("avg")
    today = (Row(T.SERVED, Text.from_json(str(stats.get("served", "—")))),
             Row(T.AVERAGE, C.MINUTES.format(m=round(average, 1)) if average is not None else Text("—", "—")),
             Row(C.NO_SHOW, Text.from_json(str(stats.get("no_shows", "—"))), "warn"),
             Row(T.SATISFIED, T.SATISFIED_VALUE.format(share=round(100 * stats["satisfied"]), n=stats["ratings"])
                 if stats.get("satisfied") is not None else Text("—", "—")))

    can_act = (not s.busy and not s.dialog and s.fault is None and s.connection == "online"
               and counter is not None)
    buttons = []
    for slot, tone in BUTTONS:
        action = slot
        if slot == "pause" and counter is not None and counter["status"] == "paused":
            action, tone = "resume", "go"
        elif slot == "no_show" and s.undo is not None and ticket is None:
            action, tone = "undo_no_show", "go"
        label = T.ACTIONS[action].format(number=s.undo)
        buttons.append(Button(slot, action, label, KEY_NAMES[action], tone,
                              can_act and applies(action, counter)))
    return CounterView(title, clerk, banner, Text.join(alerts) if alerts else None, big, role, detail, category,
                       times, steps, waiting, tuple(upcoming), today, tuple(buttons), booked)
