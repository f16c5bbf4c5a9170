"""The wire protocol between the service and its devices (JSON under /api/v1).

A ticket on the wire (T):
    {"id", "number", "queue", "service", "category", "status", "issued_at", "called_at",
     "counter", "completed_at", "target_counter", "recalls"}
Times are ISO 8601 with the office's UTC offset ("2026-11-26T09:12:03+08:00").

A counter on the wire (C), as in GET /state:
    {"number", "name", "kind", "clerk", "status": "open"|"paused", "reason", "ticket": T|null}

The typed form of all of it: `shared/contract.py`.

Events on WS /events: {"type", "seq", "at", ...} where `seq` rises by one per event, for
ever (it survives restarts), so a client that sees a gap knows it missed one and asks
for a snapshot. Every event carries the counts of waiting tickets ("waiting") and, where
a counter or ticket changed, its new form ("counter": C, "ticket": T).
"""

API = "/api/v1"

ROLES = ("kiosk", "counter", "display", "admin", "rating")
COUNTER_ROLES = ("counter", "rating")  # tokens bound to one counter

SNAPSHOT = "snapshot"
TICKET_ISSUED = "ticket.issued"
TICKET_CALLED = "ticket.called"
TICKET_RECALLED = "ticket.recalled"
TICKET_COMPLETED = "ticket.completed"
TICKET_NO_SHOW = "ticket.no_show"
TICKET_TRANSFERRED = "ticket.transferred"
COUNTER_PAUSED = "counter.paused"
COUNTER_RESUMED = "counter.resumed"
ALERT_RAISED = "alert.raised"      # a device needs staff (e.g. a kiosk out of paper)
ALERT_CLEARED = "alert.cleared"
TICKET_RATED = "ticket.rated"      # a citizen answered the counter's rating pad
DAY_CHANGED = "day.changed"        # the business day began: yesterday's waiting tickets cancelled
DAY_CHANGE_UNDONE = "day.change_undone"  # an admin put them back
OFFICE_CHANGED = "office.changed"  # the console changed notices, clerks or services: {"office": as GET /office}
# Appointments (shared/appointments.py). Their events carry "appointment": {id, day, slot,
# service, status, ticket_id} (never the code, note or phone digits: every device gets events).
APPOINTMENT_BOOKED = "appointment.booked"
APPOINTMENT_CANCELLED = "appointment.cancelled"
APPOINTMENT_CHECKED_IN = "appointment.checked_in"  # with the ticket issued; "ordinary": late, an ordinary one
APPOINTMENT_NO_SHOW = "appointment.no_show"        # not checked in late_minutes after the slot
APPOINTMENT_SERVED = "appointment.served"

EVENT_TYPES = (TICKET_ISSUED, TICKET_CALLED, TICKET_RECALLED, TICKET_COMPLETED, TICKET_NO_SHOW,
               TICKET_TRANSFERRED, COUNTER_PAUSED, COUNTER_RESUMED, ALERT_RAISED, ALERT_CLEARED,
               TICKET_RATED, DAY_CHANGED, DAY_CHANGE_UNDONE, OFFICE_CHANGED, APPOINTMENT_BOOKED, APPOINTMENT_CANCELLED,
               APPOINTMENT_CHECKED_IN, APPOINTMENT_NO_SHOW, APPOINTMENT_SERVED)

# Events after which the hall display announces a call.
CALL_EVENTS = (TICKET_CALLED, TICKET_RECALLED)

IDEMPOTENCY_HEADER = "Idempotency-Key"

# Error codes in {"error": {"code", "message"}}.
E_UNAUTHORIZED = "unauthorized"      # 401
E_FORBIDDEN = "forbidden"            # 403
E_NOT_FOUND = "not_found"            # 404
E_METHOD_NOT_ALLOWED = "method_not_allowed"  # 405 (with an Allow header)
E_CONFLICT = "conflict"              # 409
E_CLOSED = "closed"                  # 409: outside opening hours (or appointments only), no ordinary ticket
E_TOO_LARGE = "too_large"            # 413 (431 for headers)
E_INVALID = "invalid_request"        # 422
E_INTERNAL = "internal"              # 500: a fault of the service, logged
E_UNAVAILABLE = "unavailable"        # 503
ERROR_CODES = (E_UNAUTHORIZED, E_FORBIDDEN, E_NOT_FOUND, E_METHOD_NOT_ALLOWED, E_CONFLICT, E_TOO_LARGE, E_INVALID,
               E_INTERNAL, E_UNAVAILABLE, E_CLOSED)
