"""The hall display against the real service: calls appear and are announced one after
another, a recall again, a restarted service is followed without losing a call."""

import dataclasses
import logging
import wave
from datetime import datetime, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from display import window as window_module
from display.config import load_config
from display.main import create_window
from display.texts import TEXTS
from shared.i18n import ERRORS
from shared.office import Counter, Name, load_office
from tests.servers import LiveServer, ServerProcess, make_token

CLIP_NAMES = [*"0123456789", *"ABCDEFGHIJKLMNOPQRSTUVWXYZ", "guest", "number", "please_go_to", "counter"]


class FakePlayer:
    """Records the files it is asked to play, and is done with each a moment later."""

    def __init__(self):
        self.played: list[str] = []

    def play(self, path, on_done):
        self.played.append(Path(path).stem)
        QTimer.singleShot(5, on_done)

    def calls(self) -> list[str]:
        """The whole announcements so far, as "A012→2": chime, guest, A 0 1 2, number,
        please_go_to, 2, counter."""
        out, parts = [], []
        for name in self.played:
            if name == "chime":
                parts = []
            elif name == "counter":
                ticket = "".join(parts[1:parts.index("number")])
                out.append(f"{ticket}→{parts[parts.index('please_go_to') + 1]}")
            else:
                parts.append(name)
        return out


class FailingPlayer:
    def __init__(self):
        self.tries = 0

    def play(self, path, on_done):
        self.tries += 1
        raise RuntimeError("no sound device")


@pytest.fixture
def clips(tmp_path):
    """A clips folder for zh-TW: each clip a few milliseconds of silence."""
    folder = tmp_path / "clips" / "zh-TW"
    folder.mkdir(parents=True)
    for name in CLIP_NAMES:
        with wave.open(str(folder / f"{name}.wav"), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(8000)
            w.writeframes(b"\0\0" * 40)
    return folder.parent


def display_config(tmp_path, monkeypatch, url, token, clips, **settings):
    """The display's settings through the real path: a TOML file plus the environment."""
    settings = {"voice": "clips", "clips_dir": str(clips), "min_show_seconds": 0.3, "fullscreen": False,
                **settings}
    lines = []
    for key, value in settings.items():
        if isinstance(value, bool):
            lines.append(f"{key} = {'true' if value else 'false'}")
        elif isinstance(value, str):
            lines.append(f"{key} = {value!r}".replace("'", '"'))
        else:
            lines.append(f"{key} = {value}")
    path = tmp_path / "display.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("QUEUE_SERVER_URL", url)
    monkeypatch.setenv("QUEUE_TOKEN", token)
    return load_config(path)


def close_display(qtbot, window):
    """Let the last announcement end (the fake player's callbacks are pending), then close."""
    qtbot.waitUntil(lambda: not window.announcer.busy, timeout=10000)
    window.client.stop()
    window.close()
    window.deleteLater()


def open_display(qtbot, config, player):
    """The display, shown; `close_display` ends it (not qtbot, which would delete it
    while the fake player still has a callback waiting)."""
    window = create_window(config, player=player)
    window.resize(1920, 1080)
    window.show()
    qtbot.waitUntil(lambda: window.client.connected and window.office is not None, timeout=10000)
    return window


@pytest.fixture
def display(qtbot, server, clock, tmp_path, monkeypatch, clips):
    """The display on the `server` fixture with a fake player: (window, player)."""
    clock.now = datetime.now(timezone.utc)
    config = display_config(tmp_path, monkeypatch, server.url, server.token("display"), clips)
    player = FakePlayer()
    window = open_display(qtbot, config, player)
    yield window, player
    close_display(qtbot, window)


def issue(server, n=1, **body):
    kiosk = server.client("kiosk")
    for _ in range(n):
        kiosk.post("/tickets", json={"service": "transcript", **body}).raise_for_status()


def next_at(server, counter):
    r = server.client("counter", counter).post(f"/counters/{counter}/next")
    r.raise_for_status()
    return r.json()["ticket"]["number"]


def test_a_call_appears_with_its_counter(qtbot, server, display):
    window, player = display
    issue(server, 2)
    assert next_at(server, 2) == "A001"
    qtbot.waitUntil(lambda: window.latest.number.text() == "A001", timeout=5000)
    assert window.latest.counter_zh.text() == "2 號櫃台"
    assert window.latest.counter_en.text() == "Counter 2"
    assert window.latest.hot
    assert window.counter_panels[2].number.text() == "A001"
    assert window.counter_panels[2].clerk.text() == "林志明"
    assert window.recent.texts() == ["A001 2 號櫃台"]
    assert window.waiting.counts["general"].text() == "1"
    qtbot.waitUntil(lambda: player.calls() == ["A001→2"], timeout=5000)
    assert player.played == ["chime", "guest", "A", "0", "0", "1", "number", "please_go_to", "2", "counter"]
    qtbot.waitUntil(lambda: not window.latest.hot, timeout=5000)
    assert window.latest.number.text() == "A001"


def test_a_paused_counter_says_so(qtbot, server, display):
    window, _ = display
    server.client("counter", 3).post("/counters/3/pause", json={"reason": "午休"}).raise_for_status()
    panel = window.counter_panels[3]
    qtbot.waitUntil(lambda: panel.number.text() == TEXTS("paused"), timeout=5000)
    assert panel.status.text() == "Paused · 午休"
    server.client("counter", 3).post("/counters/3/resume").raise_for_status()
    qtbot.waitUntil(lambda: panel.number.text() == "—", timeout=5000)


def test_a_recall_highlights_and_announces_again(qtbot, server, display):
    window, player = display
    issue(server)
    next_at(server, 2)
    qtbot.waitUntil(lambda: player.calls() == ["A001→2"] and not window.announcer.busy, timeout=5000)
    assert not window.latest.hot
    server.client("counter", 2).post("/counters/2/recall").raise_for_status()
    qtbot.waitUntil(lambda: window.latest.hot, timeout=5000)
    assert window.latest.title.text().startswith(TEXTS("calling_again"))
    qtbot.waitUntil(lambda: player.calls() == ["A001→2", "A001→2"], timeout=5000)
    assert window.recent.texts()[0] == "A001 2 號櫃台（再次）"


def test_five_calls_together_are_announced_one_after_another(qtbot, clock, tmp_path, monkeypatch, clips):
    office = load_office()
    more = tuple(Counter(n, Name(f"{n} 號櫃台", f"Counter {n}"), "general", f"職員{n}", ("general",))
                 for n in (4, 5))
    office = dataclasses.replace(office, counters=office.counters + more)
    clock.now = datetime.now(timezone.utc)
    server = LiveServer(tmp_path / "five.db", office=office, clock=clock).start()
    try:
        config = display_config(tmp_path, monkeypatch, server.url, server.token("display"), clips)
        player = FakePlayer()
        window = open_display(qtbot, config, player)
        turns = []
        window.announcer.started.connect(lambda call: turns.append(("start", call.number)))
        window.announcer.finished.connect(lambda call: turns.append(("end", call.number)))
        issue(server, 5)
        numbers = [next_at(server, n) for n in (1, 2, 3, 4, 5)]
        assert numbers == ["A001", "A002", "A003", "A004", "A005"]
        expected = [f"A00{n}→{n}" for n in (1, 2, 3, 4, 5)]
        qtbot.waitUntil(lambda: player.calls() == expected, timeout=15000)
        qtbot.waitUntil(lambda: len(turns) == 10, timeout=5000)
        # Never two at once: each call's turn ends before the next one starts.
        assert turns == [(kind, f"A00{n}") for n in (1, 2, 3, 4, 5) for kind in ("start", "end")]
        assert [window.counter_panels[n].number.text() for n in (1, 2, 3, 4, 5)] == numbers
        close_display(qtbot, window)
    finally:
        server.stop()


def test_a_killed_service_is_followed_without_losing_a_call(qtbot, tmp_path, monkeypatch, clips):
    db = tmp_path / "killed.db"
    display_token = make_token(db, "display")
    kiosk, counter = make_token(db, "kiosk"), make_token(db, "counter", 2)
    service = ServerProcess(db).start()
    try:
        config = display_config(tmp_path, monkeypatch, service.url, display_token, clips)
        player = FakePlayer()
        window = open_display(qtbot, config, player)
        seen = []
        window.client.event.connect(lambda e: seen.append((e["type"], e.get("missed", False))))

        def call_next():
            import httpx

            api = service.url + "/api/v1"
            httpx.post(api + "/tickets", json={"service": "transcript"},
                       headers={"Authorization": f"Bearer {kiosk}"}, timeout=10).raise_for_status()
            httpx.post(api + "/counters/2/next", headers={"Authorization": f"Bearer {counter}"},
                       timeout=10).raise_for_status()

        call_next()
        qtbot.waitUntil(lambda: player.calls() == ["A001→2"], timeout=5000)
        service.kill()
        qtbot.waitUntil(lambda: not window.header.reconnecting.isHidden(), timeout=5000)
        assert window.latest.number.text() == "A001"  # the hall keeps what it knew
        qtbot.wait(1500)  # the display backs off while the service is down
        service.start()
        call_next()  # most likely before the display is back: it comes as a missed event
        qtbot.waitUntil(lambda: window.client.connected, timeout=15000)
        qtbot.waitUntil(lambda: player.calls() == ["A001→2", "A002→2"], timeout=10000)
        assert window.header.reconnecting.isHidden()
        assert window.counter_panels[2].number.text() == "A002"
        assert [t for t, _ in seen].count("ticket.called") == 2
        close_display(qtbot, window)
    finally:
        service.stop()


def test_calls_missed_long_ago_are_listed_not_announced(qtbot, server, clock, display):
    window, player = display
    issue(server, 2)  # a live event: the display learns the service's time
    qtbot.waitUntil(lambda: window.waiting.counts["general"].text() == "2", timeout=5000)
    window.client.stop()  # the display's network is gone for a long time
    clock.advance(minutes=-10)
    next_at(server, 2)  # A001, ten minutes before "now"
    clock.advance(minutes=10)
    window.client.start()
    qtbot.waitUntil(lambda: window.recent.texts() == ["A001 2 號櫃台"], timeout=10000)
    assert window.counter_panels[2].number.text() == "A001"
    assert window.latest.number.text() == "A001" and not window.latest.hot
    next_at(server, 3)
    qtbot.waitUntil(lambda: player.calls() == ["A002→3"], timeout=5000)


def test_a_failing_player_does_not_stop_the_display(qtbot, server, clock, tmp_path, monkeypatch, clips, caplog):
    caplog.set_level(logging.WARNING, logger="queue.display")
    clock.now = datetime.now(timezone.utc)
    config = display_config(tmp_path, monkeypatch, server.url, server.token("display"), clips)
    player = FailingPlayer()
    window = open_display(qtbot, config, player)
    shown = []
    window.announcer.started.connect(lambda call: shown.append(call.number))
    issue(server, 2)
    next_at(server, 2)
    next_at(server, 3)
    qtbot.waitUntil(lambda: shown == ["A001", "A002"] and not window.announcer.busy, timeout=10000)
    assert player.tries >= 2
    assert window.latest.number.text() == "A002"
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "sound cannot be played" in warnings[0]
    close_display(qtbot, window)


def test_an_unreachable_service_is_said_plainly(qtbot, tmp_path, monkeypatch, clips):
    monkeypatch.setattr(window_module, "SLOW_CONNECT_MS", 300)
    from tests.servers import free_port

    config = display_config(tmp_path, monkeypatch, f"http://127.0.0.1:{free_port()}", "whatever", clips)
    window = create_window(config, player=FakePlayer())
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    assert window.message.title_zh.text() == TEXTS("connecting")
    qtbot.waitUntil(lambda: window.message.title_zh.text() == ERRORS("unreachable"), timeout=5000)
    assert window.message.title_en.text() == ERRORS("unreachable", "en")
    assert window.pages.currentWidget() is window.message
    window.client.stop()


def test_a_wrong_token_is_said_plainly(qtbot, server, tmp_path, monkeypatch, clips):
    config = display_config(tmp_path, monkeypatch, server.url, "not-a-token", clips)
    window = create_window(config, player=FakePlayer())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.message.title_zh.text() == ERRORS("unauthorized"), timeout=5000)
    assert window.message.title_en.text() == ERRORS("unauthorized", "en")
    assert window.pages.currentWidget() is window.message
    window.client.stop()


def test_alerts_and_many_counters_fit_the_screen(qtbot, server, display):
    window, _ = display
    server.client("kiosk").post("/alerts", json={
        "source": "kiosk-1", "kind": "printer", "code": "paper_out",
        "message": {"zh-TW": "取號機缺紙，請洽櫃台", "en": "The ticket machine is out of paper"}}).raise_for_status()
    qtbot.waitUntil(lambda: not window.alerts.isHidden(), timeout=5000)
    assert "取號機缺紙" in window.alerts.text()
    office = dict(window.office)
    office["counters"] = [{"number": n, "name": {"zh-TW": f"{n} 號櫃台", "en": f"Counter {n}"},
                           "kind": "general", "clerk": f"職員{n}"} for n in range(1, 9)]
    window._office_loaded(office)
    assert len(window.counter_panels) == 8
    assert window.minimumSizeHint().height() <= 1080 and window.minimumSizeHint().width() <= 1920


def test_the_hall_clock_follows_the_service_s_clock(qtbot, server, clock, tmp_path, monkeypatch, clips):
    """The service's (fake) clock says 09:00 on 26 November 2026 in Taipei, whatever this
    computer's clock says."""
    config = display_config(tmp_path, monkeypatch, server.url, server.token("display"), clips)
    window = open_display(qtbot, config, FakePlayer())
    assert window.header.clock.text() == "09:00"
    assert window.header.date.text() == "民國115年11月26日（四）"
    close_display(qtbot, window)
