"""What a clerk can do at the counter: the actions, their keys, when each applies, and how
to tell that the service's state already shows an action's answer."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt

# Action id -> the last part of POST /counters/{n}/...
PATHS = {
    "next": "next", "recall": "recall", "no_show": "no-show", "complete": "complete",
    "transfer": "transfer", "call": "call", "pause": "pause", "resume": "resume",
}

# Keys; F7 is "pause" or "resume", whichever applies.
KEYS = {
    Qt.Key.Key_Return: "next", Qt.Key.Key_Enter: "next", Qt.Key.Key_F1: "next",
    Qt.Key.Key_F2: "recall", Qt.Key.Key_F3: "no_show", Qt.Key.Key_F4: "complete",
    Qt.Key.Key_F5: "transfer", Qt.Key.Key_F6: "call", Qt.Key.Key_F7: "pause",
}
KEY_NAMES = {"next": "Enter/F1", "recall": "F2", "no_show": "F3", "complete": "F4",
             "transfer": "F5", "call": "F6", "pause": "F7", "resume": "F7"}

# Actions that ask for something first.
WITH_DIALOG = ("transfer", "call", "pause")


def applies(action: str, counter: dict) -> bool:
    """Whether `action` makes sense for the counter as GET /state shows it."""
    paused = counter["status"] == "paused"
    serving = counter["ticket"] is not None and not paused
    return {
        "next": True,  # on a paused counter the service opens it and calls
        "call": not paused,
        "pause": not paused,
        "resume": paused,
        "recall": serving, "no_show": serving, "complete": serving, "transfer": serving,
    }[action]


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


def parse_number(text: str, prefixes: list[str]) -> tuple[str | None, str, dict]:
    """A typed ticket number in its canonical form ("a5" -> "A005"), or None with the
    key and fields of the reason."""
    m = NUMBER.match(text)
    if not m or int(m.group(2)) == 0:
        return None, "call_invalid", {}
    prefix = m.group(1).upper()
    if prefixes and prefix not in prefixes:
        return None, "call_prefix", {"prefix": prefix, "known": "/".join(prefixes)}
    return f"{prefix}{int(m.group(2)):03d}", "", {}
