"""A period's tickets and figures as files for a spreadsheet: CSV (one row per ticket, UTF-8
with a byte-order mark, so that Excel opens the Chinese right) and .xlsx (openpyxl: a sheet of
the tickets, a sheet of the totals, a sheet per group of server/report_range.py).

The rows are the same in both. Times are the office's local time; minutes have two
decimals. The waiting minutes are given for every ticket called; the report's waiting times
count the tickets served only: filter the status 完成 to get its figures in a spreadsheet.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from server.report_range import GROUPS, STATUS_NAMES, LocalTime, Period, TicketRow
from shared.office import Office

COLUMNS = ("日期 day", "號碼 number", "佇列 queue", "業務 service", "取號 issued", "叫號 called",
           "結束 completed", "等候分鐘 wait minutes", "服務分鐘 service minutes", "櫃台 counter",
           "承辦人 clerk", "狀態 status", "評分 rating")
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
             STATUS_NAMES.get(r.status, r.status), r.score] for r in rows]


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


def xlsx_bytes(rows: list[TicketRow], report: dict, office: Office) -> bytes:
    """Written in openpyxl's write-only mode: a year of tickets in seconds, not minutes."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    bold = Font(bold=True)

    def sheet(title: str, header: tuple, widths: dict[str, int]):
        ws = book.create_sheet(title)
        for column, width in widths.items():
            ws.column_dimensions[column].width = width
        ws.freeze_panes = "A2"
        cells = [WriteOnlyCell(ws, value=text) for text in header]
        for cell in cells:
            cell.font = bold
        ws.append(cells)
        return ws

    period = report["period"]
    summary = sheet("總計 summary", ("辦公處所 office", office.name.zh), {"A": 18})
    for line in (["期間 period", period["label"]], ["起日 from", date.fromisoformat(period["first"])],
                 ["迄日 to", date.fromisoformat(period["last"])], [], ["", *FIGURE_COLUMNS],
                 ["總計 total", *figure_line(report["total"])]):
        summary.append(line)
    tickets = sheet("票券 tickets", COLUMNS, {"A": 12, "C": 12, "D": 16, "K": 12})
    days: dict[str, date] = {}
    for line in ticket_lines(rows, office):
        day = line[0]
        line[0] = days.get(day) or days.setdefault(day, date.fromisoformat(day))
        tickets.append(line)
    for key, title, column in GROUPS:
        ws = sheet(title, (column, *FIGURE_COLUMNS), {"A": 18})
        for g in report[key]:
            ws.append([g["label"], *figure_line(g)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def file_name(period: Period, suffix: str) -> str:
    return f"queue-report-{period.first.isoformat()}-{period.last.isoformat()}.{suffix}"
