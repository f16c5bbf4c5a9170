"""What a clerk can do at the counter: the actions, their keys, when each applies, what
each reports once done, and how to tell that the service's state already shows an
action's answer. Qt-free."""

from __future__ import annotations

import re

from shared.catalogue import counter as T
from shared.i18n import Text

# Action -> the last part of POST /counters/{n}/... Undoing a no-show calls the ticket
# back by its number (the service allows calling a no-show ticket again).
PATHS = {
    "next": "next", "recall": "recall", "no_show": "no-show", "complete": "complete",
    "transfer": "transfer", "call": "call", "pause": "pause", "resume": "resume", "undo_no_show": "call",
}

# The key of each action's button (F3 undoes a no-show while it can be undone, F7
# resumes a paused counter).
KEY_NAMES = {"next": "Enter/F1", "recall": "F2", "no_show": "F3", "undo_no_show": "F3", "complete": "F4",
             "transfer": "F5", "call": "F6", "pause": "F7", "resume": "F7"}

# Actions that ask for something first.
WITH_DIALOG = ("transfer", "call", "pause")


def applies(action: str, counter: dict) -> bool:
    """Whether `action` makes sense for the counter as GET /state shows it. A paused
    counter opens only by Resume: a stray Enter must not open it and call."""
    paused = counter["status"] == "paused"
    serving = counter["ticket"] is not None and not paused
    return {
        "next": not paused, "call": not paused, "pause": not paused, "resume": paused,
        "undo_no_show": not paused and counter["ticket"] is None,
        "recall": serving, "no_show": serving, "complete": serving, "transfer": serving,
    }[action]


def outcome(action: str, sent_number: str, answer: dict, target: Text | None = None) -> Text:
    """What the status line says once the service accepted `action`: the number the
    action was about (`sent_number`; for next, the one the service called) and, for a
    transfer, where it was sent."""
    if action == "next":
        called = (answer.get("ticket") or {}).get("number")
        return T.DONE["next"].format(number=called) if called else T.NOBODY_WAITING
    return T.DONE[action].format(number=sent_number, target=target or "")


def shown(counter: dict, answer: dict) -> bool:
    """Whether the counter in the state already shows an action's answer, so that the
    buttons reflect what it did (a second Enter must not act on the old picture)."""
    if "counter" in answer:  # pause, resume
        return counter["status"] == answer["counter"]["status"]
    ticket, current = answer.get("ticket"), counter["ticket"]
    if ticket is None or ticket["status"] == "called":  # next, call, recall
        return (counter["status"] == "open"
                and (current or {}).get("id") == (ticket or {}).get("id")
                and (current or {}).get("recalls", 0) >= (ticket or {}).get("recalls", 0))
    return current is None or current["id"] != ticket["id"]  # complete, no-show, transfer


NUMBER = re.compile(r"^\s*([A-Za-z])\s*-?\s*(\d{1,3})\s*$")


def parse_number(text: str, prefixes: list[str]) -> tuple[str | None, Text | None]:
    """A typed ticket number in its canonical form ("a5" -> "A005"), or None and why."""
    m = NUMBER.match(text)
    if not m or int(m.group(2)) == 0:
        return None, T.CALL_INVALID
    prefix = m.group(1).upper()
    if prefixes and prefix not in prefixes:
        return None, T.CALL_PREFIX.format(prefix=prefix, known="/".join(prefixes))
    return f"{prefix}{int(m.group(2)):03d}", None
