"""What a ticket says, independent of how it is printed (drawn raster or native text)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from shared.estimate import format_range
from shared.office import Name, Office
from shared.tickets import roc_date

CARE = Name("請至愛心櫃台", "Care counter")
BRING = Name("請攜帶", "Please bring")
APPOINTMENT = Name("預約 {slot}", "Appointment {slot}")
CALLED_FROM = Name("{slot} 起優先叫號", "Called first from {slot}")


@dataclass(frozen=True)
class TicketContent:
    office: Name
    number: str
    ticket_id: int
    queue: Name
    service: Name
    care: bool
    category: Name | None
    issued: str  # 民國115年11月26日 09:12
    ahead: Name
    documents: tuple[Name, ...]
    footer: Name
    link: str | None = None  # the ticket's phone page, when the office has a public_url
    appointment: Name | None = None  # an appointment ticket: 「預約 10:00」 (its slot)

    @property
    def qr(self) -> str:
        return self.link or qr_payload(self.number, self.ticket_id)


def qr_payload(number: str, ticket_id: int) -> str:
    """What the QR code holds without a phone page: the ticket's number and its id."""
    return f"QH:{number}:{ticket_id}"


def public_link(office: Office, code: str | None) -> str | None:
    """The ticket's phone page ({public_url}/t/{code}): with the office's public_url and the
    code the service gave in its issue answer (`public_code`), else None."""
    if not getattr(office, "public_url", "") or not code:
        return None
    return f"{office.public_url.rstrip('/')}/t/{code}"


def issued_text(office: Office, issued_at: str | None) -> str:
    try:
        moment = datetime.fromisoformat(issued_at).astimezone(office.tz)
    except (TypeError, ValueError):
        moment = datetime.now(office.tz)
    return f"{roc_date(moment)} {moment:%H:%M}"


def ahead_text(ahead: int, wait_minutes: float | list | None) -> Name:
    """`wait_minutes`: the expected minutes, or the service's [low, high] range."""
    if ahead <= 0:
        return Name("下一位就是您", "You are next")
    if isinstance(wait_minutes, (list, tuple)) and len(wait_minutes) == 2:
        low, high = wait_minutes
        return Name(f"前面還有 {ahead} 人・{format_range(low, high, 'zh-TW')}",
                    f"{ahead} ahead · {format_range(low, high, 'en')}")
    if wait_minutes is None or isinstance(wait_minutes, (list, tuple)) or not math.isfinite(wait_minutes):
        return Name(f"前面還有 {ahead} 人", f"{ahead} ahead")
    m = max(1, round(wait_minutes))
    return Name(f"前面還有 {ahead} 人・約 {m} 分鐘", f"{ahead} ahead · about {m} min")


def called_from(slot: str, wait_minutes: float | list | None) -> Name:
    """An appointment ticket: called first from its slot, and the range of its wait."""
    if isinstance(wait_minutes, (list, tuple)) and len(wait_minutes) == 2:
        low, high = wait_minutes
        return Name(f"{slot} 起優先叫號・{format_range(low, high, 'zh-TW')}",
                    f"Called first from {slot} · {format_range(low, high, 'en')}")
    return CALLED_FROM.format(slot=slot)


def _find(get, key):
    try:
        return get(key)
    except KeyError:
        return None


def ticket_content(office: Office, ticket: dict, ahead: int, wait_minutes: float | None) -> TicketContent:
    """`ticket` is the issue answer's ticket; the kiosk adds the answer's `public_code` to it
    (`dict(answer["ticket"], public_code=answer.get("public_code"))`) for the QR's link."""
    # A ticket naming a service or queue this office file no longer has still prints.
    service = _find(office.service, ticket.get("service"))
    queue = _find(office.queue, ticket.get("queue"))
    rules = getattr(office, "appointments", None)
    slot = ticket.get("appointment_slot")  # the kiosk adds the check-in answer's slot
    if rules is not None and ticket.get("queue") == rules.queue:
        queue = rules
    category = _find(office.category, ticket.get("category")) if ticket.get("category") else None
    service_id = str(ticket.get("service") or "")
    return TicketContent(
        office=office.name,
        number=str(ticket.get("number", "")),
        ticket_id=int(ticket.get("id") or 0),
        queue=queue.name if queue else Name(str(ticket.get("queue", "")), str(ticket.get("queue", ""))),
        service=service.name if service else Name(service_id, service_id),
        care=ticket.get("queue") == office.care_queue.id,
        category=category.name if category else None,
        issued=issued_text(office, ticket.get("issued_at")),
        ahead=called_from(slot, wait_minutes) if slot else ahead_text(int(ahead), wait_minutes),
        documents=service.documents if service else (),
        footer=office.ticket_footer,
        link=public_link(office, ticket.get("public_code")),
        appointment=APPOINTMENT.format(slot=slot) if slot else None,
    )
