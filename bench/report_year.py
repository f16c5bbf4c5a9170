"""A year's report: how long the console takes to read, count and write 130,000 tickets.

Makes (once, kept for the next run) an SQLite file of an office's year: 250 working days of
520 tickets at three counters, a rating for one ticket in three and a phone survey for one
in six, written straight into the tables. Then times, as the console does them: reading the
tickets (`server.reports.ticket_rows`), the figures (`report_range.build`), the CSV and the
.xlsx; with --openpyxl also the .xlsx as release 0.3.0 wrote it (openpyxl's write-only
mode, about a minute: a copy of its writer is below).

    .venv/bin/python bench/report_year.py                 # best of 2 runs
    .venv/bin/python bench/report_year.py --openpyxl      # and 0.3.0's .xlsx beside it
    .venv/bin/python bench/report_year.py --db /tmp/year.db --tickets 520 --runs 3
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert  # noqa: E402

from server import db, report_export, report_range, reports, schema  # noqa: E402
from server.public.survey import ITEM_IDS  # noqa: E402
from shared.office import load_office  # noqa: E402

YEAR = 2025


def make_year(path: Path, per_day: int, office) -> None:
    """250 working days of `per_day` tickets each, from 2 January of YEAR."""
    rng = random.Random(2025)
    engine = schema.open_database(path, print)
    services = [s.id for s in office.services]
    clerks = {c.number: c.clerk for c in office.counters}
    day, days, ticket_id = date(YEAR, 1, 2), 0, 0
    with engine.begin() as conn:
        while days < 250:
            if day.weekday() < 5:
                days += 1
                tickets, ratings, answers = [], [], []
                start = datetime(day.year, day.month, day.day, 8, 0, tzinfo=office.tz).timestamp()
                for n in range(per_day):
                    ticket_id += 1
                    issued = start + n * 8.5 * 3600 / per_day
                    counter = rng.choice((1, 2, 3))
                    service = rng.choice(services)
                    first = issued + rng.uniform(0, 1500)
                    no_show = rng.random() < 0.05
                    done = first + (60 if no_show else rng.uniform(120, 1200))
                    tickets.append({"id": ticket_id, "queue": "general", "number": f"A{n + 1:03d}", "seq_no": n + 1,
                                    "business_day": day.isoformat(), "service": service, "category": None,
                                    "status": "no_show" if no_show else "done", "issued_at": issued,
                                    "called_at": first, "first_called_at": first, "completed_at": done,
                                    "counter": counter, "recalls": 0, "clerk": clerks[counter]})
                    if not no_show and rng.random() < 1 / 3:
                        ratings.append({"id": ticket_id, "ticket_id": ticket_id, "business_day": day.isoformat(),
                                        "counter": counter, "clerk": clerks[counter], "service": service,
                                        "score": rng.choice((3, 4, 5, 5)), "reasons": "[]", "rated_at": done + 30})
                    if not no_show and rng.random() < 1 / 6:
                        scores = {i: rng.choice((2, 3, 4, 5, 5)) for i in ITEM_IDS if rng.random() < 0.9}
                        answers.append({"id": ticket_id, "ticket_id": ticket_id, "business_day": day.isoformat(),
                                        "counter": counter, "service": service, "scores": json.dumps(scores),
                                        "answered_at": done + 120})
                conn.execute(insert(db.tickets), tickets)
                if ratings:
                    conn.execute(insert(db.ratings), ratings)
                if answers:
                    conn.execute(insert(db.survey_answers), answers)
            day += timedelta(days=1)
    engine.dispose()


def openpyxl_xlsx(rows, report: dict, office) -> bytes:
    """Release 0.3.0's writer (openpyxl, write-only mode), for comparison: the same sheets
    as then (no survey)."""
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

    summary = sheet("總計 summary", ("辦公處所 office", office.name.zh), {"A": 18})
    summary.append(["總計 total", *report_export.figure_line(report["total"])])
    tickets = sheet("票券 tickets", report_export.COLUMNS[:13], {"A": 12, "C": 12, "D": 16, "K": 12})
    days: dict[str, date] = {}
    for line in report_export.ticket_lines(rows, office):
        line = line[:13]
        day = line[0]
        line[0] = days.get(day) or days.setdefault(day, date.fromisoformat(day))
        tickets.append(line)
    for key, title, column in report_range.GROUPS:
        ws = sheet(title, (column, *report_export.FIGURE_COLUMNS), {"A": 18})
        for g in report[key]:
            ws.append([g["label"], *report_export.figure_line(g)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def timed(runs: int, fn):
    best, result = float("inf"), None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/queue-report-year.db", help="the year's file (made if missing)")
    parser.add_argument("--tickets", type=int, default=520, help="tickets a day (250 days)")
    parser.add_argument("--runs", type=int, default=2, help="best of this many runs")
    parser.add_argument("--openpyxl", action="store_true", help="also 0.3.0's .xlsx (openpyxl, about a minute)")
    args = parser.parse_args()
    office = load_office()
    path = Path(args.db)
    if not path.exists():
        t0 = time.perf_counter()
        make_year(path, args.tickets, office)
        print(f"made {path} in {time.perf_counter() - t0:.0f} s")
    engine = db.make_engine(path)

    def read():
        with engine.connect() as conn:
            return reports.ticket_rows(conn, f"{YEAR}-01-01", f"{YEAR}-12-31")

    period = report_range.period_between(f"{YEAR}-01-01", f"{YEAR}-12-31")
    took_read, rows = timed(args.runs, read)
    took_build, report = timed(args.runs, lambda: report_range.build(rows, office, period))
    took_csv, csv_data = timed(args.runs, lambda: report_export.csv_bytes(rows, office))
    took_xlsx, xlsx_data = timed(args.runs, lambda: report_export.xlsx_bytes(rows, report, office))
    answered = report["survey"]["answers"]
    print(f"{len(rows):,} tickets, {answered:,} survey answers; best of {args.runs} runs")
    print(f"{'read the tickets':28}{took_read:7.1f} s")
    print(f"{'the figures':28}{took_build:7.1f} s")
    print(f"{'CSV':28}{took_csv:7.1f} s {len(csv_data) / 1e6:7.1f} MB")
    print(f"{'.xlsx (server/xlsx_writer)':28}{took_xlsx:7.1f} s {len(xlsx_data) / 1e6:7.1f} MB")
    if args.openpyxl:
        took_old, old_data = timed(1, lambda: openpyxl_xlsx(rows, report, office))
        print(f"{'.xlsx (0.3.0, openpyxl)':28}{took_old:7.1f} s {len(old_data) / 1e6:7.1f} MB  (one run)")
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
