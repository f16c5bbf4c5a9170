"""The console's appointments page: a day's bookings with their status, and the day's
figures per service (booked, kept, late, missed, cancelled: shared.appointments.figures).

Staff only (clerks too: the counter staff prepare for the day's bookings). The booking
code is shown, the note is (at most initials and a phone's last digits); nothing else
about the citizen is stored."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Request
from sqlalchemy import select

from server import db
from server.console.accounts import StaffUser
from server.console.auth import ConsoleRefusal, staff_user
from server.console.web import page
from server.store import appointment_figures, appointment_from_row

router = APIRouter(prefix="/console", include_in_schema=False)

STATUS_WORDS = {"booked": ("已預約", "Booked"), "checked_in": ("已報到", "Checked in"), "served": ("已服務", "Served"),
                "late": ("遲到（一般號）", "Late (ordinary ticket)"), "no_show": ("未到", "No-show"),
                "cancelled": ("已取消", "Cancelled")}
FIGURE_WORDS = (("booked", "預約", "booked"), ("kept", "準時報到", "kept"), ("late", "遲到", "late"),
                ("missed", "未到", "missed"), ("cancelled", "取消", "cancelled"))


def day_of(request: Request, asked: str | None) -> str:
    if not asked:
        return request.app.state.service.ops.today()
    try:
        return date.fromisoformat(asked).isoformat()
    except ValueError:
        raise ConsoleRefusal(422, f"日期 {asked[:20]!r} 請寫成 2026-11-26。",
                             f"Give the day as 2026-11-26, not {asked[:20]!r}.") from None


def read_day(conn, day: str) -> tuple[list[dict], dict]:
    a, t = db.appointments.c, db.tickets.c
    rows = conn.execute(select(db.appointments, t.number).select_from(
        db.appointments.outerjoin(db.tickets, a.ticket_id == t.id)).where(a.day == day).order_by(a.slot, a.id))
    shown = [{"appointment": appointment_from_row(r), "number": r.number} for r in rows]
    return shown, appointment_figures(conn, day, day).get(day, {})


@router.get("/appointments")
async def appointments(request: Request, day: str | None = None, user: StaffUser = Depends(staff_user)):
    s = request.app.state.service
    office = s.ops.hall.office
    chosen = day_of(request, day)
    rows, figures = await s.writer.run(lambda conn: read_day(conn, chosen))
    services = {sv.id: sv.name for sv in office.services}
    return page(request, "console/appointments.html", user, day=chosen, rows=rows, figures=figures,
                services=services, words=STATUS_WORDS, figure_words=FIGURE_WORDS,
                takes_appointments=office.appointments is not None)
