"""The phone survey's section of the console's reports in a real browser (Debian's chromium
driven by Playwright) against the real service: a fortnight of tickets served, each survey
answered on the ticket's phone page, then the month's report, whose survey charts and
tables must agree with the answers given. Screenshot: docs/console/reports-survey.png
(QUEUE_SCREENSHOTS=1) or the test's tmp folder."""

from __future__ import annotations

import random
from datetime import datetime, timezone
from pathlib import Path

import pytest

from server.public.limits import Buckets
from tests.browser import browser, shots  # noqa: F401  (fixtures: the real browser)
from tests.servers import FakeClock, LiveServer
from tests.test_reports_browser import A4, LAPTOP, chart_values, login, table_column
from tests.test_reports_survey import ITEMS, answer, serve

DOCS = Path(__file__).resolve().parents[1] / "docs" / "console"


@pytest.fixture
def fortnight(tmp_path):
    """Tickets on ten working days of November at counters 2 and 3; about two in three of
    them answer the survey, leaving an item out now and then; facilities and signage score
    lowest, as the office's own survey found. Yields the server and the scores given."""
    clock = FakeClock(datetime(2026, 11, 2, 1, 0, tzinfo=timezone.utc))
    server = LiveServer(tmp_path / "queue.db", clock=clock, public={"buckets": Buckets(burst=10_000)}).start()
    kiosk, rng, given = server.client("kiosk"), random.Random(7), []
    for day in (2, 3, 4, 5, 6, 9, 10, 11, 12, 13):
        clock.now = datetime(2026, 11, day, 1, 0, tzinfo=timezone.utc)
        for n in range(4):
            code = kiosk.post("/tickets", json={"service": rng.choice(("transcript", "seal", "move"))}).json()[
                "public_code"]
            clock.advance(minutes=3)
            serve(server, 2 + n % 2, minutes=rng.uniform(3, 9))
            if rng.random() < 0.65:
                scores = {item: rng.choice((2, 3, 4, 4, 5) if item in ("facilities", "signage") else (3, 4, 5, 5, 5))
                          for item in ITEMS if rng.random() < 0.9}
                if scores:
                    answer(server, code, scores)
                    given.append(scores)
    yield server, given
    server.stop()


def test_the_report_page_shows_the_survey_as_answered(fortnight, browser, shots):
    server, given = fortnight
    page = browser.new_page(viewport=LAPTOP, locale="zh-TW")
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    login(page, server)
    page.goto(f"{server.url}/console/reports?month=2026-11")
    section = page.locator("#group-survey")
    assert section.is_visible()
    assert page.locator("[data-survey=answers]").inner_text() == str(len(given))
    every = [s for scores in given for s in scores.values()]
    assert page.locator("[data-survey=mean]").inner_text() == f"{sum(every) / len(every):.2f}"

    # Per item: the table says what was given; the chart's stacked bars are its shares.
    answers = table_column(page, "table-survey_items", "answers")
    means = table_column(page, "table-survey_items", "mean")
    for item in ITEMS:
        scores = [s[item] for s in given if item in s]
        assert answers[item] == str(len(scores)) and means[item] == f"{sum(scores) / len(scores):.2f}", item
    fives = chart_values(page, "chart-survey_items", 4)
    labels = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('#table-survey_items tbody tr')]
        .map(r => [r.dataset.key, r.querySelector('th').firstChild.textContent.trim()]))""")
    for item in ITEMS:
        scores = [s[item] for s in given if item in s]
        assert fives[labels[item]] == f"{scores.count(5) / len(scores) * 100:.0f}%", item

    # Per day and per counter: the chart's bars are the table's means.
    for key in ("by_time", "by_counter"):
        bars = chart_values(page, f"chart-survey_{key}", 0)
        cells = table_column(page, f"table-survey_{key}", "mean")
        assert sorted(bars.values()) == sorted(v for v in cells.values() if v != "—"), key
    assert not refused
    section.scroll_into_view_if_needed()
    section.screenshot(path=str(shots / "reports-survey.png"))

    page.goto(f"{server.url}/console/reports/print?month=2026-11")
    assert page.locator("#group-survey [data-survey=answers]").inner_text() == str(len(given))
    page.set_viewport_size(A4)
    page.emulate_media(media="print")
    page.locator("#group-survey").screenshot(path=str(shots / "reports-survey-print.png"))
