"""The hall's state (as `GET /state` answers it) brought up to date by one event.

A device starts from the snapshot of WS /events and applies each event after it with
`apply_event`; the result equals what `GET /state` answers at that seq (apart from `now`,
the service's clock, and `upcoming`, the estimated waits, which move with that clock: a
device that shows them reads `GET /state` again, shared/qt/upcoming.py). The rules are the
service's own:
- `seq` becomes the event's; `waiting` (carried by every event) replaces the counts;
- a counter carried by an event replaces that counter;
- a call or recall goes first in `recent_calls`, which keeps the office's
  `recent_calls_limit` newest;
- a raised alert replaces the one with its id (or is added last); a cleared one goes;
- a day change (or its undoing) sets `business_day`;
- an office change sets each counter's clerk to the new office's.
Unknown event types only move `seq` and `waiting`, so an older device follows a newer
service. Pure: no Qt, no network; the state given is not changed.
"""

from __future__ import annotations

from shared import protocol as P

DEFAULT_RECENT_CALLS = 8  # only for a state from a service that does not say its limit


def call_entry(event: dict) -> dict:
    """The `recent_calls` entry of a ticket.called or ticket.recalled event."""
    t = event["ticket"]
    return {"seq": event["seq"], "type": event["type"], "at": event["at"], "number": t["number"],
            "ticket_id": t["id"], "queue": t["queue"], "counter": event["counter"]["number"],
            "recall": event["type"] == P.TICKET_RECALLED}


def apply_event(state: dict, event: dict) -> dict:
    s = dict(state)
    s["seq"] = event["seq"]
    if "waiting" in event:
        s["waiting"] = event["waiting"]
    counter = event.get("counter")
    if counter:
        s["counters"] = [counter if c["number"] == counter["number"] else c for c in s["counters"]]
    kind = event["type"]
    if kind in P.CALL_EVENTS:
        limit = s.get("recent_calls_limit", DEFAULT_RECENT_CALLS)
        s["recent_calls"] = [call_entry(event), *s.get("recent_calls", [])][:limit]
    elif kind == P.ALERT_RAISED:
        alert = event["alert"]
        alerts = list(s.get("alerts", []))
        at = next((i for i, a in enumerate(alerts) if a["id"] == alert["id"]), None)
        if at is None:
            alerts.append(alert)
        else:
            alerts[at] = alert
        s["alerts"] = alerts
    elif kind == P.ALERT_CLEARED:
        s["alerts"] = [a for a in s.get("alerts", []) if a["id"] != event["alert"]["id"]]
    elif kind in (P.DAY_CHANGED, P.DAY_CHANGE_UNDONE):
        s["business_day"] = event["day"]
    elif kind == P.OFFICE_CHANGED:
        clerks = {c["number"]: c.get("clerk", "") for c in event["office"].get("counters", [])}
        s["counters"] = [{**c, "clerk": clerks[c["number"]]} if c["number"] in clerks else c
                         for c in s["counters"]]
    return s
