"""The reports' pages and files over plain HTTP against the real service, and `queue-server
report --from --to`: a clerk and a director see them, nobody else; every period asked for
wrongly gets a clear 422 page (never a 500); the files carry the tickets of the period; the
CLI prints the range's figures."""

from __future__ import annotations

import io
import itertools
from datetime import datetime, timezone

import httpx
import openpyxl
import pytest

from tests.console_login import PASSWORD, logged_in
from tests.pg import db_url  # noqa: F401  (on SQLite and PostgreSQL)
from tests.servers import FakeClock, LiveServer, run_cli

ACCOUNTS = itertools.count(1)


def staff(server: LiveServer, role: str = "clerk", name: str | None = None) -> httpx.Client:
    """A browser-like client logged in to the console with a new account of `role`."""
    return logged_in(server, name or f"{role}-{next(ACCOUNTS)}", role)[0]


@pytest.fixture
def served(db_url):
    """Two days of tickets: 3 on 2 Nov (one a no-show), 2 on 26 Nov; a rating of 5 (on SQLite
    and on PostgreSQL, where the reports read through an engine of their own)."""
    clock = FakeClock(datetime(2026, 11, 2, 1, 0, tzinfo=timezone.utc))
    server = LiveServer(db_url, clock=clock).start()
    kiosk, counter = server.client("kiosk"), server.client("counter", 2)
    for day, tickets in ((2, 3), (26, 2)):
        clock.now = datetime(2026, 11, day, 1, 0, tzinfo=timezone.utc)
        for _ in range(tickets):
            kiosk.post("/tickets", json={"service": "transcript"}).raise_for_status()
        for _ in range(tickets):
            clock.advance(minutes=4)
            counter.post("/counters/2/next").raise_for_status()
        clock.advance(minutes=4)
        counter.post("/counters/2/no-show" if day == 2 else "/counters/2/complete").raise_for_status()
    assert server.client("rating", 2).post("/counters/2/rating", json={"score": 5}).status_code == 201
    yield server
    server.stop()


@pytest.fixture(scope="module")
def quiet(tmp_path_factory):
    """A service without tickets, one for all the refusals, and a clerk logged in to it."""
    server = LiveServer(tmp_path_factory.mktemp("quiet") / "queue.db").start()
    yield staff(server, "clerk", "clerk")
    server.stop()


@pytest.mark.parametrize("path", ["/console/reports", "/console/reports.csv", "/console/reports.xlsx",
                                  "/console/reports/print"])
def test_the_reports_are_for_logged_in_staff_only(server, path):
    anonymous = httpx.get(f"{server.url}{path}?month=2026-11")
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/console/login")
    for role in ("clerk", "director"):
        assert staff(server, role).get(f"{path}?month=2026-11").status_code == 200


@pytest.mark.parametrize("query, says", [
    ("from=2026-11-30&to=2026-11-01", "swap them"),
    ("from=2026-02-30&to=2026-03-01", "is not a date"),
    ("from=2024-01-01&to=2026-11-30", "at most 366"),
    ("from=2026-11-01", "needs both from and to"),
    ("month=November", "write it like 2026-11"),
    ("week=2026-W60", "write it like 2026-W48"),
    ("day=%00", "is not a date"),
])
@pytest.mark.parametrize("path", ["/console/reports", "/console/reports.csv", "/console/reports.xlsx",
                                  "/console/reports/print"])
def test_a_period_asked_for_wrongly_is_a_clear_422_page(quiet, path, query, says):
    r = quiet.get(f"{path}?{query}")
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("text/html")
    assert says in r.text and 'role="alert"' in r.text


def test_the_files_carry_the_periods_tickets(served):
    clerk = staff(served)
    r = clerk.get("/console/reports.csv", params={"from": "2026-11-01", "to": "2026-11-30"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert 'filename="queue-report-2026-11-01-2026-11-30.csv"' in r.headers["content-disposition"]
    assert r.content.startswith(b"\xef\xbb\xbf")
    lines = r.content.decode("utf-8-sig").splitlines()
    assert [line.split(",")[1] for line in lines[1:]] == ["A001", "A002", "A003", "A001", "A002"]
    assert lines[4].split(",")[7:13] == ["4.0", "4.0", "2", "林志明", "完成", ""]
    assert lines[5].split(",")[7:13] == ["8.0", "4.0", "2", "林志明", "完成", "5"]
    one_day = clerk.get("/console/reports.csv", params={"from": "2026-11-26", "to": "2026-11-26"})
    assert len(one_day.content.decode("utf-8-sig").splitlines()) == 3

    r = clerk.get("/console/reports.xlsx", params={"month": "2026-11"})
    assert r.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    assert book.sheetnames[:2] == ["總計 summary", "票券 tickets"]
    clerks = list(book["承辦人 By clerk"].iter_rows(min_row=2, values_only=True))
    assert clerks == [("林志明", 5, 4, 1, 6.0, 6.0, 8.0, 4.0, 4.0, 4.0, 1, 1.0, 5.0)]


def test_the_page_takes_a_day_a_week_a_month_and_a_range(served):
    director = staff(served, "director")
    for query, label in (("day=2026-11-02", "2026-11-02（一）"), ("week=2026-W49", "2026 第 49 週"),
                         ("month=2026-11", "2026 年 11 月"), ("from=2026-11-02&to=2026-11-03", "2026-11-02 – 2026-11-03"),
                         ("", "2026 年 11 月")):
        r = director.get(f"/console/reports?{query}")
        assert r.status_code == 200 and label in r.text, query
    empty = director.get("/console/reports?month=2025-01")
    assert empty.status_code == 200 and "No tickets were issued in this period" in empty.text


def test_the_cli_prints_a_ranges_figures(served):
    if served.db_path is None:
        pytest.skip("the command line on PostgreSQL is tested in tests/test_county.py")
    served.stop()
    done = run_cli("report", "--db", str(served.db_path), "--from", "2026-11-01", "--to", "2026-11-30")
    assert done.returncode == 0, done.stderr
    assert "2026-11-01 – 2026-11-30: 5 tickets issued, 4 served, 1 no-shows" in done.stdout
    clerk = next(line for line in done.stdout.splitlines() if "林志明" in line)
    assert clerk.split()[1:] == ["5", "4", "1", "6.0", "6.0", "8.0", "4.0", "4.0", "4.0", "1", "100%"]
    wrong = run_cli("report", "--db", str(served.db_path), "--from", "2026-11-30", "--to", "2026-11-01")
    assert wrong.returncode == 2 and "swap them" in wrong.stderr and "Traceback" not in wrong.stderr


def test_a_clerk_signed_in_at_a_counter_is_the_clerk_of_the_tickets_it_calls_next(server):
    logged_in(server, "王小明", "clerk")
    counter = server.client("counter", 2)
    server.client("kiosk").post("/tickets", json={"service": "transcript"}).raise_for_status()
    server.client("kiosk").post("/tickets", json={"service": "transcript"}).raise_for_status()
    counter.post("/counters/2/next").raise_for_status()
    signed = counter.post("/counters/2/clerk", json={"name": "王小明", "password": PASSWORD})
    assert signed.status_code == 200, signed.text
    counter.post("/counters/2/next").raise_for_status()
    counter.post("/counters/2/complete").raise_for_status()
    lines = staff(server).get("/console/reports.csv", params={"day": "2026-11-26"}).content.decode("utf-8-sig")
    assert [line.split(",")[10] for line in lines.splitlines()[1:]] == ["林志明", "王小明"]
