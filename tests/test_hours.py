"""Opening hours on their own (shared/hours.py), as the office file gives them, and routing
with counters limited to some services (shared/routing.py, and the estimate that replays it)."""

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from shared.estimate import PAUSE_LEFT_MINUTES
from shared.catalogue import hours as words
from shared.estimate import CounterNow, ServiceTimeLearner, WaitingTicket, replay
from shared.hall import Hall, Issue, Next, Pause, Refusal
from shared.hours import state_at
from shared.office import ConfigError, default_office_text, load_office, office_from_json, parse_office
from shared.routing import Waiting, choose_next

DEPLOY = Path(__file__).resolve().parents[1] / "deploy" / "office.toml"
TAIPEI = load_office().tz


def at(text: str) -> datetime:
    """A moment in Taipei: "2026-11-26 08:00" (a Thursday)."""
    return datetime.fromisoformat(text).replace(tzinfo=TAIPEI)


@pytest.fixture(scope="module")
def office():
    """The shipped office with its opening hours (deploy/office.toml)."""
    return load_office(DEPLOY)


def with_hours(block: str):
    return parse_office(default_office_text() + "\n" + block, "office.toml")


# ----- the state at a moment ------------------------------------------------------------------

def test_an_office_without_hours_is_always_open():
    assert load_office().hours is None
    state = state_at(None, at("2026-11-29 03:00"))  # a Sunday night
    assert state.open and not state.appointments_only and state.opens_at is None


@pytest.mark.parametrize("moment, is_open, closes", [
    ("2026-11-26 07:59:59", False, None),
    ("2026-11-26 08:00", True, "2026-11-26 17:00"),
    ("2026-11-26 12:30", True, "2026-11-26 17:00"),   # open over lunch
    ("2026-11-26 16:59:59", True, "2026-11-26 17:00"),
    ("2026-11-26 17:00", False, None),
])
def test_weekday_hours(office, moment, is_open, closes):
    state = state_at(office.hours, at(moment))
    assert state.open is is_open and not state.appointments_only
    assert state.closes_at == (at(closes) if closes else None)
    assert (state.opens_at is None) is is_open


def test_closed_over_lunch():
    office = with_hours('[hours]\nmonday = "08:00-17:00"\nthursday = "08:00-17:00"\nlunch = "12:00-13:30"\n')
    assert state_at(office.hours, at("2026-11-26 11:00")).closes_at == at("2026-11-26 12:00")
    lunch = state_at(office.hours, at("2026-11-26 12:30"))
    assert not lunch.open and lunch.opens_at == at("2026-11-26 13:30")
    assert state_at(office.hours, at("2026-11-26 13:30")).open
    # Spans given by hand that touch are one opening.
    joined = with_hours('[hours]\nthursday = ["08:00-12:00", "12:00-17:00"]\n')
    assert state_at(joined.hours, at("2026-11-26 09:00")).closes_at == at("2026-11-26 17:00")


def test_wednesday_evening_is_for_appointments(office):
    gap = state_at(office.hours, at("2026-11-25 17:10"))
    assert not gap.open and not gap.appointments_only
    evening = state_at(office.hours, at("2026-11-25 18:00"))
    assert not evening.open and evening.appointments_only
    assert evening.closes_at == at("2026-11-25 20:00") and evening.opens_at == at("2026-11-26 08:00")
    assert evening.services == () and evening.session.zh == "週三夜間延長服務（預約）"
    assert not state_at(office.hours, at("2026-11-25 20:00")).appointments_only
    assert not state_at(office.hours, at("2026-11-26 18:00")).appointments_only  # only on Wednesdays


def test_saturday_marriage_registration_by_appointment(office):
    state = state_at(office.hours, at("2026-11-28 09:30"))
    assert state.appointments_only and state.services == ("marriage",)
    assert state.opens_at == at("2026-11-30 08:00")  # Monday
    assert not state_at(office.hours, at("2026-11-28 12:00")).appointments_only


def test_next_opening_across_a_weekend_and_a_holiday(office):
    friday_evening = state_at(office.hours, at("2026-11-27 17:30"))
    assert friday_evening.opens_at == at("2026-11-30 08:00")
    # Friday 25 December is a closed day: Thursday evening to Monday.
    assert state_at(office.hours, at("2026-12-24 17:00")).opens_at == at("2026-12-28 08:00")
    christmas = state_at(office.hours, at("2026-12-25 10:00"))
    assert not christmas.open and christmas.opens_at == at("2026-12-28 08:00")
    # New Year's Day on a Friday, then the weekend.
    assert state_at(office.hours, at("2026-12-31 17:00")).opens_at == at("2027-01-04 08:00")


def test_a_closed_day_cancels_weekday_sessions_but_not_a_dated_one():
    office = with_hours('[hours]\nwednesday = "08:00-17:00"\nclosed_days = [2026-11-25, 2026-12-02]\n'
                        '[[hours.by_appointment]]\ndays = ["wednesday"]\ndates = [2026-12-02]\ntime = "17:30-20:00"\n')
    assert not state_at(office.hours, at("2026-11-25 18:00")).appointments_only
    assert state_at(office.hours, at("2026-12-02 18:00")).appointments_only
    assert state_at(office.hours, at("2026-11-24 10:00")).opens_at == at("2026-12-09 08:00")


def test_hours_that_never_open_say_so():
    office = with_hours('[hours]\nsunday = "closed"\n')
    state = state_at(office.hours, at("2026-11-26 10:00"))
    assert not state.open and state.opens_at is None
    assert words.next_opening(state, at("2026-11-26 10:00")) == words.NOT_OPENING


def test_when_it_opens_reads_naturally():
    now = at("2026-11-26 07:30")  # Thursday
    assert words.when_text(at("2026-11-26 08:00"), now).zh == "今天 08:00"
    assert words.when_text(at("2026-11-27 08:00"), now).get("en") == "tomorrow (Friday) 08:00"
    assert words.when_text(at("2026-11-30 08:00"), now).zh == "週一 08:00"
    assert words.when_text(at("2026-12-28 08:00"), now).zh == "12/28（週一）08:00"
    assert words.when_text(at("2026-12-28 08:00"), now).en == "Monday 28 Dec 08:00"


def test_hours_in_one_line_for_an_office_without_its_own_text(office):
    line = words.summary(office.hours)
    assert line.zh == "週一至週五 08:00–17:00" and line.en == "Monday–Friday 08:00–17:00"
    other = with_hours('[hours]\nmonday = ["08:00-12:00", "13:30-17:00"]\ntuesday = "08:00-17:00"\n'
                       'saturday = "09:00-12:00"\nlunch = "12:00-13:00"\n')
    assert words.summary(other.hours).zh == ("週一 08:00–12:00、13:30–17:00；週二 08:00–17:00；週六 09:00–12:00；"
                                             "中午 12:00–13:00 休息")


def test_the_hours_go_to_devices_and_back(office):
    again = office_from_json(office.to_json())
    assert again.hours == office.hours
    assert office.to_json()["hours"]["zh-TW"].startswith("週一至週五")  # the text people read stays
    assert office_from_json(load_office().to_json()).hours is None


def test_the_deploy_office_is_the_default_office_with_hours_and_appointments(office):
    assert office.appointments is not None
    assert replace(office, hours=None, appointments=None) == load_office()


# ----- mistakes in the office file -----------------------------------------------------------

@pytest.mark.parametrize("block, message", [
    ('[hours]\nmonday = "8-17"\n', r"\[hours\] monday: '8-17' must be a time span like \"08:00-17:00\""),
    ('[hours]\nmonday = "17:00-08:00"\n', "ends before it starts"),
    ('[hours]\nmonday = "08:00-24:00"\n', "times run from 00:00 to 23:59"),
    ('[hours]\nmonday = ["08:00-12:00", "11:00-17:00"]\n', "'monday': 08:00-12:00 and 11:00-17:00 overlap"),
    ('[hours]\nwendesday = "08:00-17:00"\n', "unknown key 'wendesday'"),
    ('[hours]\nmonday = 8\n', "'monday' must be a time span"),
    ('[hours]\nlunch = true\n', "'lunch' must be \"open\""),
    ('[hours]\nclosed_days = ["2027-13-01"]\n', r"closed_days: '2027-13-01' must be a date like 2027-01-01"),
    ('[hours]\nclosed_days = "2027-01-01"\n', "'closed_days' must be a list of dates"),
    ('[hours]\n[[hours.by_appointment]]\ndays = ["wednesday"]\n', r"by_appointment\]\] #1: 'time' is missing"),
    ('[hours]\n[[hours.by_appointment]]\ndays = ["wed"]\ntime = "17:30-20:00"\n', "unknown weekday 'wed'"),
    ('[hours]\n[[hours.by_appointment]]\ntime = "17:30-20:00"\n', "say when it runs"),
    ('[hours]\n[[hours.by_appointment]]\ndays = ["saturday"]\ntime = "09:00-12:00"\nservices = ["wedding"]\n',
     "unknown service 'wedding'"),
    ('[hours]\n[[hours.by_appointment]]\ndays = ["saturday"]\ntime = "09:00-12:00"\nroom = 2\n',
     "unknown key 'room'"),
])
def test_hours_mistakes_are_named(block, message):
    with pytest.raises(ConfigError, match=f"office.toml: .*{message}"):
        with_hours(block)


def test_counter_service_mistakes_are_named():
    text = default_office_text().replace('number = 3\nkind = "general"', 'number = 3\nkind = "general"\n'
                                         'services = ["passports"]')
    with pytest.raises(ConfigError, match=r"counters #3: unknown service 'passports' in 'services'"):
        parse_office(text, "office.toml")
    # Every service needs a counter that takes it.
    text = default_office_text()
    for n in (1, 2, 3):
        text = text.replace(f'number = {n}\nkind', f'number = {n}\nservices = ["passport"]\nkind')
    with pytest.raises(ConfigError, match="no counter takes service 'birth'"):
        parse_office(text, "office.toml")
    # …nor the care tickets of a service: the care counter limited, no general counter helping.
    text = default_office_text().replace('number = 1\nkind = "care"', 'number = 1\nkind = "care"\n'
                                         'services = ["passport"]').replace("help_care = true", "help_care = false")
    with pytest.raises(ConfigError, match="no counter takes care tickets of service 'birth' \\(queue 'care'\\)"):
        parse_office(text, "office.toml")


# ----- counters limited to some services -------------------------------------------------------

T0 = datetime(2026, 11, 26, 1, 0, tzinfo=timezone.utc)


def limited_office():
    """Counter 3 only for passports and digital certificates."""
    return parse_office(default_office_text().replace(
        'number = 3\nkind = "general"', 'number = 3\nkind = "general"\nservices = ["passport", "certificate"]'))


def w(id_, queue, minutes_ago, service):
    return Waiting(id_, queue, T0 - timedelta(minutes=minutes_ago), service)


def test_a_limited_counter_is_routed_only_its_services():
    office = limited_office()
    three = office.counter(3)
    assert three.services == ("passport", "certificate") and three.takes("passport") and not three.takes("birth")
    # Given a head of another service, it takes nothing rather than that.
    assert choose_next(office, three, {"general": w(1, "general", 20, "birth")}, T0, True) is None
    assert choose_next(office, three, {"general": w(2, "general", 5, "passport")}, T0, True).id == 2


def test_the_hall_calls_the_oldest_ticket_of_the_counters_services():
    hall = Hall(limited_office())
    now = T0.timestamp()
    for i, service in enumerate(["birth", "transcript", "certificate", "passport"]):
        hall.handle(Issue(service), now + i)
    assert hall.handle(Next(3), now + 10).answer.service == "certificate"
    assert hall.handle(Next(2), now + 11).answer.service == "birth"
    assert hall.handle(Next(3), now + 12).answer.service == "passport"
    assert hall.handle(Next(3), now + 13).answer is None    # a transcript waits: not counter 3's
    assert hall.waiting_counts()["general"] == 1            # and is still counted
    assert hall.handle(Next(1), now + 14).answer.service == "transcript"


def test_the_care_limit_still_holds_for_a_limited_counter():
    hall = Hall(limited_office())
    now = T0.timestamp()
    hall.handle(Issue("birth", "elderly"), now)
    hall.handle(Issue("passport", "elderly"), now + 1)
    hall.handle(Issue("passport"), now + 2)
    hall.handle(Issue("transcript"), now + 3)
    hall.handle(Next(1), now + 4)  # the care counter takes the first care ticket (birth)
    later = now + 11 * 60          # the passport care ticket waited past the limit
    called = hall.handle(Next(3), later).answer
    assert (called.queue, called.service) == ("care", "passport")
    assert hall.handle(Next(3), later + 1).answer.service == "passport"


def test_a_ticket_only_paused_counters_take_waits_counted_for_their_return():
    hall = Hall(limited_office())
    now = T0.timestamp()
    hall.handle(Pause(1), now)
    hall.handle(Pause(2), now)
    hall.handle(Issue("passport"), now + 1)
    issued = hall.handle(Issue("birth"), now + 2).answer
    assert hall.waiting_counts()["general"] == 2
    forecasts = hall.estimates(now + 3)
    birth, passport = forecasts[issued.ticket.id], forecasts[issued.ticket.id - 1]
    # Counter 3 (open) takes the passport now; birth waits for a paused counter to come back.
    assert passport is not None and birth is not None
    assert birth.expected >= PAUSE_LEFT_MINUTES > passport.expected


def test_the_estimate_follows_a_limited_counter():
    office = limited_office()
    learner = ServiceTimeLearner(office)
    counters = [CounterNow(1, False), CounterNow(2, True), CounterNow(3, True)]
    waiting = [WaitingTicket(i + 1, "general", T0 - timedelta(minutes=10 - i), service=s, seq=i + 1)
               for i, s in enumerate(["birth", "birth", "passport"])]
    out = replay(office, counters, waiting, learner, T0)
    # Counter 2 takes both births one after the other; counter 3 takes the passport at once.
    assert out[3].minutes == 0
    assert out[1].minutes == 0 and out[2].minutes == pytest.approx(office.service("birth").minutes, rel=0.3)


# ----- the hall refuses ordinary tickets outside the hours -------------------------------------

def test_the_hall_refuses_a_ticket_when_closed_and_says_when_it_opens(office):
    hall = Hall(office)
    with pytest.raises(Refusal) as refused:
        hall.handle(Issue("transcript"), at("2026-11-26 07:30").timestamp())
    assert refused.value.kind == "closed"
    assert refused.value.message == "本所目前未開放，下次開放：今天 08:00。The office is closed now; it opens today 08:00."
    with pytest.raises(Refusal, match="目前僅受理預約（至 20:00）") as refused:
        hall.handle(Issue("transcript"), at("2026-11-25 18:00").timestamp())
    assert "Appointments only now (until 20:00); it opens tomorrow (Thursday) 08:00." in refused.value.message
    assert not hall.tickets
    assert hall.handle(Issue("transcript"), at("2026-11-26 08:00").timestamp()).answer.ticket.number == "A001"
