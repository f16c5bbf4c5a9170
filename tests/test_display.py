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
from shared import catalogue as C
from shared.catalogue import display as D
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
        """The whole announcements so far, as "A012→2" (or "A012→2 ×1" when not spoken
        twice): chime, then guest, A 0 1 2, number, please_go_to, 2, counter, twice."""
        out, parts = [], []
        for name in [*self.played, "chime"][1:] if self.played else []:
            if name != "chime":
                parts.append(name)
                continue
            said = [i for i, part in enumerate(parts) if part == "counter"]
            if said:
                first = parts[:said[0] + 1]
                ticket = "".join(first[1:first.index("number")])
                call = f"{ticket}→{first[first.index('please_go_to') + 1]}"
                out.append(call if parts == first * 2 else f"{call} ×{len(said)}")
            parts = []
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
    assert player.played == ["chime"] + ["guest", "A", "0", "0", "1", "number", "please_go_to", "2", "counter"] * 2
    qtbot.waitUntil(lambda: not window.latest.hot, timeout=5000)
    assert window.latest.number.text() == "A001"


def test_a_paused_counter_says_so(qtbot, server, display):
    window, _ = display
    server.client("counter", 3).post("/counters/3/pause", json={"reason": "午休"}).raise_for_status()
    panel = window.counter_panels[3]
    qtbot.waitUntil(lambda: panel.number.text() == C.PAUSED.zh, timeout=5000)
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
    assert window.latest.title.text().startswith(D.CALLING_AGAIN.zh)
    qtbot.waitUntil(lambda: player.calls() == ["A001→2", "A001→2"], timeout=5000)
    assert window.recent.texts()[0] == "A001 2 號櫃台（重叫）"


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
    assert window.message.title_zh.text() == C.CONNECTING.zh
    qtbot.waitUntil(lambda: window.message.title_zh.text() == C.UNREACHABLE.zh, timeout=5000)
    assert window.message.title_en.text() == C.UNREACHABLE.en
    assert window.pages.currentWidget() is window.message
    window.client.stop()


def test_a_wrong_token_is_said_plainly(qtbot, server, tmp_path, monkeypatch, clips):
    config = display_config(tmp_path, monkeypatch, server.url, "not-a-token", clips)
    window = create_window(config, player=FakePlayer())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.message.title_zh.text() == C.ERRORS["unauthorized"].zh, timeout=5000)
    assert window.message.title_en.text() == C.ERRORS["unauthorized"].en
    assert window.pages.currentWidget() is window.message
    window.client.stop()


def test_alerts_and_many_counters_fit_the_screen(qtbot, server, display):
    window, _ = display
    server.client("kiosk").post("/alerts", json={
        "source": "kiosk-1", "kind": "printer", "code": "paper_out",
        "message": {"zh-TW": "取號機缺紙，請洽櫃台", "en": "The ticket machine is out of paper"}}).raise_for_status()
    qtbot.waitUntil(lambda: not window.alerts.isHidden(), timeout=5000)
    assert "取號機缺紙" in window.alerts.text()
    assert window.ticker.isHidden()  # the alert takes the notices' place: the hall keeps its sizes
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


def ink_lines(image, widget, window) -> list[int]:
    """The heights in pixels of the lines of ink `widget` shows in the window's `image`:
    rows with a pixel clearly unlike the background, in runs."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QImage

    top_left = widget.mapTo(window, widget.rect().topLeft())
    part = image.copy(QRect(top_left, widget.size())).convertToFormat(QImage.Format.Format_RGB32)
    data, line, width = bytes(part.constBits()), part.bytesPerLine(), part.width()
    background = data[:4]
    runs, run = [], 0
    for y in range(part.height()):
        row = data[y * line:y * line + width * 4]
        inked = row != background * width and any(
            sum(abs(a - b) for a, b in zip(row[x:x + 3], background[:3])) > 150 for x in range(0, width * 4, 4))
        if inked:
            run += 1
        elif run:
            runs.append(run)
            run = 0
    return runs + ([run] if run else [])


def test_counters_are_readable_from_the_far_end_of_the_hall(qtbot, server, display):
    """At 1920×1080 every counter's name and number are drawn at one size, at least 80 px
    tall (the care counter's too), and the counters in the recent calls at least 40 px."""
    window, _ = display
    issue(server, 2)
    issue(server, 1, category="elderly")
    assert [next_at(server, n) for n in (1, 2, 3)] == ["C001", "A001", "A002"]
    qtbot.waitUntil(lambda: len(window.recent.texts()) == 3 and not window.announcer.busy, timeout=10000)
    qtbot.waitUntil(lambda: not any(p.hot for p in window.counter_panels.values()), timeout=5000)
    assert window.size().toTuple() == (1920, 1080)
    image = window.grab().toImage()
    names = {n: ink_lines(image, p.name_zh, window) for n, p in window.counter_panels.items()}
    numbers = {n: ink_lines(image, p.number, window) for n, p in window.counter_panels.items()}
    labels = [ink_lines(image, zh, window) for _, zh, _ in window.recent.rows[:3]]
    print("name lines", names, "numbers", numbers, "recent labels", labels)
    lines = [h for runs in names.values() for h in runs]
    assert all(len(runs) == len(names[1]) for runs in names.values())  # one layout for every name
    assert min(lines) >= 80 and max(lines) - min(lines) <= 4
    heights = [h for runs in numbers.values() for h in runs]
    assert all(len(runs) == 1 for runs in numbers.values())
    assert min(heights) >= 80 and max(heights) - min(heights) <= 4
    assert all(len(runs) == 1 and runs[0] >= 40 for runs in labels)
    # The large "now calling" area draws every counter's name at one size too.
    big = {}
    for n in (1, 2):
        window.latest.show_call("A009", window.counter_name(n), False, hot=False)
        window.repaint()
        big[n] = ink_lines(window.grab().toImage(), window.latest.counter_zh, window)
    print("now calling: counter names", big)
    assert len(big[1]) == len(big[2]) == 1 and abs(big[1][0] - big[2][0]) <= 3 and big[1][0] >= 80


def test_three_counters_calling_at_once_show_on_their_panels_at_once(qtbot, server, display):
    window, player = display
    issue(server, 3)
    started = []
    window.announcer.started.connect(lambda call: started.append(call.number))
    assert [next_at(server, n) for n in (1, 2, 3)] == ["A001", "A002", "A003"]
    panels = window.counter_panels
    qtbot.waitUntil(lambda: [panels[n].number.text() for n in (1, 2, 3)] == ["A001", "A002", "A003"],
                    timeout=1000)
    assert all(panels[n].hot for n in (1, 2, 3))
    assert window.recent.texts() == ["A003 3 號櫃台", "A002 2 號櫃台", "A001 1 號愛心櫃台"]
    assert started == ["A001"]  # the large area and the voice take turns
    qtbot.waitUntil(lambda: player.calls() == ["A001→1", "A002→2", "A003→3"], timeout=10000)


def test_what_devices_send_is_shown_as_plain_text(qtbot, server, display):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    window, _ = display
    server.client("kiosk").post("/alerts", json={
        "source": "kiosk-1", "kind": "printer", "code": "paper_out",
        "message": {"zh-TW": "<img src=x><h1>BIG</h1>", "en": "<b>bold</b>"}}).raise_for_status()
    server.client("counter", 3).post("/counters/3/pause", json={"reason": "<i>午休</i>"}).raise_for_status()
    qtbot.waitUntil(lambda: not window.alerts.isHidden(), timeout=5000)
    qtbot.waitUntil(lambda: "<i>午休</i>" in window.counter_panels[3].status.text(), timeout=5000)
    assert "<img src=x><h1>BIG</h1>" in window.alerts.text()
    labels = window.findChildren(QLabel)
    assert labels and all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)


def test_a_display_without_a_sound_device_shows_a_small_mark(qtbot, server, tmp_path, monkeypatch, clips):
    from PySide6.QtMultimedia import QMediaDevices

    if QMediaDevices.audioOutputs():
        pytest.skip("this machine has a sound device")
    config = display_config(tmp_path, monkeypatch, server.url, server.token("display"), clips, voice="none")
    window = open_display(qtbot, config, None)  # the real player
    qtbot.waitUntil(lambda: window.header.no_sound.isVisible(), timeout=3000)
    assert window.header.no_sound.text().startswith(D.NO_SOUND.zh)
    close_display(qtbot, window)
