"""The office console in a real browser (Debian's chromium driven by Playwright) against
the real service, at an office PC's 1366x768: log in, a counter's call appearing on Today
without a reload, a notice and a clerk changed for every device, a device made and
revoked, a follow-up closed. Screenshots go to docs/console/ (QUEUE_SCREENSHOTS=1) or the
test's tmp folder.

Needs `apt-get install chromium` (scripts/system-deps.sh) and `pip install playwright`;
never `playwright install`: the test uses /usr/bin/chromium.
"""

from pathlib import Path

import pytest

from server.auth import hash_token
from tests.browser import browser, shots  # noqa: F401  (fixtures: the real browser)
from tests.console_login import PASSWORD, make_staff
from tests.servers import LiveServer

DOCS = Path(__file__).resolve().parents[1] / "docs" / "console"
PC = {"width": 1366, "height": 768}


@pytest.fixture
def server(tmp_path, clock):
    s = LiveServer(tmp_path / "queue.db", clock=clock).start()
    make_staff(s.db_path, "王主任", "director")
    make_staff(s.db_path, "李小華", "clerk")
    yield s
    s.stop()


def log_in(browser, server, name="王主任", shots=None):
    page = browser.new_page(viewport=PC, locale="zh-TW")
    page.goto(f"{server.url}/console")
    page.wait_for_selector("input[name=name]")
    if shots is not None:
        page.screenshot(path=str(shots / "login.png"))
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/console/today")
    return page


def issue(server, service="transcript", category=None) -> dict:
    r = server.client("kiosk").post("/tickets", json={"service": service, "category": category})
    r.raise_for_status()
    return r.json()


def test_today_shows_a_counters_call_without_a_reload(server, browser, shots, clock):
    for _ in range(4):
        issue(server)
    issue(server, "birth", "elderly")
    server.client("counter", 3).post("/counters/3/next").raise_for_status()
    server.client("kiosk").post("/alerts", json={"source": "kiosk-1", "kind": "printer", "code": "paper_low",
                                                       "message": {"zh-TW": "取號機紙張將用完", "en": "Kiosk paper low"}}).raise_for_status()
    clock.advance(minutes=7)
    page = log_in(browser, server)
    page.wait_for_selector("#live[data-state=live]", timeout=10_000)
    counters = page.locator("#counters")
    assert "A001" in counters.inner_text() and "A002" not in counters.inner_text()
    assert "取號機紙張將用完" in page.locator(".alerts").inner_text()
    page.evaluate("window.notReloaded = true")
    server.client("counter", 2).post("/counters/2/next").raise_for_status()
    # (a locator, not wait_for_function: the console's CSP forbids the eval that polling a string needs)
    page.locator("#counters tr[data-counter='2'] td.ticket b", has_text="A002").wait_for(timeout=10_000)
    assert page.evaluate("window.notReloaded") is True
    assert page.locator("#waiting-total").inner_text() == "3"
    page.screenshot(path=str(shots / "today.png"))


def test_a_notice_and_a_clerk_reach_the_devices(server, browser, shots):
    page = log_in(browser, server)
    page.click("nav >> text=公告與設定")
    page.wait_for_url("**/console/settings")
    page.fill("#notices", "今日下午系統維護，暫停受理跨縣市謄本 | Cross-county transcripts paused this afternoon\n"
                          "請保持安靜 | Please keep quiet")
    page.click("form[action='/console/settings/notices'] button[type=submit]")
    page.wait_for_selector("p.ok")
    office = server.client("display").get("/office").json()
    assert office["notices"][0] == {"zh-TW": "今日下午系統維護，暫停受理跨縣市謄本",
                                    "en": "Cross-county transcripts paused this afternoon"}
    page.fill("#clerk_2", "張美玲")
    page.click("form[action='/console/settings/clerks'] button[type=submit]")
    page.wait_for_selector("p.ok")
    state = server.client("display").get("/state").json()
    assert next(c for c in state["counters"] if c["number"] == 2)["clerk"] == "張美玲"
    assert page.input_value("#clerk_2") == "張美玲"
    page.screenshot(path=str(shots / "settings.png"))
    page.click("nav >> text=今日")
    assert "張美玲" in page.locator("#counters tr[data-counter='2']").inner_text()


def test_a_device_is_made_with_its_qr_code_and_revoked(server, browser, shots):
    page = log_in(browser, server)
    page.goto(f"{server.url}/console/devices")
    page.select_option("#role", "counter")
    page.select_option("#counter", "2")
    page.fill("#label", "2 號櫃台電腦 desk PC")
    page.click("form[action='/console/devices'] button[type=submit]")
    page.wait_for_selector("#made #qr svg")
    token = page.locator("#token").inner_text().strip()
    device = server.client("admin")
    device.headers["Authorization"] = f"Bearer {token}"
    assert device.get("/whoami").json() == {"role": "counter", "counter": 2}
    page.screenshot(path=str(shots / "devices-new.png"))

    page.goto(f"{server.url}/console/devices")
    assert token not in page.content()  # shown once only
    row = page.locator(f"tr[data-id='{hash_token(token)[:8]}']")
    row.locator("button.danger").click()
    page.wait_for_selector("p.ok")
    assert device.get("/whoami").status_code == 401
    assert page.locator(f"tr[data-id='{hash_token(token)[:8]}'] button.danger").count() == 0
    page.screenshot(path=str(shots / "devices.png"))


def test_a_follow_up_is_closed_with_a_note(server, browser, shots):
    for score, reasons in ((1, ["waiting_time", "signage"]), (2, ["process"])):
        issue(server)
        server.client("counter", 2).post("/counters/2/next").raise_for_status()
        server.client("counter", 2).post("/counters/2/complete").raise_for_status()
        server.client("rating", 2).post("/counters/2/rating", json={"score": score, "reasons": reasons}).raise_for_status()
    page = log_in(browser, server)
    page.goto(f"{server.url}/console/followups")
    page.fill("tr[data-case='1'] textarea", "已致電民眾說明等候原因並致歉；門口加貼指引。")
    page.click("tr[data-case='1'] button[type=submit]")
    page.wait_for_selector("p.ok")
    assert "已致電民眾" in page.locator("#closed").inner_text()
    assert page.locator("#open tr[data-case]").count() == 1
    page.screenshot(path=str(shots / "followups.png"))


def test_a_clerk_sees_today_and_a_clear_refusal_on_a_directors_page(server, browser, shots):
    page = log_in(browser, server, "李小華", shots=shots)
    assert page.locator("nav a").all_inner_texts()[:2] == ["今日\nToday", "報表\nReports"]
    assert page.locator("nav a[href='/console/settings']").count() == 0
    answer = page.goto(f"{server.url}/console/devices")
    assert answer.status == 403
    assert "此頁僅限主任使用" in page.inner_text("main")
    page.screenshot(path=str(shots / "refused.png"))
    page.click("button:has-text('登出')")
    page.wait_for_url("**/console/login")
    assert page.goto(f"{server.url}/console/today").url.endswith("/console/login?next=/console/today")
