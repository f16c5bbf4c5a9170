"""What the rating pad shows, computed by `pad_view` from the pad (`flow.Pad`), the office,
the service's state and the connection: a plain function, tested without Qt.

Nothing about the citizen is shown but the ticket's number; the clerk's name is the
office's (the name plate every counter has). Every text is bilingual (`Text`)."""

from __future__ import annotations

from dataclasses import dataclass

from counter_client.rating import flow
from shared import catalogue as C
from shared.catalogue import rating as R
from shared.hall import RATING_REASONS
from shared.i18n import Text


@dataclass(frozen=True)
class Choice:
    score: int          # 5 非常滿意 … 1 非常不滿意; the key of the same digit chooses it
    label: Text
    mood: float         # the face's mouth: 1 a broad smile … -1 a frown


@dataclass(frozen=True)
class Chip:
    reason: str         # the service's reason id (shared.hall.RATING_REASONS)
    label: Text
    chosen: bool


@dataclass(frozen=True)
class PadView:
    screen: str                         # flow.IDLE, QUESTION, REASONS or THANKS
    office: Text
    counter: Text                       # the counter's name
    clerk: str                          # the clerk on duty there ("" when the office names none)
    paused: bool
    served: Text | None                 # "A001 辦理完成" above the question
    choices: tuple[Choice, ...]
    chips: tuple[Chip, ...]
    steps_title: Text | None            # "出生登記之後，您可以接著辦理：" (None without next steps)
    next_steps: tuple[Text, ...]
    status: Text | None                 # the small line at the bottom: offline, or a fault
    status_role: str = "muted"          # "muted" (offline) or "fault" (only an administrator can fix)


CHOICES = tuple(Choice(score, R.CHOICES[score], (score - 3) / 2) for score in flow.SCORES)


def find(items, key: str, value):
    return next((item for item in items or () if item.get(key) == value), None)


def pad_view(pad: flow.Pad, office: dict | None, state: dict | None, number: int | None,
             connection: str = "online", fault: Text | None = None) -> PadView:
    """`number`: the pad's counter, once known; `connection`: shared.qt.connection's status."""
    office = office or {}
    counter = find(office.get("counters"), "number", number) or {}
    live = find((state or {}).get("counters"), "number", number) or {}
    name = Text.from_json(counter.get("name")) if counter else (
        C.COUNTER.format(n=number) if number is not None else Text("", ""))
    service = find(office.get("services"), "id", pad.ticket.service) if pad.ticket else None

    served = R.SERVED.format(number=pad.ticket.number) if pad.ticket and pad.ticket.number else None
    steps = tuple(Text.from_json(s) for s in (service or {}).get("next_steps") or ())
    steps_title = R.NEXT_STEPS.format(service=Text.from_json(service.get("name"))) if steps else None

    if fault is not None:
        status, role = fault, "fault"
    elif connection == "refused":
        status, role = C.ERRORS["unauthorized"], "fault"
    elif connection == "unreachable":
        status, role = R.OFFLINE, "muted"
    else:
        status, role = None, "muted"

    return PadView(
        screen=pad.screen,
        office=Text.from_json(office.get("name")),
        counter=name,
        clerk=str(live.get("clerk") or counter.get("clerk") or ""),
        paused=live.get("status") == "paused",
        served=served,
        choices=CHOICES,
        chips=tuple(Chip(r, R.REASONS.get(r, Text(r, r)), r in pad.reasons) for r in RATING_REASONS),
        steps_title=steps_title,
        next_steps=steps if pad.screen == flow.THANKS else (),
        status=status,
        status_role=role,
    )
