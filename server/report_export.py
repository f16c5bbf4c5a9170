"""A period's tickets and figures as files for a spreadsheet: CSV (one row per ticket, UTF-8
with a byte-order mark, so that Excel opens the Chinese right) and .xlsx (server/xlsx_writer.py:
a sheet of the totals with the survey's, the tickets, the survey's answers and figures, and a
sheet per group of server/report_range.py).

The rows are the same in both. Times are the office's local time; minutes have two
decimals. The waiting minutes are given for every ticket called; the report's waiting times
count the tickets served only: filter the status 完成 to get its figures in a spreadsheet.
A ticket's phone survey is in the columns after its rating, one per item (empty: not
answered, or the item left out).
"""

from __future__ import annotations

import csv
import io
from datetime import date

from server import xlsx_writer
from server.report_range import (GROUPS, STATUS_NAMES, SURVEY_ITEM_IDS, SURVEY_ITEMS, SURVEY_STEPS, LocalTime, Period,
                                 TicketRow, valid_scores)
from shared.office import Office

COLUMNS = ("日期 day", "號碼 number", "佇列 queue", "業務 service", "取號 issued", "叫號 called",
           "結束 completed", "等候分鐘 wait minutes", "服務分鐘 service minutes", "櫃台 counter",
           "承辦人 clerk", "狀態 status", "評分 rating",
           *(f"問卷{name.zh} survey: {name.en}" for _, name in SURVEY_ITEMS))
FIGURE_COLUMNS = ("件數 tickets", "完成 served", "過號 no-shows", "等候平均 wait mean", "等候中位數 wait median",
                  "等候P90 wait p90", "服務平均 service mean", "服務中位數 service median", "服務P90 service p90",
                  "評分數 ratings", "滿意比例 satisfied share", "平均分數 mean score")


def ticket_lines(rows: list[TicketRow], office: Office) -> list[list]:
    """One line per ticket, in COLUMNS' order (numbers as numbers, None for blanks)."""
    local = LocalTime(office.tz)
    queues = {q.id: q.name.zh for q in office.queues}
    services = {s.id: s.name.zh for s in office.services}

    def clock(ts: float | None) -> str | None:
        return None if ts is None else local.clock(ts)

    def minutes(value: float | None) -> float | None:
        return None if value is None else round(value, 2)

    return [[r.business_day, r.number, queues.get(r.queue, r.queue), services.get(r.service, r.service),
             clock(r.issued_at), clock(r.first_called_at), clock(r.completed_at), minutes(r.wait_minutes),
             minutes(r.service_minutes), r.counter, r.clerk if r.counter is not None else None,
             STATUS_NAMES.get(r.status, r.status), r.score, *survey_cells(r)] for r in rows]


NO_SURVEY = (None,) * len(SURVEY_ITEM_IDS)


def survey_cells(r: TicketRow) -> tuple:
    if not r.survey:
        return NO_SURVEY
    scores = valid_scores(r.survey)
    return tuple(scores.get(item) for item in SURVEY_ITEM_IDS)


def csv_bytes(rows: list[TicketRow], office: Office) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for line in ticket_lines(rows, office):
        writer.writerow(["" if v is None else v for v in line])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def figure_line(g: dict) -> list:
    w, s, sat = g["wait"], g["service"], g["satisfaction"]
    return [g["tickets"], g["served"], g["no_shows"], w["mean"], w["median"], w["p90"], s["mean"], s["median"],
            s["p90"], sat["ratings"], sat["satisfied_share"], sat["mean_score"]]


SURVEY_ITEM_COLUMNS = ("項目 item", "", "答卷 answers", "平均 mean", "滿意比例 satisfied share (4–5)",
                       "1 分", "2 分", "3 分", "4 分", "5 分")
SURVEY_GROUP_COLUMNS = ("答卷 answers", "平均 mean", "滿意比例 satisfied share (4–5)",
                        *(name.zh for _, name in SURVEY_ITEMS))


def survey_group_line(g: dict) -> list:
    return [g["answers"], g["mean"], g["satisfied_share"], *(g["item_means"][item] for item in SURVEY_ITEM_IDS)]


def xlsx_bytes(rows: list[TicketRow], report: dict, office: Office) -> bytes:
    """Written by server/xlsx_writer.py, row by row: a year of tickets in seconds."""
    book = xlsx_writer.Book()
    period, survey = report["period"], report["survey"]
    summary = book.sheet("總計 summary", ("辦公處所 office", office.name.zh), {"A": 22})
    for line in (["期間 period", period["label"]], ["起日 from", date.fromisoformat(period["first"])],
                 ["迄日 to", date.fromisoformat(period["last"])], [], ["", *FIGURE_COLUMNS],
                 ["總計 total", *figure_line(report["total"])], [],
                 ["滿意度調查 survey", "答卷 answers", "平均 mean", "滿意比例 satisfied share (4–5)"],
                 ["全部項目 all items", survey["answers"], survey["mean"], survey["satisfied_share"]], [],
                 list(SURVEY_ITEM_COLUMNS)):
        summary.append(line)
    for item in survey["items"]:
        summary.append([item["label"], item["label_en"], item["answers"], item["mean"], item["satisfied_share"],
                        *item["distribution"]])

    tickets = book.sheet("票券 tickets", COLUMNS, {"A": 12, "C": 12, "D": 16, "K": 12})
    days: dict[str, date] = {}
    for line in ticket_lines(rows, office):
        day = line[0]
        line[0] = days.get(day) or days.setdefault(day, date.fromisoformat(day))
        tickets.append(line)

    answers = book.sheet("問卷 survey answers", ("日期 day", "號碼 number", "業務 service", "櫃台 counter",
                                                 *(name.zh for _, name in SURVEY_ITEMS)), {"A": 12, "C": 16})
    services = {s.id: s.name.zh for s in office.services}
    for r in rows:
        if r.survey and valid_scores(r.survey):
            answers.append([days.get(r.business_day) or date.fromisoformat(r.business_day), r.number,
                            services.get(r.service, r.service), r.counter, *survey_cells(r)])

    figures = book.sheet("問卷統計 survey figures", ("分組 group", *SURVEY_GROUP_COLUMNS), {"A": 20})
    zh, en = SURVEY_STEPS[survey["step"]]
    for title, key in ((f"{zh} {en}", "by_time"), ("業務 per service", "by_service"), ("櫃台 per counter", "by_counter")):
        figures.append([title])
        for g in survey[key]:
            figures.append([g["label"], *survey_group_line(g)])
        figures.append([])

    for key, title, column in GROUPS:
        ws = book.sheet(title, (column, *FIGURE_COLUMNS), {"A": 18})
        for g in report[key]:
            ws.append([g["label"], *figure_line(g)])
    return book.finish()


def file_name(period: Period, suffix: str) -> str:
    return f"queue-report-{period.first.isoformat()}-{period.last.isoformat()}.{suffix}"
