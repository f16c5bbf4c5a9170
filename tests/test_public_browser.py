"""The phone page and the board in a real browser (Debian's chromium driven by Playwright):
at a phone's size the page follows its ticket live, from waiting to 「請到 2 號櫃台」 to the
survey; the board at a laptop's size. Screenshots go to docs/phone/ (QUEUE_SCREENSHOTS=1)
or the test's tmp folder.

Needs `apt-get install chromium` (scripts/system-deps.sh) and `pip install playwright`;
never `playwright install`: the test uses /usr/bin/chromium.
"""

from pathlib import Path

import pytest

from tests.browser import browser, shots  # noqa: F401  (fixtures: the real browser)
from tests.servers import LiveServer

DOCS = Path(__file__).resolve().parents[1] / "docs" / "phone"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture
def public(tmp_path, clock):
    s = LiveServer(tmp_path / "queue.db", clock=clock, public=True).start()
    yield s
    s.stop()


def issue(server, service="transcript") -> dict:
    r = server.client("kiosk").post("/tickets", json={"service": service})
    r.raise_for_status()
    return r.json()


def test_the_phone_follows_its_ticket_to_the_counter_and_the_survey(public, browser, shots):
    for _ in range(3):
        issue(public)
    mine = issue(public)
    public.client("counter", 3).post("/counters/3/next").raise_for_status()
    page = browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="zh-TW")
    page.goto(f"{public.public_url}/t/{mine['public_code']}")
    assert page.locator("#number").inner_text() == mine["ticket"]["number"]
    assert "前面還有 2 人" in page.locator("#text").inner_text()
    page.screenshot(path=str(shots / "ticket-waiting.png"))

    two = public.client("counter", 2)
    for _ in range(3):  # 2 ahead of it at counter 2, then it
        two.post("/counters/2/next").raise_for_status()
    page.wait_for_selector("body[data-status=called]", timeout=10_000)
    assert page.locator("#text").inner_text() == "請到 2 號櫃台"
    page.screenshot(path=str(shots / "ticket-called.png"))

    two.post("/counters/2/complete").raise_for_status()
    page.wait_for_selector("#survey", timeout=10_000)  # the page reloads itself once served
    page.screenshot(path=str(shots / "ticket-survey.png"), full_page=True)
    for name in ("staff_attitude", "efficiency", "waiting_time", "professionalism", "volunteer_attitude",
                 "process_design", "facilities", "cleanliness", "signage"):
        page.check(f"input[name={name}][value='5']")
    page.click("button[type=submit]")
    page.wait_for_selector("text=感謝您填寫滿意度調查", timeout=10_000)
    assert page.locator("#survey").count() == 0


def test_the_board_updates_live(public, browser, shots):
    for _ in range(5):
        issue(public)
    issue(public, "birth")
    public.client("counter", 2).post("/counters/2/next").raise_for_status()
    public.client("counter", 1).post("/counters/1/next").raise_for_status()
    page = browser.new_page(viewport=LAPTOP, locale="zh-TW")
    page.goto(f"{public.public_url}/now")
    assert "A001" in page.locator("#counters").inner_text()
    public.client("counter", 3).post("/counters/3/next").raise_for_status()
    page.wait_for_function("document.getElementById('calls').innerText.indexOf('A003') >= 0", timeout=10_000)
    page.screenshot(path=str(shots / "board.png"))
