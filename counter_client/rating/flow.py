"""What the rating pad is doing, as a plain state machine (no Qt, no clock of its own):
each step takes the pad and the time now (seconds, monotonic) and gives the next pad and,
when the citizen has answered, the `Answer` to send.

The rules:
- Idle until the counter completes a ticket (complete, or next, which completes the
  current one first); then the question for that ticket.
- A score of 3–5 is the whole answer: it is sent and the thanks follow. A score of 1 or 2
  asks for the reasons first (optional): Send sends the score with the chosen ones, Skip
  without; if nobody touches the reasons screen for `reasons` seconds, the score is sent
  with what was chosen and the pad goes idle (the citizen did answer).
- No answer on the question screen for `question` seconds: idle, nothing recorded.
- The thanks last `thanks` seconds, or until the counter calls the next citizen.
- A later completion starts the question anew for that ticket: an answer not yet given
  for the earlier one is dropped (the service rates the counter's last completed ticket,
  so it could no longer be tied to the right one).
- A ticket rated by someone else while asked about (an administrator) ends the question.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

IDLE, QUESTION, REASONS, THANKS = "idle", "question", "reasons", "thanks"
SCREENS = (IDLE, QUESTION, REASONS, THANKS)
SCORES = (5, 4, 3, 2, 1)          # left to right on the screen
UNSATISFIED = 2                   # this score and below ask for the reasons


@dataclass(frozen=True)
class Timings:
    question: float = 20.0        # seconds without an answer before the question goes away
    reasons: float = 20.0         # seconds without a touch on the reasons screen
    thanks: float = 15.0


@dataclass(frozen=True)
class Served:
    """The ticket the question is about: its id, its number and its service."""

    id: int
    number: str
    service: str


@dataclass(frozen=True)
class Answer:
    ticket: Served
    score: int
    reasons: tuple[str, ...] = ()

    def body(self) -> dict:
        return {"score": self.score, "reasons": list(self.reasons)}


@dataclass(frozen=True)
class Pad:
    screen: str = IDLE
    ticket: Served | None = None
    score: int | None = None
    reasons: tuple[str, ...] = ()
    deadline: float | None = None  # when the screen goes on by itself


def completed(pad: Pad, ticket: Served, now: float, t: Timings) -> Pad:
    return Pad(QUESTION, ticket, deadline=now + t.question)


def called(pad: Pad) -> Pad:
    """The counter called the next citizen: the thanks give way."""
    return Pad() if pad.screen == THANKS else pad


def rated(pad: Pad, ticket_id: int) -> Pad:
    """The service says the ticket is rated (not by this pad's answer, which comes with
    the thanks already showing)."""
    if pad.screen in (QUESTION, REASONS) and pad.ticket is not None and pad.ticket.id == ticket_id:
        return Pad()
    return pad


def choose(pad: Pad, score: int, now: float, t: Timings) -> tuple[Pad, Answer | None]:
    if pad.screen != QUESTION or score not in SCORES:
        return pad, None
    if score <= UNSATISFIED:
        return replace(pad, screen=REASONS, score=score, deadline=now + t.reasons), None
    return thanks(pad, Answer(pad.ticket, score), now, t)


def toggle(pad: Pad, reason: str, now: float, t: Timings) -> Pad:
    if pad.screen != REASONS:
        return pad
    chosen = tuple(r for r in pad.reasons if r != reason) if reason in pad.reasons else pad.reasons + (reason,)
    return replace(pad, reasons=chosen, deadline=now + t.reasons)


def send(pad: Pad, now: float, t: Timings) -> tuple[Pad, Answer | None]:
    if pad.screen != REASONS:
        return pad, None
    return thanks(pad, Answer(pad.ticket, pad.score, pad.reasons), now, t)


def skip(pad: Pad, now: float, t: Timings) -> tuple[Pad, Answer | None]:
    if pad.screen != REASONS:
        return pad, None
    return thanks(pad, Answer(pad.ticket, pad.score), now, t)


def thanks(pad: Pad, answer: Answer, now: float, t: Timings) -> tuple[Pad, Answer]:
    return Pad(THANKS, pad.ticket, answer.score, answer.reasons, deadline=now + t.thanks), answer


def expire(pad: Pad, now: float) -> tuple[Pad, Answer | None]:
    """The screen's time is up (or not yet: then nothing changes)."""
    if pad.deadline is None or now < pad.deadline:
        return pad, None
    if pad.screen == REASONS:
        return Pad(), Answer(pad.ticket, pad.score, pad.reasons)
    return Pad(), None
