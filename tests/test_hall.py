"""The hall's state machine on its own: commands in, events out, no server."""

from datetime import datetime, timezone

import pytest

from shared import hall as H
from shared.office import load_office

T0 = datetime(2026, 11, 26, 1, 0, tzinfo=timezone.utc).timestamp()  # 09:00 in Taipei
DAY = 86400


@pytest.fixture
def hall():
    h = H.Hall(load_office())
    h.handle(H.Tick(), T0)
    return h


def do(hall, command, at=T0):
    hall.handle(H.Tick(), at)
    return hall.handle(command, at)


def test_issue_returns_the_ticket_and_one_event(hall):
    out = do(hall, H.Issue("transcript"))
    assert out.answer.ticket.number == "A001" and out.answer.ahead == 0
    assert out.answer.wait.minutes == 0  # counters are free
    assert [e.type for e in out.events] == [H.TICKET_ISSUED]
    assert out.events[0].seq == 1 and out.events[0].waiting == {"general": 1, "care": 0}


def test_events_carry_copies(hall):
    issued = do(hall, H.Issue("transcript")).events[0]
    do(hall, H.Next(2))
    assert issued.ticket.status == "waiting"  # the event kept what it said


def test_next_completes_the_current_ticket_then_calls(hall):
    do(hall, H.Issue("transcript"))
    do(hall, H.Issue("transcript"))
    do(hall, H.Next(2))
    out = do(hall, H.Next(2), T0 + 300)
    assert [e.type for e in out.events] == [H.TICKET_COMPLETED, H.TICKET_CALLED]
    assert out.answer.number == "A002" and hall.current(2).number == "A002"
    assert hall.learner.samples("transcript") == 1


def test_refusals_change_nothing(hall):
    seq = hall.seq
    for command, kind in [(H.Issue("nope"), "invalid"), (H.Recall(2), "conflict"), (H.Complete(2), "conflict"),
                          (H.CallNumber(2, "A050"), "not_found"), (H.Next(9), "not_found"),
                          (H.Transfer(2, None, None), "invalid")]:
        with pytest.raises(H.Refusal) as e:
            do(hall, command)
        assert e.value.kind == kind
    assert hall.seq == seq and not hall.tickets


def test_order_is_issue_order_even_when_the_clock_steps_back(hall):
    do(hall, H.Issue("transcript"), T0)
    do(hall, H.Issue("transcript"), T0 - 3600)  # clock set an hour back
    assert do(hall, H.Next(2), T0 - 3500).answer.number == "A001"
    do(hall, H.Issue("transcript"), T0)
    do(hall, H.Next(3), T0 + 60)
    out = do(hall, H.Complete(3), T0 - 3000)  # and back again while serving
    assert out.answer.number == "A002"
    assert hall.learner.samples("transcript") == 1 and hall.learner.mean("transcript") >= 0
    do(hall, H.Issue("transcript"), T0 - 2900)
    assert all(f.low >= 0 and f.minutes >= 0 for f in hall.estimates(T0 - 2900).values() if f)


def test_pause_completes_and_next_reopens(hall):
    do(hall, H.Issue("transcript"))
    do(hall, H.Next(2))
    out = do(hall, H.Pause(2, " 午休 "))
    assert [e.type for e in out.events] == [H.TICKET_COMPLETED, H.COUNTER_PAUSED]
    assert hall.counters[2].status == "paused" and hall.counters[2].reason == "午休"
    out = do(hall, H.Next(2))
    assert [e.type for e in out.events] == [H.COUNTER_RESUMED] and out.answer is None


def test_transfer_to_a_counter_goes_first_there(hall):
    for _ in range(3):
        do(hall, H.Issue("transcript"))
    do(hall, H.Next(2))
    do(hall, H.Transfer(2, to_counter=3))
    assert do(hall, H.Next(3)).answer.number == "A001"


def test_transfer_to_a_service_keeps_the_place(hall):
    do(hall, H.Issue("transcript"))
    do(hall, H.Issue("id_card"))
    do(hall, H.Next(2))
    do(hall, H.Transfer(2, service="id_card"))
    assert do(hall, H.Next(3)).answer.number == "A001"


def test_care_streak_is_part_of_the_counters_event(hall):
    office = load_office()
    care = next(c.number for c in office.counters if c.is_care)
    do(hall, H.Issue("transcript", "elderly"))
    out = do(hall, H.Next(care))
    assert out.events[-1].counter.counter.care_streak == 1


def test_day_change_cancels_waiting_and_can_be_undone(hall):
    do(hall, H.Issue("transcript"))
    do(hall, H.Issue("transcript"))
    do(hall, H.Next(2))
    do(hall, H.Complete(2))
    out = hall.handle(H.Tick(), T0 + DAY)
    [event] = out.events
    assert event.type == H.DAY_CHANGED and event.data["cancelled"] == [{"id": 2, "number": "A002", "was": "waiting"}]
    assert event.waiting == {"general": 0, "care": 0}
    assert do(hall, H.Issue("transcript"), T0 + DAY).answer.ticket.number == "A001"
    out = do(hall, H.UndoDayChange(), T0 + DAY + 60)
    assert [t.number for t in out.answer] == ["A002"]
    assert hall.waiting_counts() == {"general": 2, "care": 0}
    assert do(hall, H.Issue("transcript"), T0 + DAY + 80).answer.ticket.number == "A003"  # A002 is back in use
    assert do(hall, H.Next(3), T0 + DAY + 90).answer.number == "A002"  # it was there first
    with pytest.raises(H.Refusal):
        do(hall, H.UndoDayChange(), T0 + DAY + 120)


def test_the_day_never_goes_back(hall):
    hall.handle(H.Tick(), T0 + DAY)
    assert hall.handle(H.Tick(), T0).events == [] and hall.day == "2026-11-27"


def test_a_clock_set_a_day_ahead_is_undone_with_its_day(hall):
    do(hall, H.Issue("transcript"))
    hall.handle(H.Tick(), T0 + DAY)          # the clock jumped a day ahead
    do(hall, H.UndoDayChange(), T0 + 120)    # set right again, and the admin undoes
    assert hall.day == "2026-11-26" and hall.waiting_counts()["general"] == 1
    assert hall.tickets[1].business_day == "2026-11-26"


def test_alerts_raise_once_per_source_and_kind(hall):
    a = do(hall, H.RaiseAlert("kiosk-1", "printer", "paper_out", {"zh-TW": "缺紙", "en": "Paper out"})).answer
    b = do(hall, H.RaiseAlert("kiosk-1", "printer", "offline", {"zh-TW": "離線", "en": "Offline"})).answer
    assert a.id == b.id and len(hall.alerts) == 1
    assert do(hall, H.ClearAlert("kiosk-1", "printer")).answer == 1 and not hall.alerts


def test_the_domain_imports_no_qt_web_or_sql():
    import ast
    import pathlib

    for name in ("hall", "routing", "tickets", "estimate", "office"):
        tree = ast.parse(pathlib.Path(H.__file__).with_name(f"{name}.py").read_text())
        imported = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert not {m.split(".")[0] for m in imported} & {"PySide6", "fastapi", "starlette", "sqlalchemy"}, name


def test_rating_goes_to_the_ticket_served_last(hall):
    do(hall, H.Issue("birth"))
    do(hall, H.Issue("birth"))
    with pytest.raises(H.Refusal):
        do(hall, H.Rate(2, 5))  # served nobody yet
    do(hall, H.Next(2))
    assert do(hall, H.Rate(2, 4)).answer.ticket_id == 1  # the one it is serving
    do(hall, H.Next(2))  # A001 done (rated already), A002 called
    with pytest.raises(H.Refusal):
        do(hall, H.Rate(2, 5))  # never the citizen now at the counter for the one before
    do(hall, H.Complete(2))
    out = do(hall, H.Rate(2, 1, ("waiting_time", "waiting_time")))
    assert out.answer.ticket_id == 2 and out.answer.reasons == ("waiting_time",) and out.answer.unsatisfied
    assert [e.type for e in out.events] == [H.TICKET_RATED]
    with pytest.raises(H.Refusal):
        do(hall, H.Rate(2, 5))  # already rated
