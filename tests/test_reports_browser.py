"""The console's reports in a real browser (Debian's chromium driven by Playwright) against the
real service: tickets made through the API on several days of November, then the month's
report, whose charts and tables must agree with those tickets; the CSV and .xlsx downloaded
and read; the printable report. Screenshots go to docs/console/ (QUEUE_SCREENSHOTS=1) or the
test's tmp folder.

Needs `apt-get install chromium` (scripts/system-deps.sh) and `pip install playwright`;
never `playwright install`: the test uses /usr/bin/chromium.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.browser import browser, shots  # noqa: F401  (fixtures: the real browser)
from tests.console_login import PASSWORD, make_staff
from tests.servers import FakeClock, LiveServer

DOCS = Path(__file__).resolve().parents[1] / "docs" / "console"
LAPTOP = {"width": 1366, "height": 768}
A4 = {"width": 794, "height": 1123}  # 210 x 297 mm at 96 dpi

openpyxl = pytest.importorskip("openpyxl", reason="openpyxl is missing: pip install openpyxl")


class Month:
    """Makes tickets through the API, day by day, and keeps what the report must say."""

    def __init__(self, server: LiveServer, clock: FakeClock):
        self.server, self.clock = server, clock
        self.kiosk = server.client("kiosk")
        self.days: dict[str, dict] = {}
        self.numbers: list[str] = []
        self.served_by: dict[str, int] = {}   # clerk -> tickets served

    def morning(self, day: int) -> str:
        self.clock.now = datetime(2026, 11, day, 1, 0, tzinfo=timezone.utc)  # 09:00 in Taipei
        key = f"2026-11-{day:02d}"
        self.days[key] = {"tickets": 0, "served": 0, "no_shows": 0}
        return key

    def issue(self, day: str, service: str = "transcript", category: str | None = None) -> None:
        body = {"service": service, **({"category": category} if category else {})}
        r = self.kiosk.post("/tickets", json=body)
        r.raise_for_status()
        self.numbers.append(r.json()["ticket"]["number"])
        self.days[day]["tickets"] += 1

    def serve(self, day: str, counter: int, minutes: float, no_show: bool = False, score: int | None = None):
        client = self.server.client("counter", counter)
        assert client.post(f"/counters/{counter}/next").json()["ticket"] is not None
        self.clock.advance(minutes=minutes)
        if no_show:
            client.post(f"/counters/{counter}/no-show").raise_for_status()
            self.days[day]["no_shows"] += 1
        else:
            client.post(f"/counters/{counter}/complete").raise_for_status()
            self.days[day]["served"] += 1
            clerk = self.server.office.counter(counter).clerk
            self.served_by[clerk] = self.served_by.get(clerk, 0) + 1
        if score is not None:
            rated = self.server.client("rating", counter).post(f"/counters/{counter}/rating", json={"score": score})
            assert rated.status_code == 201, rated.text


@pytest.fixture
def november(tmp_path):
    clock = FakeClock(datetime(2026, 11, 2, 1, 0, tzinfo=timezone.utc))
    server = LiveServer(tmp_path / "queue.db", clock=clock).start()
    month = Month(server, clock)
    day = month.morning(2)
    for _ in range(3):
        month.issue(day)
    month.clock.advance(minutes=10)
    month.serve(day, 2, 6, score=5)
    month.serve(day, 2, 4, no_show=True)
    month.serve(day, 3, 8, score=4)
    day = month.morning(10)
    month.issue(day, "seal")
    month.issue(day, "seal")
    month.issue(day, "birth", "elderly")
    month.clock.advance(minutes=3)
    month.serve(day, 3, 5, score=2)
    month.serve(day, 1, 12)
    month.serve(day, 3, 7)
    day = month.morning(26)
    for _ in range(4):
        month.issue(day)
        month.clock.advance(minutes=2)
    month.serve(day, 2, 9, score=5)
    month.serve(day, 3, 3)
    yield month
    server.stop()


def login(page, server, name: str = "clerk-lin", role: str = "clerk") -> None:
    """A new console account, logged in through the login page; it lands on the reports."""
    make_staff(server.db_path, name, role)
    page.goto(f"{server.url}/console/reports")  # not logged in: to the login page, and back after it
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/console/reports")


def chart_values(page, chart_id: str, series: int) -> dict[str, str]:
    """{x label: value as written} of one series of a pygal chart on the page."""
    return page.evaluate("""([id, n]) => {
        const out = {};
        document.querySelectorAll(`#${id} svg .series.serie-${n} .bar`).forEach(bar => {
            out[bar.querySelector('desc.x_label').textContent] = bar.querySelector('desc.value').textContent;
        });
        return out;
    }""", [chart_id, series])


def table_column(page, table_id: str, figure: str) -> dict[str, str]:
    """{row key: cell text} of one column of a report table."""
    return page.evaluate("""([id, figure]) => {
        const out = {};
        document.querySelectorAll(`#${id} tbody tr`).forEach(row => {
            out[row.dataset.key] = row.querySelector(`td[data-figure=${figure}]`).textContent.trim();
        });
        return out;
    }""", [table_id, figure])


def test_the_months_report_agrees_with_the_tickets_made_and_downloads_as_csv_and_xlsx(november, browser, shots,
                                                                                     tmp_path):
    server = november.server
    page = browser.new_page(viewport=LAPTOP, locale="zh-TW", accept_downloads=True)
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    login(page, server)
    page.goto(f"{server.url}/console/reports")  # this month by default: November
    assert page.locator("#period").get_attribute("data-first") == "2026-11-01"
    assert page.locator("#period").inner_text() == "2026 年 11 月"

    # Per day: the chart's bars, the table and the tickets made say the same.
    issued = chart_values(page, "chart-by_day", 0)
    served = chart_values(page, "chart-by_day", 1)
    no_shows = chart_values(page, "chart-by_day", 2)
    table = {figure: table_column(page, "table-by_day", figure) for figure in ("tickets", "served", "no_shows")}
    assert len(issued) == 30 and len(table["tickets"]) == 30
    for day in table["tickets"]:
        made = november.days.get(day, {"tickets": 0, "served": 0, "no_shows": 0})
        short = str(int(day[-2:]))
        assert issued[short] == table["tickets"][day] == str(made["tickets"]), day
        assert served[short] == table["served"][day] == str(made["served"]), day
        assert no_shows[short] == table["no_shows"][day] == str(made["no_shows"]), day
    assert page.locator("[data-total=tickets]").inner_text() == str(len(november.numbers))
    # The chart's own colours pass the page's Content-Security-Policy (by their hashes).
    fill = page.evaluate("getComputedStyle(document.querySelector('#chart-by_day .serie-0 .bar rect')).fill")
    assert fill == "rgb(107, 174, 214)" and not refused

    # Per counter: waiting time (mean, median, P90) in the chart and the table.
    for series, figure in enumerate(("wait_mean", "wait_median", "wait_p90", "service_mean")):
        bars = chart_values(page, "chart-by_counter", series)
        cells = table_column(page, "table-by_counter", figure)
        labels = table_column_labels(page, "table-by_counter")
        assert {labels[k]: v for k, v in cells.items() if v != "—"} == bars
    assert table_column(page, "table-by_clerk", "served") == {k: str(v) for k, v in november.served_by.items()}
    assert table_column(page, "table-by_clerk", "satisfied") == {"林志明": "100%", "黃淑芬": "50%", "陳怡君": "—"}
    assert chart_values(page, "chart-satisfaction", 0) == {"林志明": "100%", "黃淑芬": "50%"}
    page.screenshot(path=str(shots / "reports.png"))
    page.screenshot(path=str(shots / "reports-full.png"), full_page=True)

    # The CSV: a byte-order mark, then a line per ticket made.
    with page.expect_download() as download:
        page.click("#csv")
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert lines[0][:4] == ["日期 day", "號碼 number", "佇列 queue", "業務 service"]
    assert [line[1] for line in lines[1:]] == november.numbers
    assert sum(1 for line in lines[1:] if line[11] == "過號") == 1
    assert sorted(line[12] for line in lines[1:] if line[12]) == ["2", "4", "5", "5"]

    # The .xlsx: the tickets, and the figures per day as the page shows them.
    with page.expect_download() as download:
        page.click("#xlsx")
    assert download.value.suggested_filename == "queue-report-2026-11-01-2026-11-30.xlsx"
    download.value.save_as(tmp_path / "report.xlsx")
    book = openpyxl.load_workbook(tmp_path / "report.xlsx")
    tickets = list(book["票券 tickets"].iter_rows(min_row=2, values_only=True))
    assert [row[1] for row in tickets] == november.numbers
    per_day = {row[0]: row[1] for row in book["每日 By day"].iter_rows(min_row=2, values_only=True)}
    assert per_day["11/10（二）"] == 3 and sum(per_day.values()) == len(november.numbers)
    summary = list(book["總計 summary"].iter_rows(values_only=True))
    assert next(row for row in summary if row[0] == "總計 total")[1] == len(november.numbers)

    # The printable monthly report: no navigation, the office, the month, the same tables.
    page.click("#print")
    page.wait_for_selector("#print-now")
    assert page.locator("h1").inner_text().startswith("服務品質月報")
    assert "金沙鎮戶政事務所" in page.locator(".office").inner_text()
    assert table_column(page, "table-by_day", "tickets") == table["tickets"]
    page.set_viewport_size(A4)
    page.emulate_media(media="print")
    assert page.locator(".no-print").first.is_hidden()
    page.screenshot(path=str(shots / "reports-print.png"), full_page=True)
    page.pdf(path=str(tmp_path / "report.pdf"), format="A4")
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")


def table_column_labels(page, table_id: str) -> dict[str, str]:
    return page.evaluate("""(id) => {
        const out = {};
        document.querySelectorAll(`#${id} tbody tr`).forEach(row => {
            out[row.dataset.key] = row.querySelector('th').textContent.trim();
        });
        return out;
    }""", table_id)


def test_a_wrong_period_gets_its_message_on_the_page(november, browser):
    page = browser.new_page(viewport=LAPTOP, locale="zh-TW")
    login(page, november.server, "director-chen", "director")
    page.fill("#by-range input[name=from]", "2026-11-20")
    page.fill("#by-range input[name=to]", "2026-11-10")
    page.click("#by-range button")
    assert "swap them" in page.locator("#error").inner_text()
    page.fill("#by-range input[name=to]", "2026-11-30")
    page.click("#by-range button")
    assert page.locator("#error").count() == 0
    assert page.locator("[data-total=tickets]").inner_text() == "4"
