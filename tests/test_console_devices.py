"""What the console changes reaches the running apps at once, through `office.changed`:
the hall display's notices, the counter client's clerk (pytest-qt, offscreen, against
the real service)."""

import os
from datetime import datetime, timezone
from pathlib import Path

from counter_client.main import create_window as create_counter_window, ready
from tests.console_login import PASSWORD, logged_in, make_staff
from tests.test_display import FakePlayer, clips, close_display, display_config, open_display  # noqa: F401

WAIT = 10000
DOCS = Path(__file__).resolve().parents[1] / "docs" / "console"


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


def test_a_clerk_signs_in_at_the_counter_client(qtbot, server, tmp_path):
    make_staff(server.db_path, "周書豪", "clerk")
    window = create_counter_window({"server_url": server.url, "token": server.token("counter", 3), "counter": None,
                                    "on_top": False, "action_gap_seconds": 0})
    qtbot.addWidget(window)
    window.show()
    try:
        qtbot.waitUntil(lambda: ready(window), timeout=WAIT)
        window.header.sign_in.click()
        dialog = window.dialog
        dialog.name_edit.setText("周書豪")
        dialog.password_edit.setText("wrong password")
        dialog.ok_button.click()
        qtbot.waitUntil(lambda: "wrong name or password" in window.status.text(), timeout=WAIT)
        window.header.sign_in.click()
        dialog = window.dialog
        dialog.name_edit.setText("周書豪")
        dialog.password_edit.setText(PASSWORD)
        shots = DOCS if os.environ.get("QUEUE_SCREENSHOTS") else tmp_path
        shots.mkdir(parents=True, exist_ok=True)
        dialog.grab().save(str(shots / "counter-sign-in.png"))
        dialog.ok_button.click()
        qtbot.waitUntil(lambda: window.view().clerk == "周書豪", timeout=WAIT)
        window.grab().save(str(shots / "counter-signed-in.png"))
        state = server.client().get("/state").json()
        assert next(c for c in state["counters"] if c["number"] == 3)["clerk"] == "周書豪"
    finally:
        window.client.stop()
