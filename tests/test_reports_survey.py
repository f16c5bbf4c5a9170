"""The phone survey's answers in the console's reports (server/report_range.py's rules): answers
made on the citizen's phone page against the real service, then the report page, its CSV
and .xlsx read back, and `queue-server report --from --to`, on SQLite and PostgreSQL; and
the figures' own rules (per week and per month, scores that do not count) on made rows."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timezone

import httpx
import openpyxl
import pytest

from server import report_export, report_range
from server.public.limits import Buckets
from server.report_range import TicketRow
from shared.office import load_office
from tests.console_login import logged_in
from tests.pg import db_url  # noqa: F401  (on SQLite and PostgreSQL)
from tests.servers import FakeClock, LiveServer, run_cli

ITEMS = ("staff_attitude", "efficiency", "waiting_time", "professionalism", "volunteer_attitude",
         "process_design", "facilities", "cleanliness", "signage")
ALL_FIVES = {item: 5 for item in ITEMS}


def answer(server: LiveServer, code: str, scores: dict[str, int]) -> None:
    """The survey form sent from the ticket's phone page."""
    body = "&".join(f"{k}={v}" for k, v in scores.items())
    r = httpx.post(f"{server.public_url}/t/{code}/survey", content=body.encode(), timeout=10,
                   headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 303, r.text


def serve(server: LiveServer, counter: int, minutes: float = 4) -> None:
    client = server.client("counter", counter)
    assert client.post(f"/counters/{counter}/next").json()["ticket"] is not None
    server.clock.advance(minutes=minutes)
    client.post(f"/counters/{counter}/complete").raise_for_status()


@pytest.fixture
def surveyed(db_url):
    """2 Nov: A001 (transcript) at counter 2, every item 5; A002 (transcript) at counter 3,
    three items 4, 3, 2; A003 (seal) at counter 2, no survey. 26 Nov: A001 (seal) at counter 3,
    three items 1, 4, 5."""
    clock = FakeClock(datetime(2026, 11, 2, 1, 0, tzinfo=timezone.utc))  # 09:00 in Taipei
    server = LiveServer(db_url, clock=clock, public={"buckets": Buckets(burst=10_000)}).start()
    kiosk = server.client("kiosk")
    codes = [kiosk.post("/tickets", json={"service": s}).json()["public_code"] for s in ("transcript", "transcript",
                                                                                          "seal")]
    serve(server, 2)
    answer(server, codes[0], ALL_FIVES)
    serve(server, 3)
    answer(server, codes[1], {"staff_attitude": 4, "efficiency": 3, "waiting_time": 2})
    serve(server, 2)
    clock.now = datetime(2026, 11, 26, 1, 0, tzinfo=timezone.utc)
    code = kiosk.post("/tickets", json={"service": "seal"}).json()["public_code"]
    serve(server, 3)
    answer(server, code, {"waiting_time": 1, "facilities": 4, "signage": 5})
    yield server
    server.stop()


def test_the_report_page_gives_the_surveys_figures(surveyed):
    clerk = logged_in(surveyed, "clerk-survey", "clerk")[0]
    r = clerk.get("/console/reports", params={"month": "2026-11"})
    assert r.status_code == 200
    page = r.text
    # 15 item scores, summing to 64; 12 of them 4 or 5.
    assert '<b data-survey="answers">3</b>' in page
    assert '<b data-survey="mean">4.27</b>' in page and '<b data-survey="satisfied">80%</b>' in page
    items = rows_of(page, "table-survey_items")
    assert items["staff_attitude"] == {"answers": "2", "mean": "4.50", "satisfied": "100%", "score_1": "0",
                                       "score_2": "0", "score_3": "0", "score_4": "1", "score_5": "1"}
    assert items["waiting_time"] == {"answers": "3", "mean": "2.67", "satisfied": "33%", "score_1": "1",
                                     "score_2": "1", "score_3": "0", "score_4": "0", "score_5": "1"}
    assert items["cleanliness"]["answers"] == "1" and items["efficiency"]["satisfied"] == "50%"
    by_service = rows_of(page, "table-survey_by_service")
    assert set(by_service) == {"transcript", "seal"}
    assert (by_service["transcript"]["answers"], by_service["transcript"]["mean"],
            by_service["transcript"]["satisfied"]) == ("2", "4.50", "83%")
    assert (by_service["seal"]["mean"], by_service["seal"]["waiting_time"], by_service["seal"]["staff_attitude"]) \
        == ("3.33", "1.00", "—")
    by_counter = rows_of(page, "table-survey_by_counter")
    assert {k: (v["answers"], v["mean"], v["satisfied"]) for k, v in by_counter.items()} == \
        {"2": ("1", "5.00", "100%"), "3": ("2", "3.17", "50%")}
    by_time = rows_of(page, "table-survey_by_time")
    assert by_time == {"2026-11-02": {"answers": "2", "mean": "4.50", "satisfied": "83%"},
                       "2026-11-26": {"answers": "1", "mean": "3.33", "satisfied": "67%"}}  # days answered
    assert "<svg" in page[page.index('id="chart-survey_items"'):page.index('id="table-survey_items"')]

    printed = clerk.get("/console/reports/print", params={"month": "2026-11"})
    assert printed.status_code == 200 and '<b data-survey="mean">4.27</b>' in printed.text
    quiet = clerk.get("/console/reports", params={"day": "2026-11-03"})
    assert 'id="group-survey"' not in quiet.text  # no tickets at all: the page says so once
    one_day = clerk.get("/console/reports", params={"day": "2026-11-26"}).text
    assert '<b data-survey="answers">1</b>' in one_day and 'id="chart-survey_by_time"' not in one_day


def test_a_period_without_answers_says_so(db_url):
    server = LiveServer(db_url, clock=FakeClock(datetime(2026, 11, 2, 1, 0, tzinfo=timezone.utc))).start()
    try:
        server.client("kiosk").post("/tickets", json={"service": "transcript"}).raise_for_status()
        serve(server, 2)
        page = logged_in(server, "clerk-quiet", "clerk")[0].get("/console/reports?day=2026-11-02").text
        assert 'id="survey-none"' in page and "No citizen answered the phone survey" in page
    finally:
        server.stop()


def test_the_csv_and_the_xlsx_carry_each_answer(surveyed):
    clerk = logged_in(surveyed, "clerk-files", "clerk")[0]
    r = clerk.get("/console/reports.csv", params={"month": "2026-11"})
    lines = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    head = lines[0]
    assert head[12] == "評分 rating" and head[13] == "問卷櫃台人員服務態度 survey: Counter staff's attitude"
    assert head[21] == "問卷標示與動線 survey: Signage and flow" and len(head) == 22
    assert [line[13:] for line in lines[1:]] == [
        ["5"] * 9, ["4", "3", "2", "", "", "", "", "", ""], [""] * 9, ["", "", "1", "", "", "", "4", "", "5"]]

    r = clerk.get("/console/reports.xlsx", params={"month": "2026-11"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    assert book.sheetnames[:4] == ["總計 summary", "票券 tickets", "問卷 survey answers", "問卷統計 survey figures"]
    answers = list(book["問卷 survey answers"].iter_rows(values_only=True))
    assert answers[0][:4] == ("日期 day", "號碼 number", "業務 service", "櫃台 counter")
    assert [(row[0].date(), *row[1:]) for row in answers[1:]] == [
        (date(2026, 11, 2), "A001", "戶籍謄本", 2, *[5] * 9),
        (date(2026, 11, 2), "A002", "戶籍謄本", 3, 4, 3, 2, *[None] * 6),
        (date(2026, 11, 26), "A001", "印鑑登記／證明", 3, None, None, 1, None, None, None, 4, None, 5)]
    tickets = list(book["票券 tickets"].iter_rows(min_row=2, values_only=True))
    assert [row[13:16] for row in tickets] == [(5, 5, 5), (4, 3, 2), (None, None, None), (None, None, 1)]
    summary = [trimmed(row) for row in book["總計 summary"].iter_rows(values_only=True)]
    assert ("全部項目 all items", 3, 4.27, 0.8) in summary
    assert ("等候時間", "Waiting time", 3, 2.67, 0.333, 1, 1, 0, 0, 1) in summary
    figures = [trimmed(row) for row in book["問卷統計 survey figures"].iter_rows(values_only=True)]
    assert figures[1] == ("每日 per day",)
    assert ("3 號櫃台", 2, 3.17, 0.5, 4.0, 3.0, 1.5, None, None, None, 4.0, None, 5.0) in figures
    assert book["票券 tickets"].freeze_panes == "A2" and book["票券 tickets"]["A1"].font.b


def test_the_cli_prints_the_survey(surveyed):
    surveyed.stop()
    done = run_cli("report", *surveyed.db_args, "--from", "2026-11-01", "--to", "2026-11-30")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "滿意度調查 Satisfaction survey: 3 answers, overall mean 4.27, 80% of item scores 4–5" in out
    waiting = next(line for line in out.splitlines() if "Waiting time" in line)
    assert waiting.split()[-8:] == ["3", "2.67", "33%", "1", "1", "0", "0", "1"]
    counter = next(line for line in out.splitlines()[out.splitlines().index(
        next(line for line in out.splitlines() if line.startswith("櫃台 per counter"))):] if "3 號櫃台" in line)
    assert counter.split()[-3:] == ["2", "3.17", "50%"]
    assert "每日 per day" in out and "11/26（四）" in out


# ----- the rules, on made rows -------------------------------------------------------------

def made(n: int, day: str, survey, service: str = "transcript", counter: int = 2) -> TicketRow:
    issued = datetime.fromisoformat(f"{day}T09:00:00+08:00").timestamp()
    return TicketRow(n, day, f"A{n:03d}", "general", service, "done", issued, issued + 60, issued + 300, counter,
                     "林志明", survey=survey)


def test_long_periods_go_per_week_and_per_month_and_wrong_scores_do_not_count():
    office = load_office()
    rows = [made(1, "2026-09-30", {"efficiency": 5}), made(2, "2026-10-01", {"efficiency": 4, "old_item": 1}),
            made(3, "2026-10-05", {"efficiency": 1, "signage": 7, "facilities": "5"}),
            made(4, "2026-11-20", {"waiting_time": 2}), made(5, "2026-11-21", {"signage": 0}),
            made(6, "2026-11-22", None)]
    weeks = report_range.build(rows, office, report_range.period_between("2026-09-30", "2026-11-29"))["survey"]
    assert weeks["step"] == "week" and weeks["answers"] == 4  # A005's only score is not 1–5
    assert [g["key"] for g in weeks["by_time"]][:3] == ["2026-09-30", "2026-10-05", "2026-10-12"]
    assert weeks["by_time"][0]["label"] == "9/30–10/4" and weeks["by_time"][0]["answers"] == 2
    assert weeks["by_time"][0]["mean"] == 4.5 and weeks["by_time"][1]["mean"] == 1.0
    efficiency = next(i for i in weeks["items"] if i["key"] == "efficiency")
    assert efficiency == {"key": "efficiency", "label": "辦理效率", "label_en": "Efficiency", "answers": 3,
                          "mean": 3.33, "satisfied_share": 0.667, "distribution": [1, 0, 0, 1, 1]}
    months = report_range.build(rows, office, report_range.period_between("2026-08-01", "2026-11-30"))["survey"]
    assert months["step"] == "month"
    assert [(g["key"], g["label"], g["answers"]) for g in months["by_time"]] == [
        ("2026-08", "2026 年 8 月", 0), ("2026-09", "2026 年 9 月", 1), ("2026-10", "2026 年 10 月", 2),
        ("2026-11", "2026 年 11 月", 1)]
    line = report_export.ticket_lines([rows[2]], office)[0]
    assert line[13:] == [None, 1, None, None, None, None, None, None, None]


def test_the_xlsx_writer_keeps_text_numbers_and_dates(tmp_path):
    from server.xlsx_writer import Book

    book = Book()
    sheet = book.sheet("a/b: [c]?", ("名稱 name", "值 value"), {"A": 20})
    sheet.append(["<&> \"quoted\" ", 1.25, date(2026, 11, 27), None, "bell\x07", True, float("nan"), 10 ** 12])
    book.sheet("a/b: [c]?", ("x",))
    path = tmp_path / "made.xlsx"
    path.write_bytes(book.finish())
    read = openpyxl.load_workbook(path)
    assert read.sheetnames == ["a b   c", "a b   c 2"]
    values = list(read["a b   c"].iter_rows(values_only=True))
    assert values[0] == ("名稱 name", "值 value", None, None, None, None, None, None)
    assert values[1] == ("<&> \"quoted\" ", 1.25, datetime(2026, 11, 27), None, "bell", True, None, 10 ** 12)
    assert read["a b   c"].column_dimensions["A"].width == 20
    assert json.loads(json.dumps(read["a b   c"].freeze_panes)) == "A2"


def trimmed(row: tuple) -> tuple:
    """A row read back without the empty cells openpyxl pads it with."""
    row = list(row)
    while row and row[-1] is None:
        row.pop()
    return tuple(row)


def rows_of(page: str, table_id: str) -> dict[str, dict[str, str]]:
    """{row key: {figure: cell text}} of one of the page's tables."""
    import re

    table = page[page.index(f'id="{table_id}"'):]
    table = table[:table.index("</table>")]
    found = {}
    for key, row in re.findall(r'<tr data-key="([^"]*)">(.*?)</tr>', table, re.S):
        found[key] = {figure: text.strip() for figure, text in re.findall(r'<td data-figure="([^"]+)">(.*?)</td>', row)}
    return found
