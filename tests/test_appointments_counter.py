"""The counter client shows that the citizen being served booked: 預約, the slot and the note
(real widgets against the real service)."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt

from counter_client.main import create_window
from shared.office import default_office_text, parse_office
from tests.servers import FakeClock, LiveServer

OFFICE = parse_office(default_office_text() + "\n[appointments]\n")


@pytest.fixture
def server(tmp_path):
    clock = FakeClock(datetime(2026, 11, 26, 10, 0, tzinfo=OFFICE.tz))
    s = LiveServer(tmp_path / "queue.db", office=OFFICE, clock=clock).start()
    yield s
    s.stop()


def test_the_clerk_sees_the_booking_and_its_note(qtbot, server, tmp_path):
    admin = server.client("admin")
    code = admin.post("/appointments", json={"day": "2026-11-26", "time": "10:00", "service": "transcript",
                                             "note": "W.X.M. 5678"}).json()["appointment"]["code"]
    server.client("kiosk").post(f"/appointments/{code}/check-in")
    server.client("kiosk").post("/tickets", json={"service": "transcript"})
    window = create_window({"server_url": server.url, "token": server.token("counter", 2), "on_top": False,
                            "action_gap_seconds": 0})
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.buttons["next"].isEnabled(), timeout=10000)
    qtbot.mouseClick(window.buttons["next"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.card.booked.isVisible(), timeout=10000)
    assert window.card.number.first.text() == "R001"
    assert [r.name.zh for r in window.view().waiting] == ["一般服務", "愛心服務", "預約"]
    assert window.card.booked.text() == "預約 10:00・W.X.M. 5678  Booked 10:00"
    window.grab().save(str(tmp_path.parent / "counter-booked.png"))
    qtbot.mouseClick(window.buttons["next"], Qt.MouseButton.LeftButton)  # A001: walked in
    qtbot.waitUntil(lambda: window.card.number.first.text() == "A001" and not window.card.booked.isVisible(),
                    timeout=10000)
    window.client.stop()


def test_the_clerk_sees_the_appointment_tickets_coming_with_their_waits(qtbot, server, tmp_path):
    admin = server.client("admin")
    server.clock.now = datetime(2026, 11, 26, 9, 50, tzinfo=OFFICE.tz)
    code = admin.post("/appointments", json={"day": "2026-11-26", "time": "10:00",
                                             "service": "transcript"}).json()["appointment"]["code"]
    server.client("kiosk").post(f"/appointments/{code}/check-in")
    window = create_window({"server_url": server.url, "token": server.token("counter", 2), "on_top": False,
                            "action_gap_seconds": 0})
    qtbot.addWidget(window)
    window.show()
    # Nobody else waits: called at 10:00, 10 minutes on; its line is the appointment queue's.
    qtbot.waitUntil(lambda: any(line.text() == "R001 10–15 分" for line in window.figures.upcoming), timeout=10000)
    window.grab().save(str(tmp_path.parent / "counter-upcoming-booked.png"))
    window.client.stop()
