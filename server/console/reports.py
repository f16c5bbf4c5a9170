"""The console's reports: GET /console/reports (a day, a week, a month or any range, charts
with their tables, the rating pads' and the phone survey's), /console/reports.csv and .xlsx
(one row per ticket, and the figures),
and /console/reports/print (the monthly report for the office's service-quality review,
A4, without the console's navigation).

Rules:
- Clerks and directors both see the reports (`staff_user`).
- The period comes from the query (server/report_range.py: `day`, `week`, `month` or `from`
  and `to`; nothing: this month). A period asked for wrongly is a 422 page that says what
  to give, for the files too: a browser shows it where the download was asked for.
- The tickets are read on a read-only connection of their own, in a worker thread: a year's
  report never holds up the writer, which calls the hall's next citizen in the event loop.
"""

from __future__ import annotations

import asyncio
from datetime import date
from functools import lru_cache

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool

from server import db, report_charts, report_export, report_range, reports
from server.console.accounts import StaffUser
from server.console.auth import staff_user
from server.console.web import HEADERS, page, templates
from server.report_range import PeriodError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILE_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}

templates.filters["minutes"] = report_charts.minutes
templates.filters["share"] = lambda v: "—" if v is None else f"{v * 100:.0f}%"
templates.filters["score"] = lambda v: "—" if v is None else f"{v:.2f}"


@lru_cache(maxsize=8)
def _reader(where: db.Place) -> Engine:
    """SQLite: read-only, a connection per report (NullPool), nothing open between reports.
    PostgreSQL: an engine of its own on the office's schema, apart from the writer's."""
    if where.postgres:
        return db.make_engine(where)
    return create_engine(f"sqlite:///file:{where.path}?mode=ro&uri=true", poolclass=NullPool,
                         connect_args={"check_same_thread": False})


def _read(request: Request, period: report_range.Period) -> list[report_range.TicketRow]:
    """In a worker thread: the period's tickets."""
    with _reader(request.app.state.service.place).connect() as conn:
        return reports.ticket_rows(conn, period.first.isoformat(), period.last.isoformat())


def _office(request: Request):
    return request.app.state.service.ops.hall.office


def _today(request: Request) -> date:
    return date.fromisoformat(request.app.state.service.ops.today())


def _page(request: Request, name: str, user: StaffUser, status: int = 200, **values) -> HTMLResponse:
    """A console page whose CSP also lets in its charts' own <style> elements, by their hashes."""
    styles = " ".join(report_charts.style_hashes((values.get("charts") or {}).values()))
    policy = HEADERS["Content-Security-Policy"].replace("style-src 'self'", f"style-src 'self' {styles}".strip())
    return page(request, name, user, status=status, headers={"Content-Security-Policy": policy}, **values)


def _refused(request: Request, error: PeriodError, user: StaffUser) -> HTMLResponse:
    today = _today(request)
    return _page(request, "console/reports.html", user, 422, error=str(error), report=None,
                 asked=dict(request.query_params), today=today,
                 default=report_range.period_of_month(f"{today.year}-{today.month:02d}"))


async def _report(request: Request, charts: bool = False) -> tuple[report_range.Period, list, dict, dict]:
    """The period asked for, its tickets, its figures and (when asked) its charts; all of it
    in a worker thread, off the event loop."""
    period = report_range.period_asked(request.query_params, _today(request))
    office = _office(request)

    def work():
        rows = _read(request, period)
        report = report_range.build(rows, office, period)
        return period, rows, report, _charts(report) if charts else {}

    return await asyncio.to_thread(work)


def _charts(report: dict) -> dict[str, str]:
    charts = {key: report_charts.times(report[key]) for key, _, _ in report_range.GROUPS
              if key != "by_day" and report[key]}
    if report["period"]["days"] > 1 and report["by_day"]:
        charts["by_day"] = report_charts.counts(report["by_day"])
    if report["total"]["satisfaction"]["ratings"]:
        charts["satisfaction"] = report_charts.satisfied(report["by_clerk"])
    survey = report["survey"]
    if survey["answers"]:
        charts["survey_items"] = report_charts.survey_items(survey["items"])
        if len(survey["by_time"]) > 1:
            charts["survey_by_time"] = report_charts.survey_means(survey["by_time"], by_time=True)
        for key in ("by_service", "by_counter"):
            charts[f"survey_{key}"] = report_charts.survey_means(survey[key])
    return charts


router = APIRouter(prefix="/console", include_in_schema=False)


@router.get("/reports")
async def report_page(request: Request, user: StaffUser = Depends(staff_user)):
    try:
        period, _, report, charts = await _report(request, charts=True)
    except PeriodError as e:
        return _refused(request, e, user)
    return _page(request, "console/reports.html", user, report=report, charts=charts, period=period,
                 groups=report_range.GROUPS, asked=dict(request.query_params), error=None, today=_today(request))


@router.get("/reports/print")
async def report_print(request: Request, user: StaffUser = Depends(staff_user)):
    try:
        period, _, report, charts = await _report(request, charts=True)
    except PeriodError as e:
        return _refused(request, e, user)
    return _page(request, "console/reports_print.html", user, report=report, charts=charts, period=period,
                 groups=report_range.GROUPS)


@router.get("/reports.csv")
async def report_csv(request: Request, user: StaffUser = Depends(staff_user)):
    try:
        period, rows, _, _ = await _report(request)
    except PeriodError as e:
        return _refused(request, e, user)
    return Response(report_export.csv_bytes(rows, _office(request)), media_type="text/csv; charset=utf-8",
                    headers={**FILE_HEADERS, "Content-Disposition":
                             f'attachment; filename="{report_export.file_name(period, "csv")}"'})


@router.get("/reports.xlsx")
async def report_xlsx(request: Request, user: StaffUser = Depends(staff_user)):
    try:
        period, rows, report, _ = await _report(request)
    except PeriodError as e:
        return _refused(request, e, user)
    office = _office(request)
    body = await asyncio.to_thread(report_export.xlsx_bytes, rows, report, office)
    return Response(body, media_type=XLSX, headers={**FILE_HEADERS, "Content-Disposition":
                    f'attachment; filename="{report_export.file_name(period, "xlsx")}"'})
