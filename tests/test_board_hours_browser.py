"""The public board's hours in a real browser (Debian's chromium driven by Playwright, as
tests/browser.py): closed at 07:00 with when it opens, and open by itself at 08:00 on the
service's clock, without an event. Screenshot docs/phone/board-closed.png
(QUEUE_SCREENSHOTS=1) or the test's tmp folder."""

from __future__ import annotations

from pathlib import Path

from tests.browser import browser, shots  # noqa: F401  (fixtures: the real browser)
from tests.test_board_hours import clock, office, public, taipei  # noqa: F401  (fixtures)

DOCS = Path(__file__).resolve().parents[1] / "docs" / "phone"
PHONE = {"width": 390, "height": 844}


def test_the_board_page_opens_by_itself_at_eight(public, clock, browser, shots):
    clock.now = taipei("2026-11-30 07:59:58")
    page = browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="zh-TW")
    page.goto(f"{public.public_url}/now")
    page.wait_for_selector("#hours[data-status=closed]", timeout=10_000)
    assert "本所目前未開放" in page.locator("#hours").inner_text()
    clock.now = taipei("2026-11-30 07:00")  # the picture says "今天 08:00" at seven
    page.reload()
    page.wait_for_function("document.getElementById('hours').innerText.indexOf('今天 08:00') >= 0", timeout=10_000)
    page.screenshot(path=str(shots / "board-closed.png"))

    clock.now = taipei("2026-11-30 07:59:58")
    page.reload()
    page.wait_for_selector("#hours[data-status=closed]", timeout=10_000)
    clock.now = taipei("2026-11-30 08:00:01")  # no event: the page asks again at 08:00 by itself
    page.wait_for_selector("#hours[data-status=open]", timeout=10_000)
    assert "開放中・至 17:00" in page.locator("#hours").inner_text()
