"""The hall display shows each queue's next numbers with their estimated wait, and moves
them as the day goes: after every change and as the service's clock runs."""

import os
from pathlib import Path

from tests.test_display import clips, close_display, display_config, issue, next_at, open_display, FakePlayer  # noqa: F401

SHOTS = os.environ.get("QUEUE_SHOTS")  # a folder: the test leaves its screenshot there too


def test_next_numbers_with_their_wait_move_as_the_day_goes(qtbot, server, clock, tmp_path, monkeypatch, clips):
    config = display_config(tmp_path, monkeypatch, server.url, server.token("display"), clips)
    window = open_display(qtbot, config, FakePlayer())
    try:
        general = window.waiting.next_up["general"]
        issue(server, 9)
        issue(server, 2, category="elderly")
        qtbot.waitUntil(lambda: general.text().startswith("A001 0–5"), timeout=5000)
        assert window.waiting.next_up["care"].text().startswith("C001 0–5")
        assert general.text().count("A00") == 3  # three numbers a queue
        # The counters call: the next general numbers are the ones after theirs.
        for counter in (1, 2, 3):
            next_at(server, counter)
            clock.advance(minutes=2)
        qtbot.waitUntil(lambda: general.text().startswith("A003"), timeout=5000)
        before = general.text()
        # Counter 2 pauses for a meeting: the waits grow at once.
        server.client("counter", 2).post("/counters/2/pause", json={"reason": "會議"}).raise_for_status()
        qtbot.waitUntil(lambda: general.text() != before, timeout=5000)
        assert general.text().startswith("A003")
        if SHOTS:
            window.grab().save(str(Path(SHOTS) / "display-estimates.png"))
        # Time moves, nothing happens: the minute's re-reading shows the waits shrinking.
        shown = general.text()
        clock.advance(minutes=12)
        window.upcoming.read()
        qtbot.waitUntil(lambda: general.text() != shown, timeout=5000)
    finally:
        close_display(qtbot, window)


def test_a_state_without_estimates_shows_no_numbers(qtbot, server, tmp_path, monkeypatch, clips):
    """An older service (no `upcoming` in its state): the panel stays as it was."""
    config = display_config(tmp_path, monkeypatch, server.url, server.token("display"), clips)
    window = open_display(qtbot, config, FakePlayer())
    try:
        window.waiting.update_upcoming([])
        assert window.waiting.next_up["general"].text() == ""
        window.waiting.update_upcoming([{"queue": "general", "number": "A009", "range": None}, {"bad": 1}])
        assert window.waiting.next_up["general"].text() == "A009 —"
    finally:
        close_display(qtbot, window)
