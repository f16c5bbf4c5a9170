"""The report's figures on hand-made tickets (server/report_range.py): periods, median and
90th percentile, the groups per hour, counter, clerk, service and queue, satisfaction; and the
clerk each ticket keeps from its first call (shared/hall.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone

import pytest

from server import report_export
from server.report_range import (MAX_DAYS, NO_CLERK, Period, PeriodError, TicketRow, build, percentile,
                                 period_asked, spread)
from shared import hall as H
from shared.office import load_office

OFFICE = load_office()
NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30), "month")


def at(day: int, hour: int, minute: float = 0) -> float:
    """A moment of November 2026 in Taipei (UTC+8)."""
    return datetime(2026, 11, day, hour - 8, 0, tzinfo=timezone.utc).timestamp() + minute * 60


def ticket(n: int, day: int, hour: int, wait: float | None, service: float | None, counter: int | None = 2,
           clerk: str = "林志明", status: str = "done", service_id: str = "transcript", queue: str = "general",
           score: int | None = None, rated_clerk: str | None = None) -> TicketRow:
    issued = at(day, hour)
    called = None if wait is None else issued + wait * 60
    done = None if service is None or called is None else called + service * 60
    return TicketRow(n, f"2026-11-{day:02d}", f"A{n:03d}", queue, service_id, status, issued, called, done,
                     counter if called is not None else None, clerk if called is not None else "", score,
                     counter if score is not None else None,
                     (rated_clerk or clerk) if score is not None else None)


# ----- periods ---------------------------------------------------------------------------

def test_a_period_is_asked_for_as_a_day_a_week_a_month_or_a_range_and_defaults_to_this_month():
    today = date(2026, 11, 26)
    assert period_asked({}, today) == NOVEMBER
    assert period_asked({"month": "2026-02"}, today) == Period(date(2026, 2, 1), date(2026, 2, 28), "month")
    assert period_asked({"day": "2026-11-26"}, today) == Period(today, today, "day")
    week = period_asked({"week": "2026-W48"}, today)
    assert (week.first, week.last, week.first.weekday()) == (date(2026, 11, 23), date(2026, 11, 29), 0)
    assert period_asked({"from": "2026-11-03", "to": "2026-11-05"}, today).days == 3
    assert period_asked({"from": "2025-11-27", "to": "2026-11-27"}, today).days == MAX_DAYS


@pytest.mark.parametrize("asked, says", [
    ({"from": "2026-11-30", "to": "2026-11-01"}, "swap them"),
    ({"from": "2026-11-31", "to": "2026-12-01"}, "is not a date"),
    ({"from": "yesterday", "to": "2026-12-01"}, "is not a date"),
    ({"from": "2025-01-01", "to": "2026-11-30"}, f"at most {MAX_DAYS}"),
    ({"from": "2026-11-01"}, "needs both from and to"),
    ({"month": "2026-13"}, "write it like 2026-11"),
    ({"week": "48"}, "write it like 2026-W48"),
    ({"day": "26/11/2026"}, "is not a date"),
])
def test_a_period_asked_for_wrongly_says_what_to_give(asked, says):
    with pytest.raises(PeriodError, match=says):
        period_asked(asked, date(2026, 11, 26))


# ----- the figures ---------------------------------------------------------------------------

def test_median_and_90th_percentile_interpolate_as_excel_does():
    values = [float(v) for v in range(1, 11)]
    assert percentile(values, 0.5) == 5.5
    assert percentile(values, 0.9) == pytest.approx(9.1)
    assert spread([7.0, 1.0, 4.0]) == {"n": 3, "mean": 4.0, "median": 4.0, "p90": 6.4}
    assert spread([3.0]) == {"n": 1, "mean": 3.0, "median": 3.0, "p90": 3.0}
    assert spread([]) == {"n": 0, "mean": None, "median": None, "p90": None}


def test_the_figures_in_all_and_per_hour_of_issue():
    rows = [ticket(1, 3, 9, 10, 4), ticket(2, 3, 9, 20, 6), ticket(3, 3, 9, 30, 8), ticket(4, 3, 9, 40, 10),
            ticket(5, 3, 10, 5, 2), ticket(6, 3, 10, 15, None, status="no_show"),
            ticket(7, 3, 10, None, None, status="cancelled"),
            ticket(8, 12, 14, 1, 1)]
    report = build(rows, OFFICE, NOVEMBER)
    total = report["total"]
    assert (total["tickets"], total["served"], total["no_shows"]) == (8, 6, 1)
    assert total["wait"] == {"n": 6, "mean": round((10 + 20 + 30 + 40 + 5 + 1) / 6, 1), "median": 15.0,
                             "p90": 35.0}
    hours = {g["key"]: g for g in report["by_hour"]}
    assert list(hours) == [9, 10, 14]
    assert hours[9]["wait"] == {"n": 4, "mean": 25.0, "median": 25.0, "p90": 37.0}
    assert hours[9]["service"] == {"n": 4, "mean": 7.0, "median": 7.0, "p90": 9.4}
    assert (hours[10]["tickets"], hours[10]["served"], hours[10]["no_shows"]) == (3, 1, 1)
    assert hours[10]["wait"]["n"] == 1  # the no-show's wait is not a served citizen's
    assert hours[9]["label"] == "09:00–10:00"
    days = {g["key"]: g for g in report["by_day"]}
    assert len(days) == 30 and days["2026-11-03"]["tickets"] == 7 and days["2026-11-12"]["served"] == 1
    assert days["2026-11-04"]["tickets"] == 0 and days["2026-11-04"]["wait"]["mean"] is None
    assert days["2026-11-03"]["label"] == "11/3（二）" and days["2026-11-03"]["short"] == "3"


def test_per_counter_clerk_service_and_queue_and_tickets_outside_the_period_left_out():
    rows = [ticket(1, 5, 9, 10, 5, counter=2, clerk="林志明"), ticket(2, 5, 9, 20, 5, counter=3, clerk="黃淑芬"),
            ticket(3, 5, 9, 30, 5, counter=3, clerk="黃淑芬", service_id="seal"),
            ticket(4, 5, 9, 8, 12, counter=1, clerk="", service_id="birth", queue="care"),
            ticket(5, 5, 9, None, None, status="waiting"),
            ticket(6, 5, 9, 1, 1),  # of December: not in November's figures
            ]
    rows[5] = replace(rows[5], business_day="2026-12-01")
    report = build(rows, OFFICE, NOVEMBER)
    assert report["total"]["tickets"] == 5
    counters = {g["key"]: g for g in report["by_counter"]}
    assert [g["key"] for g in report["by_counter"]] == [1, 2, 3]  # the office's order; never-called in none
    assert counters[3]["served"] == 2 and counters[3]["wait"]["median"] == 25.0
    assert counters[1]["label"] == OFFICE.counter(1).name.zh
    clerks = {g["key"]: g for g in report["by_clerk"]}
    assert list(clerks) == ["林志明", "黃淑芬", ""] and clerks[""]["label"] == NO_CLERK
    assert clerks["黃淑芬"]["service"]["mean"] == 5.0
    services = {g["key"]: g for g in report["by_service"]}
    assert services["transcript"]["tickets"] == 3 and services["seal"]["tickets"] == 1
    assert services["birth"]["service"]["p90"] == 12.0
    queues = {g["key"]: g["tickets"] for g in report["by_queue"]}
    assert queues == {"general": 4, "care": 1}


def test_satisfaction_per_group_counts_the_rating_pads_counter_and_clerk():
    rows = [ticket(1, 5, 9, 10, 5, score=5), ticket(2, 5, 9, 10, 5, score=2),
            ticket(3, 5, 10, 10, 5, counter=3, clerk="黃淑芬", score=4, rated_clerk="代理 stand-in"),
            ticket(4, 5, 10, 10, 5, counter=3, clerk="黃淑芬")]
    report = build(rows, OFFICE, NOVEMBER)
    assert report["total"]["satisfaction"] == {"ratings": 3, "satisfied_share": 0.667, "mean_score": 3.67}
    clerks = {g["key"]: g["satisfaction"] for g in report["by_clerk"]}
    assert clerks["林志明"] == {"ratings": 2, "satisfied_share": 0.5, "mean_score": 3.5}
    assert clerks["黃淑芬"]["ratings"] == 0 and clerks["代理 stand-in"]["ratings"] == 1
    hours = {g["key"]: g["satisfaction"]["ratings"] for g in report["by_hour"]}
    assert hours == {9: 2, 10: 1}


def test_the_csv_has_a_bom_and_a_line_per_ticket_with_local_times():
    rows = [ticket(1, 5, 9, 12.5, 4, score=5), ticket(2, 5, 9, None, None, status="cancelled")]
    text = report_export.csv_bytes(rows, OFFICE).decode("utf-8")
    assert text.startswith("\ufeff日期 day,號碼 number")
    lines = text[1:].splitlines()
    no_survey = "," * 9  # the survey's nine items (tests/test_reports_survey.py)
    assert lines[1] == "2026-11-05,A001,一般服務,戶籍謄本,09:00:00,09:12:30,09:16:30,12.5,4.0,2,林志明,完成,5" + no_survey
    assert lines[2] == "2026-11-05,A002,一般服務,戶籍謄本,09:00:00,,,,,,,取消," + no_survey


# ----- the clerk on each ticket -------------------------------------------------------------

def test_a_ticket_keeps_the_clerk_at_its_counter_when_first_called():
    hall = H.Hall(OFFICE)
    now = at(5, 9)
    t = hall.handle(H.Issue("transcript"), now).answer.ticket
    assert t.clerk == ""
    assert hall.handle(H.Next(2), now + 60).answer.clerk == OFFICE.counter(2).clerk
    hall.handle(H.Recall(2), now + 120)
    hall.handle(H.Transfer(2, to_counter=3), now + 180)
    again = hall.handle(H.Next(3), now + 240).answer
    assert again.id == t.id and again.counter == 3 and again.clerk == OFFICE.counter(2).clerk
