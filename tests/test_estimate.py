"""The wait estimate: the replay's routing rules, the service-time learner and the range."""

import dataclasses
from datetime import datetime, timedelta, timezone

import pytest

from shared.estimate import (PAUSE_LEFT_MINUTES, PAUSE_MINUTES, CounterNow, ServiceTimeLearner, WaitingTicket,
                             finish_moments, format_range, printed_range, replay)
from shared.office import Counter, Name, load_office

NOW = datetime(2026, 11, 26, 2, 0, tzinfo=timezone.utc)


def office_with(*counters: Counter):
    return dataclasses.replace(load_office(), counters=counters)


def care(number=1, **kw) -> Counter:
    return Counter(number, Name(f"{number}", f"{number}"), "care", "", ("care", "general"), **kw)


def general(number, **kw) -> Counter:
    return Counter(number, Name(f"{number}", f"{number}"), "general", "", ("general",), help_care=True, **kw)


def ticket(id, queue="general", service="transcript", waited=0.0, target=None) -> WaitingTicket:
    return WaitingTicket(id, queue, NOW - timedelta(minutes=waited), service=service, seq=id,
                         target_counter=target)


def waits(office, counters, tickets, learner=None, **kw) -> dict:
    learner = learner or ServiceTimeLearner(office)
    return {i: (f.expected if f else None) for i, f in replay(office, counters, tickets, learner, NOW, **kw).items()}


# Before any sample the office's typical minutes hold: transcript 5, id_card 10, marriage 20.

def test_one_counter_serves_in_order_with_typical_minutes():
    office = office_with(general(2))
    got = waits(office, [CounterNow(2)], [ticket(1, waited=3), ticket(2, waited=2), ticket(3, service="id_card")])
    assert got == pytest.approx({1: 0, 2: 5, 3: 10})


def test_care_counter_takes_general_tickets_when_no_care_ticket_waits():
    office = office_with(care(1), general(2))
    got = waits(office, [CounterNow(1), CounterNow(2, service="marriage")],
                [ticket(1, waited=2), ticket(2, waited=1)])
    assert got == pytest.approx({1: 0, 2: 5})  # both at the care counter, none at the busy counter 2


def test_care_tickets_first_at_the_care_counter():
    office = office_with(care(1))
    got = waits(office, [CounterNow(1)], [ticket(1, waited=9), ticket(2, "care", waited=1)])
    assert got == pytest.approx({2: 0, 1: 5})


def test_care_in_a_row_lets_a_general_ticket_through():
    office = office_with(care(1, care_in_a_row=2))
    tickets = [ticket(1, waited=10)] + [ticket(i, "care", waited=10 - i) for i in (2, 3, 4)]
    got = waits(office, [CounterNow(1)], tickets)
    assert got == pytest.approx({2: 0, 3: 5, 1: 10, 4: 15})


def test_general_counter_takes_a_care_ticket_after_the_care_limit():
    office = office_with(care(1), general(2))
    busy_care = CounterNow(1, service="marriage")
    # The care ticket has waited 8 minutes: counter 2 first takes a general ticket, and when
    # it is free again (5 minutes on) the care ticket is over the 10-minute limit: it goes
    # before the second general ticket.
    got = waits(office, [busy_care, CounterNow(2)],
                [ticket(1, waited=20), ticket(2, waited=19), ticket(3, "care", waited=8)])
    assert got[1] == pytest.approx(0)
    assert got[3] == pytest.approx(5)
    assert got[2] == pytest.approx(10)
    # Over the limit already: it is taken at once.
    got = waits(office, [busy_care, CounterNow(2)], [ticket(1, waited=20), ticket(3, "care", waited=12)])
    assert got[3] == pytest.approx(0)
    assert got[1] == pytest.approx(5)


def test_general_counter_waits_for_the_care_limit_when_it_has_nothing_else():
    office = office_with(care(1), general(2))
    got = waits(office, [CounterNow(1, service="marriage"), CounterNow(2)], [ticket(1, "care", waited=4)])
    assert got[1] == pytest.approx(6)  # counter 2 takes it at the limit, before the care counter is free


def test_the_care_counter_closed_general_counters_take_care_tickets_first():
    office = office_with(care(1), general(2))
    got = waits(office, [CounterNow(1, open=False), CounterNow(2)], [ticket(1, waited=5), ticket(2, "care")])
    assert got == pytest.approx({2: 0, 1: 5})


def test_a_paused_counter_takes_nobody_until_its_pause_is_expected_over():
    office = office_with(general(2), general(3))
    tickets = [ticket(i, waited=10 - i) for i in range(1, 5)]
    both = waits(office, [CounterNow(2), CounterNow(3)], tickets)
    assert both == pytest.approx({1: 0, 2: 0, 3: 5, 4: 5})
    # Counter 3 paused 28 minutes ago: back in PAUSE_MINUTES - 28 = 2, at least 3 minutes.
    one = waits(office, [CounterNow(2), CounterNow(3, open=False, paused_minutes=28)], tickets)
    assert one == pytest.approx({1: 0, 2: PAUSE_LEFT_MINUTES, 3: 5, 4: 5 + PAUSE_LEFT_MINUTES})
    # Just paused: its whole pause is ahead; the open counter calls the others meanwhile.
    one = waits(office, [CounterNow(2), CounterNow(3, open=False)], tickets)
    assert one == pytest.approx({1: 0, 2: 5, 3: 10, 4: 15})
    both_paused = waits(office, [CounterNow(2, open=False), CounterNow(3, open=False, paused_minutes=10)], tickets)
    assert PAUSE_MINUTES == 30
    assert both_paused == pytest.approx({1: 20, 2: 25, 3: 30, 4: 30})
    # A counter the office does not have, or none at all: no estimate.
    assert waits(office, [CounterNow(9)], tickets) == dict.fromkeys(range(1, 5))


def test_a_ticket_transferred_to_a_counter_goes_first_there():
    office = office_with(general(2), general(3))
    tickets = [ticket(1, waited=9), ticket(2, waited=8), ticket(3, waited=1, target=3)]
    got = waits(office, [CounterNow(2, service="transcript", spent_minutes=0), CounterNow(3)], tickets)
    assert got[3] == pytest.approx(0)  # counter 3 takes its transferred ticket before older ones
    assert got[1] > 0
    # Transferred to a paused counter: nobody else calls it; it waits for the pause.
    got = waits(office, [CounterNow(2), CounterNow(3, open=False)], tickets)
    assert got[3] == pytest.approx(PAUSE_MINUTES)
    assert got[1] == 0 and got[2] == pytest.approx(5)


def test_time_already_spent_shortens_the_rest_of_a_usual_service():
    office = office_with(general(2))
    tickets = [ticket(1, service="id_card")]
    fresh = waits(office, [CounterNow(2, service="id_card", spent_minutes=0)], tickets)[1]
    along = waits(office, [CounterNow(2, service="id_card", spent_minutes=6)], tickets)[1]
    assert fresh == pytest.approx(10)
    assert 0 < along < fresh
    # Far beyond the usual time: some while more is still expected, never a negative one.
    assert waits(office, [CounterNow(2, service="id_card", spent_minutes=60)], tickets)[1] > 0


def test_several_busy_counters_one_finishes_before_the_expected_rest():
    office = office_with(*(general(n) for n in range(2, 6)))
    counters = [CounterNow(n, service="id_card", spent_minutes=1) for n in range(2, 6)]
    one = waits(office, counters[:1], [ticket(1)])[1]
    four = waits(office, counters, [ticket(1)])[1]
    assert four < one


def test_learner_typical_minutes_before_samples_then_recent_samples_count_most():
    office = load_office()
    learner = ServiceTimeLearner(office, half_life=5, prior_weight=3)
    assert learner.mean("transcript") == 5
    assert learner.mean("no-such-service") == pytest.approx(
        sum(s.minutes for s in office.services) / len(office.services))
    for _ in range(20):
        learner.add("transcript", 4)
    for _ in range(20):
        learner.add("transcript", 12)
    # The plain average is 8; the recent 12s weigh far more.
    assert learner.mean("transcript") > 11
    assert learner.samples("transcript") == 40
    # Services without samples follow the office's measured ratio to the typical minutes.
    assert learner.mean("id_card") > 10


def test_learner_counter_pace():
    office = load_office()
    learner = ServiceTimeLearner(office, pace_prior=2, per_counter=True)
    for _ in range(30):
        learner.add("id_card", 10, counter=2)
        learner.add("id_card", 20, counter=3)
    assert learner.mean("id_card", 3) > learner.mean("id_card") > learner.mean("id_card", 2)
    assert ServiceTimeLearner(office).pace(3) == 1.0  # off by default (see the module docstring)


def test_future_care_tickets_stretch_general_waits_only():
    office = office_with(care(1), general(2))
    tickets = [ticket(1, waited=5), ticket(2, waited=4), ticket(3, waited=3), ticket(4, "care")]
    counters = [CounterNow(1, service="marriage"), CounterNow(2, service="marriage", spent_minutes=3)]
    calm = waits(office, counters, tickets)
    busy = waits(office, counters, tickets, future_care=0.3)
    assert busy[3] > calm[3]
    assert busy[4] == calm[4]
    learner = ServiceTimeLearner(office)
    for minutes in (70, 50, 30, 10):  # the first one is outside the last hour
        learner.care_issued("id_card", NOW - timedelta(minutes=minutes))
    assert learner.future_care(NOW, 2) == pytest.approx(3 * 10 / (60 * 2))


def test_the_point_is_the_median_below_the_mean_and_inside_the_range():
    office = office_with(general(2))
    got = replay(office, [CounterNow(2, service="marriage", spent_minutes=1)], [ticket(1), ticket(2)],
                 ServiceTimeLearner(office), NOW)
    for f in got.values():
        assert f.low < f.minutes <= f.expected < f.high
    # Ticket 1 waits for the current citizen's rest only; ticket 2 also for a service
    # started in the replay, whose skew puts the median below the mean.
    assert got[2].minutes < got[2].expected
    assert got[2].expected > got[1].expected


def test_several_running_services_end_in_order_of_their_distribution():
    office = office_with(*(general(n) for n in range(2, 6)))
    learner = ServiceTimeLearner(office)
    # Two nearly done, two long ones just begun: the third and fourth to end are the long
    # ones, at about their usual medians, not at the far quantiles of each (0.3.0 did that).
    cdfs = [learner.rest_cdf("transcript", 2, 4.5), learner.rest_cdf("transcript", 3, 4.5),
            learner.rest_cdf("marriage", 4, 0.5), learner.rest_cdf("marriage", 5, 0.5)]
    moments = finish_moments(cdfs, 0.01, 200)
    assert moments == sorted(moments)
    assert moments[1] < 5 < moments[2]
    mean = learner.mean("marriage")
    assert 0.4 * mean < moments[2] < moments[3] < 1.4 * mean
    # Alike services: the k-th ends where each one's rest has ended with chance (k - ½) / n.
    alike = [learner.rest_cdf("id_card", n, 0) for n in range(4)]
    for k, m in enumerate(finish_moments(alike, 0.01, 200)):
        assert alike[0](m) == pytest.approx((k + 0.5) / 4, abs=0.02)


def test_range_holds_the_point_and_widens_with_the_queue():
    office = office_with(general(2), general(3))
    tickets = [ticket(i, service="id_card", waited=30 - i) for i in range(1, 21)]
    got = replay(office, [CounterNow(2, service="id_card"), CounterNow(3, service="id_card", spent_minutes=4)],
                 tickets, ServiceTimeLearner(office), NOW)
    for f in got.values():
        assert 0 <= f.low <= f.minutes <= f.high
    widths = [got[i].high - got[i].low for i in range(1, 21)]
    assert widths[-1] > widths[0]
    assert got[20].minutes > got[1].minutes


def test_printed_range_as_a_citizen_reads_it():
    assert printed_range(7, 13) == (5, 15)
    assert format_range(7, 13) == "約 5–15 分鐘"
    assert format_range(7, 13, "en") == "about 5–15 minutes"
    assert format_range(0.5, 4) == "5 分鐘內"
    assert format_range(0, 3.2, "en") == "under 5 minutes"
    assert format_range(2, 12, "en") == "under 15 minutes"
    assert format_range(10, 20) == "約 10–20 分鐘"  # already whole: not widened
    assert format_range(48, 75) == "約 40–80 分鐘"  # past an hour in tens
    assert printed_range(0, 0) == (0, 5)


def test_old_estimate_still_works():
    from shared.estimate import estimated_wait, expected_minutes
    assert expected_minutes(10, 4, 3) == 4
    assert estimated_wait(25, 2) == 13
