"""Appointments in the domain: the note's rules, routing from the slot, the care limit,
appointment-only sessions, no-shows at each tick, the report's figures (pure: no service)."""

from datetime import datetime

import pytest

from shared import appointments as A
from shared import hall as H
from shared.office import default_office_text, parse_office

OFFICE = parse_office(default_office_text() + "\n[appointments]\n")
TZ = OFFICE.tz


def at(hm: str) -> float:
    return datetime.fromisoformat(f"2026-11-26 {hm}").replace(tzinfo=TZ).timestamp()


@pytest.fixture
def hall():
    h = H.Hall(OFFICE)
    h.handle(H.Tick(), at("08:00"))
    return h


def book(h, slot="10:00", code="111111", **more):
    return h.handle(H.Book("2026-11-26", slot, "transcript", code, **more), at("08:00")).answer


@pytest.mark.parametrize("note", ["W.X.M.", "WXM 5678", "w/5678", "A.B", ""])
def test_notes_kept(note):
    assert A.check_note(note) == note


@pytest.mark.parametrize("note, why", [
    ("陳", "Chinese characters"), ("Chen", "looks like a name"), ("12345", "phone or ID"),
    ("a123456789", "national ID"), ("W@5678", "only initials"), ("W" * 21, "longer than")])
def test_notes_refused_say_why(note, why):
    with pytest.raises(A.BadInput, match=why):
        A.check_note(note)


def test_an_appointment_waits_for_its_slot_then_goes_first(hall):
    book(hall)
    for _ in range(2):
        hall.handle(H.Issue("transcript"), at("09:30"))
    checked = hall.handle(H.CheckIn(code="111111"), at("09:50")).answer
    assert checked.issued.ticket.number == "R001" and not checked.ordinary
    assert hall.handle(H.Next(2), at("09:59")).answer.number == "A001"
    assert hall.handle(H.Next(3), at("10:00")).answer.number == "R001"


def test_a_transfer_to_the_counter_goes_before_the_appointment(hall):
    book(hall)
    hall.handle(H.Issue("transcript"), at("09:30"))
    hall.handle(H.CheckIn(code="111111"), at("09:50"))
    hall.handle(H.Next(2), at("09:55"))
    hall.handle(H.Transfer(2, to_counter=3), at("10:00"))
    assert hall.handle(H.Next(3), at("10:00")).answer.number == "A001"
    assert hall.handle(H.Next(2), at("10:00")).answer.number == "R001"


def test_the_care_limit_still_holds(hall):
    book(hall)
    hall.handle(H.Issue("transcript", "elderly"), at("09:45"))
    hall.handle(H.Pause(1), at("09:45"))  # the care counter is away
    hall.handle(H.CheckIn(code="111111"), at("09:50"))
    assert hall.handle(H.Next(2), at("10:00")).answer.number == "C001"  # waited 15 min > 10
    assert hall.handle(H.Next(3), at("10:00")).answer.number == "R001"


def test_several_due_earliest_slot_first(hall):
    book(hall, "10:30", "222222")
    book(hall, "10:00", "111111")
    hall.handle(H.CheckIn(code="222222"), at("09:40"))
    hall.handle(H.CheckIn(code="111111"), at("09:50"))
    assert hall.handle(H.Next(2), at("10:40")).answer.number == "R002"


def test_no_show_at_each_tick_and_late_comers_get_an_ordinary_ticket(hall):
    book(hall)
    assert hall.handle(H.Tick(), at("10:15")).events == []
    events = hall.handle(H.Tick(), at("10:15:01")).events
    assert [e.type for e in events] == ["appointment.no_show"]
    late = hall.handle(H.CheckIn(code="111111"), at("10:30")).answer
    assert late.ordinary and late.issued.ticket.number == "A001" and late.appointment.status == "late"


def test_the_day_change_marks_earlier_bookings_missed_and_forgets_them(hall):
    book(hall, "16:00")
    events = hall.handle(H.Tick(), datetime(2026, 11, 27, 8, tzinfo=TZ).timestamp()).events
    assert [e.type for e in events if e.type.startswith("appointment")] == ["appointment.no_show"]
    assert hall.appointments == {}


def test_an_office_without_appointments_refuses_them():
    h = H.Hall(parse_office(default_office_text()))
    with pytest.raises(H.Refusal, match="takes no appointments"):
        h.handle(H.Book("2026-11-26", "10:00", "transcript", "111111"), at("08:00"))
    assert "appointment" not in h.waiting_counts()


def test_figures_per_day_and_service():
    made = [A.Appointment(i, str(i), "2026-11-26", "10:00", "transcript", status=s)
            for i, s in enumerate(["served", "checked_in", "late", "no_show", "cancelled", "booked"])]
    assert A.figures(made) == {"2026-11-26": {"transcript": {"booked": 5, "kept": 2, "late": 1, "missed": 1,
                                                             "cancelled": 1}}}


def test_the_office_file_section_is_checked():
    with pytest.raises(Exception, match="prefix 'A' is already"):
        parse_office(default_office_text() + '\n[appointments]\nprefix = "A"\n')
    rules = parse_office(default_office_text() + '\n[appointments]\nprefix = "P"\nlate_minutes = 10\n').appointments
    assert rules.prefix == "P" and rules.late_minutes == 10


def test_in_an_appointment_only_session_counters_call_appointments_only():
    office = parse_office(default_office_text() + '\n[appointments]\n[hours]\nthursday = "08:00-17:00"\n'
                          '[[hours.by_appointment]]\ndays = ["thursday"]\ntime = "17:30-20:00"\n')
    h = H.Hall(office)
    h.handle(H.Tick(), at("08:00"))
    h.handle(H.Book("2026-11-26", "17:30", "transcript", "111111"), at("08:00"))
    h.handle(H.Issue("transcript"), at("16:50"))
    h.handle(H.CheckIn(code="111111"), at("17:40"))
    assert h.handle(H.Next(2), at("17:45")).answer.number == "R001"
    assert h.handle(H.Next(3), at("17:45")).answer is None
    with pytest.raises(H.Refusal, match="ordinary tickets are not issued now"):
        h.handle(H.Book("2026-11-26", "17:30", "transcript", "222222"), at("08:00"))
        h.handle(H.CheckIn(code="222222"), at("18:00"))


def test_the_appointment_ticket_says_預約_and_its_slot():
    from printers.content import ticket_content
    from printers.escpos_bytes import native_bytes

    ticket = {"id": 7, "number": "R001", "queue": "appointment", "service": "transcript", "category": None,
              "issued_at": "2026-11-26T09:50:00+08:00", "appointment_slot": "10:00"}
    c = ticket_content(OFFICE, ticket, 0, None)
    assert c.queue.zh == "預約" and c.appointment.zh == "預約 10:00" and c.ahead.zh == "10:00 起優先叫號"
    assert "預約 10:00".encode("cp950") in native_bytes(c)
    ranged = ticket_content(OFFICE, ticket, 0, [10, 15])  # the check-in's estimated_wait_range
    assert ranged.ahead.zh == "10:00 起優先叫號・約 10–15 分鐘"
    assert ranged.ahead.en == "Called first from 10:00 · about 10–15 minutes"
    late = ticket_content(OFFICE, {**ticket, "number": "A001", "queue": "general", "appointment_slot": None}, 0, None)
    assert late.appointment is None and late.queue.zh == "一般服務"
