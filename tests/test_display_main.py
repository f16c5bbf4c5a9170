"""`queue-display`: its settings, a clear error for a bad one, and --screenshot (the
unreachable service's screenshot comes after the shell's connection grace)."""

import pytest
from PySide6.QtGui import QImage

from display import main as display_main
from display.config import load_config
from shared.office import ConfigError


def write(tmp_path, text):
    path = tmp_path / "display.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def no_env(monkeypatch):
    monkeypatch.delenv("QUEUE_SERVER_URL", raising=False)
    monkeypatch.delenv("QUEUE_TOKEN", raising=False)


def test_defaults_and_the_environment_standing_in_for_a_file(monkeypatch, no_env):
    monkeypatch.setenv("QUEUE_SERVER_URL", "http://127.0.0.1:8600")
    monkeypatch.setenv("QUEUE_TOKEN", "secret")
    config = load_config(None)
    assert config["server_url"] == "http://127.0.0.1:8600" and config["token"] == "secret"
    assert (config["sound"], config["voice"], config["languages"], config["fullscreen"]) == \
        (True, "espeak", ["zh-TW"], True)


def test_the_environment_overrides_the_file(tmp_path, monkeypatch, no_env):
    path = write(tmp_path, 'server_url = "http://10.0.0.5:8600"\ntoken = "from-file"\n'
                           'languages = ["zh-TW", "en"]\nvoice = "none"\n')
    monkeypatch.setenv("QUEUE_TOKEN", "from-env")
    config = load_config(path)
    assert (config["server_url"], config["token"], config["languages"]) == \
        ("http://10.0.0.5:8600", "from-env", ["zh-TW", "en"])


@pytest.mark.parametrize("text, says", [
    ('voice = "robot"\n', "'voice' = 'robot': input should be 'espeak', 'qt', 'clips' or 'none'"),
    ('languages = "zh-TW"\n', "'languages' = 'zh-TW': input should be a valid list"),
    ('languages = []\n', "'languages' = []: list should have at least 1 item"),
    ('languages = ["nan"]\n', "needs voice = \"clips\""),
    ('voice = "clips"\n', "needs clips_dir"),
    ('sound = "yes"\n', "'sound' = 'yes': input should be a valid boolean"),
    ('min_show_seconds = -1\n', "'min_show_seconds' = -1: input should be greater than or equal to 0"),
    ('volume = 3\n', "unknown setting 'volume'"),
])
def test_a_wrong_setting_is_named(tmp_path, monkeypatch, no_env, text, says):
    path = write(tmp_path, 'server_url = "http://127.0.0.1:8600"\ntoken = "t"\n' + text)
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert says in str(error.value) and str(path) in str(error.value)


def test_main_with_a_bad_config_says_why_in_one_line_and_exits_2(tmp_path, capsys, no_env):
    assert display_main.main(["--config", str(tmp_path / "missing.toml")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("queue-display:") and "file not found" in err and "\n" not in err
    assert display_main.main([]) == 2
    assert "'server_url' is not set" in capsys.readouterr().err


def test_screenshot_after_the_first_snapshot(qtbot, server, tmp_path, monkeypatch):
    kiosk = server.client("kiosk")
    kiosk.post("/tickets", json={"service": "transcript"}).raise_for_status()
    server.client("counter", 2).post("/counters/2/next").raise_for_status()
    monkeypatch.setenv("QUEUE_SERVER_URL", server.url)
    monkeypatch.setenv("QUEUE_TOKEN", server.token("display"))
    png = tmp_path / "hall.png"
    assert display_main.main(["--screenshot", str(png)]) == 0
    image = QImage(str(png))
    assert (image.width(), image.height()) == (1920, 1080)


def test_screenshot_of_an_unreachable_service_shows_the_fault(qtbot, tmp_path, monkeypatch):
    from tests.servers import free_port

    monkeypatch.setenv("QUEUE_SERVER_URL", f"http://127.0.0.1:{free_port()}")
    monkeypatch.setenv("QUEUE_TOKEN", "t")
    png = tmp_path / "down.png"
    assert display_main.main(["--screenshot", str(png)]) == 0
    assert QImage(str(png)).width() == 1920


def test_create_window_for_the_demo_launcher(qtbot, server):
    from shared.client import ServiceClient

    window = display_main.create_window({"server_url": server.url, "token": server.token("display"),
                                         "sound": False})
    qtbot.addWidget(window)
    assert isinstance(window.client, ServiceClient) and not window.isVisible()
    # The office and the first snapshot come by separate requests, in either order.
    qtbot.waitUntil(lambda: window.client.connected and window.client.office is not None, timeout=10000)
    assert window.header.name_zh.text() == "金門縣金沙鎮戶政事務所"
    window.client.stop()
