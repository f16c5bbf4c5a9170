"""The wait estimate with appointments: checked-in appointment tickets called from their slot
before general and care tickets, and booked citizens expected at theirs."""

import dataclasses
from datetime import datetime, timedelta, timezone

import pytest

from shared.appointments import AppointmentRules
from shared.estimate import (SHOW_PRIOR, Booked, CounterNow, ServiceTimeLearner, WaitingTicket, booked_weight,
                             printed_range, replay, show_share)
from shared.office import Counter, Name, Service, load_office

# 09:55 in Taipei; the appointment's slot is 10:00.
NOW = datetime(2026, 11, 26, 1, 55, tzinfo=timezone.utc)
SLOT = NOW + timedelta(minutes=5)


def office_with(*counters: Counter):
    base = load_office()
    quick = Service("quick", Name("快", "Quick"), "general", 3)  # what the busy counter still has left
    return dataclasses.replace(base, counters=counters, services=(*base.services, quick),
                               appointments=AppointmentRules())


def care(number=1, **kw) -> Counter:
    return Counter(number, Name(f"{number}", f"{number}"), "care", "", ("care", "general"), **kw)


def general(number, **kw) -> Counter:
    return Counter(number, Name(f"{number}", f"{number}"), "general", "", ("general",), help_care=True, **kw)


def ticket(id, queue="general", service="transcript", at=NOW, target=None) -> WaitingTicket:
    return WaitingTicket(id, queue, at, service=service, seq=id, target_counter=target)


def booked_ticket(id, slot=SLOT, service="id_card", at=NOW - timedelta(minutes=5)) -> WaitingTicket:
    """A checked-in appointment ticket: `not_before` is its slot."""
    return WaitingTicket(id, "appointment", at, service=service, seq=id, not_before=slot)


def forecasts(office, counters, tickets, now=NOW, **kw):
    return replay(office, counters, tickets, ServiceTimeLearner(office), now, **kw)


def expected(office, counters, tickets, now=NOW, **kw) -> dict:
    return {i: (f.expected if f else None) for i, f in forecasts(office, counters, tickets, now, **kw).items()}


BUSY_3 = CounterNow(2, service="quick")  # busy 3 more minutes (the quick service's typical minutes)


def test_an_appointment_checked_in_early_is_forecast_until_its_slot():
    office = office_with(general(2))
    at_0950 = NOW - timedelta(minutes=5)
    got = forecasts(office, [BUSY_3], [booked_ticket(7)], now=at_0950)[7]
    # The counter is free at 09:53 and waits for the slot: called at 10:00, 10 minutes on.
    assert got.minutes == pytest.approx(10)
    assert got.low == pytest.approx(10) and got.high == pytest.approx(10)
    assert printed_range(got.low, got.high) == (10, 15)


def test_general_tickets_are_pushed_back_by_an_appointment_from_its_slot():
    office = office_with(general(2))
    general_only = [ticket(1), ticket(2), ticket(3)]
    before = expected(office, [BUSY_3], general_only)
    assert before == pytest.approx({1: 3, 2: 8, 3: 13})
    got = expected(office, [BUSY_3], [*general_only, booked_ticket(7)])
    # Free at 09:58: the appointment is not due yet, so ticket 1; free again at 10:03: the
    # appointment (id_card, 10 minutes) goes before tickets 2 and 3.
    assert got[1] == pytest.approx(3)
    assert got[7] == pytest.approx(8)
    assert got[2] == pytest.approx(18) and got[3] == pytest.approx(23)
    point = forecasts(office, [BUSY_3], [*general_only, booked_ticket(7)])[7]
    assert point.low >= 5 - 1e-9  # never before its slot
    assert point.low <= point.minutes <= point.high


def test_an_appointment_due_goes_before_older_care_and_general_tickets_but_not_a_care_ticket_past_its_limit():
    office = office_with(care(1), general(2))
    due = booked_ticket(7, slot=NOW - timedelta(minutes=1))
    old_care = ticket(2, "care", at=NOW - timedelta(minutes=4))
    got = expected(office, [CounterNow(1), CounterNow(2, service="marriage")], [ticket(1), old_care, due])
    assert got[7] == pytest.approx(0)  # the care counter takes the appointment first
    assert got[2] == pytest.approx(10)  # id_card's 10 minutes later
    over = ticket(2, "care", at=NOW - timedelta(minutes=12))
    got = expected(office, [CounterNow(1), CounterNow(2, service="marriage")], [ticket(1), over, due])
    assert got[2] == pytest.approx(0) and got[7] > 0


def test_a_booked_citizen_not_checked_in_pushes_general_tickets_after_their_slot():
    office = office_with(general(2))
    tickets = [ticket(1), ticket(2), ticket(3)]
    alone = expected(office, [BUSY_3], tickets)
    sure = expected(office, [BUSY_3], tickets, booked=[Booked(SLOT, "id_card", 1.0)])
    assert sure == pytest.approx({1: 3, 2: 18, 3: 23})  # as if checked in: 10 minutes of id_card
    likely = expected(office, [BUSY_3], tickets, booked=[Booked(SLOT, "id_card", 0.8)])
    assert likely == pytest.approx({1: 3, 2: 16, 3: 21})  # the time as likely as the citizen comes
    assert set(likely) == {1, 2, 3}  # no forecast for a booking: it has no ticket yet
    later = expected(office, [BUSY_3], tickets, booked=[Booked(NOW + timedelta(minutes=30), "id_card", 1.0)])
    assert later == pytest.approx(alone)  # a slot after the queue is through changes nothing
    assert expected(office, [BUSY_3], tickets, booked=[Booked(SLOT, "id_card", 0.0)]) == pytest.approx(alone)


def test_how_many_booked_citizens_are_expected():
    assert show_share(0, 0) == pytest.approx(SHOW_PRIOR)
    assert show_share(10, 20) < show_share(20, 20)
    assert show_share(1000, 1000) == pytest.approx(1, abs=0.01)
    # Up to the slot the share; then less and less until the late minutes are over.
    assert booked_weight(0.8, SLOT, NOW, 15) == 0.8
    assert booked_weight(0.8, SLOT, SLOT + timedelta(minutes=5), 15) == pytest.approx(0.8 * 2 / 3)
    assert booked_weight(0.8, SLOT, SLOT + timedelta(minutes=15), 15) == 0


def test_an_appointment_only_session_calls_appointments_only():
    office = office_with(general(2), general(3))
    got = expected(office, [CounterNow(2), CounterNow(3)], [ticket(1), booked_ticket(7), booked_ticket(8, SLOT +
                   timedelta(minutes=15), service="marriage")], appointments_only=True)
    assert got[1] is None  # no counter calls a general ticket in the session
    assert got[7] == pytest.approx(5) and got[8] == pytest.approx(20)


def test_an_appointment_for_a_counter_limited_to_its_service():
    others = tuple(s.id for s in load_office().services if s.id != "marriage")
    office = office_with(general(2, services=others), general(3, services=("marriage",)))
    marriage = booked_ticket(7, service="marriage")
    got = expected(office, [CounterNow(2), CounterNow(3, service="marriage", spent_minutes=0)],
                   [ticket(1), marriage, booked_ticket(8)])
    # Counter 2 (all but marriages) takes ticket 1, is free at 10:00 and takes the id_card
    # appointment; the marriage one waits for counter 3, the only one that takes marriages.
    assert got[1] == pytest.approx(0)
    assert got[8] == pytest.approx(5)
    assert got[7] == pytest.approx(20)
    # Nobody open takes it: no forecast.
    got = expected(office, [CounterNow(2), CounterNow(3, open=False)], [marriage], booked=[])
    assert got[7] == pytest.approx(30)  # the paused counter's expected return (PAUSE_MINUTES)
    assert expected(office, [CounterNow(2)], [marriage])[7] is None
