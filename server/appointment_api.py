"""Appointments over HTTP (/api/v1/appointments): book, list, cancel, check in.

- `POST /appointments` (admin) books one; without a code the service draws one
  (`shared.appointments.new_code`), never one used before. A note that looks like a name,
  phone or ID number is refused (422, saying why).
- `GET /appointments?day=` (admin, counter) lists them with their status (`&ticket=` for
  the one a ticket was issued for: the counter client's mark).
- `POST /appointments/{code}/cancel` (admin).
- `POST /appointments/{code}/check-in` (kiosk, admin) issues the ticket; the answer is an
  issue's, plus the appointment and whether it became ordinary (late) and why.
  `POST /appointments/check-in` with {"phone_last4"} finds today's one booking for those
  digits (several: 409, type the code).
- An unknown code is a 404; one used, cancelled, missed on an earlier day or booked for
  another day is a 409 saying which.
"""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from sqlalchemy.engine import Connection

from server import store
from server.app import IdempotencyKey, Service, refusals, require
from server.errors import ApiError
from server.operations import MAX_ID
from server.public import codes as public_codes
from shared import appointments as A
from shared import contract as C
from shared import hall as H
from shared import protocol as P

router = APIRouter(prefix=P.API, tags=["appointments"])
Code = PathParam(pattern=r"^\d{6}$", description="The booking code (6 digits).")
Day = Query(None, pattern=r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$", examples=["2026-11-27"],
            description="YYYY-MM-DD; today when left out (and no ticket is given).")


def _svc(request: Request) -> Service:
    return request.app.state.service


def code_for(hall: H.Hall, conn: Connection, code: str | None) -> str:
    """The code given (refused when an earlier day's booking had it), or a new one drawn."""
    if code is None:
        return A.new_code(lambda c: c in hall.appointments or store.find_appointment(conn, c) is not None)
    if code not in hall.appointments and store.find_appointment(conn, code) is not None:
        raise ApiError(409, P.E_CONFLICT, f"booking code {code} was used before; give another or leave it out")
    return code


def book(s: Service, conn: Connection, body: C.BookBody) -> dict:
    code = code_for(s.ops.hall, conn, body.code)
    return s.ops.run(conn, H.Book(body.day, body.time, body.service, code, body.note, body.phone_last4 or ""))


def check_in(s: Service, conn: Connection, code: str = "", phone_last4: str = "") -> dict:
    try:
        answer = s.ops.run(conn, H.CheckIn(code, phone_last4))
    except ApiError as e:
        if e.status == 404 and code:
            past = store.find_appointment(conn, code)
            if past is not None:  # an earlier day's: the hall has let it go
                raise ApiError(409, P.E_CONFLICT, f"booking {code} was for {past.day} {past.slot} "
                                                  f"({past.status.replace('_', ' ')})") from None
        raise
    answer["public_code"] = public_codes.make(conn, answer["ticket"]["id"], s.ops.hall.day)
    return answer


def cancel(s: Service, conn: Connection, code: str) -> dict:
    try:
        return s.ops.run(conn, H.CancelAppointment(code))
    except ApiError as e:
        if e.status == 404 and store.find_appointment(conn, code) is not None:
            raise ApiError(409, P.E_CONFLICT, f"booking {code} is of an earlier day") from None
        raise


def listing(s: Service, conn: Connection, day: str | None, ticket: int | None) -> dict:
    s.ops.run(conn, H.Tick())  # the no-shows due are marked before they are listed
    if day is None and ticket is None:
        day = s.ops.today()
    found = store.list_appointments(conn, day, ticket)
    return {"day": day, "appointments": [s.ops.wire.appointment(a) for a in found]}


@router.post("/appointments", status_code=201, response_model=C.AppointmentAnswer,
             responses=refusals(401, 403, 409, 422, 503))
async def book_appointment(request: Request, body: C.BookBody, who=require("admin"), key=IdempotencyKey):
    """Book an appointment; the answer holds its booking code (drawn when not given)."""
    s = _svc(request)
    return await s.mutate(who, request, key, lambda conn: book(s, conn, body), C.AppointmentAnswer, status=201)


@router.get("/appointments", response_model=C.AppointmentsAnswer, responses=refusals(401, 403, 422, 503))
async def list_appointments(request: Request, day: str | None = Day, ticket: int | None = Query(None, ge=0, le=MAX_ID),
                            who=require("admin", "counter")):
    """A day's appointments (YYYY-MM-DD, today by default) with their status; `ticket`: the
    one whose check-in issued that ticket."""
    s = _svc(request)
    return await s.writer.run(lambda conn: listing(s, conn, day, ticket))


@router.post("/appointments/check-in", response_model=C.CheckInAnswer,
             responses=refusals(401, 403, 404, 409, 422, 503))
async def check_in_by_phone(request: Request, body: C.PhoneCheckInBody, who=require("kiosk", "admin"),
                            key=IdempotencyKey):
    """Check in today's one booking made with a phone ending in these 4 digits."""
    s = _svc(request)
    return await s.mutate(who, request, key, lambda conn: check_in(s, conn, phone_last4=body.phone_last4),
                          C.CheckInAnswer)


@router.post("/appointments/{code}/check-in", response_model=C.CheckInAnswer,
             responses=refusals(401, 403, 404, 409, 422, 503))
async def check_in_by_code(request: Request, code: str = Code, who=require("kiosk", "admin"), key=IdempotencyKey):
    """Check in (kiosk): the appointment ticket, or, more than the office's late minutes
    after the slot, an ordinary ticket of the service (`ordinary`, `reason`)."""
    s = _svc(request)
    return await s.mutate(who, request, key, lambda conn: check_in(s, conn, code=code), C.CheckInAnswer)


@router.post("/appointments/{code}/cancel", response_model=C.AppointmentAnswer,
             responses=refusals(401, 403, 404, 409, 422, 503))
async def cancel_appointment(request: Request, code: str = Code, who=require("admin"), key=IdempotencyKey):
    s = _svc(request)
    return await s.mutate(who, request, key, lambda conn: cancel(s, conn, code), C.AppointmentAnswer)
