"""What the console changes reaches the running apps at once, through `office.changed`:
the hall display's notices, the counter client's clerk (pytest-qt, offscreen, against
the real service)."""

from datetime import datetime, timezone

from counter_client.main import create_window as create_counter_window, ready
from tests.console_login import logged_in
from tests.test_display import FakePlayer, clips, close_display, display_config, open_display  # noqa: F401

WAIT = 10000


def test_the_display_scrolls_a_new_notice_at_once(qtbot, server, clock, tmp_path, monkeypatch, clips):  # noqa: F811
    clock.now = datetime.now(timezone.utc)
    config = display_config(tmp_path, monkeypatch, server.url, server.token("display"), clips)
    window = open_display(qtbot, config, FakePlayer())
    try:
        assert "今日停電" not in window.ticker.text
        console, csrf = logged_in(server, "director")
        saved = console.post("/console/settings/notices", data={"notices": "今日停電 | Power cut today", "csrf": csrf})
        assert saved.status_code == 303
        qtbot.waitUntil(lambda: window.ticker.text == "今日停電　Power cut today", timeout=WAIT)
        assert window.client.office["notices"] == [{"zh-TW": "今日停電", "en": "Power cut today"}]
    finally:
        close_display(qtbot, window)


def test_the_counter_client_shows_the_clerk_put_on_its_counter(qtbot, server):
    window = create_counter_window({"server_url": server.url, "token": server.token("counter", 2), "counter": None,
                                    "on_top": False, "action_gap_seconds": 0})
    qtbot.addWidget(window)
    window.show()
    try:
        qtbot.waitUntil(lambda: ready(window), timeout=WAIT)
        console, csrf = logged_in(server, "director")
        assert console.post("/console/settings/clerks", data={"clerk_2": "張美玲", "csrf": csrf}).status_code == 303
        qtbot.waitUntil(lambda: window.view().clerk == "張美玲", timeout=WAIT)
    finally:
        window.client.stop()
