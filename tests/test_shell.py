"""The shell every app starts with: settings, the catalogue of texts, the service's clock,
the connection's grace, and a clean exit on SIGTERM."""

from __future__ import annotations

import string
from datetime import datetime, timedelta, timezone

import pytest

from shared import catalogue
from shared.catalogue import counter as counter_texts
from shared.i18n import Text
from shared.office import ConfigError, Name, load_office
from shared.settings import AppSettings


@pytest.fixture(autouse=True)
def no_environment(monkeypatch):
    for name in ("QUEUE_SERVER_URL", "QUEUE_TOKEN", "QUEUE_PRINTER", "QUEUE_COUNTER"):
        monkeypatch.delenv(name, raising=False)


def write(tmp_path, text: str):
    path = tmp_path / "app.toml"
    path.write_text(text, encoding="utf-8")
    return path


# ----- Text -------------------------------------------------------------------------------

def test_text_is_the_one_bilingual_type():
    t = Text("{n} 號櫃台", "Counter {n}").format(n=2)
    assert (t.get("zh-TW"), t.get("en")) == ("2 號櫃台", "Counter 2")
    assert t.pair("en") == ("Counter 2", "2 號櫃台")
    assert t.both() == "2 號櫃台\nCounter 2" and t.both(" / ") == "2 號櫃台 / Counter 2"
    assert Text.from_json({"zh-TW": "戶籍登記", "en": "Registration"}).to_json() == {"zh-TW": "戶籍登記",
                                                                                  "en": "Registration"}
    assert Text.from_json({"zh-TW": "只有中文"}).get("en") == "只有中文"
    assert Text.from_json("休息") == Text("休息", "休息")
    assert Name is Text and load_office().counters[1].name.get("en") == "Counter 2"


def test_a_text_field_is_filled_in_the_matching_language():
    target = Text("2 號櫃台", "Counter 2")
    t = Text("轉送至 {target}", "sent on to {target}").format(target=target)
    assert t == Text("轉送至 2 號櫃台", "sent on to Counter 2")


# ----- the catalogue -----------------------------------------------------------------------

def texts_of(module):
    found = {k: v for k, v in vars(module).items() if isinstance(v, Text)}
    found.update({f"ERRORS.{k}": v for k, v in getattr(module, "ERRORS", {}).items()})
    return found


@pytest.mark.parametrize("module", [catalogue, counter_texts], ids=lambda m: m.__name__)
def test_every_text_has_both_languages_with_the_same_placeholders(module):
    fields = lambda s: {f for _, f, _, _ in string.Formatter().parse(s) if f}  # noqa: E731
    for key, text in texts_of(module).items():
        assert text.zh.strip() and text.en.strip(), key
        assert fields(text.zh) == fields(text.en), key


def test_one_word_for_one_thing():
    words = " ".join(t.zh for m in (catalogue, counter_texts) for t in texts_of(m).values())
    for unusual in ("重呼", "未到", "請備妥", "承辦人 ", "服務人員"):
        assert unusual not in words + " ", unusual
    assert catalogue.NO_SHOW.zh == "過號" and catalogue.RECALL.zh == "重叫" and catalogue.BRING.zh == "請攜帶"
    assert catalogue.error_text("no_such_code") == catalogue.ERRORS["conflict"]


# ----- settings ----------------------------------------------------------------------------

def test_settings_come_from_the_file_then_the_environment_then_the_options(tmp_path, monkeypatch):
    path = write(tmp_path, 'server_url = "http://10.0.0.1:8600/"\ntoken = "from-file"\nlanguage = "en"\n')
    s = AppSettings.load(path)
    assert (s.server_url, s.token, s.language) == ("http://10.0.0.1:8600", "from-file", "en")
    monkeypatch.setenv("QUEUE_TOKEN", "from-env")
    assert AppSettings.load(path).token == "from-env"
    assert AppSettings.load(path, {"language": "zh-TW", "token": None}).language == "zh-TW"
    monkeypatch.setenv("QUEUE_SERVER_URL", "http://127.0.0.1:9")
    assert AppSettings.load(None).server_url == "http://127.0.0.1:9"  # no file at all


@pytest.mark.parametrize("text, message", [
    ('token = "t"', "'server_url' is not set (in the config file, or QUEUE_SERVER_URL in the environment)"),
    ('server_url = "localhost:8600"\ntoken = "t"', "'server_url' = 'localhost:8600': must look like http://HOST:8600"),
    ('server_url = "http://h:1"\ntoken = "t"\nlanguage = "fr"', "'language' = 'fr'"),
    ('server_url = "http://h:1"\ntoken = "t"\ncolour = "red"', "unknown setting 'colour'; known: grace_seconds, language, server_url, token"),
    ('server_url = "http://h:1"\ntoken = 5', "'token' = 5: input should be a valid string"),
    ('server_url = "http://h:1"\ntoken = ', "not valid TOML"),
])
def test_a_mistake_is_one_line_naming_the_file_and_the_field(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as e:
        AppSettings.load(path)
    assert str(e.value).startswith(f"{path}: ") and message in str(e.value)
    assert "\n" not in str(e.value)


def test_a_mistake_from_the_environment_names_the_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("QUEUE_SERVER_URL", "nonsense")
    with pytest.raises(ConfigError, match=r"^QUEUE_SERVER_URL \(environment\): 'server_url'"):
        AppSettings.load(write(tmp_path, 'token = "t"'))
    with pytest.raises(ConfigError, match="file not found"):
        AppSettings.load(tmp_path / "missing.toml")


def test_the_deploy_files_are_valid():
    from pathlib import Path

    from counter_client.config import CounterSettings
    from display.config import DisplaySettings
    from kiosk.config import KioskSettings

    deploy = Path(__file__).resolve().parents[1] / "deploy"
    assert KioskSettings.load(deploy / "kiosk.toml").printer == "usb:0416:5011"
    assert DisplaySettings.load(deploy / "display.toml").languages == ["zh-TW", "en"]
    assert CounterSettings.load(deploy / "counter.toml").counter == 2


# ----- the service's clock and the connection's grace ----------------------------------------

def test_the_clock_follows_the_service_not_the_pc(qapp):
    from shared.qt.clock import ServiceClock

    local = datetime(2020, 1, 1, tzinfo=timezone.utc)  # a PC without a battery clock
    clock = ServiceClock(local=lambda: local)
    clock.observe("2026-11-26T09:00:00+08:00")
    assert clock.now() == datetime(2026, 11, 26, 1, 0, tzinfo=timezone.utc)
    assert clock.minutes_between("2026-11-26T08:50:30+08:00") == 9
    assert clock.minutes_between("2026-11-26T08:50:00+08:00", "2026-11-26T08:58:00+08:00") == 8
    assert clock.minutes_between(None) == 0 and clock.seconds_since("garbage") is None
    local += timedelta(minutes=1)
    assert clock.now() == datetime(2026, 11, 26, 1, 1, tzinfo=timezone.utc)


def test_the_clock_and_the_connection_follow_a_live_client(qtbot, server):
    from shared.client import ServiceClient
    from shared.qt.clock import ServiceClock
    from shared.qt.connection import ONLINE, REFUSED, Connection

    client = ServiceClient(server.url, server.token("display"))
    clock = ServiceClock(client)
    connection = Connection(client, grace_ms=60_000)
    client.start()
    try:
        qtbot.waitUntil(lambda: connection.status == ONLINE, timeout=5000)
        # The clock takes the service's time from the first state it sees, maybe a moment
        # after the connection is up (a busy machine).
        qtbot.waitUntil(lambda: str(clock.now().tzinfo) == "Asia/Taipei", timeout=5000)
        assert abs((clock.now() - server.clock()).total_seconds()) < 5
    finally:
        client.stop()
    refused = ServiceClient(server.url, "not-a-token")
    connection = Connection(refused, grace_ms=60_000)
    refused.start()
    try:
        qtbot.waitUntil(lambda: connection.status == REFUSED, timeout=5000)
    finally:
        refused.stop()


def test_an_unreachable_service_shows_after_the_grace(qtbot):
    from shared.client import ServiceClient
    from shared.qt.connection import CONNECTING, UNREACHABLE, Connection
    from tests.servers import free_port

    client = ServiceClient(f"http://127.0.0.1:{free_port()}", "t")
    connection = Connection(client, grace_ms=200)
    client.start()
    try:
        assert connection.status == CONNECTING
        qtbot.waitUntil(lambda: connection.status == UNREACHABLE, timeout=3000)
    finally:
        client.stop()


# ----- each app as a process: its log, and a clean exit on SIGTERM -------------------------------

APPS = {  # module, token role, extra settings
    "queue-counter": ("counter_client.main", ("counter", 2), ""),
    "queue-display": ("display.main", ("display",), "sound = false\n"),
    "queue-kiosk": ("kiosk.main", ("kiosk",), 'printer = "preview:{folder}"\n'),
}


def start_app(server, tmp_path, prog):
    import os
    import queue
    import subprocess
    import sys
    import threading

    module, role, extra = APPS[prog]
    config = tmp_path / "app.toml"
    config.write_text(f'server_url = "{server.url}"\ntoken = "{server.token(*role)}"\n'
                      + extra.format(folder=tmp_path / "tickets"), encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", module, "--config", str(config)], text=True,
                               stderr=subprocess.PIPE, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stderr], daemon=True).start()
    return process, lines


def read_until(lines, words: str, seconds: float = 30) -> list[str]:
    import queue
    import time

    seen, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            seen.append(lines.get(timeout=0.1))
        except queue.Empty:
            continue
        if words in seen[-1]:
            return seen
    raise AssertionError(f"no {words!r} in {seen}")


@pytest.mark.parametrize("prog", APPS)
def test_each_app_logs_its_start_and_service_and_exits_0_soon_after_sigterm(server, tmp_path, prog):
    import signal

    process, lines = start_app(server, tmp_path, prog)
    try:
        log = read_until(lines, "connected to")
        assert log[0].startswith(f"{prog}: INFO starting (service {server.url})")
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=2) == 0
        assert "stopped (SIGTERM)" in "".join(read_until(lines, "stopped"))
    finally:
        process.kill()
        process.wait()


def test_sigint_ends_an_app_too_and_a_lost_service_is_logged(server, tmp_path):
    import signal

    process, lines = start_app(server, tmp_path, "queue-counter")
    try:
        read_until(lines, "connected to")
        server.stop()
        read_until(lines, "connection to")  # lost; reconnecting
        read_until(lines, "cannot be reached")
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=2) == 0
    finally:
        process.kill()
        process.wait()


def test_the_common_options_and_full_screen(qapp, monkeypatch, tmp_path):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWidget

    from shared.qt.shell import Shell, show_full_screen

    monkeypatch.setenv("QUEUE_SERVER_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("QUEUE_TOKEN", "t")
    shell = Shell("queue-test", "a test app", AppSettings)
    settings = shell.start(["--lang", "en", "--screenshot", str(tmp_path / "x.png")])
    assert settings.language == "en" and shell.args.screenshot.endswith("x.png")
    assert qapp.font().family() == "Noto Sans CJK TC"
    import sys

    sys.excepthook = shell._previous_hook  # run() would put it back
    window = QWidget()
    show_full_screen(window)
    try:
        assert window.geometry() == window.screen().geometry()
        assert window.windowFlags() & Qt.WindowType.FramelessWindowHint
    finally:
        window.close()
